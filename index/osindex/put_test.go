package osindex

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/search"
)

// count is how many items of documents a and b one search sees.
func count(t *testing.T, ix *Index, a, b string) uint64 {
	res, err := ix.Search(context.Background(), search.Request{Query: "doc:" + a + " OR doc:" + b, Limit: 1})
	if err != nil {
		t.Error(err)
		return 0
	}
	return res.Total
}

// A document replaced on re-ingest (same path, new content) is never seen
// half: a reader searching all along sees the old version whole, then the
// new one whole, never both and never neither. And searches answer while
// the put runs.
func TestReplaceIsWholeForReaders(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	v1, v2 := fakeDoc("/papers/a.pdf", "alpha", 300), fakeDoc("/papers/a.pdf", "beta", 2400)
	if o, err := ix.Put(ctx, v1); err != nil || o != index.Added {
		t.Fatalf("put v1: %v %v", o, err)
	}
	var seen sync.Map
	var reads atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			// One search, so one view of the index: the old items or the
			// new ones.
			seen.Store(count(t, ix, v1.Document.ID, v2.Document.ID), true)
			reads.Add(1)
		}
	})
	time.Sleep(100 * time.Millisecond)
	o, err := ix.Put(ctx, v2) // 2,400 items and the document record: two bulk requests
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil || o != index.Updated {
		t.Fatalf("put v2: %v %v", o, err)
	}
	seen.Range(func(k, _ any) bool {
		if n := k.(uint64); n != 300 && n != 2400 {
			t.Errorf("a reader saw %d items of the old and new versions (300 or 2,400): a document by halves", n)
		}
		return true
	})
	if reads.Load() < 3 {
		t.Errorf("only %d reads during the put: searches did not go on", reads.Load())
	}
	docs, err := ix.Documents(ctx)
	if err != nil || len(docs) != 1 || docs[0].ID != v2.Document.ID {
		t.Errorf("documents after the update: %+v %v", docs, err)
	}
	if items, err := ix.ItemsOf(ctx, v1.Document.ID); err != nil || len(items) != 0 {
		t.Errorf("old version's items left: %d %v", len(items), err)
	}
	// Again: unchanged, nothing written.
	if o, err := ix.Put(ctx, v2); err != nil || o != index.Unchanged {
		t.Errorf("put v2 again: %v %v", o, err)
	}
}

// Funding totals are sums of pence as longs: amounts whose sum is not
// exact in floating point (0.1 + 0.2) and sums past a float32's integers
// come out to the penny.
func TestFundingTotalsArePenceExact(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	p := fakeDoc("/papers/grants.pdf", "grants", 0)
	amounts := []float64{0.10, 0.20, 0.70, 12_345_678.91, 98_765_432.19, 1_000_000_000.01}
	var want int64
	for i, a := range amounts {
		p.Items = append(p.Items, corpus.Item{ID: fmt.Sprintf("g-%d", i), DocID: p.Document.ID, Kind: corpus.KindFunding,
			Text: fmt.Sprintf("Grant %d of the fund to the trust, line %d.", i, i), Recipient: "The Trust", Fund: "Big Fund", Amount: a, Currency: "GBP"})
		want += int64(a*100 + 0.5)
	}
	if _, err := ix.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	totals, err := ix.FundingTotals(ctx, search.Request{}, search.ByFund)
	if err != nil {
		t.Fatal(err)
	}
	if len(totals) != 1 || totals[0].Pence != want || totals[0].Count != len(amounts) || totals[0].Key != "Big Fund" {
		t.Errorf("totals %+v, want one of %d pence over %d lines", totals, want, len(amounts))
	}
}

// Two writers (as two machines would) put the same papers into one index
// at once: IDs are deterministic, so the index ends as one writer would
// leave it.
func TestTwoWritersShareOneIndex(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	other, err := Open(ctx, ix.cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var docs []corpus.Parsed
	for i := range 6 {
		docs = append(docs, fakeDoc(fmt.Sprintf("/papers/%d.pdf", i), fmt.Sprintf("w%dx", i), 50))
	}
	var wg sync.WaitGroup
	for _, w := range []*Index{ix, other} {
		wg.Go(func() {
			for _, d := range docs {
				if _, err := w.Put(ctx, d); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if err := ix.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != len(docs) || st.Items != 50*len(docs) {
		t.Errorf("stats %+v, want %d documents and %d items", st, len(docs), 50*len(docs))
	}
}
