package pdftext

import (
	"regexp"
	"strings"
	"unicode"
)

// The fidelity metric compares multisets of words or of consecutive word
// pairs (bigrams), lower-cased, between our text and a reference.
//
// tokens turns text into words:
//   - markup is removed first: HTML tags <...>, markdown link syntax
//     [x](url) (keeps x), autolinks <http...>, bare URLs and mailto: links,
//     and the markdown marks **, __, #, leading "- " bullets and table |;
//   - typographic quotes and dashes are folded to ASCII;
//   - a word is a run of letters and digits, which may contain internal
//     apostrophes, hyphens, periods, commas and slashes between two
//     alphanumerics ("don't", "Bendyshe-Brown", "11.05am", "£1,200", "2017/18"
//     keep together; "end." loses its period). Everything else separates;
//   - a hyphen that ends a line after a letter joins the next line's first
//     word ("co-\nordinate" reads "co-ordinate"), as a reader reads a word
//     broken at its hyphen. Both sides of a comparison get the same rule.
var (
	mdLinkRe     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	tagRe        = regexp.MustCompile(`<[^<>]*>`)
	urlRe        = regexp.MustCompile(`(?i)\b(?:https?://|www\.|mailto:)\S+`)
	emailRe      = regexp.MustCompile(`\S+@\S+\.\S+`)
	lineHyphenRe = regexp.MustCompile(`(\pL)-[ \t]*\n[ \t]*(\pL)`)
	mdMarkRe     = regexp.MustCompile(`\*\*|__|(?m)^\s*#+\s|(?m)^\s*[-*]\s+|\|`)
	foldQuote    = strings.NewReplacer("‘", "'", "’", "'", "‛", "'", "“", `"`, "”", `"`,
		"–", "-", "—", "-", "‐", "-", "‑", "-", "−", "-", "\u00a0", " ", "ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff")
)

func tokens(text string) []string {
	text = mdLinkRe.ReplaceAllString(text, "$1")
	text = tagRe.ReplaceAllString(text, " ")
	text = urlRe.ReplaceAllString(text, " ")
	text = emailRe.ReplaceAllString(text, " ")
	text = mdMarkRe.ReplaceAllString(text, " ")
	text = foldQuote.Replace(text)
	text = lineHyphenRe.ReplaceAllString(text, "$1-$2")
	text = strings.ToLower(text)
	var out []string
	rs := []rune(text)
	alnum := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
	}
	var cur []rune
	for i, r := range rs {
		switch {
		case alnum(i):
			cur = append(cur, r)
		case strings.ContainsRune(`'-.,/`, r) && alnum(i-1) && alnum(i+1):
			cur = append(cur, r)
		default:
			if len(cur) > 0 {
				out = append(out, string(cur))
				cur = cur[:0]
			}
		}
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

func bigrams(ws []string) []string {
	var out []string
	for i := 0; i+1 < len(ws); i++ {
		out = append(out, ws[i]+" "+ws[i+1])
	}
	return out
}

// f1 is the F1 score of two multisets.
func f1(got, want []string) float64 {
	if len(got) == 0 && len(want) == 0 {
		return 1
	}
	m := map[string]int{}
	for _, w := range want {
		m[w]++
	}
	common := 0
	for _, g := range got {
		if m[g] > 0 {
			m[g]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(got))
	r := float64(common) / float64(len(want))
	return 2 * p * r / (p + r)
}
