package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"panelpapers/corpus"
	"panelpapers/names"
	"panelpapers/search"
)

var _ search.Searcher = (*Index)(nil)

func termQ(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

// filterQueries turns a request's filters into queries to AND with the
// user's, and says whether one of them matches items only. Without such a
// clause the conjunction needs type:item, a list of every item, to keep
// documents and chunks out. From and To are whole days: To includes every
// item dated that day.
func filterQueries(req search.Request, m *names.Merges) (qs []query.Query, itemsOnly bool) {
	if len(req.Kinds) == 1 {
		qs = append(qs, termQ(fKind, string(req.Kinds[0])))
	} else if len(req.Kinds) > 1 {
		var kinds []query.Query
		for _, k := range req.Kinds {
			kinds = append(kinds, termQ(fKind, string(k)))
		}
		qs = append(qs, bleve.NewDisjunctionQuery(kinds...))
	}
	for _, f := range []struct{ field, name string }{
		{fBodyKey, req.Body}, {fFundKey, req.Fund}, {fRecipientKey, req.Recipient}, {fFunderKey, req.Funder},
	} {
		if f.name != "" {
			qs = append(qs, nameFilter(f.field, f.name, m))
		}
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		qs = append(qs, dateRange(req.From, req.To))
	}
	if req.AmountMin != nil || req.AmountMax != nil {
		incl := true
		q := bleve.NewNumericRangeInclusiveQuery(req.AmountMin, req.AmountMax, &incl, &incl)
		q.SetField(fAmount)
		qs = append(qs, q)
	}
	itemsOnly = len(qs) > 0 // every filter is on a field only items have
	return qs, itemsOnly
}

// sortOf is the request's order, resolved: relevance for a query, newest
// first without one.
func sortOf(req search.Request) search.Sort {
	if req.Sort != "" {
		return req.Sort
	}
	if strings.TrimSpace(req.Query) == "" {
		return search.SortDateDesc
	}
	return search.SortRelevance
}

// bleveSort is the Bleve sort for s. Every order ends with the ID, so it is
// total and search-after paging neither repeats nor skips. Items without a
// date or amount sort last either way.
func bleveSort(s search.Sort) []string {
	switch s {
	case search.SortDate:
		return []string{fDate, "_id"}
	case search.SortDateDesc:
		return []string{"-" + fDate, "_id"}
	case search.SortAmount:
		return []string{fAmount, "_id"}
	case search.SortAmountDesc:
		return []string{"-" + fAmount, "_id"}
	default:
		return []string{"-_score", "_id"}
	}
}

// Facet sizes: every kind, and enough bodies, years and funds for a
// sidebar; a facet's Other count is not shown. Bodies and funds are
// counted per way of writing them, then merged (groupNames) into at most
// facetShown rows.
var facetSizes = map[string]int{search.FacetKind: 20, search.FacetBody: 150, search.FacetYear: 100, search.FacetFund: 150}

var facetShown = map[string]int{search.FacetBody: 50, search.FacetFund: 50}

// facetNames are the facets Search counts, each from its terms in the
// facets field (facetTerms).
var facetNames = []string{search.FacetKind, search.FacetBody, search.FacetYear, search.FacetFund}

// facetRequest counts facet name's values: the facets field's terms with
// its prefix. The facets of a search share the one field, so Bleve reads
// each matching item's DocValues once for all of them.
func facetRequest(name string, size int) *bleve.FacetRequest {
	fr := bleve.NewFacetRequest(fFacets, size)
	fr.SetPrefixFilter(name + groupSep)
	return fr
}

// Search answers req with items only (never document records), in req's
// order (see sortOf), a page at a time: Result.NextCursor, passed back as
// req.Cursor, gives the next page. Title and text matches are highlighted
// with <mark> into Hit.Highlights. Query syntax errors and broken cursors
// wrap ErrBadQuery.
func (ix *Index) Search(ctx context.Context, req search.Request) (search.Result, error) {
	start := time.Now()
	p, err := ix.plan(req)
	if err != nil {
		return search.Result{}, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = search.DefaultLimit
	}
	limit = min(limit, search.MaxLimit)
	order := sortOf(req)
	fingerprint := requestFingerprint(req, order)

	sr := bleve.NewSearchRequestOptions(p.strict, limit, 0, false)
	sr.Fields = []string{fChunkRef}
	sr.SortBy(bleveSort(order))
	sr.Score = scoreFor(order)
	if req.Cursor != "" {
		after, err := decodeCursor(req.Cursor, fingerprint)
		if err != nil {
			return search.Result{}, err
		}
		sr.SetSearchAfter(after)
	}
	var hl *highlighter
	if strings.TrimSpace(req.Query) != "" && !p.none {
		hl = newHighlighter(p.parsed, ix.idx.analyzer(textAnalyzer))
	}
	if req.Facets {
		for _, name := range facetNames {
			sr.AddFacet(name, facetRequest(name, facetSizes[name]))
		}
	}
	res, err := ix.search(ctx, req, sr)
	if err != nil {
		return search.Result{}, err
	}
	out := search.Result{Total: res.Total, Hits: make([]search.Hit, 0, len(res.Hits)), Ignored: p.ignored, Expansions: p.expansions}
	docs := documentCache{ix: ix}
	items := itemReader{ix: ix}
	addHit := func(h *blevesearch.DocumentMatch, partial bool) error {
		it, err := items.item(ctx, h.Fields[fChunkRef])
		if err != nil {
			return fmt.Errorf("index: search: hit %s: %w", h.ID, err)
		}
		d, err := docs.get(ctx, it.DocID)
		if err != nil {
			return fmt.Errorf("index: search: %w", err)
		}
		hit := search.Hit{Item: it, Score: h.Score, Document: d, Partial: partial}
		if hl != nil {
			hit.Highlights = hl.highlights(it.Title, it.Text)
		}
		out.Hits = append(out.Hits, hit)
		return nil
	}
	for _, h := range res.Hits {
		if err := addHit(h, false); err != nil {
			return search.Result{}, err
		}
	}
	if len(res.Hits) == limit && uint64(limit) < res.Total {
		last := res.Hits[len(res.Hits)-1]
		out.NextCursor = encodeCursor(cursorValues(order, last.Sort, last.Score), fingerprint)
	}
	if req.Facets {
		out.Facets = facets(res, ix.Merges())
	}
	// Few hits have every word: those with most of them follow.
	if p.words != nil && req.Cursor == "" && res.Total < partialBelow && uint64(len(res.Hits)) == res.Total && len(res.Hits) < limit {
		partial, err := ix.partialHits(ctx, req, p, order, min(limit-len(res.Hits), maxPartialHits), res.Hits)
		if err != nil {
			return search.Result{}, err
		}
		for _, h := range partial {
			if err := addHit(h, true); err != nil {
				return search.Result{}, err
			}
		}
	}
	out.Took = time.Since(start)
	return out, nil
}

// partialBelow: when a search finds fewer hits than this with every word,
// hits with most of the words follow them, at most maxPartialHits (each
// shown hit is read and highlighted: on the benchmark's searches, where a
// kind or year filter often leaves few hits, filling whole pages with
// partial hits cost an eighth of the median search time).
const (
	partialBelow   = 10
	maxPartialHits = 5
)

// partialHits finds up to need hits that have most but not all of p's
// words, not among seen: those with the most words first, then in order.
// One search per number of words, from all but one down to
// minPartialWords, until need are found.
func (ix *Index) partialHits(ctx context.Context, req search.Request, p plan, order search.Sort, need int, seen []*blevesearch.DocumentMatch) ([]*blevesearch.DocumentMatch, error) {
	taken := map[string]bool{}
	for _, h := range seen {
		taken[h.ID] = true
	}
	var out []*blevesearch.DocumentMatch
	for k := len(p.words) - 1; k >= minPartialWords(len(p.words)) && len(out) < need; k-- {
		sr := bleve.NewSearchRequestOptions(p.partialQuery(k), need+len(taken), 0, false)
		sr.Fields = []string{fChunkRef}
		sr.SortBy(bleveSort(order))
		sr.Score = scoreFor(order)
		res, err := ix.search(ctx, req, sr)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if taken[h.ID] || len(out) == need {
				continue
			}
			taken[h.ID] = true
			out = append(out, h)
		}
	}
	return out, nil
}

