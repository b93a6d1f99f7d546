// Package goldtest scores typed items against hand-written gold files: the
// sample pack's (schema 1, ../shared/corpus/README.md) and our own for real
// papers and style packs (schema 2, ingest/testdata/gold/README.md). It is
// the one implementation of the gold's matching rules, for every test that
// scores items.
package goldtest

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"panelpapers/corpus"
)

// File is a gold file of either schema.
type File struct {
	Schema   int    `json:"schema"`
	Path     string `json:"file"`
	Genre    string `json:"genre"`
	Document struct {
		Body        string  `json:"body"`
		MeetingDate *string `json:"meeting_date"`
	} `json:"document"`
	AgendaItems     *[]Agenda       `json:"agenda_items"`
	MinutesRaw      json.RawMessage `json:"minutes"`
	Attendees       *[]Attendee     `json:"attendees"`
	Declarations    *[]Declaration  `json:"declarations"`
	Decisions       *[]Statement    `json:"decisions"`
	Questions       *[]Question     `json:"questions"`
	Reports         *[]Report       `json:"reports"`
	Recommendations *[]Statement    `json:"recommendations"`
	Funding         *[]Funding      `json:"funding"`
	NotFunding      []struct {
		TextContains string `json:"text_contains"`
	} `json:"not_funding"`

	// Minutes are the minute items (schema 2's "minutes", schema 1's
	// "minutes.items"); nil when the gold does not list them.
	Minutes *[]Minute `json:"-"`
	// v1 holds schema 1's minutes block.
	v1 *struct {
		MeetingDate  string        `json:"meeting_date"`
		Items        []Minute      `json:"items"`
		Present      []string      `json:"present"`
		Declarations []Declaration `json:"declarations"`
	}
}

type Agenda struct {
	Number        *string `json:"number"`
	TitleContains string  `json:"title_contains"`
	Time          *string `json:"time"`
	Pages         *string `json:"pages"`
	Optional      bool    `json:"optional"`
}

type Minute struct {
	Number        *string `json:"number"`
	TitleContains string  `json:"title_contains"`
	Page          *int    `json:"page"`
	PageChromium  *int    `json:"page_chromium"`
	Optional      bool    `json:"optional"`
}

type Attendee struct {
	PersonContains string `json:"person_contains"`
	Status         string `json:"status"`
	Optional       bool   `json:"optional"`
}

type Declaration struct {
	PersonContains   *string `json:"person_contains"`
	InterestContains string  `json:"interest_contains"`
	Page             *int    `json:"page"`
	Optional         bool    `json:"optional"`
}

// Statement is a decision or a recommendation.
type Statement struct {
	TextContains     string  `json:"text_contains"`
	TextEnds         string  `json:"text_ends"`
	Topic            *string `json:"topic"`
	Source           string  `json:"source"`
	ResponseContains *string `json:"response_contains"`
	Page             *int    `json:"page"`
	PageChromium     *int    `json:"page_chromium"`
	Optional         bool    `json:"optional"`
}

type Question struct {
	TextContains     string  `json:"text_contains"`
	ResponseContains *string `json:"response_contains"`
	Page             *int    `json:"page"`
	Optional         bool    `json:"optional"`
}

type Report struct {
	TitleContains  string   `json:"title_contains"`
	Date           *string  `json:"date"`
	DateAlt        []string `json:"date_alt"`
	AuthorContains *string  `json:"author_contains"`
	Page           *int     `json:"page"`
	PageChromium   *int     `json:"page_chromium"`
	Optional       bool     `json:"optional"`
}

type Funding struct {
	Recipient       *string  `json:"recipient"`
	RecipientAlt    []string `json:"recipient_alt"`
	Funder          *string  `json:"funder"`
	Amount          *float64 `json:"amount_gbp"`
	AmountMin       *float64 `json:"amount_min_gbp"`
	Approximate     bool     `json:"approximate"`
	Fund            *string  `json:"fund"`
	PurposeContains string   `json:"purpose_contains"`
	Page            *int     `json:"page"`
	PageChromium    *int     `json:"page_chromium"`
	Optional        bool     `json:"optional"`
}

