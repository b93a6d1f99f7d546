package search

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// ShortForm is a short form (an acronym, an abbreviation) and what it stands for.
type ShortForm struct {
	Short string
	Long  []string
	// Caps: the short form only counts typed in capitals; in lower case
	// it is an ordinary word.
	Caps   bool
	Source string // SourceList or SourcePapers
}

// Where a Term comes from.
const (
	SourceList   = "list"   // terms.txt, shipped with papers
	SourcePapers = "papers" // a "Full Name (ABC)" definition in the indexed papers
)

//go:embed terms.txt
var termsFile string

//go:embed vague.txt
var vagueFile string

// VagueWords are the words of vague.txt, lower-case: query words that rank
// but are not required.
func VagueWords() map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(vagueFile, "\n") {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			out[strings.ToLower(w)] = true
		}
	}
	return out
}

// ListTerms are the UK local-government terms of terms.txt.
func ListTerms() []ShortForm {
	terms, err := parseTerms(termsFile)
	if err != nil {
		panic(err) // the embedded file: fails on every run or never, and a test runs it
	}
	return terms
}

func parseTerms(text string) ([]ShortForm, error) {
	var out []ShortForm
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		short, long, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("terms.txt:%d: want SHORT = long form", n+1)
		}
		t := ShortForm{Source: SourceList}
		short = strings.TrimSpace(short)
		if s, ok := strings.CutSuffix(short, "(caps)"); ok {
			short, t.Caps = strings.TrimSpace(s), true
		}
		if short == "" || strings.ContainsFunc(short, unicode.IsSpace) {
			return nil, fmt.Errorf("terms.txt:%d: the short form must be one word", n+1)
		}
		t.Short = short
		for _, l := range strings.Split(long, ";") {
			if l = strings.TrimSpace(l); l != "" {
				t.Long = append(t.Long, l)
			}
		}
		if len(t.Long) == 0 {
			return nil, fmt.Errorf("terms.txt:%d: %s stands for nothing", n+1, short)
		}
		out = append(out, t)
	}
	return out, nil
}

// bracketed matches what may be a defined acronym: a parenthesised word of
// two to ten letters starting with a capital, at the start of s.
var bracketed = regexp.MustCompile(`^\(\s*([A-Z][A-Za-z&]{1,9})\s*\)`)

// maxLongForm is how far before its bracket a long form may start, in bytes.
const maxLongForm = 160

// acronymGlue are the short words a long form may have without a letter in
// its acronym: "Special Educational Needs and Disabilities (SEND)".
var acronymGlue = map[string]bool{"and": true, "of": true, "the": true, "for": true, "in": true, "on": true, "to": true, "a": true, "&": true, "at": true, "with": true}

// LearnAcronyms reads the "Full Name (ABC)" definitions in text: each whose
// acronym's capitals are the initials of the words before it, in order
// (short joining words such as "and" and "of" may be skipped, and at most
// one other word), comes back as a Term of SourcePapers.
func LearnAcronyms(text string) []ShortForm {
	var out []ShortForm
	for at := 0; ; {
		i := strings.IndexByte(text[at:], '(')
		if i < 0 {
			break
		}
		i += at
		at = i + 1
		m := bracketed.FindStringSubmatch(text[i:min(len(text), i+16)])
		if m == nil {
			continue
		}
		before := text[max(0, i-maxLongForm):i]
		if k := strings.LastIndexAny(before, "()\n"); k >= 0 {
			before = before[k+1:]
		}
		short := m[1]
		var caps []rune
		for _, r := range short {
			if unicode.IsUpper(r) {
				caps = append(caps, r)
			}
		}
		if len(caps) < 2 {
			continue
		}
		if long := longForm(before, caps); long != "" {
			out = append(out, ShortForm{Short: short, Long: []string{long}, Source: SourcePapers})
		}
	}
	return out
}

