package index

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"panelpapers/corpus"
	"panelpapers/ingest"
	"panelpapers/search"
)

// spansOf are the spans of every occurrence of words in text.
func spansOf(text string, words ...string) []span {
	var out []span
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			out = append(out, span{i + j, i + j + len(w)})
			i += j + len(w)
		}
	}
	return sortedSpans(out)
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
			got := highlightFragment(tc.text, spansOf(tc.text, tc.words...), fragmentSize)
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

// Cuts never split a multi-byte character.
func TestHighlightFragmentBounds(t *testing.T) {
	text := strings.Repeat("café £250k ", 60) + "grant"
	got := highlightFragment(text, spansOf(text, "grant"), fragmentSize)
	if !strings.Contains(got, "<mark>grant</mark>") || !utf8.ValidString(got) {
		t.Errorf("fragment %q", got)
	}
}

// The highlighter marks what Bleve's term vectors say the query matched, on
// the real text of the bundled sample papers, for words, several words,
// phrases (with stop words inside), prefixes, fuzzy words, fielded words,
// ORs and NOTs drawn from that text.
func TestHighlightsMatchTermVectors(t *testing.T) {
	ctx := context.Background()
	paths, err := corpus.WriteSamples(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	an := ix.idx.analyzer(en.AnalyzerName)
	var words []string
	var phrases []string
	for _, path := range paths {
		p, err := ingest.File(ctx, path, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Put(ctx, *p); err != nil {
			t.Fatal(err)
		}
		for i, it := range p.Items {
			checkStemKeys(t, an, it.Title+"\n"+it.Text)
			fs := strings.Fields(it.Text)
			if i%7 == 0 && len(fs) > 6 {
				words = append(words, fs[2], fs[5])
				phrases = append(phrases, strings.Join(fs[1:4], " "))
			}
		}
	}
	clean := strings.NewReplacer(`"`, "", "(", "", ")", "", ":", "", "*", "", "~", "", "-", "")
	var queries []string
	for i := 0; i+1 < len(words) && len(queries) < 400; i += 2 {
		a, b := clean.Replace(words[i]), clean.Replace(words[i+1])
		if len(a) < 3 || len(b) < 3 {
			continue
		}
		queries = append(queries, a, a+" "+b, a+" OR "+b, a+" -"+b, "title:"+a, "text:"+b,
			strings.ToLower(a[:3])+"*", a+"~1", `"`+clean.Replace(phrases[i/2])+`"`)
	}
	compared, marked := 0, 0
	for _, qs := range queries {
		n, err := search.ParseQuery(qs)
		if err != nil {
			continue // a word the query language reads as an operator
		}
		q, err := compile(n)
		if err != nil {
			t.Fatal(err)
		}
		sr := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, termQ(fType, typeItem)), 50, 0, false)
		sr.Fields = []string{fChunkRef}
		sr.IncludeLocations = true
		res, err := ix.idx.SearchInContext(ctx, sr)
		if err != nil {
			t.Fatalf("%s: %v", qs, err)
		}
		hl := newHighlighter(n, an)
		items := itemReader{ix: ix}
		for _, h := range res.Hits {
			it, err := items.item(ctx, h.Fields[fChunkRef])
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct {
				name, text string
				ms         []wordMatcher
			}{{fTitle, it.Title, hl.title}, {fText, it.Text, hl.text}} {
				var want []span
				for _, ls := range h.Locations[f.name] {
					for _, l := range ls {
						want = append(want, span{int(l.Start), int(l.End)})
					}
				}
				want = sortedSpans(want)
				got := hl.spans(f.text, f.ms)
				if len(f.ms) == 0 {
					got = nil
				}
				if !slices.Equal(got, want) {
					t.Errorf("query %s, item %s %s: marked %v, term vectors %v\n%s", qs, it.ID, f.name, got, want, f.text)
				}
				compared++
				marked += len(want)
			}
		}
	}
	if compared < 1000 || marked < 1000 {
		t.Fatalf("compared %d fields with %d marks: too few to trust", compared, marked)
	}
	t.Logf("%d queries, %d fields compared, %d marks", len(queries), compared, marked)
}

// checkStemKeys checks what regions relies on: every token's word, lower-cased
// by bytes, holds its stem's key.
func checkStemKeys(t *testing.T, an analysis.Analyzer, text string) {
	t.Helper()
	for _, tok := range an.Analyze([]byte(text)) {
		key, ok := stemKey(string(tok.Term))
		if word := asciiLower(text[tok.Start:tok.End]); ok && !strings.Contains(word, key) {
			t.Errorf("word %q, stem %q: no key %q", word, tok.Term, key)
		}
	}
}

// Regions hold whole phrases however far into a long text they are, and
// non-ASCII words are still found.
func TestHighlightRegions(t *testing.T) {
	ix := openFixtures(t)
	an := ix.idx.analyzer(en.AnalyzerName)
	filler := strings.Repeat("Members discussed the estates strategy at length. ", 40)
	text := filler + "The Police and Crime Plan was agreed. " + filler + "A CAFÉ grant; café owners. " + filler + "Relational policing."
	checkStemKeys(t, an, text)
	for q, want := range map[string][]string{
		`"police and crime plan"`: {"Police", "Crime", "Plan"},
		"café":                    {"CAFÉ", "café"},
		"relationship":            nil, // stems differently from "relational"
		"relational":              {"Relational"},
		"polic*":                  {"Police", "policing"},
		"grants~1":                {"grant"},
	} {
		n, err := search.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		h := newHighlighter(n, an)
		var got []string
		for _, sp := range h.spans(text, h.text) {
			got = append(got, text[sp.start:sp.end])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: marked %q, want %q", q, got, want)
		}
		whole := h.spansIn(text, h.text)
		if len(whole) != len(got) {
			t.Errorf("%s: %d marks in regions, %d analysing the whole text", q, len(got), len(whole))
		}
	}
	// A phrase's stop word is a gap of exactly one position: "police and
	// crime" is not in "police crime the crime", where the stop word "the"
	// leaves position 3 empty and the next "crime" is at 4.
	n, err := search.ParseQuery(`"police and crime"`)
	if err != nil {
		t.Fatal(err)
	}
	h := newHighlighter(n, an)
	if got := h.spansIn("Police crime the crime.", h.text); len(got) != 0 {
		t.Errorf("phrase with its gap elsewhere: marked %v", got)
	}
}