// Load reads a gold file of either schema.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	if len(f.MinutesRaw) > 0 && string(f.MinutesRaw) != "null" {
		if f.MinutesRaw[0] == '[' {
			var ms []Minute
			if err := json.Unmarshal(f.MinutesRaw, &ms); err != nil {
				return nil, fmt.Errorf("gold %s: minutes: %w", path, err)
			}
			f.Minutes = &ms
		} else {
			f.v1 = new(struct {
				MeetingDate  string        `json:"meeting_date"`
				Items        []Minute      `json:"items"`
				Present      []string      `json:"present"`
				Declarations []Declaration `json:"declarations"`
			})
			if err := json.Unmarshal(f.MinutesRaw, f.v1); err != nil {
				return nil, fmt.Errorf("gold %s: minutes: %w", path, err)
			}
			f.Minutes = &f.v1.Items
		}
	}
	if f.Schema == 1 {
		// Schema 1 scores decisions with the recommendations (its source
		// "resolved"); keep them there and leave Decisions unscored.
		f.Decisions = nil
	}
	return &f, nil
}

// Fold normalises a string the way the gold's matching rules say: white
// space collapsed, case ignored, typographic quotes and dashes made ASCII.
func Fold(s string) string {
	s = folder.Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

var folder = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "-", "—", "-", "\u00a0", " ", "ﬁ", "fi", "ﬂ", "fl")

// Contains reports whether want (folded) is in field (folded).
func Contains(field, want string) bool { return strings.Contains(Fold(field), Fold(want)) }

// EitherContains reports whether either folded string contains the other.
func EitherContains(a, b string) bool {
	a, b = Fold(a), Fold(b)
	return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
}

// Score is recall and precision for one kind.
type Score struct {
	Kind    string
	Wanted  int // required gold entries
	Found   int // required entries matched
	Got     int // parsed items of the kind, less those matching optional entries
	Correct int // parsed items that match a required entry
	PageOK  int // matched entries on the right page
	Pages   int // matched entries whose page was checked
	Misses  []string
	Extras  []string // parsed items that match nothing
	Scored  bool     // the gold lists this kind
}

func (s Score) Recall() float64 { return ratio(s.Found, s.Wanted) }

// Precision is the share of parsed items that match a gold entry; 1 when
// nothing was parsed.
func (s Score) Precision() float64 { return ratio(s.Correct, s.Got) }

func (s Score) PageRate() float64 { return ratio(s.PageOK, s.Pages) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s Score) String() string {
	return fmt.Sprintf("%-16s recall %3d/%-3d %5.1f%%  precision %3d/%-3d %5.1f%%  page %5.1f%%",
		s.Kind, s.Found, s.Wanted, 100*s.Recall(), s.Correct, s.Got, 100*s.Precision(), 100*s.PageRate())
}

// Options steer scoring.
type Options struct {
	// CheckPages scores pages (false for renders whose page breaks differ
	// from the one the gold's pages refer to).
	CheckPages bool
}

// matcher pairs gold entries with parsed items one to one.
type matcher struct {
	score  Score
	items  []corpus.Item
	used   []bool
	ignore []bool // matched an optional entry
	// deferred holds the optional entries until the required ones have
	// matched; finishing is set while they run.
	deferred  []func()
	finishing bool
}

func newMatcher(kind string, items []corpus.Item, kinds ...corpus.Kind) *matcher {
	m := &matcher{score: Score{Kind: kind, Scored: true}}
	for _, it := range items {
		for _, k := range kinds {
			if it.Kind == k {
				m.items = append(m.items, it)
			}
		}
	}
	m.used = make([]bool, len(m.items))
	m.ignore = make([]bool, len(m.items))
	return m
}

