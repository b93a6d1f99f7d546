package index

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	"panelpapers/corpus"
	"panelpapers/names"
	"panelpapers/search"
)

// mappingVersion names the field layout below. Bump it whenever a field is added,
// removed, renamed or changes analyser or options: Bleve cannot change the mapping of
// an existing index (it uses the mapping stored in the index, not this code), so an
// index of another version is refused at Open and must be rebuilt.
const mappingVersion = "11"

// versionKey is the internal (non-document) key holding mappingVersion.
var versionKey = []byte("papers.mapping_version")

// Record types, the value of the "_type" key Bleve uses to pick a document mapping.
const (
	typeDocument = "document"
	typeItem     = "item"
	typeChunk    = "chunk" // the stored JSON of a run of items (chunks.go)
)

// docPrefix prefixes a document's Bleve ID, so that document records and item
// records (whose IDs ingest chooses) cannot collide.
const docPrefix = "doc:"

// Field names. See docs/mapping.md for why each is what it is.
const (
	fType         = "type"            // keyword, stored: "document", "item" or "chunk"
	fRaw          = "raw"             // stored only: JSON of a document; a chunk's compressed items
	fChunkRef     = "chunk_ref"       // stored only, items: where the item's JSON is (chunkRef)
	fKind         = "kind"            // keyword
	fBody         = "body"            // keyword
	fDocID        = "doc_id"          // keyword
	fPath         = "path"            // keyword (documents)
	fFormat       = "format"          // keyword (documents)
	fFund         = "fund"            // keyword
	fStatus       = "status"          // keyword
	fSource       = "source"          // keyword
	fCurrency     = "currency"        // keyword
	fRecipientKw  = "recipient_facet" // keyword copy of recipient
	fTitle        = "title"           // en text, term vectors (highlighted)
	fText         = "text"            // en text, term vectors (highlighted)
	fPurpose      = "purpose"         // en text
	fResponse     = "response"        // en text
	fTopic        = "topic"           // en text
	fPerson       = "person"          // en text
	fRecipient    = "recipient"       // en text
	fDate         = "date"            // datetime: item date, else meeting date
	fMeetingDate  = "meeting_date"    // datetime, documents only
	fAmount       = "amount"          // numeric
	fPage         = "page"            // keyword: the page number as pageTerm
	fFacets       = "facets"          // keyword, DocValues: "<facet>\x1f<value>" for every facet (facetTerms)
	fBodyText     = "body_text"       // en text, not in _all: body:"thames valley" in a query
	fFundText     = "fund_text"       // en text, not in _all: fund:"community safety"
	fAuthor       = "author"          // en text
	fFunder       = "funder"          // en text
	fInterest     = "interest"        // en text (a declaration's interest)
	fAbout        = "about"           // en text, several values: every text field of a typed item (defaultFields)
	fContext      = "context"         // en text, several values: document title, body, section heading (defaultFields)
	fCopy         = "copy"            // keyword, items of a copy document only: "1"
	fBodyKey      = "body_key"        // keyword: names.Key of the body, for the Body filter
	fFundKey      = "fund_key"        // keyword: names.Key of the fund
	fRecipientKey = "recipient_key"   // keyword: names.Key of the recipient
	fFunderKey    = "funder_key"      // keyword: names.Key of the funder
	fSig          = "sig"             // stored only, documents: the text's shingle sketch (copies.go)
	fNumber       = "number"          // lower-case keyword: number:23/19
	fPeriod       = "period"          // lower-case keyword: period:2018/19
	fStatusQ      = "status_q"        // lower-case keyword copy of status for queries
	fGroupPrefix  = "funding_by_"     // + a search.GroupBy: keyword, funding lines only: see fundingGroups
)

// lowerKeyword is the analyser of keyword fields a query names: the whole
// value as one term, lower-cased, so number:23/19 and status:Accepted match
// however the paper or the user capitalised them.
const lowerKeyword = "papers_lower_keyword"

