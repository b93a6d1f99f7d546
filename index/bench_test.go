package index

import (
	"testing"

	"panelpapers/corpus"
	"panelpapers/search"
)

// BenchmarkPut indexes documents of 50 items each into a fresh index; the
// reported items/s is the ingest rate.
func BenchmarkPut(b *testing.B) {
	ix, err := Open(b.TempDir(), ReadWrite)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	const itemsPer = 50
	docs := generate(b.N, itemsPer)
	b.ResetTimer()
	for _, p := range docs {
		if _, err := ix.Put(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*itemsPer)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkSearch queries an index of 5,000 items.
func BenchmarkSearch(b *testing.B) {
	ix, err := Open(b.TempDir(), ReadWrite)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for _, p := range generate(100, 50) {
		if _, err := ix.Put(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		req  search.Request
	}{
		{"words", search.Request{Query: "county lines"}},
		{"phrase+kind", search.Request{Query: `"rural crime"`, Kinds: []corpus.Kind{corpus.KindMinute, corpus.KindDecision}}},
		{"empty", search.Request{}},
		{"limit100", search.Request{Query: "community safety fund", Limit: 100}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