// search runs sr, turning a bad regular expression into ErrBadQuery.
func (ix *Index) search(ctx context.Context, req search.Request, sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		var re *syntax.Error // a /regexp/ is only compiled when the search runs
		if errors.As(err, &re) {
			return nil, fmt.Errorf("%w: %q: %v", ErrBadQuery, req.Query, err)
		}
		return nil, fmt.Errorf("index: search %q: %w", req.Query, err)
	}
	return res, nil
}

// scoreFor is the SearchRequest.Score for order: no scoring unless the
// order is by relevance. Bleve scores every match otherwise, for nothing.
func scoreFor(order search.Sort) string {
	if order == search.SortRelevance {
		return ""
	}
	return bleve.ScoreNone
}

// cursorValues are the search-after values of a hit: its sort values, with
// the score written out (Bleve puts the placeholder "_score" in Sort).
func cursorValues(order search.Sort, sortVals []string, score float64) []string {
	vals := append([]string(nil), sortVals...)
	if order == search.SortRelevance {
		vals[0] = strconv.FormatFloat(score, 'g', -1, 64)
	}
	return vals
}

func facets(res *bleve.SearchResult, m *names.Merges) map[string][]search.FacetValue {
	out := map[string][]search.FacetValue{}
	for _, name := range facetNames {
		vals := []search.FacetValue{}
		if f := res.Facets[name]; f != nil && f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				vals = append(vals, search.FacetValue{Value: strings.TrimPrefix(t.Term, name+groupSep), Count: t.Count})
			}
		}
		switch name {
		case search.FacetYear:
			sort.Slice(vals, func(i, j int) bool { return vals[i].Value > vals[j].Value })
		case search.FacetBody, search.FacetFund:
			vals = groupNames(vals, facetShown[name], m)
		}
		out[name] = vals
	}
	return out
}

