package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	"panelpapers/corpus"
)

const (
	tvpcp  = "Thames Valley Police and Crime Panel"
	surrey = "Surrey Police and Crime Panel"
)

// fixtures returns three small papers: two Thames Valley meetings and one Surrey
// meeting, with items of several kinds.
func fixtures() []corpus.Parsed {
	ingested := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	agenda := corpus.Document{
		ID: "a1a1", Path: "corpus/tvpcp-2018-11-16-pack.pdf", Format: corpus.FormatPDF,
		Title: "Agenda pack, 16 November 2018", Body: tvpcp, MeetingDate: "2018-11-16",
		Pages: 42, Producer: "Microsoft Word", IngestedAt: ingested,
	}
	minutes := corpus.Document{
		ID: "b2b2", Path: "corpus/tvpcp-2018-09-07-minutes.html", Format: corpus.FormatHTML,
		Title: "Minutes, 7 September 2018", Body: tvpcp, MeetingDate: "2018-09-07",
		Pages: 1, IngestedAt: ingested,
	}
	surreyDoc := corpus.Document{
		ID: "c3c3", Path: "corpus/surrey-2019-02-04-minutes.html", Format: corpus.FormatHTML,
		Title: "Minutes, 4 February 2019", Body: surrey, MeetingDate: "2019-02-04",
		Pages: 1, IngestedAt: ingested,
	}
	return []corpus.Parsed{
		{Document: agenda, Items: []corpus.Item{
			{ID: "a1a1/1", DocID: "a1a1", Kind: corpus.KindAgendaItem, Number: "5", Page: 3,
				Title: "Report of the PCC on county lines and child exploitation",
				Text:  "To receive a report from the Police and Crime Commissioner on the force's response to county lines drug dealing.",
				Pages: "17-24"},
			{ID: "a1a1/2", DocID: "a1a1", Kind: corpus.KindFunding, Page: 19,
				Title:  "Community Safety Fund allocations 2018/19",
				Text:   "£73,547 from the Community Safety Fund to Oxfordshire County Council for youth diversion work.",
				Amount: 73547, Currency: "GBP", Recipient: "Oxfordshire County Council",
				Fund: "Community Safety Fund", Period: "2018/19", Purpose: "youth diversion"},
			{ID: "a1a1/3", DocID: "a1a1", Kind: corpus.KindQuestion, Page: 30,
				Title: "Public question on rural crime",
				Text:  "Mr Smith asked what the Commissioner is doing about hare coursing and rural crime in South Oxfordshire.",
				Topic: "rural crime", Person: "Mr Smith", Status: "answered",
				Response: "The Commissioner has funded a dedicated rural crime taskforce."},
			{ID: "a1a1/4", DocID: "a1a1", Kind: corpus.KindRecommendation, Page: 24,
				Text: "That the Panel notes the report and the Commissioner's plans for tackling county lines."},
		}},
		{Document: minutes, Items: []corpus.Item{
			{ID: "b2b2/1", DocID: "b2b2", Kind: corpus.KindMinute, Number: "42/18", Page: 1,
				Title: "County lines update",
				Text:  "The Panel RESOLVED to note the report on county lines and to receive a further update in six months."},
			{ID: "b2b2/2", DocID: "b2b2", Kind: corpus.KindAttendee, Page: 1,
				Person: "Councillor Barrie Patman", Role: "Chairman", Text: "Councillor Barrie Patman (Chairman)"},
			{ID: "b2b2/3", DocID: "b2b2", Kind: corpus.KindDecision, Page: 1, Date: "2018-09-10",
				Title: "Complaints sub-committee",
				Text:  "The Panel agreed to appoint three members to the complaints sub-committee."},
		}},
		{Document: surreyDoc, Items: []corpus.Item{
			{ID: "c3c3/1", DocID: "c3c3", Kind: corpus.KindMinute, Number: "12/19", Page: 1,
				Title: "Proposed precept 2019/20",
				Text:  "The Panel RESOLVED to agree the proposed precept of £236.57 for a Band D property and noted the Commissioner's plans on county lines."},
			{ID: "c3c3/2", DocID: "c3c3", Kind: corpus.KindDecision, Page: 1,
				Title: "Budget", Text: "The Panel supported the budget for 2019/20."},
		}},
	}
}

// openFixtures opens a new index in a temporary directory and puts the fixtures.
func openFixtures(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for _, p := range fixtures() {
		out, err := ix.Put(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if out != Added {
			t.Fatalf("put %s: got %q, want %q", p.Document.Path, out, Added)
		}
	}
	return ix
}

// generate returns n documents of itemsPer items each, for benchmarks.
func generate(n, itemsPer int) []corpus.Parsed {
	words := []string{"county lines", "rural crime", "precept", "domestic abuse", "road safety",
		"victims services", "community safety", "hate crime", "knife crime", "youth diversion"}
	var out []corpus.Parsed
	for d := range n {
		date := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, d*7).Format(time.DateOnly)
		doc := corpus.Document{ID: fmt.Sprintf("gen%05d", d), Path: fmt.Sprintf("corpus/gen-%05d.pdf", d),
			Format: corpus.FormatPDF, Title: "Agenda pack " + date, Body: tvpcp, MeetingDate: date, Pages: itemsPer}
		p := corpus.Parsed{Document: doc}
		for i := range itemsPer {
			topic, other := words[(d+i)%len(words)], words[(d*3+i*7)%len(words)]
			p.Items = append(p.Items, corpus.Item{
				ID: fmt.Sprintf("%s/%d", doc.ID, i), DocID: doc.ID, Kind: corpus.Kinds[i%len(corpus.Kinds)],
				Page: i + 1, Title: "Report on " + topic,
				Text: fmt.Sprintf("The Panel RESOLVED to note the report on %s. Members asked about %s and the "+
					"Commissioner's plans for %s in the coming year. £%d,%03d from the Community Safety Fund was "+
					"allocated to partners for work on %s. (Item %d of pack %d.)", topic, other, topic, 10+i%90, (d*i)%1000, other, i, d),
			})
		}
		out = append(out, p)
	}
	return out
}
