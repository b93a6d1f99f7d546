package minutes

import (
	"strings"
	"testing"

	"panelpapers/corpus"
)

const realdocs = shared + "/realdocs/"

// minuteIndex maps minute numbers to their items.
func minuteIndex(items []corpus.Item) map[string]corpus.Item {
	m := map[string]corpus.Item{}
	for _, it := range byKind(items, corpus.KindMinute) {
		m[it.Number] = it
	}
	return m
}

func wantMinutes(t *testing.T, items []corpus.Item, count int, titles map[string]string) {
	t.Helper()
	got := byKind(items, corpus.KindMinute)
	if len(got) != count {
		for _, it := range got {
			t.Logf("minute %s %q p%d", it.Number, it.Title, it.Page)
		}
		t.Errorf("got %d minutes, want %d", len(got), count)
	}
	idx := minuteIndex(items)
	for num, title := range titles {
		it, ok := idx[num]
		if !ok {
			t.Errorf("minute %s missing", num)
			continue
		}
		if it.Title != title {
			t.Errorf("minute %s title %q, want %q", num, it.Title, title)
		}
	}
}

func TestKentCabinetPrintedMinutes(t *testing.T) {
	items := Extract(readPDF(t, realdocs+"kent_cabinet_2025-01-30_printed_minutes.pdf"), "")
	wantMinutes(t, items, 9, map[string]string{
		"84": "Apologies",
		"85": "Declarations of Interest",
		"86": "Minutes of the Meeting held on 9th January 2025",
		"87": "Cabinet Member Updates",
		"88": "24/00108 - Revenue and Capital Budget Monitoring Report – November 2024-25",
		"89": "Draft Revenue Budget 2025-26, MTFP 2025-28, Draft Capital Programme 2025-35 and Treasury Management Strategy",
		"92": "24/00096 - Commissioning Plan for Education Provision in Kent 2025-29",
	})
	for _, it := range byKind(items, corpus.KindMinute) {
		if it.Date != "2025-01-30" {
			t.Errorf("minute %s date %q, want 2025-01-30 from the heading", it.Number, it.Date)
		}
	}
	// RESOLVED blocks: 86 one; 88 a list A)–f) of six; 89, 90 one each;
	// 91 a list (a)–(c) of three; 92 one.
	perMinute := map[string]int{}
	for _, d := range byKind(items, corpus.KindDecision) {
		perMinute[d.Number]++
	}
	want := map[string]int{"86": 1, "88": 6, "89": 1, "90": 1, "91": 3, "92": 1}
	for num, n := range want {
		if perMinute[num] != n {
			t.Errorf("minute %s: %d decisions, want %d", num, perMinute[num], n)
		}
	}
	if len(perMinute) != len(want) {
		t.Errorf("decisions under minutes %v, want only %v", perMinute, want)
	}
	decisionText(t, items, "88", "Note the forecast capital underspend of £111.6m")
	decisionText(t, items, "86", "minutes of the meeting on 9 January 2025 were a correct record")
	decisionText(t, items, "91", "Adopt the Integrated Care Strategy Delivery Plan")

	att := byKind(items, corpus.KindAttendee)
	status := map[string]string{}
	for _, a := range att {
		status[a.Person] = a.Status
	}
	for person, st := range map[string]string{"Mr R W Gough": "present", "Mr R J Thomas": "present", "Mrs A Beer": "other", "Mrs C Bell": "apologies"} {
		if status[person] != st {
			t.Errorf("attendee %q status %q, want %q", person, status[person], st)
		}
	}
	t.Logf("kent: %d minutes, %d decisions, %d attendees", len(byKind(items, corpus.KindMinute)), len(byKind(items, corpus.KindDecision)), len(att))
}

func decisionText(t *testing.T, items []corpus.Item, number, text string) {
	t.Helper()
	for _, d := range byKind(items, corpus.KindDecision) {
		if d.Number == number && strings.Contains(d.Text, text) {
			return
		}
	}
	t.Errorf("no decision under minute %s containing %q", number, text)
}

