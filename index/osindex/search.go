package osindex

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/names"
	"panelpapers/search"
)

// plan is a request compiled to the query DSL, as index's plan is to
// Bleve's queries.
type plan struct {
	reading index.Reading
	strict  q
	// words (in an item's own fields), required and vague are strict taken
	// apart for partial hits; words is nil when the query has fewer than
	// two.
	words    []q
	required []q
	vague    []q
	filters  []q
}

func (ix *Index) plan(req search.Request) (plan, error) {
	r, err := index.ReadQuery(req.Query, ix.an, ix.thesaurus())
	if err != nil {
		return plan{}, err
	}
	p := plan{reading: r, filters: filterQueries(req, ix.Merges())}
	if r.None {
		p.strict = matchNone()
		return p, nil
	}
	parts := index.SplitQuery(r.Node)
	compileAll := func(ns []search.Node, fields []index.FieldWeight) ([]q, error) {
		out := make([]q, 0, len(ns))
		for _, n := range ns {
			c, err := compile(n, fields)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	words, err := compileAll(parts.Words, index.DefaultFields())
	if err != nil {
		return plan{}, err
	}
	own, err := compileAll(parts.Words, index.OwnFields())
	if err != nil {
		return plan{}, err
	}
	required, err := compileAll(parts.Required, index.DefaultFields())
	if err != nil {
		return plan{}, err
	}
	mustNot, err := compileAll(parts.Not, index.DefaultFields())
	if err != nil {
		return plan{}, err
	}
	vague, err := compileAll(parts.Vague, index.DefaultFields())
	if err != nil {
		return plan{}, err
	}
	for _, days := range parts.Dates {
		var ds []q
		for _, d := range days {
			ds = append(ds, dateRange(d.From, d.To))
		}
		vague = append(vague, anyOf(ds...))
	}
	if len(words) == 0 && len(vague) > 0 {
		// Nothing but vague words or a date: any of them is the query.
		words, vague = []q{anyOf(vague...)}, nil
	}
	all := append(slices.Clone(words), required...)
	if len(all) == 0 {
		all = []q{matchAll()}
	}
	p.strict = filterQ(boolQ(all, mustNot, vague), p.filters)
	if len(words) >= 2 && len(own) == len(words) {
		p.words = own
		if len(mustNot) > 0 {
			required = append(required, boolQ(nil, mustNot, nil))
		}
		p.required = required
		p.vague = vague
	}
	return p, nil
}

// partialQuery matches the items with at least k of p's words and all of
// its required parts.
func (p plan) partialQuery(k int) q {
	return filterQ(boolQ(append([]q{atLeast(k, p.words)}, p.required...), nil, p.vague), p.filters)
}

// filterQueries are a request's filters, and the record type: they match
// without scoring. From and To are whole days.
func filterQueries(req search.Request, m *names.Merges) []q {
	qs := []q{termQ(fType, typeItem)}
	if len(req.Kinds) > 0 {
		kinds := make([]string, len(req.Kinds))
		for i, k := range req.Kinds {
			kinds[i] = string(k)
		}
		qs = append(qs, q{"terms": q{fKind: kinds}})
	}
	for _, f := range []struct{ field, name string }{
		{"body_key", req.Body}, {"fund_key", req.Fund}, {"recipient_key", req.Recipient}, {"funder_key", req.Funder},
	} {
		if f.name != "" {
			// every name the manual merges join with this one
			qs = append(qs, q{"terms": q{f.field: m.Keys(names.Key(f.name))}})
		}
	}
	if !req.From.IsZero() || !req.To.IsZero() {
		qs = append(qs, dateRange(req.From, req.To))
	}
	if req.AmountMin != nil || req.AmountMax != nil {
		r := q{}
		if req.AmountMin != nil {
			r["gte"] = *req.AmountMin
		}
		if req.AmountMax != nil {
			r["lte"] = *req.AmountMax
		}
		qs = append(qs, q{"range": q{fAmount: r}})
	}
	if !req.Copies {
		qs = append(qs, boolQ(nil, []q{termQ(fCopy, "1")}, nil))
	}
	return qs
}

// sortFor is the DSL sort of order. Every order ends with the record ID,
// so it is total and search_after neither repeats nor skips. Items
// without a date or amount sort last either way.
func sortFor(order search.Sort) []q {
	field := func(f, dir string) q { return q{f: q{"order": dir, "missing": "_last"}} }
	byID := q{fID: "asc"}
	switch order {
	case search.SortDate:
		return []q{field(fDate, "asc"), byID}
	case search.SortDateDesc:
		return []q{field(fDate, "desc"), byID}
	case search.SortAmount:
		return []q{field(fAmount, "asc"), byID}
	case search.SortAmountDesc:
		return []q{field(fAmount, "desc"), byID}
	default:
		return []q{{"_score": "desc"}, byID}
	}
}

// hit is one record of a search's answer.
type hit struct {
	ID     string            `json:"_id"`
	Score  *float64          `json:"_score"`
	Source json.RawMessage   `json:"_source"`
	Sort   []json.RawMessage `json:"sort"`
}

type searchResponse struct {
	Hits struct {
		Total struct {
			Value uint64 `json:"value"`
		} `json:"total"`
		Hits []hit `json:"hits"`
	} `json:"hits"`
	Aggregations map[string]struct {
		Buckets []struct {
			Key      string `json:"key"`
			DocCount int    `json:"doc_count"`
		} `json:"buckets"`
	} `json:"aggregations"`
	PitID string `json:"pit_id"`
}

// search runs a search body against the index.
func (ix *Index) search(ctx context.Context, req search.Request, body q) (searchResponse, error) {
	var res searchResponse
	if err := ix.c.do(ctx, "POST", "/"+ix.name+"/_search", nil, body, &res); err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == 400 {
			return res, fmt.Errorf("%w: %q: %v", index.ErrBadQuery, req.Query, err)
		}
		return res, fmt.Errorf("opensearch: search %q: %w", req.Query, err)
	}
	return res, nil
}

// Search answers req as index.(*Index).Search does: items only, in req's
// order, a page at a time (Result.NextCursor), highlighted, with facets
// counted by aggregations and partial hits when few have every word.
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
	order := index.SortOf(req)
	fingerprint := index.RequestFingerprint(req, order)
	body := q{"query": p.strict, "size": limit, "sort": sortFor(order), "track_total_hits": true, "_source": []string{fItem}}
	if req.Cursor != "" {
		after, err := index.DecodeCursor(req.Cursor, fingerprint)
		if err != nil {
			return search.Result{}, err
		}
		vals, err := searchAfter(after, len(sortFor(order)))
		if err != nil {
			return search.Result{}, err
		}
		body["search_after"] = vals
	}
	if req.Facets {
		aggs := q{}
		for _, name := range index.FacetNames {
			size := index.FacetSize(name)
			// One shard counts exactly; with several, each returns more
			// than asked so that the values shown are counted whole.
			aggs[name] = q{"terms": q{"field": facetPrefix + name, "size": size, "shard_size": max(10*size, 1000)}}
		}
		body["aggs"] = aggs
	}
	var hl *index.Highlighter
	if strings.TrimSpace(req.Query) != "" && !p.reading.None {
		hl = index.NewHighlighter(p.reading.Node, ix.an)
	}
	res, err := ix.search(ctx, req, body)
	if err != nil {
		return search.Result{}, err
	}
	out := search.Result{Total: res.Hits.Total.Value, Hits: make([]search.Hit, 0, len(res.Hits.Hits)),
		Ignored: p.reading.Ignored, Expansions: p.reading.Expansions}
	hits := res.Hits.Hits
	if req.Facets {
		out.Facets = map[string][]search.FacetValue{}
		for _, name := range index.FacetNames {
			vals := []search.FacetValue{}
			for _, b := range res.Aggregations[name].Buckets {
				vals = append(vals, search.FacetValue{Value: b.Key, Count: b.DocCount})
			}
			out.Facets[name] = index.FacetValues(name, vals, ix.Merges())
		}
	}
	var partial []hit
	if p.words != nil && req.Cursor == "" && res.Hits.Total.Value < index.PartialBelow &&
		uint64(len(hits)) == res.Hits.Total.Value && len(hits) < limit {
		partial, err = ix.partialHits(ctx, req, p, order, min(limit-len(hits), index.MaxPartialHits), hits)
		if err != nil {
			return search.Result{}, err
		}
	}
	all := append(slices.Clone(hits), partial...)
	docs, err := ix.documentsOf(ctx, all)
	if err != nil {
		return search.Result{}, err
	}
	for k, h := range all {
		it, err := decodeItem(h.Source)
		if err != nil {
			return search.Result{}, fmt.Errorf("opensearch: search: hit %s: %w", h.ID, err)
		}
		hit := search.Hit{Item: it, Document: docs[it.DocID], Partial: k >= len(hits)}
		if h.Score != nil {
			hit.Score = *h.Score
		}
		if hl != nil {
			hit.Highlights = hl.Highlights(it.Title, it.Text)
		}
		out.Hits = append(out.Hits, hit)
	}
	if len(hits) == limit && uint64(limit) < res.Hits.Total.Value {
		out.NextCursor = index.EncodeCursor(cursorValues(hits[len(hits)-1].Sort), fingerprint)
	}
	out.Took = time.Since(start)
	return out, nil
}

