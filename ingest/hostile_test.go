//go:build unix

package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFileRefusesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.pdf")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := File(context.Background(), fifo, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("named pipe: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("File blocked on a named pipe")
	}
	if _, err := File(context.Background(), "/dev/null", Options{}); !errors.Is(err, ErrNotRegular) {
		t.Errorf("/dev/null: %v", err)
	}
	if _, err := File(context.Background(), dir, Options{}); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a directory: %v", err)
	}
	big := filepath.Join(dir, "big.pdf")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(MaxFileSize + 1) // sparse
	f.Close()
	if _, err := File(context.Background(), big, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a file over the limit: %v", err)
	}
	_, err = File(context.Background(), filepath.Join(dir, "missing.pdf"), Options{})
	if !errors.Is(err, os.ErrNotExist) || strings.Count(err.Error(), "missing.pdf") != 1 {
		t.Errorf("missing file: %v (want the path once)", err)
	}
}

func TestErrorsAreOnePrintableLine(t *testing.T) {
	path := "/papers/odd\nname\x1b[31m.pdf"
	err := &fileError{path, errors.New("unexpected keyword \"\x00\xff\" at\r\nline two\x1b[2J" + strings.Repeat("x", 1000))}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r\x1b\x00") {
		t.Errorf("not one printable line: %q", msg)
	}
	if len([]rune(msg)) > maxErrorDetail+len(path)+40 {
		t.Errorf("%d characters", len([]rune(msg)))
	}
	if !strings.HasPrefix(msg, `ingest "/papers/odd\nname\x1b[31m.pdf": unexpected keyword`) {
		t.Errorf("message %q", msg)
	}
}

func TestCollectReportsBrokenLinksAndPipesAndFollowsFileLinks(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(root, "real.pdf"), []byte("x"), 0o644))
	must(os.Symlink("real.pdf", filepath.Join(root, "link.pdf")))
	must(os.Symlink("nowhere.pdf", filepath.Join(root, "dangling.pdf")))
	must(os.Symlink("loop-b.pdf", filepath.Join(root, "loop-a.pdf")))
	must(os.Symlink("loop-a.pdf", filepath.Join(root, "loop-b.pdf")))
	must(os.Symlink(".", filepath.Join(root, "self")))
	must(os.Symlink("notes.txt", filepath.Join(root, "notes-link.txt"))) // not a paper name: ignored
	pipe := syscall.Mkfifo(filepath.Join(root, "pipe.html"), 0o644) == nil

	files, problems := Collect([]string{root})
	want := []string{filepath.Join(root, "link.pdf"), filepath.Join(root, "real.pdf")}
	if strings.Join(files, "|") != strings.Join(want, "|") {
		t.Errorf("files = %q; want %q", files, want)
	}
	var msgs []string
	for _, p := range problems {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, s := range []string{"dangling.pdf: stat: no such file", "loop-a.pdf: stat: too many levels", "loop-b.pdf: stat: too many levels"} {
		if !strings.Contains(all, s) {
			t.Errorf("no problem says %q:\n%s", s, all)
		}
	}
	if pipe && !strings.Contains(all, "pipe.html: not a regular file (a named pipe)") {
		t.Errorf("the named pipe is not reported:\n%s", all)
	}
}
