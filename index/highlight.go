package index

import (
	"html"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"panelpapers/search"
)

// Highlights are cut from the item's own text (its JSON, read for the hit
// anyway), at the words the query matched there: the page's titles and texts
// are analysed again, as the index analysed them, and the tokens the
// query's terms and phrases match are marked.
//
// Why not Bleve's term vectors (SearchRequest.IncludeLocations): the
// searchers then decode and merge the locations of every match, not only of
// the page shown, which cost a search at 100k items about an eighth of its
// time, growing with the matches. Analysing twenty items' text costs the
// same however many match.

// fragmentSize is about how many bytes of text a highlight shows, as
// Bleve's simple fragmenter did.
const fragmentSize = 200

type span struct{ start, end int }

// sortedSpans returns spans in order, without overlaps.
func sortedSpans(out []span) []span {
	slices.SortFunc(out, func(a, b span) int { return a.start - b.start })
	merged := out[:0]
	for _, s := range out {
		if k := len(merged); k > 0 && s.start < merged[k-1].end {
			merged[k-1].end = max(merged[k-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// highlightFragment returns the piece of text of about size bytes with the
// most matches, HTML-escaped, matches in <mark>; "" when nothing matched.
func highlightFragment(text string, spans []span, size int) string {
	if len(spans) == 0 {
		return ""
	}
	from, to := 0, len(text)
	if len(text) > size {
		best, bestCount := 0, 0
		for i, s := range spans {
			count := 0
			for _, t := range spans[i:] {
				if t.end-s.start > size {
					break
				}
				count++
			}
			if count > bestCount {
				best, bestCount = i, count
			}
		}
		// Some words before the first match, for context, then cut at
		// word boundaries.
		from = wordStart(text, max(0, spans[best].start-size/5))
		to = wordEnd(text, min(len(text), from+size))
		to = max(to, spans[best].end)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, s := range spans {
		if s.start < from || s.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// wordStart moves i forward to the start of a word, unless that passes a
// match's word: i is at most a word's length before where it was.
func wordStart(text string, i int) int {
	if i == 0 {
		return 0
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	if unicode.IsSpace(r) {
		return i
	}
	if j := strings.IndexFunc(text[i:], unicode.IsSpace); j >= 0 && j < 20 {
		return i + j + 1
	}
	return i
}

// wordEnd moves i back to the end of a word.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	if j := strings.LastIndexFunc(text[:i], unicode.IsSpace); j > 0 && i-j < 20 {
		return j
	}
	return i
}

// highlighter marks what a query matched in the title and text of its hits.
type highlighter struct {
	analyzer    analysis.Analyzer
	title, text []wordMatcher // what may be marked in each field
}

// wordMatcher is one term or phrase of a query, analysed: the stemmed
// tokens a word or phrase must match, at their positions relative to the
// first (a stop word in a phrase leaves a gap), or one word matched by
// prefix or within an edit distance.
type wordMatcher struct {
	terms   []string
	offsets []int // positions after the first token's, for a phrase
	prefix  bool
	fuzzy   int
}

// newHighlighter collects the words of query n that can match in the
// title or text. Words under a NOT match nothing to mark; keyword, number
// and date fields are not shown.
func newHighlighter(n search.Node, analyzer analysis.Analyzer) *highlighter {
	h := &highlighter{analyzer: analyzer}
	var walk func(search.Node)
	add := func(field string, m wordMatcher) {
		if len(m.terms) == 0 {
			return
		}
		if field == "" || field == "title" {
			h.title = append(h.title, m)
		}
		if field == "" || field == "text" {
			h.text = append(h.text, m)
		}
	}
	walk = func(n search.Node) {
		switch n := n.(type) {
		case search.And:
			for _, c := range n.Nodes {
				walk(c)
			}
		case search.Or:
			for _, c := range n.Nodes {
				walk(c)
			}
		case search.Term:
			if n.Prefix {
				// As the index's prefix query: the lower-cased text, unanalysed.
				add(n.Field, wordMatcher{terms: []string{strings.ToLower(n.Text)}, prefix: true})
				return
			}
			// A word is all of its tokens ("23/19" is two), each on its own.
			for _, tok := range analyzer.Analyze([]byte(n.Text)) {
				add(n.Field, wordMatcher{terms: []string{string(tok.Term)}, fuzzy: n.Fuzzy})
			}
		case search.Phrase:
			var m wordMatcher
			toks := analyzer.Analyze([]byte(n.Text))
			for _, tok := range toks {
				m.terms = append(m.terms, string(tok.Term))
				m.offsets = append(m.offsets, tok.Position-toks[0].Position)
			}
			add(n.Field, m)
		}
	}
	walk(n)
	return h
}

// highlights are the highlights of an item's text and title.
func (h *highlighter) highlights(title, text string) map[string][]string {
	var out map[string][]string
	add := func(field, s string, ms []wordMatcher, size int) {
		if len(ms) == 0 || s == "" {
			return
		}
		if f := highlightFragment(s, h.spans(s, ms), size); f != "" {
			if out == nil {
				out = map[string][]string{}
			}
			out[field] = []string{f}
		}
	}
	add(fText, text, h.text, fragmentSize)
	add(fTitle, title, h.title, len(title)) // a title is shown whole
	return out
}

// spans are the byte spans of s's tokens that ms match. Analysing a long
// text whole costs more than the search that found it, so only the parts
// around where a matched word could be are analysed (regions).
func (h *highlighter) spans(s string, ms []wordMatcher) []span {
	var out []span
	for _, r := range regions(s, ms) {
		for _, sp := range h.spansIn(s[r.start:r.end], ms) {
			out = append(out, span{r.start + sp.start, r.start + sp.end})
		}
	}
	return sortedSpans(out)
}

// spansIn are the byte spans of s's tokens that ms match, s analysed whole.
func (h *highlighter) spansIn(s string, ms []wordMatcher) []span {
	toks := h.analyzer.Analyze([]byte(s))
	var out []span
	for k, t := range toks {
		for _, m := range ms {
			if !m.matches(0, t.Term) {
				continue
			}
			phrase := []span{{t.Start, t.End}}
			for i := 1; i < len(m.terms); i++ {
				next := tokenAt(toks[k+1:], t.Position+m.offsets[i])
				if next == nil || !m.matches(i, next.Term) {
					phrase = nil
					break
				}
				phrase = append(phrase, span{next.Start, next.End})
			}
			out = append(out, phrase...)
		}
	}
	return out
}

// tokenAt is the token at position pos among toks, which are in position
// order, or nil.
func tokenAt(toks analysis.TokenStream, pos int) *analysis.Token {
	for _, t := range toks {
		if t.Position >= pos {
			if t.Position == pos {
				return t
			}
			return nil
		}
	}
	return nil
}

// phraseReach is how far past its first word's start a region for a phrase
// reaches: further than a phrase is long, so that a phrase found by its
// first word is whole.
const phraseReach = 256

// regions are the parts of s, cut at ASCII white space, in which ms could
// match: the words where the lower-cased text holds the stemKey of a
// matcher's first term, and for a phrase the words after it. A fuzzy
// matcher could match anywhere: then s is one region.
func regions(s string, ms []wordMatcher) []span {
	type start struct{ at, reach int }
	whole := []span{{0, len(s)}}
	lower, at := asciiLower(s), func(i int) int { return i }
	folded := false
	var starts []start
	for _, m := range ms {
		key, ok := stemKey(m.terms[0])
		if !ok || m.fuzzy > 0 {
			return whole
		}
		reach := 0
		if len(m.terms) > 1 {
			reach = phraseReach
		}
		if !folded && !strings.Contains(lower, key) && hasFoldedLetter(s) {
			// Accents are folded in the index ("cafe" matches "Café"):
			// look in the text folded the same way.
			lower, at = foldLower(s)
			folded = true
		}
		for i := 0; ; {
			j := strings.Index(lower[i:], key)
			if j < 0 {
				break
			}
			starts = append(starts, start{at(i + j), reach})
			i += j + 1
		}
	}
	slices.SortFunc(starts, func(a, b start) int { return a.at - b.at })
	var out []span
	for _, st := range starts {
		from, to := st.at, min(len(s), st.at+st.reach)
		for from > 0 && !isASCIISpace(s[from-1]) {
			from--
		}
		for to < len(s) && !isASCIISpace(s[to]) {
			to++
		}
		if k := len(out); k > 0 && from <= out[k-1].end {
			out[k-1].end = max(out[k-1].end, to)
			continue
		}
		out = append(out, span{from, to})
	}
	return out
}

// stemKey is what the lower-cased word of a stem (or of a prefix of stems)
// must contain: the stem less its last two letters, the most the Porter
// stemmer ever puts back after cutting a suffix ("relational" → "relate",
// "sensibility" → "sensible"). false if the stem is not ASCII, which
// lower-casing by bytes would not find.
func stemKey(stem string) (string, bool) {
	for i := 0; i < len(stem); i++ {
		if stem[i] >= utf8.RuneSelf {
			return "", false
		}
	}
	return stem[:max(1, len(stem)-2)], stem != ""
}

// foldLower is s lower-cased with its accents folded as the index folds
// them (fold.go), and a function from a byte offset in it back to one in s.
// Offsets are mapped through the points where a folded rune's length
// differs from its own, so the map costs a little per accented or other
// non-ASCII character, nothing per byte.
func foldLower(s string) (string, func(int) int) {
	type point struct{ f, o int } // from offset f in the folded text, offsets run on from o in s
	b := make([]byte, 0, len(s))
	points := []point{{0, 0}}
	for i, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		points = append(points, point{len(b), i})
		b = append(b, foldRune(unicode.ToLower(r))...)
		points = append(points, point{len(b), i + utf8.RuneLen(r)})
	}
	return string(b), func(f int) int {
		k := sort.Search(len(points), func(k int) bool { return points[k].f > f }) - 1
		return min(len(s), points[k].o+(f-points[k].f))
	}
}

// hasFoldedLetter reports whether s has a letter the index folds (fold.go):
// a non-ASCII letter. Pound signs, curly quotes and dashes are not.
func hasFoldedLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// matches reports whether token term matches the matcher's i-th term.
func (m wordMatcher) matches(i int, term []byte) bool {
	want := m.terms[i]
	switch {
	case m.prefix:
		return strings.HasPrefix(string(term), want)
	case m.fuzzy > 0:
		return search.EditDistance(string(term), want) <= m.fuzzy
	default:
		return string(term) == want
	}
}
