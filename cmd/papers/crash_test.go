package main

// Hardening tests with real processes: papers ingest killed with SIGKILL at
// random moments, and a second papers ingest while one runs. The long runs
// are documented in docs/hardening.md ("Crashes and concurrency").
//
// The papers processes are this test binary itself, run as papers: with
// PAPERS_TEST_AS_MAIN=1 in its environment, the init below runs main()
// instead of the tests. That is the papers command built from this very tree,
// with no separate go build (and no Go toolchain) needed.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/index"
)

func init() {
	if os.Getenv("PAPERS_TEST_AS_MAIN") == "1" {
		main() // exits
	}
}

// papersCmd is papers ARGS..., as a separate process.
func papersCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PAPERS_TEST_AS_MAIN=1")
	return cmd
}

// papersRun runs papers ARGS... to the end and returns its output and exit code.
func papersRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := papersCmd(ctx, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("papers %v: %v", args, err)
	}
	return o.String(), e.String(), code
}

func needSIGKILL(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL")
	}
}

// sharedPapers are ../shared/corpus and ../shared/realdocs, absolute, so the
// documents' paths are the same whichever directory an ingest runs in.
func sharedPapers(t *testing.T) []string {
	t.Helper()
	needShared(t)
	var out []string
	for _, d := range []string{"corpus", "realdocs"} {
		p, err := filepath.Abs(filepath.Join(shared, d))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// indexSnapshot is what an index holds, for comparing two of them.
type indexSnapshot struct {
	docs        map[string]string            // document ID -> its JSON, without ingested_at
	items       map[string]map[string]string // document ID -> item ID -> item JSON
	itemRecords int                          // every item record, with or without its document
	copyOf      map[string]string            // a document recorded as a copy, or the original of some -> that original
}

func (s indexSnapshot) itemCount() int {
	n := 0
	for _, its := range s.items {
		n += len(its)
	}
	return n
}

// snapshotOf opens the index at dir read-only (which also proves no process
// holds it for writing) and reads everything in it.
func snapshotOf(t *testing.T, dir string) (indexSnapshot, error) {
	t.Helper()
	ix, err := index.Open(dir, index.ReadOnly)
	if err != nil {
		return indexSnapshot{}, err
	}
	defer ix.Close()
	ctx := context.Background()
	docs, err := ix.Documents(ctx)
	if err != nil {
		return indexSnapshot{}, err
	}
	s := indexSnapshot{docs: map[string]string{}, items: map[string]map[string]string{}}
	group := map[string]string{} // document -> the original of its copies
	for _, d := range docs {
		d.IngestedAt = time.Time{}
		if d.CopyOf != "" {
			// Which of two copies is the original depends on which was
			// indexed first, and the order files finish parsing in varies:
			// what must hold is which documents are copies of each other.
			group[d.ID] = d.CopyOf
			group[d.CopyOf] = d.CopyOf
			d.CopyOf = ""
		}
		b, _ := json.Marshal(d)
		s.docs[d.ID] = string(b)
		items, err := ix.ItemsOf(ctx, d.ID)
		if err != nil {
			return indexSnapshot{}, err
		}
		m := map[string]string{}
		for _, it := range items {
			b, _ := json.Marshal(it)
			m[it.ID] = string(b)
		}
		s.items[d.ID] = m
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		return indexSnapshot{}, err
	}
	s.itemRecords = st.Items
	s.copyOf = group
	return s, nil
}

// copyGroups are the sets of s's documents recorded as copies of each
// other, each as its sorted IDs, sorted.
func (s indexSnapshot) copyGroups() []string {
	members := map[string][]string{}
	for id, orig := range s.copyOf {
		if _, ok := s.docs[id]; ok {
			members[orig] = append(members[orig], id)
		}
	}
	var out []string
	for _, m := range members {
		if len(m) > 1 {
			slices.Sort(m)
			out = append(out, strings.Join(m, " "))
		}
	}
	slices.Sort(out)
	return out
}

// comparison counts how an index differs from the reference.
type comparison struct {
	lost, duplicated, changed int      // items
	problems                  []string // the first few differences, in words
}

func (c *comparison) add(format string, args ...any) {
	if len(c.problems) < 8 {
		c.problems = append(c.problems, fmt.Sprintf(format, args...))
	}
}

func (c comparison) ok() bool {
	return c.lost == 0 && c.duplicated == 0 && c.changed == 0 && len(c.problems) == 0
}

// compare says how got differs from want. With samePaths false, documents
// are compared by ID only (a document ingested first from another folder
// keeps that path).
func compare(want, got indexSnapshot, samePaths bool) comparison {
	var c comparison
	if w, g := want.copyGroups(), got.copyGroups(); !slices.Equal(w, g) {
		c.add("copies %q, want %q", g, w)
	}
	for id, wd := range want.docs {
		gd, ok := got.docs[id]
		if !ok {
			c.lost += len(want.items[id])
			c.add("document %s is missing", id)
			continue
		}
		if samePaths && gd != wd {
			c.add("document %s differs: %s, want %s", id, gd, wd)
		}
	}
	for id := range got.docs {
		if _, ok := want.docs[id]; !ok {
			c.duplicated += len(got.items[id])
			c.add("extra document %s", id)
		}
	}
	for id, wits := range want.items {
		gits, ok := got.items[id]
		if !ok {
			continue
		}
		for iid, js := range wits {
			switch g, ok := gits[iid]; {
			case !ok:
				c.lost++
				c.add("item %s is missing", iid)
			case g != js:
				c.changed++
				c.add("item %s differs", iid)
			}
		}
		for iid := range gits {
			if _, ok := wits[iid]; !ok {
				c.duplicated++
				c.add("extra item %s", iid)
			}
		}
	}
	if got.itemRecords != got.itemCount() {
		// Item records whose document is not in the index.
		n := got.itemRecords - got.itemCount()
		if n > 0 {
			c.duplicated += n
		}
		c.add("%d item records, of which %d belong to documents in the index", got.itemRecords, got.itemCount())
	}
	return c
}

// halfDocuments lists the documents of got that lack items the reference
// has: a document in the index must have all its items.
func halfDocuments(want, got indexSnapshot) []string {
	var out []string
	for id, gits := range got.items {
		if wits, ok := want.items[id]; ok && len(gits) != len(wits) {
			out = append(out, fmt.Sprintf("%s (%d of %d items)", id, len(gits), len(wits)))
		}
	}
	return out
}

// reference is a clean ingest of ../shared/corpus and ../shared/realdocs,
// made once per test binary: what every interrupted ingest must end up as.
var reference struct {
	once sync.Once
	snap indexSnapshot
	took time.Duration // how long the clean ingest took
	err  error
}

func referenceIndex(t *testing.T) (indexSnapshot, time.Duration) {
	t.Helper()
	paths := sharedPapers(t)
	reference.once.Do(func() {
		dir, err := os.MkdirTemp("", "papers-reference-")
		if err != nil {
			reference.err = err
			return
		}
		defer os.RemoveAll(dir)
		ix := filepath.Join(dir, "ix")
		// The scanned return is read by OCR where Tesseract is installed:
		// read it once first, so that the time taken is what every later
		// ingest takes, reading it from the OCR cache (see TestMain).
		papersRun(t, append([]string{"--index", filepath.Join(dir, "warm"), "ingest", "--quiet"}, paths...)...)
		start := time.Now()
		_, stderr, code := papersRun(t, append([]string{"--index", ix, "ingest", "--quiet"}, paths...)...)
		reference.took = time.Since(start)
		if code != 0 {
			reference.err = fmt.Errorf("clean ingest: exit %d\n%s", code, stderr)
			return
		}
		reference.snap, reference.err = snapshotOf(t, ix)
		if reference.err == nil && reference.snap.itemRecords != reference.snap.itemCount() {
			reference.err = fmt.Errorf("clean ingest: %d item records, %d in documents", reference.snap.itemRecords, reference.snap.itemCount())
		}
	})
	if reference.err != nil {
		t.Fatalf("reference index: %v", reference.err)
	}
	return reference.snap, reference.took
}

// killPoint is when a kill comes: jitter after the run has reported
// afterFiles files done (0: after its start). Counting files rather than
// seconds spreads the kills over the whole run however loaded the machine.
type killPoint struct {
	afterFiles int
	jitter     time.Duration
}

func (k killPoint) String() string {
	if k.afterFiles == 0 {
		return fmt.Sprintf("%v after the start", k.jitter.Round(time.Millisecond))
	}
	return fmt.Sprintf("%v after file %d", k.jitter.Round(time.Millisecond), k.afterFiles)
}

// killTrial is what one kill -9 trial saw.
type killTrial struct {
	kills       []killPoint // the first run's, then the re-runs'
	finished    int         // runs that had ended by themselves before their kill
	docsAtKill  []int       // documents in the index right after each kill (-1: no index yet)
	itemsAtKill []int
	staleOwner  bool // owner.json left by a killed run
	rerun       ingestSummary
	cmp         comparison
}

// killDuring starts papers ARGS... (an ingest that prints a line per file on
// its stderr), kills it with SIGKILL at the point at and waits for it. It
// reports whether the run had already ended by itself.
func killDuring(t *testing.T, at killPoint, args ...string) (finished bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := papersCmd(ctx, args...)
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	files := make(chan struct{}, 1<<10)
	go func() {
		defer close(files)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "[") { // "[3/17] added     path"
				files <- struct{}{}
			}
		}
	}()
	ended := false
	for range at.afterFiles {
		if _, ok := <-files; !ok {
			ended = true
			break
		}
	}
	if !ended {
		time.Sleep(at.jitter)
		_ = cmd.Process.Signal(syscall.SIGKILL)
	}
	for range files { // to the end of stderr, before Wait
	}
	err = cmd.Wait()
	if err == nil {
		return true // it ended before the signal
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("papers %v: %v, want killed by SIGKILL", args, err)
	}
	return false
}

