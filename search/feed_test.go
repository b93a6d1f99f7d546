package search_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"panelpapers/corpus"
	"panelpapers/search"
)

// fetchFeed GETs a feed (with Host set to host when not "") and checks it
// is Atom 1.0 to gofeed's parser and to checkAtom, returning it parsed.
func fetchFeed(t *testing.T, srv *httptest.Server, path, host string) (*atom.Feed, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d: %s", path, resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Fatalf("GET %s: content type %q", path, ct)
	}
	if typ := gofeed.DetectFeedType(bytes.NewReader(body)); typ != gofeed.FeedTypeAtom {
		t.Fatalf("GET %s: gofeed detects %v, not Atom", path, typ)
	}
	f, err := (&atom.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("GET %s: gofeed's Atom parser: %v\n%s", path, err, body)
	}
	if f.Version != "1.0" {
		t.Fatalf("GET %s: Atom version %q", path, f.Version)
	}
	if problems := checkAtom(body); len(problems) > 0 {
		t.Fatalf("GET %s: not valid Atom 1.0:\n%s", path, strings.Join(problems, "\n"))
	}
	return f, body
}

// checkAtom checks what RFC 4287 requires of a feed that gofeed's lenient
// parser does not: one id, title and updated in the feed and in each entry,
// absolute IRIs for ids and links, RFC 3339 dates, an author for every
// entry (its own or the feed's), an alternate link or content in each
// entry, text constructs of a known type, one alternate link per type, and
// unique entry ids.
func checkAtom(body []byte) []string {
	type link struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	}
	type text struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	type person struct {
		Name []string `xml:"name"`
	}
	type entry struct {
		ID      []string `xml:"id"`
		Title   []text   `xml:"title"`
		Updated []string `xml:"updated"`
		Pub     []string `xml:"published"`
		Authors []person `xml:"author"`
		Links   []link   `xml:"link"`
		Summary []text   `xml:"summary"`
		Content []text   `xml:"content"`
	}
	var f struct {
		XMLName xml.Name
		ID      []string `xml:"id"`
		Title   []text   `xml:"title"`
		Updated []string `xml:"updated"`
		Authors []person `xml:"author"`
		Links   []link   `xml:"link"`
		Entries []entry  `xml:"entry"`
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if err := xml.Unmarshal(body, &f); err != nil {
		return []string{"not XML: " + err.Error()}
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
		bad("root %v is not atom:feed", f.XMLName)
	}
	absolute := func(what, s string) {
		u, err := url.Parse(s)
		if err != nil || !u.IsAbs() {
			bad("%s %q is not an absolute IRI", what, s)
		}
	}
	date := func(what, s string) {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			bad("%s %q is not an RFC 3339 date-time", what, s)
		}
	}
	textType := func(what string, ts []text) {
		for _, t := range ts {
			if t.Type != "" && t.Type != "text" && t.Type != "html" && t.Type != "xhtml" {
				bad("%s has type %q", what, t.Type)
			}
		}
	}
	links := func(what string, ls []link) (alternate bool) {
		seen := map[string]bool{}
		for _, l := range ls {
			absolute(what+" link", l.Href)
			if l.Rel == "" || l.Rel == "alternate" {
				if seen[l.Type] {
					bad("%s has two alternate links of type %q", what, l.Type)
				}
				seen[l.Type], alternate = true, true
			}
		}
		return alternate
	}
	one := func(what string, n int) {
		if n != 1 {
			bad("%s: %d, want exactly one", what, n)
		}
	}
	one("feed id", len(f.ID))
	one("feed title", len(f.Title))
	one("feed updated", len(f.Updated))
	for _, id := range f.ID {
		absolute("feed id", id)
	}
	for _, u := range f.Updated {
		date("feed updated", u)
	}
	textType("feed title", f.Title)
	links("feed", f.Links)
	if !slices.ContainsFunc(f.Links, func(l link) bool { return l.Rel == "self" }) {
		bad("feed has no rel=self link")
	}
	ids := map[string]bool{}
	for i, e := range f.Entries {
		what := fmt.Sprintf("entry %d", i)
		one(what+" id", len(e.ID))
		one(what+" title", len(e.Title))
		one(what+" updated", len(e.Updated))
		for _, id := range e.ID {
			absolute(what+" id", id)
			if ids[id] {
				bad("%s: id %s used twice", what, id)
			}
			ids[id] = true
		}
		for _, u := range append(e.Updated, e.Pub...) {
			date(what+" date", u)
		}
		textType(what+" title", e.Title)
		textType(what+" summary", e.Summary)
		if len(e.Authors) == 0 && len(f.Authors) == 0 {
			bad("%s has no author and neither has the feed", what)
		}
		for _, a := range append(e.Authors, f.Authors...) {
			one(what+" author name", len(a.Name))
		}
		if !links(what, e.Links) && len(e.Content) == 0 {
			bad("%s has neither content nor an alternate link", what)
		}
		if len(e.Summary) > 1 {
			bad("%s has %d summaries", what, len(e.Summary))
		}
	}
	return problems
}

