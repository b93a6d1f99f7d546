package synth

import (
	"testing"

	"panelpapers/corpus"
)

func seeds() []corpus.Parsed {
	return []corpus.Parsed{{Items: []corpus.Item{
		{Kind: corpus.KindSection, Title: "Budget", Text: "The Panel noted the budget report. The precept rose by two per cent. Members asked about reserves."},
		{Kind: corpus.KindFunding, Text: "£73,547 was awarded to Oxfordshire CSP for youth diversion work.", Amount: 73547,
			Recipient: "Oxfordshire CSP", Fund: "Community Safety Fund"},
		{Kind: corpus.KindMinute, Number: "23/19", Title: "Minutes", Text: "The minutes of the meeting held on 7 September were agreed as a correct record."},
	}}}
}

func TestPacksAreDeterministicAndVaried(t *testing.T) {
	g, err := New(seeds(), 7)
	if err != nil {
		t.Fatal(err)
	}
	a, b := g.Pack(1, 40), g.Pack(1, 40)
	if a.Document.ID != b.Document.ID || a.Items[5].Text != b.Items[5].Text {
		t.Errorf("the same pack number gave different packs")
	}
	c := g.Pack(2, 40)
	if c.Document.ID == a.Document.ID {
		t.Errorf("two pack numbers share an ID")
	}
	ids := map[string]bool{}
	for _, p := range []corpus.Parsed{a, c} {
		if len(p.Items) != 40 || p.Document.Body == "" || p.Document.MeetingDate == "" {
			t.Fatalf("pack %s: %d items, body %q, date %q", p.Document.ID, len(p.Items), p.Document.Body, p.Document.MeetingDate)
		}
		for _, it := range p.Items {
			if ids[it.ID] {
				t.Errorf("item ID %s repeated", it.ID)
			}
			ids[it.ID] = true
			if it.DocID != p.Document.ID || it.Body != p.Document.Body || it.Page < 1 {
				t.Errorf("item %s: doc %s body %q page %d", it.ID, it.DocID, it.Body, it.Page)
			}
			if it.Kind == corpus.KindFunding && (it.Amount <= 0 || it.Period == "" || it.Currency != "GBP") {
				t.Errorf("funding %s: amount %v period %q", it.ID, it.Amount, it.Period)
			}
		}
	}
}

func TestNeedsText(t *testing.T) {
	if _, err := New(nil, 1); err == nil {
		t.Error("no seeds: want an error")
	}
}
