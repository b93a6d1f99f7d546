//go:build unix

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/ingest"
	"panelpapers/ingest/mutate"
	"panelpapers/search"
)

// TestMutatedBatch ingests one batch of hostile and broken files together
// with the healthy papers they were made from, and checks that nothing
// escapes: no panic, no hang (the per-document time limit holds), memory
// stays bounded, every failure is one line on stderr naming the file and
// the problem, and every healthy paper is indexed and searchable.
//
// The short version runs in CI. The long version is
//
//	PAPERS_MUTATIONS=1000 go test ./cmd/papers -run TestMutatedBatch -v -timeout 60m
//
// (docs/hardening.md has its measured results). PAPERS_MUTATION_SEED
// changes the variants; PAPERS_MUTATION_TIMEOUT the per-document limit.
func TestMutatedBatch(t *testing.T) {
	needShared(t)
	n := envInt(t, "PAPERS_MUTATIONS", 120)
	seed := uint64(envInt(t, "PAPERS_MUTATION_SEED", 20260101))
	timeout := time.Duration(0) // set below
	if v := os.Getenv("PAPERS_MUTATION_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("PAPERS_MUTATION_TIMEOUT: %v", err)
		}
		timeout = d
	}
	nest := 5 << 20 // bytes of nested <div>; 50 MB in the long run
	if n >= 1000 {
		nest = 50 << 20
	}
	long := n >= 1000

	batch := t.TempDir()
	outside := t.TempDir() // for files named directly on the command line
	b := &batchFiles{want: map[string]expectation{}}

	// The healthy originals.
	var srcs []mutate.Source
	var healthy []string
	var firstPDF, firstHTML []byte
	for _, dir := range []string{"realdocs", "corpus"} {
		for _, ext := range []string{"*.pdf", "*.html"} {
			paths, _ := filepath.Glob(filepath.Join(shared, dir, ext))
			sort.Strings(paths)
			for _, p := range paths {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				dst := b.write(t, filepath.Join(batch, "healthy", filepath.Base(p)), data, "indexed", "")
				healthy = append(healthy, dst)
				if strings.HasSuffix(p, ".pdf") {
					srcs = append(srcs, mutate.Source{Name: filepath.Base(p), Data: data})
					if firstPDF == nil && !strings.Contains(p, "SCANNED") {
						firstPDF = data
					}
				} else if firstHTML == nil || len(data) > len(firstHTML) {
					firstHTML = data
				}
			}
		}
	}
	if len(srcs) == 0 {
		t.Fatal("no shared PDFs")
	}
	if timeout == 0 {
		// 5 s, or ten times the slowest healthy paper parsed alone if
		// that is more: the limit must cut off hostile files, not healthy
		// ones on a busy machine (CI runners, parallel test binaries).
		timeout = 5 * time.Second
		var slowest time.Duration
		for _, p := range healthy {
			start := time.Now()
			ingest.File(context.Background(), p, ingest.Options{})
			slowest = max(slowest, time.Since(start))
		}
		timeout = max(timeout, (10 * slowest).Round(time.Second))
		t.Logf("per-document limit %v (slowest healthy paper alone: %v)", timeout, slowest.Round(time.Millisecond))
	}

	// The mutated PDFs.
	genStart := time.Now()
	kinds := map[string]int{}
	variantKind := map[string]string{}
	err := mutate.Generate(seed, srcs, n, func(v mutate.Variant) error {
		p := b.write(t, filepath.Join(batch, "variants", v.Name), v.Data, "any", "")
		kinds[v.Kind]++
		variantKind[p] = v.Kind
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Real AES-256 encryption, when qpdf is installed.
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		for i, s := range srcs[:min(len(srcs), 3)] {
			in := filepath.Join(outside, fmt.Sprintf("plain-%d.pdf", i))
			os.WriteFile(in, s.Data, 0o644)
			stem := strings.TrimSuffix(s.Name, ".pdf")
			for _, pw := range []struct{ name, user string }{{"aes256-qpdf", "secret"}, {"aes256-qpdf-nopassword", ""}} {
				out := filepath.Join(batch, "variants", stem+"."+pw.name+".pdf")
				cmd := exec.Command(qpdf, "--encrypt", pw.user, "owner", "256", "--", in, out)
				if msg, err := cmd.CombinedOutput(); err != nil && (cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 3) { // 3: warnings
					t.Logf("qpdf: %v %s", err, msg)
					continue
				}
				b.want[out] = expectation{want: "failed", substr: "encrypted"}
				kinds[pw.name]++
				variantKind[out] = pw.name
			}
		}
	} else {
		t.Logf("qpdf not installed: the AES-256 variants are syntactic only")
	}

	// Hostile HTML, liars, and the file system's own hostility.
	for _, h := range mutate.HTML(seed, nest) {
		b.write(t, filepath.Join(batch, "html", h.Name), h.Data, h.Want, "")
	}
	for _, h := range mutate.Impostors(firstPDF, firstHTML) {
		b.write(t, filepath.Join(batch, "impostors", h.Name), h.Data, h.Want, "")
	}
	special := filepath.Join(batch, "special")
	b.write(t, filepath.Join(special, "empty.pdf"), nil, "failed", "empty file")
	b.write(t, filepath.Join(special, "empty.html"), nil, "failed", "empty file")
	mustOK(t, syscall.Mkfifo(filepath.Join(special, "fifo.pdf"), 0o644))
	b.want[filepath.Join(special, "fifo.pdf")] = expectation{want: "failed", substr: "not a regular file"}
	fifoArg := filepath.Join(outside, "named-fifo.pdf")
	mustOK(t, syscall.Mkfifo(fifoArg, 0o644))
	b.want[fifoArg] = expectation{want: "failed", substr: "not a regular file"}
	b.link(t, filepath.Join(special, "dangling.pdf"), filepath.Join(special, "no-such-file.pdf"), "failed", "no such file")
	b.link(t, filepath.Join(special, "loop-a.pdf"), "loop-b.pdf", "failed", "too many levels of symbolic links")
	b.link(t, filepath.Join(special, "loop-b.pdf"), "loop-a.pdf", "failed", "too many levels of symbolic links")
	mustOK(t, os.Symlink("..", filepath.Join(special, "up")))             // a directory link to its parent
	mustOK(t, os.Symlink("self-dir", filepath.Join(special, "self-dir"))) // a link to itself
	b.link(t, filepath.Join(special, "healthy-link.pdf"), filepath.Join(batch, "healthy", filepath.Base(healthy[len(healthy)-1])), "indexed", "")
	b.link(t, filepath.Join(special, "dev-zero.pdf"), "/dev/zero", "failed", "not a regular file")
	mustOK(t, os.MkdirAll(filepath.Join(special, "folder.pdf"), 0o755))
	// A 3 GiB sparse file: reading it whole would blow the memory bound.
	big := filepath.Join(special, "sparse-3GiB.pdf")
	if f, err := os.Create(big); err == nil {
		f.WriteString("%PDF-1.7\n")
		f.Truncate(3 << 30)
		f.Close()
		b.want[big] = expectation{want: "failed", substr: "too large"}
	}
	// An unreadable file. chmod 000 stops everyone but root; for root,
	// /proc/self/mem opens but cannot be read at offset 0.
	if os.Geteuid() != 0 {
		p := b.write(t, filepath.Join(special, "unreadable.pdf"), firstPDF, "failed", "permission denied")
		mustOK(t, os.Chmod(p, 0))
		t.Cleanup(func() { os.Chmod(p, 0o644) })
	} else if _, err := os.Stat("/proc/self/mem"); err == nil {
		b.link(t, filepath.Join(special, "unreadable-mem.pdf"), "/proc/self/mem", "failed", "input/output error")
	}
	t.Logf("wrote %d files (%d variants) in %v", len(b.want), n, time.Since(genStart).Round(time.Millisecond))

	// One batch, in-process, with memory sampled and a watchdog for hangs.
	dir := filepath.Join(t.TempDir(), "ix")
	runtime.GC()
	resetPeakRSS()
	goroutinesBefore := runtime.NumGoroutine()
	var peakHeap, peakAnon atomic.Uint64
	stopSampling := make(chan struct{})
	var sampling sync.WaitGroup
	heapProfile := os.Getenv("PAPERS_MUTATION_HEAPPROFILE") // written at each new peak, for a memory hunt
	sampling.Go(func() {
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peakHeap.Load() {
				if heapProfile != "" && ms.HeapAlloc > peakHeap.Load()+32<<20 {
					if f, err := os.Create(heapProfile); err == nil {
						pprof.WriteHeapProfile(f)
						f.Close()
					}
				}
				peakHeap.Store(ms.HeapAlloc)
			}
			if anon := procStatus("RssAnon:"); anon > peakAnon.Load() {
				peakAnon.Store(anon)
			}
			select {
			case <-stopSampling:
				return
			case <-tick.C:
			}
		}
	})
	type result struct {
		out, stderr string
		err         error
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		out, stderr, err, _ := run(t, "--index", dir, "ingest", "--json", "--timeout", timeout.String(), batch, fifoArg)
		done <- result{out, stderr, err}
	}()
	files := len(b.want)
	// Nothing may hang: the whole batch must take well under one time
	// limit per file (a hang would show as about one limit per file).
	watchdog := time.Duration(files) * timeout / 4
	var res result
	select {
	case res = <-done:
	case <-time.After(watchdog):
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("ingest still running after %v: something hangs\n%s", watchdog, buf)
	}
	wall := time.Since(start)
	close(stopSampling)
	sampling.Wait()
	peakRSS := procStatus("VmHWM:")
	time.Sleep(time.Second)
	abandoned := runtime.NumGoroutine() - goroutinesBefore

	if path := os.Getenv("PAPERS_MUTATION_STDERR"); path != "" {
		os.WriteFile(path, []byte(res.stderr), 0o644)
	}
	sum := ingestSummaryOf(t, res.out)
	if res.err == nil {
		t.Errorf("ingest of a batch with broken files returned no error")
	}

	// stderr: every line is a progress line, a warning, or an error that
	// names one of our files; each failed file has exactly one error line.
	progressLine := regexp.MustCompile(`^\[\d+/\d+\] \S+ +/`)
	var errorLines []string
	classes := map[string]int{}
	for _, line := range strings.Split(strings.TrimRight(res.stderr, "\n"), "\n") {
		switch {
		case line == "" || progressLine.MatchString(line):
		case strings.HasPrefix(line, "papers: warning: "):
		case strings.HasPrefix(line, "papers: "):
			errorLines = append(errorLines, line)
			classes[errorClass(line)]++
		default:
			t.Errorf("stray stderr line (a stack trace or a multi-line message?): %.300q", line)
		}
		if strings.Contains(line, "goroutine ") || strings.HasPrefix(line, "panic:") {
			t.Errorf("a panic escaped: %.300s", line)
		}
	}
	failedFiles := map[string]string{}
	for _, line := range errorLines {
		p := b.named(line)
		if p == "" {
			t.Errorf("error line names no file of the batch: %.300q", line)
			continue
		}
		if prev, dup := failedFiles[p]; dup {
			t.Errorf("%s has more than one error line:\n  %.300s\n  %.300s", p, prev, line)
		}
		failedFiles[p] = line
		if len(line) > 1000 {
			t.Errorf("error line of %d bytes is not a clear line: %.300s…", len(line), line)
		}
	}
	if len(errorLines) != sum.Failed {
		t.Errorf("%d error lines, summary says %d failed", len(errorLines), sum.Failed)
	}
	for p, e := range b.want {
		line, failed := failedFiles[p]
		switch {
		case e.want == "indexed" && failed:
			t.Errorf("%s should have been indexed: %s", p, line)
		case e.want == "failed" && !failed:
			t.Errorf("%s should have failed with one error line (%s)", p, e.substr)
		case e.want == "failed" && e.substr != "" && !strings.Contains(line, e.substr):
			t.Errorf("%s: error %q does not say %q", p, line, e.substr)
		}
	}

	// The summary adds up.
	if sum.Files != sum.Added+sum.Updated+sum.Unchanged+sum.Failed {
		t.Errorf("summary %+v: files != added+updated+unchanged+failed", sum)
	}
	if sum.Files != files {
		t.Errorf("summary counts %d files; the batch has %d", sum.Files, files)
	}

	// Every healthy original is indexed and searchable.
	ctx := context.Background()
	ix, err := index.Open(dir, index.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs, err := ix.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]bool{}
	for _, d := range docs {
		byID[d.ID] = true
	}
	healthyIndexed := 0
	for _, p := range healthy {
		data, _ := os.ReadFile(p)
		sum := sha256.Sum256(data)
		id := hex.EncodeToString(sum[:])
		if !byID[id] {
			t.Errorf("healthy %s is not in the index", p)
			continue
		}
		if strings.Contains(p, "SCANNED") {
			healthyIndexed++ // listed, flagged as needing OCR, no items
			continue
		}
		items, err := ix.ItemsOf(ctx, id)
		if err != nil || len(items) == 0 {
			t.Errorf("healthy %s has no items (%v)", p, err)
			continue
		}
		word := distinctiveWord(items)
		found := errors.New("found")
		// Copies too: a variant that parsed whole has the healthy file's
		// text, and whichever was indexed first is the original.
		err = ix.Each(ctx, search.Request{Query: word, Copies: true}, func(h search.Hit) error {
			if h.Item.DocID == id {
				return found
			}
			return nil
		})
		if !errors.Is(err, found) {
			t.Errorf("healthy %s: a search for %q does not find it (%v)", p, word, err)
			continue
		}
		healthyIndexed++
	}

	// Memory stays bounded.
	// The bound is on anonymous memory (heap, stacks): the process's own.
	// VmHWM also counts the pages of the index's memory-mapped segment
	// files, which grow with the index and belong to the page cache.
	const memLimit = 1536 << 20
	if anon := peakAnon.Load(); anon > memLimit {
		t.Errorf("peak anonymous RSS %d MiB during the batch; limit %d MiB", anon>>20, memLimit>>20)
	} else if anon == 0 && peakHeap.Load() > memLimit {
		t.Errorf("peak heap %d MiB during the batch; limit %d MiB", peakHeap.Load()>>20, memLimit>>20)
	}
	if wall > watchdog/2 {
		t.Errorf("batch took %v: too close to a hang (%v)", wall, watchdog)
	}

	// The report.
	var variantFailed, variantAdded int
	failedByKind := map[string]int{}
	for p, k := range variantKind {
		if _, ok := failedFiles[p]; ok {
			variantFailed++
			failedByKind[k]++
		} else {
			variantAdded++
		}
	}
	t.Logf("files in batch:           %d (%d variants, %d healthy originals, %d hand-made)", files, len(variantKind), len(healthy), files-len(variantKind)-len(healthy))
	t.Logf("summary:                  %s", sum)
	t.Logf("variants indexed/failed:  %d / %d", variantAdded, variantFailed)
	t.Logf("error lines:              %d (one per failed file: %v)", len(errorLines), len(errorLines) == len(failedFiles))
	t.Logf("panics recovered:         %d (\"parser crashed\"); escaped: 0 (the process is alive)", classes["parser crashed (panic recovered)"])
	t.Logf("timeouts:                 %d (limit %v)", classes["timeout"], timeout)
	t.Logf("healthy originals:        %d of %d indexed and searchable", healthyIndexed, len(healthy))
	t.Logf("peak memory:              %d MiB anonymous RSS, %d MiB heap; %d MiB RSS with the index's mapped files", peakAnon.Load()>>20, peakHeap.Load()>>20, peakRSS>>20)
	t.Logf("wall time:                %v (watchdog %v)", wall.Round(time.Millisecond), watchdog)
	t.Logf("parsers still running 1s after the batch: %d goroutines", abandoned)
	var cls []string
	for c := range classes {
		cls = append(cls, c)
	}
	sort.Strings(cls)
	for _, c := range cls {
		t.Logf("  failed: %-40s %d", c, classes[c])
	}
	var ks []string
	for k := range kinds {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		t.Logf("  kind %-24s %4d made, %4d failed", k, kinds[k], failedByKind[k])
	}
	// A timeout can hide a crash (deep recursion cut short by the deadline)
	// or a hang: each deserves a look on its own.
	for _, line := range errorLines {
		if errorClass(line) == "timeout" {
			t.Logf("  timed out: %s", b.named(line))
		}
	}
	if long || testing.Verbose() {
		for _, line := range errorLines[:min(len(errorLines), 40)] {
			t.Logf("  e.g. %.200s", line)
		}
	}
}

