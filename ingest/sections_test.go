package ingest

import (
	"strings"
	"testing"

	"panelpapers/corpus"
)

// line is a shorthand for test pages: size, bold, block, text.
func line(size float64, bold bool, block int, text string) corpus.Line {
	return corpus.Line{Text: text, Size: size, Bold: bold, Block: block}
}

func TestSectionsSplitsAtHeadings(t *testing.T) {
	pages := []corpus.Page{
		{Number: 1, Printed: "1", Lines: []corpus.Line{
			line(16, true, 0, "Audit Committee"),
			line(11, false, 1, "A meeting of the Audit Committee will be held on"),
			line(11, false, 1, "22 October 2009 in the Civic Centre."),
			line(11, true, 2, "1. Apologies for absence"),
			line(11, false, 3, "Apologies were received from Councillor Smith."),
			line(11, true, 4, "84."),
			line(11, true, 5, "Declarations of Interest"),
			line(11, false, 6, "There were no declarations of interest."),
		}},
		{Number: 2, Printed: "2", Lines: []corpus.Line{
			line(11, false, 0, "The Chairman reminded members of the co-"),
			line(11, false, 0, "ordination of the review."),
			line(11, false, 1, "2. TREASURY MANAGEMENT"),
			line(11, false, 2, "The Committee noted the report."),
		}},
	}
	got := Sections(pages)
	var titles []string
	for _, s := range got {
		titles = append(titles, s.Title)
	}
	want := []string{"Audit Committee", "1. Apologies for absence", "84. Declarations of Interest", "2. TREASURY MANAGEMENT"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Fatalf("titles = %q, want %q", titles, want)
	}
	decl := got[2]
	if decl.Page != 1 || decl.PageEnd != 2 {
		t.Errorf("declarations section pages = %d-%d, want 1-2", decl.Page, decl.PageEnd)
	}
	if !strings.Contains(decl.Text, "co-ordination of the review") {
		t.Errorf("hyphenated line break not joined: %q", decl.Text)
	}
	if strings.Contains(got[0].Text, "held on\n") {
		t.Errorf("lines of one paragraph split: %q", got[0].Text)
	}
	if got[0].PrintedPage != "1" {
		t.Errorf("printed page = %q, want 1", got[0].PrintedPage)
	}
}

func TestSectionsUseLargerTypeAsHeading(t *testing.T) {
	pages := []corpus.Page{{Number: 1, Lines: []corpus.Line{
		line(10, false, 0, "Front sheet text in body type."),
		line(14, false, 1, "Recommendation Monitoring"),
		line(10, false, 2, "Response to previous recommendations for Member comment and more body text that runs on."),
		line(10, false, 2, "More of the same paragraph in body type, long enough to dominate the size count."),
	}}}
	got := Sections(pages)
	if len(got) != 2 || got[1].Title != "Recommendation Monitoring" {
		t.Fatalf("sections = %+v", got)
	}
}

func TestSectionsSplitLongSectionsAtPageBreaks(t *testing.T) {
	para := strings.Repeat("The Panel considered the budget in detail. ", 60)
	var pages []corpus.Page
	for n := 1; n <= 4; n++ {
		pages = append(pages, corpus.Page{Number: n, Lines: []corpus.Line{line(10, false, 0, para)}})
	}
	pages[0].Lines = append([]corpus.Line{line(10, true, 9, "Budget Monitoring")}, pages[0].Lines...)
	got := Sections(pages)
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
	pages := []corpus.Page{{Number: 1, Lines: []corpus.Line{
		{Text: "Minutes", Level: 1, Block: 0},
		{Text: "The minutes were agreed.", Block: 1},
		{Text: "Public Question Time", Level: 2, Block: 2},
		{Text: "There were no public questions.", Block: 3},
	}}}
	got := Sections(pages)
	if len(got) != 2 || got[1].Title != "Public Question Time" || got[1].Text != "There were no public questions." {
		t.Fatalf("sections = %+v", got)
	}
}

func TestSectionsJoinAHeadingWrappedIntoANewBlock(t *testing.T) {
	pages := []corpus.Page{{Number: 1, Lines: []corpus.Line{
		line(11, true, 1, "11. Implications of the Consultation Paper “Transforming"),
		line(11, true, 2, "the Response to Domestic Violence” 63 - 64"),
		line(11, false, 3, "To receive a report from the Commissioner."),
	}}}
	got := Sections(pages)
	if len(got) != 1 || !strings.HasSuffix(got[0].Title, "Domestic Violence” 63 - 64") {
		t.Fatalf("sections = %+v; want one section with the wrapped title", got)
	}
}
