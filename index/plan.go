package index

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"panelpapers/names"
	"panelpapers/search"
)

// plan is a request turned into Bleve queries.
type plan struct {
	// parsed is the user's query as searched: stop words out, expansions in.
	parsed search.Node
	// strict is everything the request asks for: every word, every filter.
	strict query.Query
	// required and words are strict taken apart, for hits that match most
	// of the words (partialHits): required must all match (filters, fields,
	// exclusions), words are the plain words and phrases of the query, one
	// query each (a word with its expansions is one), in the item's own
	// fields (ownFields). words is nil when the query has fewer than two.
	required []query.Query
	words    []query.Query
	vague    []query.Query // optional words (vague.txt): they rank, they do not filter
	// none: every word of the query was too common to search for.
	none       bool
	ignored    []string
	expansions []search.Expansion
}

// plan parses, prunes, expands and compiles req.
func (ix *Index) plan(req search.Request) (plan, error) {
	n, err := search.ParseQuery(req.Query)
	if err != nil {
		return plan{}, fmt.Errorf("%w: %w", ErrBadQuery, err)
	}
	var p plan
	an := ix.idx.analyzer(analyzerName)
	if _, all := n.(search.MatchAll); !all {
		pr := pruner{an: an}
		n = pr.prune(n)
		p.ignored = pr.dropped
		if n == nil {
			p.none = true
			n = search.MatchAll{}
		}
	}
	if !p.none {
		n, p.expansions = ix.vocab.thesaurus().Expand(n)
	}
	p.parsed = n
	filters, itemsOnly := filterQueries(req, ix.Merges())
	if !req.Copies && ix.hasCopies.Load() {
		// Items of copies carry copy:1; everything else matches.
		filters = append(filters, booleanQuery([]query.Query{bleve.NewMatchAllQuery()}, []query.Query{termQ(fCopy, "1")}))
	}
	if p.none {
		p.strict = bleve.NewMatchNoneQuery()
		return p, nil
	}

	// The words, and what else is required.
	var parts []search.Node
	if and, ok := n.(search.And); ok {
		parts = and.Nodes
	} else {
		parts = []search.Node{n}
	}
	var mustNot []query.Query
	var words []query.Query
	var required []query.Query
	var vague []query.Query    // optional: they rank, they do not filter
	var ownWords []query.Query // words, in the item's own fields only
	itemsOnly = itemsOnly || matchesItemsOnly(n)
	dateWords, dateQ := datesIn(parts)
	if dateQ != nil {
		vague = append(vague, dateQ)
	}
	for i, part := range parts {
		if not, ok := part.(search.Not); ok {
			q, err := compile(not.Node)
			if err != nil {
				return plan{}, err
			}
			mustNot = append(mustNot, q)
			continue
		}
		if _, ok := part.(search.MatchAll); ok {
			continue
		}
		q, err := compile(part)
		if err != nil {
			return plan{}, err
		}
		if t, ok := part.(search.Term); ok && plainTerm(t) && (vagueWords[strings.ToLower(t.Text)] || dateWords[i]) {
			vague = append(vague, q)
			continue
		}
		if isWord(part) {
			words = append(words, q)
			own, err := compileIn(part, ownFields)
			if err != nil {
				return plan{}, err
			}
			ownWords = append(ownWords, own)
		} else {
			required = append(required, q)
		}
	}
	required = append(required, filters...)
	if !itemsOnly {
		required = append(required, termQ(fType, typeItem))
	}
	if len(words) == 0 && len(vague) > 0 {
		// Nothing but vague words or a date ("how much", "9 January"):
		// any of them is the query.
		words, vague = []query.Query{bleve.NewDisjunctionQuery(vague...)}, nil
	}
	all := append(append([]query.Query(nil), words...), required...)
	if len(all) == 0 {
		all = []query.Query{bleve.NewMatchAllQuery()}
	}
	p.strict = withShould(booleanQuery(all, mustNot), vague)
	if len(words) >= 2 && len(ownWords) == len(words) {
		p.words = ownWords
		if len(mustNot) > 0 {
			required = append(required, booleanQuery([]query.Query{bleve.NewMatchAllQuery()}, mustNot))
		}
		p.required = required
		p.vague = vague
	}
	return p, nil
}