// longForm finds the words at the end of before whose initials are caps,
// and returns them as written, or "".
func longForm(before string, caps []rune) string {
	// Only the clause just before the bracket: a long form does not cross
	// a full stop, a comma or a colon.
	if i := strings.LastIndexAny(before, ".,;:!?\"“”"); i >= 0 {
		before = before[i+1:]
	}
	type word struct {
		text  string
		start int
	}
	var words []word
	start := -1
	for i, r := range before + " " {
		sep := unicode.IsSpace(r) || r == '-' || r == '/'
		if !sep && start < 0 {
			start = i
		}
		if sep && start >= 0 {
			words = append(words, word{before[start:i], start})
			start = -1
		}
	}
	// Match the capitals right to left against the words' initials.
	w := len(words) - 1
	skipped := 0
	for c := len(caps) - 1; c >= 0; c-- {
		for {
			if w < 0 {
				return ""
			}
			first, _ := firstRune(words[w].text)
			if unicode.ToUpper(first) == caps[c] && (unicode.IsUpper(first) || c > 0) {
				break
			}
			if !acronymGlue[strings.ToLower(words[w].text)] {
				skipped++
				if skipped > 1 || c == len(caps)-1 && w == len(words)-1 {
					return "" // the last word must be the last letter's
				}
			}
			w--
		}
		if c > 0 {
			w--
		}
	}
	long := strings.TrimSpace(before[words[w].start:])
	if len(words)-w < 2 {
		return ""
	}
	return strings.Join(strings.Fields(long), " ")
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// Thesaurus expands queries with Terms: a short form also searches its long
// forms, and a long form its short form. Build one with NewThesaurus.
type Thesaurus struct {
	analyse  func(string) []string
	short    map[string][]*ShortForm // lower-case short form
	long     map[string][]*ShortForm // a long form's analysed words, joined by spaces
	longText map[string]string       // the same key: the long form as written
	maxLong  int                     // the most words of any long form, analysed
}

// NewThesaurus indexes terms. analyse must turn text into the words the
// index compares (lower-cased, stemmed, without stop words), as it analyses
// the papers. Terms with one short form are merged.
func NewThesaurus(terms []ShortForm, analyse func(string) []string) *Thesaurus {
	th := &Thesaurus{analyse: analyse, short: map[string][]*ShortForm{}, long: map[string][]*ShortForm{}, longText: map[string]string{}}
	for i := range terms {
		t := &terms[i]
		th.short[strings.ToLower(t.Short)] = append(th.short[strings.ToLower(t.Short)], t)
		for _, l := range t.Long {
			words := analyse(l)
			if len(words) == 0 {
				continue
			}
			key := strings.Join(words, " ")
			if _, ok := th.longText[key]; !ok {
				th.longText[key] = l
			}
			if !slices.ContainsFunc(th.long[key], func(o *ShortForm) bool { return strings.EqualFold(o.Short, t.Short) }) {
				th.long[key] = append(th.long[key], t)
			}
			th.maxLong = max(th.maxLong, len(words))
		}
	}
	return th
}

// Expand returns n with its words and phrases searched together with the
// terms they stand for, and the expansions it made. Only unfielded words
// expand; prefix and fuzzy words do not.
func (th *Thesaurus) Expand(n Node) (Node, []Expansion) {
	if th == nil {
		return n, nil
	}
	var used []Expansion
	out := th.expand(n, &used)
	return out, used
}

func (th *Thesaurus) expand(n Node, used *[]Expansion) Node {
	switch n := n.(type) {
	case And:
		kids, runs := th.runs(n.Nodes, used)
		for i, c := range kids {
			if !runs[i] {
				kids[i] = th.expand(c, used)
			}
		}
		return And{Nodes: kids}
	case Or:
		kids := make([]Node, len(n.Nodes))
		for i, c := range n.Nodes {
			kids[i] = th.expand(c, used)
		}
		return Or{Nodes: kids}
	case Not:
		return Not{Node: th.expand(n.Node, used)}
	case Term:
		if !plainWord(n) {
			return n
		}
		if alts := th.shortAlternatives(n.Text, used); len(alts) > 0 {
			return Or{Nodes: append([]Node{n}, alts...)}
		}
		if alts := th.longAlternatives(n.Text, n.Text, used); len(alts) > 0 {
			return Or{Nodes: append([]Node{n}, alts...)}
		}
	case Phrase:
		if n.Field != "" {
			return n
		}
		if alts := th.longAlternatives(n.Text, n.Text, used); len(alts) > 0 {
			return Or{Nodes: append([]Node{n}, alts...)}
		}
		if !strings.ContainsFunc(n.Text, unicode.IsSpace) {
			if alts := th.shortAlternatives(n.Text, used); len(alts) > 0 {
				return Or{Nodes: append([]Node{n}, alts...)}
			}
		}
	}
	return n
}

func plainWord(t Term) bool { return t.Field == "" && !t.Prefix && t.Fuzzy == 0 }

// runs replaces each run of two or more plain words of an And that is a
// long form with an Or of the run and the short form, and says which of
// the nodes it returns are such runs.
func (th *Thesaurus) runs(nodes []Node, used *[]Expansion) ([]Node, map[int]bool) {
	out := make([]Node, 0, len(nodes))
	replaced := map[int]bool{}
	for i := 0; i < len(nodes); {
		best := 0
		var bestAlts []Node
		var bestUsed []Expansion
		first, ok := nodes[i].(Term)
		for j := i + 2; ok && plainWord(first) && j <= len(nodes) && j-i <= th.maxLong+2; j++ {
			if t, ok := nodes[j-1].(Term); !ok || !plainWord(t) {
				break
			}
			var words []string
			for _, c := range nodes[i:j] {
				words = append(words, c.(Term).Text)
			}
			text := strings.Join(words, " ")
			var probe []Expansion
			if alts := th.longAlternatives(text, text, &probe); len(alts) > 0 {
				best, bestAlts, bestUsed = j, alts, probe
			}
		}
		for _, e := range bestUsed {
			addExpansion(used, e)
		}
		if best == 0 {
			out = append(out, nodes[i])
			i++
			continue
		}
		// The words of the run anywhere in an item, or its short form. (A
		// phrase of the long form as a third way, to rank it higher, lost
		// more questions of the set than it won: short items that name the
		// acronym then outranked the one that explained it.)
		run := And{Nodes: append([]Node(nil), nodes[i:best]...)}
		replaced[len(out)] = true
		out = append(out, Or{Nodes: append([]Node{run}, bestAlts...)})
		i = best
	}
	return out, replaced
}

// shortAlternatives are the long forms of word, if it is a short form.
func (th *Thesaurus) shortAlternatives(word string, used *[]Expansion) []Node {
	var alts []Node
	for _, t := range th.short[strings.ToLower(word)] {
		if (t.Caps || t.Source == SourcePapers) && !capitals(word, t.Short) {
			continue
		}
		var also []string
		for _, l := range t.Long {
			alts = append(alts, Phrase{Text: l, Expanded: true})
			also = append(also, l)
		}
		addExpansion(used, Expansion{Term: word, Also: also, Source: t.Source})
	}
	return dedupeNodes(alts)
}

// capitals reports whether word is typed as an acronym: as short is
// written, or with its capitals at least.
func capitals(word, short string) bool {
	if word == short {
		return true
	}
	upper := 0
	for _, r := range word {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2 && strings.EqualFold(word, short)
}

// longAlternatives are the short forms of text, if it is a long form.
func (th *Thesaurus) longAlternatives(text, shown string, used *[]Expansion) []Node {
	words := th.analyse(text)
	if len(words) == 0 {
		return nil
	}
	var alts []Node
	for _, t := range th.long[strings.Join(words, " ")] {
		alts = append(alts, Term{Text: t.Short, Expanded: true})
		addExpansion(used, Expansion{Term: shown, Also: []string{t.Short}, Source: t.Source})
	}
	return dedupeNodes(alts)
}

func addExpansion(used *[]Expansion, e Expansion) {
	for i, o := range *used {
		if o.Term == e.Term && o.Source == e.Source {
			for _, a := range e.Also {
				if !slices.Contains(o.Also, a) {
					(*used)[i].Also = append((*used)[i].Also, a)
				}
			}
			return
		}
	}
	*used = append(*used, e)
}

func dedupeNodes(ns []Node) []Node {
	var out []Node
	for _, n := range ns {
		if !slices.ContainsFunc(out, func(o Node) bool { return fmt.Sprint(o) == fmt.Sprint(n) }) {
			out = append(out, n)
		}
	}
	return out
}
