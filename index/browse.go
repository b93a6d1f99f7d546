package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"panelpapers/corpus"
	"panelpapers/search"
)

var _ search.Library = (*Index)(nil)

// Each calls fn with every item req matches, in req's order, fetching a page
// at a time so memory stays bounded however many match. Hits carry their
// document but no highlights.
func (ix *Index) Each(ctx context.Context, req search.Request, fn func(search.Hit) error) error {
	q, err := requestQuery(req)
	if err != nil {
		return err
	}
	order := sortOf(req)
	docs := documentCache{ix: ix}
	items := itemReader{ix: ix}
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(q, scanPage, 0, false)
		sr.Fields = []string{fChunkRef}
		sr.SortBy(bleveSort(order))
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.idx.SearchInContext(ctx, sr)
		if err != nil {
			return fmt.Errorf("index: each: %w", err)
		}
		for _, h := range res.Hits {
			it, err := items.item(ctx, h.Fields[fChunkRef])
			if err != nil {
				return fmt.Errorf("index: each: %s: %w", h.ID, err)
			}
			d, err := docs.get(ctx, it.DocID)
			if err != nil {
				return fmt.Errorf("index: each: %w", err)
			}
			if err := fn(search.Hit{Item: it, Score: h.Score, Document: d}); err != nil {
				return err
			}
		}
		if len(res.Hits) < scanPage {
			return nil
		}
		last := res.Hits[len(res.Hits)-1]
		after = cursorValues(order, last.Sort, last.Score)
	}
}

// FundingTotals sums the funding lines req matches, grouped by by and by
// currency, largest total first (then by key). It reads the funding_by_<by>
// terms of the matching lines through a facet (see fundingGroups), so sums
// are exact in pence and no stored record is decoded.
func (ix *Index) FundingTotals(ctx context.Context, req search.Request, by search.GroupBy) ([]search.Total, error) {
	if !by.Valid() {
		return nil, fmt.Errorf("%w: group by %q", ErrBadQuery, by)
	}
	req.Kinds = []corpus.Kind{corpus.KindFunding}
	q, err := requestQuery(req)
	if err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	field := groupField(by)
	fr := bleve.NewFacetRequest(field, math.MaxInt32) // every term: a total must not miss a line
	sr.AddFacet(field, fr)
	res, err := ix.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("index: funding totals: %w", err)
	}
	type key struct{ key, currency string }
	groups := map[key]*search.Total{}
	if f := res.Facets[field]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			parts := strings.Split(t.Term, groupSep)
			if len(parts) != 3 {
				return nil, fmt.Errorf("index: funding totals: malformed group term %q", t.Term)
			}
			pence, err := strconv.ParseInt(parts[1], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("index: funding totals: group term %q: %w", t.Term, err)
			}
			k := key{parts[0], parts[2]}
			g := groups[k]
			if g == nil {
				g = &search.Total{Key: k.key, Currency: k.currency}
				groups[k] = g
			}
			g.Count += t.Count
			g.Pence += pence * int64(t.Count)
		}
	}
	out := make([]search.Total, 0, len(groups))
	for _, t := range groups {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pence != out[j].Pence {
			return out[i].Pence > out[j].Pence
		}
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].Currency < out[j].Currency
	})
	return out, nil
}
