package funding

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/model"
	"panelpapers/ingest/pdftext"
)

// shared is the project's shared folder, beside the checkout.
const shared = "../../../shared"

func sharedPages(t *testing.T, rel string) []layout.Page {
	t.Helper()
	path := filepath.Join(shared, rel)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared file %s absent: %v", path, err)
	}
	res, err := pdftext.Extract(context.Background(), data)
	if err != nil {
		t.Fatalf("pdftext %s: %v", rel, err)
	}
	return res.Pages
}

// extractPages runs the rules on pages as ingest does: through the model.
func extractPages(pages []layout.Page) []corpus.Item {
	return Extract(model.Build(pages), "")
}

var folder = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "-", "—", "-")

func norm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(folder.Replace(s)), " "))
}

func eitherContains(a, b string) bool {
	a, b = norm(a), norm(b)
	return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
}

func logItems(t *testing.T, items []corpus.Item) {
	for _, it := range items {
		t.Logf("p%d £%.2f recipient=%q fund=%q period=%q purpose=%.60q", it.Page, it.Amount, it.Recipient, it.Fund, it.Period, it.Purpose)
	}
}

func find(items []corpus.Item, amount float64, recipientOrFund string) *corpus.Item {
	for i, it := range items {
		if it.Amount == amount && (eitherContains(it.Recipient, recipientOrFund) || eitherContains(it.Fund, recipientOrFund)) {
			return &items[i]
		}
	}
	return nil
}

func TestKentGrants(t *testing.T) {
	items := extractPages(sharedPages(t, "realdocs/kent_cabinet_2025-01-30_appx_j_government_grants.pdf"))
	logItems(t, items)
	// The appendix sets its grants out as lettered sections, not a ruled
	// table: the Council's allocation of each grant is the award.
	for _, w := range []struct {
		amount float64
		fund   string
		period string
	}{
		{15.7e6, "Revenue Support Grant", "2025/26"},
		{1.9e6, "New Homes Bonus", "2025/26"},
		{12.8e6, "Social Care Grant", "2024/25"},
		{26.969e6, "Market Sustainability and Improvement Funding", "2025/26"},
		{6.2e6, "Children’s Social Care Prevention Grant", "2025/26"},
	} {
		it := find(items, w.amount, w.fund)
		if it == nil {
			t.Errorf("no item £%.0f fund %q", w.amount, w.fund)
			continue
		}
		if it.Period != w.period {
			t.Errorf("£%.0f %s: period %q, want %q", w.amount, w.fund, it.Period, w.period)
		}
		if !strings.Contains(strings.ToLower(it.Recipient), "council") {
			t.Errorf("£%.0f %s: recipient %q, want the Council", w.amount, w.fund, it.Recipient)
		}
	}
	for _, it := range items {
		if it.Amount == 161e6 || it.Amount == 9.6e6 || it.Amount == 1.3e6 {
			t.Errorf("a decrease or loss reported as funding: %+v", it)
		}
	}
}

func TestKentRiskRegisterHasNoAwards(t *testing.T) {
	items := extractPages(sharedPages(t, "realdocs/kent_cabinet_2025-01-30_appx_i_budget_risk_register.pdf"))
	logItems(t, items)
	if len(items) > 2 {
		t.Errorf("risk register: %d funding items, want at most 2", len(items))
	}
}

func TestManordeiloDonations(t *testing.T) {
	items := extractPages(sharedPages(t, "realdocs/manordeilo_salem_cc_2019-02-06_minutes_en_grants.pdf"))
	logItems(t, items)
	want := map[string]float64{
		"Cruse Bereavement":                         50,
		"Carmarthenshire Federation of YFCs":        50,
		"Llyfrau Llafar Cymru":                      50,
		"Salem Gardening Club":                      50,
		"Cylch Methrin Llangadog":                   50,
		"Urdd Cylch Blaenau Tywi":                   100,
		"Llandeilo and District Sports Association": 100,
		"Llandeilo Junior Rugby":                    100,
		"Llandeilo YFC":                             100,
		"International Sheep Dog Trials, Food and Craft Festival Dinefwr Park August 2019": 200,
	}
	got := map[string]float64{}
	for _, it := range items {
		got[it.Recipient] = it.Amount
	}
	for name, amount := range want {
		if got[name] != amount {
			t.Errorf("donation to %q: got £%v, want £%v", name, got[name], amount)
		}
	}
	// The cheques under Accounts for payment pay out these same donations:
	// one award each, not two.
	if len(items) != 11 {
		t.Errorf("%d items, want the 11 donations (the cheques paying them, balances and precept are not more awards)", len(items))
	}
	for _, it := range items {
		if it.Amount == 557.95 || it.Amount == 12462.62 || it.Amount == 16000 || it.Amount == 1457.95 || it.Amount == 315 {
			t.Errorf("payment, balance or precept reported as funding: %+v", it)
		}
	}
}

// Tintern's accounts for payment mix donations with payments to suppliers
// and staff. A journalist wants the donations: the graveyard donation to
// St Michael's Church PCC, and the festival association's cheque, a
// voluntary body paid for nothing named as a service. The waste contract,
// inspection, membership, salary and expenses are payments.
func TestTinternDonationsNotPayments(t *testing.T) {
	items := extractPages(sharedPages(t, "realdocs/tintern_cc_2019-07-29_minutes.pdf"))
	logItems(t, items)
	if it := find(items, 250, "St Michael’s Church PCC"); it == nil {
		t.Errorf("missing the £250 graveyard donation to St Michael’s Church PCC")
	}
	if it := find(items, 500, "Tintern Festivals Association"); it == nil {
		t.Errorf("missing the £500 to Tintern Festivals Association")
	}
	for _, it := range items {
		if it.Amount != 250 && it.Amount != 500 {
			t.Errorf("payment or balance reported as funding: %+v", it)
		}
	}
}