type expectation struct {
	want   string // "indexed", "failed" or "any"
	substr string // for "failed": what the error line must say
}

type batchFiles struct {
	want map[string]expectation
	// names sorted longest first, so a path is matched before any path
	// that is a prefix of it.
	sorted []string
}

func (b *batchFiles) write(t *testing.T, path string, data []byte, want, substr string) string {
	t.Helper()
	mustOK(t, os.MkdirAll(filepath.Dir(path), 0o755))
	mustOK(t, os.WriteFile(path, data, 0o644))
	b.want[path] = expectation{want, substr}
	b.sorted = nil
	return path
}

func (b *batchFiles) link(t *testing.T, path, target, want, substr string) {
	t.Helper()
	mustOK(t, os.MkdirAll(filepath.Dir(path), 0o755))
	mustOK(t, os.Symlink(target, path))
	b.want[path] = expectation{want, substr}
	b.sorted = nil
}

// named returns the batch file an error line is about: the line must say
// "ingest PATH: ...".
func (b *batchFiles) named(line string) string {
	if b.sorted == nil {
		for p := range b.want {
			b.sorted = append(b.sorted, p)
		}
		sort.Slice(b.sorted, func(i, j int) bool { return len(b.sorted[i]) > len(b.sorted[j]) })
	}
	for _, p := range b.sorted {
		if strings.Contains(line, p+":") {
			return p
		}
	}
	return ""
}

