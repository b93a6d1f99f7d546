package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"panelpapers/index"
	"panelpapers/search"
)

const shared = "../../../shared"

func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(shared, "corpus")); err != nil {
		t.Skip("../shared is not beside the checkout")
	}
}

// run runs the CLI in-process and returns stdout, stderr, the error and
// the exit code main would use.
func run(t *testing.T, args ...string) (string, string, error, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	ctx := context.Background()
	err := newApp(&stdout, &stderr).RunContext(ctx, append([]string{"papers"}, args...))
	return stdout.String(), stderr.String(), err, exitCode(ctx, err)
}

func ingestSummaryOf(t *testing.T, out string) ingestSummary {
	t.Helper()
	var sum ingestSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("ingest --json output %q: %v", out, err)
	}
	return sum
}

func TestIngestSharedPapersThenReingestIsUnchanged(t *testing.T) {
	needShared(t)
	dir := filepath.Join(t.TempDir(), "ix")
	corpusDir, realDir := filepath.Join(shared, "corpus"), filepath.Join(shared, "realdocs")

	out, stderr, err, _ := run(t, "--index", dir, "ingest", "--json", corpusDir, realDir)
	if err != nil {
		t.Fatalf("ingest: %v\nstderr:\n%s", err, stderr)
	}
	first := ingestSummaryOf(t, out)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.pdf"))
	if first.Files < len(files) || first.Failed != 0 || first.Added != first.Files {
		t.Errorf("first ingest: %+v; want every file added, none failed", first)
	}
	switch {
	case tesseractInstalled():
		if first.NeedsOCR != 0 || first.OCRPages != 1 {
			t.Errorf("the scanned return must be read by OCR: %+v\n%s", first, stderr)
		}
	case first.NeedsOCR != 1 || !strings.Contains(stderr, "SCANNED.pdf: needs OCR") || !strings.Contains(stderr, "apt-get install tesseract-ocr"):
		t.Errorf("the scanned return must be reported as needing OCR, with how to install it: %+v\n%s", first, stderr)
	}

	out, _, err, _ = run(t, "--index", dir, "ingest", "--json", corpusDir, realDir)
	if err != nil {
		t.Fatalf("re-ingest: %v", err)
	}
	second := ingestSummaryOf(t, out)
	if second.Unchanged != second.Files || second.Added+second.Updated != 0 {
		t.Errorf("re-ingest: %+v; want all unchanged", second)
	}

	ix, err := index.Open(dir, index.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != first.Files || st.Items != first.Items {
		t.Errorf("stats %+v after re-ingest; want %d documents, %d items", st, first.Files, first.Items)
	}
}

// pdftotextPages returns poppler's text of pages from..to of a PDF.
func pdftotextPages(t *testing.T, path string, from, to int) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-f", strconv.Itoa(from), "-l", strconv.Itoa(to), path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

var nonWord = regexp.MustCompile(`[^\pL\pN]+`)

func words(s string) string {
	return strings.ToLower(strings.TrimSpace(nonWord.ReplaceAllString(s, " ")))
}

// TestSearchCitesTheRightPage checks every hit's citation against poppler:
// the phrase searched for must be on the pages the hit cites.
func TestSearchCitesTheRightPage(t *testing.T) {
	needShared(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed; scripts/test.sh installs it")
	}
	dir := filepath.Join(t.TempDir(), "ix")
	pack := filepath.Join(shared, "corpus", "tvpcp-2018-11-16-pack.pdf")
	if _, stderr, err, _ := run(t, "--index", dir, "ingest", pack); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	for _, phrase := range []string{"county lines", "Community Safety Fund", "Contact Management Platform"} {
		// In the item's text: a word may also match an item by its fund or
		// its section's heading, which need not be on its page.
		out, _, err, _ := run(t, "--index", dir, "search", "--json", "--limit", "50", `text:"`+phrase+`"`)
		if err != nil {
			t.Fatalf("search %q: %v", phrase, err)
		}
		var res search.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("search %q: no hits", phrase)
			continue
		}
		for _, h := range res.Hits {
			end := max(h.Item.Page, h.Item.PageEnd)
			text := words(pdftotextPages(t, pack, h.Item.Page, end))
			if !strings.Contains(text, words(phrase)) {
				t.Errorf("search %q: hit %s cites pages %d-%d, where poppler has no %q", phrase, h.Item.ID, h.Item.Page, end, phrase)
			}
		}
	}
}