// partialHits finds up to need hits that have most but not all of p's
// words, not among seen: those with the most words first, then in order.
func (ix *Index) partialHits(ctx context.Context, req search.Request, p plan, order search.Sort, need int, seen []hit) ([]hit, error) {
	taken := map[string]bool{}
	for _, h := range seen {
		taken[h.ID] = true
	}
	var out []hit
	for k := len(p.words) - 1; k >= index.MinPartialWords(len(p.words)) && len(out) < need; k-- {
		body := q{"query": p.partialQuery(k), "size": need + len(taken), "sort": sortFor(order), "_source": []string{fItem}}
		res, err := ix.search(ctx, req, body)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits.Hits {
			if taken[h.ID] || len(out) == need {
				continue
			}
			taken[h.ID] = true
			out = append(out, h)
		}
	}
	return out, nil
}

// cursorValues are a hit's sort values as a cursor keeps them: their JSON.
func cursorValues(sortVals []json.RawMessage) []string {
	out := make([]string, len(sortVals))
	for i, v := range sortVals {
		out[i] = string(v)
	}
	return out
}

// searchAfter reads a cursor's values back; a cursor that does not hold n
// JSON values is not one this index gave out.
func searchAfter(after []string, n int) ([]json.RawMessage, error) {
	if len(after) != n {
		return nil, fmt.Errorf("%w: cursor is not one papers gave out", index.ErrBadQuery)
	}
	out := make([]json.RawMessage, n)
	for i, a := range after {
		if !json.Valid([]byte(a)) {
			return nil, fmt.Errorf("%w: cursor is not one papers gave out", index.ErrBadQuery)
		}
		out[i] = json.RawMessage(a)
	}
	return out, nil
}

