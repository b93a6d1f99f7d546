package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

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
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(q, scanPage, 0, false)
		sr.Fields = []string{fRaw}
		sr.SortBy(bleveSort(order))
		if after != nil {
			sr.SetSearchAfter(after)
		}
		res, err := ix.idx.SearchInContext(ctx, sr)
		if err != nil {
			return fmt.Errorf("index: each: %w", err)
		}
		for _, h := range res.Hits {
			var it corpus.Item
			if err := decodeRaw(h.Fields[fRaw], &it); err != nil {
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
// currency, largest total first (then by key). Amounts are summed in whole
// pence, so a total is exact however many lines it adds up.
func (ix *Index) FundingTotals(ctx context.Context, req search.Request, by search.GroupBy) ([]search.Total, error) {
	if !by.Valid() {
		return nil, fmt.Errorf("%w: group by %q", ErrBadQuery, by)
	}
	req.Kinds = []corpus.Kind{corpus.KindFunding}
	req.Sort = search.SortDate // cheaper than scoring; the order does not matter
	type key struct{ key, currency string }
	groups := map[key]*search.Total{}
	err := ix.Each(ctx, req, func(h search.Hit) error {
		it := h.Item
		k := key{groupKey(it, h.Document, by), it.Currency}
		if k.currency == "" {
			k.currency = "GBP"
		}
		t := groups[k]
		if t == nil {
			t = &search.Total{Key: k.key, Currency: k.currency}
			groups[k] = t
		}
		t.Count++
		t.Pence += int64(math.Round(it.Amount * 100))
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrBadQuery) {
			return nil, err
		}
		return nil, fmt.Errorf("index: funding totals: %w", err)
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

func groupKey(it corpus.Item, doc corpus.Document, by search.GroupBy) string {
	switch by {
	case search.ByRecipient:
		return it.Recipient
	case search.ByFund:
		return it.Fund
	case search.ByPeriod:
		return it.Period
	case search.ByBody:
		return firstNonEmpty(it.Body, doc.Body)
	case search.ByYear:
		if d := firstNonEmpty(it.Date, it.MeetingDate, doc.MeetingDate); len(d) >= 4 {
			return d[:4]
		}
	}
	return ""
}
