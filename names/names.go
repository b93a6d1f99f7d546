// Package names compares the names papers give funds, recipients, funders
// and bodies. Papers write one name many ways: "OPCC Community Safety
// Fund", "PCC's Community Safety Fund", "Community Safety Fund" and
// "community safety fund" are one fund; "Llangadog YFC" is "Llangadog
// Young Farmers Club". Key reduces a name to the form they share; every
// filter, facet, total and entity compares names by it, so the automatic
// rules live here and nowhere else.
//
// Some names are one thing that no rule can tell ("KCC" is Kent County
// Council, "Urdd Cylch Blaenau Tywi" is "Urdd Gobaith Cymru Blaenau
// Tywi"): those are manual merges (Merges, merges.go), applied when names
// are read, never baked into the index, so that editing them needs no
// re-ingest.
package names

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// holderPrefixes are words a paper puts before a name to say whose it is,
// which do not change what it names: the Police and Crime Commissioner's
// fund is the fund. They are dropped from the front of a key, longest
// first, possessive or not ("PCC's", "OPCC"), unless "for" or "of" follows
// them: then they are the name itself ("Police and Crime Commissioner for
// Thames Valley").
var holderPrefixes = []string{
	"office of the police and crime commissioner",
	"office of the police crime commissioner",
	"police and crime commissioner",
	"police crime commissioner",
	"opcc",
	"pcc",
	"the",
}

// legalForms are the words after a name that say what kind of body it is
// in law, which papers put in or leave out at will: "Seren Energy Ltd" is
// "Seren Energy Limited" is "Seren Energy". Dropped from the end of a key
// (several, as in "Ltd CIC"), never leaving it empty.
var legalForms = [][]string{
	{"community", "interest", "company"},
	{"limited"}, {"ltd"}, {"plc"}, {"cic"}, {"llp"},
}

// abbreviationsText is the known short forms a name may use for some of its
// words (abbreviations.txt): "Oxfordshire CSP" is "Oxfordshire Community
// Safety Partnership".
//
//go:embed abbreviations.txt
var abbreviationsText string

// abbreviations maps a short form (one key word) to the words it stands for.
var abbreviations = mustAbbreviations(abbreviationsText)

func mustAbbreviations(text string) map[string][]string {
	m, err := parseAbbreviations(text)
	if err != nil {
		panic(err) // the embedded list is tested
	}
	return m
}

// parseAbbreviations reads "short = long form" lines; # starts a comment.
func parseAbbreviations(text string) (map[string][]string, error) {
	out := map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		short, long, ok := strings.Cut(line, "=")
		sw, lw := keyWords(short), keyWords(long)
		if !ok || len(sw) != 1 || len(lw) < 2 {
			return nil, fmt.Errorf("names: abbreviations.txt:%d: want \"SHORT = Long Form\", got %q", n, line)
		}
		if _, dup := out[sw[0]]; dup {
			return nil, fmt.Errorf("names: abbreviations.txt:%d: %q listed twice", n, sw[0])
		}
		out[sw[0]] = lw
	}
	return out, sc.Err()
}

// Key is the form of name that names compare by. Two names with one Key
// are one name. In order:
//
//   - a list label the name was read with is dropped ("5vii) The
//     Manordeilo Reading Room Committee"; see listLabelLen);
//   - lower case, accents folded ("Gŵyl" is "gwyl"), letters and digits
//     only, "&" and "+" as "and", apostrophes dropped ("PCC's" is "pccs",
//     as people also write it), initials with points joined ("C.I.C." is
//     "cic"), one space between words;
//   - known abbreviations written out (abbreviations.txt: "CSP", "YFC",
//     "DfE"...);
//   - holder prefixes dropped from the front (holderPrefixes: "OPCC",
//     "PCC's", "The");
//   - legal forms dropped from the end (legalForms: "Ltd", "Limited",
//     "CIC", "plc", "LLP").
//
// A name that is nothing but a prefix or a legal form ("PCC", "The")
// keeps it, so it still names something.
func Key(name string) string {
	name = name[listLabelLen(name):]
	words := expand(keyWords(name))
	for changed := true; changed; {
		changed = false
		for _, p := range holderPrefixes {
			pw := strings.Fields(p)
			if len(words) > len(pw) && prefixOf(words, pw) && words[len(pw)] != "for" && words[len(pw)] != "of" {
				words, changed = words[len(pw):], true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range legalForms {
			if len(words) > len(f) && slices.Equal(words[len(words)-len(f):], f) {
				words, changed = words[:len(words)-len(f)], true
			}
		}
	}
	return strings.Join(words, " ")
}

// expand writes out the known abbreviations among words.
func expand(words []string) []string {
	var out []string
	for i, w := range words {
		long, ok := abbreviations[w]
		if !ok {
			if out != nil {
				out = append(out, w)
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(words)+len(long)), words[:i]...)
		}
		out = append(out, long...)
	}
	if out == nil {
		return words
	}
	return out
}

// listLabelLen is the length of the list label name starts with, if any:
// "5vii) ", "(a) ", "iv) ", "3. ", "2.1 ". A label is a number (with
// letters after it, "5vii"), a roman numeral or a single letter, closed by
// a bracket, or a number with a point; it must be followed by a space and
// more name. Names do not start so ("A. Smith" keeps its initial: a letter
// needs a bracket).
func listLabelLen(name string) int {
	s := strings.TrimLeft(name, " \t")
	start := len(name) - len(s)
	open := strings.HasPrefix(s, "(")
	if open {
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	digits := i
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' && digits > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9') {
		i++ // "2.1"
	}
	letters := 0
	for i+letters < len(s) && unicode.IsLetter(rune(s[i+letters])) && s[i+letters] < utf8.RuneSelf {
		letters++
	}
	word := strings.ToLower(s[i : i+letters])
	switch {
	case digits > 0 && letters <= 4 && (letters == 0 || isRoman(word) || letters == 1):
	case digits == 0 && (letters == 1 || letters > 1 && isRoman(word)):
	default:
		return 0
	}
	i += letters
	if i >= len(s) {
		return 0
	}
	switch {
	case s[i] == ')':
	case s[i] == '.' && digits > 0 && letters == 0 && !open:
	case s[i] == ' ' && digits > 0 && letters == 0 && strings.Contains(s[:i], ".") && !open: // "2.1 Name"
		i--
	default:
		return 0
	}
	i++
	rest := s[i:]
	if rest == "" || rest[0] != ' ' || strings.TrimSpace(rest) == "" {
		return 0
	}
	return start + len(name[start:]) - len(rest)
}

func isRoman(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("ivxlc", r) {
			return false
		}
	}
	return true
}

