package index

// Crash tests: a child process (this test binary, re-run with PAPERS_CRASH_CHILD
// set) writes an index and is killed with SIGKILL at a chosen or random point;
// the parent then checks that the index opens, that every document record in it
// has all its items, and that doing the same write again gives exactly what a
// write that was never interrupted gives.
//
// Why a child process and SIGKILL rather than an error injected in-process: a
// kill also tests that what Batch returned for is on disk, and that nothing a
// clean Close would have done (removing owner.json, releasing the lock,
// finishing a persist) is needed.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"panelpapers/corpus"
)

// crashBatch is the batch size the child uses, so a document of a few dozen
// items spans several batches.
const crashBatch = 7

// bigDoc is a document of n items at path, with IDs derived from id the way
// ingest derives them.
func bigDoc(id, path string, n int) corpus.Parsed {
	d := corpus.Document{ID: id, Path: path, Format: corpus.FormatPDF, Title: "Big pack " + id,
		Body: tvpcp, MeetingDate: "2019-03-01", Pages: n, IngestedAt: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}
	p := corpus.Parsed{Document: d}
	for i := range n {
		p.Items = append(p.Items, corpus.Item{
			ID: fmt.Sprintf("%s-%04d", id, i+1), DocID: id, Kind: corpus.KindSection, Page: i + 1,
			Title: fmt.Sprintf("Section %d of %s", i+1, id),
			Text:  fmt.Sprintf("Paragraph %d about county lines, precepts and the %s version.", i+1, id),
		})
	}
	return p
}

// crashScenario is one Put that the child is killed in the middle of.
type crashScenario struct {
	name   string
	before []corpus.Parsed // in the index before the Put
	put    corpus.Parsed
	want   Outcome
}

func crashScenarios() map[string]crashScenario {
	v1 := bigDoc("big1", "corpus/big.pdf", 30)
	v2 := bigDoc("big2", "corpus/big.pdf", 25) // the same file, changed
	return map[string]crashScenario{
		"add":    {name: "add", before: fixtures(), put: v1, want: Added},
		"update": {name: "update", before: append(fixtures(), v1), put: v2, want: Updated},
	}
}

// batchesOf is how many batches Put writes for p with crashBatch: one per
// crashBatch items, and the final one (the last items, deletes, the record).
func batchesOf(p corpus.Parsed) int { return len(p.Items)/crashBatch + 1 }

