package index

import (
	"strings"
	"testing"
	"unicode/utf8"

	blevesearch "github.com/blevesearch/bleve/v2/search"
)

func locsOf(field, text string, words ...string) blevesearch.FieldTermLocationMap {
	tl := blevesearch.TermLocationMap{}
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			tl[w] = append(tl[w], &blevesearch.Location{Start: uint64(i + j), End: uint64(i + j + len(w))})
			i += j + len(w)
		}
	}
	return blevesearch.FieldTermLocationMap{field: tl}
}

func TestHighlightFragment(t *testing.T) {
	long := strings.Repeat("filler words here. ", 30) + "the county lines report <b>&</b> more " + strings.Repeat("tail text. ", 30)
	for _, tc := range []struct {
		name, text string
		words      []string
		want       []string // substrings of the fragment
		not        []string
	}{
		{"short text whole", "County lines & gangs", []string{"County", "lines"}, []string{"<mark>County</mark> <mark>lines</mark> &amp; gangs"}, []string{"…"}},
		{"long text cut round the match", long, []string{"county", "lines"},
			[]string{"<mark>county</mark> <mark>lines</mark> report &lt;b&gt;&amp;&lt;/b&gt;", "…"}, []string{"<b>"}},
		{"no match", "nothing here", nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spans := matchSpans(locsOf(fText, tc.text, tc.words...), fText, len(tc.text))
			got := highlightFragment(tc.text, spans, fragmentSize)
			if len(tc.want) == 0 && got != "" {
				t.Fatalf("got %q, want nothing", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("fragment %q lacks %q", got, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("fragment %q has %q", got, w)
				}
			}
			if plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(got); len(plain) > fragmentSize+40 {
				t.Errorf("fragment of %d bytes", len(plain))
			}
		})
	}
}

// Offsets past the text (a stale location) are ignored, and cuts never split
// a multi-byte character.
func TestHighlightFragmentBounds(t *testing.T) {
	text := strings.Repeat("café £250k ", 60) + "grant"
	locs := locsOf(fText, text, "grant")
	locs[fText]["bogus"] = []*blevesearch.Location{{Start: 5, End: uint64(len(text) + 10)}}
	got := highlightFragment(text, matchSpans(locs, fText, len(text)), fragmentSize)
	if !strings.Contains(got, "<mark>grant</mark>") || !utf8.ValidString(got) {
		t.Errorf("fragment %q", got)
	}
}
