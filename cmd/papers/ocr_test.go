package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps the OCR cache of every ingest these tests run (in this
// process or in papers processes started from it) out of the user's cache
// directory.
func TestMain(m *testing.M) {
	if os.Getenv("PAPERS_OCR_CACHE") != "" {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "papers-ocr-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("PAPERS_OCR_CACHE", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func tesseractInstalled() bool {
	_, err1 := exec.LookPath("tesseract")
	_, err2 := exec.LookPath("pdftoppm")
	return err1 == nil && err2 == nil
}

// needOCR skips a test where Tesseract is missing, unless the test script
// installed it (PAPERS_REQUIRE_OCR=1): there the test must run.
func needOCR(t *testing.T) {
	t.Helper()
	if !tesseractInstalled() {
		if os.Getenv("PAPERS_REQUIRE_OCR") == "1" {
			t.Fatal("tesseract or pdftoppm is not installed, and PAPERS_REQUIRE_OCR=1")
		}
		t.Skip("tesseract or pdftoppm not installed; scripts/test.sh installs them")
	}
}

// A scan ingested with OCR off needs OCR and has nothing to search; the
// same file ingested again with OCR on is read, replaces it, and its words
// are found.
func TestScanNeedsOCRThenIsReadWhenOCRIsOn(t *testing.T) {
	needShared(t)
	needOCR(t)
	dir := filepath.Join(t.TempDir(), "ix")
	scan := filepath.Join(shared, "realdocs", "tintern_cc_annual_return_2017-18_SCANNED.pdf")

	out, stderr, err, _ := run(t, "--index", dir, "ingest", "--json", "--ocr", "off", scan)
	if err != nil {
		t.Fatalf("ingest --ocr off: %v\n%s", err, stderr)
	}
	if sum := ingestSummaryOf(t, out); sum.NeedsOCR != 1 || sum.OCRPages != 0 || !strings.Contains(stderr, "SCANNED.pdf: needs OCR") {
		t.Errorf("--ocr off: %+v\n%s; want the scan reported as needing OCR", sum, stderr)
	}
	if out, _, _, _ := run(t, "--index", dir, "search", "--json", `"accounting statements"`); strings.Contains(out, `"ocr": true`) || strings.Contains(out, "SCANNED") {
		t.Errorf("found words of an unread scan: %s", out)
	}

	out, stderr, err, _ = run(t, "--index", dir, "ingest", "--json", scan)
	if err != nil {
		t.Fatalf("ingest with OCR: %v\n%s", err, stderr)
	}
	sum := ingestSummaryOf(t, out)
	if sum.NeedsOCR != 0 || sum.OCRPages != 1 || sum.Updated != 1 {
		t.Errorf("with OCR: %+v\n%s; want the scan read by OCR, replacing the stored one", sum, stderr)
	}
	out, stderr, err, _ = run(t, "--index", dir, "search", "--json", `"accounting statements"`)
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "SCANNED") || !strings.Contains(out, `"ocr": true`) {
		t.Errorf("search for the scan's heading: %s; want its item, marked ocr", out)
	}

	// A third time: unchanged, nothing read again.
	out, _, err, _ = run(t, "--index", dir, "ingest", "--json", scan)
	if err != nil {
		t.Fatal(err)
	}
	if sum := ingestSummaryOf(t, out); sum.Unchanged != 1 || sum.OCRPages != 0 {
		t.Errorf("third ingest: %+v; want unchanged", sum)
	}
}

func TestOCRFlagsAreChecked(t *testing.T) {
	f := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(f, []byte("%PDF-1.4\n%%EOF\n"), 0o644)
	if _, _, err, code := run(t, "--index", filepath.Join(t.TempDir(), "ix"), "ingest", "--ocr", "sometimes", f); code != exitUsage {
		t.Errorf("--ocr sometimes: exit %d (%v); want a usage error", code, err)
	}
	if !tesseractInstalled() {
		return
	}
	_, _, err, code := run(t, "extract", "--ocr-lang", "eng+xx", f)
	if code != exitFailure || err == nil || !strings.Contains(err.Error(), `"xx" is not installed`) {
		t.Errorf("--ocr-lang eng+xx: exit %d, %v; want an error naming the language", code, err)
	}
}
