package ingest

import (
	"testing"

	"panelpapers/ingest/layout"
)

func pageOf(n int, texts ...string) layout.Page {
	p := layout.Page{Number: n}
	for i, s := range texts {
		p.Lines = append(p.Lines, layout.Line{Text: s, Block: i})
	}
	return p
}

func TestDetectBodyAndDate(t *testing.T) {
	tests := []struct {
		name       string
		pages      []layout.Page
		body, date string
	}{
		{
			name: "front sheet with a date label, minutes of an earlier meeting inside",
			pages: []layout.Page{
				pageOf(1, "Agenda", "Date: Friday 16 November 2018", "Time: 11.00 am"),
				pageOf(2, "Minutes of the Thames Valley Police and Crime Panel held on Friday, 7 September 2018, in the Olympic Room"),
				pageOf(3, "PCC REPORT TO THE THAMES VALLEY POLICE AND CRIME PANEL 16th November 2018"),
				pageOf(4, "meetings of the Police and Crime Panel are held in public"),
			},
			body: "Thames Valley Police and Crime Panel", date: "2018-11-16",
		},
		{
			name: "printed minutes",
			pages: []layout.Page{pageOf(1, "KENT COUNTY COUNCIL", "CABINET",
				"MINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions House, County Hall, Maidstone on Thursday, 30 January 2025.")},
			body: "Cabinet", date: "2025-01-30",
		},
		{
			name: "community council minutes, ordinal date in capitals",
			pages: []layout.Page{pageOf(1, "MANORDEILO & SALEM COMMUNITY COUNCIL", "MEETING 6TH FEBRUARY 2019",
				"The Council held their meeting following the Extraordinary Meeting on the 6th February 2019")},
			body: "Manordeilo & Salem Community Council", date: "2019-02-06",
		},
		{
			name:  "report front sheet",
			pages: []layout.Page{pageOf(1, "From: Roger Gough, Leader of the Council", "To: County Council, 13 March 2025", "Subject: Governance Update")},
			body:  "County Council", date: "2025-03-13",
		},
		{
			name:  "no body, numeric UK date",
			pages: []layout.Page{pageOf(1, "Notes of a site visit", "Visit on 03/03/2020 to the depot")},
			body:  "", date: "2020-03-03",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := detectBody(tc.pages); got != tc.body {
				t.Errorf("body = %q, want %q", got, tc.body)
			}
			if got := detectDate(tc.pages, ""); got != tc.date {
				t.Errorf("date = %q, want %q", got, tc.date)
			}
		})
	}
}

func TestDetectTitlePrefixesGenericTitlesWithTheBody(t *testing.T) {
	pages := []layout.Page{{Number: 1, Lines: []layout.Line{
		{Text: "Agenda", Size: 20}, {Text: "Date: Friday 16 November 2018", Size: 11},
	}}}
	if got := detectTitle(pages, "Audit Committee"); got != "Audit Committee – Agenda" {
		t.Errorf("title = %q", got)
	}
	pages[0].Lines[0].Text = "Budget Monitoring Report Quarter 2"
	if got := detectTitle(pages, "Audit Committee"); got != "Budget Monitoring Report Quarter 2" {
		t.Errorf("title = %q", got)
	}
}

func TestDetectDateSkipsOtherMeetings(t *testing.T) {
	pages := []layout.Page{pageOf(1, "AGENDA", "3. To agree the Minutes of the Meeting held on 9th January 2025",
		"The next meeting will be held on 3 March 2025", "Meeting: Thursday, 30th January, 2025, at 10.00 am")}
	if got := detectDate(pages, ""); got != "2025-01-30" {
		t.Errorf("date = %q, want 2025-01-30", got)
	}
	own := []layout.Page{pageOf(1, "Minutes of a meeting of the above Council held on Monday 29th July 2019 at 7.00pm")}
	if got := detectDate(own, ""); got != "2019-07-29" {
		t.Errorf("date = %q, want 2019-07-29", got)
	}
}
