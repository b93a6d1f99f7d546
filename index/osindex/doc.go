// Package osindex keeps papers' index in an OpenSearch cluster: a second
// implementation of index.Store (and so of search.Library) beside Bleve's,
// for archives that outgrow one machine. Bleve stays the default and the
// only backend that needs no server.
//
// The two backends share everything that is not storage (package index,
// shared.go): how a document's items are prepared, how a query is read
// (stop words, short and long forms, vague words, dates), how hits are
// highlighted, how names written several ways are merged in facets and
// totals. What is OpenSearch's here: the mapping (mapping.go), the query
// language compiled to the query DSL (query.go), searches with
// aggregations, search_after and point-in-time (search.go, browse.go),
// and writes as bulk requests with explicit refreshes (put.go).
// docs/opensearch.md describes the design and what differs.
//
// Only this package imports the OpenSearch client.
package osindex