// keywordField is for exact-match filters, facets and sorting: the whole value is
// one term (keyword analyser), with DocValues for facets and sorts. It is not
// stored (the raw JSON has the value) and stays out of _all, so a search for
// "minute" does not match every minute by its kind.
func keywordField() *mapping.FieldMapping {
	fm := bleve.NewKeywordFieldMapping()
	fm.Store = false
	fm.IncludeTermVectors = false
	fm.IncludeInAll = false
	fm.DocValues = true
	return fm
}

// searchText is English free text people search but we do not highlight: "en"
// analysis (stemming, stop words), term vectors kept so that phrase queries
// ("county lines") match, not stored, no DocValues (never sorted or faceted;
// DocValues on long text only cost disk and memory). Nothing goes into
// Bleve's _all field: it indexes every token a second time, with positions,
// which made up more than a third of the index (docs/mapping.md). A word
// without a field searches defaultFields instead.
func searchText() *mapping.FieldMapping {
	fm := bleve.NewTextFieldMapping()
	fm.Analyzer = textAnalyzer
	fm.Store = false
	fm.IncludeTermVectors = true
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// highlightText is searchText that hits are highlighted in. It is not
// stored: highlights are cut from the item's JSON at the term vectors'
// offsets (highlight.go), so the text is stored once, in its chunk.
func highlightText() *mapping.FieldMapping {
	return searchText()
}

// filterKeyword is a keyword only ever filtered on: no DocValues, because
// the facets read the one facets field (facetTerms) instead.
func filterKeyword() *mapping.FieldMapping {
	fm := keywordField()
	fm.DocValues = false
	return fm
}

// idField is a keyword only ever matched exactly (a document's ID, a path):
// no DocValues, because nothing sorts or facets on it, and a 64-character
// hash per item is not free.
func idField() *mapping.FieldMapping {
	fm := keywordField()
	fm.DocValues = false
	return fm
}

// queryKeyword is a lowerKeyword field: exact, case-insensitive, only for
// queries (no DocValues: never faceted or sorted).
func queryKeyword() *mapping.FieldMapping {
	fm := keywordField()
	fm.Analyzer = lowerKeyword
	fm.DocValues = false
	return fm
}

// contextText is searchText without term vectors: the context field is
// searched for words, never for phrases (phraseQuery), so it needs no
// positions, and it repeats a paper's title and body on every item.
func contextText() *mapping.FieldMapping {
	fm := searchText()
	fm.IncludeTermVectors = false
	return fm
}

// fieldText is searchText that is not among defaultFields: a body or fund
// name on every item of a pack would make a bare word like "thames" match
// them all.
func fieldText() *mapping.FieldMapping {
	return searchText()
}

// dateField is a datetime for range filters and sorting (DocValues), not in _all.
func dateField() *mapping.FieldMapping {
	fm := bleve.NewDateTimeFieldMapping()
	fm.Store = false
	fm.IncludeInAll = false
	fm.DocValues = true
	return fm
}

// numberField is a number for ranges and sorting (DocValues), not in _all.
func numberField() *mapping.FieldMapping {
	fm := bleve.NewNumericFieldMapping()
	fm.Store = false
	fm.IncludeInAll = false
	fm.DocValues = true
	return fm
}

// typeField is the record type: a keyword, stored so that a record fetched by ID
// can be checked to be the type the caller asked for.
func typeField() *mapping.FieldMapping {
	fm := keywordField()
	fm.Store = true
	fm.DocValues = false
	return fm
}

// rawField holds the JSON of the corpus struct: stored, not indexed, not analysed.
func rawField() *mapping.FieldMapping {
	fm := bleve.NewKeywordFieldMapping()
	fm.Index = false
	fm.Store = true
	fm.IncludeTermVectors = false
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// newMapping builds the static index mapping. Nothing is dynamic: a field not
// listed here is not indexed, whatever the record holds.
func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	// A query analysed without a field's own analyser must still stem like
	// the text was, or "reports" would not find "report".
	im.DefaultAnalyzer = textAnalyzer
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	if err := im.AddCustomAnalyzer(lowerKeyword, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		panic(err) // a constant definition: fails on every run or never
	}
	if err := im.AddCustomAnalyzer(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, foldName, en.StopName, porter.Name},
	}); err != nil {
		panic(err)
	}
	im.DefaultMapping = bleve.NewDocumentStaticMapping()
	im.DefaultMapping.Enabled = false // records of unknown type are ignored

	item := bleve.NewDocumentStaticMapping()
	item.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	item.AddFieldMappingsAt(fType, typeField())
	item.AddFieldMappingsAt(fChunkRef, rawField())
	for _, f := range []string{fKind, fSource, fCurrency} {
		item.AddFieldMappingsAt(f, filterKeyword())
	}
	for _, by := range search.GroupBys {
		item.AddFieldMappingsAt(groupField(by), keywordField())
	}
	item.AddFieldMappingsAt(fFacets, keywordField())
	for _, f := range []string{fCopy, fBodyKey, fFundKey, fRecipientKey, fFunderKey} {
		item.AddFieldMappingsAt(f, filterKeyword())
	}
	item.AddFieldMappingsAt(fDocID, idField())
	bodyText := fieldText()
	bodyText.Name = fBodyText
	item.AddFieldMappingsAt(fBody, filterKeyword(), bodyText)
	fundText := fieldText()
	fundText.Name = fFundText
	item.AddFieldMappingsAt(fFund, filterKeyword(), fundText)
	statusQ := queryKeyword()
	statusQ.Name = fStatusQ
	item.AddFieldMappingsAt(fStatus, filterKeyword(), statusQ)
	item.AddFieldMappingsAt(fNumber, queryKeyword())
	item.AddFieldMappingsAt(fPeriod, queryKeyword())
	item.AddFieldMappingsAt(fAuthor, searchText())
	recipientKw := filterKeyword()
	recipientKw.Name = fRecipientKw
	item.AddFieldMappingsAt(fRecipient, searchText(), recipientKw)
	item.AddFieldMappingsAt(fTitle, highlightText())
	item.AddFieldMappingsAt(fText, highlightText())
	for _, f := range []string{fPurpose, fResponse, fTopic, fPerson, fFunder, fInterest, fAbout} {
		item.AddFieldMappingsAt(f, searchText())
	}
	item.AddFieldMappingsAt(fContext, contextText())
	item.AddFieldMappingsAt(fDate, dateField())
	item.AddFieldMappingsAt(fAmount, numberField())
	item.AddFieldMappingsAt(fPage, filterKeyword())
	im.AddDocumentMapping(typeItem, item)

	doc := bleve.NewDocumentStaticMapping()
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	doc.AddFieldMappingsAt(fType, typeField())
	doc.AddFieldMappingsAt(fRaw, rawField())
	doc.AddFieldMappingsAt(fSig, rawField())
	doc.AddFieldMappingsAt(fCopy, filterKeyword())
	for _, f := range []string{fBody, fFormat} {
		doc.AddFieldMappingsAt(f, filterKeyword())
	}
	doc.AddFieldMappingsAt(fDocID, idField())
	doc.AddFieldMappingsAt(fPath, idField())
	doc.AddFieldMappingsAt(fMeetingDate, dateField())
	im.AddDocumentMapping(typeDocument, doc)

	chunk := bleve.NewDocumentStaticMapping()
	chunk.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	chunk.AddFieldMappingsAt(fType, typeField())
	chunk.AddFieldMappingsAt(fRaw, rawField())
	chunk.AddFieldMappingsAt(fDocID, idField())
	im.AddDocumentMapping(typeChunk, chunk)
	return im
}

