package ingest

import (
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/model"
)

// sectionsOf runs Sections on pages as ingest does: through the model.
func sectionsOf(pages []layout.Page) []corpus.Item {
	return Sections(model.Build(pages))
}

// line is a shorthand for test pages: size, bold, block, text.
func line(size float64, bold bool, block int, text string) layout.Line {
	return layout.Line{Text: text, Size: size, Bold: bold, Block: block}
}

func TestSectionsSplitsAtHeadings(t *testing.T) {
	pages := []layout.Page{
		{Number: 1, Printed: "1", Lines: []layout.Line{
			line(16, true, 0, "Annual Audit Letter"),
			line(11, false, 1, "This report summarises the findings of the audit of"),
			line(11, false, 1, "the 2008/09 accounts and the use of resources."),
			line(11, true, 2, "1. Introduction"),
			line(11, false, 3, "The auditor has completed the work set out in the plan."),
			line(11, true, 4, "2."),
			line(11, true, 5, "Financial Statements"),
			line(11, false, 6, "An unqualified opinion was given on the statements."),
		}},
		{Number: 2, Printed: "2", Lines: []layout.Line{
			line(11, false, 0, "The Chief Finance Officer thanked the team for the co-"),
			line(11, false, 0, "ordination of the closedown."),
			line(11, true, 1, "3. USE OF RESOURCES"),
			line(11, false, 2, "The Council scored 3 on each theme."),
		}},
	}
	got := sectionsOf(pages)
	var titles []string
	for _, s := range got {
		titles = append(titles, s.Title)
	}
	want := []string{"Annual Audit Letter", "1. Introduction", "2. Financial Statements", "3. USE OF RESOURCES"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Fatalf("titles = %q, want %q", titles, want)
	}
	fin := got[2]
	if fin.Page != 1 || fin.PageEnd != 2 {
		t.Errorf("financial statements section pages = %d-%d, want 1-2", fin.Page, fin.PageEnd)
	}
	if !strings.Contains(fin.Text, "co-ordination of the closedown") {
		t.Errorf("hyphenated line break not joined: %q", fin.Text)
	}
	if strings.Contains(got[0].Text, "audit of\n") {
		t.Errorf("lines of one paragraph split: %q", got[0].Text)
	}
	if got[0].PrintedPage != "1" {
		t.Errorf("printed page = %q, want 1", got[0].PrintedPage)
	}
}

// In minutes the minutes carry the text: only the paper's opening is a
// section, so one passage is not indexed twice.
func TestSectionsLeaveMinutesToTheirItems(t *testing.T) {
	pages := []layout.Page{{Number: 1, Lines: []layout.Line{
		line(16, true, 0, "Minutes of the meeting of the Audit Committee held on 22 October 2009"),
		line(11, false, 1, "Present: Councillors Smith and Jones."),
		line(11, true, 2, "1. Apologies for absence"),
		line(11, false, 3, "Apologies were received from Councillor Brown."),
		line(11, true, 4, "2. Declarations of interest"),
		line(11, false, 5, "There were no declarations of interest."),
	}}}
	got := sectionsOf(pages)
	for _, s := range got {
		if strings.Contains(s.Text, "Apologies were received") || strings.Contains(s.Text, "no declarations") {
			t.Errorf("a minute's text is also a section: %+v", s)
		}
	}
	if len(got) == 0 || !strings.Contains(got[0].Title+" "+got[0].Text, "Present") {
		t.Errorf("the minutes' opening is not a section: %+v", got)
	}
}

func TestSectionsUseLargerTypeAsHeading(t *testing.T) {
	pages := []layout.Page{{Number: 1, Lines: []layout.Line{
		line(10, false, 0, "Front sheet text in body type."),
		line(14, false, 1, "Recommendation Monitoring"),
		line(10, false, 2, "Response to previous recommendations for Member comment and more body text that runs on."),
		line(10, false, 2, "More of the same paragraph in body type, long enough to dominate the size count."),
	}}}
	got := sectionsOf(pages)
	if len(got) != 2 || got[1].Title != "Recommendation Monitoring" {
		t.Fatalf("sections = %+v", got)
	}
}

func TestSectionsSplitLongSectionsAtPageBreaks(t *testing.T) {
	para := strings.Repeat("The Panel considered the budget in detail. ", 60)
	var pages []layout.Page
	for n := 1; n <= 4; n++ {
		pages = append(pages, layout.Page{Number: n, Lines: []layout.Line{line(10, false, 0, para)}})
	}
	pages[0].Lines = append([]layout.Line{line(10, true, 9, "Budget Monitoring")}, pages[0].Lines...)
	got := sectionsOf(pages)
	if len(got) < 2 {
		t.Fatalf("one section of %d chars over 4 pages; want it split at page breaks", len(got[0].Text))
	}
	for _, s := range got {
		if s.Title != "Budget Monitoring" {
			t.Errorf("continuation title = %q", s.Title)
		}
		if len(s.Text) > maxSectionChars+len(para)+1 {
			t.Errorf("section of %d chars exceeds the cap", len(s.Text))
		}
	}
	if got[1].Page <= got[0].Page {
		t.Errorf("continuation starts on page %d, after %d", got[1].Page, got[0].Page)
	}
}

func TestSectionsHTMLHeadingLevels(t *testing.T) {
	pages := []layout.Page{{Number: 1, Lines: []layout.Line{
		{Text: "Minutes", Level: 1, Block: 0},
		{Text: "The minutes were agreed.", Block: 1},
		{Text: "Public Question Time", Level: 2, Block: 2},
		{Text: "There were no public questions.", Block: 3},
	}}}
	got := sectionsOf(pages)
	if len(got) != 2 || got[1].Title != "Public Question Time" || got[1].Text != "There were no public questions." {
		t.Fatalf("sections = %+v", got)
	}
}

func TestSectionsJoinAHeadingWrappedIntoANewBlock(t *testing.T) {
	pages := []layout.Page{{Number: 1, Lines: []layout.Line{
		line(11, true, 1, "11. Implications of the Consultation Paper “Transforming"),
		line(11, true, 2, "the Response to Domestic Violence” 63 - 64"),
		line(11, false, 3, "To receive a report from the Commissioner."),
	}}}
	got := sectionsOf(pages)
	if len(got) != 1 || !strings.HasSuffix(got[0].Title, "Domestic Violence” 63 - 64") {
		t.Fatalf("sections = %+v; want one section with the wrapped title", got)
	}
}