func decodeItem(src json.RawMessage) (corpus.Item, error) {
	var s struct {
		Item *corpus.Item `json:"item"`
	}
	if err := json.Unmarshal(src, &s); err != nil {
		return corpus.Item{}, err
	}
	if s.Item == nil {
		return corpus.Item{}, errors.New("no stored item")
	}
	return *s.Item, nil
}

// documentsOf fetches the documents of hits in one request. A hit whose
// document record is missing still shows, under a bare ID.
func (ix *Index) documentsOf(ctx context.Context, hits []hit) (map[string]corpus.Document, error) {
	out := map[string]corpus.Document{}
	var ids []string
	for _, h := range hits {
		it, err := decodeItem(h.Source)
		if err != nil {
			return nil, fmt.Errorf("opensearch: search: hit %s: %w", h.ID, err)
		}
		if _, ok := out[it.DocID]; ok {
			continue
		}
		if d, ok := ix.docs.get(it.DocID); ok {
			out[it.DocID] = d
			continue
		}
		out[it.DocID] = corpus.Document{ID: it.DocID}
		ids = append(ids, docPrefix+it.DocID)
	}
	if len(ids) == 0 {
		return out, nil
	}
	var res struct {
		Docs []struct {
			Found  bool            `json:"found"`
			Source json.RawMessage `json:"_source"`
		} `json:"docs"`
	}
	if err := ix.c.do(ctx, "POST", "/"+ix.name+"/_mget", url.Values{"_source_includes": {fRaw}}, q{"ids": ids}, &res); err != nil {
		return nil, fmt.Errorf("opensearch: documents: %w", err)
	}
	for _, d := range res.Docs {
		if !d.Found {
			continue
		}
		doc, err := decodeDocument(d.Source)
		if err != nil {
			return nil, err
		}
		out[doc.ID] = doc
		ix.docs.put(doc)
	}
	return out, nil
}

