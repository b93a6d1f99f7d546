package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/layout"
)

// sharedPapers reads every paper in ../shared/corpus and ../shared/realdocs
// that ingest reads (PDF and HTML), skipping the benchmark without them.
func sharedPapers(b *testing.B) map[string][]byte {
	b.Helper()
	papers := map[string][]byte{}
	for _, dir := range []string{"corpus", "realdocs"} {
		matches, _ := filepath.Glob(filepath.Join(shared, dir, "*"))
		for _, path := range matches {
			if !strings.HasSuffix(path, ".pdf") && !strings.HasSuffix(path, ".html") {
				continue
			}
			data, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			papers[path] = data
		}
	}
	if len(papers) == 0 {
		b.Skip("shared papers not available")
	}
	return papers
}

// BenchmarkBytes is the whole per-file pipeline (extraction, metadata,
// sections and the structuring rules) over the shared papers, one after
// another; pages/s is the single-core ingest rate before indexing.
func BenchmarkBytes(b *testing.B) {
	papers := sharedPapers(b)
	pages := 0
	for b.Loop() {
		for path, data := range papers {
			p, err := Bytes(context.Background(), path, data, Options{})
			if p == nil {
				b.Fatalf("%s: %v", path, err)
			}
			pages += p.Document.Pages
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkStructure is the work after extraction (metadata, sections and
// the three rule sets) over the shared papers' already extracted pages.
func BenchmarkStructure(b *testing.B) {
	type paper struct {
		path   string
		data   []byte
		parsed *corpus.Parsed
		pages  []layout.Page
	}
	var papers []paper
	for path, data := range sharedPapers(b) {
		p, pages, err := parse(context.Background(), data, ocrStep{})
		if err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		papers = append(papers, paper{path, data, p, pages})
	}
	pages, items := 0, 0
	for b.Loop() {
		for _, pp := range papers {
			p := *pp.parsed
			finish(&p, pp.pages, pp.path, pp.data, Options{})
			pages += len(p.Pages)
			items += len(p.Items)
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(items)/b.Elapsed().Seconds(), "items/s")
}
