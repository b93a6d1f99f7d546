package index

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"panelpapers/corpus"
	"panelpapers/search"
)

// Items dated on the days where whole-year terms and numeric ranges could
// disagree: the first and last days of years, leap days, and items dated
// only by their meeting.
func datedFixtures() []corpus.Parsed {
	var days []string
	for y := 2015; y <= 2021; y++ {
		days = append(days, fmt.Sprintf("%d-01-01", y), fmt.Sprintf("%d-01-02", y), fmt.Sprintf("%d-06-15", y),
			fmt.Sprintf("%d-12-30", y), fmt.Sprintf("%d-12-31", y))
	}
	days = append(days, "2016-02-29", "2020-02-29", "")
	var out []corpus.Parsed
	for d, day := range days {
		meeting := day
		if meeting == "" {
			meeting = "2019-03-01" // an undated item takes its meeting's date
		}
		doc := corpus.Document{ID: fmt.Sprintf("dd%04d", d), Path: fmt.Sprintf("corpus/dated-%d.html", d),
			Format: corpus.FormatHTML, Title: "Minutes " + meeting, Body: tvpcp, MeetingDate: meeting}
		p := corpus.Parsed{Document: doc}
		for i := range 2 {
			it := corpus.Item{ID: fmt.Sprintf("%s/%d", doc.ID, i), DocID: doc.ID, Kind: corpus.KindMinute,
				Title: "Budget monitoring", Text: "The Panel noted the budget monitoring report."}
			if i == 0 {
				it.Date = day
			}
			p.Items = append(p.Items, it)
		}
		out = append(out, p)
	}
	return out
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDateRangeEqualsNumericRange(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.PutAll(ctx, datedFixtures()); err != nil {
		t.Fatal(err)
	}
	// Every pair of these bounds, in order: whole years, part-years at
	// either end, one day, ranges inside a year and across many.
	var bounds []time.Time
	for _, s := range []string{"2014-12-31", "2015-01-01", "2015-01-02", "2015-12-31", "2016-01-01", "2016-02-29",
		"2016-12-30", "2017-01-01", "2018-06-15", "2018-12-31", "2019-01-01", "2019-03-01", "2020-12-31", "2021-12-31", "2022-01-01"} {
		bounds = append(bounds, day(s))
	}
	matching := func(q query.Query) []string {
		sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, termQ(fType, typeItem)), 1000, 0, false)
		sr.SortBy([]string{"_id"})
		res, err := ix.idx.SearchInContext(ctx, sr)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		return out
	}
	checked := 0
	for i, from := range bounds {
		for _, to := range bounds[i:] {
			want := matching(numericDateRange(from, to))
			got := matching(dateRange(from, to))
			if !slices.Equal(got, want) {
				t.Errorf("%s..%s: year terms match %v, the numeric range %v", from.Format(time.DateOnly), to.Format(time.DateOnly), got, want)
			}
			if len(want) > 0 {
				checked++
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d ranges matched anything: the fixtures do not exercise the rewrite", checked)
	}
	// Open ends stay numeric ranges, and match the same.
	for _, b := range bounds {
		if got, want := matching(dateRange(b, time.Time{})), matching(numericDateRange(b, time.Time{})); !slices.Equal(got, want) {
			t.Errorf("from %s: %v, want %v", b.Format(time.DateOnly), got, want)
		}
		if got, want := matching(dateRange(time.Time{}, b)), matching(numericDateRange(time.Time{}, b)); !slices.Equal(got, want) {
			t.Errorf("to %s: %v, want %v", b.Format(time.DateOnly), got, want)
		}
	}
}

// A search without type:item must still find items only: document and
// chunk records share the body and doc_id fields, and their IDs would
// break the reading of hits.
func TestSearchesMatchItemsOnly(t *testing.T) {
	ix := openFixtures(t)
	ctx := context.Background()
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"", "minutes", `"agenda pack"`, "-county", "doc:a1a1", "doc:a1a1 OR county", "body:thames",
		"county OR -rural", "date:2018", "page:1", "amount:>0", "kind:minute OR doc:c3c3", "title:minutes"} {
		for _, req := range []search.Request{{Query: q}, {Query: q, Body: tvpcp}, {Query: q, Kinds: []corpus.Kind{corpus.KindMinute}},
			{Query: q, From: day("2018-01-01"), To: day("2019-12-31")}} {
			req.Limit = search.MaxLimit
			res, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatalf("%+v: %v", req, err)
			}
			if res.Total > uint64(st.Items) || int(res.Total) != len(res.Hits) {
				t.Errorf("%+v: total %d with %d hits, of %d items", req, res.Total, len(res.Hits), st.Items)
			}
			for _, h := range res.Hits {
				if h.Item.ID == "" || h.Item.DocID != h.Document.ID {
					t.Errorf("%+v: hit %+v is not an item of its document", req, h.Item)
				}
			}
		}
	}
}

func TestMatchesItemsOnly(t *testing.T) {
	for q, want := range map[string]bool{
		"":                         false,
		"county":                   true,
		`"county lines"`:           true,
		"-county":                  false,
		"doc:a1a1":                 false,
		"doc:a1a1 county":          true,
		"doc:a1a1 OR county":       false,
		"county OR rural":          true,
		"body:thames":              true, // body_text is an item field
		"date:2018 OR page:3":      true,
		"NOT doc:a1a1 kind:minute": true,
	} {
		n, err := search.ParseQuery(q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if got := matchesItemsOnly(n); got != want {
			t.Errorf("%q (%#v): %v, want %v", q, n, got, want)
		}
	}
}

// page: ranges, kept as terms, match exactly the pages a number range would,
// for every form the query language has.
func TestPageRanges(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	doc := corpus.Document{ID: "pp01", Path: "corpus/pages.pdf", Format: corpus.FormatPDF, Body: tvpcp, MeetingDate: "2020-01-01"}
	p := corpus.Parsed{Document: doc}
	pages := []int{0, 1, 2, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 2000000}
	for i, pg := range pages {
		p.Items = append(p.Items, corpus.Item{ID: fmt.Sprintf("pp01/%02d", i), DocID: doc.ID, Kind: corpus.KindSection,
			Page: pg, Title: "Budget", Text: "The budget report."})
	}
	if _, err := ix.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"page:10", "page:0", "page:1..10", "page:>10", "page:>=10", "page:<10", "page:<=10",
		"page:>99.5", "page:<100.5", "page:10.5", "page:9..100", "page:>999999", "page:>=2000000", "page:>0", "page:<1"} {
		n, err := search.ParseQuery(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		r := n.(search.NumberRange)
		var want []string
		for i, pg := range pages {
			v := float64(min(pg, maxPage))
			if pg <= 0 { // no page: never matched
				continue
			}
			if r.Min != nil && (v < *r.Min || v == *r.Min && !r.MinInclusive) {
				continue
			}
			if r.Max != nil && (v > *r.Max || v == *r.Max && !r.MaxInclusive) {
				continue
			}
			want = append(want, fmt.Sprintf("pp01/%02d", i))
		}
		res, err := ix.Search(ctx, search.Request{Query: q, Sort: search.SortDate, Limit: 100})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		got := ids(res)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
	items, err := ix.ItemsOf(ctx, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var order []int
	for _, it := range items {
		order = append(order, it.Page)
	}
	if want := []int{1, 2, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 2000000, 0}; !slices.Equal(order, want) {
		t.Errorf("ItemsOf pages %v, want %v", order, want)
	}
}