// docCache keeps the documents of recent hits. A document's ID is its
// content hash, so its record never changes: a new version is a new ID,
// and an old one goes with its items, so no hit can name it after. It
// saves a request per search. At most maxCachedDocs are kept; when full it
// starts again.
type docCache struct {
	mu   sync.Mutex
	docs map[string]corpus.Document
}

const maxCachedDocs = 4096

func (c *docCache) get(id string) (corpus.Document, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.docs[id]
	return d, ok
}

func (c *docCache) put(d corpus.Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil || len(c.docs) >= maxCachedDocs {
		c.docs = map[string]corpus.Document{}
	}
	c.docs[d.ID] = d
}

func decodeDocument(src json.RawMessage) (corpus.Document, error) {
	var s struct {
		Raw *corpus.Document `json:"raw"`
	}
	if err := json.Unmarshal(src, &s); err != nil {
		return corpus.Document{}, fmt.Errorf("opensearch: document: %w", err)
	}
	if s.Raw == nil {
		return corpus.Document{}, errors.New("opensearch: document: no stored record")
	}
	return *s.Raw, nil
}

// get reads one record by ID (real time), with the _source fields asked
// for, or an error wrapping index.ErrNotFound.
func (ix *Index) get(ctx context.Context, id string, fields ...string) (json.RawMessage, error) {
	var res struct {
		Found  bool            `json:"found"`
		Source json.RawMessage `json:"_source"`
	}
	err := ix.c.do(ctx, "GET", "/"+ix.name+"/_doc/"+url.PathEscape(id), url.Values{"_source_includes": {strings.Join(fields, ",")}}, nil, &res)
	if isStatus(err, 404) || (err == nil && !res.Found) {
		return nil, index.ErrNotFound
	}
	return res.Source, err
}

// Item returns the item with the given ID, or an error wrapping ErrNotFound.
func (ix *Index) Item(ctx context.Context, id string) (corpus.Item, error) {
	src, err := ix.get(ctx, id, fType, fItem)
	if err == nil && !isType(src, typeItem) {
		err = index.ErrNotFound
	}
	if err != nil {
		return corpus.Item{}, fmt.Errorf("opensearch: item %s: %w", id, err)
	}
	it, err := decodeItem(src)
	if err != nil {
		return corpus.Item{}, fmt.Errorf("opensearch: item %s: %w", id, err)
	}
	return it, nil
}

func isType(src json.RawMessage, typ string) bool {
	var s struct {
		Type string `json:"type"`
	}
	return json.Unmarshal(src, &s) == nil && s.Type == typ
}

// Document returns the document with the given ID, or an error wrapping
// ErrNotFound.
func (ix *Index) Document(ctx context.Context, id string) (corpus.Document, error) {
	id = strings.TrimPrefix(id, docPrefix)
	src, err := ix.get(ctx, docPrefix+id, fType, fRaw)
	if err == nil && !isType(src, typeDocument) {
		err = index.ErrNotFound
	}
	if err != nil {
		return corpus.Document{}, fmt.Errorf("opensearch: document %s: %w", id, err)
	}
	return decodeDocument(src)
}

