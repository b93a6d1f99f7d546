package model

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"panelpapers/ingest/htmltext"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/pdftext"
)

var update = flag.Bool("update", false, "rewrite the model golden files in testdata/golden")

func TestParseMarker(t *testing.T) {
	for _, c := range []struct {
		in, label, rest string
		style           MarkerStyle
		value           int
		weak            bool
	}{
		{"13. Apologies", "13.", "Apologies", Decimal, 13, false},
		{"(a) notes the report", "(a)", "notes the report", LowerAlpha, 1, false},
		{"iv) Clerk to write", "iv)", "Clerk to write", LowerRoman, 4, false},
		{"4.1.2 The Panel", "4.1.2", "The Panel", Dotted, 2, false},
		{"23/19 Minutes", "23/19", "Minutes", Slash, 23, false},
		{"2674. Police Report", "2674.", "Police Report", Decimal, 2674, false},
		{"CAB/45 Budget", "CAB/45", "Budget", Ref, 0, false},
		{"• Wales Air Ambulance", "•", "Wales Air Ambulance", Bullet, 0, false},
		{"3 Minutes of the meeting", "3", "Minutes of the meeting", Decimal, 3, true},
		{"B) New Homes Bonus", "B)", "New Homes Bonus", UpperAlpha, 2, false},
		{"The Panel noted", "", "The Panel noted", NoMarker, 0, false},
		{"£1,200 was set aside", "", "£1,200 was set aside", NoMarker, 0, false},
		{"2.05 pm", "", "2.05 pm", NoMarker, 0, false}, // an agenda item's time
		{"10.30 a.m. Coffee", "", "10.30 a.m. Coffee", NoMarker, 0, false},
		{"4.10 Performance", "4.10", "Performance", Dotted, 10, false},
	} {
		m, rest := ParseMarker(c.in)
		if m.Label != c.label || rest != c.rest || m.Style != c.style || m.Weak != c.weak || c.value != 0 && m.Value != c.value {
			t.Errorf("ParseMarker(%q) = %+v, %q; want label %q style %v value %d weak %v, rest %q",
				c.in, m, rest, c.label, c.style, c.value, c.weak, c.rest)
		}
	}
}

func TestMarkerFollows(t *testing.T) {
	a, _ := ParseMarker("(c) x")
	b, _ := ParseMarker("(d) x")
	if !b.Follows(a) || a.Follows(b) {
		t.Errorf("(d) should follow (c) and not the other way round")
	}
	one, _ := ParseMarker("(1) x")
	sub, _ := ParseMarker("(a) x")
	subsub, _ := ParseMarker("(ii) x")
	if !sub.Under(one) || !subsub.Under(sub) || one.Under(sub) || sub.Under(sub) {
		t.Errorf("(a) is under (1), (ii) under (a), and not the other way round")
	}
	n, _ := ParseMarker("2685. x")
	r, _ := ParseMarker("vi) x")
	if n.SameList(r) {
		t.Errorf("2685. and vi) are not one list")
	}
}

// The golden files record how the model reads a few papers of different
// house styles: blocks, labels, tables with their column roles, the
// outline and the papers of a pack. A change to the model shows here as a
// diff to read; go test ./ingest/model -update rewrites them.
var goldenPapers = []struct{ name, path string }{
	{"kent-appx-j", "../../../shared/realdocs/kent_cabinet_2025-01-30_appx_j_government_grants.pdf"},
	{"tintern-minutes", "../../../shared/realdocs/tintern_cc_2019-07-29_minutes.pdf"},
	{"manordeilo-minutes", "../../../shared/realdocs/manordeilo_salem_cc_2019-02-06_minutes_en_grants.pdf"},
	{"merton-pack", "../../../shared/realdocs/merton_audit_committee_2009-10-22_agenda_acrobat8.pdf"},
	{"borough-cabinet-libreoffice", "../testdata/packs/borough-cabinet/libreoffice.pdf"},
	{"pcp-decisions-html", "../testdata/packs/pcp-decisions/pack.html"},
}

func TestGoldenModels(t *testing.T) {
	for _, g := range goldenPapers {
		t.Run(g.name, func(t *testing.T) {
			d := buildPath(t, g.path)
			got := d.Dump(140)
			file := filepath.Join("testdata", "golden", g.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("the model of %s changed:\n%s", g.path, lineDiff(string(want), got))
			}
		})
	}
}

