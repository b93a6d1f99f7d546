package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// foldName is a token filter that takes the accents off a token's letters:
// people type "cafe" for the papers' "Café", "Ysgol Gymraeg" with or
// without its circumflexes. It rewrites the term only, never the text, so
// a token's offsets still point into the text the highlighter cuts from (a
// character filter would shift them).
const foldName = "papers_fold"

type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		ascii := true
		for _, c := range tok.Term {
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii {
			continue
		}
		var out []byte
		for _, r := range string(tok.Term) {
			out = append(out, foldRune(r)...)
		}
		tok.Term = out
	}
	return input
}

// foldRune is r without its accents: its NFKD decomposition less the
// combining marks ("é" is "e", "ŵ" is "w", "ﬁ" is "fi").
func foldRune(r rune) string {
	if r < utf8.RuneSelf {
		return string(r)
	}
	var out []byte
	for _, c := range norm.NFKD.String(string(r)) {
		if !unicode.Is(unicode.Mn, c) {
			out = utf8.AppendRune(out, c)
		}
	}
	return string(out)
}

// textAnalyzer is the analyser of every text field: Bleve's "en" (unicode
// words, possessives, lower case, English stop words, Porter stems) with
// accents folded before stemming.
const textAnalyzer = "papers_en"

func init() {
	if err := registry.RegisterTokenFilter(foldName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}); err != nil {
		panic(err)
	}
}
