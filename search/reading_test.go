package search_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/names"
	"panelpapers/search"
)

// How a search reads what people type (docs/search.md), on the index of the
// shared papers that TestQuestions builds.

func searchShared(t *testing.T, req search.Request) search.Result {
	t.Helper()
	if testing.Short() {
		t.Skip("builds an index of the shared papers")
	}
	res, err := sharedPapersIndex(t).Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return res
}

func TestStopWordsAreLeftOut(t *testing.T) {
	for _, q := range []string{"funding for youth offending", "report on the precept", "what did the panel say about county lines",
		"the", "title:the precept"} {
		res := searchShared(t, search.Request{Query: q, Limit: 5})
		if q == "the" {
			if len(res.Hits) != 0 || !slices.Equal(res.Ignored, []string{"the"}) {
				t.Errorf("%q: %d hits, ignored %q; want none, and the word named", q, len(res.Hits), res.Ignored)
			}
			continue
		}
		if len(res.Hits) == 0 || len(res.Ignored) == 0 {
			t.Errorf("%q: %d hits, ignored %q", q, len(res.Hits), res.Ignored)
		}
		// Without the stop words, the same search.
		var kept []string
		for _, w := range strings.Fields(q) {
			if !slices.Contains(res.Ignored, strings.ToLower(strings.TrimPrefix(w, "title:"))) {
				kept = append(kept, w)
			}
		}
		if q == "title:the precept" {
			continue
		}
		plain := searchShared(t, search.Request{Query: strings.Join(kept, " "), Limit: 5})
		if plain.Total != res.Total {
			t.Errorf("%q finds %d, %q finds %d", q, res.Total, strings.Join(kept, " "), plain.Total)
		}
	}
	// A phrase keeps its gap: "police crime plan" is not "police and crime plan".
	gap := searchShared(t, search.Request{Query: `text:"police and crime plan"`, Limit: 20})
	if gap.Total == 0 {
		t.Fatal(`"police and crime plan": no hits`)
	}
	for _, h := range gap.Hits {
		if !strings.Contains(foldText(h.Item.Text), "police and crime plan") {
			t.Errorf(`"police and crime plan" found %s: %.80s`, h.Item.ID, h.Item.Text)
		}
	}
}

// "cafe" finds the papers' "Café": accents are folded in the index.
func TestAccentsAreFolded(t *testing.T) {
	for _, q := range []string{"refresh cafe", "refresh café", "REFRESH CAFÉ"} {
		res := searchShared(t, search.Request{Query: q, Limit: 3})
		if res.Total == 0 || !strings.Contains(strings.ToLower(res.Hits[0].Item.Text), "refresh caf") {
			t.Errorf("%q: %d hits", q, res.Total)
			continue
		}
		if hl := strings.Join(res.Hits[0].Highlights["text"], " "); !strings.Contains(hl, "<mark>Café</mark>") {
			t.Errorf("%q: highlight %q", q, hl)
		}
	}
}

func TestPartialHitsFollowWhenFewHaveEveryWord(t *testing.T) {
	res := searchShared(t, search.Request{Query: "zqxjv refresh cafe oxford", Limit: 5})
	if res.Total != 0 || len(res.Hits) == 0 {
		t.Fatalf("%d strict, %d hits: want none strict, some partial", res.Total, len(res.Hits))
	}
	for _, h := range res.Hits {
		if !h.Partial {
			t.Errorf("hit %s is not marked partial", h.Item.ID)
		}
	}
	if !strings.Contains(strings.ToLower(itemText(res.Hits[0].Item)), "refresh caf") {
		t.Errorf("first partial hit %.80s: want the Refresh Café line", res.Hits[0].Item.Text)
	}
	// Strict hits first, then partial ones, by words matched.
	res = searchShared(t, search.Request{Query: "youth offending oxfordshire zqxjv", Limit: 10})
	if len(res.Hits) == 0 || !res.Hits[0].Partial {
		t.Fatalf("%+v", res.Hits)
	}
	mixed := searchShared(t, search.Request{Query: "refresh cafe oxford", Limit: 10})
	if mixed.Total == 0 || mixed.Hits[0].Partial {
		t.Fatalf("refresh cafe oxford: total %d", mixed.Total)
	}
	seenPartial := false
	for _, h := range mixed.Hits {
		if seenPartial && !h.Partial {
			t.Error("a strict hit after a partial one")
		}
		seenPartial = seenPartial || h.Partial
	}
}

