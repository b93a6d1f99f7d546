package minutes

import (
	"strings"
	"testing"

	"panelpapers/corpus"
)

// page builds a page from lines written as "text", "*bold text", or
// "|cell|cell|cell" for a table row; each line is its own block unless it
// starts with "+" (same block as the line before).
func page(n int, specs ...string) corpus.Page {
	p := corpus.Page{Number: n}
	y, block := 60.0, 0
	for _, s := range specs {
		l := corpus.Line{Size: 11, X: 60}
		if strings.HasPrefix(s, "+") {
			s = s[1:]
		} else {
			block++
			y += 8
		}
		l.Block = block
		if strings.HasPrefix(s, "*") {
			l.Bold, s = true, s[1:]
		}
		if strings.HasPrefix(s, "|") {
			l.Cells = strings.Split(strings.Trim(s, "|"), "|")
			s = strings.Join(l.Cells, "\t")
		}
		y += 14
		l.Y, l.Text = y, s
		p.Lines = append(p.Lines, l)
	}
	return p
}

func TestTableAgenda(t *testing.T) {
	pages := []corpus.Page{page(1,
		"*Agenda",
		"|Item|Subject|Pages|Lead|",
		"|1|Apologies for absence||Chair|",
		"|2|Minutes of the last meeting|3 - 8|Clerk|",
		"|3|Budget monitoring 2019/20|(Pages 9 - 20)|Treasurer|",
		"|4|Any other business||Chair|",
		"Some closing note.",
	)}
	got := byKind(Extract(pages, ""), corpus.KindAgendaItem)
	want := []struct{ num, title, pages string }{
		{"1", "Apologies for absence", ""},
		{"2", "Minutes of the last meeting", "3-8"},
		{"3", "Budget monitoring 2019/20", "9-20"},
		{"4", "Any other business", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d agenda items %+v, want %d", len(got), got, len(want))
	}
	for k, w := range want {
		if got[k].Number != w.num || got[k].Title != w.title || got[k].Pages != w.pages {
			t.Errorf("item %d: got %s %q %q, want %s %q %q", k, got[k].Number, got[k].Title, got[k].Pages, w.num, w.title, w.pages)
		}
	}
}

func TestListAgendaTimes(t *testing.T) {
	pages := []corpus.Page{page(1,
		"*AGENDA",
		"1. Welcome",
		"10.30am",
		"2. Public questions (Pages 3 - 4)",
		"To answer questions from the public.",
		"*2.15pm 3. Budget report 5 - 12",
		"*11:45 4. Long title that runs",
		"+*over two lines 13 - 20",
		"The report sets out the budget.",
	)}
	got := byKind(Extract(pages, ""), corpus.KindAgendaItem)
	want := []struct{ num, title, time, pages string }{
		{"1", "Welcome", "", ""},
		{"2", "Public questions", "10:30", "3-4"},
		{"3", "Budget report", "14:15", "5-12"},
		{"4", "Long title that runs over two lines", "11:45", "13-20"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d agenda items %+v, want %d", len(got), got, len(want))
	}
	for k, w := range want {
		g := got[k]
		if g.Number != w.num || g.Title != w.title || g.Time != w.time || g.Pages != w.pages {
			t.Errorf("item %d: got %s %q time %q pages %q, want %s %q %q %q", k, g.Number, g.Title, g.Time, g.Pages, w.num, w.title, w.time, w.pages)
		}
	}
	if got[1].Text != "To answer questions from the public." {
		t.Errorf("item 2 text %q", got[1].Text)
	}
}

func TestSlashNumberedMinutesAndDecisionVariants(t *testing.T) {
	pages := []corpus.Page{
		page(1,
			"*Agenda",
			"1. Apologies",
			"2. Minutes of the previous meeting",
			"*Minutes of the Parish Council held on Tuesday 3rd March 2020 at 7pm",
			"PRESENT: Cllr A Smith (Chair), Cllr B Jones (Vice-Chairman) and Mrs C Brown",
			"Officers: D Green (Parish Clerk)",
			"*23/19 APOLOGIES",
			"Apologies were received from Cllr E White.",
			"*24/19 Planning applications",
			"1. An application for a garage was considered.",
			"RESOLVED: (1) that application A be approved; (2) that application B be refused.",
		),
		page(2,
			"*25/19 Finance",
			"It was RESOLVED that the accounts for payment be paid.",
			"*26/19 Grants",
			"AGREED that a grant of £500 be made to the youth club.",
			"*27/19 Highways",
			"*Questions",
			"1. When will the potholes on Church Lane be repaired?",
			"The clerk said the county had scheduled the work for May.",
			"UNANIMOUSLY RESOLVED to write to the county council about the verges.",
			"*28/19 Declarations of interest",
			"Cllr B Jones declared a personal interest as a member of the youth club.",
			"*RESOLVED",
			"*That the meeting be closed.",
			"Signed ……………… Chairman",
			"*29/19 Appendix heading after the signature",
		),
	}
	items := Extract(pages, "2020-03-10")
	mins := byKind(items, corpus.KindMinute)
	var nums []string
	for _, m := range mins {
		nums = append(nums, m.Number)
		if m.Date != "2020-03-03" {
			t.Errorf("minute %s date %q, want the date of its own heading", m.Number, m.Date)
		}
	}
	if strings.Join(nums, " ") != "23/19 24/19 25/19 26/19 27/19 28/19" {
		t.Errorf("minutes %v, want 23/19 … 28/19 (not the numbered paragraph, the Questions sub-heading, or anything after the signature)", nums)
	}
	if len(mins) > 1 && mins[1].Title != "Planning applications" {
		t.Errorf("24/19 title %q", mins[1].Title)
	}
	if len(mins) > 2 && (mins[2].Page != 2 || mins[1].PageEnd != 0) {
		t.Errorf("pages: 24/19 p%d-%d, 25/19 p%d", mins[1].Page, mins[1].PageEnd, mins[2].Page)
	}

	type dec struct{ num, text string }
	var got []dec
	for _, d := range byKind(items, corpus.KindDecision) {
		got = append(got, dec{d.Number, d.Text})
	}
	want := []dec{
		{"24/19", "that application A be approved"},
		{"24/19", "that application B be refused."},
		{"25/19", "that the accounts for payment be paid."},
		{"26/19", "that a grant of £500 be made to the youth club."},
		{"27/19", "to write to the county council about the verges."},
		{"28/19", "That the meeting be closed."},
	}
	if len(got) != len(want) {
		t.Fatalf("decisions %v, want %v", got, want)
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("decision %d: got %+v, want %+v", k, got[k], want[k])
		}
	}

	att := map[string]corpus.Item{}
	for _, a := range byKind(items, corpus.KindAttendee) {
		att[a.Person] = a
	}
	for person, w := range map[string][2]string{
		"A Smith":     {"present", "Chair"},
		"B Jones":     {"present", "Vice-Chairman"},
		"Mrs C Brown": {"present", ""},
		"D Green":     {"officer", "Parish Clerk"},
		"E White":     {"apologies", ""},
	} {
		a, ok := att[person]
		if !ok || a.Status != w[0] || a.Role != w[1] {
			t.Errorf("attendee %q: got %+v, want status %q role %q", person, a, w[0], w[1])
		}
	}

	decl := byKind(items, corpus.KindDeclaration)
	if len(decl) != 1 || decl[0].Person != "B Jones" || decl[0].Number != "28/19" || !strings.Contains(decl[0].Interest, "member of the youth club") {
		t.Errorf("declarations %+v", decl)
	}

	qs := byKind(items, corpus.KindQuestion)
	if len(qs) != 1 || !strings.Contains(qs[0].Text, "potholes") || !strings.Contains(qs[0].Response, "scheduled the work for May") {
		t.Errorf("questions %+v", qs)
	}
}

func TestDottedMinuteNumbersDefaultDate(t *testing.T) {
	pages := []corpus.Page{page(1,
		"*Minutes",
		"Present: Councillors Ann Lee and Bob Ray.",
		"*45. Matters arising",
		"Nothing to report.",
		"*46. Budget",
		"4. This numbered paragraph is not a minute.",
		"Resolved: that the budget be approved.",
		"*47. Close",
	)}
	items := Extract(pages, "2021-05-04")
	mins := byKind(items, corpus.KindMinute)
	if len(mins) != 3 || mins[0].Number != "45" || mins[2].Title != "Close" {
		t.Fatalf("minutes %+v", mins)
	}
	if mins[0].Date != "2021-05-04" {
		t.Errorf("date %q, want the document's meeting date", mins[0].Date)
	}
	d := byKind(items, corpus.KindDecision)
	if len(d) != 1 || d[0].Text != "that the budget be approved." || d[0].Number != "46" {
		t.Errorf("decisions %+v", d)
	}
	if a := byKind(items, corpus.KindAttendee); len(a) != 2 {
		t.Errorf("attendees %+v", a)
	}
}