func linkOf(ls []*atom.Link, rel string) string {
	for _, l := range ls {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// A feed's entries are items with stable IDs, updated when their document
// was indexed, linking to the item's page; the feed and its entries keep
// their IDs whatever host the feed is fetched by.
func TestFeedEntriesAreItems(t *testing.T) {
	srv := apiServer(t)
	f, _ := fetchFeed(t, srv, "/api/feed?q=county+lines", "")
	if len(f.Entries) == 0 {
		t.Fatal("no entries")
	}
	if linkOf(f.Links, "self") != srv.URL+"/api/feed?q=county+lines" || linkOf(f.Links, "alternate") != srv.URL+"/?q=county+lines" {
		t.Errorf("feed links %v", f.Links)
	}
	docs := map[string]time.Time{}
	var list struct {
		Documents []struct {
			ID         string    `json:"id"`
			IngestedAt time.Time `json:"ingested_at"`
		} `json:"documents"`
	}
	getJSON(t, srv, "/api/documents", 200, &list)
	for _, d := range list.Documents {
		docs[d.ID] = d.IngestedAt
	}
	var newest time.Time
	for i, e := range f.Entries {
		alt := linkOf(e.Links, "alternate")
		itemID := strings.TrimPrefix(alt, srv.URL+"/items/")
		if itemID == alt || e.ID != search.EntryID(itemID) {
			t.Fatalf("entry %d: id %s, link %s", i, e.ID, alt)
		}
		var item struct {
			Item     corpus.Item `json:"item"`
			Document struct {
				ID string `json:"id"`
			} `json:"document"`
		}
		getJSON(t, srv, "/api/items/"+itemID, 200, &item)
		if e.UpdatedParsed == nil || !e.UpdatedParsed.Equal(docs[item.Document.ID].Truncate(time.Second)) {
			t.Errorf("entry %s: updated %v, its document was indexed %v", itemID, e.UpdatedParsed, docs[item.Document.ID])
		}
		if i > 0 && e.UpdatedParsed.After(*f.Entries[i-1].UpdatedParsed) {
			t.Errorf("entry %d is newer than the one before it", i)
		}
		if e.UpdatedParsed.After(newest) {
			newest = *e.UpdatedParsed
		}
		if !strings.HasPrefix(linkOf(e.Links, "related"), srv.URL+"/api/documents/") || e.Summary == "" || e.Title == "" {
			t.Errorf("entry %s: %+v", itemID, e)
		}
		resp, err := http.Get(alt)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("entry link %s: %v %v", alt, err, resp.Status)
		}
		resp.Body.Close()
	}
	if f.UpdatedParsed == nil || !f.UpdatedParsed.Equal(newest) {
		t.Errorf("feed updated %v, newest entry %v", f.UpdatedParsed, newest)
	}

	// Another host: the same IDs, links to that host.
	g, _ := fetchFeed(t, srv, "/api/feed?q=county+lines", "papers.example.org")
	if g.ID != f.ID || len(g.Entries) != len(f.Entries) {
		t.Fatalf("feed id %s/%s, %d/%d entries", f.ID, g.ID, len(f.Entries), len(g.Entries))
	}
	for i := range g.Entries {
		if g.Entries[i].ID != f.Entries[i].ID || !strings.HasPrefix(linkOf(g.Entries[i].Links, "alternate"), "http://papers.example.org/items/") {
			t.Errorf("entry %d by another host: %s %s", i, g.Entries[i].ID, linkOf(g.Entries[i].Links, "alternate"))
		}
	}
	// A configured address wins over the request's.
	based := httptest.NewServer(search.NewServer(sampleIndex(t), search.Options{BaseURL: "https://papers.example.org/"}).Handler())
	defer based.Close()
	h, _ := fetchFeed(t, based, "/api/feed?q=county+lines", "")
	if !strings.HasPrefix(linkOf(h.Entries[0].Links, "alternate"), "https://papers.example.org/items/") || h.ID != f.ID {
		t.Errorf("with BaseURL: %s", linkOf(h.Entries[0].Links, "alternate"))
	}
	// Filters hold: a feed of one kind has only that kind.
	k, _ := fetchFeed(t, srv, "/api/feed?kind=funding&limit=7", "")
	if len(k.Entries) != 7 {
		t.Errorf("limit=7: %d entries", len(k.Entries))
	}
	for _, e := range k.Entries {
		if len(e.Categories) != 1 || e.Categories[0].Term != "funding" {
			t.Errorf("kind=funding feed has %+v", e.Categories)
		}
	}
}

func TestFeedNotModifiedAndErrors(t *testing.T) {
	srv := apiServer(t)
	resp, err := http.Get(srv.URL + "/api/feed?q=precept")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/feed?q=precept", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match the ETag: %d, want 304", resp.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/api/feed?q=flood", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("another search with the first's ETag: %d, want 200", resp.StatusCode)
	}
	getJSON(t, srv, "/api/feed?q=%22unclosed", 400, nil)
	getJSON(t, srv, "/api/feed?kind=nonsense", 400, nil)
	f, _ := fetchFeed(t, srv, "/api/feed?q=zzzqqq+nothing", "")
	if len(f.Entries) != 0 || f.Updated == "" {
		t.Errorf("a feed that matches nothing: %d entries, updated %q", len(f.Entries), f.Updated)
	}
}