func TestMertonAgenda(t *testing.T) {
	items := Extract(readPDF(t, realdocs+"merton_audit_committee_2009-10-22_agenda_acrobat8.pdf"), "2009-10-22")
	agenda := byKind(items, corpus.KindAgendaItem)
	want := []struct{ number, title, pages string }{
		{"1", "Declarations of interest", "1"},
		{"2", "Apologies for absence", ""},
		{"3", "Minutes of the meeting held on 24 September 2009 and notes of the Joint session with General Purposes Committee held on 24 September 2009", "3"},
		{"4", "Annual complaints report", "9"},
		{"5", "Internal audit progress report", "23"},
		{"6", "Managing the risk of fraud", "53"},
		{"7", "Final Accounts Memorandum 2008/09", "155"},
		{"8", "Work programme", "169"},
	}
	if len(agenda) != len(want) {
		t.Errorf("got %d agenda items, want %d", len(agenda), len(want))
	}
	for k, w := range want {
		if k >= len(agenda) {
			break
		}
		got := agenda[k]
		if got.Number != w.number || got.Title != w.title || got.Pages != w.pages || got.Page != 2 {
			t.Errorf("agenda %d: got %s %q pages %q p%d, want %s %q pages %q p2", k, got.Number, got.Title, got.Pages, got.Page, w.number, w.title, w.pages)
		}
	}
	// The minutes of 24 September 2009 printed inside the pack carry their own date.
	for _, it := range byKind(items, corpus.KindMinute) {
		if it.Date != "2009-09-24" {
			t.Errorf("minute %s date %q, want 2009-09-24", it.Number, it.Date)
		}
	}
}

func TestTinternMinutes(t *testing.T) {
	items := Extract(readPDF(t, realdocs+"tintern_cc_2019-07-29_minutes.pdf"), "")
	wantMinutes(t, items, 23, map[string]string{
		"2724": "Police Report",
		"2726": "Apologies for absence",
		"2730": "Accounts for payment",
		"2733": "Reports from outside bodies",
		"2738": "Wireworks Bridge over River Wye",
		"2746": "Date of next meeting",
	})
	idx := minuteIndex(items)
	if it := idx["2724"]; it.Text != "No Police presence and no crimes to report." || it.Date != "2019-07-29" {
		t.Errorf("2724: text %q date %q", it.Text, it.Date)
	}
	decl := byKind(items, corpus.KindDeclaration)
	if len(decl) != 2 || decl[0].Number != "2727" {
		t.Errorf("declarations %+v, want Hillard and Hayward under 2727", decl)
	}
	apologies := 0
	for _, a := range byKind(items, corpus.KindAttendee) {
		if a.Status == "apologies" && a.Person == "Hoskins" {
			apologies++
		}
	}
	if apologies != 1 {
		t.Errorf("want Hoskins' apologies once, got %d", apologies)
	}
}

func TestManordeiloMinutes(t *testing.T) {
	items := Extract(readPDF(t, realdocs+"manordeilo_salem_cc_2019-02-06_minutes_en_grants.pdf"), "")
	wantMinutes(t, items, 12, map[string]string{
		"1":  "WELCOME AND APOLOGIES",
		"3":  "DECLARATIONS OF INTEREST",
		"6":  "BUDGET REVIEW",
		"10": "FINANCIAL REQUESTS",
		"12": "ANY OTHER BUSINESS",
	})
	for _, it := range byKind(items, corpus.KindMinute) {
		if it.Date != "2019-02-06" {
			t.Errorf("minute %s date %q, want 2019-02-06", it.Number, it.Date)
		}
	}
	decl := byKind(items, corpus.KindDeclaration)
	if len(decl) < 4 {
		t.Errorf("got %d declarations under minute 3, want 4", len(decl))
	}
	present := 0
	for _, a := range byKind(items, corpus.KindAttendee) {
		if a.Status == "present" {
			present++
		}
	}
	if present != 12 {
		t.Errorf("got %d present, want 12", present)
	}
}

func TestKentAgendaFrontsheet(t *testing.T) {
	items := Extract(readPDF(t, realdocs+"kent_cabinet_2025-01-30_agenda_frontsheet.pdf"), "2025-01-30")
	agenda := byKind(items, corpus.KindAgendaItem)
	if len(agenda) != 9 {
		t.Fatalf("got %d agenda items, want 9", len(agenda))
	}
	for k, w := range map[int][2]string{
		2: {"Minutes of the Meeting held on 9th January 2025", "1-10"},
		4: {"24/00108 - Revenue and Capital Budget Monitoring Report – November 2024-25", "11-84"},
		8: {"24/00096 - Commissioning Plan for Education Provision in Kent 2025-29", "461-610"},
	} {
		if agenda[k].Title != w[0] || agenda[k].Pages != w[1] {
			t.Errorf("item %s: %q pages %q, want %q %q", agenda[k].Number, agenda[k].Title, agenda[k].Pages, w[0], w[1])
		}
	}
}

// A report's numbered sections are not an agenda.
func TestReportSectionsAreNotAgenda(t *testing.T) {
	items := Extract(readPDF(t, realdocs+"kent_council_2025-03-13_governance_update_report.pdf"), "")
	if len(items) != 0 {
		t.Errorf("got %d items from a report, want none: %+v", len(items), items[0])
	}
}
