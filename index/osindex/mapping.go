package osindex

import (
	"panelpapers/search"
)

// mappingVersion names the field layout below, kept in the index's mapping
// (_meta.papers_mapping_version). Bump it for any change: OpenSearch, like
// Bleve, cannot change a field's type or analyser in place, and Open
// refuses an index of another version.
const mappingVersion = "os-2"

// Field names are Bleve's (index.Prepare writes the search fields of an
// item under them, and the query language compiles to them); those below
// are OpenSearch's only.
const (
	fType        = "type"
	fID          = "id"       // the record's _id again, as a keyword with doc values: the tie-break of every sort
	fItem        = "item"     // items: the item's JSON, stored in _source only
	fRaw         = "raw"      // documents: the document's JSON, stored in _source only
	fSig         = "sig"      // documents: the shingle sketch, stored only
	fAcronyms    = "acronyms" // documents: "SHORT\x1flong form" for each acronym the paper defines
	fDocID       = "doc_id"
	fPath        = "path"
	fFormat      = "format"
	fBody        = "body"
	fMeetingDate = "meeting_date"
	fDate        = "date"
	fAmount      = "amount"
	fCopy        = "copy"
	fKind        = "kind"
	fFacets      = "facets"           // Bleve's field of prefixed facet terms: split into facetPrefix+name here
	facetPrefix  = "facet_"           // + search.FacetKind...: one keyword field per facet
	fPence       = "pence"            // funding lines: the amount in pence, a long, summed exactly
	fFundingCur  = "funding_currency" // funding lines: their currency, GBP when unsaid
	groupPrefix  = "funding_by_"      // + search.GroupBy: the name (period, year) a funding line adds up under, as written
)

// Record types, as Bleve's.
const (
	typeItem     = "item"
	typeDocument = "document"
)

const docPrefix = "doc:"

// textAnalyzer is index's papers_en, built from OpenSearch's own filters:
// the standard tokenizer (Unicode word boundaries, as Bleve's unicode
// tokenizer), the English possessive, lower case, ASCII folding (Bleve's
// fold takes off combining marks: "café" is "cafe" in both), the same stop
// words (index.StopWords) and the Porter stemmer. A query word is dropped
// as a stop word by index's analyser before it gets here, so the two must
// agree on the list.
const textAnalyzer = "papers_en"

// lowerNormalizer lower-cases a keyword: Bleve's papers_lower_keyword.
const lowerNormalizer = "papers_lower"

// settings are the index's settings and mappings for a new index.
func settings(shards, replicas int, stopWords []string) map[string]any {
	text := func() map[string]any { return map[string]any{"type": "text", "analyzer": textAnalyzer} }
	keyword := func() map[string]any { return map[string]any{"type": "keyword"} }
	// A keyword only filtered on: no doc values (nothing sorts or
	// aggregates on it), as Bleve's filterKeyword.
	filterKeyword := func() map[string]any { return map[string]any{"type": "keyword", "doc_values": false} }
	lowerKeyword := func() map[string]any {
		return map[string]any{"type": "keyword", "normalizer": lowerNormalizer, "doc_values": false}
	}
	stored := func(typ string) map[string]any {
		if typ == "object" {
			return map[string]any{"type": "object", "enabled": false}
		}
		return map[string]any{"type": typ, "index": false, "doc_values": false}
	}
	props := map[string]any{
		fType:             keyword(),
		fID:               keyword(),
		fItem:             stored("object"),
		fRaw:              stored("object"),
		fSig:              stored("keyword"),
		fDocID:            filterKeyword(),
		fPath:             filterKeyword(),
		fFormat:           filterKeyword(),
		fBody:             map[string]any{"type": "keyword", "doc_values": false, "copy_to": []string{"body_text"}},
		"body_text":       text(),
		"fund":            map[string]any{"type": "keyword", "doc_values": false, "copy_to": []string{"fund_text"}},
		"fund_text":       text(),
		"status":          map[string]any{"type": "keyword", "doc_values": false, "copy_to": []string{"status_q"}},
		"status_q":        lowerKeyword(),
		"number":          lowerKeyword(),
		"period":          lowerKeyword(),
		"recipient":       map[string]any{"type": "text", "analyzer": textAnalyzer, "copy_to": []string{"recipient_facet"}},
		"recipient_facet": filterKeyword(),
		fKind:             keyword(),
		"source":          filterKeyword(),
		"currency":        filterKeyword(),
		fCopy:             filterKeyword(),
		"body_key":        filterKeyword(),
		"fund_key":        filterKeyword(),
		"recipient_key":   filterKeyword(),
		"funder_key":      filterKeyword(),
		"page":            filterKeyword(),
		fMeetingDate:      map[string]any{"type": "date"},
		fDate:             map[string]any{"type": "date"},
		fAmount:           map[string]any{"type": "double"},
		fPence:            map[string]any{"type": "long"},
		fFundingCur:       keyword(),
		fAcronyms:         keyword(),
		// context is searched for words, never phrases: no positions.
		"context": map[string]any{"type": "text", "analyzer": textAnalyzer, "index_options": "freqs"},
	}
	for _, f := range []string{"title", "text", "about", "purpose", "response", "topic", "person", "funder", "interest", "author"} {
		props[f] = text()
	}
	for _, name := range []string{search.FacetKind, search.FacetBody, search.FacetYear, search.FacetFund} {
		props[facetPrefix+name] = keyword()
	}
	for _, by := range search.GroupBys {
		props[groupPrefix+string(by)] = keyword()
	}
	return map[string]any{
		"settings": map[string]any{
			"number_of_shards":   shards,
			"number_of_replicas": replicas,
			// Writes become visible when a put refreshes, after its last
			// bulk request: a reader sees a document whole or not at all
			// (put.go). Nothing else refreshes.
			"refresh_interval": "-1",
			// Stored fields (the items' JSON) are compressed in blocks of
			// many records, as Bleve's index keeps them in zstd chunks.
			"codec": "best_compression",
			"analysis": map[string]any{
				"filter": map[string]any{
					"papers_possessive": map[string]any{"type": "stemmer", "language": "possessive_english"},
					"papers_stop":       map[string]any{"type": "stop", "stopwords": stopWords},
				},
				"analyzer": map[string]any{
					textAnalyzer: map[string]any{
						"type":      "custom",
						"tokenizer": "standard",
						"filter":    []string{"papers_possessive", "lowercase", "asciifolding", "papers_stop", "porter_stem"},
					},
				},
				"normalizer": map[string]any{
					lowerNormalizer: map[string]any{"type": "custom", "filter": []string{"lowercase"}},
				},
			},
		},
		"mappings": map[string]any{
			"dynamic": "strict",
			"_meta":   map[string]any{"papers_mapping_version": mappingVersion},
			// Items' text is searched, not read back: the item's JSON is.
			"_source": map[string]any{"excludes": []string{"title", "text", "about", "context", "purpose", "response",
				"topic", "person", "recipient", "funder", "interest", "author"}},
			"properties": props,
		},
	}
}