func buildPath(t *testing.T, path string) *Doc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		if strings.Contains(path, "shared") {
			t.Skipf("shared paper absent: %v", err)
		}
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".html") {
		res, err := htmltext.Read(data)
		if err != nil {
			t.Fatal(err)
		}
		return Build([]layout.Page{{Number: 1, Lines: res.Lines}})
	}
	res, err := pdftext.Extract(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	return Build(res.Pages)
}

// lineDiff shows the first lines where want and got part.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < max(len(w), len(g)) && len(out) < 20; i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, "- "+a, "+ "+b)
		}
	}
	return strings.Join(out, "\n")
}

// A label in a column of its own belongs to the text beside it, however the
// layout cut the text: the item starts on the line the label sits level
// with.
func TestLabelColumnStartsItsItem(t *testing.T) {
	d := buildPath(t, "../../../shared/realdocs/merton_audit_committee_2009-10-22_agenda_acrobat8.pdf")
	found := false
	for _, b := range d.Blocks {
		if b.Marker.Label == "5" {
			found = true
			if !strings.HasPrefix(b.Text, "ANNUAL GOVERNANCE REPORT 2008/09") {
				t.Errorf("minute 5 reads %q; want it to start at its title", clip(b.Text, 60))
			}
		}
	}
	if !found {
		t.Error("no block labelled 5")
	}
}

// A lettered title set in the body's type over its paragraphs is a
// heading that governs them.
func TestLetteredTitlesGovernTheirText(t *testing.T) {
	d := buildPath(t, "../../../shared/realdocs/kent_cabinet_2025-01-30_appx_j_government_grants.pdf")
	var titles []string
	for i, b := range d.Blocks {
		if b.Kind == Heading && b.Marker.Style == UpperAlpha {
			titles = append(titles, b.Text)
			if kids := d.End(i) - i - 1; kids < 1 {
				t.Errorf("%q governs no blocks", b.Text)
			}
		}
	}
	if len(titles) < 6 {
		t.Errorf("lettered headings %q; want A) to G)", titles)
	}
}

// A bulleted line whose bullet sits in a column of its own, cut by the
// page's end, is carried on by the first line of the next page set where
// its text starts (LibreOffice's render of the sample pack, pages 28-29).
func TestBulletTextCarriedOverThePage(t *testing.T) {
	d := buildPath(t, "../../../shared/corpus/tvpcp-2018-11-16-pack-libreoffice.pdf")
	for _, b := range d.Blocks {
		if strings.Contains(b.Text, "launching 4 new Community/Neighbourhood") {
			if !strings.Contains(b.Text, "Watch Associations in 28 Neighbourhoods.") || b.Page != 28 || b.PageEnd != 29 {
				t.Errorf("block p%d-%d %q; want it to run on to page 29's 'Watch Associations in 28 Neighbourhoods.'", b.Page, b.PageEnd, b.Text)
			}
			return
		}
	}
	t.Error("no block about the Neighbourhood Watch Associations")
}

// OCR reads a bullet with a speck beside it ("*." in a column of its own):
// still a bullet, and the text beside it one paragraph.
func TestSpeckledBulletIsABullet(t *testing.T) {
	line := func(y float64, cells ...string) layout.Line {
		return layout.Line{Text: strings.Join(cells, "\t"), Cells: cells, CellX: []float64{90, 108}, X: 90, X1: 520, Y: y, Size: 11, Block: int(y)}
	}
	d := Build([]layout.Page{{Number: 1, Lines: []layout.Line{
		{Text: "Main Inquiries Findings:", X: 72, X1: 200, Y: 80, Size: 11, Bold: true, Block: 1},
		line(100, "*.", "Many volume crimes have been increasing sharply. It was strongly recommended that police funding is prioritised."),
		line(140, "•", "Only a small proportion of online fraud cases were ever investigated."),
	}}})
	var texts []string
	for _, b := range d.Blocks {
		texts = append(texts, b.Text)
		if strings.HasPrefix(b.Text, "*") {
			t.Errorf("the speckled bullet is read as text: %q", b.Text)
		}
	}
	if !slices.Contains(texts, "Many volume crimes have been increasing sharply. It was strongly recommended that police funding is prioritised.") {
		t.Errorf("blocks %q; want the bullet's text as a block of its own", texts)
	}
}