func TestShortFormsAndLongFormsSearchEachOther(t *testing.T) {
	short := searchShared(t, search.Request{Query: "ASB coordinators", Limit: 50})
	long := searchShared(t, search.Request{Query: "anti-social behaviour coordinators", Limit: 50})
	if short.Total == 0 || short.Total != long.Total {
		t.Errorf("ASB coordinators: %d hits, anti-social behaviour coordinators: %d; want the same, some", short.Total, long.Total)
	}
	if !hasExpansion(short.Expansions, "ASB", search.SourceList) || !hasExpansion(long.Expansions, "anti-social behaviour", search.SourceList) {
		t.Errorf("expansions %+v and %+v", short.Expansions, long.Expansions)
	}
	// MTFP is defined in the Kent papers ("Medium Term Financial Plan (MTFP)").
	mtfp := searchShared(t, search.Request{Query: "MTFP", Limit: 5})
	if !hasExpansion(mtfp.Expansions, "MTFP", search.SourcePapers) {
		t.Errorf("MTFP: expansions %+v; want the definition learnt from the papers", mtfp.Expansions)
	}
	// A short form marked (caps) is an ordinary word in lower case.
	send := searchShared(t, search.Request{Query: "send a letter", Limit: 1})
	if len(send.Expansions) != 0 {
		t.Errorf("send a letter: expanded %+v", send.Expansions)
	}
	if caps := searchShared(t, search.Request{Query: "SEND transport", Limit: 1}); !hasExpansion(caps.Expansions, "SEND", search.SourceList) {
		t.Errorf("SEND transport: expansions %+v", caps.Expansions)
	}
}

func hasExpansion(es []search.Expansion, term, source string) bool {
	return slices.ContainsFunc(es, func(e search.Expansion) bool { return e.Term == term && e.Source == source && len(e.Also) > 0 })
}

func TestCopiesAreLeftOutUnlessAsked(t *testing.T) {
	ix := sharedPapersIndex(t)
	if testing.Short() {
		t.Skip()
	}
	ctx := context.Background()
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Copies == 0 {
		t.Fatalf("stats %+v: the two renders of the sample pack are not recorded as copies", st)
	}
	docs, err := ix.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]corpus.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	pack := map[string]bool{"tvpcp-2018-11-16-pack.pdf": true, "tvpcp-2018-11-16-pack-libreoffice.pdf": true}
	copies := 0
	for _, d := range docs {
		if d.CopyOf != "" && pack[filepath.Base(d.Path)] {
			copies++
			if !pack[filepath.Base(byID[d.CopyOf].Path)] {
				t.Errorf("%s is recorded as a copy of %s", d.Path, byID[d.CopyOf].Path)
			}
		}
	}
	if copies != 1 {
		t.Errorf("%d renders of the pack are copies, want 1", copies)
	}
	// The copy's items are in no search, facet or total.
	req := search.Request{Query: "Refresh Cafe", Limit: 50, Facets: true}
	without := searchShared(t, req)
	req.Copies = true
	with := searchShared(t, req)
	if with.Total != 2*without.Total || without.Total == 0 {
		t.Errorf("Refresh Cafe: %d hits, %d with copies; want twice as many", without.Total, with.Total)
	}
	for _, h := range without.Hits {
		if byID[h.Item.DocID].CopyOf != "" {
			t.Errorf("hit %s is from a copy", h.Item.ID)
		}
	}
	total := func(copies bool) int64 {
		ts, err := ix.FundingTotals(ctx, search.Request{Recipient: "West Berkshire CSP", Copies: copies}, search.ByRecipient)
		if err != nil {
			t.Fatal(err)
		}
		var p int64
		for _, tot := range ts {
			p += tot.Pence
		}
		return p
	}
	// The papers award West Berkshire £73,547 and £71,384.
	if got, all := total(false), total(true); got != 14493100 || all != 2*got {
		t.Errorf("West Berkshire totals £%d.%02d (with copies £%d.%02d); want £144,931.00 once", got/100, got%100, all/100, all%100)
	}
}

func TestNamesAreComparedByTheirKey(t *testing.T) {
	// The sample pack writes the fund three ways.
	exact := searchShared(t, search.Request{Fund: "Community Safety Fund", Limit: 1000, Facets: true})
	loose := searchShared(t, search.Request{Fund: "community safety fund", Limit: 1000})
	prefixed := searchShared(t, search.Request{Fund: "PCC's Community Safety Fund", Limit: 1000})
	if exact.Total == 0 || loose.Total != exact.Total || prefixed.Total != exact.Total {
		t.Errorf("fund filter: %d, %d, %d hits; want one count", exact.Total, loose.Total, prefixed.Total)
	}
	written := map[string]bool{}
	for _, h := range exact.Hits {
		written[h.Item.Fund] = true
		if names.Key(h.Item.Fund) != names.Key("Community Safety Fund") {
			t.Errorf("fund filter found %q", h.Item.Fund)
		}
	}
	if len(written) < 2 {
		t.Errorf("the filter found the fund written %d ways: %v", len(written), written)
	}
	rows := 0
	for _, fv := range searchShared(t, search.Request{Limit: 1, Facets: true}).Facets[search.FacetFund] {
		if names.Key(fv.Value) == names.Key("Community Safety Fund") {
			rows++
			if len(fv.Variants) < 2 || fv.Count != int(exact.Total) {
				t.Errorf("fund facet row %+v: want its variants and %d items", fv, exact.Total)
			}
		}
	}
	if rows != 1 {
		t.Errorf("%d fund facet rows for the Community Safety Fund, want 1", rows)
	}
}