// vagueWords are search.VagueWords.
var vagueWords = search.VagueWords()

func plainTerm(t search.Term) bool { return t.Field == "" && !t.Prefix && t.Fuzzy == 0 }

// withShould is q with optional clauses that only add to the score.
func withShould(q query.Query, should []query.Query) query.Query {
	if len(should) == 0 {
		return q
	}
	return query.NewBooleanQuery([]query.Query{q}, should, nil)
}

// months are the month names a query may write a date with.
var months = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		months[name] = m
		months[name[:3]] = m
	}
	months["sept"] = time.September
}

// minDateYear and maxDateYear bound the years a date without one ("9
// January") is looked for in.
const minDateYear, maxDateYear = 2000, 2035

// datesIn finds the dates people type among a query's plain words ("9
// January", "9th january 2025", "March 2018"): papers write them in many
// ways, or not at all when the meeting's date says it. Their words are not
// required (the bool of each part index), and the date ranks the items of
// that day (or month) higher: the returned query, nil without a date.
func datesIn(parts []search.Node) (map[int]bool, query.Query) {
	used, mentions := dateMentions(parts)
	var qs []query.Query
	for _, days := range mentions {
		if len(days) == 1 {
			qs = append(qs, numericDateRange(days[0].From, days[0].To))
			continue
		}
		var ds []query.Query
		for _, d := range days {
			ds = append(ds, numericDateRange(d.From, d.To))
		}
		qs = append(qs, bleve.NewDisjunctionQuery(ds...))
	}
	switch len(qs) {
	case 0:
		return nil, nil
	case 1:
		return used, qs[0]
	}
	return used, bleve.NewDisjunctionQuery(qs...)
}

// DayRange is the days from From to To, both whole and inclusive.
type DayRange struct{ From, To time.Time }

// dateMentions finds the dates among a query's plain words (see datesIn):
// which parts they use, and per date the day ranges it may mean (a day
// without a year is that day in every year from minDateYear to
// maxDateYear).
func dateMentions(parts []search.Node) (map[int]bool, [][]DayRange) {
	word := func(i int) string {
		if i < 0 || i >= len(parts) {
			return ""
		}
		if t, ok := parts[i].(search.Term); ok && plainTerm(t) {
			return strings.ToLower(t.Text)
		}
		return ""
	}
	day := func(w string) int {
		w = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "st"), "nd"), "rd"), "th"), ",")
		d, err := strconv.Atoi(w)
		if err != nil || d < 1 || d > 31 {
			return 0
		}
		return d
	}
	year := func(w string) int {
		y, err := strconv.Atoi(strings.TrimRight(w, ","))
		if err != nil || y < 1990 || y > 2100 || len(w) < 4 {
			return 0
		}
		return y
	}
	used := map[int]bool{}
	var out [][]DayRange
	for i := range parts {
		m, ok := months[strings.TrimRight(word(i), ",.")]
		if !ok {
			continue
		}
		d := day(word(i - 1))
		y := year(word(i + 1))
		switch {
		case d > 0 && y > 0:
			t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			out = append(out, []DayRange{{t, t}})
			used[i-1], used[i], used[i+1] = true, true, true
		case d > 0:
			var days []DayRange
			for y := minDateYear; y <= maxDateYear; y++ {
				if t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); t.Day() == d {
					days = append(days, DayRange{t, t})
				}
			}
			out = append(out, days)
			used[i-1], used[i] = true, true
		case y > 0:
			from := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			out = append(out, []DayRange{{from, from.AddDate(0, 1, -1)}})
			used[i], used[i+1] = true, true
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return used, out
}

// analyzerName is the analyser of every text field.
const analyzerName = textAnalyzer