// entry matches one gold entry: the first unused item satisfying ok,
// preferring one on the wanted page.
func (m *matcher) entry(optional bool, label string, page *int, checkPages bool, ok func(corpus.Item) bool) {
	if optional && !m.finishing {
		// Optional entries match after the required ones, so an item a
		// required entry wants is not taken by an optional one first.
		m.deferred = append(m.deferred, func() { m.entry(optional, label, page, checkPages, ok) })
		return
	}
	best := -1
	for i, it := range m.items {
		if m.used[i] || !ok(it) {
			continue
		}
		if best < 0 {
			best = i
		}
		if page != nil && it.Page == *page {
			best = i
			break
		}
	}
	if optional {
		if best >= 0 {
			m.used[best], m.ignore[best] = true, true
		}
		return
	}
	m.score.Wanted++
	if best < 0 {
		m.score.Misses = append(m.score.Misses, label)
		return
	}
	m.used[best] = true
	m.score.Found++
	m.score.Correct++
	if checkPages && page != nil {
		m.score.Pages++
		if m.items[best].Page == *page {
			m.score.PageOK++
		}
	}
}

func (m *matcher) finish(describe func(corpus.Item) string) Score {
	m.finishing = true
	for _, f := range m.deferred {
		f()
	}
	for i, it := range m.items {
		if m.ignore[i] {
			continue
		}
		m.score.Got++
		if !m.used[i] {
			m.score.Extras = append(m.score.Extras, describe(it))
		}
	}
	return m.score
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func firstPage(ps ...*int) *int {
	for _, p := range ps {
		if p != nil {
			return p
		}
	}
	return nil
}

func trimNumber(n string) string { return strings.TrimRight(strings.TrimSpace(n), ".:)") }

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// ScoreItems scores parsed items against the gold, one Score per kind the
// gold lists, in a fixed order.
func ScoreItems(g *File, items []corpus.Item, o Options) []Score {
	var out []Score
	check := o.CheckPages
	if g.AgendaItems != nil {
		m := newMatcher("agenda items", items, corpus.KindAgendaItem)
		for _, w := range *g.AgendaItems {
			w := w
			m.entry(w.Optional, fmt.Sprintf("%s %q time %s pages %s", deref(w.Number), w.TitleContains, deref(w.Time), deref(w.Pages)), nil, false, func(it corpus.Item) bool {
				return (w.Number == nil || trimNumber(it.Number) == trimNumber(*w.Number)) && Contains(it.Title, w.TitleContains) &&
					it.Time == deref(w.Time) && strings.ReplaceAll(it.Pages, " ", "") == strings.ReplaceAll(deref(w.Pages), " ", "")
			})
		}
		out = append(out, m.finish(func(it corpus.Item) string {
			return fmt.Sprintf("%s %q time %s pages %s", it.Number, clip(it.Title, 60), it.Time, it.Pages)
		}))
	}
	if g.Minutes != nil {
		m := newMatcher("minutes", items, corpus.KindMinute)
		for _, w := range *g.Minutes {
			w := w
			m.entry(w.Optional, deref(w.Number)+" "+w.TitleContains, firstPage(w.Page, w.PageChromium), check, func(it corpus.Item) bool {
				return (w.Number == nil || trimNumber(it.Number) == trimNumber(*w.Number)) && Contains(it.Title, w.TitleContains)
			})
		}
		out = append(out, m.finish(func(it corpus.Item) string { return it.Number + " " + clip(it.Title, 60) }))
	}
	if g.Attendees != nil {
		m := newMatcher("attendees", items, corpus.KindAttendee)
		for _, w := range *g.Attendees {
			w := w
			m.entry(w.Optional, w.PersonContains+" ("+w.Status+")", nil, false, func(it corpus.Item) bool {
				return Contains(it.Person, w.PersonContains) && (w.Status == "" || attendeeStatus(it.Status) == w.Status)
			})
		}
		out = append(out, m.finish(func(it corpus.Item) string { return it.Person + " (" + it.Status + ")" }))
	}
	if g.Declarations != nil {
		m := newMatcher("declarations", items, corpus.KindDeclaration)
		for _, w := range *g.Declarations {
			w := w
			m.entry(w.Optional, deref(w.PersonContains)+": "+w.InterestContains, w.Page, check, func(it corpus.Item) bool {
				return (w.PersonContains == nil || Contains(it.Person, *w.PersonContains)) &&
					(Contains(it.Interest, w.InterestContains) || Contains(it.Text, w.InterestContains))
			})
		}
		out = append(out, m.finish(func(it corpus.Item) string { return it.Person + ": " + clip(it.Interest, 60) }))
	}
	if g.Decisions != nil {
		out = append(out, scoreStatements("decisions", *g.Decisions, items, check, corpus.KindDecision))
	}
	if g.Questions != nil {
		m := newMatcher("questions", items, corpus.KindQuestion)
		for _, w := range *g.Questions {
			w := w
			m.entry(w.Optional, w.TextContains, w.Page, check, func(it corpus.Item) bool {
				return Contains(it.Text, w.TextContains) && (w.ResponseContains == nil || Contains(it.Response, *w.ResponseContains))
			})
		}
		out = append(out, m.finish(func(it corpus.Item) string { return clip(it.Text, 80) }))
	}
	if g.Reports != nil {
		m := newMatcher("reports", items, corpus.KindReport)
		for _, w := range *g.Reports {
			w := w
			m.entry(w.Optional, w.TitleContains, firstPage(w.Page, w.PageChromium), check, func(it corpus.Item) bool {
				if !Contains(it.Title, w.TitleContains) {
					return false
				}
				if w.AuthorContains != nil && !Contains(it.Author, *w.AuthorContains) {
					return false
				}
				dateOK := it.Date == deref(w.Date)
				for _, alt := range w.DateAlt {
					dateOK = dateOK || it.Date == alt
				}
				return dateOK
			})
		}
		out = append(out, m.finish(func(it corpus.Item) string { return clip(it.Title, 60) + " " + it.Date + " " + it.Author }))
	}
	if g.Recommendations != nil {
		kinds := []corpus.Kind{corpus.KindRecommendation}
		if g.Schema == 1 {
			kinds = append(kinds, corpus.KindDecision) // schema 1 lists RESOLVED parts here
		}
		out = append(out, scoreStatements("recommendations", *g.Recommendations, items, check, kinds...))
	}
	if g.Funding != nil {
		out = append(out, scoreFunding(g, items, check))
	}
	return out
}

// attendeeStatus maps an attendee item's status to the gold's vocabulary.
func attendeeStatus(s string) string {
	switch strings.ToLower(s) {
	case "present", "member", "members":
		return "present"
	case "apologies", "apology", "absent":
		return "apologies"
	case "officer", "officers":
		return "officer"
	}
	return "other"
}

func scoreStatements(kind string, gold []Statement, items []corpus.Item, check bool, kinds ...corpus.Kind) Score {
	m := newMatcher(kind, items, kinds...)
	for _, w := range gold {
		w := w
		label := w.TextContains
		if w.TextEnds != "" {
			label += " … " + w.TextEnds
		}
		m.entry(w.Optional, label, firstPage(w.Page, w.PageChromium), check, func(it corpus.Item) bool {
			if !Contains(it.Text, w.TextContains) {
				return false
			}
			if w.TextEnds != "" && !Contains(it.Text, w.TextEnds) {
				return false
			}
			if w.ResponseContains != nil && !Contains(it.Response, *w.ResponseContains) {
				return false
			}
			return w.Topic == nil || EitherContains(it.Topic, *w.Topic) || EitherContains(it.Title, *w.Topic)
		})
	}
	return m.finish(func(it corpus.Item) string { return clip(it.Text, 90) })
}

// AmountMatches applies the gold's amount rule.
func AmountMatches(got, want float64, approx bool, min *float64) bool {
	if min != nil {
		return got >= *min*0.99 && got <= want*1.01
	}
	if approx {
		return math.Abs(got-want) <= want*0.01
	}
	return math.Abs(got-want) < 0.005
}

func scoreFunding(g *File, items []corpus.Item, check bool) Score {
	m := newMatcher("funding", items, corpus.KindFunding)
	for _, w := range *g.Funding {
		w := w
		label := fmt.Sprintf("£%s %s: %s", amountString(w.Amount), deref(w.Recipient), w.PurposeContains)
		m.entry(w.Optional, label, firstPage(w.Page, w.PageChromium), check, func(it corpus.Item) bool {
			if w.Amount == nil || !AmountMatches(it.Amount, *w.Amount, w.Approximate, w.AmountMin) {
				return false
			}
			return recipientMatches(it, w) || (w.PurposeContains != "" && (Contains(it.Text, w.PurposeContains) || Contains(it.Purpose, w.PurposeContains)))
		})
	}
	return m.finish(func(it corpus.Item) string {
		return fmt.Sprintf("£%s to %q for %q (%s)", amountString(&it.Amount), it.Recipient, clip(it.Purpose, 50), clip(it.Text, 60))
	})
}

func recipientMatches(it corpus.Item, w Funding) bool {
	if w.Recipient == nil {
		return false
	}
	ok := EitherContains(it.Recipient, *w.Recipient)
	for _, alt := range w.RecipientAlt {
		ok = ok || EitherContains(it.Recipient, alt)
	}
	return ok
}

// RecipientsRight counts the matched required funding entries whose
// recipient is right, of those whose gold names one.
func RecipientsRight(g *File, items []corpus.Item) (right, named int) {
	if g.Funding == nil {
		return 0, 0
	}
	funding := make([]corpus.Item, 0)
	for _, it := range items {
		if it.Kind == corpus.KindFunding {
			funding = append(funding, it)
		}
	}
	for _, w := range *g.Funding {
		if w.Optional || w.Recipient == nil || w.Amount == nil {
			continue
		}
		named++
		for _, it := range funding {
			if AmountMatches(it.Amount, *w.Amount, w.Approximate, w.AmountMin) && recipientMatches(it, w) {
				right++
				break
			}
		}
	}
	return right, named
}

// FundersRight counts the required funding entries whose gold names a
// funder and whose item (the same amount and recipient) names the same
// one, in either's words ("government" for "the Government").
func FundersRight(g *File, items []corpus.Item) (right, named int) {
	if g.Funding == nil {
		return 0, 0
	}
	for _, w := range *g.Funding {
		if w.Optional || w.Funder == nil || w.Recipient == nil || w.Amount == nil {
			continue
		}
		named++
		for _, it := range items {
			if it.Kind == corpus.KindFunding && AmountMatches(it.Amount, *w.Amount, w.Approximate, w.AmountMin) &&
				recipientMatches(it, w) && it.Funder != "" && EitherContains(it.Funder, *w.Funder) {
				right++
				break
			}
		}
	}
	return right, named
}

func amountString(a *float64) string {
	if a == nil {
		return "?"
	}
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", *a), "0"), ".")
}

// NotFunding returns the parsed funding items that match a not_funding entry.
func NotFunding(g *File, items []corpus.Item) []string {
	var bad []string
	for _, it := range items {
		if it.Kind != corpus.KindFunding {
			continue
		}
		for _, nf := range g.NotFunding {
			if !(Contains(it.Text, nf.TextContains) || Contains(it.Purpose, nf.TextContains)) {
				continue
			}
			// "small grants of up to £5,000" names the figure that is not an
			// award; the £250k award in the same sentence is not it.
			if figures := snippetAmounts(nf.TextContains); len(figures) > 0 && !slices.ContainsFunc(figures, func(a float64) bool { return math.Abs(a-it.Amount) < 0.005 }) {
				continue
			}
			bad = append(bad, fmt.Sprintf("£%s %q", amountString(&it.Amount), nf.TextContains))
		}
	}
	return bad
}

// DocumentRight reports whether a parsed document's meeting date and body
// are the gold's: the date exactly, the body when either name holds the
// other ("Cabinet" and "Kent County Council Cabinet"). A gold that gives
// neither counts as right.
func DocumentRight(g *File, doc corpus.Document) (dateOK, bodyOK bool) {
	dateOK = g.Document.MeetingDate == nil || *g.Document.MeetingDate == doc.MeetingDate
	amp := strings.NewReplacer("&", "and")
	bodyOK = g.Document.Body == "" || EitherContains(amp.Replace(doc.Body), amp.Replace(g.Document.Body))
	return dateOK, bodyOK
}

var snippetMoney = regexp.MustCompile(`£\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s?(bn|m|k|million)?\b`)

// snippetAmounts reads the pound figures a not_funding snippet names.
func snippetAmounts(s string) []float64 {
	var out []float64
	for _, m := range snippetMoney.FindAllStringSubmatch(s, -1) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "")+m[2], 64)
		if err != nil {
			continue
		}
		switch m[3] {
		case "bn":
			v *= 1e9
		case "m", "million":
			v *= 1e6
		case "k":
			v *= 1e3
		}
		out = append(out, math.Round(v*100)/100)
	}
	return out
}

