// Package layout is a document's pages as ingest's parsers read them:
// lines in reading order with the typographic hints (size, weight,
// position, table cells, list labels) that the document model is built
// from. Only ingest sees them; what leaves ingest is the pages' text
// (layout.Page) and the items.
package layout

import (
	"math"
	"strings"
)

// Page is one physical page of a document, its lines in reading order.
// HTML documents have a single page.
type Page struct {
	Number  int    `json:"number"`            // physical page, 1-based
	Printed string `json:"printed,omitempty"` // the page number printed on the page, if any
	Lines   []Line `json:"lines"`
}

// Line is one line of text in reading order, with the typographic hints the
// structuring rules need. Running headers and footers are not lines.
type Line struct {
	Text string `json:"text"` // words separated by single spaces; cells by a tab
	// Cells holds a table row's cells when the layout saw separate columns;
	// Text is then the cells joined by tabs.
	Cells  []string `json:"cells,omitempty"`
	Size   float64  `json:"size,omitempty"`   // dominant font size in points (PDF)
	Bold   bool     `json:"bold,omitempty"`   // most of the line is set bold
	Italic bool     `json:"italic,omitempty"` // most of the line is set italic
	X      float64  `json:"x,omitempty"`      // left edge, points from the page's left
	Y      float64  `json:"y,omitempty"`      // baseline, points from the page's top
	Level  int      `json:"level,omitempty"`  // HTML heading level 1-6; 0 for body text
	Block  int      `json:"block"`            // lines of one paragraph or table cell share a block number
	X1     float64  `json:"x1,omitempty"`     // right edge, points from the page's left (PDF)
	// YEnd is the baseline of the last visual line of a unit the layout
	// reads as one line (a table row whose cells wrap); 0 when it is one line.
	YEnd float64 `json:"y_end,omitempty"`
	// Marker is the label an HTML list gives its item ("13." for the
	// first <li> of <ol start=13>, "(b)", "•"); the text does not hold it.
	Marker string `json:"marker,omitempty"`
	// ListDepth is how many lists an HTML line sits in (1 for a top-level
	// <li>, 0 outside lists).
	ListDepth int `json:"list_depth,omitempty"`
	// Table numbers the HTML table a row belongs to (rows of one table
	// share it; 0 outside tables); Header marks its header rows.
	Table  int  `json:"table,omitempty"`
	Header bool `json:"header,omitempty"`
	// WordX is where each white-space separated word of Text starts,
	// points from the page's left (PDF lines that are not table rows):
	// what finds a table's columns when its gutter is too narrow for the
	// layout to see.
	WordX []float64 `json:"word_x,omitempty"`
	// CellX is where each of Cells starts (PDF table rows).
	CellX []float64 `json:"cell_x,omitempty"`
}

// Text returns the page's lines joined by newlines.
func (p Page) Text() string {
	var b strings.Builder
	for i, l := range p.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Text)
	}
	return b.String()
}

// BodySize is the font size most of the pages' text is set in (to the
// half point), weighted by characters; 0 when no line has a size (HTML).
// Structuring rules judge headings against it, so a rule holds for a
// 10-point Word report and a 12-point browser render alike.
func BodySize(pages []Page) float64 {
	weight := map[float64]int{}
	for _, p := range pages {
		for _, l := range p.Lines {
			if l.Size > 0 {
				weight[math.Round(l.Size*2)/2] += len(l.Text)
			}
		}
	}
	best, bestWeight := 0.0, 0
	for size, w := range weight {
		if w > bestWeight || (w == bestWeight && size < best) {
			best, bestWeight = size, w
		}
	}
	return best
}
