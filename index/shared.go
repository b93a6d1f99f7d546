package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"

	"panelpapers/corpus"
	"panelpapers/names"
	"panelpapers/search"
)

// What another backend shares with this one. papers can keep its index in
// an OpenSearch cluster (package index/opensearch) instead of Bleve; both
// must read a query the same way, prepare a document the same way and give
// the same answers, so the parts that are not about Bleve's storage are
// exported here rather than written twice: the writer side (Store), the
// preparation of a document's items, copies, learnt acronyms, how a query
// is read (stop words, expansions, vague words, dates, partial hits),
// highlights, cursors, facets' and totals' merging of names. Bleve's types
// never cross this file.

// Store is an open papers index as the command line uses it: what it
// reads (search.Library) and what it writes and maintains. *Index (Bleve,
// on disk) and the OpenSearch backend implement it.
type Store interface {
	search.Library
	// Put and PutAll store parsed documents; see (*Index).PutAll for the
	// promises both backends keep: a document record is written only
	// after all its items, an old version stays whole until the write
	// that replaces it.
	Put(ctx context.Context, p corpus.Parsed) (Outcome, error)
	PutAll(ctx context.Context, ps []corpus.Parsed) ([]Outcome, error)
	// HasDocument reports whether the document with this content hash is
	// stored (ingest skips parsing a file it already has).
	HasDocument(id string) (bool, error)
	// Original is the document docID was recorded as a copy of.
	Original(ctx context.Context, docID string) (corpus.Document, bool, error)
	Stats(ctx context.Context) (Stats, error)
	// Path says where the index is: a directory, or a cluster's URL and
	// index name.
	Path() string
	// SetMerges sets where the manual merges of names come from: name
	// filters, facets and funding totals apply them when they read.
	SetMerges(src names.MergeSource)
	Close() error
}

var _ Store = (*Index)(nil)

// OriginalOf returns the document docID was recorded as a copy of, read
// with document, and false when it is no copy: Store.Original for either
// backend.
func OriginalOf(ctx context.Context, docID string, document func(context.Context, string) (corpus.Document, error)) (corpus.Document, bool, error) {
	d, err := document(ctx, docID)
	if err != nil {
		return corpus.Document{}, false, err
	}
	if d.CopyOf == "" {
		return corpus.Document{}, false, nil
	}
	orig, err := document(ctx, d.CopyOf)
	if err != nil {
		return corpus.Document{}, false, fmt.Errorf("the original of %s: %w", docID, err)
	}
	return orig, true, nil
}

// MergeSetting holds where a store's manual merges of names come from (a
// user's merge file over the bundled merges); both backends embed it. They
// are applied at read time: the Body, Fund, Recipient and Funder filters
// match every key merged with the name's, and facets and funding totals
// count merged names as one row. The zero value applies names.Bundled().
type MergeSetting struct {
	src atomic.Pointer[names.MergeSource]
}

// SetMerges sets where the merges come from; nil: the bundled ones.
func (m *MergeSetting) SetMerges(src names.MergeSource) {
	if src == nil {
		m.src.Store(nil)
		return
	}
	m.src.Store(&src)
}

// Merges returns the merges in force now.
func (m *MergeSetting) Merges() *names.Merges {
	if src := m.src.Load(); src != nil {
		return (*src).Merges()
	}
	return names.Bundled()
}

// Token is a word of a text as the index analyses it: its term (lower
// case, accents folded, stemmed) and where it is in the text.
type Token struct {
	Term       string
	Start, End int // byte offsets in the text
	Position   int // 1 for the first word; stop words leave gaps
}

// TextAnalyzer analyses text as every text field of the index is analysed
// (papers_en: unicode words, possessives, lower case, accents folded,
// English stop words, Porter stems).
type TextAnalyzer struct{ an analysis.Analyzer }

// NewTextAnalyzer returns the analyser of the index's text fields.
func NewTextAnalyzer() *TextAnalyzer {
	return &TextAnalyzer{an: newMapping().AnalyzerNamed(textAnalyzer)}
}

