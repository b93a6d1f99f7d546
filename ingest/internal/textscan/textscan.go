// Package textscan holds cheap text tests that the structuring rules run
// before their regular expressions: a regular expression that cannot match
// without a word or a sign in the text is not run on text without it. The
// expressions are most of the time spent structuring a document, and most
// lines and pages lack the words they look for.
//
// Every test here is a necessary condition of a match, so guarding an
// expression with one never changes what it finds. Build with the tag
// textscan_verify to have each guard check that: a guard that refuses text
// its expression matches panics.
package textscan

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Lower returns s with its ASCII letters in lower case and the two runes
// that Go's (?i) folds into ASCII letters, the Kelvin sign K and the long s ſ,
// replaced by k and s; other bytes are kept. A (?i) expression matching an
// ASCII word in s finds it, lower-cased, in Lower(s).
func Lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			return string(appendLower(make([]byte, 0, len(s)), s))
		}
	}
	return s
}

// appendLower appends Lower(s) to b.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xE2 && strings.HasPrefix(s[i:], "\u212a"):
			c = 'k'
			i += len("\u212a") - 1
		case c == 0xC5 && strings.HasPrefix(s[i:], "\u017f"):
			c = 's'
			i += len("\u017f") - 1
		}
		b = append(b, c)
	}
	return b
}

// ContainsFold reports whether s contains needle, which is lower-case
// ASCII, in any case as Go's (?i) sees it.
func ContainsFold(s, needle string) bool {
	if indexFoldASCII(s, needle) >= 0 {
		return true
	}
	if strings.ContainsAny(needle, "ks") && (strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f")) {
		return strings.Contains(Lower(s), needle)
	}
	return false
}

// ContainsAnyFold reports whether s contains any of needles (lower-case
// ASCII) in any case, as ContainsFold.
func ContainsAnyFold(s string, needles ...string) bool {
	if len(needles) == 1 {
		return ContainsFold(s, needles[0])
	}
	var buf [256]byte // Lower(s) without allocating, when s is short
	lower := appendLower(buf[:0], s)
	for _, n := range needles {
		if bytes.Contains(lower, []byte(n)) {
			return true
		}
	}
	return false
}

// indexFoldASCII is strings.Index with ASCII letters matched in either case.
func indexFoldASCII(s, needle string) int {
	n := len(needle)
	if n == 0 {
		return 0
	}
	first := needle[0]
	for i := 0; i+n <= len(s); i++ {
		if !eqFold(s[i], first) {
			continue
		}
		j := 1
		for j < n && eqFold(s[i+j], needle[j]) {
			j++
		}
		if j == n {
			return i
		}
	}
	return -1
}

// eqFold reports whether byte b is n, or n's upper case when n is a
// lower-case ASCII letter.
func eqFold(b, n byte) bool {
	if 'a' <= n && n <= 'z' {
		return b|0x20 == n
	}
	return b == n
}

// ContainsPhraseFold reports whether s contains words (lower-case ASCII)
// in any case, one after another, parted by the spaces \s matches
// ([\t\n\f\r ]): what an expression "w1\s+w2" needs.
func ContainsPhraseFold(s string, words ...string) bool {
	if containsPhrase(s, words) {
		return true
	}
	if strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f") {
		return containsPhrase(Lower(s), words)
	}
	return false
}

func containsPhrase(s string, words []string) bool {
	for i := 0; i < len(s); {
		j := indexFoldASCII(s[i:], words[0])
		if j < 0 {
			return false
		}
		at := i + j + len(words[0])
		ok := true
		for _, w := range words[1:] {
			k := at
			for k < len(s) && isSpace(s[k]) {
				k++
			}
			if k == at || indexFoldASCII(s[k:min(len(s), k+len(w))], w) != 0 {
				ok = false
				break
			}
			at = k + len(w)
		}
		if ok {
			return true
		}
		i += j + 1
	}
	return false
}

// isSpace reports whether b is one of the spaces \s matches.
func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// HasDigit reports whether s holds an ASCII digit, which is all \d matches.
func HasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

// Cond is a test a text must pass for an expression to match it.
type Cond func(s string) bool

// Fold: s contains one of words (lower-case ASCII) in any case.
func Fold(words ...string) Cond {
	return func(s string) bool { return ContainsAnyFold(s, words...) }
}

// Any: s contains one of subs exactly.
func Any(subs ...string) Cond {
	return func(s string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
}

// Digit: s holds an ASCII digit.
func Digit(s string) bool { return HasDigit(s) }

// Phrase: s contains words parted by spaces, as ContainsPhraseFold.
func Phrase(words ...string) Cond {
	return func(s string) bool { return ContainsPhraseFold(s, words...) }
}

// Or: s passes one of conds.
func Or(conds ...Cond) Cond {
	return func(s string) bool {
		for _, c := range conds {
			if c(s) {
				return true
			}
		}
		return false
	}
}

// All: s passes every one of conds.
func All(conds ...Cond) Cond {
	return func(s string) bool {
		for _, c := range conds {
			if !c(s) {
				return false
			}
		}
		return true
	}
}

// Regexp is a regular expression run only on text that passes a necessary
// condition of its matching. It has the methods of regexp.Regexp that the
// rules use, with the same results.
type Regexp struct {
	re   *regexp.Regexp
	need Cond
}

// Guard returns re guarded by need, which must hold for every string re
// matches.
func Guard(re *regexp.Regexp, need Cond) *Regexp {
	return &Regexp{re: re, need: need}
}

// skip reports whether s fails the condition, so that re cannot match it.
func (g *Regexp) skip(s string) bool {
	if g.need(s) {
		return false
	}
	if verify && g.re.MatchString(s) {
		panic(fmt.Sprintf("textscan: the guard of %q refused %q, which it matches", g.re, s))
	}
	return true
}

func (g *Regexp) MatchString(s string) bool {
	return !g.skip(s) && g.re.MatchString(s)
}

func (g *Regexp) FindString(s string) string {
	if g.skip(s) {
		return ""
	}
	return g.re.FindString(s)
}

func (g *Regexp) FindStringIndex(s string) []int {
	if g.skip(s) {
		return nil
	}
	return g.re.FindStringIndex(s)
}

func (g *Regexp) FindStringSubmatch(s string) []string {
	if g.skip(s) {
		return nil
	}
	return g.re.FindStringSubmatch(s)
}

func (g *Regexp) FindStringSubmatchIndex(s string) []int {
	if g.skip(s) {
		return nil
	}
	return g.re.FindStringSubmatchIndex(s)
}

func (g *Regexp) FindAllStringIndex(s string, n int) [][]int {
	if g.skip(s) {
		return nil
	}
	return g.re.FindAllStringIndex(s, n)
}

func (g *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	if g.skip(s) {
		return nil
	}
	return g.re.FindAllStringSubmatch(s, n)
}

func (g *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if g.skip(s) {
		return nil
	}
	return g.re.FindAllStringSubmatchIndex(s, n)
}

// ReplaceAllString returns s itself when re cannot match it, as
// regexp.Regexp does.
func (g *Regexp) ReplaceAllString(s, repl string) string {
	if g.skip(s) {
		return s
	}
	return g.re.ReplaceAllString(s, repl)
}

// Split returns s whole when re cannot match it, as regexp.Regexp does.
func (g *Regexp) Split(s string, n int) []string {
	if n == 0 {
		return nil
	}
	if g.skip(s) {
		return []string{s}
	}
	return g.re.Split(s, n)
}
