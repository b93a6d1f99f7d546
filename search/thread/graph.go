package thread

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"panelpapers/corpus"
	"panelpapers/names"
	"panelpapers/search"
)

// Source is what a Graph is built from: a search.Library.
type Source interface {
	Each(ctx context.Context, req search.Request, fn func(search.Hit) error) error
	Item(ctx context.Context, id string) (corpus.Item, error)
	Document(ctx context.Context, id string) (corpus.Document, error)
}

// Thresholds of the links. Each was set on the shared papers and the
// thread packs (testdata): below them, the pairs seen were different
// recommendations that share their subject's words.
const (
	// restateMin is how much of a recommendation a decision must hold to
	// restate it.
	restateMin = 0.6
	// otherBodyMin is how much of it a decision of another body must hold.
	otherBodyMin = 0.85
	// repeatMin is how much of one recommendation another must hold to be
	// the same recommendation printed again (a tracker row, a later pack).
	repeatMin = 0.6
	// quoteMin is how much of a recommendation a later paper must hold to
	// quote it.
	quoteMin = 0.7
	// titleMin is how alike a minute's title and a report's must be for a
	// decision that adopts "the recommendations" to be about that report.
	titleMin = 0.75
	// sameTitleMin is how alike they must be for a decision that does not
	// say so to be the decision on that report's recommendations.
	sameTitleMin = 0.9
	// proposedWindow is how long before its meeting a record of decision
	// may be drawn up and still be the decision on the recommendation.
	proposedWindow = 60 * 24 * time.Hour
	// horizon is how long after a recommendation later papers are searched
	// for what became of it.
	horizon = 3 * 366 * 24 * time.Hour
	// laterMeeting is how long after a recommendation a paper must be to
	// report on it: papers of the same meeting (a supplement, the minutes'
	// debate, a form filed with it) only repeat it.
	laterMeeting = 7 * 24 * time.Hour
	// quotePhraseWords is the length of the phrase looked for in later papers.
	quotePhraseWords = 6
)

// Graph links every recommendation of a library to its evidence.
type Graph struct {
	nodes    map[string]*node
	recs     []*node
	evidence map[string][]link  // by recommendation ID: what later papers say of it
	about    map[string][]*node // by evidence item ID: the recommendations it bears on
	parent   map[string]string  // union-find over recommendations printed more than once
	repeats  map[string][]link  // by recommendation ID: its later copies
}

// node is one recommendation or decision, read for comparing.
type node struct {
	hit      search.Hit
	date     time.Time
	body     string
	words    []string
	shingles map[uint64]bool
	title    map[string]bool // the report's (recommendation) or the minute's (decision) title words
	refs     []string
}

func (n *node) id() string { return n.hit.Item.ID }

// link is one piece of evidence about a recommendation.
type link struct {
	to         *node
	relation   string
	reason     string
	confidence float64
	status     string
}

