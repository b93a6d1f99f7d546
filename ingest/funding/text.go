package funding

import (
	"regexp"
	"strings"
	"unicode"

	"panelpapers/ingest/internal/textscan"
)

// abbreviations end with a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"cllr": true, "cllrs": true, "mr": true, "mrs": true, "ms": true, "dr": true, "no": true,
	"nos": true, "inc": true, "incl": true, "e.g": true, "i.e": true, "eg": true, "ie": true,
	"st": true, "ch": true, "chq": true, "approx": true, "c": true, "co": true, "etc": true,
	"vs": true, "ref": true, "para": true, "fig": true, "cf": true, "p.a": true, "est": true,
	"prof": true, "rev": true, "gov": true, "dept": true, "cllr's": true, "nr": true,
}

var sentenceEnd = regexp.MustCompile(`[.?]["”’)]*\s+`)

// sentences splits a paragraph into sentences: at a full stop or question
// mark followed by a space and a capital, digit, quote, bracket or pound
// sign, unless the word before the stop is an abbreviation or an initial.
// Exclamation marks do not split: organisations are called "SAFE!".
func sentences(s string) []string {
	var out []string
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(s, -1) {
		if m[1] >= len(s) {
			break
		}
		next := []rune(s[m[1]:])[0]
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("£\"“‘'(", next)) {
			continue
		}
		word := lastWord(s[start:m[0]])
		lw := strings.ToLower(word)
		if abbreviations[lw] || (len([]rune(word)) == 1 && unicode.IsUpper([]rune(word)[0])) {
			continue
		}
		out = append(out, strings.TrimSpace(s[start:m[1]]))
		start = m[1]
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	i := strings.LastIndexAny(s, " (")
	return strings.Trim(s[i+1:], "\"“‘'")
}

// periodRe matches a financial year: "2017/18", "2019-20", "2025-26",
// "2019-2020". The second part must follow the first, so "2018-2031" (a
// plan's span) is not a period.
var periodRe = textscan.Guard(regexp.MustCompile(`\b((?:19|20)\d{2})\s?[/–-]\s?(\d{2}|\d{4})\b`),
	textscan.All(textscan.Any("19", "20"), textscan.Any("/", "–", "-")))

func findPeriod(s string) string {
	for _, m := range periodRe.FindAllStringSubmatch(s, -1) {
		y1 := atoi(m[1])
		y2 := atoi(m[2])
		if len(m[2]) == 2 {
			y2 += y1 / 100 * 100
		}
		if y2 == y1+1 {
			return m[1] + "/" + m[2][len(m[2])-2:]
		}
	}
	return ""
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// fundRe names a fund in running text: capitalised words ending in Fund,
// Grant or Bonus ("Police Innovation Fund", "Revenue Support Grant").
var fundRe = textscan.Guard(regexp.MustCompile(`(?:[A-Z][\w'’&.-]*\s+(?:(?:of|and|for|the|&|in|on)\s+)?){1,8}(?:Fund|Grant|Bonus)\b`),
	textscan.Any("Fund", "Grant", "Bonus"))

// headingFundRe is the same for headings, which may also name a funding
// stream ("Market Sustainability and Improvement Funding").
var headingFundRe = textscan.Guard(regexp.MustCompile(`(?:[A-Z][\w'’&.-]*\s+(?:(?:of|and|for|the|&|in|on)\s+)?){1,8}(?:Fund|Funding|Grant|Grants|Bonus|Awards?|Chest)\b`),
	textscan.Any("Fund", "Grant", "Bonus", "Award", "Chest"))

// fundIn returns the fund named in s nearest to byte offset at, or "".
func fundIn(s string, at int, re *textscan.Regexp) string {
	best, bestDist := "", -1
	for _, m := range re.FindAllStringIndex(s, -1) {
		name := cleanFund(s[m[0]:m[1]])
		if len(strings.Fields(name)) < 2 {
			continue
		}
		d := m[0] - at
		if d < 0 {
			d = at - m[1]
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

func cleanFund(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"The ", "A ", "An ", "Our ", "His ", "Her ", "Their "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
