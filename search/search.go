package search

import (
	"context"
	"time"

	"panelpapers/corpus"
)

// Request is one search: a query in the query language plus filters that
// narrow it. Zero filter values mean "no filter".
type Request struct {
	Query string        // free text; empty lists everything, newest first
	Kinds []corpus.Kind // any of these kinds
	Body  string        // exact body (committee or panel) name
	From  time.Time     // meeting or item date on or after
	To    time.Time     // meeting or item date on or before
	Limit int           // hits to return; 0 means DefaultLimit
}

// DefaultLimit is the number of hits a request returns when it names none.
const DefaultLimit = 10

// MaxLimit caps Limit so one request cannot ask for the whole index.
const MaxLimit = 1000

// Hit is one matching item with where to find it.
type Hit struct {
	Item     corpus.Item     `json:"item"`
	Score    float64         `json:"score"`
	Snippets []string        `json:"snippets,omitempty"` // highlighted with <mark>…</mark>, HTML-escaped
	Document corpus.Document `json:"document"`
}

// Result is the answer to a Request.
type Result struct {
	Total uint64        `json:"total"`
	Took  time.Duration `json:"took_ns"`
	Hits  []Hit         `json:"hits"`
}

// Searcher answers requests. The index implements it; the CLI and the HTTP
// handlers depend only on this.
type Searcher interface {
	Search(ctx context.Context, req Request) (Result, error)
}
