package search_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/names"
	"panelpapers/search"
)

type entityJSON struct {
	ID        string      `json:"id"`
	Type      string      `json:"type"`
	Name      string      `json:"name"`
	Variants  []string    `json:"variants"`
	Total     json.Number `json:"total"`
	Currency  string      `json:"currency"`
	Count     int         `json:"count"`
	CountOf   string      `json:"count_of"`
	FirstDate *string     `json:"first_date"`
	LastDate  *string     `json:"last_date"`
	URL       string      `json:"url"`
	Years     []struct {
		Year  *string     `json:"year"`
		Count int         `json:"count"`
		Total json.Number `json:"total"`
		Items []struct {
			ID        string      `json:"id"`
			URL       string      `json:"url"`
			Date      string      `json:"date"`
			Amount    json.Number `json:"amount"`
			Recipient string      `json:"recipient"`
			Funder    string      `json:"funder"`
			Fund      string      `json:"fund"`
			Citation  struct {
				URL string `json:"url"`
			} `json:"citation"`
		} `json:"items"`
		Papers []struct {
			ID          string `json:"id"`
			MeetingDate string `json:"meeting_date"`
		} `json:"papers"`
	} `json:"years"`
	SearchURL string `json:"search_url"`
	FeedURL   string `json:"feed_url"`
}

func pence(t *testing.T, n json.Number) int64 {
	t.Helper()
	if n == "" {
		return 0
	}
	whole, frac, ok := strings.Cut(string(n), ".")
	if !ok || len(frac) != 2 {
		t.Fatalf("amount %q is not exact to the penny", n)
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("amount %q", n)
	}
	return w*100 + f
}

func sharedServer(t *testing.T) (*httptest.Server, index.Store) {
	t.Helper()
	ix := sharedPapersIndex(t)
	srv := httptest.NewServer(search.NewServer(ix, search.Options{}).Handler())
	t.Cleanup(srv.Close)
	return srv, ix
}

var entityIDPattern = regexp.MustCompile(`^(recipient|funder|fund|body)-[\p{Ll}\p{N}]+(-[\p{Ll}\p{N}]+)*$`)

// The entities of the shared papers agree with the funding totals, which
// the index counts another way (terms of the matching lines, not Each over
// them): one entity per total row, with the same name, sum and count.
func TestEntitiesAgreeWithFundingTotals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of the shared papers")
	}
	srv, _ := sharedServer(t)
	start := time.Now()
	var all []entityJSON
	getJSON(t, srv, "/api/entities", 200, &all)
	t.Logf("entities of the shared papers: %d, first request (building them) %v", len(all), time.Since(start).Round(time.Millisecond))
	byType := map[string][]entityJSON{}
	ids := map[string]bool{}
	for _, e := range all {
		byType[e.Type] = append(byType[e.Type], e)
		if !entityIDPattern.MatchString(e.ID) || !strings.HasPrefix(e.ID, e.Type+"-") {
			t.Errorf("entity ID %q is not type-slug", e.ID)
		}
		if ids[e.ID] {
			t.Errorf("entity ID %q twice", e.ID)
		}
		ids[e.ID] = true
		if e.URL != "/entities/"+e.ID || len(e.Variants) == 0 || e.Count == 0 {
			t.Errorf("entity %+v", e)
		}
		if e.FirstDate != nil && e.LastDate != nil && *e.FirstDate > *e.LastDate {
			t.Errorf("%s: first %s after last %s", e.ID, *e.FirstDate, *e.LastDate)
		}
	}
	for _, typ := range []string{"recipient", "funder", "fund"} {
		var totals []totalJSON
		getJSON(t, srv, "/api/funding/totals?group_by="+typ, 200, &totals)
		rows := map[string]totalJSON{}
		for _, tot := range totals {
			if tot.Key != "" {
				rows[tot.Key] = tot
			}
		}
		if len(rows) != len(byType[typ]) || len(rows) == 0 {
			t.Errorf("%s: %d entities, %d total rows", typ, len(byType[typ]), len(rows))
		}
		for _, e := range byType[typ] {
			tot, ok := rows[e.Name]
			if !ok {
				t.Errorf("%s entity %q has no total row", typ, e.Name)
				continue
			}
			if pence(t, e.Total) != pence(t, tot.Total) || e.Count != tot.Count || e.CountOf != "funding_lines" {
				t.Errorf("%s %q: entity %s over %d, total %s over %d", typ, e.Name, e.Total, e.Count, tot.Total, tot.Count)
			}
		}
		for i := 1; i < len(byType[typ]); i++ {
			if pence(t, byType[typ][i].Total) > pence(t, byType[typ][i-1].Total) {
				t.Errorf("%s: not largest first at %d", typ, i)
			}
		}
	}
	// Bodies count papers: the documents that are not copies.
	var docs struct {
		Documents []struct {
			Body   string `json:"body"`
			CopyOf string `json:"copy_of"`
		} `json:"documents"`
	}
	getJSON(t, srv, "/api/documents", 200, &docs)
	papers := map[string]int{}
	for _, d := range docs.Documents {
		if d.CopyOf == "" && names.Key(d.Body) != "" {
			papers[names.Bundled().Canon(names.Key(d.Body))]++
		}
	}
	if len(byType["body"]) != len(papers) {
		t.Errorf("%d body entities, %d bodies among the documents", len(byType["body"]), len(papers))
	}
	for _, e := range byType["body"] {
		if e.CountOf != "papers" || e.Total != "" || e.Count != papers[names.Bundled().Canon(names.Key(e.Name))] {
			t.Errorf("body %q: %d %s (total %q), documents say %d", e.Name, e.Count, e.CountOf, e.Total, papers[names.Key(e.Name)])
		}
	}
}

