package ingest

import (
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/model"
)

// maxSectionChars bounds how much text one section item carries before it is
// continued in a new item at the next page break. A hit's citation names the
// page its item starts on, so an item spanning twenty pages of one long table
// would send the reader to the wrong place; splitting at page breaks keeps
// every citation within a page of the words it cites.
const maxSectionChars = 4000

// Sections splits a document into section items, from the model's outline:
// each heading and the blocks under it up to the next heading, so that no
// text of the document is unsearchable. One passage is one item: in an
// agenda, a set of minutes or a questions paper the agenda items, minutes
// and questions carry the text, and only the paper's opening (its
// masthead, summons or attendance) is a section.
func Sections(d *model.Doc) []corpus.Item {
	var b sectionBuilder
	b.d = d
	papers := d.Papers
	if len(papers) == 0 {
		papers = []model.Paper{{Kind: model.OtherPaper, Start: 0, End: len(d.Blocks), Head: -1}}
	}
	for _, p := range papers {
		end := p.End
		switch p.Kind {
		case model.AgendaPaper, model.MinutesPaper, model.QuestionsPaper:
			end = openingEnd(d, p)
		}
		for i := p.Start; i < end; i++ {
			blk := &d.Blocks[i]
			if blk.Kind == model.Heading {
				b.open(i)
				continue
			}
			b.add(i)
		}
		b.flush()
	}
	return b.items
}

// openingEnd is where an agenda's, minutes' or questions paper's items
// begin: its first numbered block, or table of numbered rows, after the
// masthead.
func openingEnd(d *model.Doc, p model.Paper) int {
	for i := p.Start + 1; i < p.End; i++ {
		b := &d.Blocks[i]
		if b.Marker.Valid() && b.Marker.Style != model.Bullet {
			return i
		}
		if b.Kind == model.Table && b.Table != nil && len(b.Table.Columns) > 0 && b.Table.Columns[0].Role == model.NumberColumn {
			return i
		}
	}
	return p.End
}

type sectionBuilder struct {
	d     *model.Doc
	items []corpus.Item
	cur   *corpus.Item
	text  strings.Builder
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
}

// open starts a section at heading h.
func (b *sectionBuilder) open(h int) {
	b.flush()
	blk := &b.d.Blocks[h]
	b.cur = &corpus.Item{
		Kind:        corpus.KindSection,
		Title:       strings.TrimSpace(blk.Full()),
		Page:        blk.Page,
		PageEnd:     max(blk.PageEnd, blk.Page),
		PrintedPage: blk.Printed,
	}
}

// add puts block i's text in the current section: a new one titled by its
// first line when no heading came before, a continuation when the section
// has grown long and the block starts a new page.
func (b *sectionBuilder) add(i int) {
	blk := &b.d.Blocks[i]
	text := strings.TrimSpace(blk.Full())
	if text == "" {
		return
	}
	switch {
	case b.cur == nil:
		first := text
		if len(blk.Lines) > 0 {
			first = strings.TrimSpace(blk.Lines[0].Text)
		}
		b.cur = &corpus.Item{Kind: corpus.KindSection, Title: first, Page: blk.Page, PageEnd: blk.Page, PrintedPage: blk.Printed}
	case blk.Page != b.cur.PageEnd && b.text.Len() > maxSectionChars:
		title := b.cur.Title
		b.flush()
		b.cur = &corpus.Item{Kind: corpus.KindSection, Title: title, Page: blk.Page, PageEnd: blk.Page, PrintedPage: blk.Printed}
	}
	if b.text.Len() > 0 {
		b.text.WriteByte('\n')
	}
	b.text.WriteString(text)
	b.cur.PageEnd = max(b.cur.PageEnd, blk.PageEnd, blk.Page)
}
