// Package index stores papers' documents and items in a Bleve index and searches them.
//
// One on-disk Bleve (scorch) index holds two kinds of record:
//
//   - "document": one per ingested file (corpus.Document), Bleve ID "doc:"+Document.ID;
//   - "item": one per searchable piece of a file (corpus.Item), Bleve ID Item.ID.
//
// Every record keeps the JSON of its Go struct in a stored, non-indexed field ("raw"),
// so hits are turned back into corpus values without a second mapping from Bleve fields
// to struct fields. The indexed fields are a static mapping described field by field in
// mapping.go and docs/mapping.md; its version is kept in the index, and an index built by
// another version is refused (rebuild it: delete the folder and re-ingest).
//
// An index on disk is exclusively locked by the process that opens it read-write, and
// shared-locked by read-only opens; the two exclude each other. Open waits about two
// seconds for the lock and then fails with an error for which IsLocked is true; see
// docs/locking.md.
//
// Store (shared.go) is the index as the command line uses it, reads and writes; *Index
// implements it, and so does the OpenSearch backend (index/osindex), which shares with this
// package everything that is not storage: how items are prepared, how a query is read, how
// hits are highlighted, how names are merged in facets and totals (docs/opensearch.md).
//
// Nothing outside this package imports Bleve.
package index
