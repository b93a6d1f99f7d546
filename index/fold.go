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
		for _, r := range norm.NFKD.String(string(tok.Term)) {
			if !unicode.Is(unicode.Mn, r) { // drop the combining marks NFKD split off
				out = utf8.AppendRune(out, r)
			}
		}
		tok.Term = out
	}
	return input
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
