package osindex

import (
	"context"
	"errors"
	"testing"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/ingest"
)

// The mapping is strict: a field Bleve's side starts writing (index.Prepare)
// that is not mapped here would fail every put against a cluster. This
// catches it without a node, on every item kind of the sample papers.
func TestMappingHoldsEveryField(t *testing.T) {
	paths, err := corpus.WriteSamples(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	stop, err := index.StopWords()
	if err != nil {
		t.Fatal(err)
	}
	props := settings(1, 0, stop)["mappings"].(map[string]any)["properties"].(map[string]any)
	missing := map[string]bool{}
	check := func(src map[string]any) {
		for f := range src {
			if _, ok := props[f]; !ok {
				missing[f] = true
			}
		}
	}
	kinds := map[corpus.Kind]bool{}
	for _, p := range paths {
		parsed, err := ingest.File(context.Background(), p, ingest.Options{})
		if err != nil && !errors.Is(err, ingest.ErrNeedsOCR) {
			t.Fatal(err)
		}
		prep, err := index.Prepare(*parsed)
		if err != nil {
			t.Fatal(err)
		}
		d := parsed.Document
		d.CopyOf = "x" // a copy's records carry one more field
		for _, it := range prep.Items {
			kinds[it.Item.Kind] = true
			check(itemSource(it, d))
		}
		src, err := documentSource(d, prep.Sketch, map[string]map[string]bool{"ABC": {"a b c": true}})
		if err != nil {
			t.Fatal(err)
		}
		check(src)
	}
	if len(missing) > 0 {
		t.Errorf("fields written but not mapped (bump mappingVersion when adding them): %v", missing)
	}
	if !kinds[corpus.KindFunding] || !kinds[corpus.KindMinute] {
		t.Errorf("the samples gave only kinds %v", kinds)
	}
}

// The analyser drops exactly the stop words index's analyser drops.
func TestStopWordsAreBleves(t *testing.T) {
	stop, err := index.StopWords()
	if err != nil {
		t.Fatal(err)
	}
	a := index.NewTextAnalyzer()
	for _, w := range []string{"the", "for", "what", "and", "how"} {
		if len(a.Terms(w)) != 0 {
			t.Errorf("%q is not a stop word of index's analyser", w)
		}
	}
	if len(stop) < 100 {
		t.Errorf("%d stop words; Bleve's English list has over a hundred", len(stop))
	}
}
