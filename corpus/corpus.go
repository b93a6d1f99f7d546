package corpus

import (
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
	NeedsOCR    bool      `json:"needs_ocr,omitempty"` // some pages could not be read: see NeedsOCRPages
	IngestedAt  time.Time `json:"ingested_at"`
	// CopyOf is the ID of the document this one is a copy of: the index
	// found their text near-identical (the same pack in another render).
	// Ingest leaves it empty; the index sets it.
	CopyOf string `json:"copy_of,omitempty"`
	// NeedsOCRPages lists the pages (1-based) with no usable text layer
	// that OCR did not read (it was off, is not installed or failed on
	// them) when the document has others that were read; NeedsOCR is set
	// whenever there is such a page. OCRPages counts the pages OCR read.
	NeedsOCRPages []int `json:"needs_ocr_pages,omitempty"`
	OCRPages      int   `json:"ocr_pages,omitempty"`
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
	// OCR marks an item read (wholly or partly) from pages OCR read from
	// their images, and OCRConfidence is the OCR's mean confidence in the
	// words of those pages (0-100): its text may hold misread words.
	OCR           bool    `json:"ocr,omitempty"`
	OCRConfidence float64 `json:"ocr_confidence,omitempty"`
}

// Page is one physical page of a document as text: its lines in reading
// order, joined by newlines (running headers and footers left out). HTML
// documents have a single page. The layout the structuring rules read
// (sizes, positions, cells, list labels) stays inside ingest.
type Page struct {
	Number  int    `json:"number"`            // physical page, 1-based
	Printed string `json:"printed,omitempty"` // the page number printed on the page, if any
	Text    string `json:"text"`
	// OCR marks a page read from its image, with the OCR's mean word
	// confidence (0-100); NeedsOCR a page with no usable text layer that
	// OCR did not read.
	OCR           bool    `json:"ocr,omitempty"`
	OCRConfidence float64 `json:"ocr_confidence,omitempty"`
	NeedsOCR      bool    `json:"needs_ocr,omitempty"`
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
