package minutes

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"panelpapers/corpus"
)

const shared = "../../../shared"

type gold struct {
	Document struct {
		MeetingDate string `json:"meeting_date"`
	} `json:"document"`
	AgendaItems []struct {
		Number        string  `json:"number"`
		TitleContains string  `json:"title_contains"`
		Time          *string `json:"time"`
		Pages         *string `json:"pages"`
	} `json:"agenda_items"`
	Minutes struct {
		MeetingDate string `json:"meeting_date"`
		Items       []struct {
			Number        string `json:"number"`
			TitleContains string `json:"title_contains"`
			Page          int    `json:"page_chromium"`
		} `json:"items"`
		Present      []string `json:"present"`
		Officers     []string `json:"officers_present"`
		Others       []string `json:"others_present"`
		Declarations []struct {
			Person   string `json:"person_contains"`
			Interest string `json:"interest_contains"`
		} `json:"declarations"`
	} `json:"minutes"`
	Recommendations []struct {
		Text     string `json:"text_contains"`
		Source   string `json:"source"`
		Page     *int   `json:"page_chromium"`
		Optional bool   `json:"optional"`
	} `json:"recommendations"`
}

// norm is the gold file's normalisation: whitespace collapsed, case folded,
// typographic quotes and dashes folded to ASCII.
func norm(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "-", "—", "-").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func contains(field, want string) bool { return strings.Contains(norm(field), norm(want)) }

