package ingest

import (
	"regexp"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
)

// maxSectionChars bounds how much text one section item carries before it is
// continued in a new item at the next page break. A hit's citation names the
// page its item starts on, so an item spanning twenty pages of one long table
// would send the reader to the wrong place; splitting at page breaks keeps
// every citation within a page of the words it cites.
const maxSectionChars = 4000

var (
	// "12.", "4.1", "23/19", "2724." — a minute or item number on a line of its own.
	bareNumber = regexp.MustCompile(`^(?:\(?[0-9]{1,4}(?:[./][0-9]{1,3})*[.)]?|[A-Z][.)])$`)
	// "1. WELCOME AND APOLOGIES": a numbered heading in capitals.
	numberedCapsHeading = regexp.MustCompile(`^[0-9]{1,4}(?:[./][0-9]{1,3})*\.?\s+[^a-z]{3,}$`)
)

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// mostlyCapitals reports whether the letters of s are (nearly) all upper case.
func mostlyCapitals(s string) bool {
	upper, lower := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper >= 4 && lower*10 <= upper
}

// isHeading decides whether a line opens a new section. It looks only at
// typography and shape — size against the body text, weight, capitals, a
// leading number — never at what the words say.
func isHeading(l corpus.Line, prev *corpus.Line, body float64) bool {
	if l.Level > 0 {
		return true
	}
	text := strings.TrimSpace(l.Text)
	words := textscan.Words(text) // len(strings.Fields(text)) without building them
	if words == 0 || words > 20 || len(l.Cells) > 1 || !hasLetter(text) {
		return false
	}
	sentence := strings.HasSuffix(text, ".") && words > 6
	continuesBlock := prev != nil && prev.Block == l.Block && !isHeadingStyle(*prev, body)
	if continuesBlock || sentence {
		return false
	}
	switch {
	case body > 0 && l.Size >= body*1.15:
		return true
	case l.Bold:
		return true
	case numberedCapsHeading.MatchString(text) && mostlyCapitals(text):
		return true
	case mostlyCapitals(text) && words <= 10 && !strings.HasSuffix(text, "."):
		return true
	}
	return false
}

// isHeadingStyle is the typographic half of isHeading, used to tell whether
// the previous line of a block was itself part of a heading.
func isHeadingStyle(l corpus.Line, body float64) bool {
	return l.Level > 0 || l.Bold || (body > 0 && l.Size >= body*1.15)
}

// sectionBuilder accumulates lines into section items.
type sectionBuilder struct {
	items     []corpus.Item
	cur       *corpus.Item
	text      strings.Builder
	lastBlock int
	lastPage  int
	hasText   bool
	// headingBlock is the block of the current section's heading, so that a
	// heading wrapped over two lines stays one title.
	headingBlock int
	headingPage  int
}

func (b *sectionBuilder) flush() {
	if b.cur == nil {
		return
	}
	b.cur.Text = strings.TrimSpace(b.text.String())
	if b.cur.Title != "" || b.cur.Text != "" {
		if b.cur.PageEnd == b.cur.Page {
			b.cur.PageEnd = 0
		}
		b.items = append(b.items, *b.cur)
	}
	b.cur = nil
	b.text.Reset()
	b.hasText = false
}

func (b *sectionBuilder) open(title string, page corpus.Page, block int) {
	b.flush()
	b.cur = &corpus.Item{
		Kind:        corpus.KindSection,
		Title:       title,
		Page:        page.Number,
		PageEnd:     page.Number,
		PrintedPage: page.Printed,
	}
	b.headingBlock, b.headingPage = block, page.Number
	b.lastBlock, b.lastPage = -1, page.Number
}

func (b *sectionBuilder) addText(l corpus.Line, page corpus.Page) {
	if b.cur == nil {
		b.open("", page, -1)
	}
	if page.Number != b.lastPage && b.text.Len() > maxSectionChars {
		title := b.cur.Title
		b.open(title, page, -1)
	}
	text := strings.TrimSpace(l.Text)
	switch {
	case b.text.Len() == 0:
	case l.Block == b.lastBlock && page.Number == b.lastPage:
		if s := b.text.String(); strings.HasSuffix(s, "-") && !strings.HasSuffix(s, " -") {
			// A word broken across lines: keep the hyphen, drop the space.
		} else {
			b.text.WriteByte(' ')
		}
	default:
		b.text.WriteByte('\n')
	}
	b.text.WriteString(text)
	b.lastBlock, b.lastPage = l.Block, page.Number
	b.cur.PageEnd = page.Number
	b.hasText = true
}

// Sections splits a document's lines into section items: each heading and
// the text under it. Text before the first heading becomes a section titled
// by its first line.
func Sections(pages []corpus.Page) []corpus.Item {
	body := corpus.BodySize(pages)
	var b sectionBuilder
	for _, page := range pages {
		var prev *corpus.Line
		for i := range page.Lines {
			l := page.Lines[i]
			text := strings.TrimSpace(l.Text)
			if text == "" {
				continue
			}
			if isHeading(l, prev, body) || (bareNumber.MatchString(text) && isHeadingStyle(l, body)) {
				switch {
				case b.cur != nil && !b.hasText && (b.headingBlock == l.Block && b.headingPage == page.Number ||
					bareNumber.MatchString(b.cur.Title) || startsLower(text)):
					// A heading wrapped over lines, or a number set apart from its title.
					b.cur.Title = strings.TrimSpace(b.cur.Title + " " + text)
					b.headingBlock = l.Block
				default:
					b.open(text, page, l.Block)
				}
			} else {
				if b.cur == nil {
					b.open(text, page, l.Block)
					prev = &page.Lines[i]
					continue
				}
				b.addText(l, page)
			}
			prev = &page.Lines[i]
		}
	}
	b.flush()
	return b.items
}
