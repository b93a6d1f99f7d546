package osindex

import (
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/index/osindex/osnode"
	"panelpapers/ingest"
	"panelpapers/search"
)

// faultQueries are the searches of the load: words, a phrase, a filter, a
// facet count, a sort by amount.
var faultQueries = []search.Request{
	{Query: "police", Facets: true},
	{Query: `"county lines"`},
	{Query: "budget OR precept", Sort: search.SortDateDesc},
	{Kinds: []corpus.Kind{corpus.KindFunding}, Sort: search.SortAmountDesc, Facets: true},
	{Query: "community safety fund"},
}

// TestFault: three nodes, an index of three shards with one replica each.
// One node is killed (SIGKILL) while searches run from four clients:
// every search goes on answering, with the whole answer (the total each
// query had before). The node comes back; once the cluster is green every
// item is there, read from each node, and a write made while it was down
// is there too.
func TestFault(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a three-node cluster")
	}
	ctx := context.Background()
	cl, err := osnode.Start(ctx, osnode.Options{Nodes: 3, Log: os.Stderr})
	if osnode.Unavailable(err) {
		t.Skipf("no OpenSearch node here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	cfg := Config{URLs: cl.URLs(), Index: "fault", Shards: 3, Replicas: 1}
	ix, err := Open(ctx, cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	paths, err := corpus.WriteSamples(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Parsed
	for _, p := range paths {
		parsed, err := ingest.File(ctx, p, ingest.Options{})
		if err != nil && !errors.Is(err, ingest.ErrNeedsOCR) {
			t.Fatal(err)
		}
		docs = append(docs, *parsed)
	}
	if _, err := ix.PutAll(ctx, docs); err != nil {
		t.Fatal(err)
	}
	if err := cl.WaitNodes(ctx, 3, "green"); err != nil {
		t.Fatal(err)
	}
	before := allIDs(t, ix)
	want := make([]uint64, len(faultQueries))
	for i, req := range faultQueries {
		res, err := ix.Search(ctx, req)
		if err != nil || res.Total == 0 {
			t.Fatalf("%+v: %d hits, %v", req, res.Total, err)
		}
		want[i] = res.Total
	}

	// The load: four clients, each spread over the three nodes.
	var searches, failures, partial atomic.Int64
	var slowest atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Go(func() {
			for i := c; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				k := i % len(faultQueries)
				start := time.Now()
				res, err := ix.Search(ctx, faultQueries[k])
				if d := time.Since(start); int64(d) > slowest.Load() {
					slowest.Store(int64(d))
				}
				searches.Add(1)
				switch {
				case err != nil:
					failures.Add(1)
					t.Logf("search during the fault: %v", err)
				case res.Total != want[k]:
					partial.Add(1)
					t.Logf("search during the fault: %d hits, want %d", res.Total, want[k])
				}
			}
		})
	}
	time.Sleep(2 * time.Second)
	killed := 1 // any node holds two of the six shard copies
	cl.StopNode(killed)
	t.Logf("killed node %s after %d searches", cl.NodeName(killed), searches.Load())
	duringStart := searches.Load()
	// A write while the node is down.
	late := fakeDoc("/papers/late.pdf", "late", 40)
	if _, err := ix.Put(ctx, late); err != nil {
		t.Errorf("put while a node is down: %v", err)
	}
	time.Sleep(8 * time.Second)
	during := searches.Load() - duringStart
	if err := cl.StartNode(killed); err != nil {
		t.Fatal(err)
	}
	if err := cl.WaitNodes(ctx, 3, "green"); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	t.Logf("%d searches in all, %d while the node was down; %d failed, %d partial; slowest %v",
		searches.Load(), during, failures.Load(), partial.Load(), time.Duration(slowest.Load()))
	if failures.Load() > 0 || partial.Load() > 0 {
		t.Errorf("%d searches failed and %d gave partial answers while a node was down", failures.Load(), partial.Load())
	}
	if during < 20 {
		t.Errorf("only %d searches answered while the node was down", during)
	}

	// Green again: nothing lost, from every node.
	for i, u := range cl.URLs() {
		one, err := Open(ctx, Config{URLs: []string{u}, Index: cfg.Index}, false)
		if err != nil {
			t.Fatal(err)
		}
		after := allIDs(t, one)
		one.Close()
		missing := 0
		for _, id := range before {
			if !slices.Contains(after, id) {
				missing++
			}
		}
		if missing > 0 || len(after) != len(before)+len(late.Items) {
			t.Errorf("node %s: %d items, %d of the %d before missing; want them all and the %d written during the fault",
				cl.NodeName(i), len(after), missing, len(before), len(late.Items))
		}
	}
}

// allIDs lists every item, copies included, in ID order.
func allIDs(t *testing.T, ix *Index) []string {
	t.Helper()
	var out []string
	err := ix.Each(context.Background(), search.Request{Copies: true, Sort: search.SortDate}, func(h search.Hit) error {
		out = append(out, h.Item.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}
