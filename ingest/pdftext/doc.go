// Package pdftext extracts positioned, reading-order text from PDF files.
//
// It uses github.com/ledongthuc/pdf only as an object model (cross-reference
// table, object resolution, stream filters). Everything above that is done
// here, because the library's own text functions lose text: they do not follow
// Form XObjects, report zero widths for CID fonts, panic on unbalanced Q and
// on the '"' operator, and emit text in content-stream order without spaces.
//
// The pipeline is:
//
//	pdftext.go  open the file (with cheap repairs), walk the page tree, isolate pages
//	guard.go    refuse cross-reference data the library cannot survive
//	xrefsize.go raise a trailer /Size short of the table (pdfunite merges)
//	content.go  tokenize content streams and interpret the text and graphics operators
//	font.go     font dictionaries: widths, style, code splitting (cached per document)
//	cmap.go     /ToUnicode and embedded encoding CMaps
//	encoding.go simple-font encodings and a glyph-name subset
//	layout.go   glyphs to words, lines, blocks and reading order; running headers,
//	            footers and printed page numbers
//
// Every call into the library may panic; panics are recovered in the goroutine
// that made the call and turned into errors, per document or per page.
//
// The pages of a document are read in parallel (up to maxPageWorkers at once)
// and come out exactly as if read in order: the library's Reader only reads,
// and the per-document caches are shared under a mutex.
package pdftext