// TestKill9DuringIngest kills papers ingest with SIGKILL at random points
// (every third trial kills the re-run too): the index must open right after
// each kill, hold no document without all its items, and a re-run to the end
// must give exactly the clean ingest, no item lost and none duplicated.
//
// PAPERS_CRASH_TRIALS sets the number of trials (default 10, 3 with -short);
// PAPERS_CRASH_SEED replays a run's kill points.
func TestKill9DuringIngest(t *testing.T) {
	needSIGKILL(t)
	paths := sharedPapers(t)
	want, took := referenceIndex(t)
	trials := 10
	if testing.Short() {
		trials = 3
	}
	if n, err := strconv.Atoi(os.Getenv("PAPERS_CRASH_TRIALS")); err == nil && n > 0 {
		trials = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("PAPERS_CRASH_SEED"), 10, 64); err == nil {
		seed = s
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	files := len(want.docs) // one document per file here
	// The jitter after a file spans about two files' time of a clean run.
	jitter := 2 * took / time.Duration(files)
	t.Logf("%d trials, seed %d (PAPERS_CRASH_SEED); a clean ingest of %d files took %v: kills come after file 0..%d, plus 0..%v",
		trials, seed, files, took.Round(time.Millisecond), files-2, jitter.Round(time.Millisecond))
	ingestArgs := func(dir string, extra ...string) []string {
		return append(append([]string{"--index", dir, "ingest"}, extra...), paths...)
	}

	// The kill points are drawn here, in order, so a seed replays a run.
	plans := make([][]killPoint, trials)
	for i := range plans {
		kills := 1
		if i%3 == 2 {
			kills = 2 // kill the first re-run as well
		}
		for range kills {
			// After file 0 (the start) to the last but one: the last file's
			// jitter would mostly fall after the end.
			plans[i] = append(plans[i], killPoint{rng.IntN(files - 1), time.Duration(rng.Int64N(int64(jitter)))})
		}
	}
	// Trials run side by side, -test.parallel at a time (GOMAXPROCS): an
	// ingest leaves much of a second CPU idle, and each trial has its own index.
	results := make([]killTrial, trials)
	t.Run("trials", func(t *testing.T) {
		for i, plan := range plans {
			t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
				t.Parallel()
				results[i] = killTrialRun(t, want, plan, ingestArgs)
			})
		}
	})
	if t.Failed() {
		return
	}

	// The report: one line per trial, then the totals.
	var kills, early, lost, dup, stale int
	for i, tr := range results {
		kills += len(tr.kills)
		early += tr.finished
		lost += tr.cmp.lost
		dup += tr.cmp.duplicated
		if tr.staleOwner {
			stale++
		}
		var at []string
		for k, p := range tr.kills {
			what := "no index yet"
			if tr.docsAtKill[k] >= 0 {
				what = fmt.Sprintf("%d docs, %d items", tr.docsAtKill[k], tr.itemsAtKill[k])
			}
			at = append(at, fmt.Sprintf("kill %v: %s", p, what))
		}
		t.Logf("trial %2d: %s; re-run: %d added, %d unchanged; %d items lost, %d duplicated",
			i, strings.Join(at, "; "), tr.rerun.Added, tr.rerun.Unchanged, tr.cmp.lost, tr.cmp.duplicated)
	}
	t.Logf("%d trials, %d kills (%d came after the run had ended), %d re-runs to the end; owner.json left %d times; "+
		"%d items lost, %d duplicated; the reference has %d documents, %d items",
		len(results), kills, early, len(results), stale, lost, dup, len(want.docs), want.itemCount())
}