// Documents returns every document, newest meeting first (undated ones last).
func (ix *Index) Documents(ctx context.Context) ([]corpus.Document, error) {
	var out []corpus.Document
	sort := []q{{fMeetingDate: q{"order": "desc", "missing": "_last"}}, {fID: "asc"}}
	err := ix.scan(ctx, termQ(fType, typeDocument), []string{fRaw}, sort, func(_ string, src json.RawMessage) error {
		d, err := decodeDocument(src)
		if err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("opensearch: documents: %w", err)
	}
	return out, nil
}

// ItemsOf returns the items of one document in page order, then by ID.
func (ix *Index) ItemsOf(ctx context.Context, docID string) ([]corpus.Item, error) {
	var out []corpus.Item
	query := boolQ([]q{termQ(fType, typeItem), termQ(fDocID, docID)}, nil, nil)
	err := ix.scan(ctx, query, []string{fItem}, []q{{fID: "asc"}}, func(_ string, src json.RawMessage) error {
		it, err := decodeItem(src)
		if err != nil {
			return err
		}
		out = append(out, it)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("opensearch: items of %s: %w", docID, err)
	}
	page := func(it corpus.Item) int {
		if it.Page <= 0 {
			return math.MaxInt
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

// scan calls fn with the ID and _source (the fields asked for; none when
// fields is nil) of every record query matches, in sort order (which must
// end with the ID), a page at a time with search_after.
func (ix *Index) scan(ctx context.Context, query q, fields []string, sort []q, fn func(id string, src json.RawMessage) error) error {
	var after []json.RawMessage
	for {
		body := q{"query": query, "size": scanPage, "sort": sort, "track_total_hits": false}
		if fields == nil {
			body["_source"] = false
		} else {
			body["_source"] = fields
		}
		if after != nil {
			body["search_after"] = after
		}
		var res searchResponse
		if err := ix.c.do(ctx, "POST", "/"+ix.name+"/_search", nil, body, &res); err != nil {
			return err
		}
		for _, h := range res.Hits.Hits {
			if err := fn(h.ID, h.Source); err != nil {
				return fmt.Errorf("%s: %w", h.ID, err)
			}
		}
		if len(res.Hits.Hits) < scanPage {
			return nil
		}
		after = res.Hits.Hits[len(res.Hits.Hits)-1].Sort
	}
}

// collectIDs returns the IDs of every record query matches.
func (ix *Index) collectIDs(ctx context.Context, query q) ([]string, error) {
	var out []string
	err := ix.scan(ctx, query, nil, []q{{fID: "asc"}}, func(id string, _ json.RawMessage) error {
		out = append(out, id)
		return nil
	})
	return out, err
}

// Stats counts documents and items (by kind) and the index's size on disk
// (its primary shards: replicas would count the same records again).
func (ix *Index) Stats(ctx context.Context) (index.Stats, error) {
	st := index.Stats{ItemsByKind: map[corpus.Kind]int{}}
	count := func(query q) (int, error) {
		var res struct {
			Count int `json:"count"`
		}
		err := ix.c.do(ctx, "POST", "/"+ix.name+"/_count", nil, q{"query": query}, &res)
		return res.Count, err
	}
	var err error
	if st.Documents, err = count(termQ(fType, typeDocument)); err != nil {
		return index.Stats{}, fmt.Errorf("opensearch: stats: %w", err)
	}
	if st.Copies, err = count(boolQ([]q{termQ(fType, typeDocument), termQ(fCopy, "1")}, nil, nil)); err != nil {
		return index.Stats{}, fmt.Errorf("opensearch: stats: %w", err)
	}
	if st.CopyItems, err = count(boolQ([]q{termQ(fType, typeItem), termQ(fCopy, "1")}, nil, nil)); err != nil {
		return index.Stats{}, fmt.Errorf("opensearch: stats: %w", err)
	}
	body := q{"size": 0, "track_total_hits": true, "query": termQ(fType, typeItem),
		"aggs": q{search.FacetKind: q{"terms": q{"field": facetPrefix + search.FacetKind, "size": 100}}}}
	res, err := ix.search(ctx, search.Request{}, body)
	if err != nil {
		return index.Stats{}, fmt.Errorf("opensearch: stats: %w", err)
	}
	st.Items = int(res.Hits.Total.Value)
	for _, b := range res.Aggregations[search.FacetKind].Buckets {
		st.ItemsByKind[corpus.Kind(b.Key)] = b.DocCount
	}
	var size struct {
		All struct {
			Primaries struct {
				Store struct {
					SizeInBytes int64 `json:"size_in_bytes"`
				} `json:"store"`
			} `json:"primaries"`
		} `json:"_all"`
	}
	if err := ix.c.do(ctx, "GET", "/"+ix.name+"/_stats/store", nil, nil, &size); err != nil {
		return index.Stats{}, fmt.Errorf("opensearch: stats: %w", err)
	}
	st.DiskBytes = size.All.Primaries.Store.SizeInBytes
	return st, nil
}

// parseDay reads a YYYY-MM-DD date as midnight UTC.
func parseDay(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, v)
	return t, err == nil
}
