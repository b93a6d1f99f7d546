package search

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"panelpapers/corpus"
)

// Feeds: every search can be followed as an Atom 1.0 feed (RFC 4287) of
// its newest matching items. "Newest" is when papers indexed them (the
// document's IngestedAt), not the meeting date: an alert wants what is new
// to it, and a batch of old papers ingested today is news to the reader.
// The index cannot sort by ingest time (it is not indexed: docs/mapping.md),
// so the feed composes Library calls: a search counts the matches; when
// there are few, Each reads them all and they are ordered here; when there
// are many, the documents are walked newest first, one search per document
// (the query AND doc:ID), until the feed is full, which for a broad search
// is after the first few documents.

const (
	feedDefaultEntries = 50
	feedMaxEntries     = 200
	// feedScanMatches: up to this many matches, read them all (Each) and
	// order them; above it, walk the documents newest first.
	feedScanMatches = 500
	atomNS          = "http://www.w3.org/2005/Atom"
	atomContentType = "application/atom+xml; charset=utf-8"
)

// atomFeed and the types below are the Atom 1.0 elements papers writes.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Title string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID        string         `xml:"id"`
	Title     atomText       `xml:"title"`
	Updated   string         `xml:"updated"`
	Published string         `xml:"published,omitempty"`
	Author    *atomPerson    `xml:"author,omitempty"`
	Links     []atomLink     `xml:"link"`
	Category  []atomCategory `xml:"category"`
	Summary   atomText       `xml:"summary"`
}

// feedNamespace is the UUID namespace of papers' feed and entry IDs.
var feedNamespace = [16]byte{0x6f, 0x1e, 0x2a, 0x9c, 0x53, 0x8b, 0x4d, 0x0e, 0x9a, 0x41, 0x7c, 0x25, 0xd3, 0x10, 0xbe, 0x84}

