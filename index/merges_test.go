package index

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/names"
	"panelpapers/search"
)

// Manual merges apply when the index is read, so a new merge file changes
// filters, facets and totals of an index built before it, without a
// re-ingest.
func TestMergesApplyAtReadTime(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	doc := corpus.Document{ID: "d1", Path: "p.pdf", Format: corpus.FormatPDF, Body: "Manordeilo & Salem Community Council",
		MeetingDate: "2016-02-10", IngestedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	line := func(id, recipient string, amount float64) corpus.Item {
		return corpus.Item{ID: id, DocID: "d1", Kind: corpus.KindFunding, Recipient: recipient, Amount: amount, Currency: "GBP",
			Fund: "Donations", Text: "A donation to " + recipient + "."}
	}
	_, err = ix.Put(ctx, corpus.Parsed{Document: doc, Items: []corpus.Item{
		line("d1/1", "Llandeilo Junior Rugby Club", 100),
		line("d1/2", "Llandeilo Junior Rugby", 100),
		line("d1/3", "Acme Widgets", 30),
		line("d1/4", "Acme Trading", 20),
	}})
	if err != nil {
		t.Fatal(err)
	}
	count := func(req search.Request) uint64 {
		t.Helper()
		res, err := ix.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	totals := func() map[string]search.Total {
		t.Helper()
		ts, err := ix.FundingTotals(ctx, search.Request{}, search.ByRecipient)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]search.Total{}
		for _, tot := range ts {
			out[tot.Key] = tot
		}
		return out
	}

	// The bundled merges: the club written two ways is one recipient.
	if n := count(search.Request{Recipient: "llandeilo junior rugby"}); n != 2 {
		t.Errorf("recipient filter with the bundled merges: %d lines, want 2", n)
	}
	club := totals()["Llandeilo Junior Rugby Club"]
	if club.Pence != 20000 || club.Count != 2 || !slices.Equal(club.Variants, []string{"Llandeilo Junior Rugby Club", "Llandeilo Junior Rugby"}) {
		t.Errorf("merged total %+v, want £200 over 2 lines with both variants", club)
	}
	if n := count(search.Request{Recipient: "Acme"}); n != 0 {
		t.Errorf("Acme before its merge: %d lines", n)
	}

	// A user's merges, set on the open index: no re-ingest.
	user, err := names.ParseMerges(strings.NewReader("Acme = Acme Widgets = Acme Trading\n"), "user")
	if err != nil {
		t.Fatal(err)
	}
	ix.SetMerges(names.Combine(names.Bundled(), user))
	if n := count(search.Request{Recipient: "acme"}); n != 2 {
		t.Errorf("recipient=acme after the merge: %d lines, want 2", n)
	}
	if n := count(search.Request{Recipient: "Acme Widgets", Query: "trading"}); n != 1 {
		t.Errorf("a merged filter with a query: %d lines, want 1", n)
	}
	acme := totals()["Acme"]
	if acme.Pence != 5000 || acme.Count != 2 {
		t.Errorf("Acme total %+v, want £50 over 2 lines, named as its merge names it", acme)
	}
	res, err := ix.Search(ctx, search.Request{Facets: true, Kinds: []corpus.Kind{corpus.KindFunding}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if body := res.Facets[search.FacetBody]; len(body) != 1 || body[0].Count != 4 {
		t.Errorf("body facet %+v", body)
	}

	// Back to none at all: the two spellings are two recipients again.
	ix.SetMerges(&names.Merges{})
	if n := count(search.Request{Recipient: "Llandeilo Junior Rugby"}); n != 1 {
		t.Errorf("without merges: %d lines, want 1", n)
	}
}
