package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestCollectWalksFoldersAndSurvivesLinkLoops(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "2019", "feb"), 0o755))
	for _, name := range []string{"a.pdf", "2019/b.HTML", "2019/feb/c.htm", "2019/notes.txt", "2019/feb/d.docx"} {
		must(os.WriteFile(filepath.Join(root, name), []byte("x"), 0o644))
	}
	must(os.Symlink(root, filepath.Join(root, "2019", "loop")))
	explicit := filepath.Join(root, "2019", "notes.txt")

	files, problems := Collect([]string{root, explicit, filepath.Join(root, "missing")})
	want := []string{
		filepath.Join(root, "2019", "b.HTML"),
		filepath.Join(root, "2019", "feb", "c.htm"),
		filepath.Join(root, "a.pdf"),
		explicit, // named directly: content decides whether it can be read
	}
	if len(files) != len(want) {
		t.Fatalf("files = %q; want %q", files, want)
	}
	for i := range want {
		if files[i] != want[i] {
			t.Errorf("files[%d] = %s; want %s", i, files[i], want[i])
		}
	}
	if len(problems) != 1 {
		t.Errorf("problems = %v; want one for the missing path", problems)
	}
}
