package index

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"panelpapers/search"
)

// defaultFields are what a word without a field searches, and how much a
// match there weighs: the item's own words (its title, its text, and every
// text field of a typed item, gathered in about), then, at a third of the
// weight, where the item is (its document's title, its body, its section's
// heading, gathered in context). A word matches if it is in any of them.
// Four fields, not one per item field: each is one more postings list for
// every word of every search (docs/performance.md).
var defaultFields = []fieldWeight{{fTitle, 1}, {fText, 1}, {fAbout, 1}, {fContext, contextBoost}}

// ownFields are the default fields less context: an item's own words.
// Partial hits must have most of the words there (a body's name is on
// every item of a paper: with it, nearly every item of a Police and Crime
// Panel has "police" and "crime", and the search for partial hits stepped
// through them all).
var ownFields = []fieldWeight{{fTitle, 1}, {fText, 1}, {fAbout, 1}}

// fieldWeight is a field and the weight of a match in it.
type fieldWeight struct {
	field string
	boost float64
}

// expandedBoost is the weight of a term the query gained from a word that
// stands for it (an acronym's long form, a long form's acronym) against the
// words typed.
const expandedBoost = 0.5

// contextBoost is the weight of a match in an item's context against one in
// its own words: a body's or a document's name is on every item of a paper,
// and must not outrank the item that is about the word.
const contextBoost = 0.3

// textFields maps the query language's free-text field names to index fields.
var textFields = map[string]string{
	"":          "", // defaultFields
	"title":     fTitle,
	"text":      fText,
	"recipient": fRecipient,
	"purpose":   fPurpose,
	"response":  fResponse,
	"person":    fPerson,
	"author":    fAuthor,
	"funder":    fFunder,
	"interest":  fInterest,
	"body":      fBodyText,
	"fund":      fFundText,
}

// keywordFields maps the query language's keyword names to index fields and
// whether the field's analyser lower-cases (see lowerKeyword).
var keywordFields = map[string]struct {
	field string
	lower bool
}{
	"kind":   {fKind, false}, // kinds are lower-case already
	"doc":    {fDocID, true}, // hex
	"status": {fStatusQ, true},
	"number": {fNumber, true},
	"period": {fPeriod, true},
}

var numberFields = map[string]string{"amount": fAmount}

// matchesItemsOnly reports whether everything n matches is an item record:
// its required parts search fields that only items have. Documents and
// chunks have a type, a doc_id and a body (and documents a path, format and
// meeting date); every other field is an item's.
func matchesItemsOnly(n search.Node) bool {
	switch n := n.(type) {
	case search.And:
		for _, c := range n.Nodes {
			if matchesItemsOnly(c) {
				return true
			}
		}
		return false
	case search.Or:
		for _, c := range n.Nodes {
			if !matchesItemsOnly(c) {
				return false
			}
		}
		return len(n.Nodes) > 0
	case search.Term:
		return n.Field != "doc"
	case search.Phrase:
		return n.Field != "doc"
	case search.NumberRange, search.DateRange:
		return true
	default: // MatchAll, Not
		return false
	}
}

// compile turns a parsed query (search.ParseQuery) into Bleve's queries; an
// empty query matches everything. Words are analysed the way the field was
// (stemming, lower case) and all of a term's tokens must match: "23/19" is
// two tokens, and an OR of them would find every minute numbered 19.
func compile(n search.Node) (query.Query, error) { return compileIn(n, defaultFields) }