// feedOrder is the order a feed promises, computed the slow way: every
// match, newest indexed document first, then newest meeting, then the
// document's ID; in a document, newest item first, undated last, then ID.
func feedOrder(t *testing.T, lib search.Library, req search.Request) []string {
	t.Helper()
	var hits []search.Hit
	if err := lib.Each(context.Background(), req, func(h search.Hit) error {
		hits = append(hits, h)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	date := func(h search.Hit) string {
		return firstNonEmpty(h.Item.Date, h.Item.MeetingDate, h.Document.MeetingDate)
	}
	slices.SortStableFunc(hits, func(a, b search.Hit) int {
		da, db := date(a), date(b)
		undated := 0
		if (da == "") != (db == "") {
			undated = 1
			if db == "" {
				undated = -1
			}
		}
		return cmp.Or(b.Document.IngestedAt.Compare(a.Document.IngestedAt), strings.Compare(b.Document.MeetingDate, a.Document.MeetingDate),
			strings.Compare(a.Document.ID, b.Document.ID), undated, strings.Compare(db, da), strings.Compare(a.Item.ID, b.Item.ID))
	})
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = search.EntryID(h.Item.ID)
	}
	return out
}

// The feeds of the question set over the shared papers are all valid Atom,
// and hold the newest matches in the promised order, whichever way the
// server found them: reading every match (few) or walking the documents
// newest first (many).
func TestFeedsOfTheSharedPapers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of the shared papers")
	}
	srv, ix := sharedServer(t)
	queries := []string{"", "kind=section", "kind=funding", "q=grant", "q=police", "recipient=drugfam"}
	for _, q := range loadQuestions(t) {
		queries = append(queries, url.Values{"q": {q.Query}}.Encode())
	}
	valid, entries, walked := 0, 0, 0
	start := time.Now()
	for _, q := range queries {
		v, _ := url.ParseQuery(q)
		f, _ := fetchFeed(t, srv, "/api/feed?"+q, "")
		valid++
		entries += len(f.Entries)
		req, err := search.ParseRequest(v)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(context.Background(), search.Request{Query: req.Query, Kinds: req.Kinds, Recipient: req.Recipient, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total > 500 {
			walked++
		}
		want := feedOrder(t, ix, req)
		want = want[:min(50, len(want))]
		got := make([]string, len(f.Entries))
		for i, e := range f.Entries {
			got[i] = e.ID
		}
		if !slices.Equal(got, want) {
			t.Errorf("feed %q (%d matches): %d entries not in the promised order (want %d)", q, res.Total, len(got), len(want))
		}
	}
	t.Logf("%d feeds of the shared papers valid Atom 1.0 (gofeed and RFC 4287 checks), %d entries, %d walked the documents; %v",
		valid, entries, walked, time.Since(start).Round(time.Millisecond))
	if walked == 0 || walked == len(queries) {
		t.Errorf("%d of %d feeds walked the documents: both ways must be tested", walked, len(queries))
	}
}