// An entity's page data adds up: its years' lines and sums are its count
// and total, every line names it, and its dates bound its lines'. The
// Carmarthenshire young farmers are the case: one organisation
// the papers wrote two ways, given money in 2016 and in 2019.
func TestEntityDetailAddsUp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of the shared papers")
	}
	srv, ix := sharedServer(t)
	var found []entityJSON
	getJSON(t, srv, "/api/entities?type=recipient&q=young+farmers", 200, &found)
	var yfc *entityJSON
	for i, e := range found {
		if strings.HasPrefix(e.Name, "Carmarthenshire Federation") {
			yfc = &found[i]
		}
	}
	if yfc == nil {
		t.Fatalf("q=young farmers: no Carmarthenshire federation among %+v", found)
	}
	if !slices.Contains(yfc.Variants, "Carmarthenshire Federation of YFCs") || !slices.Contains(yfc.Variants, "Carmarthenshire Federation of Young Farmers") {
		t.Errorf("variants %q: want both ways the papers wrote it", yfc.Variants)
	}
	if *yfc.FirstDate != "2016-02-10" || *yfc.LastDate != "2019-02-06" || pence(t, yfc.Total) != 15000 || yfc.Count != 2 {
		t.Errorf("federation: %s over %d, %v to %v; want £150.00 over 2, 2016-02-10 to 2019-02-06", yfc.Total, yfc.Count, *yfc.FirstDate, *yfc.LastDate)
	}

	var all []entityJSON
	getJSON(t, srv, "/api/entities", 200, &all)
	checked := 0
	for _, e := range all {
		var d entityJSON
		getJSON(t, srv, "/api/entities/"+url.PathEscape(e.ID), 200, &d)
		if d.ID != e.ID || d.Name != e.Name || d.Total != e.Total || d.Count != e.Count {
			t.Errorf("%s: detail %+v differs from the list's %+v", e.ID, d, e)
		}
		var sum int64
		n := 0
		first, last := "", ""
		for i, y := range d.Years {
			if i > 0 && y.Year != nil && d.Years[i-1].Year != nil && *y.Year <= *d.Years[i-1].Year {
				t.Errorf("%s: years out of order", e.ID)
			}
			n += y.Count
			var ySum int64
			for _, l := range y.Items {
				ySum += pence(t, l.Amount)
				if y.Year != nil && !strings.HasPrefix(l.Date, *y.Year) {
					t.Errorf("%s: line %s of %s in year %s", e.ID, l.ID, l.Date, *y.Year)
				}
				name := map[string]string{"recipient": l.Recipient, "funder": l.Funder, "fund": l.Fund}[e.Type]
				if search.EntityIDOf(search.EntityType(e.Type), name, names.Bundled()) != e.ID {
					t.Errorf("%s: line %s names %q", e.ID, l.ID, name)
				}
				if l.URL != "/items/"+l.ID || !strings.HasPrefix(l.Citation.URL, "/api/documents/") {
					t.Errorf("%s: line %s links %q, %q", e.ID, l.ID, l.URL, l.Citation.URL)
				}
				if l.Date != "" {
					first, last = minDate(first, l.Date), max(last, l.Date)
				}
			}
			for _, p := range y.Papers {
				if p.MeetingDate != "" {
					first, last = minDate(first, p.MeetingDate), max(last, p.MeetingDate)
				}
			}
			if got := len(y.Items) + len(y.Papers); got != y.Count {
				t.Errorf("%s %v: count %d, listed %d", e.ID, y.Year, y.Count, got)
			}
			if e.Type != "body" && pence(t, y.Total) != ySum {
				t.Errorf("%s %v: total %s, lines sum to %d pence", e.ID, y.Year, y.Total, ySum)
			}
			sum += ySum
		}
		if n != e.Count || e.Type != "body" && sum != pence(t, e.Total) {
			t.Errorf("%s: years hold %d (%d pence), entity %d (%s)", e.ID, n, sum, e.Count, e.Total)
		}
		if first != deref(e.FirstDate) || last != deref(e.LastDate) {
			t.Errorf("%s: lines run %s to %s, entity says %v to %v", e.ID, first, last, deref(e.FirstDate), deref(e.LastDate))
		}
		// The search the page links to finds the same lines.
		if e.Type != "body" {
			v, _ := url.ParseQuery(strings.TrimPrefix(d.FeedURL, "/api/feed?"))
			res, err := ix.Search(context.Background(), search.Request{Kinds: []corpus.Kind{corpus.KindFunding},
				Recipient: v.Get("recipient"), Funder: v.Get("funder"), Fund: v.Get("fund"), Limit: 1})
			if err != nil || int(res.Total) != e.Count {
				t.Errorf("%s: its filter %v finds %d lines (%v), the entity has %d", e.ID, v, res.Total, err, e.Count)
			}
		}
		checked++
	}
	if checked < 50 {
		t.Errorf("checked %d entities", checked)
	}
}

