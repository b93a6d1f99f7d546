package index

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"panelpapers/corpus"
)

// What Put does to a document's items before it indexes them: the same
// passage read as two kinds is indexed once (dedupeItems), and each item
// learns the heading of the section it is in (sectionHeadings), which an
// unfielded word also searches.

// specificity ranks kinds from the most specific: a passage that is both a
// minute and a section is kept as the minute, a line that is both a
// funding line and a section as the funding line.
var specificity = map[corpus.Kind]int{
	corpus.KindFunding:        0,
	corpus.KindRecommendation: 1,
	corpus.KindDecision:       2,
	corpus.KindDeclaration:    3,
	corpus.KindQuestion:       4,
	corpus.KindAttendee:       5,
	corpus.KindMinute:         6,
	corpus.KindReport:         7,
	corpus.KindAgendaItem:     8,
	corpus.KindSection:        9,
}

func kindRank(k corpus.Kind) int {
	if r, ok := specificity[k]; ok {
		return r
	}
	return len(specificity) // a kind this code does not know: least specific
}

// minDedupeText is the shortest folded text two items must share to be one
// passage: "Noted." under two minutes is not a duplicate.
const minDedupeText = 24

// dedupeItems drops the items of a document whose text is another's: of
// the items that share a text (compared case-, space- and
// punctuation-insensitively), only those of the most specific kind are
// kept (specificity). Of those, items that differ in what they say beyond
// the text (two funding lines of one sentence with different recipients)
// are all kept; exact repeats are kept once. Items without text are never
// dropped. The order of the items kept is unchanged.
func dedupeItems(items []corpus.Item) []corpus.Item {
	best := map[string]int{} // folded text -> best rank
	keys := make([]string, len(items))
	for i, it := range items {
		k := foldText(it.Text)
		if len(k) < minDedupeText {
			continue
		}
		keys[i] = k
		if r, ok := best[k]; !ok || kindRank(it.Kind) < r {
			best[k] = kindRank(it.Kind)
		}
	}
	// The items of each minute or agenda number, for coveredByParts.
	byNumber := map[string][]int{}
	for i, it := range items {
		if it.Number != "" && keys[i] != "" {
			byNumber[it.Number] = append(byNumber[it.Number], i)
		}
	}
	out := make([]corpus.Item, 0, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		k := keys[i]
		if k == "" {
			out = append(out, it)
			continue
		}
		if kindRank(it.Kind) != best[k] || it.Number != "" && coveredByParts(i, byNumber[it.Number], items, keys) {
			continue
		}
		sig := k + "\x00" + typedFields(it)
		if seen[sig] {
			continue
		}
		seen[sig] = true
		out = append(out, it)
	}
	return out
}

// coveredByParts reports an item whose text is all said by more specific
// items of the document: a minute that is its decision and the note
// after it, each also an item. What is left when their texts are taken
// out of it is a few words (its title, a label), so it would only be a
// second hit on the same passage.
func coveredByParts(i int, same []int, items []corpus.Item, keys []string) bool {
	rest, rank := keys[i], kindRank(items[i].Kind)
	if rank <= kindRank(corpus.KindDecision) {
		return false
	}
	found := false
	for _, j := range same {
		o := items[j]
		if j == i || kindRank(o.Kind) >= rank {
			continue
		}
		if k := strings.Index(rest, keys[j]); k >= 0 {
			rest = rest[:k] + rest[k+len(keys[j]):]
			found = true
		}
	}
	return found && len(strings.TrimSpace(rest)) <= max(40, len(keys[i])/7)
}

// IndexedItems is how many of a document's items Put indexes: those left
// when the items with another's text are dropped (dedupeItems).
func IndexedItems(items []corpus.Item) int { return len(dedupeItems(items)) }

// typedFields is what an item says beyond its text and title.
func typedFields(it corpus.Item) string {
	return strings.Join([]string{it.Recipient, it.Funder, it.Fund, it.Period, it.Purpose, it.Person, it.Role,
		it.Interest, it.Response, it.Status, it.Number, strings.TrimSpace(strings.ToLower(it.Currency)),
		strings.TrimSpace(formatAmount(it.Amount))}, "\x1f")
}

func formatAmount(a float64) string {
	if a == 0 {
		return ""
	}
	return strconv.FormatFloat(a, 'f', -1, 64)
}

// foldText is s lower-cased with only its letters and digits, one space
// between runs of them.
func foldText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// sectionHeadings gives each item the heading of the section it is in: the
// section (an item of kind section, with a title) that holds the item's
// text, else the last one starting on or before the item's page. A section
// is not in a section. "" where there is none.
func sectionHeadings(items []corpus.Item) []string {
	type sec struct {
		first, last int
		title, text string
	}
	var secs []sec
	for _, it := range items {
		if it.Kind != corpus.KindSection || strings.TrimSpace(it.Title) == "" || it.Page <= 0 {
			continue
		}
		secs = append(secs, sec{it.Page, max(it.Page, it.PageEnd), it.Title, foldText(it.Text)})
	}
	slices.SortStableFunc(secs, func(a, b sec) int { return a.first - b.first })
	out := make([]string, len(items))
	if len(secs) == 0 {
		return out
	}
	for i, it := range items {
		if it.Kind == corpus.KindSection || it.Page <= 0 {
			continue
		}
		probe := foldText(it.Text)
		if len(probe) > 80 {
			probe = probe[:80]
		}
		var before string
		for _, s := range secs {
			if s.first > it.Page {
				break
			}
			before = s.title
			if s.last >= it.Page && probe != "" && strings.Contains(s.text, probe) {
				out[i] = s.title
				break
			}
		}
		if out[i] == "" {
			out[i] = before
		}
		if strings.EqualFold(strings.TrimSpace(out[i]), strings.TrimSpace(it.Title)) {
			out[i] = "" // its own title says it already
		}
	}
	return out
}
