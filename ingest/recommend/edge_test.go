package recommend

import (
	"strings"
	"testing"

	"panelpapers/corpus"
)

// page builds a page from lines; "#" marks a bold heading, "|" separates cells.
func page(n int, texts ...string) corpus.Page {
	p := corpus.Page{Number: n}
	y := 80.0
	for i, t := range texts {
		l := corpus.Line{Size: 11, X: 72, Y: y, Block: i + 1}
		if strings.HasPrefix(t, "#") {
			t = strings.TrimPrefix(t, "#")
			l.Bold, l.Size = true, 14
		}
		if strings.Contains(t, "|") {
			l.Cells = strings.Split(t, "|")
			t = strings.Join(l.Cells, "\t")
		}
		l.Text = t
		p.Lines = append(p.Lines, l)
		y += 16
	}
	return p
}

func recs(items []corpus.Item) []corpus.Item { return ofKind(items, corpus.KindRecommendation) }

func TestRecommendationsSectionLists(t *testing.T) {
	pages := []corpus.Page{page(1,
		"#Report of the Director of Housing",
		"Housing Allocations Policy Review",
		"Some background text about the policy which runs for a while and ends here.",
		"#RECOMMENDATIONS",
		"The Cabinet is asked to:",
		"1. approve the revised allocations policy set out in Appendix A;",
		"2. delegate authority to the Director to make minor changes:",
		"(a) after consulting the Cabinet Member;",
		"(b) subject to the budget being available.",
		"#Background",
		"The policy was last reviewed in 2015.",
	)}
	got := recs(Extract(pages))
	want := []struct{ num, text string }{{"1.", "approve the revised allocations policy"}, {"2.", "delegate authority to the Director"}, {"a", "after consulting the Cabinet Member"}, {"b", "subject to the budget being available"}}
	if len(got) != len(want) {
		t.Fatalf("got %d items %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].Number != w.num || !strings.Contains(got[i].Text, w.text) || got[i].Source != srcReport || got[i].Topic != "RECOMMENDATIONS" || got[i].Page != 1 {
			t.Errorf("item %d = %+v; want number %q containing %q", i, got[i], w.num, w.text)
		}
	}
}

func TestInlineParts(t *testing.T) {
	pages := []corpus.Page{page(3,
		"#Annual Treasury Report",
		"It is recommended that the Committee: (i) notes the treasury outturn for the year; (ii) approves the prudential indicators for next year.",
	)}
	got := recs(Extract(pages))
	if len(got) != 2 {
		t.Fatalf("got %+v, want two parts", got)
	}
	if got[0].Number != "i" || !strings.Contains(got[0].Text, "notes the treasury outturn") || got[1].Number != "ii" || !strings.Contains(got[1].Text, "approves the prudential indicators") {
		t.Errorf("parts = %+v", got)
	}
	for _, it := range got {
		if it.Source != srcReport || it.Page != 3 || it.Topic != "Annual Treasury Report" {
			t.Errorf("part %+v: want source %s, page 3, topic of its heading", it, srcReport)
		}
	}
}

func TestAskedToNote(t *testing.T) {
	pages := []corpus.Page{page(1, "#Quarterly Performance", "Performance was on target in the quarter.", "The Panel is asked to note the report.")}
	got := recs(Extract(pages))
	if len(got) != 1 || got[0].Text != "The Panel is asked to note the report." || got[0].Source != srcReport {
		t.Errorf("got %+v", got)
	}
}

func TestTrackerHeaderRepeated(t *testing.T) {
	hdr := "Ref|Recommendation|Response|Status"
	pages := []corpus.Page{
		page(1, "#Scrutiny Recommendations Tracker", hdr,
			"R1|That the council publishes its parking data quarterly.|Data now published each quarter on the website.|Complete",
			"R2|That a review of street lighting be carried out.|Review under way, due in March.|Ongoing"),
		page(2, hdr,
			"R3|That the cabinet reports back on bus subsidies.|Not yet scheduled.|Overdue"),
	}
	got := recs(Extract(pages))
	if len(got) != 3 {
		t.Fatalf("got %d items %+v, want 3 (header rows are not items)", len(got), got)
	}
	want := []struct {
		num, text, resp, status string
		page                    int
	}{
		{"R1", "publishes its parking data", "Data now published", "complete", 1},
		{"R2", "street lighting", "Review under way", "ongoing", 1},
		{"R3", "bus subsidies", "Not yet scheduled", "overdue", 2},
	}
	for i, w := range want {
		it := got[i]
		if it.Number != w.num || !strings.Contains(it.Text, w.text) || !strings.Contains(it.Response, w.resp) || it.Status != w.status || it.Page != w.page || it.Source != srcTable {
			t.Errorf("row %d = %+v; want %+v", i, it, w)
		}
		if strings.Contains(it.Text, "Recommendation") {
			t.Errorf("header text leaked into %q", it.Text)
		}
	}
}

// at builds a loose text-layer line: x, y in points, body size 9.5.
func at(x, y float64, bold bool, text string) corpus.Line {
	return corpus.Line{Text: text, X: x, Y: y, Size: 9.5, Bold: bold}
}

// A tracker whose text layer came apart into lines (no cells): rows are
// found from the columns' x and the rows' shared tops; a topic lead-in is
// split from its recommendation however the recommendation starts; numbered
// parts share the row's whole response, across a page break; a response
// cell set higher than its short recommendation still goes with its row.
func TestLooseTracker(t *testing.T) {
	p1 := corpus.Page{Number: 1, Lines: []corpus.Line{
		{Text: "Recommendation\tResponse", Cells: []string{"Recommendation", "Response"}, X: 66, Y: 80, Size: 9.5, Bold: true},
		at(66, 120, false, "Parking That the council publishes its"),
		at(250, 120, false, "Data now published each quarter."),
		at(66, 132, false, "parking data quarterly."),
		at(66, 170, false, "Street Lighting To liaise with the county"),
		at(250, 170, false, "Review under way, due in March."),
		at(66, 182, false, "on a review of street lighting."),
		at(66, 220, false, "Buses 1. That the cabinet reports back"),
		at(250, 220, false, "Not yet scheduled."),
		at(86, 232, false, "on bus subsidies."),
		at(86, 244, false, "2. That fares be reviewed annually."),
	}}
	p2 := corpus.Page{Number: 2, Lines: []corpus.Line{
		at(250, 80, false, "Fares review due in May."),
		at(250, 118, false, "Refer to the housing report."),
		at(66, 128, true, "Housing"),
		at(86, 142, false, "That the allocations policy be published."),
	}}
	for pi, p := range []*corpus.Page{&p1, &p2} {
		for i := range p.Lines {
			p.Lines[i].Block = 100*pi + i + 1
		}
	}
	got := recs(Extract([]corpus.Page{p1, p2}))
	want := []struct {
		topic, text, resp string
		page              int
	}{
		{"Parking", "That the council publishes its parking data quarterly.", "Data now published", 1},
		{"Street Lighting", "To liaise with the county on a review of street lighting.", "Review under way", 1},
		{"Buses", "That the cabinet reports back on bus subsidies.", "Fares review due in May", 1},
		{"Buses", "That fares be reviewed annually.", "Not yet scheduled", 1},
		{"Housing", "That the allocations policy be published.", "Refer to the housing report", 2},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		it := got[i]
		if it.Topic != w.topic || it.Text != w.text || !strings.Contains(it.Response, w.resp) || it.Page != w.page || it.Source != srcTable {
			t.Errorf("item %d = topic %q text %q resp %q page %d; want %+v", i, it.Topic, it.Text, it.Response, it.Page, w)
		}
	}
}
