package corpus

import (
	"math"
	"strings"
	"time"
)

// Kind says what an item is. The set grows as ingest learns to recognise
// more of a paper's structure; unknown text stays a section.
type Kind string

const (
	KindSection        Kind = "section"
	KindAgendaItem     Kind = "agenda_item"
	KindMinute         Kind = "minute"
	KindAttendee       Kind = "attendee"
	KindDeclaration    Kind = "declaration"
	KindReport         Kind = "report"
	KindRecommendation Kind = "recommendation"
	KindDecision       Kind = "decision"
	KindFunding        Kind = "funding"
	KindQuestion       Kind = "question"
)

// Kinds lists every kind, in the order a reader meets them in a pack.
var Kinds = []Kind{
	KindAgendaItem, KindMinute, KindAttendee, KindDeclaration, KindReport,
	KindRecommendation, KindDecision, KindFunding, KindQuestion, KindSection,
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, known := range Kinds {
		if k == known {
			return true
		}
	}
	return false
}

// Format is the file format a document was read from.
type Format string

const (
	FormatPDF  Format = "pdf"
	FormatHTML Format = "html"
)

// Document is one ingested file. Its ID is the SHA-256 of the file's bytes,
// so two copies of one file are one document wherever they live.
type Document struct {
	ID          string    `json:"id"`
	Path        string    `json:"path"`
	Format      Format    `json:"format"`
	Title       string    `json:"title,omitempty"`
	Body        string    `json:"body,omitempty"`         // the committee or panel
	MeetingDate string    `json:"meeting_date,omitempty"` // YYYY-MM-DD
	Pages       int       `json:"pages"`
	Producer    string    `json:"producer,omitempty"`
	NeedsOCR    bool      `json:"needs_ocr,omitempty"`
	IngestedAt  time.Time `json:"ingested_at"`
	// CopyOf is the ID of the document this one is a copy of: the index
	// found their text near-identical (the same pack in another render).
	// Ingest leaves it empty; the index sets it.
	CopyOf string `json:"copy_of,omitempty"`
}

// Item is one searchable piece of a document: a section, an agenda item, a
// funding line... Fields that do not apply to a kind stay empty and are
// omitted from JSON.
type Item struct {
	ID          string  `json:"id"`
	DocID       string  `json:"doc_id"`
	Kind        Kind    `json:"kind"`
	Number      string  `json:"number,omitempty"`
	Title       string  `json:"title,omitempty"`
	Text        string  `json:"text,omitempty"`
	Page        int     `json:"page,omitempty"`     // physical page, 1-based
	PageEnd     int     `json:"page_end,omitempty"` // last physical page, when the item spans pages
	PrintedPage string  `json:"printed_page,omitempty"`
	Date        string  `json:"date,omitempty"` // YYYY-MM-DD
	Body        string  `json:"body,omitempty"`
	MeetingDate string  `json:"meeting_date,omitempty"`
	Author      string  `json:"author,omitempty"`
	Time        string  `json:"time,omitempty"`  // 24h HH:MM
	Pages       string  `json:"pages,omitempty"` // a page range as printed, e.g. "17-24"
	Amount      float64 `json:"amount,omitempty"`
	Currency    string  `json:"currency,omitempty"`
	Recipient   string  `json:"recipient,omitempty"`
	// Funder is who gave the money (a council, a fund's holder, a
	// government department), when the paper says.
	Funder string `json:"funder,omitempty"`
	// Approximate marks an amount the paper gives as approximate ("just
	// under £100,000", "around £1m", "circa £9.6m").
	Approximate bool   `json:"approximate,omitempty"`
	Fund        string `json:"fund,omitempty"`
	Period      string `json:"period,omitempty"`
	Purpose     string `json:"purpose,omitempty"`
	Topic       string `json:"topic,omitempty"`
	Response    string `json:"response,omitempty"`
	Status      string `json:"status,omitempty"`
	Person      string `json:"person,omitempty"`
	Role        string `json:"role,omitempty"`
	Interest    string `json:"interest,omitempty"`
	Source      string `json:"source,omitempty"`
}

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

// Parsed is everything ingest learns from one file.
type Parsed struct {
	Document Document
	Pages    []Page
	Items    []Item
	// Warnings are problems that cost part of the document (a page that
	// could not be read) but not all of it.
	Warnings []string
}