// prefixOf reports whether words start with prefix, its last word
// possessive or not ("pccs" for "pcc").
func prefixOf(words, prefix []string) bool {
	n := len(prefix) - 1
	return slices.Equal(words[:n], prefix[:n]) && (words[n] == prefix[n] || words[n] == prefix[n]+"s")
}

// keyWords splits name into lower-case words of letters and digits, with
// accents folded. Single letters joined by points ("C.I.C.", "T.V.P.") are
// one word.
func keyWords(name string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	runes := []rune(name)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteString(fold(unicode.ToLower(r)))
		case unicode.Is(unicode.Mn, r):
			// A combining accent written apart from its letter.
		case r == '\'' || r == '’':
			// Dropped inside a word: "Michael's" is "michaels", as people
			// also write it; holderPrefixes take "pccs" for "pcc".
		case r == '.' && isInitial(runes, i):
			// "C.I.C.": the initials carry on one word.
		case r == '&' || r == '+':
			flush()
			words = append(words, "and")
		default:
			flush()
		}
	}
	flush()
	return words
}

// isInitial reports whether the point at runes[i] closes a single letter
// that another single letter and point follows, or that such a pair came
// before: the points of "C.I.C." but not of "Cllr." or "St. Michael".
func isInitial(runes []rune, i int) bool {
	single := func(j int) bool { // runes[j] is a letter standing alone before a point at j+1
		return j >= 0 && unicode.IsLetter(runes[j]) && (j == 0 || !unicode.IsLetter(runes[j-1]) && !unicode.IsDigit(runes[j-1]) || j >= 1 && runes[j-1] == '.')
	}
	if !single(i - 1) {
		return false
	}
	next := i+2 < len(runes) && unicode.IsLetter(runes[i+1]) && runes[i+2] == '.'
	prev := i >= 3 && runes[i-2] == '.' && single(i-3)
	return next || prev
}

// fold takes the accents off a lower-case letter ("ŵ" is "w"): its NFKD
// decomposition less the combining marks.
func fold(r rune) string {
	if r < utf8.RuneSelf {
		return string(r)
	}
	var out []rune
	for _, c := range norm.NFKD.String(string(r)) {
		if !unicode.Is(unicode.Mn, c) {
			out = append(out, c)
		}
	}
	return string(out)
}

// Group is one name and the ways the papers wrote it.
type Group struct {
	Key      string
	Name     string   // a merge's chosen name, else the first variant
	Variants []string // every way it was written, in CompareVariants order
}

// CompareVariants orders the ways one name was written, the first being the
// one it is shown by: the most often written first; of two written as
// often, the longer (the fuller: "Youth Offending Service" before "YOS"),
// then the first in order.
func CompareVariants(a string, aCount int, b string, bCount int) int {
	if aCount != bCount {
		return bCount - aCount
	}
	if len(a) != len(b) {
		return len(b) - len(a)
	}
	return strings.Compare(a, b)
}

// Groups gathers names written in several ways under their Key: counts maps
// each way a name was written to how often. Groups come in no particular
// order. It is GroupsWith without manual merges.
func Groups(counts map[string]int) map[string]*Group {
	return GroupsWith(counts, nil)
}

// GroupsWith gathers names under their Key and the keys merged with it (m;
// nil for none), keyed by the set's canonical key (Merges.Canon). A set
// with a chosen name (the first of its merge line) is named so.
func GroupsWith(counts map[string]int, m *Merges) map[string]*Group {
	type variant struct {
		name  string
		count int
	}
	byKey := map[string][]variant{}
	for name, n := range counts {
		k := m.Canon(Key(name))
		byKey[k] = append(byKey[k], variant{name, n})
	}
	out := make(map[string]*Group, len(byKey))
	for k, vs := range byKey {
		slices.SortFunc(vs, func(a, b variant) int { return CompareVariants(a.name, a.count, b.name, b.count) })
		g := &Group{Key: k, Name: vs[0].name}
		if chosen := m.Name(k); chosen != "" {
			g.Name = chosen
		}
		for _, v := range vs {
			g.Variants = append(g.Variants, v.name)
		}
		out[k] = g
	}
	return out
}
