package osindex

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/search"
)

// pitKeepAlive is how long a point in time lives between two pages of an
// export; each page renews it.
const pitKeepAlive = "2m"

// Each calls fn with every item req matches, in req's order, a page at a
// time from one point in time: an export sees the index as it was when it
// began, however long the reader takes and whatever is ingested meanwhile.
// Hits carry their document but no highlights.
func (ix *Index) Each(ctx context.Context, req search.Request, fn func(search.Hit) error) error {
	p, err := ix.plan(req)
	if err != nil {
		return err
	}
	var pit struct {
		PitID string `json:"pit_id"`
	}
	if err := ix.c.do(ctx, "POST", "/"+ix.name+"/_search/point_in_time", url.Values{"keep_alive": {pitKeepAlive}}, nil, &pit); err != nil {
		return fmt.Errorf("opensearch: each: open a point in time: %w", err)
	}
	defer func() {
		// A point in time left open lives until its keep-alive runs out.
		_ = ix.c.do(context.WithoutCancel(ctx), "DELETE", "/_search/point_in_time", nil, q{"pit_id": []string{pit.PitID}}, nil)
	}()
	order := index.SortOf(req)
	var after []json.RawMessage
	for {
		body := q{"query": p.strict, "size": scanPage, "sort": sortFor(order), "track_total_hits": false,
			"_source": []string{fItem}, "pit": q{"id": pit.PitID, "keep_alive": pitKeepAlive}}
		if after != nil {
			body["search_after"] = after
		}
		var res searchResponse
		if err := ix.c.do(ctx, "POST", "/_search", nil, body, &res); err != nil {
			return fmt.Errorf("opensearch: each: %w", err)
		}
		if res.PitID != "" {
			pit.PitID = res.PitID
		}
		docs, err := ix.documentsOf(ctx, res.Hits.Hits)
		if err != nil {
			return err
		}
		for _, h := range res.Hits.Hits {
			it, err := decodeItem(h.Source)
			if err != nil {
				return fmt.Errorf("opensearch: each: %s: %w", h.ID, err)
			}
			hit := search.Hit{Item: it, Document: docs[it.DocID]}
			if h.Score != nil {
				hit.Score = *h.Score
			}
			if err := fn(hit); err != nil {
				return err
			}
		}
		if len(res.Hits.Hits) < scanPage {
			return nil
		}
		after = res.Hits.Hits[len(res.Hits.Hits)-1].Sort
	}
}

// maxExactSum is the largest sum of pence a double holds exactly (2^53,
// about £90 trillion).
const maxExactSum = 1 << 53

// FundingTotals sums the funding lines req matches, grouped by by and by
// currency, largest total first. Each line holds its amount in pence as a
// long; a composite aggregation walks every (name as written, currency)
// with a sum of the pence, and names written several ways are then merged
// as Bleve's totals merge them (index.MergeTotals). OpenSearch sums in a
// double (with compensated summation); integers below 2^53 are exact in
// one, and a sum that is not a whole number of pence below that is an
// error, never a rounded total.
func (ix *Index) FundingTotals(ctx context.Context, req search.Request, by search.GroupBy) ([]search.Total, error) {
	if !by.Valid() {
		return nil, fmt.Errorf("%w: group by %q", index.ErrBadQuery, by)
	}
	req.Kinds = []corpus.Kind{corpus.KindFunding}
	p, err := ix.plan(req)
	if err != nil {
		return nil, err
	}
	var rows []search.Total
	err = ix.composite(ctx, p.strict,
		[]compositeSource{{"key", groupPrefix + string(by), true}, {"cur", fFundingCur, true}},
		q{"pence": q{"sum": q{"field": fPence}}},
		func(key map[string]any, count int, sub map[string]json.RawMessage) error {
			var sum struct {
				Value float64 `json:"value"`
			}
			if err := json.Unmarshal(sub["pence"], &sum); err != nil {
				return fmt.Errorf("sum: %w", err)
			}
			if math.Abs(sum.Value) >= maxExactSum || sum.Value != math.Trunc(sum.Value) {
				return fmt.Errorf("the sum %v is not an exact number of pence", sum.Value)
			}
			k, _ := key["key"].(string)
			cur, _ := key["cur"].(string)
			rows = append(rows, search.Total{Key: k, Currency: cur, Count: count, Pence: int64(sum.Value)})
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("opensearch: funding totals: %w", err)
	}
	return index.MergeTotals(rows, by, ix.Merges()), nil
}
