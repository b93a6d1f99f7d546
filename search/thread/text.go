package thread

import (
	"regexp"
	"strings"
	"unicode"
)

// shingleWords is the length of the word runs texts are compared by:
// three words tell "note the forecast revenue overspend" from "note the
// forecast capital underspend", and survive the rewording a tracker or a
// minute gives a recommendation ("NOTE the" for "Note the", a dropped
// "and the actions being taken").
const shingleWords = 3

// words are a text's words as compared: lower case, letters and digits,
// the list labels and leading verbs of asking dropped ("Cabinet is asked
// to", "a)").
func words(s string) []string {
	if mayAsk(strings.ToLower(s)) {
		s = askedTo.ReplaceAllString(s, " ")
	}
	return plainWords(s)
}

// plainWords are a text's words as compared, the verbs of asking kept: a
// passage searched for a recommendation's words holds them whether or not
// it also asks something, and most of the cost of comparing a library's
// passages was taking those verbs out.
func plainWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) == 1 && !unicode.IsDigit(rune(w[0])) {
			continue // "a)", "b)": labels, and "a" the article
		}
		out = append(out, w)
	}
	return out
}

// mayAsk is whether a lower-cased text holds a word askedTo needs. Most
// passages hold none, and the regular expression is most of the cost of
// comparing a whole library's passages.
func mayAsk(lower string) bool {
	for _, w := range []string{"asked", "recommend", "requested", "invited", "resolve"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// askedTo is how a report puts a recommendation to its body, which the
// decision that adopts it does not repeat: "Cabinet is asked to", "It is
// recommended that the Panel", "RESOLVED that Cabinet agree to".
var askedTo = regexp.MustCompile(`(?i)\b(?:(?:the\s+)?(?:cabinet|council|committee|panel|board|sub-committee|members?)\s+(?:is|are)\s+(?:therefore\s+)?(?:asked|recommended|requested|invited)\s+to(?:\s+consider\s+and)?|it\s+is\s+(?:therefore\s+)?recommended\s+that(?:\s+the\s+(?:cabinet|council|committee|panel|board))?|resolved\s*:?\s*(?:that\s+)?(?:(?:the\s+)?(?:cabinet|council|committee|panel|board)\s+(?:agree(?:s|d)?\s+to|agree(?:s|d)?|resolve(?:s|d)?\s+to)\s*:?)?|recommendations?\s*:)`)

// shingles is the set of a text's shingleWords-word runs, hashed. A text
// shorter than a shingle is one run of all its words.
func shingles(ws []string) map[uint64]bool {
	set := map[uint64]bool{}
	if len(ws) == 0 {
		return set
	}
	n := min(shingleWords, len(ws))
	for i := 0; i+n <= len(ws); i++ {
		set[runHash(ws[i:i+n])] = true
	}
	return set
}

// runHash is FNV-1a over a run of words, each closed by a zero byte,
// written out so hashing every passage of a library allocates nothing.
func runHash(ws []string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, w := range ws {
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= prime
		}
		h *= prime // the zero byte: h ^= 0 leaves h as it is
	}
	return h
}

// containment is the share of a's shingles that b holds: how much of a is
// quoted in b.
func containment(a, b map[uint64]bool) float64 {
	if len(a) == 0 {
		return 0
	}
	in := 0
	for s := range a {
		if b[s] {
			in++
		}
	}
	return float64(in) / float64(len(a))
}

// titleWords are the words of a title that say what it is about: not its
// reference, agenda item note or the words every title has.
func titleWords(s string) map[string]bool {
	s = reportRef.ReplaceAllString(s, " ")
	s = itemNote.ReplaceAllString(s, " ")
	out := map[string]bool{}
	for _, w := range words(s) {
		if !titleStop[w] {
			out[w] = true
		}
	}
	return out
}

var titleStop = map[string]bool{
	"the": true, "and": true, "of": true, "for": true, "to": true, "in": true, "on": true, "report": true,
	"update": true, "item": true, "agenda": true, "minutes": true, "paper": true, "appendix": true,
}

// itemNote is "(Item 5)", "(Agenda item 6)" after a minute's title.
var itemNote = regexp.MustCompile(`(?i)\((?:agenda\s+)?item\s+\d+[a-z]?\)`)

// titleSimilarity is the overlap of two titles' words, relative to the
// shorter: a minute's title often adds the month the report's leaves out.
func titleSimilarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for w := range a {
		if b[w] {
			both++
		}
	}
	return float64(both) / float64(min(len(a), len(b)))
}

// reportRef is a report's or decision's reference as councils print it
// in titles and file names: "24/00108", "24-00108" (a key decision
// number). Minute numbers ("23/19") are shorter and are not references.
var reportRef = regexp.MustCompile(`\b(\d{2})[/-](\d{5})\b`)

// refsOf returns the references in texts, as "24/00108".
func refsOf(texts ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range texts {
		for _, m := range reportRef.FindAllStringSubmatch(t, -1) {
			r := m[1] + "/" + m[2]
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// phrase picks a run of n words from the middle of a text to look for in
// later papers: the middle, because a tracker or report often rewords how
// a recommendation starts.
func phrase(ws []string, n int) string {
	if len(ws) < n {
		return ""
	}
	start := (len(ws) - n) / 2
	return strings.Join(ws[start:start+n], " ")
}
