package index

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"panelpapers/corpus"
	"panelpapers/search"
)

// acronymsKey is the internal key holding the acronyms learnt from the
// indexed papers: JSON of short form -> long form (lower case) -> how many
// documents defined it so.
var acronymsKey = []byte("papers.acronyms")

// maxLearntLongs is how many long forms of one acronym a query searches:
// the ones most documents gave it.
const maxLearntLongs = 3

// vocab is what a query's words are expanded with: the shipped list of
// terms and the acronyms learnt from the papers (search.Thesaurus).
type vocab struct {
	mu      sync.RWMutex
	learnt  map[string]map[string]int
	th      *search.Thesaurus
	analyse func(string) []string
}

func newVocab(an analysis.Analyzer) *vocab {
	v := &vocab{learnt: map[string]map[string]int{}}
	v.analyse = func(s string) []string {
		var out []string
		for _, t := range an.Analyze([]byte(s)) {
			out = append(out, string(t.Term))
		}
		return out
	}
	return v
}

// load reads the learnt acronyms stored in idx.
func (v *vocab) load(idx interface{ GetInternal([]byte) ([]byte, error) }) error {
	raw, err := idx.GetInternal(acronymsKey)
	if err != nil {
		return fmt.Errorf("index: read learnt acronyms: %w", err)
	}
	learnt := map[string]map[string]int{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &learnt); err != nil {
			return fmt.Errorf("index: read learnt acronyms: %w", err)
		}
	}
	v.mu.Lock()
	v.learnt = learnt
	v.th = nil
	v.mu.Unlock()
	return nil
}

// thesaurus is the list and the learnt acronyms, built once per change.
func (v *vocab) thesaurus() *search.Thesaurus {
	v.mu.RLock()
	th := v.th
	v.mu.RUnlock()
	if th != nil {
		return th
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.th == nil {
		v.th = buildThesaurus(v.learnt, v.analyse)
	}
	return v.th
}

// buildThesaurus is the shipped list of terms with the acronyms learnt from
// the papers (short form -> long form -> how many documents defined it so),
// each with its maxLearntLongs most defined long forms.
func buildThesaurus(learnt map[string]map[string]int, analyse func(string) []string) *search.Thesaurus {
	terms := search.ListTerms()
	for short, longs := range learnt {
		forms := make([]string, 0, len(longs))
		for l := range longs {
			forms = append(forms, l)
		}
		slices.SortFunc(forms, func(a, b string) int {
			if longs[a] != longs[b] {
				return longs[b] - longs[a]
			}
			return strings.Compare(a, b)
		})
		terms = append(terms, search.ShortForm{Short: short, Long: forms[:min(len(forms), maxLearntLongs)], Source: search.SourcePapers})
	}
	return search.NewThesaurus(terms, analyse)
}

// learn adds the acronyms that ps define to the vocabulary, counting each
// definition once per document, and sets the new vocabulary in b (written
// with the documents). It returns whether anything was new.
func (v *vocab) learn(b *bleve.Batch, ps []corpus.Parsed) (bool, error) {
	found := map[string]map[string]bool{}
	for _, p := range ps {
		for short, longs := range acronymDefinitions(p) {
			if found[short] == nil {
				found[short] = map[string]bool{}
			}
			for long := range longs {
				found[short][long] = true
			}
		}
	}
	if len(found) == 0 {
		return false, nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for short, longs := range found {
		if v.learnt[short] == nil {
			v.learnt[short] = map[string]int{}
		}
		for l := range longs {
			v.learnt[short][l]++
		}
	}
	v.th = nil
	raw, err := json.Marshal(v.learnt)
	if err != nil {
		return false, fmt.Errorf("index: encode learnt acronyms: %w", err)
	}
	b.SetInternal(acronymsKey, raw)
	return true, nil
}

// acronymDefinitions are the "Full Name (ABC)" definitions p makes: short
// form -> long forms, lower case.
func acronymDefinitions(p corpus.Parsed) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, t := range search.LearnAcronyms(parsedText(p)) {
		if out[t.Short] == nil {
			out[t.Short] = map[string]bool{}
		}
		out[t.Short][strings.ToLower(t.Long[0])] = true
	}
	return out
}

// parsedText is a parsed document's text: its pages' lines, each page one
// line (a long form may wrap), else its items' titles and texts.
func parsedText(p corpus.Parsed) string {
	var b strings.Builder
	if len(p.Pages) > 0 {
		for _, pg := range p.Pages {
			if pg.Text != "" {
				b.WriteString(strings.ReplaceAll(pg.Text, "\n", " "))
				b.WriteByte(' ')
			}
			b.WriteByte('\n')
		}
		return b.String()
	}
	for _, it := range p.Items {
		b.WriteString(it.Title)
		b.WriteString(". ")
		b.WriteString(it.Text)
		b.WriteByte('\n')
	}
	return b.String()
}