// record is what is handed to Bleve: a map keyed by field name, with "_type"
// (the mapping's TypeField) choosing the document mapping. Empty values are left
// out, so they are not indexed as empty terms.
type record map[string]any

func (r record) str(field, v string) {
	if v != "" {
		r[field] = v
	}
}

func (r record) date(field, v string) {
	if t, ok := parseDate(v); ok {
		r[field] = t
	}
}

// parseDate reads a YYYY-MM-DD date as midnight UTC.
func parseDate(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// nonEmpty is the values that are not blank.
func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

// docTitleText is what a document is called: its title, else its file's
// name in words ("24-00096_-_PRoD.pdf" is "24-00096 - PRoD"), which for
// papers saved from a council's site is the title it was published under.
func docTitleText(d corpus.Document) string {
	if strings.TrimSpace(d.Title) != "" {
		return d.Title
	}
	name := d.Path[strings.LastIndexAny(d.Path, `/\`)+1:]
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		name = name[:dot]
	}
	return strings.ReplaceAll(name, "_", " ")
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// itemContext is where an item is, as an unfielded word also searches it
// (at a lower weight): its document's title, its body, the heading of the
// section it is in.
type itemContext struct {
	heading string // the heading of the section the item is in, if not its own title
}

// itemRecord turns an item of doc into its Bleve record; ref says where its
// JSON is stored (chunks.go). Body and date fall back to the document's, so
// filters work on items ingest left bare; the JSON keeps the item exactly as
// given.
func itemRecord(it corpus.Item, doc corpus.Document, ref string, ctx itemContext) record {
	r := record{"_type": typeItem, fType: typeItem, fChunkRef: ref}
	body := firstNonEmpty(it.Body, doc.Body)
	for field, name := range map[string]string{fBodyKey: body, fFundKey: it.Fund, fRecipientKey: it.Recipient, fFunderKey: it.Funder} {
		if k := names.Key(name); k != "" {
			r[field] = k
		}
	}
	r.str(fFunder, it.Funder)
	r.str(fInterest, it.Interest)
	if about := nonEmpty(it.Person, it.Interest, it.Recipient, it.Funder, it.Fund, it.Purpose, it.Response, it.Topic, it.Author); len(about) > 0 {
		r[fAbout] = about
	}
	if c := nonEmpty(docTitleText(doc), body, ctx.heading); len(c) > 0 {
		r[fContext] = c
	}
	r.str(fKind, string(it.Kind))
	r.str(fBody, firstNonEmpty(it.Body, doc.Body))
	r.str(fDocID, firstNonEmpty(it.DocID, doc.ID))
	r.str(fFund, it.Fund)
	r.str(fStatus, it.Status)
	r.str(fSource, it.Source)
	r.str(fCurrency, it.Currency)
	r.str(fRecipient, it.Recipient)
	r.str(fTitle, it.Title)
	r.str(fText, it.Text)
	r.str(fPurpose, it.Purpose)
	r.str(fResponse, it.Response)
	r.str(fTopic, it.Topic)
	r.str(fPerson, it.Person)
	r.str(fNumber, it.Number)
	r.str(fPeriod, it.Period)
	r.str(fAuthor, it.Author)
	date := firstNonEmpty(it.Date, it.MeetingDate, doc.MeetingDate)
	r.date(fDate, date)
	r[fFacets] = facetTerms(it, doc, date)
	if it.Amount != 0 {
		r[fAmount] = it.Amount
	}
	if it.Kind == corpus.KindFunding {
		for by, term := range fundingGroups(it, doc) {
			r[groupField(by)] = term
		}
	}
	if it.Page > 0 {
		r[fPage] = pageTerm(it.Page)
	}
	return r
}

// chunkRecord is the Bleve record of a chunk of doc's items' JSON.
func chunkRecord(docID string, items [][]byte) record {
	return record{"_type": typeChunk, fType: typeChunk, fDocID: docID, fRaw: string(encodeChunk(items))}
}

// documentRecord turns a document into its Bleve record.
func documentRecord(d corpus.Document) (record, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("index: encode document %s: %w", d.ID, err)
	}
	r := record{"_type": typeDocument, fType: typeDocument, fRaw: string(raw)}
	r.str(fDocID, d.ID)
	r.str(fBody, d.Body)
	r.str(fPath, d.Path)
	r.str(fFormat, string(d.Format))
	r.date(fMeetingDate, d.MeetingDate)
	if d.CopyOf != "" {
		r[fCopy] = "1"
	}
	return r, nil
}

// facetTerms are an item's terms in the facets field, one per facet it has
// a value for: "kind\x1fminute", "body\x1fCabinet", "year\x1f2018",
// "fund\x1f…". Why one field for all: a facet counts by reading the
// DocValues of every matching item, and this is one field read per item
// instead of four. (Under the load of the day the gain was within the
// noise of the measurement; it is not claimed as one.)
func facetTerms(it corpus.Item, doc corpus.Document, date string) []string {
	clean := func(s string) string { return strings.ReplaceAll(s, groupSep, " ") }
	var out []string
	add := func(facet, v string) {
		if v != "" {
			out = append(out, facet+groupSep+clean(v))
		}
	}
	add(search.FacetKind, string(it.Kind))
	add(search.FacetBody, firstNonEmpty(it.Body, doc.Body))
	if t, ok := parseDate(date); ok {
		out = append(out, yearFacetTerm(t.Year()))
	}
	add(search.FacetFund, it.Fund)
	return out
}

// maxPage is the highest page number pageTerm writes; higher ones are
// taken as it.
const maxPage = 999999

// pageTerm is an item's page as a term of six digits, so that terms sort
// as the numbers do and a range of pages is a range of terms. A number
// field would index sixteen terms per item, and its DocValues as many: it
// was a twentieth of the index, for a field only queries read (page:12).
func pageTerm(page int) string {
	return fmt.Sprintf("%06d", min(page, maxPage))
}

// yearFacetTerm is the facets term of the items dated in year y; date
// ranges match whole years by it (dateRange).
func yearFacetTerm(y int) string {
	return search.FacetYear + groupSep + time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")
}

// groupSep separates the parts of a funding_by_* or facets term; it cannot occur in
// text a paper gives (fundingGroups drops it).
const groupSep = "\x1f"

// groupField is the field of a funding line's term for grouping by.
func groupField(by search.GroupBy) string { return fGroupPrefix + string(by) }

// fundingGroups are the terms FundingTotals adds up, one per grouping, each
// in its own field (groupField): "<key>\x1f<pence>\x1f<currency>".
// countTerms counts how many matching lines share a key and an amount,
// read from DocValues; the sum is count × pence per term, exact, with no
// stored field decoded. One field per grouping, so that a total visits
// only its own grouping's terms. (Splitting the one field of all five did
// not by itself make totals faster, measured at a million items; counting
// without Bleve's facet did: docs/performance.md.)
func fundingGroups(it corpus.Item, doc corpus.Document) map[search.GroupBy]string {
	pence := strconv.FormatInt(int64(math.Round(it.Amount*100)), 10)
	clean := func(s string) string { return strings.ReplaceAll(s, groupSep, " ") }
	currency := clean(firstNonEmpty(it.Currency, "GBP"))
	out := make(map[search.GroupBy]string, len(search.GroupBys))
	for _, by := range search.GroupBys {
		out[by] = clean(groupKey(it, doc, by)) + groupSep + pence + groupSep + currency
	}
	return out
}

// groupKey is the value of it that totals grouped by by add up under.
func groupKey(it corpus.Item, doc corpus.Document, by search.GroupBy) string {
	switch by {
	case search.ByRecipient:
		return it.Recipient
	case search.ByFund:
		return it.Fund
	case search.ByPeriod:
		return it.Period
	case search.ByBody:
		return firstNonEmpty(it.Body, doc.Body)
	case search.ByFunder:
		return it.Funder
	case search.ByYear:
		if d := firstNonEmpty(it.Date, it.MeetingDate, doc.MeetingDate); len(d) >= 4 {
			return d[:4]
		}
	}
	return ""
}
