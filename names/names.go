// Package names compares the names papers give funds, recipients, funders
// and bodies. Papers write one name many ways: "OPCC Community Safety
// Fund", "PCC's Community Safety Fund", "Community Safety Fund" and
// "community safety fund" are one fund. Key reduces a name to the form
// they share; every filter, facet and total compares names by it, so the
// rules live here and nowhere else (entity pages will group by it too).
package names

import (
	"slices"
	"strings"
	"unicode"
)

// holderPrefixes are words a paper puts before a name to say whose it is,
// which do not change what it names: the Police and Crime Commissioner's
// fund is the fund. They are dropped from the front of a key, longest
// first, possessive or not ("PCC's", "OPCC").
var holderPrefixes = []string{
	"office of the police and crime commissioner",
	"office of the police crime commissioner",
	"police and crime commissioner",
	"police crime commissioner",
	"opcc",
	"pcc",
	"the",
}

// Key is the form of name that names compare by: lower case, letters and
// digits only ("&" is "and"), apostrophes dropped ("PCC's" is "pccs", as people also write it),
// holder prefixes dropped (holderPrefixes), one space between words. Two
// names with one Key are one name. A name that is nothing but a prefix
// ("PCC") keeps it, so it still names something.
func Key(name string) string {
	words := keyWords(name)
	for changed := true; changed; {
		changed = false
		for _, p := range holderPrefixes {
			pw := strings.Fields(p)
			if len(words) > len(pw) && prefixOf(words, pw) {
				words, changed = words[len(pw):], true
			}
		}
	}
	return strings.Join(words, " ")
}

// prefixOf reports whether words start with prefix, its last word
// possessive or not ("pccs" for "pcc").
func prefixOf(words, prefix []string) bool {
	n := len(prefix) - 1
	return slices.Equal(words[:n], prefix[:n]) && (words[n] == prefix[n] || words[n] == prefix[n]+"s")
}

// keyWords splits name into lower-case words of letters and digits.
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
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// Dropped inside a word: "Michael's" is "michaels", as people
			// also write it; holderPrefixes take "pccs" for "pcc".
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

// Group is one name and the ways the papers wrote it.
type Group struct {
	Key      string
	Name     string   // the variant written most often (then the first in order)
	Variants []string // every way it was written, most often first
}

// Groups gathers names written in several ways under their Key: counts maps
// each way a name was written to how often. Groups come in no particular
// order.
func Groups(counts map[string]int) map[string]*Group {
	type variant struct {
		name  string
		count int
	}
	byKey := map[string][]variant{}
	for name, n := range counts {
		k := Key(name)
		byKey[k] = append(byKey[k], variant{name, n})
	}
	out := make(map[string]*Group, len(byKey))
	for k, vs := range byKey {
		slices.SortFunc(vs, func(a, b variant) int {
			if a.count != b.count {
				return b.count - a.count
			}
			return strings.Compare(a.name, b.name)
		})
		g := &Group{Key: k, Name: vs[0].name}
		for _, v := range vs {
			g.Variants = append(g.Variants, v.name)
		}
		out[k] = g
	}
	return out
}
