package funding

import (
	"strings"
	"testing"

	"panelpapers/ingest/layout"
)

func TestParseAmount(t *testing.T) {
	for _, c := range []struct {
		in     string
		amount float64
		approx bool
		ok     bool
	}{
		{"£73,547", 73547, false, true},
		{"£7.3m", 7.3e6, false, true},
		{"£400K", 400000, false, true},
		{"£250k", 250000, false, true},
		{"£1.2 million", 1.2e6, false, true},
		{"£2,000.00", 2000, false, true},
		{"£1bn", 1e9, false, true},
		{"£4million", 4e6, false, true},
		{"£ 39.1m", 39.1e6, false, true},
		{"£4000", 4000, false, true},
		{"just under £100,000", 100000, true, true},
		{"around £30 million", 30e6, true, true},
		{"approximately £4m", 4e6, true, true},
		{"c. £5,000", 5000, true, true},
		{"over £300,000 funding", 300000, true, true},
		{"12,500", 0, false, false},
		{"20%", 0, false, false},
		{"2017/18", 0, false, false},
		{"2019", 0, false, false},
		{"01267 123456", 0, false, false},
		{"Minute 23/19", 0, false, false},
		{"4.4.11", 0, false, false},
	} {
		a, ap, ok := ParseAmount(c.in)
		if a != c.amount || ap != c.approx || ok != c.ok {
			t.Errorf("ParseAmount(%q) = %v, %v, %v; want %v, %v, %v", c.in, a, ap, ok, c.amount, c.approx, c.ok)
		}
	}
	if a, _, ok := ParseCell("12,500", true, 1); !ok || a != 12500 {
		t.Errorf("ParseCell(12,500 under £) = %v %v", a, ok)
	}
	if _, _, ok := ParseCell("12,500", false, 1); ok {
		t.Errorf("ParseCell(12,500) without a £ header read as money")
	}
	if a, _, ok := ParseCell("15.7", true, 1e6); !ok || a != 15.7e6 {
		t.Errorf("ParseCell(15.7 under £m) = %v %v", a, ok)
	}
}

func TestGeneratedHouseStyles(t *testing.T) {
	row := func(cells ...string) layout.Line {
		return layout.Line{Cells: cells, Text: join(cells), Block: 2}
	}
	pages := []layout.Page{{Number: 1, Lines: []layout.Line{
		{Text: "Community Chest Grants 2021-22", Bold: true, Block: 1},
		row("Organisation", "Project", "Amount (£)", "Fund"),
		row("Riverside Youth Trust", "Summer holiday club", "12,500", "Community Chest"),
		row("Hillside Foodbank", "Winter hampers", "2,000.00", "Hardship Fund"),
		{Text: "The Arts Council awarded a grant of £1.2 million to Northgate Theatre Trust for the new studio.", Block: 3},
		{Text: "Eastbrook Boxing Club received £250k from the Safer Streets Fund to run evening sessions.", Block: 4},
		{Text: "The youth service budget was cut by £400,000 this year.", Block: 5},
		{Text: "The review will deliver savings of £1.5m from the grants budget.", Block: 6},
	}}}
	items := extractPages(pages)
	logItems(t, items)
	want := []struct {
		amount          float64
		recipient, fund string
	}{
		{12500, "Riverside Youth Trust", "Community Chest"},
		{2000, "Hillside Foodbank", "Hardship Fund"},
		{1.2e6, "Northgate Theatre Trust", ""},
		{250000, "Eastbrook Boxing Club", "Safer Streets Fund"},
	}
	for _, w := range want {
		it := find(items, w.amount, w.recipient)
		if it == nil {
			t.Errorf("missing £%v to %s", w.amount, w.recipient)
			continue
		}
		if w.fund != "" && it.Fund != w.fund {
			t.Errorf("£%v: fund %q, want %q", w.amount, it.Fund, w.fund)
		}
	}
	for _, it := range items {
		if it.Amount == 400000 || it.Amount == 1.5e6 {
			t.Errorf("cut or saving reported as funding: %+v", it)
		}
	}
	if len(items) != len(want) {
		t.Errorf("%d items, want %d", len(items), len(want))
	}
}

func join(cells []string) string {
	s := ""
	for i, c := range cells {
		if i > 0 {
			s += "\t"
		}
		s += c
	}
	return s
}

// Whoever is quoted about money is not its recipient: a spokesman citing a
// national increase names no recipient.
func TestSpeakerIsNotTheRecipient(t *testing.T) {
	pages := []layout.Page{{Number: 1, Lines: []layout.Line{
		{Text: `A Home Office spokesman said: "We have delivered a £460m increase in overall police funding in 2018/19."`, Block: 1},
		{Text: "The council leader told the meeting that £2m had been allocated to Westfield Community Trust.", Block: 2},
	}}}
	items := extractPages(pages)
	logItems(t, items)
	for _, it := range items {
		if strings.Contains(strings.ToLower(it.Recipient), "spokes") || strings.Contains(strings.ToLower(it.Recipient), "leader") {
			t.Errorf("£%v: the speaker %q taken for the recipient", it.Amount, it.Recipient)
		}
	}
	if it := find(items, 2e6, "Westfield Community Trust"); it == nil {
		t.Errorf("missing £2m to Westfield Community Trust")
	}
}
