package ingest

import (
	"panelpapers/corpus"
	"panelpapers/ingest/funding"
	"panelpapers/ingest/minutes"
	"panelpapers/ingest/recommend"
)

// typedItems runs the structuring rules over a document's pages: agenda
// items, minutes and what they record, reports and recommendations, and
// funding lines. Each rule set lives in its own package and sees only
// pages, so each can be tested alone; they share no state.
//
// A page whose publisher already structured it (a modern.gov meeting page)
// has its agenda and minutes from that structure, so only the rules that
// the structure does not cover run over it.
func typedItems(p *corpus.Parsed, structured bool) []corpus.Item {
	var items []corpus.Item
	if !structured {
		items = append(items, minutes.Extract(p.Pages, p.Document.MeetingDate)...)
	}
	items = append(items, recommend.Extract(p.Pages)...)
	items = append(items, funding.Extract(p.Pages)...)
	return items
}