func TestBatchWithBrokenFilesIndexesTheHealthyOnes(t *testing.T) {
	needShared(t)
	batch := t.TempDir()
	good, err := os.ReadFile(filepath.Join(shared, "corpus", "tvpcp-2018-11-16-agenda.html"))
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(filepath.Join(shared, "realdocs", "kent_cabinet_2025-01-30_agenda_frontsheet.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"a-good.html":           good,
		"b-truncated.pdf":       pdf[:len(pdf)/3],
		"c-garbage.pdf":         bytes.Repeat([]byte{0x00, 0xff, 0x13}, 500),
		"d-empty.pdf":           nil,
		"e-good-frontsheet.pdf": pdf,
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(batch, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "ix")
	out, stderr, err, code := run(t, "--index", dir, "ingest", "--json", batch)
	if err == nil || code != exitFailure {
		t.Fatalf("ingest of a batch with broken files: err %v, exit %d; want failure, exit 1", err, code)
	}
	sum := ingestSummaryOf(t, out)
	if sum.Added != 2 || sum.Failed != 3 {
		t.Errorf("summary %+v; want 2 added, 3 failed", sum)
	}
	for _, name := range []string{"b-truncated.pdf", "c-garbage.pdf", "d-empty.pdf"} {
		if !strings.Contains(stderr, name) {
			t.Errorf("no error line names %s:\n%s", name, stderr)
		}
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
		t.Errorf("a panic escaped:\n%s", stderr)
	}
	if out, _, err, _ := run(t, "--index", dir, "search", "--json", "Declarations"); err != nil || !strings.Contains(out, "a-good.html") {
		t.Errorf("the healthy file is not searchable after the batch: %v\n%s", err, out)
	}
}

func TestSecondWriterFailsFastWithExitCode11(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := index.Open(dir, index.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	page := filepath.Join(t.TempDir(), "p.html")
	os.WriteFile(page, []byte("<html><body><h1>Minutes</h1><p>The Panel met.</p></body></html>"), 0o644)
	start := time.Now()
	_, _, err, code := run(t, "--index", dir, "ingest", page)
	if code != exitLocked || !index.IsLocked(err) {
		t.Fatalf("ingest into a held index: err %v, exit %d; want exit %d", err, code, exitLocked)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("second writer waited %v", took)
	}
	if !strings.Contains(err.Error(), "pid") {
		t.Errorf("lock message does not say who holds the index: %v", err)
	}
}

func TestDefaultIndexIsBuiltFromTheBundledSamples(t *testing.T) {
	data := t.TempDir()
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("PAPERS_INDEX", "")
	out, stderr, err, _ := run(t, "search", "county lines")
	if err != nil {
		t.Fatalf("search on a fresh install: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "bundled sample papers") {
		t.Errorf("stderr does not say the samples were indexed:\n%s", stderr)
	}
	if !strings.Contains(out, "county") || strings.HasPrefix(out, "no hits") {
		t.Errorf("no hits for county lines in the samples:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(data, "papers", "index")); err != nil {
		t.Errorf("index not built in the data directory: %v", err)
	}
	// The second run finds the index and does not rebuild it.
	_, stderr, err, _ = run(t, "stats")
	if err != nil || strings.Contains(stderr, "bundled") {
		t.Errorf("second run: %v, %s", err, stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--index", dir, "search", "flood", "--limit", "5"},
		{"--index", dir, "search", "--kind", "budget", "flood"},
		{"--index", dir, "search", "--from", "yesterday", "flood"},
		{"--index", dir, "ingest"},
		{"extract"},
		{"no-such-command"},
		{"search", "--no-such-flag"},
	} {
		_, _, err, code := run(t, args...)
		if code != exitUsage {
			t.Errorf("papers %s: exit %d (%v); want %d", strings.Join(args, " "), code, err, exitUsage)
		}
	}
}

func TestExtractTextSeparatesPagesWithFormFeeds(t *testing.T) {
	needShared(t)
	pack := filepath.Join(shared, "realdocs", "kent_cabinet_2025-01-30_printed_minutes.pdf")
	out, _, err, _ := run(t, "extract", "--text", pack)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "\f"); n != 17 {
		t.Errorf("%d form feeds; want one per page (17)", n)
	}
	out, _, err, _ = run(t, "extract", "--json", pack)
	if err != nil {
		t.Fatal(err)
	}
	var got extractOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Document.Pages != 17 || got.Document.MeetingDate != "2025-01-30" || len(got.Items) == 0 {
		t.Errorf("extract --json: document %+v with %d items", got.Document, len(got.Items))
	}
}

func TestFormatPounds(t *testing.T) {
	for v, want := range map[float64]string{73547: "£73,547", 2000.5: "£2,000.50", 999: "£999", 7300000: "£7,300,000", 0.07: "£0.07"} {
		if got := formatPounds(v); got != want {
			t.Errorf("formatPounds(%v) = %s; want %s", v, got, want)
		}
	}
}

func TestSearchFiltersOnTypedItems(t *testing.T) {
	needShared(t)
	dir := filepath.Join(t.TempDir(), "ix")
	pack := filepath.Join(shared, "corpus", "tvpcp-2018-11-16-pack.pdf")
	if _, stderr, err, _ := run(t, "--index", dir, "ingest", pack); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	for _, tc := range []struct {
		kind, query string
		check       func(search.Hit) bool
	}{
		{"funding", "youth", func(h search.Hit) bool {
			return h.Item.Amount > 0 && h.Item.Currency == "GBP" && h.Item.Recipient != ""
		}},
		{"recommendation", "policing", func(h search.Hit) bool { return h.Item.Text != "" && h.Item.Source != "" }},
		{"agenda_item", "", func(h search.Hit) bool { return h.Item.Number != "" && h.Item.Title != "" }},
	} {
		out, _, err, _ := run(t, "--index", dir, "search", "--json", "--kind", tc.kind, "--limit", "100", tc.query)
		if err != nil {
			t.Fatalf("search --kind %s: %v", tc.kind, err)
		}
		var res search.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("search --kind %s %q: no hits", tc.kind, tc.query)
		}
		for _, h := range res.Hits {
			if string(h.Item.Kind) != tc.kind || !tc.check(h) {
				t.Errorf("search --kind %s %q: hit %+v", tc.kind, tc.query, h.Item)
			}
		}
	}
}

// An --index typed on the command line, before or after the command, wins
// over PAPERS_INDEX (urfave/cli counts the environment as setting the
// flag everywhere, so the command's copy held the environment's value).
func TestIndexFlagBeatsTheEnvironment(t *testing.T) {
	typed, fromEnv := filepath.Join(t.TempDir(), "typed"), filepath.Join(t.TempDir(), "env")
	t.Setenv("PAPERS_INDEX", fromEnv)
	for _, args := range [][]string{
		{"--index", typed, "stats"},
		{"stats", "--index", typed},
	} {
		_, stderr, err, _ := run(t, args...)
		if err == nil || !strings.Contains(err.Error(), typed) || strings.Contains(err.Error()+stderr, fromEnv) {
			t.Errorf("%q with PAPERS_INDEX=%s: %v\n%s; want the typed index (which does not exist) named", args, fromEnv, err, stderr)
		}
	}
	// Without a typed flag, the environment names it.
	if _, _, err, _ := run(t, "stats"); err == nil || !strings.Contains(err.Error(), fromEnv) {
		t.Errorf("stats with PAPERS_INDEX only: %v", err)
	}
}