// Tokens analyses s.
func (a *TextAnalyzer) Tokens(s string) []Token {
	toks := a.an.Analyze([]byte(s))
	out := make([]Token, len(toks))
	for i, t := range toks {
		out[i] = Token{Term: string(t.Term), Start: t.Start, End: t.End, Position: t.Position}
	}
	return out
}

// Terms are the terms of s's tokens.
func (a *TextAnalyzer) Terms(s string) []string {
	var out []string
	for _, t := range a.an.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// StopWords are the English stop words the text analyser drops (Bleve's
// "en" list, from Snowball), sorted: another engine must drop the same
// ones, or a word this side leaves out of a query would be required there.
func StopWords() ([]string, error) {
	tm, err := registry.NewCache().TokenMapNamed(en.StopName)
	if err != nil {
		return nil, fmt.Errorf("index: stop words: %w", err)
	}
	out := make([]string, 0, len(tm))
	for w := range tm {
		out = append(out, w)
	}
	slices.Sort(out)
	return out, nil
}

// Reading is a request's query as it is searched: parsed, without the
// words too common to search for, with the short and long forms it stands
// for.
type Reading struct {
	Node       search.Node // search.MatchAll for an empty query
	None       bool        // every word was a stop word: the query finds nothing
	Ignored    []string
	Expansions []search.Expansion
}

// ReadQuery reads query with the analyser a and the thesaurus th.
func ReadQuery(query string, a *TextAnalyzer, th *search.Thesaurus) (Reading, error) {
	n, err := search.ParseQuery(query)
	if err != nil {
		return Reading{}, fmt.Errorf("%w: %w", ErrBadQuery, err)
	}
	var r Reading
	if _, all := n.(search.MatchAll); !all {
		pr := pruner{an: a.an}
		n = pr.prune(n)
		r.Ignored = pr.dropped
		if n == nil {
			r.None = true
			n = search.MatchAll{}
		}
	}
	if !r.None {
		n, r.Expansions = th.Expand(n)
	}
	r.Node = n
	return r, nil
}

// NewThesaurus is the shipped terms with the acronyms learnt from the
// papers: short form -> long form (lower case) -> how many documents
// defined it so.
func NewThesaurus(learnt map[string]map[string]int, a *TextAnalyzer) *search.Thesaurus {
	return buildThesaurus(learnt, a.Terms)
}

// AcronymDefinitions are the "Full Name (ABC)" definitions a parsed
// document makes: short form -> long forms, lower case.
func AcronymDefinitions(p corpus.Parsed) map[string]map[string]bool {
	return acronymDefinitions(p)
}

// QueryParts is a read query taken apart as a search needs it (see
// plan): its plain words and phrases, each with its expansions (every one
// required, but for partial hits most of them), what else it requires,
// what it excludes, its vague words (they rank, they do not filter) and
// the dates its words name (they rank the items of that day).
type QueryParts struct {
	Words    []search.Node
	Required []search.Node
	Not      []search.Node
	Vague    []search.Node
	Dates    [][]DayRange
	// ItemsOnly: a required part matches fields only items have.
	ItemsOnly bool
}

// SplitQuery takes a read query apart (see QueryParts).
func SplitQuery(n search.Node) QueryParts {
	var parts []search.Node
	if and, ok := n.(search.And); ok {
		parts = and.Nodes
	} else {
		parts = []search.Node{n}
	}
	qp := QueryParts{ItemsOnly: matchesItemsOnly(n)}
	var used map[int]bool
	used, qp.Dates = dateMentions(parts)
	for i, part := range parts {
		if not, ok := part.(search.Not); ok {
			qp.Not = append(qp.Not, not.Node)
			continue
		}
		if _, ok := part.(search.MatchAll); ok {
			continue
		}
		if t, ok := part.(search.Term); ok && plainTerm(t) && (vagueWords[strings.ToLower(t.Text)] || used[i]) {
			qp.Vague = append(qp.Vague, part)
			continue
		}
		if isWord(part) {
			qp.Words = append(qp.Words, part)
		} else {
			qp.Required = append(qp.Required, part)
		}
	}
	return qp
}

// MinPartialWords is the fewest of n words a partial hit has.
func MinPartialWords(n int) int { return minPartialWords(n) }

// Partial hits: when fewer than PartialBelow hits have every word, up to
// MaxPartialHits with most of the words follow (docs/search.md).
const (
	PartialBelow   = partialBelow
	MaxPartialHits = maxPartialHits
)

// FieldWeight is an index field and the weight of a match in it.
type FieldWeight struct {
	Field string
	Boost float64
}

// DefaultFields are what a word without a field searches, with their
// weights; OwnFields are those less the item's context (phrases and
// partial hits look there only).
func DefaultFields() []FieldWeight { return exportWeights(defaultFields) }

// OwnFields: see DefaultFields.
func OwnFields() []FieldWeight { return exportWeights(ownFields) }

func exportWeights(fs []fieldWeight) []FieldWeight {
	out := make([]FieldWeight, len(fs))
	for i, f := range fs {
		out[i] = FieldWeight{f.field, f.boost}
	}
	return out
}

// ExpandedBoost is the weight of an expansion against a typed word.
const ExpandedBoost = expandedBoost

// ContextField is the field of an item's context (its document's title,
// body and section heading), searched for words, never phrases.
const ContextField = fContext

// TextField is the index field of a query's free-text field name ("" is
// the default fields), and false for a name that is no text field.
func TextField(name string) (string, bool) {
	f, ok := textFields[name]
	return f, ok
}

// KeywordField is the index field of a query's keyword field name, whether
// its values are compared in lower case, and false for a name that is no
// keyword field.
func KeywordField(name string) (field string, lower bool, ok bool) {
	kw, ok := keywordFields[name]
	return kw.field, kw.lower, ok
}

// NumberField is the index field of a query's number field name (page is
// PageField, a keyword of PageTerm values).
func NumberField(name string) (string, bool) {
	f, ok := numberFields[name]
	return f, ok
}

// PageField holds an item's page as PageTerm, so a range of pages is a
// range of terms.
const PageField = fPage

// PageTerm is page written as the page field holds it.
func PageTerm(page int) string { return pageTerm(page) }

// PageBounds are the first and last page a page range matches, and false
// when it matches none.
func PageBounds(n search.NumberRange) (lo, hi int, ok bool) { return pageBounds(n) }

// DayStart is the start (UTC) of t's day; DayEnd its last nanosecond.
func DayStart(t time.Time) time.Time { return dayStart(t) }

// DayEnd: see DayStart.
func DayEnd(t time.Time) time.Time { return dayStart(t).Add(24*time.Hour - time.Nanosecond) }

// SortOf is the request's order resolved: relevance for a query, newest
// first without one.
func SortOf(req search.Request) search.Sort { return sortOf(req) }

// EncodeCursor and DecodeCursor write and read the cursor of a page: the
// sort values of its last hit (opaque strings to the cursor) and the
// fingerprint of the search it belongs to (RequestFingerprint). A broken
// cursor, or one of another search, is an error wrapping ErrBadQuery.
func EncodeCursor(after []string, fingerprint string) string { return encodeCursor(after, fingerprint) }

// DecodeCursor: see EncodeCursor.
func DecodeCursor(s, fingerprint string) ([]string, error) { return decodeCursor(s, fingerprint) }

// RequestFingerprint identifies the result list req pages through in order.
func RequestFingerprint(req search.Request, order search.Sort) string {
	return requestFingerprint(req, order)
}

// FacetNames are the facets a search counts (search.FacetKind...).
var FacetNames = slices.Clone(facetNames)

// FacetSize is how many values of facet name a search counts.
func FacetSize(name string) int { return facetSizes[name] }

// FacetValues orders and merges a facet's values as a search shows them:
// years newest first; bodies and funds written several ways as one row
// (names.Key and the manual merges m), largest first.
func FacetValues(name string, vals []search.FacetValue, m *names.Merges) []search.FacetValue {
	switch name {
	case search.FacetYear:
		slices.SortFunc(vals, func(a, b search.FacetValue) int { return strings.Compare(b.Value, a.Value) })
	case search.FacetBody, search.FacetFund:
		vals = groupNames(vals, facetShown[name], m)
	}
	return vals
}

// MergeTotals merges funding totals of names written several ways into
// one row (see mergeTotals): rows hold one total per name as written and
// currency; m are the manual merges.
func MergeTotals(rows []search.Total, by search.GroupBy, m *names.Merges) []search.Total {
	return mergeTotals(rows, by, m)
}

// FundingGroupKey is the value of a funding line that totals grouped by by
// add up under (a name as written, a period, a year), "" when it has none.
func FundingGroupKey(it corpus.Item, doc corpus.Document, by search.GroupBy) string {
	return strings.ReplaceAll(groupKey(it, doc, by), groupSep, " ")
}

// Highlighter marks what a query matched in its hits' titles and texts.
type Highlighter struct{ h *highlighter }

// NewHighlighter collects the words of the read query n that can match in
// a title or a text.
func NewHighlighter(n search.Node, a *TextAnalyzer) *Highlighter {
	return &Highlighter{newHighlighter(n, a.an)}
}

// Highlights are the fragments of text and title with the matches in
// <mark>, HTML-escaped, keyed "text" and "title".
func (h *Highlighter) Highlights(title, text string) map[string][]string {
	return h.h.highlights(title, text)
}

// Sketch is a document's shingle sketch, by which copies are found.
type Sketch struct{ sk sketch }

// Encode writes the sketch as text, for a stored field.
func (s Sketch) Encode() string { return s.sk.encode() }

// DecodeSketch reads what Encode wrote.
func DecodeSketch(s string) Sketch { return Sketch{decodeSketch(s)} }

// Empty reports a document too short to sketch.
func (s Sketch) Empty() bool { return len(s.sk) == 0 }

// Original is an indexed document that is no copy, with its sketch.
type Original struct {
	ID, Path string
	Sketch   Sketch
}

// CopyOf finds the original sk is a copy of among candidates: the most
// similar at or above the copy threshold.
func CopyOf(sk Sketch, candidates []Original) (Original, bool) {
	cs := make([]original, len(candidates))
	for i, c := range candidates {
		cs[i] = original{c.ID, c.Path, c.Sketch.sk}
	}
	o, ok := copyOf(sk.sk, cs)
	if !ok {
		return Original{}, false
	}
	return Original{o.id, o.path, Sketch{o.sk}}, true
}

// PreparedItem is an item as the index stores it: the item (with its
// DocID set), its JSON, and its search fields as this package writes them
// (field name -> string, []string, float64 or time.Time), without the
// storage-only ones.
type PreparedItem struct {
	Item   corpus.Item
	JSON   []byte
	Fields map[string]any
}

// Prepared is a parsed document made ready to store: its items without
// the passages read twice, and the sketch of its text.
type Prepared struct {
	Items  []PreparedItem
	Sketch Sketch
}

// Prepare does to a parsed document what Put does before it writes:
// passages read twice are kept once, each item learns its section's
// heading, the text is sketched for copies.
func Prepare(p corpus.Parsed) (Prepared, error) {
	items, blobs, headings, sk, err := prepareItems(p)
	if err != nil {
		return Prepared{}, err
	}
	out := Prepared{Sketch: Sketch{sk}, Items: make([]PreparedItem, len(items))}
	for k, it := range items {
		fields := itemRecord(it, p.Document, "", itemContext{heading: headings[k]})
		delete(fields, "_type")
		delete(fields, fChunkRef)
		if it.DocID == "" {
			it.DocID = p.Document.ID
		}
		out.Items[k] = PreparedItem{Item: it, JSON: blobs[k], Fields: fields}
	}
	return out, nil
}
