package index

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"
	"unicode"

	"panelpapers/corpus"
)

// fnvSketch is the sketch as first written, with hash/fnv and a set: the
// sketches stored in existing indexes were made this way, so sketchOf must
// give the same values or copies would no longer be found across versions.
func fnvSketch(words []string) sketch {
	seen := map[uint64]bool{}
	h := fnv.New64a()
	for i := 0; i+shingleWords <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+shingleWords] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		seen[h.Sum64()] = true
	}
	var out sketch
	for v := range seen {
		out = append(out, v)
	}
	slices.Sort(out)
	if len(out) > sketchSize {
		out = out[:sketchSize]
	}
	return out
}

func TestSketchMatchesFNV(t *testing.T) {
	texts := []string{
		"The Panel NOTED the report of the Police and Crime Commissioner.",
		strings.Repeat("Grant of £2,000.00 to Tintern Village Hall for the roof; ", 40),
		"Café Ünïcode naïve façade — 23/19 RESOLVED: (1) that the budget be approved.",
	}
	for _, p := range generate(3, 80) {
		for _, it := range p.Items {
			texts = append(texts, it.Text)
		}
	}
	for _, text := range texts {
		var words []string
		for _, l := range strings.Split(text, ";") {
			words = append(words, strings.FieldsFunc(strings.ToLower(l), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			})...)
		}
		page := strings.Join(strings.Split(text, ";"), "\n")
		got := sketchOf(corpus.Parsed{Pages: []corpus.Page{{Number: 1, Text: page}}})
		want := fnvSketch(words)
		if len(words) < shingleWords {
			want = nil
		}
		if !slices.Equal(got, want) {
			t.Fatalf("sketch of %.60q: %d hashes, want %d (first %v, want %v)", text, len(got), len(want), first(got), first(want))
		}
	}
}

func first(s sketch) []uint64 { return s[:min(3, len(s))] }