// isWord reports whether n is one of the query's words for partial hits:
// an unfielded word or phrase, or one with the terms it was expanded to.
func isWord(n search.Node) bool {
	switch n := n.(type) {
	case search.Term:
		return n.Field == ""
	case search.Phrase:
		return n.Field == ""
	case search.Or:
		for _, c := range n.Nodes {
			if !isWord(c) {
				if and, ok := c.(search.And); ok && allWords(and.Nodes) {
					continue
				}
				return false
			}
		}
		return true
	}
	return false
}

func allWords(ns []search.Node) bool {
	for _, n := range ns {
		if !isWord(n) {
			return false
		}
	}
	return len(ns) > 0
}

// partialQuery matches the items with at least k of p's words and all of
// its required parts.
func (p plan) partialQuery(k int) query.Query {
	d := bleve.NewDisjunctionQuery(p.words...)
	d.SetMin(float64(k))
	return withShould(booleanQuery(append([]query.Query{d}, p.required...), nil), p.vague)
}

// minPartialWords is the fewest of n words a partial hit has: most of them
// (half of an even number).
func minPartialWords(n int) int { return (n + 1) / 2 }

// pruner drops from a query the words that analyse to nothing: stop words
// ("for", "the") are not in the index, so a required one would match
// nothing. A phrase keeps its stop words (they are gaps in it), unless it
// is nothing but stop words.
type pruner struct {
	an      analysis.Analyzer
	dropped []string
}

// prune returns n without the words that analyse to nothing, or nil when
// nothing is left of it.
func (pr *pruner) prune(n search.Node) search.Node {
	switch n := n.(type) {
	case search.Term:
		if n.Prefix || !pr.analysed(n.Field) || len(pr.an.Analyze([]byte(n.Text))) > 0 {
			return n
		}
		pr.drop(n.Text)
		return nil
	case search.Phrase:
		if !pr.analysed(n.Field) || len(pr.an.Analyze([]byte(n.Text))) > 0 {
			return n
		}
		pr.drop(n.Text)
		return nil
	case search.And:
		var kids []search.Node
		positive := false
		for _, c := range n.Nodes {
			if c = pr.prune(c); c != nil {
				kids = append(kids, c)
				_, not := c.(search.Not)
				positive = positive || !not
			}
		}
		if len(kids) == 0 {
			return nil
		}
		if !positive {
			// Only exclusions are left: of everything. But if the query
			// had words and all were stop words, it searches nothing.
			if hadPositive(n.Nodes) {
				return nil
			}
			kids = append([]search.Node{search.MatchAll{}}, kids...)
		}
		if len(kids) == 1 {
			return kids[0]
		}
		return search.And{Nodes: kids}
	case search.Or:
		var kids []search.Node
		for _, c := range n.Nodes {
			if c = pr.prune(c); c != nil {
				kids = append(kids, c)
			}
		}
		switch len(kids) {
		case 0:
			return nil
		case 1:
			return kids[0]
		}
		return search.Or{Nodes: kids}
	case search.Not:
		c := pr.prune(n.Node)
		if c == nil {
			return nil // excluding a stop word excludes nothing
		}
		return search.Not{Node: c}
	}
	return n
}

func hadPositive(ns []search.Node) bool {
	for _, n := range ns {
		switch n.(type) {
		case search.Not, search.MatchAll:
		default:
			return true
		}
	}
	return false
}

// analysed reports whether field (a query field name, "" for the default
// fields) is analysed text, where stop words are dropped.
func (pr *pruner) analysed(field string) bool {
	_, ok := textFields[field]
	return ok
}

func (pr *pruner) drop(word string) {
	w := strings.ToLower(word)
	for _, d := range pr.dropped {
		if d == w {
			return
		}
	}
	pr.dropped = append(pr.dropped, w)
}

// nameFilter matches the items whose name in field has the names.Key of
// name or a key merged with it (m).
func nameFilter(field, name string, m *names.Merges) query.Query {
	keys := m.Keys(names.Key(name))
	if len(keys) == 1 {
		return termQ(field, keys[0])
	}
	qs := make([]query.Query, len(keys))
	for i, k := range keys {
		qs[i] = termQ(field, k)
	}
	return bleve.NewDisjunctionQuery(qs...)
}