// Build reads the recommendations and decisions of src (copies left out)
// and links them.
func Build(ctx context.Context, src Source) (*Graph, error) {
	g := &Graph{nodes: map[string]*node{}, evidence: map[string][]link{}, about: map[string][]*node{}, parent: map[string]string{}, repeats: map[string][]link{}}
	var decisions []*node
	req := search.Request{Kinds: []corpus.Kind{corpus.KindRecommendation, corpus.KindDecision}, Sort: search.SortDate}
	err := src.Each(ctx, req, func(h search.Hit) error {
		n := newNode(h)
		g.nodes[n.id()] = n
		if h.Item.Kind == corpus.KindRecommendation {
			g.recs = append(g.recs, n)
		} else {
			decisions = append(decisions, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("thread: read recommendations and decisions: %w", err)
	}
	g.linkRepeats()
	g.linkDecisions(decisions)
	g.linkProposedDecisions(decisions)
	g.linkMinuteDecisions(decisions)
	g.linkActions(decisions)
	g.linkResponses()
	if err := g.linkQuotes(ctx, src); err != nil {
		return nil, err
	}
	return g, nil
}

func newNode(h search.Hit) *node {
	it, doc := h.Item, h.Document
	n := &node{hit: h, date: dateOf(it, doc), body: names.Key(cmp.Or(it.Body, doc.Body))}
	n.words = words(it.Text)
	n.shingles = shingles(n.words)
	title := it.Topic
	if it.Kind == corpus.KindDecision {
		title = cmp.Or(it.Title, it.Topic)
	}
	n.title = titleWords(title)
	n.refs = refsOf(title, doc.Title, doc.Path)
	return n
}

// dateOf is the day an item speaks for: its own date, else its meeting's.
func dateOf(it corpus.Item, doc corpus.Document) time.Time {
	for _, s := range []string{it.Date, it.MeetingDate, doc.MeetingDate} {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// sameBody reports whether two papers can be about one recommendation as
// far as their bodies tell: either names none, or one's name holds the
// other's ("Cabinet", "Kent County Council Cabinet").
func sameBody(a, b string) bool {
	if a == "" || b == "" || a == b {
		return true
	}
	return strings.Contains(" "+a+" ", " "+b+" ") || strings.Contains(" "+b+" ", " "+a+" ")
}

// linkRepeats joins the recommendations that are one recommendation
// printed again: in the same paper (a summary box and the body), or in a
// later one (a tracker row), which is then evidence.
func (g *Graph) linkRepeats() {
	byShingle := g.recShingles()
	for _, a := range g.recs {
		shared := map[*node]int{}
		for s := range a.shingles {
			for _, b := range byShingle[s] {
				if b != a {
					shared[b]++
				}
			}
		}
		for b, n := range shared {
			if !before(a, b) || !sameBody(a.body, b.body) {
				continue
			}
			c := max(float64(n)/float64(len(a.shingles)), float64(n)/float64(len(b.shingles)))
			if c < repeatMin {
				continue
			}
			g.union(a.id(), b.id())
			if b.date.Sub(a.date) >= laterMeeting && b.hit.Item.DocID != a.hit.Item.DocID {
				g.repeats[a.id()] = append(g.repeats[a.id()], link{to: b, relation: "restated", confidence: round(c),
					reason: fmt.Sprintf("a later paper (%s) prints it again", docName(b.hit.Document))})
			}
		}
	}
}

// before orders two recommendations for pairing each once: by date, then ID.
func before(a, b *node) bool {
	if !a.date.Equal(b.date) {
		return a.date.Before(b.date)
	}
	return a.id() < b.id()
}

// linkDecisions links each decision to the recommendations it restates,
// or, when it adopts "the recommendations" of a report, to every
// recommendation of that report.
func (g *Graph) linkDecisions(decisions []*node) {
	byShingle := g.recShingles()
	for _, d := range decisions {
		restated := map[*node]bool{}
		shared := map[*node]int{}
		for s := range d.shingles {
			for _, r := range byShingle[s] {
				shared[r]++
			}
		}
		for r, n := range shared {
			c := float64(n) / float64(len(r.shingles))
			// Another body may take the decision a recommendation asks of
			// it (a scrutiny committee's to the cabinet, a report's to
			// full council endorsing the cabinet): then only a near
			// restatement links them.
			if c < restateMin || !sameBody(r.body, d.body) && c < otherBodyMin {
				continue
			}
			status, ok := decisionTiming(r, d)
			if !ok {
				continue
			}
			if status == "" {
				status = decisionStatus(d.hit.Item.Text)
				// An amendment said before the part that restates the
				// recommendation whole ("agreed to the following
				// amendment … 1. Agree to submit …") changed the
				// resolution, not this part; one said after it ("…
				// be agreed, subject to the addition of …") changed it.
				if status == search.StatusAmended && c >= 0.9 && !amendedAfter(d.words, r.words) {
					status = search.StatusAgreed
				}
			}
			restated[r] = true
			g.add(r, link{to: d, relation: "decision", confidence: round(0.5 + 0.5*c), status: status,
				reason: fmt.Sprintf("the decision restates %.0f%% of its words (%s)", 100*c, where(d))})
		}
		if len(restated) == 0 && adoptsReport.MatchString(d.hit.Item.Text) {
			g.linkAdoption(d, true)
		}
	}
}

// linkMinuteDecisions links the decisions that are evidence of nothing
// yet, in a minute none of whose decisions is, to the recommendations of
// the report the minute is about: a minute that names the report all but
// word for word decided on it, whatever its words. A minute any of whose
// decisions restates a recommendation is read decision by decision: its
// other decisions (the amendments debated, a vote of thanks) are not the
// decision on the rest of the report.
func (g *Graph) linkMinuteDecisions(decisions []*node) {
	linked := map[string]bool{}
	for _, d := range decisions {
		if len(g.about[d.id()]) > 0 {
			linked[minuteKey(d)] = true
		}
	}
	for _, d := range decisions {
		if !linked[minuteKey(d)] {
			g.linkAdoption(d, false)
		}
	}
}

// amendedAfter reports whether decision words dw say something is
// amended after the point where they begin to restate recommendation
// words rw.
func amendedAfter(dw, rw []string) bool {
	if len(rw) == 0 {
		return false
	}
	opening := strings.Join(rw[:min(4, len(rw))], " ")
	text := " " + strings.Join(dw, " ") + " "
	i := strings.Index(text, " "+opening+" ")
	if i < 0 {
		return amendedRe.MatchString(text)
	}
	return amendedRe.MatchString(text[i:])
}

// minuteKey names the minute a decision was taken under.
func minuteKey(d *node) string {
	return d.hit.Item.DocID + "#" + cmp.Or(d.hit.Item.Number, d.hit.Item.Title)
}

// decisionTiming says whether decision d can be the decision on r by
// their dates: on or after r's meeting, or a record of decision drawn up
// shortly before it, which only proposes.
func decisionTiming(r, d *node) (status string, ok bool) {
	switch {
	case r.date.IsZero() || d.date.IsZero():
		return "", true
	case d.date.Before(r.date):
		if r.date.Sub(d.date) > proposedWindow {
			return "", false
		}
		return search.StatusProposed, true
	case d.date.Sub(r.date) > horizon:
		return "", false
	}
	return "", true
}

// linkAdoption links a decision that adopts a report's recommendations to
// the recommendations of the report its minute names. A decision that
// does not say it adopts them ("RESOLVED that the Panel supports the
// proposed precept") is still the decision on the report its minute is
// about, when the minute names that report all but word for word.
func (g *Graph) linkAdoption(d *node, wholesale bool) {
	type report struct {
		doc, topic string
	}
	best, bestSim := report{}, 0.0
	var recs []*node
	for _, r := range g.recs {
		if !sameBody(r.body, d.body) {
			continue
		}
		if _, ok := decisionTiming(r, d); !ok || d.date.Before(r.date) {
			continue
		}
		sim := aboutReport(r, d)
		if sim < titleMin {
			continue
		}
		key := report{r.hit.Item.DocID, r.hit.Item.Topic}
		switch {
		case sim > bestSim:
			best, bestSim, recs = key, sim, []*node{r}
		case sim == bestSim && key == best:
			recs = append(recs, r)
		}
	}
	status := decisionStatus(d.hit.Item.Text)
	if !wholesale {
		if bestSim < sameTitleMin {
			return
		}
		for _, r := range recs {
			g.add(r, link{to: d, relation: "decision", confidence: round(0.4 + 0.4*bestSim), status: status,
				reason: fmt.Sprintf("the decision of the minute on %q, the report's title (%s)", r.hit.Item.Topic, where(d))})
		}
		return
	}
	for _, r := range recs {
		g.add(r, link{to: d, relation: "adopted", confidence: round(0.5 + 0.45*bestSim), status: status,
			reason: fmt.Sprintf("the decision adopts the recommendations of %q, which its minute names (%s)", r.hit.Item.Topic, where(d))})
	}
}

// linkProposedDecisions links a recommendation to "agree the proposed
// decision, as detailed in the attached record of decision" to the
// decisions of the minute that names its report: they are its substance.
func (g *Graph) linkProposedDecisions(decisions []*node) {
	for _, r := range g.recs {
		if !refersToDecision.MatchString(r.hit.Item.Text) {
			continue
		}
		for _, d := range decisions {
			if !sameBody(r.body, d.body) || d.hit.Item.DocID == r.hit.Item.DocID {
				continue
			}
			status, ok := decisionTiming(r, d)
			if !ok {
				continue
			}
			sim := aboutReport(r, d)
			if sim < titleMin {
				continue
			}
			conf := round(0.5 + 0.45*sim)
			switch {
			case d.hit.Item.Number == "":
				// The record of decision itself: drawn up before the
				// meeting it proposes; signed after, it records.
				if status == "" {
					status = decisionStatus(d.hit.Item.Text)
				}
				g.add(r, link{to: d, relation: "decision", confidence: conf, status: status,
					reason: fmt.Sprintf("the record of decision it refers to (%s)", docName(d.hit.Document))})
			case status == "":
				g.add(r, link{to: d, relation: "adopted", confidence: conf, status: decisionStatus(d.hit.Item.Text),
					reason: fmt.Sprintf("it asks for the proposed decision, and the minute on %q records it", r.hit.Item.Topic)})
			}
		}
	}
}

// linkActions joins an action log's row to the recommendation it carries
// out, through the minute the row names: the row for minute 102 is the
// action on a recommendation minute 102 decided, the one whose words it
// shares most.
func (g *Graph) linkActions(decisions []*node) {
	byNumber := map[string][]*node{}
	for _, d := range decisions {
		if n := d.hit.Item.Number; n != "" {
			byNumber[n] = append(byNumber[n], d)
		}
	}
	for _, a := range g.recs {
		if a.hit.Item.Source != "action-log" || a.hit.Item.Number == "" {
			continue
		}
		candidates := map[*node]bool{}
		for _, d := range byNumber[a.hit.Item.Number] {
			if !sameBody(a.body, d.body) || d.date.After(a.date) || a.date.Sub(d.date) > horizon {
				continue
			}
			for _, r := range g.about[d.id()] {
				if r != a && r.hit.Item.Source != "action-log" {
					candidates[r] = true
				}
			}
		}
		var best *node
		bestSim := -1.0
		for r := range candidates {
			sim := max(containment(a.shingles, r.shingles), containment(r.shingles, a.shingles))
			if sim > bestSim || sim == bestSim && best != nil && r.id() < best.id() {
				best, bestSim = r, sim
			}
		}
		// One recommendation decided: the row is its action whatever its
		// words; several: the row must share enough words to tell which.
		if best == nil || len(candidates) > 1 && bestSim < actionMin || g.find(best.id()) == g.find(a.id()) {
			continue
		}
		g.union(best.id(), a.id())
		g.repeats[best.id()] = append(g.repeats[best.id()], link{to: a, relation: "restated", confidence: round(0.6 + 0.4*bestSim),
			reason: fmt.Sprintf("the action log row for minute %s, which decided it (%s)", a.hit.Item.Number, docName(a.hit.Document))})
	}
}

// actionMin is how many of its words an action log row must share with a
// recommendation its minute decided, when the minute decided several.
const actionMin = 0.3

// refersToDecision is a recommendation that puts a decision set out
// elsewhere: "agree to the proposed decision, as detailed in the attached
// PROD".
var refersToDecision = regexp.MustCompile(`(?i)\b(?:proposed|draft)\s+(?:key\s+)?decision\b[^.;]{0,30}?\b(?:as\s+(?:detailed|set\s+out|attached)|attached|at\s+appendix)|\bas\s+(?:detailed|set\s+out)\s+in\s+the\s+(?:attached\s+)?(?:prod|record\s+of\s+decision|proposed\s+record)`)

func sharedRef(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// linkResponses makes a tracker row's own response evidence: the row is
// the recommendation, its progress column what became of it.
func (g *Graph) linkResponses() {
	for _, r := range g.recs {
		it := r.hit.Item
		text := strings.TrimSpace(it.Response + " " + it.Status)
		if text == "" {
			continue
		}
		status := responseStatus(it.Status)
		if status == "" {
			status = responseStatus(it.Response)
		}
		g.add(r, link{to: r, relation: "response", confidence: 1, status: status,
			reason: "the response recorded beside it"})
	}
}

// linkQuotes looks for each recommendation in the later papers of its
// body: a progress report or work programme that quotes it. The papers
// are read once, each passage's shingles looked up in the
// recommendations': a search per recommendation took minutes at 100,000
// items.
func (g *Graph) linkQuotes(ctx context.Context, src Source) error {
	byShingle := g.recShingles()
	// A page that prints a recommendation again (a tracker) is evidence
	// already, row by row; the page as a whole is no quote. Likewise the
	// page of a decision on it.
	members := g.members()
	printed := map[string]map[string]bool{} // component root -> pages
	for root, recs := range members {
		pages := map[string]bool{}
		for _, x := range recs {
			pages[pageKey(x.hit.Item.DocID, x.hit.Item.Page)] = true
			for _, l := range g.evidence[x.id()] {
				pages[pageKey(l.to.hit.Item.DocID, l.to.hit.Item.Page)] = true
			}
		}
		printed[root] = pages
	}
	// Of the items of one paper that quote a recommendation, the narrowest
	// is the quote (the paragraph, not the whole report); the widest says
	// what has happened since.
	type quote struct{ best, widest search.Hit }
	found := map[*node]map[string]*quote{} // recommendation -> paper -> quote
	req := search.Request{Kinds: []corpus.Kind{corpus.KindSection, corpus.KindReport, corpus.KindMinute, corpus.KindAgendaItem}}
	err := src.Each(ctx, req, func(h search.Hit) error {
		sh := shingles(plainWords(h.Item.Text))
		shared := map[*node]int{}
		for s := range sh {
			for _, r := range byShingle[s] {
				shared[r]++
			}
		}
		when := dateOf(h.Item, h.Document)
		body := names.Key(cmp.Or(h.Item.Body, h.Document.Body))
		for r, n := range shared {
			if float64(n)/float64(len(r.shingles)) < quoteMin || len(r.words) < quotePhraseWords || r.date.IsZero() {
				continue
			}
			if when.Sub(r.date) < laterMeeting || when.Sub(r.date) > horizon || !sameBody(r.body, body) ||
				printed[g.find(r.id())][pageKey(h.Item.DocID, h.Item.Page)] {
				continue
			}
			if found[r] == nil {
				found[r] = map[string]*quote{}
			}
			q := found[r][h.Item.DocID]
			switch {
			case q == nil:
				found[r][h.Item.DocID] = &quote{h, h}
			case len(h.Item.Text) < len(q.best.Item.Text):
				q.best = h
			case len(h.Item.Text) > len(q.widest.Item.Text):
				q.widest = h
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("thread: look for later quotes: %w", err)
	}
	for _, r := range g.recs {
		docs := make([]string, 0, len(found[r]))
		for d := range found[r] {
			docs = append(docs, d)
		}
		slices.Sort(docs)
		for _, d := range docs {
			q := found[r][d]
			c := containment(r.shingles, shingles(words(q.best.Item.Text)))
			n := newNode(q.best)
			if old, ok := g.nodes[n.id()]; ok {
				n = old
			} else {
				g.nodes[n.id()] = n
			}
			g.add(r, link{to: n, relation: "quoted", confidence: round(c), status: quoteStatus(q.widest.Item.Text, phrase(r.words, quotePhraseWords)),
				reason: fmt.Sprintf("a later paper quotes %.0f%% of it (%s)", 100*c, docName(q.best.Document))})
		}
	}
	return nil
}

// recShingles indexes the recommendations by their shingles, leaving out
// shingles so common among them ("that the council", "the police and")
// that they tell none apart: looking every one up made linking quadratic.
func (g *Graph) recShingles() map[uint64][]*node {
	byShingle := map[uint64][]*node{}
	for _, r := range g.recs {
		for s := range r.shingles {
			byShingle[s] = append(byShingle[s], r)
		}
	}
	for s, rs := range byShingle {
		if len(rs) > commonShingle {
			delete(byShingle, s)
		}
	}
	return byShingle
}

// commonShingle is how many recommendations a shingle may be in and still
// be looked up.
const commonShingle = 50

// quoteStatus is what a later paper says of a recommendation it quotes,
// in the words after the quote: done, rejected, in progress, or nothing.
func quoteStatus(text, quoted string) string {
	after := strings.ToLower(text)
	said := strings.Join(plainWords(after), " ")
	if i := strings.Index(said, quoted); i >= 0 {
		after = said[i:]
		after = after[:min(len(after), 400)]
	}
	switch s := responseStatus(after); {
	case s == search.StatusDone || s == search.StatusRejected:
		return s
	case progressRe.MatchString(after):
		return search.StatusInProgress
	}
	return "" // quoted, with nothing said of it
}

func (g *Graph) add(r *node, l link) {
	for _, old := range g.evidence[r.id()] {
		if old.to == l.to {
			return // linked already, by a surer rule
		}
	}
	g.evidence[r.id()] = append(g.evidence[r.id()], l)
	if l.to != r {
		g.about[l.to.id()] = append(g.about[l.to.id()], r)
	}
}

func (g *Graph) find(id string) string {
	root := id
	for {
		p, ok := g.parent[root]
		if !ok || p == root {
			break
		}
		root = p
	}
	for id != root { // compress the path walked
		next := g.parent[id]
		g.parent[id] = root
		id = next
	}
	return root
}

func (g *Graph) union(a, b string) {
	ra, rb := g.find(a), g.find(b)
	if ra != rb {
		g.parent[rb] = ra
	}
}

// component is the recommendations printed as one with r.
func (g *Graph) component(r *node) []*node {
	root := g.find(r.id())
	var out []*node
	for _, x := range g.recs {
		if g.find(x.id()) == root {
			out = append(out, x)
		}
	}
	return out
}

func pageKey(docID string, page int) string { return fmt.Sprintf("%s#%d", docID, page) }

// where names an item for a reason: its minute, else its paper.
// aboutReport is how surely decision d's minute is about the report of
// recommendation r: how alike their titles are, or 0.9 when both give the
// same reference (24/00108).
func aboutReport(r, d *node) float64 {
	sim := titleSimilarity(r.title, d.title)
	if sharedRef(r.refs, d.refs) {
		sim = max(sim, 0.9)
	}
	return sim
}

func where(n *node) string {
	it := n.hit.Item
	if it.Number != "" && it.Kind == corpus.KindDecision {
		s := "minute " + it.Number
		if !n.date.IsZero() {
			s += " of " + n.date.Format("2 January 2006")
		}
		return s
	}
	return docName(n.hit.Document)
}

func docName(d corpus.Document) string {
	name := cmp.Or(d.Title, d.Path)
	if d.MeetingDate != "" {
		name += ", " + d.MeetingDate
	}
	return name
}

func round(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
