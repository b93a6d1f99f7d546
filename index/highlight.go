package index

import (
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	blevesearch "github.com/blevesearch/bleve/v2/search"
)

// Highlights are cut from the item's own text at the byte offsets Bleve's
// term vectors give for the matched terms (SearchRequest.IncludeLocations),
// so the text need not be stored a second time for Bleve's highlighter.

// fragmentSize is about how many bytes of text a highlight shows, as
// Bleve's simple fragmenter did.
const fragmentSize = 200

type span struct{ start, end int }

// matchSpans returns the spans of field's matched terms that lie inside a
// text of length n, in order, without overlaps.
func matchSpans(locs blevesearch.FieldTermLocationMap, field string, n int) []span {
	var out []span
	for _, ls := range locs[field] {
		for _, l := range ls {
			if l.Start < l.End && l.End <= uint64(n) {
				out = append(out, span{int(l.Start), int(l.End)})
			}
		}
	}
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

// hitHighlights are the highlights of an item's text and title.
func hitHighlights(locs blevesearch.FieldTermLocationMap, title, text string) map[string][]string {
	var out map[string][]string
	add := func(field, s string, size int) {
		if f := highlightFragment(s, matchSpans(locs, field, len(s)), size); f != "" {
			if out == nil {
				out = map[string][]string{}
			}
			out[field] = []string{f}
		}
	}
	add(fText, text, fragmentSize)
	add(fTitle, title, len(title)) // a title is shown whole
	return out
}
