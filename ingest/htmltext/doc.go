// Package htmltext reads council meeting pages and HTML papers into lines of text.
//
// Read takes the bytes of an HTML file, works out its character encoding,
// drops the page chrome (scripts, navigation, site headers and footers,
// breadcrumbs, skip links, hidden text) and returns the rest as
// layout.Lines: one line per paragraph, list item, heading or table row, with
// the heading level, bold/italic hints and a block number that groups the
// lines of one paragraph or cell. When the page is a modern.gov meeting page
// ("Agenda", "Agenda and minutes", or a decision's details page), Read also
// returns the meeting it describes: committee, date, time, venue, contact and
// the numbered agenda items with their text, "Minutes:" blocks and decisions.
//
// # Encodings
//
// Council sites serve UTF-8, windows-1252 (often declared as ISO-8859-1, or
// wrongly as UTF-8) and, from Word, UTF-16. Read follows miniflux: bytes that
// are valid UTF-8 are used as they are whatever the page declares (after a
// BOM, which wins outright), because a declaration that contradicts valid
// UTF-8 is nearly always the wrong one. Otherwise the <meta charset> or
// <meta http-equiv="Content-Type"> declaration is looked for in the whole
// head, not only in the first 1024 bytes that x/net/html/charset prescans
// (Word-saved HTML puts tens of kilobytes of style before it), and a
// declaration of UTF-8 on bytes that are not UTF-8 is ignored; the fallback
// is windows-1252, which is what such pages almost always are.
//
// # Structure
//
// Table rows become one line each with Cells set, unless the row is page
// layout rather than data: a row is read as layout, cell by cell and block by
// block, when one of its cells holds a nested table, a heading, or more than
// four paragraphs. So a modern.gov item with long minutes is read as a number
// line followed by its paragraphs, while a short item row ("3.\tMinutes ...")
// or a Word table of figures keeps its columns. Meeting items do not depend
// on this: they are read from the item table's own structure.
//
// # Robustness
//
// Read never panics. Files that are not text (NUL bytes or many control
// characters) give ErrNotHTML. golang.org/x/net/html refuses documents nested
// more than 512 elements deep; for those Read falls back to a flat tokenizer
// pass that still returns the text as lines, without table cells or a meeting.
package htmltext