func loadGold(t *testing.T) gold {
	t.Helper()
	b, err := os.ReadFile(shared + "/corpus/tvpcp-2018-11-16-pack.gold.json")
	if err != nil {
		t.Skipf("gold absent: %v", err)
	}
	var g gold
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func byKind(items []corpus.Item, k corpus.Kind) []corpus.Item {
	var out []corpus.Item
	for _, it := range items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

type score struct {
	agenda, minutes, minutesPage, minutesPrec, attendees, declarations, decisions float64
}

func pct(n, d int) float64 {
	if d == 0 {
		return 100
	}
	return 100 * float64(n) / float64(d)
}

func scoreGold(t *testing.T, g gold, items []corpus.Item, checkPages bool) score {
	t.Helper()
	var sc score

	agenda := byKind(items, corpus.KindAgendaItem)
	ok := 0
	for _, want := range g.AgendaItems {
		found := false
		for _, it := range agenda {
			if it.Number == want.Number && contains(it.Title, want.TitleContains) && it.Time == str(want.Time) && it.Pages == str(want.Pages) {
				found = true
				break
			}
		}
		if found {
			ok++
		} else {
			t.Logf("agenda item %s %q (time %q pages %q) not matched", want.Number, want.TitleContains, str(want.Time), str(want.Pages))
		}
	}
	sc.agenda = pct(ok, len(g.AgendaItems))
	t.Logf("agenda items: %d/%d matched, %d extracted", ok, len(g.AgendaItems), len(agenda))

	minutes := byKind(items, corpus.KindMinute)
	ok, pageOK := 0, 0
	used := map[int]bool{}
	for _, want := range g.Minutes.Items {
		found := -1
		for k, it := range minutes {
			if it.Number == want.Number && contains(it.Title, want.TitleContains) {
				found = k
				break
			}
		}
		if found < 0 {
			t.Logf("minute %s %q not found", want.Number, want.TitleContains)
			continue
		}
		used[found] = true
		ok++
		if minutes[found].Page == want.Page {
			pageOK++
		} else if checkPages {
			t.Logf("minute %s: page %d, want %d", want.Number, minutes[found].Page, want.Page)
		}
		if minutes[found].Date != g.Minutes.MeetingDate {
			t.Errorf("minute %s: date %q, want %q", want.Number, minutes[found].Date, g.Minutes.MeetingDate)
		}
	}
	sc.minutes = pct(ok, len(g.Minutes.Items))
	sc.minutesPage = pct(pageOK, ok)
	sc.minutesPrec = pct(len(used), len(minutes))
	t.Logf("minutes: recall %d/%d (%.1f%%), precision %d/%d (%.1f%%), page right %d/%d (%.1f%%)",
		ok, len(g.Minutes.Items), sc.minutes, len(used), len(minutes), sc.minutesPrec, pageOK, ok, sc.minutesPage)

	att := byKind(items, corpus.KindAttendee)
	attOK, attN := 0, 0
	for _, grp := range []struct {
		status string
		names  []string
	}{{"present", g.Minutes.Present}, {"officer", g.Minutes.Officers}, {"other", g.Minutes.Others}} {
		n := 0
		for _, name := range grp.names {
			for _, it := range att {
				if it.Status == grp.status && contains(it.Person, name) {
					n++
					break
				}
			}
		}
		t.Logf("attendees %s: %d/%d", grp.status, n, len(grp.names))
		attOK += n
		attN += len(grp.names)
	}
	sc.attendees = pct(attOK, attN)
	t.Logf("attendees: recall %.1f%% (%d extracted)", sc.attendees, len(att))

	decl := byKind(items, corpus.KindDeclaration)
	ok = 0
	for _, want := range g.Minutes.Declarations {
		for _, it := range decl {
			if contains(it.Person, want.Person) && contains(it.Interest, want.Interest) {
				ok++
				break
			}
		}
	}
	sc.declarations = pct(ok, len(g.Minutes.Declarations))
	t.Logf("declarations: recall %d/%d, %d extracted", ok, len(g.Minutes.Declarations), len(decl))

	dec := byKind(items, corpus.KindDecision)
	ok, n, optOK, optN := 0, 0, 0, 0
	for _, want := range g.Recommendations {
		if want.Source != "resolved" {
			continue
		}
		found := false
		for _, it := range dec {
			if contains(it.Text, want.Text) && (!checkPages || want.Page == nil || it.Page == *want.Page) {
				found = true
				break
			}
		}
		if want.Optional {
			optN++
			if found {
				optOK++
			}
			continue
		}
		n++
		if found {
			ok++
		} else {
			t.Logf("decision %q not found", want.Text)
		}
	}
	sc.decisions = pct(ok, n)
	t.Logf("decisions (gold source=resolved): recall %d/%d required, %d/%d optional; %d extracted", ok, n, optOK, optN, len(dec))
	return sc
}

func TestGoldChromium(t *testing.T) {
	g := loadGold(t)
	items := Extract(readPDF(t, shared+"/corpus/tvpcp-2018-11-16-pack.pdf"), g.Document.MeetingDate)
	sc := scoreGold(t, g, items, true)
	if sc.agenda != 100 {
		t.Errorf("agenda items %.1f%%, want 15/15", sc.agenda)
	}
	if sc.minutes != 100 {
		t.Errorf("minute items recall %.1f%%, want all", sc.minutes)
	}
	if sc.minutesPage < 98 {
		t.Errorf("minute pages right %.1f%%, want >= 98%%", sc.minutesPage)
	}
	if sc.minutesPrec < 95 {
		t.Errorf("minute precision %.1f%%, want >= 95%%", sc.minutesPrec)
	}
	if sc.attendees < 95 {
		t.Errorf("attendee recall %.1f%%, want >= 95%%", sc.attendees)
	}
	if sc.declarations < 100 {
		t.Errorf("declaration recall %.1f%%, want all", sc.declarations)
	}
	if sc.decisions < 100 {
		t.Errorf("decision recall %.1f%%, want all required", sc.decisions)
	}
}

func TestGoldLibreOfficeWithinTwoPoints(t *testing.T) {
	g := loadGold(t)
	chrome := scoreGold(t, g, Extract(readPDF(t, shared+"/corpus/tvpcp-2018-11-16-pack.pdf"), g.Document.MeetingDate), false)
	lo := scoreGold(t, g, Extract(readPDF(t, shared+"/corpus/tvpcp-2018-11-16-pack-libreoffice.pdf"), g.Document.MeetingDate), false)
	for _, c := range []struct {
		name     string
		chr, lib float64
	}{
		{"agenda", chrome.agenda, lo.agenda},
		{"minutes recall", chrome.minutes, lo.minutes},
		{"minutes precision", chrome.minutesPrec, lo.minutesPrec},
		{"attendees", chrome.attendees, lo.attendees},
		{"declarations", chrome.declarations, lo.declarations},
		{"decisions", chrome.decisions, lo.decisions},
	} {
		t.Logf("%-18s chromium %.1f%%  libreoffice %.1f%%", c.name, c.chr, c.lib)
		if c.chr-c.lib > 2 {
			t.Errorf("%s: LibreOffice %.1f%% is more than 2 points below Chromium %.1f%%", c.name, c.lib, c.chr)
		}
	}
}
