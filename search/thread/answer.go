package thread

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"panelpapers/search"
)

// strength orders statuses of evidence of one date: what ends a
// recommendation's story outranks what continues it.
var strength = map[string]int{
	search.StatusProposed:   0,
	search.StatusInProgress: 1,
	search.StatusAgreed:     2,
	search.StatusAmended:    3,
	search.StatusRejected:   4,
	search.StatusDone:       5,
}

// Status is what the latest dated evidence about recommendation id (and
// the recommendations printed as one with it) says; proposed when there
// is none. ok is false for an ID that is no recommendation.
func (g *Graph) Status(id string) (status string, ok bool) {
	r, found := g.nodes[id]
	if !found || !g.isRec(r) {
		return "", false
	}
	return g.statusOf(g.members()[g.find(id)]), true
}

func (g *Graph) statusOf(recs []*node) string {
	var best *link
	for _, r := range recs {
		for i := range g.evidence[r.id()] {
			l := &g.evidence[r.id()][i]
			if l.status == "" {
				continue
			}
			if best == nil || l.to.date.After(best.to.date) ||
				l.to.date.Equal(best.to.date) && strength[l.status] > strength[best.status] {
				best = l
			}
		}
	}
	if best == nil {
		return search.StatusProposed
	}
	return best.status
}

func (g *Graph) isRec(n *node) bool { return n.hit.Item.Kind == "recommendation" }

// members groups the recommendations by the one they are printed as.
func (g *Graph) members() map[string][]*node {
	m := map[string][]*node{}
	for _, r := range g.recs {
		root := g.find(r.id())
		m[root] = append(m[root], r)
	}
	return m
}

// Statuses returns every recommendation's status, by ID.
func (g *Graph) Statuses() map[string]string {
	out := make(map[string]string, len(g.recs))
	for root, recs := range g.members() {
		_ = root
		s := g.statusOf(recs)
		for _, r := range recs {
			out[r.id()] = s
		}
	}
	return out
}

// Thread returns item id with what is linked to it, oldest first. An item
// the graph does not hold (a minute, a funding line) is its own thread,
// read from src.
func (g *Graph) Thread(ctx context.Context, src Source, id string) (search.Thread, error) {
	n, ok := g.nodes[id]
	if !ok {
		it, err := src.Item(ctx, id)
		if err != nil {
			return search.Thread{}, err
		}
		doc, err := src.Document(ctx, it.DocID)
		if err != nil {
			return search.Thread{}, fmt.Errorf("thread: document of %s: %w", id, err)
		}
		h := search.Hit{Item: it, Document: doc}
		return search.Thread{Item: it, Links: []search.ThreadLink{selfLink(newNode(h))}}, nil
	}
	// The recommendations the thread is about: the item's own, or those
	// the evidence bears on, each with the recommendations printed as one
	// with it.
	members := g.members()
	var recs []*node
	seen := map[string]bool{}
	addRec := func(r *node) {
		for _, x := range members[g.find(r.id())] {
			if !seen[x.id()] {
				seen[x.id()] = true
				recs = append(recs, x)
			}
		}
	}
	if g.isRec(n) {
		addRec(n)
	}
	for _, r := range g.about[id] {
		addRec(r)
	}
	t := search.Thread{Item: n.hit.Item}
	if len(recs) > 0 {
		t.Status = g.statusOf(recs)
	}
	byItem := map[string]int{}
	quotedIn := map[string]bool{}
	put := func(l search.ThreadLink) {
		if l.Relation == "quoted" {
			if quotedIn[l.Item.DocID] {
				return // one quote per paper, though several copies of the recommendation found it
			}
			quotedIn[l.Item.DocID] = true
		}
		if i, ok := byItem[l.Item.ID]; ok {
			// One item as two kinds of evidence (a tracker row is a
			// recommendation and its own response): keep the stronger
			// relation, and the status it gives.
			if l.Relation == "response" && (t.Links[i].Relation == "recommendation" || t.Links[i].Relation == "restated") {
				t.Links[i].Status = l.Status
				if t.Links[i].Relation == "recommendation" {
					t.Links[i].Reason = l.Reason
				} else {
					t.Links[i].Reason += ", with the response beside it"
				}
			}
			return
		}
		byItem[l.Item.ID] = len(t.Links)
		t.Links = append(t.Links, l)
	}
	put(selfLink(n))
	for _, r := range recs {
		if r != n {
			put(search.ThreadLink{Item: r.hit.Item, Document: r.hit.Document, Date: day(r), Relation: "recommendation",
				Confidence: g.repeatConfidence(n, r), Reason: "the same recommendation, printed again"})
		}
	}
	for _, r := range recs {
		for _, l := range g.repeats[r.id()] {
			if i, ok := byItem[l.to.id()]; ok && l.to != n {
				t.Links[i].Reason, t.Links[i].Confidence, t.Links[i].Relation = l.reason, l.confidence, l.relation
			}
		}
	}
	for _, r := range recs {
		for _, l := range g.evidence[r.id()] {
			put(search.ThreadLink{Item: l.to.hit.Item, Document: l.to.hit.Document, Date: day(l.to), Relation: l.relation,
				Reason: l.reason, Confidence: l.confidence, Status: l.status})
		}
	}
	slices.SortStableFunc(t.Links, func(a, b search.ThreadLink) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(relationOrder[a.Relation], relationOrder[b.Relation]))
	})
	return t, nil
}

// relationOrder puts, on one date, the recommendation before what is said
// of it.
var relationOrder = map[string]int{"recommendation": 0, "restated": 1, "response": 2, "decision": 3, "adopted": 4, "quoted": 5}

func selfLink(n *node) search.ThreadLink {
	rel := "recommendation"
	if n.hit.Item.Kind != "recommendation" {
		rel = string(n.hit.Item.Kind)
	}
	return search.ThreadLink{Item: n.hit.Item, Document: n.hit.Document, Date: day(n), Relation: rel, Confidence: 1}
}

// repeatConfidence is how sure it is that r is n printed again.
func (g *Graph) repeatConfidence(n, r *node) float64 {
	for _, x := range [][2]*node{{n, r}, {r, n}} {
		for _, l := range g.repeats[x[0].id()] {
			if l.to == x[1] {
				return l.confidence
			}
		}
	}
	return round(max(containment(n.shingles, r.shingles), containment(r.shingles, n.shingles)))
}

func day(n *node) string {
	if n.date.IsZero() {
		return ""
	}
	return n.date.Format("2006-01-02")
}

// Edge is one link of the graph: evidence To about recommendation From.
type Edge struct {
	From, To   search.Hit
	Relation   string
	Reason     string
	Confidence float64
	Status     string
}

// Links returns every link between two items of the graph: a
// recommendation and the evidence about it, or a recommendation and its
// later copy. A tracker row's own response links nothing and is left out.
func (g *Graph) Links() []Edge {
	var out []Edge
	for _, r := range g.recs {
		for _, l := range g.repeats[r.id()] {
			out = append(out, Edge{From: r.hit, To: l.to.hit, Relation: l.relation, Reason: l.reason, Confidence: l.confidence, Status: l.status})
		}
		for _, l := range g.evidence[r.id()] {
			if l.to == r {
				continue
			}
			out = append(out, Edge{From: r.hit, To: l.to.hit, Relation: l.relation, Reason: l.reason, Confidence: l.confidence, Status: l.status})
		}
	}
	return out
}
