package search

import (
	"context"
	"fmt"
	"net/http"

	"panelpapers/corpus"
)

// Threads follows recommendations over time (package thread): what later
// papers say of each, and the status that follows. The server serves it
// at /api/items/{id}/thread, on the item page and on /recommendations.
type Threads interface {
	// Thread returns the item with the items linked to it, oldest first.
	// An unknown ID is ErrNotFound.
	Thread(ctx context.Context, id string) (Thread, error)
	// Statuses returns the status of every recommendation, by item ID.
	Statuses(ctx context.Context) (map[string]string, error)
}

// Recommendation statuses: what the latest dated evidence says.
const (
	StatusProposed   = "proposed"    // no later paper says anything of it yet
	StatusAgreed     = "agreed"      // a decision adopted it
	StatusAmended    = "amended"     // a decision adopted it changed
	StatusRejected   = "rejected"    // a decision or response turned it down
	StatusInProgress = "in progress" // a response or a later paper reports work on it
	StatusDone       = "done"        // a response or a later paper reports it done
)

// Statuses lists the recommendation statuses in the order a recommendation
// usually passes through them.
var Statuses = []string{StatusProposed, StatusAgreed, StatusAmended, StatusRejected, StatusInProgress, StatusDone}

// Thread is an item and what the papers say of it over time.
type Thread struct {
	Item corpus.Item `json:"item"`
	// Status is the recommendation's status, for a recommendation, or the
	// status of the recommendations a decision or response is about.
	Status string       `json:"status,omitempty"`
	Links  []ThreadLink `json:"links"` // oldest first; the item itself is one of them
}

// ThreadLink is one item of a thread, with why it belongs.
type ThreadLink struct {
	Item     corpus.Item     `json:"item"`
	Document corpus.Document `json:"document"`
	Date     string          `json:"date,omitempty"` // YYYY-MM-DD: the item's, else its meeting's
	// Relation is how the item bears on the recommendation: "recommendation"
	// (the item asked about, or a recommendation of the thread), "decision"
	// (a decision that restates it), "adopted" (a decision that adopts its
	// report's recommendations), "restated" (a later paper's copy of it, a
	// tracker row), "response" (a response recorded beside it) or "quoted"
	// (a later paper that quotes it).
	Relation string `json:"relation"`
	// Reason says, for a reader to check, why the item was linked.
	Reason string `json:"reason,omitempty"`
	// Confidence is how sure the link is, 0 to 1; 1 for the item itself.
	Confidence float64 `json:"confidence"`
	// Status is what this piece of evidence says of the recommendation.
	Status string `json:"status,omitempty"`
}

// apiThreadLink is one item of a thread as the API shows it: with its
// document's metadata (not its path) and the citation to open.
type apiThreadLink struct {
	Item       corpus.Item `json:"item"`
	Document   apiDocRef   `json:"document"`
	Citation   citation    `json:"citation"`
	Date       string      `json:"date,omitempty"`
	Relation   string      `json:"relation"`
	Reason     string      `json:"reason,omitempty"`
	Confidence float64     `json:"confidence"`
	Status     string      `json:"status,omitempty"`
}

// serveThread answers GET /api/items/{id}/thread: the item and what is
// linked to it, oldest first, each with its citation, reason and
// confidence.
func (s *Server) serveThread(w http.ResponseWriter, r *http.Request) {
	if s.threads == nil {
		s.fail(w, r, fmt.Errorf("%w: this server follows no threads", ErrNotFound))
		return
	}
	t, err := s.threads.Thread(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, toAPIThread(t))
}

func toAPIThread(t Thread) any {
	links := make([]apiThreadLink, 0, len(t.Links))
	for _, l := range t.Links {
		links = append(links, apiThreadLink{Item: l.Item, Document: toDocRef(l.Document),
			Citation: citation{Page: l.Item.Page, PrintedPage: l.Item.PrintedPage, URL: Citation(l.Item, l.Document)},
			Date:     l.Date, Relation: l.Relation, Reason: l.Reason, Confidence: l.Confidence, Status: l.Status})
	}
	return struct {
		Item   corpus.Item     `json:"item"`
		Status string          `json:"status,omitempty"`
		Links  []apiThreadLink `json:"links"`
	}{t.Item, t.Status, links}
}