// compileIn is compile with unfielded words looked for in fields.
func compileIn(n search.Node, fields []fieldWeight) (query.Query, error) {
	switch n := n.(type) {
	case search.MatchAll:
		return bleve.NewMatchAllQuery(), nil
	case search.And:
		var must, mustNot []query.Query
		for _, c := range n.Nodes {
			if not, ok := c.(search.Not); ok {
				q, err := compileIn(not.Node, fields)
				if err != nil {
					return nil, err
				}
				mustNot = append(mustNot, q)
				continue
			}
			q, err := compileIn(c, fields)
			if err != nil {
				return nil, err
			}
			must = append(must, q)
		}
		return booleanQuery(must, mustNot), nil
	case search.Or:
		qs := make([]query.Query, 0, len(n.Nodes))
		for _, c := range n.Nodes {
			q, err := compileIn(c, fields)
			if err != nil {
				return nil, err
			}
			qs = append(qs, q)
		}
		return bleve.NewDisjunctionQuery(qs...), nil
	case search.Not:
		q, err := compileIn(n.Node, fields)
		if err != nil {
			return nil, err
		}
		return booleanQuery(nil, []query.Query{q}), nil
	case search.Term:
		return termQuery(n, fields)
	case search.Phrase:
		return phraseQuery(n, fields)
	case search.NumberRange:
		if n.Field == "page" {
			return pageRange(n), nil
		}
		field, ok := numberFields[n.Field]
		if !ok {
			return nil, fmt.Errorf("%w: %s is not a number field", ErrBadQuery, n.Field)
		}
		minIncl, maxIncl := n.MinInclusive, n.MaxInclusive
		q := bleve.NewNumericRangeInclusiveQuery(n.Min, n.Max, &minIncl, &maxIncl)
		q.SetField(field)
		return q, nil
	case search.DateRange:
		return dateRange(n.From, n.To), nil
	default:
		return nil, fmt.Errorf("%w: cannot compile %T", ErrBadQuery, n)
	}
}

// booleanQuery is must AND NOT mustNot. With nothing required, everything
// not excluded matches ("-draft").
func booleanQuery(must, mustNot []query.Query) query.Query {
	if len(mustNot) == 0 {
		if len(must) == 1 {
			return must[0]
		}
		return bleve.NewConjunctionQuery(must...)
	}
	if len(must) == 0 {
		must = []query.Query{bleve.NewMatchAllQuery()}
	}
	return query.NewBooleanQuery(must, nil, mustNot)
}

func termQuery(t search.Term, fields []fieldWeight) (query.Query, error) {
	if kw, ok := keywordFields[t.Field]; ok {
		v := t.Text
		if kw.lower {
			v = strings.ToLower(v)
		}
		if t.Prefix {
			q := bleve.NewPrefixQuery(v)
			q.SetField(kw.field)
			return q, nil
		}
		return termQ(kw.field, v), nil
	}
	field, ok := textFields[t.Field]
	if !ok {
		return nil, fmt.Errorf("%w: %s is not a text field", ErrBadQuery, t.Field)
	}
	return eachField(field, fields, func(f string) query.Query {
		if t.Prefix {
			// Prefix terms are not analysed; the index holds lower-case stems,
			// and a stem is a prefix of its words, so "counc*" still finds "councils".
			q := bleve.NewPrefixQuery(strings.ToLower(t.Text))
			q.SetField(f)
			return q
		}
		q := bleve.NewMatchQuery(t.Text)
		q.SetField(f)
		q.SetOperator(query.MatchQueryOperatorAnd)
		if t.Fuzzy > 0 {
			q.SetFuzziness(t.Fuzzy)
		}
		if t.Expanded {
			q.SetBoost(expandedBoost)
		}
		return q
	}), nil
}

