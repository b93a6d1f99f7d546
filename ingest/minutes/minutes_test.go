package minutes

import (
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/htmltext"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/model"
)

// read runs the minutes rules on an HTML page written as councils write
// them, through the model as ingest does.
func read(t *testing.T, html string) []corpus.Item {
	t.Helper()
	res, err := htmltext.Read([]byte(html))
	if err != nil {
		t.Fatal(err)
	}
	return Extract(model.Build([]layout.Page{{Number: 1, Lines: res.Lines}}), "2026-03-09")
}

func ofKind(items []corpus.Item, k corpus.Kind) []corpus.Item {
	var out []corpus.Item
	for _, it := range items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

const communityMinutes = `<html><body>
<h1>Pentre Wyeside Community Council</h1>
<p>Minutes of the meeting held on Monday 9th March 2026 at 7.00pm in the Village Hall.</p>
<p>Present: Cllr Watkins (Chair), Cllr Pritchard, Cllr Lewis and Cllr Jenkins.</p>
<p>2676. Apologies for absence: Cllr Bevan.</p>
<p>2677. Declarations of interest: Cllr Howells declared an interest in item 2681 as a neighbouring landowner.</p>
<p>2678. Approval of minutes: It was proposed by Cllr Watkins, seconded by Cllr Pritchard and unanimously agreed that the minutes of the meeting held on 9th February 2026 be approved.</p>
<p>2679. Financial requests: It was agreed to make the following donations: Wales Air Ambulance £100, Llanfedw Church £100 and Capel Bethesda £75.</p>
<p>2680. Noticeboard: Mr Jones proposed that a new noticeboard be bought. No other views were given. Agreed unanimously.</p>
</body></html>`

func TestCommunityCouncilMinutes(t *testing.T) {
	items := read(t, communityMinutes)
	var numbers []string
	for _, m := range ofKind(items, corpus.KindMinute) {
		numbers = append(numbers, m.Number)
	}
	if got := strings.Join(numbers, " "); got != "2676 2677 2678 2679 2680" {
		t.Errorf("minutes %q; want the running numbers 2676 to 2680", got)
	}
	decisions := ofKind(items, corpus.KindDecision)
	want := []string{
		"proposed by Cllr Watkins, seconded by Cllr Pritchard and unanimously agreed",
		"Wales Air Ambulance £100",
		"Mr Jones proposed that a new noticeboard be bought. No other views were given. Agreed unanimously",
	}
	for _, w := range want {
		found := false
		for _, d := range decisions {
			found = found || strings.Contains(d.Text, w)
		}
		if !found {
			t.Errorf("no decision says %q in %+v", w, texts(decisions))
		}
	}
	var present, apologies []string
	for _, a := range ofKind(items, corpus.KindAttendee) {
		switch a.Status {
		case "apologies":
			apologies = append(apologies, a.Person)
		default:
			present = append(present, a.Person)
		}
	}
	if len(present) != 4 || len(apologies) != 1 {
		t.Errorf("present %q, apologies %q; want 4 and Cllr Bevan", present, apologies)
	}
	if ds := ofKind(items, corpus.KindDeclaration); len(ds) != 1 || !strings.Contains(ds[0].Person, "Howells") {
		t.Errorf("declarations %+v; want Cllr Howells's", ds)
	}
}

const resolvedList = `<html><body>
<h1>Cabinet</h1>
<p>Minutes of the meeting held on 16 December 2025.</p>
<h2>77/25 Stronger Communities Fund</h2>
<p>The Cabinet Member presented a report recommending two grants.</p>
<p>RESOLVED:</p>
<ol><li>That a grant of £25,000 be awarded to Calderbrook Mosque towards its kitchen.</li>
<li>That a grant of £37,500 be awarded to Brookside Community Trust.</li></ol>
<h2>78/25 Motion on Notice</h2>
<p>Councillor Lowe moved and Councillor Nair seconded the following motion: "This Council resolves to write to the County Council."</p>
<p>Councillor Ashby moved and Councillor Greaves seconded an amendment to add a paragraph (d).</p>
<p>On being put to the vote the amendment was LOST.</p>
<p>The substantive motion was then put to the vote and was CARRIED.</p>
</body></html>`

// A RESOLVED followed by a list gives one decision per part; a motion and
// an amendment each end in their own result.
func TestResolvedPartsAndMotions(t *testing.T) {
	decisions := ofKind(read(t, resolvedList), corpus.KindDecision)
	ts := texts(decisions)
	for _, w := range []string{"grant of £25,000 be awarded to Calderbrook Mosque", "grant of £37,500 be awarded to Brookside"} {
		n := 0
		for _, d := range decisions {
			if strings.Contains(d.Text, w) {
				n++
				if strings.Contains(d.Text, "RESOLVED") {
					t.Errorf("a part keeps its lead-in: %q", d.Text)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d decisions say %q; want one per part: %q", n, w, ts)
		}
	}
	var amendment, motion bool
	for _, d := range decisions {
		amendment = amendment || strings.Contains(d.Text, "an amendment") && strings.Contains(d.Text, "LOST")
		motion = motion || strings.Contains(d.Text, "following motion") && strings.Contains(d.Text, "CARRIED")
	}
	if !amendment || !motion {
		t.Errorf("the amendment and the motion with their results: %q", ts)
	}
}

func texts(items []corpus.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Text)
	}
	return out
}

const attendanceForms = `<html><body>
<h1>Wyeside Licensing Sub-Committee</h1>
<p><strong>Notes of the hearing held on Tuesday 27 January 2026 at 2.00 pm</strong></p>
<table>
<tr><th>Name</th><th>Role</th><th>Present/Apologies</th></tr>
<tr><td>Cllr Hugh Tennant</td><td>Chair</td><td>Present</td></tr>
<tr><td>Cllr Frances Dyer</td><td>Member</td><td>Apologies</td></tr>
<tr><td>Priya Sandhu</td><td>Licensing Officer</td><td>Present</td></tr>
<tr><td>Daniel Fraser</td><td>Applicant</td><td>Present</td></tr>
<tr><td>PC Simon Harker</td><td>Licensing Officer, Medshire Police</td><td>Present</td></tr>
</table>
<p>Apologies: Cllr Alun Price. In attendance: the Clerk (Mrs Gwenllian Parry), County Cllr Tom Harris and PCSO Kate Rees (for item 12). Public – Mr &amp; Mrs M. Stubbs.</p>
<p>Also in attendance: Harriet Lunn (Chief Finance Officer, OPCC) and Owen Marsh (Democratic Services Manager).</p>
<h2>12. Premises licence: The Old Forge</h2>
<p>The Sub-Committee heard from the applicant.</p>
</body></html>`

// Attendance as councils set it out: a table with roles, several labels in
// one paragraph, posts before names, people of other bodies. Who is a
// member, an officer of the body, or someone else (an applicant, the
// police, a councillor of another council, the public) is told by the
// label, the role and the title.
func TestAttendanceForms(t *testing.T) {
	got := map[string]string{}
	for _, a := range ofKind(read(t, attendanceForms), corpus.KindAttendee) {
		got[a.Person] = a.Status
	}
	want := map[string]string{
		"Hugh Tennant":    "present",
		"Frances Dyer":    "apologies",
		"Priya Sandhu":    "officer",
		"Daniel Fraser":   "other",
		"PC Simon Harker": "other",
		"Alun Price":      "apologies",
		"Gwenllian Parry": "officer",
		"Tom Harris":      "other",
		"PCSO Kate Rees":  "other",
		"M. Stubbs":       "other",
		"Harriet Lunn":    "other",
		"Owen Marsh":      "officer",
	}
	for name, status := range want {
		if got[name] != status {
			t.Errorf("%s: %q, want %q", name, got[name], status)
		}
	}
	if len(got) != len(want) {
		t.Errorf("attendees %v; want only %d", got, len(want))
	}
}

const auditMinutes = `<html><body>
<h1>AUDIT COMMITTEE 24 SEPTEMBER 2009</h1>
<p><b>(19:15 TO 19:25) PRESENT:</b></p>
<p>Dave Roberts (Chairman), Councillors Angela Caldara and Corinna Edge.</p>
<h2>1. DECLARATIONS OF INTEREST</h2>
<p>Danny Connellan indicated a personal interest as a leaseholder of a Merton property.</p>
<p>2. MINUTES OF THE MEETING HELD ON 23 JUNE 2009 (Agenda item 3) RESOLVED: That the minutes of the meeting held on 23 June are agreed as a correct record.</p>
<h2>3. AUDIT COMMISSION INTERIM REPORT</h2>
<p>The Director confirmed that action had been taken. The report was otherwise noted.</p>
<h2>4. ANNUAL GOVERNANCE REPORT 2008/09</h2>
<p>RESOLVED: (A) That the Audit Committee notes the Annual Governance Report.</p>
<p>(B) That the Audit Committee notes the Council's Use of Resources score.</p>
<h2>5. WORK PROGRAMME</h2>
<p>NOTED</p>
<p>2</p>
<h2>6. Declarations of interest</h2>
<p>Cllr Richards re 2443. Cllr Cobb re 2440.</p>
</body></html>`

// Decisions and declarations as older minutes set them: the keyword at
// the end of a run-in title, the first part inline and the next below, a
// bare NOTED over a page number, "the report was noted", one member per
// sentence.
func TestAuditStyleDecisions(t *testing.T) {
	items := read(t, auditMinutes)
	var got []string
	for _, d := range ofKind(items, corpus.KindDecision) {
		got = append(got, d.Number+" "+d.Text)
	}
	want := []string{
		"2 RESOLVED: That the minutes of the meeting held on 23 June are agreed as a correct record.",
		"3 The report was otherwise noted.",
		"4 That the Audit Committee notes the Annual Governance Report.",
		"4 That the Audit Committee notes the Council's Use of Resources score.",
		"5 NOTED",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("decisions:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var who []string
	for _, d := range ofKind(items, corpus.KindDeclaration) {
		who = append(who, d.Person+": "+d.Interest)
	}
	wantWho := []string{"Danny Connellan: personal interest as a leaseholder of a Merton property", "Richards: 2443", "Cobb: 2440"}
	if strings.Join(who, "; ") != strings.Join(wantWho, "; ") {
		t.Errorf("declarations %q, want %q", who, wantWho)
	}
	for _, m := range ofKind(items, corpus.KindMinute) {
		if strings.Contains(m.Title, "RESOLVED") {
			t.Errorf("minute %s title %q keeps the keyword", m.Number, m.Title)
		}
	}
}
