// Package ingest turns panel papers (PDF, HTML) into corpus documents: pages
// of positioned text, metadata read from the paper itself, and searchable
// items.
//
// The PDF text layer lives in ingest/pdftext and the HTML reader in
// ingest/htmltext; this package chooses between them by content (not by file
// name), guards them with a time limit and panic recovery, and turns their
// lines into items. Nothing outside ingest imports a PDF or HTML parser.
package ingest
