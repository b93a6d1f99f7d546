package pdftext

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// shared is the project's shared folder, beside the checkout.
const shared = "../../../shared"

func sharedFile(t testing.TB, rel string) []byte {
	t.Helper()
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("shared folder %s absent", shared)
	}
	b, err := os.ReadFile(filepath.Join(shared, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func extractFile(t testing.TB, rel string) *Result {
	t.Helper()
	res, err := Extract(context.Background(), sharedFile(t, rel))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	for _, pe := range res.PageErrors {
		t.Errorf("%s: %v", rel, pe)
	}
	return res
}

// docText joins all pages' lines; withDropped also includes the running
// headers/footers and page numbers that Extract removed (at the end of each
// page), for comparison with extractors that keep them.
func docText(res *Result, withDropped bool) string {
	var b strings.Builder
	for i, p := range res.Pages {
		b.WriteString(p.Text())
		b.WriteByte('\n')
		if withDropped {
			for _, l := range res.dropped[i] {
				b.WriteString(l.Text)
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

func TestFidelityPack(t *testing.T) {
	src := string(sharedFile(t, "corpus/tvpcp-2018-11-16-pack.source.txt"))
	want := tokens(src)
	for _, name := range []string{"tvpcp-2018-11-16-pack.pdf", "tvpcp-2018-11-16-pack-libreoffice.pdf"} {
		res := extractFile(t, "corpus/"+name)
		got := tokens(docText(res, false))
		bi := f1(bigrams(got), bigrams(want))
		wf := f1(got, want)
		t.Logf("%-45s pages=%2d bigramF1=%.4f wordF1=%.4f", name, len(res.Pages), bi, wf)
		if bi < 0.99 {
			t.Errorf("%s: bigram F1 %.4f < 0.99", name, bi)
		}
	}
}

func TestFidelityRealDocs(t *testing.T) {
	prose := map[string]bool{
		"kent_cabinet_2025-01-30_printed_minutes":           true,
		"kent_cabinet_2025-01-30_agenda_frontsheet":         true,
		"kent_council_2025-03-13_governance_update_report":  true,
		"merton_audit_committee_2009-10-22_agenda_acrobat8": true,
		"us_chicago_ssa21_commission_minutes_2018-01-29":    true,
		"tintern_cc_2019-07-29_minutes":                     true,
		"manordeilo_salem_cc_2019-02-06_minutes_en_grants":  true,
	}
	refs, _ := filepath.Glob(filepath.Join(shared, "realdocs", "*.pdftotext.txt"))
	if len(refs) == 0 {
		t.Skip("no realdocs")
	}
	for _, ref := range refs {
		base := strings.TrimSuffix(filepath.Base(ref), ".pdftotext.txt")
		res := extractFile(t, "realdocs/"+base+".pdf")
		refText, _ := os.ReadFile(ref)
		want := tokens(string(refText))
		if strings.Contains(base, "SCANNED") {
			text := strings.TrimSpace(docText(res, true))
			t.Logf("%-50s pages=%2d imagePages=%d chars=%d", base, len(res.Pages), res.ImagePages, len(text))
			if text != "" || res.ImagePages != 1 {
				t.Errorf("%s: want no text and 1 image page, got %d chars, %d image pages", base, len(text), res.ImagePages)
			}
			continue
		}
		got := tokens(docText(res, true))
		wf := f1(got, want)
		bi := f1(bigrams(got), bigrams(want))
		t.Logf("%-50s pages=%2d wordF1=%.4f bigramF1=%.4f", base, len(res.Pages), wf, bi)
		if wf < 0.98 {
			t.Errorf("%s: word F1 %.4f < 0.98", base, wf)
		}
		if prose[base] && bi < 0.97 {
			t.Errorf("%s: bigram F1 %.4f < 0.97", base, bi)
		}
	}
}

// TestPageAlignment checks that each page's text lands on its own page:
// against poppler's text of page N, our page N scores high and better than
// pages N±1; and the printed "Page N" footer is recorded.
func TestPageAlignment(t *testing.T) {
	const rel = "corpus/tvpcp-2018-11-16-pack.pdf"
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not on PATH")
	}
	res := extractFile(t, rel)
	path := filepath.Join(shared, rel)
	ours := make([][]string, len(res.Pages))
	for i, p := range res.Pages {
		ours[i] = tokens(p.Text())
	}
	worst := 1.0
	for i := range res.Pages {
		n := strconv.Itoa(i + 1)
		out, err := exec.Command("pdftotext", "-f", n, "-l", n, path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %s: %v", n, err)
		}
		// Poppler keeps the footer; compare without page-number lines.
		var kept []string
		for _, l := range strings.Split(string(out), "\n") {
			if _, ok := pageNumber(l); !ok {
				kept = append(kept, l)
			}
		}
		ref := tokens(strings.Join(kept, "\n"))
		own := f1(ours[i], ref)
		worst = min(worst, own)
		if len(ref) > 0 && own < 0.9 {
			t.Errorf("page %d: word F1 with poppler's page %.3f < 0.9", i+1, own)
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(ours) || len(ref) == 0 {
				continue
			}
			if other := f1(ours[j], ref); other >= own {
				t.Errorf("page %d: poppler's page matches our page %d (%.3f) as well as ours (%.3f)", i+1, j+1, other, own)
			}
		}
		if want := strconv.Itoa(i + 1); res.Pages[i].Printed != want {
			t.Errorf("page %d: Printed = %q, want %q", i+1, res.Pages[i].Printed, want)
		}
	}
	t.Logf("pages=%d worst own-page word F1=%.4f", len(res.Pages), worst)
}

func BenchmarkExtractPack(b *testing.B) {
	data := sharedFile(b, "corpus/tvpcp-2018-11-16-pack.pdf")
	pages := 0
	b.ResetTimer()
	for b.Loop() {
		res, err := Extract(context.Background(), data)
		if err != nil {
			b.Fatal(err)
		}
		pages += len(res.Pages)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