// nameUUID is the name-based (version 5, SHA-1) UUID of name in papers'
// namespace, as an Atom ID: "urn:uuid:…". It depends on the name only, not
// on the host the feed was fetched from, so a reader that reaches the server
// by another address still sees the same entries.
func nameUUID(name string) string {
	h := sha1.New()
	h.Write(feedNamespace[:])
	h.Write([]byte(name))
	sum := h.Sum(nil)
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// EntryID is the Atom ID of an item's entry: stable for as long as the item
// keeps its ID (a re-ingest of the same file keeps it).
func EntryID(itemID string) string { return nameUUID("item:" + itemID) }

// feedParams are the parameters that choose what a feed holds; the others
// (limit, cursor, sort) shape a page, not the feed.
func feedParams(v url.Values) url.Values {
	out := without(cleanValues(v), ParamCursor, ParamSort, ParamLimit, "facets")
	return out
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// entryTime is when an item was indexed: its document's IngestedAt, else
// (a document from before papers recorded it) its meeting date.
func entryTime(h Hit) time.Time {
	if !h.Document.IngestedAt.IsZero() {
		return h.Document.IngestedAt
	}
	if t, err := time.Parse(time.DateOnly, firstNonEmpty(h.Item.Date, h.Item.MeetingDate, h.Document.MeetingDate)); err == nil {
		return t
	}
	return time.Unix(0, 0)
}

func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	q, err := queryValues(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req, err := ParseRequest(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := ParseQuery(req.Query); err != nil {
		s.fail(w, r, err)
		return
	}
	n := feedDefaultEntries
	if req.Limit > 0 {
		n = min(req.Limit, feedMaxEntries)
	}
	ctx := r.Context()
	docs, err := s.lib.Documents(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	base := s.absoluteBase(r)
	params := feedParams(q)
	// The feed changes only when the documents do (or the merges the
	// filters read, or the address): a reader polling an unchanged index
	// gets 304 without a search.
	etag := feedETag(docs, params, n, base, fmt.Sprintf("%p", s.entities.Merges()))
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hits, err := s.newestItems(ctx, req, docs, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	feed := s.atomFeedOf(r, base, params, req, hits, docs)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		s.fail(w, r, fmt.Errorf("search: feed: %w", err))
		return
	}
	w.Header().Set("Content-Type", atomContentType)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

func feedETag(docs []corpus.Document, params url.Values, n int, base, merges string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%d\n%s\n%s\n", params.Encode(), n, base, merges)
	ids := make([]string, 0, len(docs))
	for _, d := range docs {
		ids = append(ids, d.ID+" "+d.IngestedAt.UTC().Format(time.RFC3339Nano)+" "+d.CopyOf)
	}
	slices.Sort(ids)
	for _, id := range ids {
		fmt.Fprintln(h, id)
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
}

// newestItems returns up to n items req matches, newest first by when
// their document was indexed, then by the document's meeting, then by the
// item's date (newest first; undated last) and ID. See the comment at the
// top of this file for how.
func (s *Server) newestItems(ctx context.Context, req Request, docs []corpus.Document, n int) ([]Hit, error) {
	req.Cursor, req.Facets, req.Sort = "", false, SortDateDesc
	count := req
	count.Limit = 1
	res, err := s.lib.Search(ctx, count)
	if err != nil {
		return nil, err
	}
	if res.Total == 0 {
		return nil, nil
	}
	order := make([]corpus.Document, 0, len(docs))
	for _, d := range docs {
		if d.CopyOf == "" || req.Copies {
			order = append(order, d)
		}
	}
	slices.SortStableFunc(order, compareNewestDocs)
	if res.Total <= feedScanMatches {
		var hits []Hit
		if err := s.lib.Each(ctx, req, func(h Hit) error {
			hits = append(hits, h)
			return nil
		}); err != nil {
			return nil, err
		}
		slices.SortStableFunc(hits, func(a, b Hit) int {
			return cmp.Or(compareNewestDocs(a.Document, b.Document), compareNewestItems(a, b))
		})
		return hits[:min(n, len(hits))], nil
	}
	var out []Hit
	for _, d := range order {
		if len(out) >= n {
			break
		}
		one := req
		one.Query = "doc:" + d.ID
		if strings.TrimSpace(req.Query) != "" {
			one.Query = "(" + req.Query + ") " + one.Query
		}
		one.Limit = n - len(out)
		res, err := s.lib.Search(ctx, one)
		if err != nil {
			return nil, fmt.Errorf("search: feed: document %s: %w", d.ID, err)
		}
		for _, h := range res.Hits {
			if !h.Partial { // a hit with most of the words is no match
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// compareNewestDocs orders documents newest indexed first, then newest
// meeting, then by ID.
func compareNewestDocs(a, b corpus.Document) int {
	return cmp.Or(b.IngestedAt.Compare(a.IngestedAt), strings.Compare(b.MeetingDate, a.MeetingDate), strings.Compare(a.ID, b.ID))
}

// compareNewestItems orders the items of one document as the index's -date
// sort does: newest first, undated last, then by ID.
func compareNewestItems(a, b Hit) int {
	da := firstNonEmpty(a.Item.Date, a.Item.MeetingDate, a.Document.MeetingDate)
	db := firstNonEmpty(b.Item.Date, b.Item.MeetingDate, b.Document.MeetingDate)
	if (da == "") != (db == "") {
		return boolOrder(da == "", db == "")
	}
	return cmp.Or(strings.Compare(db, da), strings.Compare(a.Item.ID, b.Item.ID))
}

// atomFeedOf builds the feed of hits for the search params.
func (s *Server) atomFeedOf(r *http.Request, base string, params url.Values, req Request, hits []Hit, docs []corpus.Document) atomFeed {
	f := atomFeed{
		ID:        nameUUID("feed:" + params.Encode()),
		Title:     atomText{Type: "text", Text: "papers: " + describeSearch(req)},
		Subtitle:  &atomText{Type: "text", Text: "The newest items matching this search, by when papers indexed them."},
		Author:    atomPerson{Name: "papers"},
		Generator: "papers",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + r.URL.RequestURI()},
			{Rel: "alternate", Type: "text/html", Href: base + pageURL("/", params)},
		},
	}
	var updated time.Time
	for _, d := range docs {
		if d.IngestedAt.After(updated) {
			updated = d.IngestedAt
		}
	}
	if len(hits) > 0 {
		updated = entryTime(hits[0])
		for _, h := range hits {
			if t := entryTime(h); t.After(updated) {
				updated = t
			}
		}
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	f.Updated = atomTime(updated)
	for _, h := range hits {
		f.Entries = append(f.Entries, atomEntryOf(h, base))
	}
	return f
}

func atomEntryOf(h Hit, base string) atomEntry {
	it, doc := h.Item, h.Document
	e := atomEntry{
		ID:       EntryID(it.ID),
		Title:    atomText{Type: "text", Text: itemTitle(it)},
		Updated:  atomTime(entryTime(h)),
		Links:    []atomLink{{Rel: "alternate", Type: "text/html", Href: base + itemURL(it.ID)}},
		Category: []atomCategory{{Term: string(it.Kind), Label: kindLabel(it.Kind)}},
	}
	if doc.ID != "" {
		typ := "application/pdf"
		if doc.Format == corpus.FormatHTML {
			typ = "text/html"
		}
		e.Links = append(e.Links, atomLink{Rel: "related", Type: typ, Href: base + citeOf(it, doc).URL, Title: "The original, at the item's page"})
	}
	if d := firstNonEmpty(it.Date, it.MeetingDate, doc.MeetingDate); d != "" {
		if t, err := time.Parse(time.DateOnly, d); err == nil {
			e.Published = atomTime(t)
		}
	}
	if body := firstNonEmpty(it.Body, doc.Body); body != "" {
		e.Author = &atomPerson{Name: body} // who published the paper
	}
	e.Summary = atomText{Type: "text", Text: entrySummary(h)}
	return e
}

// entrySummary says what an item is and where it is from, then its text:
// "Funding · £5,000.00 to Age UK Oxfordshire · Community Safety Fund ·
// Thames Valley Police and Crime Panel · 16 Nov 2018 · Agenda pack, page 19.
// …".
func entrySummary(h Hit) string {
	it, doc := h.Item, h.Document
	parts := []string{kindLabel(it.Kind)}
	if it.Amount != 0 {
		m := moneyText(it.Amount, it.Currency)
		if it.Approximate {
			m = "about " + m
		}
		if it.Recipient != "" {
			m += " to " + it.Recipient
		}
		parts = append(parts, m)
	} else if it.Recipient != "" {
		parts = append(parts, "to "+it.Recipient)
	}
	for _, v := range []string{it.Fund, firstNonEmpty(it.Body, doc.Body), dateText(firstNonEmpty(it.Date, it.MeetingDate, doc.MeetingDate))} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	where := docTitle(doc)
	if c := citeOf(it, doc); c.Text != "" && c.Text != "source" {
		where += ", " + c.Text
	}
	parts = append(parts, where)
	out := strings.Join(parts, " · ") + "."
	if x := excerpt(it.Text, 400); x != "" {
		out += "\n\n" + x
	}
	return out
}

// describeSearch names a search in words for a feed's title: its query and
// filters.
func describeSearch(req Request) string {
	var parts []string
	if req.Query != "" {
		parts = append(parts, "“"+req.Query+"”")
	}
	if len(req.Kinds) > 0 {
		labels := make([]string, len(req.Kinds))
		for i, k := range req.Kinds {
			labels[i] = strings.ToLower(kindLabel(k))
		}
		parts = append(parts, strings.Join(labels, " or "))
	}
	for _, f := range []struct{ label, value string }{
		{"body", req.Body}, {"fund", req.Fund}, {"recipient", req.Recipient}, {"funder", req.Funder},
	} {
		if f.value != "" {
			parts = append(parts, f.label+" "+f.value)
		}
	}
	if !req.From.IsZero() {
		parts = append(parts, "from "+req.From.Format(time.DateOnly))
	}
	if !req.To.IsZero() {
		parts = append(parts, "to "+req.To.Format(time.DateOnly))
	}
	if req.AmountMin != nil {
		parts = append(parts, "at least "+moneyText(*req.AmountMin, "GBP"))
	}
	if req.AmountMax != nil {
		parts = append(parts, "at most "+moneyText(*req.AmountMax, "GBP"))
	}
	if len(parts) == 0 {
		return "everything"
	}
	return strings.Join(parts, ", ")
}