// errorClass sorts an error line into the classes of the hardening report.
func errorClass(line string) string {
	for _, c := range []struct{ substr, class string }{
		{"parser crashed", "parser crashed (panic recovered)"},
		{ingest.ErrTimeout.Error(), "timeout"},
		{ingest.ErrEmpty.Error(), "empty file"},
		{"not a regular file", "not a regular file"},
		{"too large", "too large"},
		{"symbolic links", "symlink loop"},
		{"no such file", "missing (dangling link)"},
		{"input/output error", "unreadable"},
		{"permission denied", "unreadable"},
		{"encrypted", "encrypted"},
		{"cross-reference", "broken cross-reference"},
		{"xref", "broken cross-reference"},
		{"startxref", "broken cross-reference"},
		{"missing %%EOF", "truncated (no %%EOF)"},
		{"not a PDF file", "not a PDF"},
		{ingest.ErrUnsupported.Error(), "not a PDF or HTML file"},
		{"not an HTML", "not HTML (binary)"},
		{"no text found", "HTML without text"},
		{"page tree", "broken page tree"},
		{"no page could be read", "no readable page"},
		{"malformed PDF", "malformed PDF (other)"},
		{"pdftext: open:", "malformed PDF (other)"},
	} {
		if strings.Contains(line, c.substr) {
			return c.class
		}
	}
	return "other"
}

// distinctiveWord is a long word from a document's items, to search for:
// the longest all-lowercase word of at most 12 letters in the first items
// (words run together by extraction, "allsignificantIFRS", are avoided).
func distinctiveWord(items []corpus.Item) string {
	best := ""
	for _, it := range items[:min(len(items), 20)] {
		for _, w := range strings.Fields(it.Text) {
			ok := len(w) <= 12
			for _, r := range w {
				ok = ok && r >= 'a' && r <= 'z'
			}
			if ok && len(w) > len(best) {
				best = w
			}
		}
	}
	return best
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// resetPeakRSS resets the kernel's high-water mark of this process's
// resident memory (Linux), so VmHWM measures the batch alone.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// procStatus is a "kB" field of /proc/self/status ("VmHWM:", the peak
// resident set; "RssAnon:", resident anonymous memory now) in bytes, or 0
// where there is none.
func procStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
