package funding

import "testing"

// A county's budget and finance monitoring papers are full of money that
// is nobody's award: treasury investments, money to bid for, the
// council's own receipts, savings, national totals, budget matrices and
// templates. Written as Kent's January 2025 budget papers write them.
const budgetPapersPage = `<html><body>
<h1>Finance Monitoring Report</h1>
<p>As at the end of November, the Council had £130.90m invested in covered bonds earning an average rate of return of 4.45%.</p>
<p>Local Authorities will bid for funding to support delivery of mitigation with £7m expected to be awarded in this financial year.</p>
<p>The proposal for 2025-26 is to use £8m of capital receipts funding to support the delivery of the Oracle Cloud project.</p>
<p>The most significant savings amounting to a total of £56.7m out of a total planned savings on core funded activities for 2024-25 of £88.9m are subject to the most rigour through progress updates to Strategic Reset Programme Board.</p>
<p>The £1.3bn increase in government funding to local authorities has increased to £1.625bn in the provisional settlement.</p>
<p>The externally funded element includes a net contribution of +£24.6m over the medium term 2025-26 to 2027-28.</p>
<p>Research - apply for up to 5 to 10 large research funding opportunities (up to or around £1 million each).</p>
<h2>Contributions by directorate</h2>
<table><thead><tr><th>Directorate</th><th>Description</th><th>Contribution £000</th><th>Change £000</th></tr></thead>
<tbody><tr><td>Public Health</td><td>Removal of temporary contribution from reserve</td><td>1,000.0</td><td>-750.0</td></tr>
<tr><td>Adult Social Care</td><td>Drawdown from reserves</td><td>-2,000.0</td><td>-1,500.0</td></tr>
<tr><td>Growth</td><td>Contribution to ICT reserve</td><td>500.0</td><td>-250.0</td></tr></tbody></table>
<h2>Appendix: grants</h2>
<p>Kent has been allocated £5,046,624 of Basic Need grant.</p>
</body></html>`

func TestBudgetPapersGiveOnlyTheirAwards(t *testing.T) {
	items := readHTML(t, budgetPapersPage, "Cabinet")
	if len(items) != 1 || items[0].Recipient != "Kent" || items[0].Amount != 5046624 {
		for _, it := range items {
			t.Errorf("£%.0f to %q (%s)", it.Amount, it.Recipient, it.Text)
		}
		t.Fatalf("%d funding lines, want only the £5,046,624 allocated to Kent", len(items))
	}
}

const donationsMinutesPage = `<html><body>
<h1>Manordeilo and Salem Community Council</h1>
<p>5vii) The Reading Room Committee had thanked the Council for its donation and it was agreed to give £300 towards the roof.</p>
<p>10iii) Further information had been received from the Hockey Club; it was unanimously agreed to make a donation of £100.</p>
<p>Updates: Councillors agreed to give £50.</p>
</body></html>`

// A minute's list label is not part of a name, and what follows it
// ("Further information", "Updates", "Councillors") is no recipient.
func TestLabelsAndHeadingsAreNotRecipients(t *testing.T) {
	readingRoom := false
	for _, it := range readHTML(t, donationsMinutesPage, "Manordeilo and Salem Community Council") {
		switch it.Recipient {
		case "The Reading Room Committee":
			readingRoom = it.Amount == 300
		case "the Hockey Club", "Hockey Club":
		default:
			t.Errorf("£%.0f to %q (%s)", it.Amount, it.Recipient, it.Text)
		}
	}
	if !readingRoom {
		t.Error("no £300 to The Reading Room Committee: the label '5vii)' should be cut from the name, not lose the award")
	}
}
