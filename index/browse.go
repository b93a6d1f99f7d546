package index

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"panelpapers/corpus"
	"panelpapers/names"
	"panelpapers/search"
)

var _ search.Library = (*Index)(nil)

// Each calls fn with every item req matches, in req's order, fetching a page
// at a time so memory stays bounded however many match. Hits carry their
// document but no highlights.
func (ix *Index) Each(ctx context.Context, req search.Request, fn func(search.Hit) error) error {
	p, err := ix.plan(req)
	if err != nil {
		return err
	}
	q := p.strict
	order := sortOf(req)
	docs := documentCache{ix: ix}
	items := itemReader{ix: ix}
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(q, scanPage, 0, false)
		sr.Fields = []string{fChunkRef}
		sr.SortBy(bleveSort(order))
		sr.Score = scoreFor(order)
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
// currency, largest total first (then by key). It counts the funding_by_<by>
// terms of the matching lines (see fundingGroups and countTerms), so sums
// are exact in pence and no stored record is decoded.
func (ix *Index) FundingTotals(ctx context.Context, req search.Request, by search.GroupBy) ([]search.Total, error) {
	if !by.Valid() {
		return nil, fmt.Errorf("%w: group by %q", ErrBadQuery, by)
	}
	req.Kinds = []corpus.Kind{corpus.KindFunding}
	p, err := ix.plan(req)
	if err != nil {
		return nil, err
	}
	counts, err := ix.idx.countTerms(ctx, p.strict, groupField(by))
	if err != nil {
		return nil, fmt.Errorf("index: funding totals: %w", err)
	}
	// First by the name as written, as the terms have it; then the names
	// written several ways are merged (mergeTotals).
	type key struct{ key, currency string }
	exact := map[key]*search.Total{}
	for term, count := range counts {
		parts := strings.Split(term, groupSep)
		if len(parts) != 3 {
			return nil, fmt.Errorf("index: funding totals: malformed group term %q", term)
		}
		pence, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("index: funding totals: group term %q: %w", term, err)
		}
		k := key{parts[0], parts[2]}
		g := exact[k]
		if g == nil {
			g = &search.Total{Key: k.key, Currency: k.currency}
			exact[k] = g
		}
		g.Count += *count
		g.Pence += pence * int64(*count)
	}
	rows := make([]search.Total, 0, len(exact))
	for _, t := range exact {
		rows = append(rows, *t)
	}
	return mergeTotals(rows, by, ix.Merges()), nil
}

// mergeTotals merges totals of one currency whose names are one name
// written several ways (names.Key and the manual merges m), shown as their
// merge names them, else as written by the most lines, with the others as
// variants; periods and years are grouped as they are.
// rows hold one total per name as written and currency. Largest total
// first, then by key and currency.
func mergeTotals(rows []search.Total, by search.GroupBy, m *names.Merges) []search.Total {
	type key struct{ key, currency string }
	byName := by == search.ByRecipient || by == search.ByFund || by == search.ByBody || by == search.ByFunder
	merged := map[key][]*search.Total{}
	for i := range rows {
		t := &rows[i]
		k := key{t.Key, t.Currency}
		if byName {
			k.key = m.Canon(names.Key(k.key))
		}
		merged[k] = append(merged[k], t)
	}
	out := make([]search.Total, 0, len(merged))
	for k, ts := range merged {
		chosen := ""
		if byName && k.key != "" {
			chosen = m.Name(k.key)
		}
		if len(ts) == 1 && (chosen == "" || chosen == ts[0].Key) {
			out = append(out, *ts[0])
			continue
		}
		sort.Slice(ts, func(i, j int) bool {
			return names.CompareVariants(ts[i].Key, ts[i].Count, ts[j].Key, ts[j].Count) < 0
		})
		t := search.Total{Key: cmp.Or(chosen, ts[0].Key), Currency: ts[0].Currency}
		for _, v := range ts {
			t.Count += v.Count
			t.Pence += v.Pence
			t.Variants = append(t.Variants, v.Key)
		}
		out = append(out, t)
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
	return out
}