// Total adds up scores of one kind.
func Total(kind string, scores ...[]Score) Score {
	t := Score{Kind: kind}
	for _, ss := range scores {
		for _, s := range ss {
			if s.Kind != kind {
				continue
			}
			t.Scored = true
			t.Wanted += s.Wanted
			t.Found += s.Found
			t.Got += s.Got
			t.Correct += s.Correct
			t.PageOK += s.PageOK
			t.Pages += s.Pages
		}
	}
	return t
}

// Kinds lists the score kinds in report order.
var Kinds = []string{"agenda items", "minutes", "attendees", "declarations", "decisions", "questions", "reports", "recommendations", "funding"}

// Agreement measures how far two renders of one paper give the same typed
// items: each item is keyed by its kind, the first words of its folded text
// (or title) and its amount; agreement is the share of keys the two have in
// common, of the larger set. Sections are left out: where a page breaks
// decides where they split.
func Agreement(a, b []corpus.Item) (float64, []string) {
	ka, kb := keys(a), keys(b)
	common := 0
	var diff []string
	for k, n := range ka {
		c := min(n, kb[k])
		common += c
		if n > c {
			diff = append(diff, "only first:  "+k)
		}
	}
	for k, n := range kb {
		if n > ka[k] {
			diff = append(diff, "only second: "+k)
		}
	}
	sort.Strings(diff)
	na, nb := count(ka), count(kb)
	if max(na, nb) == 0 {
		return 1, nil
	}
	return float64(common) / float64(max(na, nb)), diff
}

func keys(items []corpus.Item) map[string]int {
	out := map[string]int{}
	for _, it := range items {
		if it.Kind == corpus.KindSection {
			continue
		}
		text := it.Text
		switch it.Kind {
		case corpus.KindAgendaItem, corpus.KindMinute, corpus.KindReport:
			text = it.Title
		case corpus.KindAttendee, corpus.KindDeclaration:
			text = it.Person
		}
		words := strings.Fields(keyFold(text))
		if len(words) > 8 {
			words = words[:8]
		}
		k := fmt.Sprintf("%s|%s|%.2f", it.Kind, strings.Join(words, " "), it.Amount)
		out[k]++
	}
	return out
}

// keyFold folds text for agreement keys: the gold's folding, and
// punctuation dropped (renders differ in hyphens and quotes).
func keyFold(s string) string {
	s = Fold(s)
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '\'' || r == '"' || r == '*' {
			return -1
		}
		return r
	}, s)
}

func count(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
