package search

import (
	"context"
	"errors"
	"time"

	"panelpapers/corpus"
)

// Request is one search: a query in the query language (see ParseQuery) plus
// filters that narrow it. Zero filter values mean "no filter". Name filters
// (Body, Fund, Recipient, Funder) match every way of writing the name that
// names.Key takes as one: "community safety fund" finds "OPCC Community
// Safety Fund".
type Request struct {
	Query     string        // free text in the query language; empty lists everything, newest first
	Kinds     []corpus.Kind // any of these kinds
	Body      string        // body (committee or panel) name
	Fund      string        // fund name
	Recipient string        // recipient name
	Funder    string        // funder name
	// Copies includes the items of documents recorded as copies of another
	// (the same pack in another render): left out of searches, facets,
	// totals and exports unless asked for.
	Copies    bool
	From      time.Time // item (else meeting) date on or after this day
	To        time.Time // item (else meeting) date on or before this day
	AmountMin *float64  // amount at least this
	AmountMax *float64  // amount at most this
	Sort      Sort      // "" means relevance for a query, newest first without one
	Limit     int       // hits to return; 0 means DefaultLimit, capped at MaxLimit
	Cursor    string    // from a previous Result.NextCursor: the page after it
	Facets    bool      // count kind, body, year and fund over all matches
}

// Sort orders hits. Ties are broken by item ID, so every order is total and
// cursor paging never repeats or skips a hit.
type Sort string

const (
	SortRelevance  Sort = "relevance"
	SortDate       Sort = "date"  // oldest first
	SortDateDesc   Sort = "-date" // newest first
	SortAmount     Sort = "amount"
	SortAmountDesc Sort = "-amount"
)

// Sorts lists the valid sorts.
var Sorts = []Sort{SortRelevance, SortDate, SortDateDesc, SortAmount, SortAmountDesc}

// Valid reports whether s is "" or one of Sorts.
func (s Sort) Valid() bool {
	if s == "" {
		return true
	}
	for _, v := range Sorts {
		if s == v {
			return true
		}
	}
	return false
}

// DefaultLimit is the number of hits a request returns when it names none.
const DefaultLimit = 10

// MaxLimit caps Limit so one request cannot ask for the whole index.
const MaxLimit = 1000

// Hit is one matching item with where to find it.
type Hit struct {
	Item  corpus.Item `json:"item"`
	Score float64     `json:"score"`
	// Partial marks a hit that matches most of the query's words but not
	// all: few hits had them all, and these follow below them.
	Partial bool `json:"partial,omitempty"`
	// Highlights holds, per field ("text", "title"), the fragments that
	// matched, HTML-escaped with the matches in <mark>…</mark>.
	Highlights map[string][]string `json:"highlights,omitempty"`
	Document   corpus.Document     `json:"document"`
}

// FacetValue is one value of a facet and how many matching items have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	// Variants are the ways the papers wrote a name (body, fund) that
	// counts as one (names.Key), when there is more than one.
	Variants []string `json:"variants,omitempty"`
}

// Facet names, the keys of Result.Facets.
const (
	FacetKind = "kind"
	FacetBody = "body"
	FacetYear = "year"
	FacetFund = "fund"
)

// Result is the answer to a Request.
type Result struct {
	Total      uint64                  `json:"total"` // hits with every word; partial hits are not counted
	Took       time.Duration           `json:"took_ns"`
	Hits       []Hit                   `json:"hits"`
	Facets     map[string][]FacetValue `json:"facets,omitempty"` // most frequent first; years newest first
	NextCursor string                  `json:"next_cursor,omitempty"`
	// Ignored are the query's words too common to search for (stop words
	// such as "for" and "the"): left out, not required.
	Ignored []string `json:"ignored,omitempty"`
	// Expansions are the query's words that also searched for what they
	// stand for, or for their short form.
	Expansions []Expansion `json:"expansions,omitempty"`
}

// Expansion is one query word (or run of words) searched together with the
// terms it is known to mean: an acronym with its full form, or the reverse.
type Expansion struct {
	Term string   `json:"term"`
	Also []string `json:"also"`
	// Source says where the equivalence comes from: "list" (the UK local
	// government terms shipped with papers) or "papers" (a "Full Name
	// (ABC)" definition read in the indexed papers).
	Source string `json:"source"`
}

// GroupBy names what funding totals are grouped by.
type GroupBy string

const (
	ByRecipient GroupBy = "recipient"
	ByFund      GroupBy = "fund"
	ByPeriod    GroupBy = "period"
	ByBody      GroupBy = "body"
	ByYear      GroupBy = "year"
	ByFunder    GroupBy = "funder"
)

// GroupBys lists the valid groupings.
var GroupBys = []GroupBy{ByRecipient, ByFund, ByPeriod, ByBody, ByYear, ByFunder}

// Valid reports whether g is one of GroupBys.
func (g GroupBy) Valid() bool {
	for _, v := range GroupBys {
		if g == v {
			return true
		}
	}
	return false
}

// Total is the sum of the funding lines that share a key and a currency.
// Pence holds the sum exactly; funding lines without an amount are counted
// in Count but add nothing.
type Total struct {
	Key      string   `json:"key"`                // "" for lines without a value for the grouping; a name as written most often
	Variants []string `json:"variants,omitempty"` // the ways the papers wrote the name, when more than one
	Pence    int64    `json:"-"`
	Count    int      `json:"count"`
	Currency string   `json:"currency"`
}

// Searcher answers requests. The index implements it; the CLI and the HTTP
// handlers depend only on this.
type Searcher interface {
	Search(ctx context.Context, req Request) (Result, error)
}

// Library is everything the HTTP service and the CLI read: search, single
// records, funding totals and exports. The index implements it.
type Library interface {
	Searcher
	Item(ctx context.Context, id string) (corpus.Item, error)
	Document(ctx context.Context, id string) (corpus.Document, error)
	Documents(ctx context.Context) ([]corpus.Document, error)
	ItemsOf(ctx context.Context, docID string) ([]corpus.Item, error)
	// FundingTotals sums the funding lines that match req (its Kinds, Sort,
	// Limit, Cursor and Facets are ignored), largest total first.
	FundingTotals(ctx context.Context, req Request, by GroupBy) ([]Total, error)
	// Each calls fn with every item that matches req in req's order (Limit and
	// Cursor are ignored; hits carry no snippets), stopping at fn's first error.
	Each(ctx context.Context, req Request, fn func(Hit) error) error
}

var (
	// ErrNotFound is what a Library returns, wrapped, for an unknown ID.
	ErrNotFound = errors.New("not found")
	// ErrBadRequest wraps every error that is the caller's fault: a query
	// syntax error, a broken cursor, a filter that cannot hold.
	ErrBadRequest = errors.New("bad request")
)
