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
}

func TestMeetingDecisionFragments(t *testing.T) {
	t.Run("decision detail", func(t *testing.T) {
		res := readShared(t, "realdocs/fragment_moderngov_decision_detail_policy_committee_2015.html")
		want := &Meeting{
			Body: "Policy Committee",
			Date: date(2015, 10, 19),
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
	// the whole page in an ASP.NET form. Its items and decisions are read
	// by the minutes rules like any paper's (ingest's TestModernGovItems).
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
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("meeting mismatch (-want +got):\n%s", diff)
	}
	text := allText(res)
	for _, chrome := range []string{"Skip to", "Contact us", "Committee structure", "Accessibility", "Printed on", "wEPDw", "PDF 1 MB", "View the decision"} {
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
