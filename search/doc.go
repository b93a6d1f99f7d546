// Package search turns what people ask for into requests against the index
// and serves them over HTTP. It depends on the Searcher interface, never on
// the index's storage engine.
package search