// eachField is fn's query on field, or, for "" (no field named), on every
// default field, any of which may match, each with its weight.
func eachField(field string, fields []fieldWeight, fn func(string) query.Query) query.Query {
	if field != "" {
		return fn(field)
	}
	qs := make([]query.Query, len(fields))
	for i, f := range fields {
		q := fn(f.field)
		if f.boost != 1 {
			if b, ok := q.(query.BoostableQuery); ok {
				b.SetBoost(b.Boost() * f.boost)
			}
		}
		qs[i] = q
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func phraseQuery(p search.Phrase, fields []fieldWeight) (query.Query, error) {
	if kw, ok := keywordFields[p.Field]; ok {
		v := p.Text
		if kw.lower {
			v = strings.ToLower(v)
		}
		return termQ(kw.field, v), nil
	}
	field, ok := textFields[p.Field]
	if !ok {
		return nil, fmt.Errorf("%w: %s is not a text field", ErrBadQuery, p.Field)
	}
	if field == "" {
		// A phrase is looked for in an item's own words, not in its
		// context: a body's name is on every item of a paper, and a phrase
		// checks word positions in every item that has its words
		// ("police and crime plan" in every Police and Crime Panel item's
		// context) for a match that weighs little.
		qs := make([]query.Query, 0, len(fields))
		for _, f := range fields {
			if f.field == fContext {
				continue
			}
			q := bleve.NewMatchPhraseQuery(p.Text)
			q.SetField(f.field)
			q.SetBoost(f.boost)
			if p.Expanded {
				q.SetBoost(f.boost * expandedBoost)
			}
			qs = append(qs, q)
		}
		return bleve.NewDisjunctionQuery(qs...), nil
	}
	q := bleve.NewMatchPhraseQuery(p.Text)
	q.SetField(field)
	if p.Expanded {
		q.SetBoost(expandedBoost)
	}
	return q, nil
}

// pageRange matches the items whose page is in n's range. Pages are whole
// numbers, kept as fixed-width terms (pageTerm), so a range of pages is a
// range of terms.
func pageRange(n search.NumberRange) query.Query {
	lo, hi, ok := pageBounds(n)
	if !ok {
		return bleve.NewMatchNoneQuery()
	}
	if lo == hi {
		return termQ(fPage, pageTerm(lo))
	}
	incl := true
	q := bleve.NewTermRangeInclusiveQuery(pageTerm(lo), pageTerm(hi), &incl, &incl)
	q.SetField(fPage)
	return q
}

// pageBounds are the whole pages n's range holds, within 0 and maxPage;
// false when there are none.
func pageBounds(n search.NumberRange) (lo, hi int, ok bool) {
	l, h := 0.0, float64(maxPage)
	if n.Min != nil {
		l = math.Ceil(*n.Min)
		if l == *n.Min && !n.MinInclusive {
			l++
		}
	}
	if n.Max != nil {
		h = math.Floor(*n.Max)
		if h == *n.Max && !n.MaxInclusive {
			h--
		}
	}
	l, h = max(l, 0), min(h, maxPage)
	if !(l <= h) { // also NaN
		return 0, 0, false
	}
	return int(l), int(h), true
}

// dateRange matches fDate from the start of from's day to the end of to's;
// a zero time leaves that end open. The calendar years the range covers
// whole are matched by their year terms in the facets field (one postings
// list each) rather than by Bleve's numeric range, which is a disjunction of
// a dozen or more lists for a year, stepped through for every match; only
// the part-years at the ends stay numeric ranges.
func dateRange(from, to time.Time) query.Query {
	if from.IsZero() || to.IsZero() {
		return numericDateRange(from, to)
	}
	from, to = dayStart(from), dayStart(to)
	firstWhole, lastWhole := from.Year(), to.Year()
	if from.YearDay() != 1 {
		firstWhole++
	}
	if to.AddDate(0, 0, 1).Year() == to.Year() { // to is not 31 December
		lastWhole--
	}
	if firstWhole > lastWhole || lastWhole-firstWhole >= maxYearTerms {
		return numericDateRange(from, to)
	}
	var qs []query.Query
	if y := firstWhole - 1; y >= from.Year() {
		qs = append(qs, numericDateRange(from, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)))
	}
	for y := firstWhole; y <= lastWhole; y++ {
		qs = append(qs, termQ(fFacets, yearFacetTerm(y)))
	}
	if y := lastWhole + 1; y <= to.Year() {
		qs = append(qs, numericDateRange(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), to))
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// maxYearTerms is the most whole years dateRange matches by year terms; a
// longer range is one numeric range, cheaper than so many lists.
const maxYearTerms = 30

func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// numericDateRange matches fDate from the start of from's day to the end of
// to's as Bleve's numeric range; a zero time leaves that end open.
func numericDateRange(from, to time.Time) query.Query {
	var start, end time.Time
	if !from.IsZero() {
		start = dayStart(from)
	}
	if !to.IsZero() {
		end = dayStart(to).Add(24*time.Hour - time.Nanosecond)
	}
	incl := true
	q := bleve.NewDateRangeInclusiveQuery(start, end, &incl, &incl)
	q.SetField(fDate)
	return q
}
