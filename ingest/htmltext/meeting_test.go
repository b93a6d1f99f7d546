package htmltext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// shared is the team's corpus of real and sample papers, next to the checkout.
const shared = "../../../shared"

func readShared(t *testing.T, rel string) *Result {
	t.Helper()
	path := filepath.Join(shared, rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared file absent: %v", err)
	}
	return readFile(t, path)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

type itemView struct {
	Number, Title, Time, Pages string
}

func itemViews(m *Meeting) []itemView {
	var out []itemView
	for _, it := range m.Items {
		out = append(out, itemView{it.Number, it.Title, it.Time, it.Pages})
	}
	return out
}

func TestMeetingAgendaShared(t *testing.T) {
	res := readShared(t, "corpus/tvpcp-2018-11-16-agenda.html")
	m := res.Meeting
	if m == nil {
		t.Fatal("Meeting is nil")
	}
	if m.Body != "Thames Valley Police and Crime Panel" || !m.Date.Equal(date(2018, 11, 16)) || m.Time != "11:00" {
		t.Errorf("meeting = %q %v %q", m.Body, m.Date, m.Time)
	}
	if m.Venue != "Olympic Room, Aylesbury Vale District Council, Gatehouse Road, Aylesbury, Bucks HP19 8FF." {
		t.Errorf("Venue = %q", m.Venue)
	}
	if m.Contact != "Khalid Ahmed, Scrutiny Officer" {
		t.Errorf("Contact = %q", m.Contact)
	}
	want := []itemView{
		{"1.", "Apologies for Absence", "", ""},
		{"2.", "Declarations of Interest", "", ""},
		{"3.", "Minutes", "", "5-16"},
		{"4.", "Public Question Time", "", ""},
		{"5.", "Themed Item - Update on Local Policing Model", "", ""},
		{"6.", "Police and Crime Commissioner Progress Report - Police and Crime Plan Strategic Priority - Police Ethics and Reform", "11:10", "17-24"},
		{"7.", "Police and Crime Commissioner Progress Report - Police and Crime Plan Strategic Priority 1 - Vulnerability", "11:30", "25-38"},
		{"8.", "Summary of Home Affairs Committee Report into Policing for the Future", "11:50", "39-42"},
		{"9.", "Thames Valley Police Contact Management Platform - Project Update", "12:10", "43-48"},
		{"10.", "Chairman Update / PCC Update", "12:25", "49-62"},
		{"11.", `Implications of the HM Government Consultation Paper "Transforming the Response to Domestic Violence"`, "12:35", "63-64"},
		{"12.", "Report of the Complaints Sub-Committee", "12:40", "65-66"},
		{"13.", "Recommendation Monitoring", "12:40", "67-76"},
		{"14.", "Work Programme", "12:45", "77-80"},
		{"15.", "Date and Time of Next Meeting", "", ""},
	}
	if diff := cmp.Diff(want, itemViews(m)); diff != "" {
		t.Errorf("items mismatch (-want +got):\n%s", diff)
	}
	if len(m.Items) == len(want) {
		if got := m.Items[2].Text; got != "To agree the Minutes of the Meeting held on 7 September 2018." {
			t.Errorf("item 3 text = %q", got)
		}
		if got := m.Items[3].Text; !strings.HasPrefix(got, "Anyone who works or lives") || strings.Count(got, "\n") != 2 {
			t.Errorf("item 4 text = %q, want three paragraphs", got)
		}
		if got := m.Items[14].Text; !strings.Contains(got, "Friday 1 February 2019 at 11.00am") {
			t.Errorf("item 15 text = %q", got)
		}
		for _, it := range m.Items {
			if it.Minutes != "" || len(it.Decisions) != 0 || strings.Contains(it.Title, "PDF") || strings.Contains(it.Text, "Pages ") {
				t.Errorf("item %s: %+v", it.Number, it)
			}
		}
	}
	if strings.Contains(allText(res), "Powered by") || strings.Contains(allText(res), "mgTrack") {
		t.Error("footer or script kept")
	}
}

func TestMeetingMinutesShared(t *testing.T) {
	res := readShared(t, "corpus/tvpcp-2018-09-07-minutes.html")
	if res.Charset != "windows-1252" {
		t.Errorf("Charset = %q", res.Charset)
	}
	text := allText(res)
	checkClean(t, text)
	for _, w := range []string{
		"Thames Valley making £100m worth of cuts",
		"that “Exploitation” be added",
		"the Panel’s Rules of Procedure",
		"Lead Analyst – South East Regional Organised Crime Unit",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
	m := res.Meeting
	if m == nil {
		t.Fatal("Meeting is nil")
	}
	if m.Body != "Thames Valley Police and Crime Panel" || !m.Date.Equal(date(2018, 9, 7)) || m.Time != "11:00" {
		t.Errorf("meeting = %q %v %q", m.Body, m.Date, m.Time)
	}
	want := []itemView{
		{Number: "13.", Title: "Declarations Of Interest"},
		{Number: "14.", Title: "Minutes"},
		{Number: "15.", Title: "Public Question Time"},
		{Number: "16.", Title: "Themed Item - The Governance Of The South East Regional Organised Crime Unit"},
		{Number: "18.", Title: "Chairman And Pcc Update"},
		{Number: "19.", Title: "Work Programme"},
		{Number: "20.", Title: "Date And Time Of Next Meeting"},
	}
	if diff := cmp.Diff(want, itemViews(m)); diff != "" {
		t.Fatalf("items mismatch (-want +got):\n%s", diff)
	}
	minutes := map[string][2]string{ // number: first paragraph prefix, last paragraph suffix
		"13.": {"Councillor David Carroll declared a Personal Interest", "independent trauma advice in Oxford."},
		"14.": {"The Minutes of the Police and Crime Panel meeting held on 22 June 2018 were agreed", "appointed to the Complaints Sub-Committee.]"},
		"15.": {"The Scrutiny Officer for the Panel reported", "asking for a fairer funding solution."},
		"16.": {"The Panel was informed that the purpose of the themed item", "would be considered at the next meeting of the Panel."},
		"18.": {"The Panel was provided with a report prepared by the Scrutiny Officer", "would be operational in 2019."},
		"19.": {"The report was noted.", "The report was noted."},
		"20.": {"The date of the next meeting was on 16 November 2018 at 11.00am", "District Council Offices."},
	}
	for _, it := range m.Items {
		w := minutes[it.Number]
		if !strings.HasPrefix(it.Minutes, w[0]) || !strings.HasSuffix(it.Minutes, w[1]) {
			t.Errorf("item %s minutes = %.80q ... %.80q", it.Number, it.Minutes, it.Minutes[max(0, len(it.Minutes)-80):])
		}
		if it.Text != "" || strings.Contains(it.Minutes, "Minutes:") {
			t.Errorf("item %s: text %q; the Minutes: label must not be kept", it.Number, it.Text)
		}
		var wantDec []string
		if it.Number == "16." {
			wantDec = []string{"That the presenters be thanked for the excellent information provided and the Panel noted the work carried out by SEROCU and commended both the PCC and the Chief Constable on the unit's performance."}
		}
		if diff := cmp.Diff(wantDec, it.Decisions); diff != "" {
			t.Errorf("item %s decisions mismatch (-want +got):\n%s", it.Number, diff)
		}
	}
	// Item 16's minutes keep their paragraphs, list items and question numbers.
	m16 := m.Items[3].Minutes
	for _, w := range []string{"\nWhat is SEROCU?\n", "\nHad responsibility for protecting communities in the South East from serious organised crime\n", "\n1. With the lack of benchmarking information", "\nRESOLVED\n"} {
		if !strings.Contains(m16, w) {
			t.Errorf("item 16 minutes missing %q", w)
		}
	}
}

func TestMeetingDecisionFragments(t *testing.T) {
	t.Run("decision detail", func(t *testing.T) {
		res := readShared(t, "realdocs/fragment_moderngov_decision_detail_policy_committee_2015.html")
		want := &Meeting{
			Body: "Policy Committee",
			Date: date(2015, 10, 19),
			Items: []MeetingItem{{
				Title:     "Minutes of Previous Meeting",
				Decisions: []string{"The Minutes of the Policy Committee meeting on 23 September 2015 were approved as a correct record."},
			}},
		}
		if diff := cmp.Diff(want, res.Meeting); diff != "" {
			t.Errorf("meeting mismatch (-want +got):\n%s", diff)
		}
		if res.Title != "Decision details" {
			t.Errorf("Title = %q", res.Title)
		}
	})
	t.Run("multi-paragraph decision", func(t *testing.T) {
		res := readShared(t, "realdocs/fragment_moderngov_decision_multi_paragraph_kirklees.html")
		want := &Meeting{
			Body: "Service Director - Homes & Neighbourhoods", // the decision maker: an officer decision has no meeting
			Date: date(2021, 7, 27),
			Items: []MeetingItem{{
				Title: "Appointment of contractor to demolish Holme Park Court",
				Decisions: []string{"The demolition of the existing tower blocks has been approved to support the regeneration of Berry Brow.\n" +
					"This decision was authorised by the Cabinet at its meeting on Tuesday, 27 July 2021."},
			}},
		}
		if diff := cmp.Diff(want, res.Meeting); diff != "" {
			t.Errorf("meeting mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("decisions list", func(t *testing.T) {
		res := readShared(t, "realdocs/fragment_moderngov_decisions_list_kirklees.html")
		if res.Meeting != nil {
			t.Errorf("Meeting = %+v, want nil for a list of decisions", res.Meeting)
		}
		want := []lineView{
			{Text: "Decisions published", Block: 1},
			{Text: "Title\tDate\tEffective from\tCall-ins", Cells: []string{"Title", "Date", "Effective from", "Call-ins"}, Block: 2},
			{Text: "Settlement Agreement with Network Rail Infrastructure Limited (NRIL) in respect of land adjacent to the George Hotel, Railway Street, Huddersfield\t01/04/2025\t01/04/2025\tNot for call-in",
				Cells: []string{"Settlement Agreement with Network Rail Infrastructure Limited (NRIL) in respect of land adjacent to the George Hotel, Railway Street, Huddersfield", "01/04/2025", "01/04/2025", "Not for call-in"}, Block: 3},
			{Text: "Admission of the Public\t03/11/2025\t03/11/2025\tNot for call-in", Cells: []string{"Admission of the Public", "03/11/2025", "03/11/2025", "Not for call-in"}, Block: 4},
			{Text: "An issue history row, not a decision\t04/11/2025\t04/11/2025\tNot for call-in", Cells: []string{"An issue history row, not a decision", "04/11/2025", "04/11/2025", "Not for call-in"}, Block: 5},
		}
		if diff := cmp.Diff(want, view(res.Lines)); diff != "" {
			t.Errorf("lines mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestMeetingModernGovCabinet(t *testing.T) {
	// Real modern.gov markup: labels as siblings of mgWordPara, a Decision:
	// block, a sub-item in a nested table, file sizes in mgFileSize spans,
	// the whole page in an ASP.NET form.
	res := readFile(t, "testdata/moderngov-cabinet.html")
	m := res.Meeting
	if m == nil {
		t.Fatal("Meeting is nil")
	}
	want := &Meeting{
		Body:    "Cabinet",
		Date:    date(2025, 2, 5),
		Time:    "14:00",
		Venue:   "Council Chamber, County Hall, Anytown AN1 1AA",
		Contact: "Jo Bloggs, Democratic Services Officer 01234 567890",
		Items: []MeetingItem{
			{Number: "1.", Title: "Apologies for absence", Minutes: "Apologies were received from Councillor Patel."},
			{
				Number: "4.", Title: "Budget 2025-26 and Medium Term Financial Plan", Time: "14:05", Pages: "7-58",
				Text: "To consider the draft budget for recommendation to Council.",
				Minutes: "The Cabinet Member for Finance introduced the report. Members discussed the pressure on adult social care.\n" +
					"RESOLVED:\n(1) That the revenue budget of £1.2bn be recommended to Council;\n(a) including the council tax increase of 4.99%;\n" +
					"(2) That the capital programme be approved.\nThe Leader thanked officers for their work.",
				Decisions: []string{
					"That the revenue budget of £1.2bn be recommended to Council",
					"That the capital programme be approved",
					"That delegated authority be given to the Section 151 Officer.",
				},
			},
			{Number: "4.1", Title: "Treasury Management Strategy", Text: "To note the strategy.", Decisions: []string{"The strategy was noted."}},
			{Number: "5.", Title: "Exclusion of the press and public", Text: "To exclude the public for item 6 under paragraph 3 of Part 1 of Schedule 12A."},
		},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("meeting mismatch (-want +got):\n%s", diff)
	}
	text := allText(res)
	for _, chrome := range []string{"Skip to", "Contact us", "Committee structure", "Accessibility", "Printed on", "wEPDw"} {
		if strings.Contains(text, chrome) {
			t.Errorf("chrome %q kept", chrome)
		}
	}
}

func TestParseMeetingTitle(t *testing.T) {
	tests := []struct {
		in   string
		body string
		date time.Time
		tm   string
	}{
		{"Thames Valley Police and Crime Panel - Friday, 16th November, 2018 11.00 am", "Thames Valley Police and Crime Panel", date(2018, 11, 16), "11:00"},
		{"Agenda for Cabinet on Thursday, 30th January, 2025, 10.00 am - Kent County Council", "Cabinet", date(2025, 1, 30), "10:00"},
		{"Agenda and minutes for Planning Committee on Tuesday, 3rd March, 2020, 6.30 pm", "Planning Committee", date(2020, 3, 3), "18:30"},
		{"Audit and Governance Committee - Monday, 9th December, 2019 7.00 pm, MOVED", "Audit and Governance Committee", date(2019, 12, 9), "19:00"},
		{"Council - Wednesday, 22nd July, 2020", "Council", date(2020, 7, 22), ""},
	}
	for _, tt := range tests {
		body, d, tm, ok := parseMeetingTitle(tt.in)
		if !ok || body != tt.body || !d.Equal(tt.date) || tm != tt.tm {
			t.Errorf("parseMeetingTitle(%q) = %q, %v, %q, %v", tt.in, body, d, tm, ok)
		}
	}
	if _, _, _, ok := parseMeetingTitle("Minutes of Previous Meeting"); ok {
		t.Error("a title without a date is not a meeting title")
	}
}
