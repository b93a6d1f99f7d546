package model

import (
	"strings"
)

// Kind is what a block is.
type Kind uint8

const (
	Paragraph Kind = iota
	Heading
	ListItem
	Table
)

var kindNames = [...]string{"paragraph", "heading", "list", "table"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Box is where a block sits on its first page, in points from the page's
// top-left corner. Blocks read from HTML have no box: Doc.HasBoxes says so,
// and a zero Box then means unknown, not the page's corner.
type Box struct {
	X0, Top, X1, Bottom float64
}

// Style is the typography a block is set in (PDF), or the emphasis its
// markup gives it (HTML).
type Style struct {
	Size   float64 // dominant font size in points; 0 for HTML
	Bold   bool    // most of the block is bold
	Italic bool
	Caps   bool // its letters are (nearly) all capitals
}

// Line is one line of a block as laid out: the rules that read a block line
// by line (an attendance list, a signature, an agenda's times) see it here.
type Line struct {
	Text string
	Page int
	X, Y float64 // PDF only
	Bold bool
	Size float64
	Side []string // texts set level with it in a right-hand column
}

// Block is one paragraph, heading, list item or table.
type Block struct {
	Kind Kind
	// Text is the block's words: its lines joined by single spaces (a word
	// broken by a hyphen at a line's end is rejoined). A list item's Text
	// does not include its label; a table's is its rows joined by newlines,
	// cells by tabs.
	Text    string
	Lines   []Line
	Page    int    // physical page it starts on, 1-based
	PageEnd int    // physical page it ends on
	Printed string // the printed page number of Page, if any
	Box     Box
	Style   Style
	// Level ranks a heading among the document's headings: 1 is the most
	// prominent. For a list item it is its nesting depth, 0 outermost.
	Level int
	// Marker is a list item's label, or a numbered heading's number.
	Marker Marker
	// Lead is a clock time printed before the label ("11.10am 6. Report"),
	// as agendas set their running times.
	Lead string
	// Parent is the index of the block that governs this one: a list
	// item's enclosing item, else the nearest heading above it of a higher
	// level; -1 at the top.
	Parent int
	// Cells holds a list item's cells when it came from a table row whose
	// first cell was its label ("3. | Budget report | Pages 5 - 12"): the
	// cells after the label. A cell keeps its own line breaks ("\n").
	Cells []string
	// Side holds short texts set beside the block in a right-hand column:
	// an action's owner ("Clerk", "Noted"), a payment's amount.
	Side  []string
	Table *TableData
	Hint  Hint // what the publisher's own markup says the block is
}

// Hint is structure a publisher's markup states outright (modern.gov meeting
// pages); rules treat it as stronger evidence than typography.
type Hint uint8

const (
	NoHint            Hint = iota
	HintAgendaItem         // a numbered agenda item heading
	HintMinutes            // the text of an item's "Minutes:" block
	HintDecision           // the text of an item's "Decision:" or resolved block
	HintAttendance         // a meeting page's attendance list
	HintMeetingDetail      // venue, date, contact of a meeting page
)

// TableData is a table's rows and what its columns hold.
type TableData struct {
	Rows    []Row
	Columns []Column
	// Caption is the nearest heading or short paragraph just above the
	// table, which often names its fund or its unit.
	Caption string
}

// Row is one table row. A cell keeps its own line breaks ("\n").
type Row struct {
	Cells  []string
	Page   int
	Header bool
	Bold   bool
}

// Column says what one column of a table holds.
type Column struct {
	Header string     // the header rows' text for the column, joined
	Role   ColumnRole // what most of its cells are
	// Scale is the unit its money is given in: 1 for pounds, 1000 for
	// "£000" or "£k", 1e6 for "£m". 0 when the column is not money.
	Scale float64
}

// ColumnRole is what a column's cells hold.
type ColumnRole uint8

const (
	TextColumn   ColumnRole = iota
	NumberColumn            // list labels: "1", "2.", "A1"
	MoneyColumn             // amounts
	TimeColumn              // "10:00", "10.30am"
	DateColumn              // dates
	YearColumn              // a column whose header is a year or period ("2026-27")
)

// Doc is a paper as blocks in reading order, with its outline.
type Doc struct {
	Blocks []Block
	// Pages are the physical pages (1-based number and printed number).
	Pages    []PageInfo
	HasBoxes bool // blocks came from a PDF and carry boxes
	BodySize float64
	// Papers are the papers of the file in order: a pack's front sheet,
	// minutes and reports; a single report is one paper.
	Papers []Paper
}

// PageInfo is one physical page.
type PageInfo struct {
	Number  int
	Printed string
}

// End returns one past the last block that heading h governs: the next
// heading of the same or a higher level (a lower Level number). For a list
// item it is one past its last nested item or continuation; for any other
// block it is h+1.
func (d *Doc) End(h int) int {
	b := d.Blocks[h]
	switch b.Kind {
	case Heading:
		for j := h + 1; j < len(d.Blocks); j++ {
			if o := d.Blocks[j]; o.Kind == Heading && o.Level <= b.Level {
				return j
			}
		}
		return len(d.Blocks)
	case ListItem:
		j := h + 1
		for j < len(d.Blocks) && d.governs(h, j) {
			j++
		}
		return j
	}
	return h + 1
}

// governs reports whether block a is an ancestor of block j.
func (d *Doc) governs(a, j int) bool {
	for p := d.Blocks[j].Parent; p >= 0; p = d.Blocks[p].Parent {
		if p == a {
			return true
		}
		if p < a {
			return false
		}
	}
	return false
}

// Heading returns the index of the heading that governs block i, or -1.
func (d *Doc) Heading(i int) int {
	for p := d.Blocks[i].Parent; p >= 0; p = d.Blocks[p].Parent {
		if d.Blocks[p].Kind == Heading {
			return p
		}
	}
	return -1
}

// Children returns the list items directly under block i (its parts).
func (d *Doc) Children(i int) []int {
	var out []int
	end := d.End(i)
	for j := i + 1; j < end; j++ {
		if d.Blocks[j].Parent == i && d.Blocks[j].Kind == ListItem {
			out = append(out, j)
		}
	}
	return out
}

// TextOf returns the text of blocks [from, to) joined by newlines, list
// items with their labels.
func (d *Doc) TextOf(from, to int) string {
	var b strings.Builder
	for i := from; i < to && i < len(d.Blocks); i++ {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Blocks[i].Full())
	}
	return b.String()
}

// Full returns the block's text with its label, as printed.
func (b *Block) Full() string {
	if b.Marker.Valid() && b.Marker.Style != Bullet {
		if b.Text == "" {
			return b.Marker.Label
		}
		return b.Marker.Label + " " + b.Text
	}
	return b.Text
}

// PageOf returns the printed number of physical page n, if the page shows one.
func (d *Doc) PageOf(n int) string {
	if n >= 1 && n <= len(d.Pages) {
		return d.Pages[n-1].Printed
	}
	return ""
}
