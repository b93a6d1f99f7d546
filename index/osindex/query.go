package osindex

import (
	"fmt"
	"strings"
	"time"

	"panelpapers/index"
	"panelpapers/search"
)

// The query language compiled to OpenSearch's query DSL, clause for
// clause as index/query.go compiles it to Bleve's queries: the same
// fields, the same weights (a default field's boost, an expansion's half
// weight), a word's tokens all required in one field, phrases only in an
// item's own fields. Scores differ (OpenSearch's BM25 against Bleve's
// TF-IDF with coordination), so relevance orders can too; the structure
// that decides them is the same.

// q is one clause of the query DSL.
type q = map[string]any

func matchAll() q  { return q{"match_all": q{}} }
func matchNone() q { return q{"match_none": q{}} }

func termQ(field string, v any) q { return q{"term": q{field: q{"value": v}}} }

// boolQ is must AND NOT mustNot, with should clauses that only add to the
// score. With nothing required, everything not excluded matches.
func boolQ(must, mustNot, should []q) q {
	if len(mustNot) == 0 && len(should) == 0 && len(must) == 1 {
		return must[0]
	}
	if len(must) == 0 {
		must = []q{matchAll()}
	}
	b := q{"must": must}
	if len(mustNot) > 0 {
		b["must_not"] = mustNot
	}
	if len(should) > 0 {
		b["should"] = should
	}
	return q{"bool": b}
}

// anyOf matches what any of qs matches, scoring the sum of those that do.
func anyOf(qs ...q) q {
	if len(qs) == 1 {
		return qs[0]
	}
	return q{"bool": q{"should": qs, "minimum_should_match": 1}}
}

// atLeast matches what k of qs match.
func atLeast(k int, qs []q) q {
	return q{"bool": q{"should": qs, "minimum_should_match": k}}
}

// filterQ is qs as filters: they match without scoring.
func filterQ(scored q, filters []q) q {
	if len(filters) == 0 {
		return scored
	}
	return q{"bool": q{"must": []q{scored}, "filter": filters}}
}

// compile turns a read query into the DSL, unfielded words searched in
// fields.
func compile(n search.Node, fields []index.FieldWeight) (q, error) {
	switch n := n.(type) {
	case search.MatchAll:
		return matchAll(), nil
	case search.And:
		var must, mustNot []q
		for _, c := range n.Nodes {
			if not, ok := c.(search.Not); ok {
				cq, err := compile(not.Node, fields)
				if err != nil {
					return nil, err
				}
				mustNot = append(mustNot, cq)
				continue
			}
			cq, err := compile(c, fields)
			if err != nil {
				return nil, err
			}
			must = append(must, cq)
		}
		return boolQ(must, mustNot, nil), nil
	case search.Or:
		qs := make([]q, 0, len(n.Nodes))
		for _, c := range n.Nodes {
			cq, err := compile(c, fields)
			if err != nil {
				return nil, err
			}
			qs = append(qs, cq)
		}
		return anyOf(qs...), nil
	case search.Not:
		cq, err := compile(n.Node, fields)
		if err != nil {
			return nil, err
		}
		return boolQ(nil, []q{cq}, nil), nil
	case search.Term:
		return termQuery(n, fields)
	case search.Phrase:
		return phraseQuery(n, fields)
	case search.NumberRange:
		if n.Field == "page" {
			lo, hi, ok := index.PageBounds(n)
			if !ok {
				return matchNone(), nil
			}
			return q{"range": q{index.PageField: q{"gte": index.PageTerm(lo), "lte": index.PageTerm(hi)}}}, nil
		}
		field, ok := index.NumberField(n.Field)
		if !ok {
			return nil, fmt.Errorf("%w: %s is not a number field", index.ErrBadQuery, n.Field)
		}
		r := q{}
		if n.Min != nil {
			r[map[bool]string{true: "gte", false: "gt"}[n.MinInclusive]] = *n.Min
		}
		if n.Max != nil {
			r[map[bool]string{true: "lte", false: "lt"}[n.MaxInclusive]] = *n.Max
		}
		return q{"range": q{field: r}}, nil
	case search.DateRange:
		return dateRange(n.From, n.To), nil
	default:
		return nil, fmt.Errorf("%w: cannot compile %T", index.ErrBadQuery, n)
	}
}

func termQuery(t search.Term, fields []index.FieldWeight) (q, error) {
	if field, lower, ok := index.KeywordField(t.Field); ok {
		v := t.Text
		if lower {
			v = strings.ToLower(v)
		}
		if t.Prefix {
			return q{"prefix": q{field: q{"value": v}}}, nil
		}
		return termQ(field, v), nil
	}
	field, ok := index.TextField(t.Field)
	if !ok {
		return nil, fmt.Errorf("%w: %s is not a text field", index.ErrBadQuery, t.Field)
	}
	boost := 1.0
	if t.Expanded {
		boost = index.ExpandedBoost
	}
	return eachField(field, fields, boost, func(f string, boost float64) q {
		if t.Prefix {
			// Not analysed: the index holds lower-case stems, and a stem is
			// a prefix of its words, so "counc*" still finds "councils".
			return q{"prefix": q{f: q{"value": strings.ToLower(t.Text), "boost": boost}}}
		}
		m := q{"query": t.Text, "operator": "and", "boost": boost}
		if t.Fuzzy > 0 {
			// Levenshtein, as Bleve's: a transposition is two edits.
			m["fuzziness"] = t.Fuzzy
			m["fuzzy_transpositions"] = false
			m["prefix_length"] = 0
		}
		return q{"match": q{f: m}}
	}), nil
}

// eachField is fn's clause on field, or, for "" (no field named), on every
// one of fields, any of which may match, each with its weight.
func eachField(field string, fields []index.FieldWeight, boost float64, fn func(f string, boost float64) q) q {
	if field != "" {
		return fn(field, boost)
	}
	qs := make([]q, len(fields))
	for i, f := range fields {
		qs[i] = fn(f.Field, boost*f.Boost)
	}
	return anyOf(qs...)
}

func phraseQuery(p search.Phrase, fields []index.FieldWeight) (q, error) {
	if field, lower, ok := index.KeywordField(p.Field); ok {
		v := p.Text
		if lower {
			v = strings.ToLower(v)
		}
		return termQ(field, v), nil
	}
	field, ok := index.TextField(p.Field)
	if !ok {
		return nil, fmt.Errorf("%w: %s is not a text field", index.ErrBadQuery, p.Field)
	}
	boost := 1.0
	if p.Expanded {
		boost = index.ExpandedBoost
	}
	phrase := func(f string, boost float64) q {
		return q{"match_phrase": q{f: q{"query": p.Text, "boost": boost}}}
	}
	if field != "" {
		return phrase(field, boost), nil
	}
	// An item's own words only, as Bleve's: the context field has no
	// positions, and a body's name is on every item of a paper.
	var qs []q
	for _, f := range fields {
		if f.Field != index.ContextField {
			qs = append(qs, phrase(f.Field, boost*f.Boost))
		}
	}
	return anyOf(qs...), nil
}

// dateRange matches the date field from the start of from's day to the end
// of to's; a zero time leaves that end open.
func dateRange(from, to time.Time) q {
	r := q{"format": "strict_date_optional_time"}
	if !from.IsZero() {
		r["gte"] = index.DayStart(from).Format(dateFormat)
	}
	if !to.IsZero() {
		r["lte"] = index.DayEnd(to).Format(dateFormat)
	}
	return q{"range": q{fDate: r}}
}

// dateFormat writes a time as the date field reads it, to the millisecond.
const dateFormat = "2006-01-02T15:04:05.000Z07:00"