func minDate(a, b string) string {
	if a == "" || b < a {
		return b
	}
	return a
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestEntityAPIErrors(t *testing.T) {
	srv := apiServer(t)
	getJSON(t, srv, "/api/entities?type=council", 400, nil)
	getJSON(t, srv, "/api/entities?limit=0", 400, nil)
	getJSON(t, srv, "/api/entities/recipient-nobody-at-all", 404, nil)
	getJSON(t, srv, "/api/entities/person-smith", 404, nil)
	var some []entityJSON
	getJSON(t, srv, "/api/entities?limit=2", 200, &some)
	if len(some) != 2 {
		t.Errorf("limit=2 gave %d", len(some))
	}
	var none []entityJSON
	getJSON(t, srv, "/api/entities?q=zzzz+nothing", 200, &none)
	if none == nil || len(none) != 0 {
		t.Errorf("no match: %v, want []", none)
	}
}

// Entity IDs depend on the names only: a server built again over the same
// papers (a restart) gives the same IDs, and a name merged into another
// still finds it.
func TestEntityIDsAreStable(t *testing.T) {
	ids := func() []string {
		srv := apiServer(t)
		var all []entityJSON
		getJSON(t, srv, "/api/entities", 200, &all)
		var out []string
		for _, e := range all {
			out = append(out, e.ID)
		}
		slices.Sort(out)
		return out
	}
	a, b := ids(), ids()
	if !slices.Equal(a, b) || len(a) == 0 {
		t.Errorf("IDs differ between two servers: %d and %d", len(a), len(b))
	}
	if got := search.EntityID(search.EntityRecipient, names.Key("Oxfordshire CSP")); got != "recipient-oxfordshire-community-safety-partnership" {
		t.Errorf("EntityID = %q", got)
	}
	long := strings.Repeat("very long recipient name ", 8)
	id := search.EntityID(search.EntityRecipient, names.Key(long))
	if len(id) > 80 || id == search.EntityID(search.EntityRecipient, names.Key(long+"x")) {
		t.Errorf("a long name's ID %q is too long or not unique", id)
	}
	// A name merged into another keeps answering under its own ID.
	srv := apiServer(t)
	var e entityJSON
	getJSON(t, srv, "/api/entities/recipient-drugfam-berkshire", 200, &e)
	if e.ID != "recipient-drugfam" || len(e.Variants) != 3 {
		t.Errorf("DrugFAM (Berkshire) answered %+v, want the merged DrugFAM", e)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(srv.URL + "/entities/recipient-drugfam-berkshire")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/entities/recipient-drugfam" {
		t.Errorf("old entity page: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// The server counts entities again after an ingest it ran, and under a
// merge file as soon as it changes.
func TestEntitiesFollowIngestsAndMerges(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(t.TempDir(), index.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	put := func(docID, recipient string, amount float64) {
		t.Helper()
		doc := corpus.Document{ID: docID, Path: docID + ".pdf", Format: corpus.FormatPDF, Body: "Tintern Community Council", MeetingDate: "2018-02-26", IngestedAt: time.Now()}
		_, err := ix.Put(ctx, corpus.Parsed{Document: doc, Items: []corpus.Item{{ID: docID + "-1", DocID: docID, Kind: corpus.KindFunding,
			Recipient: recipient, Amount: amount, Currency: "GBP", Text: "A grant to " + recipient + "."}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	put("d1", "Tintern Festivals Association", 500)
	src := &switchableMerges{}
	src.set(names.Bundled())
	ix.SetMerges(src)
	srv := httptest.NewServer(search.NewServer(ix, search.Options{Merges: src, IngestToken: "tok",
		Ingest: func(ctx context.Context, req search.IngestRequest, events func(search.IngestEvent)) error {
			put("d2", "Tintern Festivals Assoc", 250)
			return nil
		}}).Handler())
	defer srv.Close()
	recipients := func() map[string]entityJSON {
		var all []entityJSON
		getJSON(t, srv, "/api/entities?type=recipient", 200, &all)
		out := map[string]entityJSON{}
		for _, e := range all {
			out[e.Name] = e
		}
		return out
	}
	if got := recipients(); len(got) != 1 {
		t.Fatalf("before the ingest: %v", got)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/admin/ingest", strings.NewReader(`{"paths":["/tmp/x.pdf"]}`))
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := recipients(); len(got) != 2 {
		t.Fatalf("after the ingest: %d recipients, want the new one too", len(got))
	}
	m, err := names.ParseMerges(strings.NewReader("Tintern Festivals Association = Tintern Festivals Assoc\n"), "user")
	if err != nil {
		t.Fatal(err)
	}
	src.set(names.Combine(names.Bundled(), m))
	got := recipients()
	if e := got["Tintern Festivals Association"]; len(got) != 1 || e.Count != 2 || pence(t, e.Total) != 75000 {
		t.Fatalf("after the merge: %+v", got)
	}
}

// switchableMerges is a merge source a test can change, as a user edits
// their merge file.
type switchableMerges struct{ m atomic.Pointer[names.Merges] }

func (s *switchableMerges) Merges() *names.Merges { return s.m.Load() }
func (s *switchableMerges) set(m *names.Merges)   { s.m.Store(m) }