// killTrialRun is one trial of TestKill9DuringIngest: a kill at each point
// of plan (the first run, then re-runs), checks after each kill, a re-run to
// the end and the comparison with the reference.
func killTrialRun(t *testing.T, want indexSnapshot, plan []killPoint, ingestArgs func(string, ...string) []string) killTrial {
	dir := filepath.Join(t.TempDir(), "ix")
	var tr killTrial
	for _, at := range plan {
		tr.kills = append(tr.kills, at)
		if killDuring(t, at, ingestArgs(dir)...) {
			tr.finished++
		}
		// Right after the kill: the index opens (no lock is left, as the
		// kernel drops a dead process's flock), or none was made yet.
		got, err := snapshotOf(t, dir)
		switch {
		case errors.Is(err, index.ErrNoIndex):
			tr.docsAtKill = append(tr.docsAtKill, -1)
			tr.itemsAtKill = append(tr.itemsAtKill, -1)
			continue
		case err != nil:
			t.Fatalf("killed %v, the index does not open: %v", at, err)
		}
		tr.docsAtKill = append(tr.docsAtKill, len(got.docs))
		tr.itemsAtKill = append(tr.itemsAtKill, got.itemRecords)
		if half := halfDocuments(want, got); len(half) > 0 {
			t.Errorf("killed %v, documents are in the index without all their items: %v", at, half)
		}
		if _, err := os.Stat(filepath.Join(dir, "owner.json")); err == nil {
			tr.staleOwner = true
		}
	}

	out, stderr, code := papersRun(t, ingestArgs(dir, "--quiet", "--json")...)
	if code != 0 {
		t.Fatalf("the re-run failed, exit %d:\n%s", code, stderr)
	}
	if err := json.Unmarshal([]byte(out), &tr.rerun); err != nil {
		t.Fatalf("re-run summary %q: %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "owner.json")); err == nil {
		t.Errorf("owner.json is still there after the re-run ended")
	}
	got, err := snapshotOf(t, dir)
	if err != nil {
		t.Fatalf("after the re-run: %v", err)
	}
	tr.cmp = compare(want, got, true)
	if !tr.cmp.ok() {
		t.Errorf("kills %v, then a re-run: not a clean ingest: %d items lost, %d duplicated, %d changed: %v",
			tr.kills, tr.cmp.lost, tr.cmp.duplicated, tr.cmp.changed, tr.cmp.problems)
	}
	return tr
}

// A second papers ingest, while another papers ingest process writes the
// index, fails within about two seconds with exit status 11 and a message
// naming the process that holds the index; the first one goes on to the end
// and its index is a clean ingest.
func TestSecondIngestProcessFailsFastWhileAnotherWrites(t *testing.T) {
	paths := sharedPapers(t)
	want, took := referenceIndex(t)

	// The first writer also reads copies of the papers, each with a comment
	// appended so that it is a document of its own and is parsed (a file
	// already in the index is not); enough copies that it runs at least 3 s
	// longer than the second waits (2 s).
	n := int(3*time.Second/took) + 1
	copies := t.TempDir()
	for c := range n {
		for _, p := range paths {
			entries, err := os.ReadDir(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if ext := filepath.Ext(e.Name()); ext == ".pdf" || ext == ".html" {
					b, err := os.ReadFile(filepath.Join(p, e.Name()))
					if err != nil {
						t.Fatal(err)
					}
					mark := fmt.Sprintf("\n%%copy %d\n", c) // after %%EOF, ignored
					if ext == ".html" {
						mark = fmt.Sprintf("\n<!-- copy %d -->\n", c)
					}
					os.WriteFile(filepath.Join(copies, fmt.Sprintf("%d-%s-%s", c, filepath.Base(p), e.Name())), append(b, mark...), 0o644)
				}
			}
		}
	}
	page := filepath.Join(t.TempDir(), "p.html")
	os.WriteFile(page, []byte("<html><body><h1>Minutes</h1><p>The Panel met.</p></body></html>"), 0o644)

	for attempt := 1; ; attempt++ {
		dir := filepath.Join(t.TempDir(), "ix")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		first := papersCmd(ctx, append(append([]string{"--index", dir, "ingest", "--quiet"}, paths...), copies)...)
		var firstErr bytes.Buffer
		first.Stderr = &firstErr
		if err := first.Start(); err != nil {
			t.Fatal(err)
		}
		firstDone := make(chan error, 1)
		go func() { firstDone <- first.Wait() }()

		// Wait until the first holds the index: its owner file names it.
		deadline := time.Now().Add(time.Minute)
		for {
			if o := readOwnerPID(dir); o == first.Process.Pid {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the first ingest never took the index")
			}
			time.Sleep(5 * time.Millisecond)
		}

		start := time.Now()
		_, stderr, code := papersRun(t, "--index", dir, "ingest", "--quiet", page)
		tookSecond := time.Since(start)
		var firstEnded bool
		select {
		case err := <-firstDone:
			firstEnded = true
			firstDone <- err
		default:
		}
		if code == 0 && firstEnded && attempt < 3 {
			// The first ended while the second waited for the lock, so the
			// second rightly went in: no contest. Try again.
			t.Logf("attempt %d: the first ingest ended before the second gave up; again", attempt)
			<-firstDone
			continue
		}
		if code != exitLocked {
			t.Fatalf("second ingest: exit %d after %v, want %d:\n%s", code, tookSecond, exitLocked, stderr)
		}
		// About 2 s (the lock timeout); 10 s leaves room for a loaded machine,
		// as the other fail-fast checks do. Waiting for the first to end would
		// also show as exit 0 rather than 11.
		if tookSecond > 10*time.Second {
			t.Errorf("second ingest took %v to give up; want about 2s", tookSecond)
		}
		if holder := fmt.Sprintf("pid %d", first.Process.Pid); !strings.Contains(stderr, holder) || !strings.Contains(stderr, "ingest") {
			t.Errorf("second ingest's message does not name the holder (%s, ingest):\n%s", holder, stderr)
		}
		t.Logf("second ingest: exit %d after %v: %s", code, tookSecond.Round(time.Millisecond), strings.TrimSpace(stderr))

		if err := <-firstDone; err != nil {
			t.Fatalf("the first ingest: %v\n%s", err, firstErr.String())
		}
		got, err := snapshotOf(t, dir)
		if err != nil {
			t.Fatal(err)
		}
		copiesIn := 0
		for id := range got.docs {
			if _, ok := want.docs[id]; !ok {
				got.itemRecords -= len(got.items[id])
				delete(got.docs, id)
				delete(got.items, id)
				copiesIn++
			}
		}
		if c := compare(want, got, true); !c.ok() {
			t.Errorf("after both: not a clean ingest: %d lost, %d duplicated, %d changed: %v", c.lost, c.duplicated, c.changed, c.problems)
		}
		if copiesIn == 0 {
			t.Errorf("after both: none of the %d copies is in the index", n)
		}
		return
	}
}

func readOwnerPID(dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "owner.json"))
	if err != nil {
		return 0
	}
	var o index.Owner
	if json.Unmarshal(b, &o) != nil {
		return 0
	}
	return o.PID
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p/100*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func sortDurations(d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
}

// samplePapers writes the bundled sample papers into a temporary folder.
func samplePapers(t *testing.T) []string {
	t.Helper()
	ps, err := corpus.WriteSamples(filepath.Join(t.TempDir(), "samples"))
	if err != nil {
		t.Fatal(err)
	}
	return ps
}
