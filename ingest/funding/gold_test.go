package funding

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/pdftext"
)

// shared is the project's shared folder, beside the checkout.
const shared = "../../../shared"

func sharedPages(t *testing.T, rel string) []corpus.Page {
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

type goldFunding struct {
	Recipient    *string  `json:"recipient"`
	RecipientAlt []string `json:"recipient_alt"`
	Amount       *float64 `json:"amount_gbp"`
	AmountMin    *float64 `json:"amount_min_gbp"`
	Approximate  bool     `json:"approximate"`
	Fund         *string  `json:"fund"`
	Period       *string  `json:"period"`
	Purpose      string   `json:"purpose_contains"`
	Page         int      `json:"page_chromium"`
	Optional     bool     `json:"optional"`
}

type goldFile struct {
	Funding    []goldFunding `json:"funding"`
	NotFunding []struct {
		Text string `json:"text_contains"`
		Page int    `json:"page_chromium"`
	} `json:"not_funding"`
}

var folder = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "-", "—", "-")

func norm(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(folder.Replace(s)), " "))
}

func eitherContains(a, b string) bool {
	a, b = norm(a), norm(b)
	return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
}

func amountOK(g goldFunding, got float64) bool {
	if g.Amount == nil {
		return false
	}
	want := *g.Amount
	if g.AmountMin != nil {
		return got >= *g.AmountMin*0.99 && got <= want*1.01
	}
	if g.Approximate {
		return math.Abs(got-want) <= want*0.01
	}
	return got == want
}

func recipientOK(g goldFunding, it corpus.Item) bool {
	if g.Recipient == nil {
		return true
	}
	for _, r := range append([]string{*g.Recipient}, g.RecipientAlt...) {
		if eitherContains(r, it.Recipient) {
			return true
		}
	}
	return false
}

func purposeOK(g goldFunding, it corpus.Item) bool {
	p := norm(g.Purpose)
	return strings.Contains(norm(it.Purpose), p) || strings.Contains(norm(it.Text), p)
}

// matches pairs a parser item with a gold entry: amount (and page, when
// pages count), then recipient and purpose.
func matches(g goldFunding, it corpus.Item, pages bool) bool {
	if !amountOK(g, it.Amount) || (pages && g.Page != it.Page) {
		return false
	}
	return recipientOK(g, it) && purposeOK(g, it)
}

type score struct {
	recall, precision, pageRight float64
	misses, extras               []string
	notFunding                   []string
	fundRight, periodRight       int
	matched                      int
}

func scoreGold(t *testing.T, gold goldFile, items []corpus.Item, pages bool) score {
	var sc score
	used := make([]bool, len(items))
	wanted, found, pageRight := 0, 0, 0
	// two passes: exact-page pairings first, then any page
	pair := func(g goldFunding, pageOnly bool) int {
		for i, it := range items {
			if used[i] || (pageOnly && it.Page != g.Page) {
				continue
			}
			if matches(g, it, false) {
				return i
			}
		}
		return -1
	}
	for _, g := range gold.Funding {
		if g.Amount == nil {
			continue
		}
		i := pair(g, true)
		if i < 0 {
			i = pair(g, false)
		}
		if pages && i >= 0 && items[i].Page != g.Page && !g.Optional {
			// on the Chromium render the page is part of the match
			i = -1
			if j := pair(g, false); j >= 0 {
				i = j
			}
		}
		if i >= 0 {
			used[i] = true
		}
		if g.Optional {
			continue
		}
		wanted++
		if i < 0 {
			r := "<nil>"
			if g.Recipient != nil {
				r = *g.Recipient
			}
			sc.misses = append(sc.misses, r+" £"+ftoa(*g.Amount)+" p"+itoa(g.Page)+" "+g.Purpose)
			continue
		}
		found++
		it := items[i]
		if it.Page == g.Page {
			pageRight++
		}
		if g.Fund == nil || eitherContains(*g.Fund, it.Fund) {
			sc.fundRight++
		}
		if g.Period == nil || *g.Period == it.Period {
			sc.periodRight++
		}
	}
	extra := 0
	for i, it := range items {
		if !used[i] {
			extra++
			sc.extras = append(sc.extras, "p"+itoa(it.Page)+" £"+ftoa(it.Amount)+" ["+it.Recipient+"] "+it.Text)
		}
		for _, nf := range gold.NotFunding {
			if strings.Contains(norm(it.Text), norm(nf.Text)) {
				sc.notFunding = append(sc.notFunding, nf.Text)
			}
		}
	}
	sc.matched = found
	sc.recall = 100 * float64(found) / float64(wanted)
	sc.precision = 100 * float64(len(items)-extra) / float64(len(items))
	sc.pageRight = 100 * float64(pageRight) / float64(max(found, 1))
	return sc
}

func ftoa(f float64) string { b, _ := json.Marshal(f); return string(b) }
func itoa(i int) string     { b, _ := json.Marshal(i); return string(b) }

func loadGold(t *testing.T) goldFile {
	data, err := os.ReadFile(filepath.Join(shared, "corpus/tvpcp-2018-11-16-pack.gold.json"))
	if err != nil {
		t.Skipf("gold absent: %v", err)
	}
	var g goldFile
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func logScore(t *testing.T, name string, sc score) {
	t.Logf("%s: recall %.1f%% precision %.1f%% page %.1f%% (matched %d; fund right %d, period right %d)",
		name, sc.recall, sc.precision, sc.pageRight, sc.matched, sc.fundRight, sc.periodRight)
	for _, m := range sc.misses {
		t.Logf("  MISS %s", m)
	}
	for _, e := range sc.extras {
		t.Logf("  EXTRA %s", e)
	}
}

func TestGoldChromium(t *testing.T) {
	gold := loadGold(t)
	items := Extract(sharedPages(t, "corpus/tvpcp-2018-11-16-pack.pdf"))
	sc := scoreGold(t, gold, items, true)
	logScore(t, "chromium", sc)
	if sc.recall < 98 {
		t.Errorf("recall %.1f%% < 98%%", sc.recall)
	}
	if sc.precision < 95 {
		t.Errorf("precision %.1f%% < 95%%", sc.precision)
	}
	if sc.pageRight < 98 {
		t.Errorf("page right for %.1f%% of matched < 98%%", sc.pageRight)
	}
	for _, nf := range sc.notFunding {
		t.Errorf("funding item matches not_funding %q", nf)
	}
	for _, it := range items {
		if it.Kind != corpus.KindFunding || it.Currency != "GBP" || it.Amount <= 0 || it.Page == 0 || it.Text == "" {
			t.Errorf("malformed item %+v", it)
		}
	}
}

func TestGoldLibreOffice(t *testing.T) {
	gold := loadGold(t)
	chrome := scoreGold(t, gold, Extract(sharedPages(t, "corpus/tvpcp-2018-11-16-pack.pdf")), true)
	items := Extract(sharedPages(t, "corpus/tvpcp-2018-11-16-pack-libreoffice.pdf"))
	sc := scoreGold(t, gold, items, false)
	logScore(t, "libreoffice", sc)
	if chrome.recall-sc.recall > 2 || chrome.precision-sc.precision > 2 {
		t.Errorf("libreoffice recall %.1f / precision %.1f more than 2 points below chromium %.1f / %.1f",
			sc.recall, sc.precision, chrome.recall, chrome.precision)
	}
	for _, nf := range sc.notFunding {
		t.Errorf("funding item matches not_funding %q", nf)
	}
}
