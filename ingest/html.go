package ingest

import (
	"errors"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/htmltext"
)

func parseHTML(data []byte) (*corpus.Parsed, error) {
	res, err := htmltext.Read(data)
	if err != nil {
		return nil, err
	}
	if len(res.Lines) == 0 {
		return nil, errors.New("html: no text found")
	}
	p := &corpus.Parsed{
		Document: corpus.Document{Format: corpus.FormatHTML, Title: res.Title, Pages: 1},
		Pages:    []corpus.Page{{Number: 1, Lines: res.Lines}},
	}
	if m := res.Meeting; m != nil {
		p.Document.Body = m.Body
		if !m.Date.IsZero() {
			p.Document.MeetingDate = m.Date.Format("2006-01-02")
		}
	}
	return p, nil
}

// meetingItems turns a modern.gov meeting page into items. The page has
// already been structured by its publisher, so its items are taken as they
// are rather than guessed from typography: an item with a Minutes block is a
// minute (with one decision per resolved part), one without is an agenda
// item. The meeting's own details (venue, contact) are a section, so that
// nothing on the page is unsearchable.
func meetingItems(m *htmltext.Meeting) []corpus.Item {
	var date string
	if !m.Date.IsZero() {
		date = m.Date.Format("2006-01-02")
	}
	var items []corpus.Item
	var details []string
	for _, d := range []struct{ label, value string }{{"Venue", m.Venue}, {"Contact", m.Contact}, {"Time", m.Time}} {
		if d.value != "" {
			details = append(details, d.label+": "+d.value)
		}
	}
	if len(details) > 0 {
		items = append(items, corpus.Item{Kind: corpus.KindSection, Title: "Meeting details", Text: strings.Join(details, "\n"), Page: 1})
	}
	for _, mi := range m.Items {
		number := strings.TrimSpace(mi.Number)
		if mi.Minutes == "" && len(mi.Decisions) == 0 {
			items = append(items, corpus.Item{
				Kind: corpus.KindAgendaItem, Number: number, Title: mi.Title, Text: mi.Text,
				Time: mi.Time, Pages: mi.Pages, Page: 1,
			})
			continue
		}
		text := mi.Minutes
		if text == "" {
			text = mi.Text
		}
		if text != "" {
			items = append(items, corpus.Item{
				Kind: corpus.KindMinute, Number: number, Title: mi.Title, Text: text, Date: date, Page: 1,
			})
		}
		for _, d := range mi.Decisions {
			items = append(items, corpus.Item{
				Kind: corpus.KindDecision, Number: number, Title: mi.Title, Text: d, Date: date, Page: 1,
			})
		}
	}
	return items
}