// TestCrashChild is the child process; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	mode := os.Getenv("PAPERS_CRASH_CHILD")
	if mode == "" {
		t.Skip("the child process of the crash tests")
	}
	dir := os.Getenv("PAPERS_CRASH_DIR")
	kill := func() { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	switch mode {
	case "put":
		sc := crashScenarios()[os.Getenv("PAPERS_CRASH_SCENARIO")]
		after, _ := strconv.Atoi(os.Getenv("PAPERS_CRASH_AFTER"))
		batchMaxDocs = crashBatch
		n := 0
		afterBatch = func() {
			if n++; n == after {
				kill()
			}
		}
		ix, err := Open(dir, ReadWrite)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Put(ctx, sc.put); err != nil {
			t.Fatal(err)
		}
		ix.Close()
	case "create":
		// Create the index and write into it; the parent kills at a random moment.
		ix, err := Open(dir, ReadWrite)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range fixtures() {
			if _, err := ix.Put(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		ix.Close()
	}
}

// child starts this test binary as the crash child.
func child(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

func killedBySIGKILL(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// build makes an index in dir holding ps, closed.
func build(t *testing.T, dir string, ps ...corpus.Parsed) {
	t.Helper()
	ix, err := Open(dir, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, p := range ps {
		if _, err := ix.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot is everything an index holds: document IDs (with their items, as
// JSON) and the count of item records, which also counts items whose document
// record is missing.
type snapshot struct {
	docs  map[string]map[string]string // doc ID -> item ID -> item JSON
	items int
}

func takeSnapshot(t *testing.T, ix *Index) snapshot {
	t.Helper()
	docs, err := ix.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{docs: map[string]map[string]string{}}
	for _, d := range docs {
		items, err := ix.ItemsOf(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, it := range items {
			b, _ := json.Marshal(it)
			m[it.ID] = string(b)
		}
		s.docs[d.ID] = m
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.items = st.Items
	return s
}

// diff describes how got differs from want, or is "".
func (want snapshot) diff(got snapshot) string {
	var out []string
	for id, items := range want.docs {
		g, ok := got.docs[id]
		if !ok {
			out = append(out, "missing document "+id)
			continue
		}
		for iid, js := range items {
			switch gj, ok := g[iid]; {
			case !ok:
				out = append(out, "missing item "+iid)
			case gj != js:
				out = append(out, "different item "+iid)
			}
		}
		for iid := range g {
			if _, ok := items[iid]; !ok {
				out = append(out, "extra item "+iid)
			}
		}
	}
	for id := range got.docs {
		if _, ok := want.docs[id]; !ok {
			out = append(out, "extra document "+id)
		}
	}
	if got.items != want.items {
		out = append(out, fmt.Sprintf("%d item records, want %d", got.items, want.items))
	}
	if len(out) > 5 {
		out = append(out[:5], fmt.Sprintf("and %d more", len(out)-5))
	}
	if len(out) == 0 {
		return ""
	}
	return fmt.Sprint(out)
}

// Kill a Put after each of its batches but the last. The index must open, hold
// no document record without all its items (the old version of an update stays
// whole), and a second Put of the same document must give exactly the index a
// Put that was never interrupted gives.
func TestPutKilledBetweenBatches(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	for _, name := range []string{"add", "update"} {
		sc := crashScenarios()[name]
		t.Run(name, func(t *testing.T) {
			refDir := t.TempDir()
			build(t, refDir, append(sc.before, sc.put)...)
			ref, err := Open(refDir, ReadOnly)
			if err != nil {
				t.Fatal(err)
			}
			want := takeSnapshot(t, ref)
			ref.Close()

			// The whole documents before the Put, each with all its items.
			whole := map[string]int{}
			for _, p := range append(sc.before, sc.put) {
				whole[p.Document.ID] = len(p.Items)
			}

			for after := 1; after < batchesOf(sc.put); after++ {
				dir := t.TempDir()
				build(t, dir, sc.before...)
				cmd := child(t, "PAPERS_CRASH_CHILD=put", "PAPERS_CRASH_DIR="+dir,
					"PAPERS_CRASH_SCENARIO="+name, "PAPERS_CRASH_AFTER="+strconv.Itoa(after))
				out, err := cmd.CombinedOutput()
				if !killedBySIGKILL(err) {
					t.Fatalf("kill after batch %d: child ended with %v, not SIGKILL:\n%s", after, err, out)
				}

				ix, err := Open(dir, ReadOnly)
				if err != nil {
					t.Fatalf("kill after batch %d: the index does not open: %v", after, err)
				}
				got := takeSnapshot(t, ix)
				ix.Close()
				for id, items := range got.docs {
					if len(items) != whole[id] {
						t.Errorf("kill after batch %d: document %s is in the index with %d of its %d items",
							after, id, len(items), whole[id])
					}
				}
				if _, ok := got.docs[sc.put.Document.ID]; ok {
					t.Errorf("kill after batch %d of %d: the new document record is in already", after, batchesOf(sc.put))
				}
				for _, p := range sc.before {
					if _, ok := got.docs[p.Document.ID]; !ok {
						t.Errorf("kill after batch %d: document %s, there before the Put, is gone", after, p.Document.ID)
					}
				}

				ix, err = Open(dir, ReadWrite)
				if err != nil {
					t.Fatalf("kill after batch %d: reopen for writing: %v", after, err)
				}
				outcome, err := ix.Put(ctx, sc.put)
				if err != nil || outcome != sc.want {
					t.Errorf("kill after batch %d: re-run Put: %q, %v; want %q", after, outcome, err, sc.want)
				}
				got = takeSnapshot(t, ix)
				ix.Close()
				if d := want.diff(got); d != "" {
					t.Errorf("kill after batch %d, then a re-run: not what an uninterrupted Put gives: %s", after, d)
				}
			}
		})
	}
}

// Kill a process at random moments while it creates an index and writes its
// first documents. Whatever the moment, the folder afterwards holds no index
// or one that opens, and the same writes then complete it.
//
// Bleve writes index_meta.json first, then the store, then the mapping, and
// Open then added the version key: a kill in between used to leave a folder that
// every later Open refused ("mapping version none"), for good.
func TestCreateKilledAtRandomMoments(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
	trials := 12
	if testing.Short() {
		trials = 5
	}
	if n, err := strconv.Atoi(os.Getenv("PAPERS_CREATE_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	refDir := t.TempDir()
	build(t, refDir, fixtures()...)
	ref, err := Open(refDir, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	want := takeSnapshot(t, ref)
	ref.Close()

	// How long a child takes from start to finish, to spread the kills over.
	start := time.Now()
	calib := child(t, "PAPERS_CRASH_CHILD=create", "PAPERS_CRASH_DIR="+filepath.Join(t.TempDir(), "ix"))
	if out, err := calib.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	span := time.Since(start)

	noIndex, killed := 0, 0
	for i := range trials {
		dir := filepath.Join(t.TempDir(), "ix")
		delay := time.Duration(rand.Int64N(int64(span)))
		cmd := child(t, "PAPERS_CRASH_CHILD=create", "PAPERS_CRASH_DIR="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); killedBySIGKILL(err) {
			killed++
		}

		ix, err := Open(dir, ReadOnly)
		switch {
		case errors.Is(err, ErrNoIndex):
			noIndex++
		case err != nil:
			t.Errorf("trial %d, killed after %v: the index does not open: %v", i, delay, err)
			continue
		default:
			ix.Close()
		}
		build(t, dir, fixtures()...)
		ix, err = Open(dir, ReadOnly)
		if err != nil {
			t.Fatal(err)
		}
		if d := want.diff(takeSnapshot(t, ix)); d != "" {
			t.Errorf("trial %d, killed after %v, then a re-run: %s", i, delay, d)
		}
		ix.Close()
	}
	t.Logf("%d trials over %v: %d killed before the end, %d of them before an index existed", trials, span.Round(time.Millisecond), killed, noIndex)
}

// A new index appears whole at its path, through a symlink too, and leaves
// no temporary directory behind.
func TestCreateRenamesAWholeIndexIntoPlace(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "target")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	ix, err := Open(link, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v, %v", fi.Mode(), err)
	}
	if ok, _ := Exists(target); !ok {
		t.Error("the index is not in the folder the symlink points to")
	}
	if left, _ := filepath.Glob(filepath.Join(root, "*"+creatingInfix+"*")); len(left) > 0 {
		t.Errorf("temporary directories left: %v", left)
	}
	// A temporary directory a killed creator left is no obstacle.
	if err := os.Mkdir(filepath.Join(root, ".fresh"+creatingInfix+"123"), 0o700); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(filepath.Join(root, "fresh"), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}
