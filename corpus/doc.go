// Package corpus holds the shared vocabulary of papers — documents, pages,
// lines and typed items — and the sample papers bundled with the binary.
//
// Every other package speaks in these types: ingest produces them, index
// stores them, search returns them. The JSON names of Item and Document are
// a published format that other tools read; do not rename them.
package corpus