// groupNames merges the facet values that are one name written several
// ways (names.Key, and the manual merges m) into one row, named as it is
// written most often (or as its merge names it), with the others as its
// variants; the largest counts first, at most n rows.
func groupNames(vals []search.FacetValue, n int, m *names.Merges) []search.FacetValue {
	counts := map[string]int{}
	for _, v := range vals {
		counts[v.Value] += v.Count
	}
	groups := names.GroupsWith(counts, m)
	out := make([]search.FacetValue, 0, len(groups))
	for _, g := range groups {
		fv := search.FacetValue{Value: g.Name}
		for _, v := range g.Variants {
			fv.Count += counts[v]
		}
		if len(g.Variants) > 1 || g.Variants[0] != g.Name {
			fv.Variants = g.Variants
		}
		out = append(out, fv)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out[:min(len(out), n)]
}

// documentCache fetches each document of a page of hits once. A hit whose
// document record is missing still shows, under a bare ID.
type documentCache struct {
	ix   *Index
	docs map[string]corpus.Document
}

func (c *documentCache) get(ctx context.Context, id string) (corpus.Document, error) {
	if d, ok := c.docs[id]; ok {
		return d, nil
	}
	if c.docs == nil {
		c.docs = map[string]corpus.Document{}
	}
	d, err := c.ix.Document(ctx, id)
	if errors.Is(err, ErrNotFound) {
		d, err = corpus.Document{ID: id}, nil
	}
	if err != nil {
		return d, err
	}
	c.docs[id] = d
	return d, nil
}

// marked keeps the fragments that show a match. Bleve returns a field's
// opening as a fragment even when the match was elsewhere, which would
// repeat the title under every hit.
func decodeRaw(v any, dst any) error {
	s, ok := v.(string)
	if !ok || s == "" {
		return errors.New("no stored raw record")
	}
	return json.Unmarshal([]byte(s), dst)
}

// stored returns the type and the stored raw field (a document's JSON, a
// chunk's items) or chunk reference (an item's) of the record with Bleve ID
// id, or ErrNotFound.
func (ix *Index) stored(id string) (typ, raw string, err error) {
	doc, err := ix.idx.Document(id)
	if err != nil {
		return "", "", err
	}
	if doc == nil {
		return "", "", ErrNotFound
	}
	doc.VisitFields(func(f bleveindex.Field) {
		switch f.Name() {
		case fType:
			typ = string(f.Value())
		case fRaw, fChunkRef:
			raw = string(f.Value())
		}
	})
	return typ, raw, nil
}

// Item returns the item with the given ID, or an error wrapping ErrNotFound.
func (ix *Index) Item(ctx context.Context, id string) (corpus.Item, error) {
	if err := ctx.Err(); err != nil {
		return corpus.Item{}, fmt.Errorf("index: item %s: %w", id, err)
	}
	typ, ref, err := ix.stored(id)
	if err == nil && typ != typeItem {
		err = ErrNotFound
	}
	if err != nil {
		return corpus.Item{}, fmt.Errorf("index: item %s: %w", id, err)
	}
	items := itemReader{ix: ix}
	it, err := items.item(ctx, ref)
	if err != nil {
		return corpus.Item{}, fmt.Errorf("index: item %s: %w", id, err)
	}
	return it, nil
}

// Document returns the document with the given ID (its content hash), or an
// error wrapping ErrNotFound.
func (ix *Index) Document(ctx context.Context, id string) (corpus.Document, error) {
	if err := ctx.Err(); err != nil {
		return corpus.Document{}, fmt.Errorf("index: document %s: %w", id, err)
	}
	id = strings.TrimPrefix(id, docPrefix)
	typ, raw, err := ix.stored(docPrefix + id)
	if err == nil && typ != typeDocument {
		err = ErrNotFound
	}
	if err != nil {
		return corpus.Document{}, fmt.Errorf("index: document %s: %w", id, err)
	}
	var d corpus.Document
	if err := decodeRaw(raw, &d); err != nil {
		return corpus.Document{}, fmt.Errorf("index: document %s: %w", id, err)
	}
	return d, nil
}

// HasDocument reports whether the document with the given ID (content
// hash) is stored.
func (ix *Index) HasDocument(id string) (bool, error) {
	d, err := ix.idx.Document(docPrefix + id)
	if err != nil {
		return false, fmt.Errorf("index: document %s: %w", id, err)
	}
	return d != nil, nil
}

// Documents returns every document, newest meeting first (undated ones last).
func (ix *Index) Documents(ctx context.Context) ([]corpus.Document, error) {
	var out []corpus.Document
	err := ix.scan(ctx, termQ(fType, typeDocument), fRaw, []string{"-" + fMeetingDate, "_id"}, func(raw string) error {
		var d corpus.Document
		if err := decodeRaw(raw, &d); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index: documents: %w", err)
	}
	return out, nil
}

// ItemsOf returns the items of one document in page order, then by ID. A
// document with no items, or an unknown one, gives an empty list.
func (ix *Index) ItemsOf(ctx context.Context, docID string) ([]corpus.Item, error) {
	var out []corpus.Item
	q := bleve.NewConjunctionQuery(termQ(fType, typeItem), termQ(fDocID, docID))
	items := itemReader{ix: ix}
	// In ID order, which is mostly the chunks' order: each chunk is read once.
	err := ix.scan(ctx, q, fChunkRef, []string{"_id"}, func(ref string) error {
		it, err := items.item(ctx, ref)
		if err != nil {
			return err
		}
		out = append(out, it)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index: items of %s: %w", docID, err)
	}
	page := func(it corpus.Item) int {
		if it.Page <= 0 {
			return math.MaxInt // items without a page last
		}
		return it.Page
	}
	slices.SortFunc(out, func(a, b corpus.Item) int {
		return cmp.Or(cmp.Compare(page(a), page(b)), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// scanPage is how many records one round of scan fetches.
const scanPage = 1000

// scan calls fn with the stored field of every record q matches, in sort
// order, paging with SearchAfter so memory stays bounded. sort must end with
// "_id".
func (ix *Index) scan(ctx context.Context, q query.Query, field string, sort []string, fn func(stored string) error) error {
	return ix.scanHits(ctx, q, []string{field}, sort, func(h *blevesearch.DocumentMatch) error {
		v, _ := h.Fields[field].(string)
		return fn(v)
	})
}

// collectIDs returns the Bleve IDs of every record q matches, paging like scan.
func (ix *Index) collectIDs(ctx context.Context, q query.Query) ([]string, error) {
	var out []string
	err := ix.scanHits(ctx, q, nil, []string{"_id"}, func(h *blevesearch.DocumentMatch) error {
		out = append(out, h.ID)
		return nil
	})
	return out, err
}

// scanHits calls fn with every hit of q, carrying the stored fields, in sort
// order (ending with "_id"), scanPage hits a search. An error of fn is
// returned with the hit's ID.
func (ix *Index) scanHits(ctx context.Context, q query.Query, fields, sort []string, fn func(*blevesearch.DocumentMatch) error) error {
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(q, scanPage, 0, false)
		sr.Fields = fields
		sr.SortBy(sort)
		sr.Score = bleve.ScoreNone // sorted by fields: scores are never read
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.idx.SearchInContext(ctx, sr)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := fn(h); err != nil {
				return fmt.Errorf("%s: %w", h.ID, err)
			}
		}
		if len(res.Hits) < scanPage {
			return nil
		}
		after = res.Hits[len(res.Hits)-1].Sort
	}
}

// Stats describes what an index holds.
type Stats struct {
	Documents int `json:"documents"`
	// Copies are the documents recorded as copies of another, and
	// CopyItems their items: counted in Documents and Items, left out of
	// searches.
	Copies      int                 `json:"copies"`
	CopyItems   int                 `json:"copy_items"`
	Items       int                 `json:"items"`
	ItemsByKind map[corpus.Kind]int `json:"items_by_kind"`
	DiskBytes   int64               `json:"disk_bytes"` // size of the index directory
}

// Stats counts documents and items (by kind) and measures the index on disk.
func (ix *Index) Stats(ctx context.Context) (Stats, error) {
	st := Stats{ItemsByKind: map[corpus.Kind]int{}}
	dr, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(termQ(fType, typeDocument), 0, 0, false))
	if err != nil {
		return Stats{}, fmt.Errorf("index: stats: %w", err)
	}
	st.Documents = int(dr.Total)
	for _, c := range []struct {
		typ string
		n   *int
	}{{typeDocument, &st.Copies}, {typeItem, &st.CopyItems}} {
		r, err := ix.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(
			bleve.NewConjunctionQuery(termQ(fType, c.typ), termQ(fCopy, "1")), 0, 0, false))
		if err != nil {
			return Stats{}, fmt.Errorf("index: stats: %w", err)
		}
		*c.n = int(r.Total)
	}

	ir := bleve.NewSearchRequestOptions(termQ(fType, typeItem), 0, 0, false)
	ir.AddFacet(search.FacetKind, facetRequest(search.FacetKind, 100))
	res, err := ix.idx.SearchInContext(ctx, ir)
	if err != nil {
		return Stats{}, fmt.Errorf("index: stats: %w", err)
	}
	st.Items = int(res.Total)
	if f := res.Facets[search.FacetKind]; f != nil {
		for _, t := range f.Terms.Terms() {
			st.ItemsByKind[corpus.Kind(strings.TrimPrefix(t.Term, search.FacetKind+groupSep))] = t.Count
		}
	}

	err = filepath.WalkDir(ix.path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // a segment merged away while we walked
				return nil
			}
			return err
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				st.DiskBytes += info.Size()
			}
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("index: stats: %w", err)
	}
	return st, nil
}
