package funding

import (
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/htmltext"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/model"
)

func readHTML(t *testing.T, html, body string) []corpus.Item {
	t.Helper()
	res, err := htmltext.Read([]byte(html))
	if err != nil {
		t.Fatal(err)
	}
	return Extract(model.Build([]layout.Page{{Number: 1, Lines: res.Lines}}), body)
}

const notAwardsPage = `<html><body>
<h1>Budget Report</h1>
<p>The Government confirmed a national total of £742m for England. Calderbrook received none of the £600m Recovery Grant.</p>
<p>It increased Core Spending Power nationally by £3.7bn. The General Fund balance is forecast to be £14.2m.</p>
<p>Groups may apply for between £500 and £10,000. The fund's budget of £84,000 is unchanged.</p>
<p>It has received £2m this year.</p>
<table><thead><tr><th>Service</th><th>2025/26</th><th>2026/27</th></tr></thead>
<tbody><tr><td>Highways</td><td>2028</td><td>2030</td></tr></tbody></table>
</body></html>`

// National totals, negated sums, ranges, balances, pots, a pronoun for a
// recipient and a plan's years are not awards.
func TestFiguresThatAreNotAwards(t *testing.T) {
	for _, it := range readHTML(t, notAwardsPage, "Calderbrook Council") {
		t.Errorf("not an award: £%.0f to %q (%s)", it.Amount, it.Recipient, it.Text)
	}
}

const awardsPage = `<html><body>
<h1>Tintern Community Council</h1>
<p>Minutes of the meeting held on 21 May 2018.</p>
<p>2490. Donations: It was agreed to make the following donations: Penterry Church £100, Tintern Village Hall £150 and Wye Valley Scouts £75.</p>
<h2>Ward Community Fund 2025/26: awards approved</h2>
<table><thead><tr><th>Recipient</th><th>Purpose</th><th>£000</th></tr></thead>
<tbody><tr><td>Friends of Ravensclough Park</td><td>Summer events</td><td>4.0</td></tr>
<tr><td>Total awarded</td><td></td><td>4.0</td></tr></tbody></table>
<p>The largest award was a grant of just under £100,000 to Age UK Canterbury for hot meals.</p>
<p>The allocations for 2024-25 are based on the projected need for places; Wyeside Academy Trust has been allocated £46,000.</p>
</body></html>`

// List recipients lose the list's punctuation; a table in thousands is
// scaled; its total row is no award; a hedged amount is approximate; the
// subject of "has been allocated £N" is its recipient, whatever opens the
// sentence.
func TestAwardsFromListsTablesAndProse(t *testing.T) {
	items := readHTML(t, awardsPage, "Tintern Community Council")
	want := map[string]float64{"Penterry Church": 100, "Tintern Village Hall": 150, "Wye Valley Scouts": 75,
		"Friends of Ravensclough Park": 4000, "Age UK Canterbury": 100000, "Wyeside Academy Trust": 46000}
	got := map[string]corpus.Item{}
	for _, it := range items {
		got[it.Recipient] = it
	}
	for name, amount := range want {
		it, ok := got[name]
		if !ok || it.Amount != amount {
			t.Errorf("award to %q: got %+v, want £%.0f", name, it, amount)
		}
	}
	if len(items) != len(want) {
		var rs []string
		for _, it := range items {
			rs = append(rs, it.Recipient)
		}
		t.Errorf("%d items (%s), want %d", len(items), strings.Join(rs, "; "), len(want))
	}
	if it := got["Age UK Canterbury"]; !it.Approximate {
		t.Errorf("just under £100,000 is approximate: %+v", it)
	}
	if it := got["Penterry Church"]; it.Funder != "Tintern Community Council" {
		t.Errorf("donations in a council's minutes come from the council: funder %q", it.Funder)
	}
	if it := got["Wyeside Academy Trust"]; it.Funder != "" {
		t.Errorf("\"has been allocated\" names no giver, and the council is not it: funder %q", it.Funder)
	}
	if it := got["Friends of Ravensclough Park"]; it.Period != "2025/26" || !strings.Contains(it.Fund, "Ward Community Fund") {
		t.Errorf("the table's heading gives fund and period: %+v", it)
	}
}
