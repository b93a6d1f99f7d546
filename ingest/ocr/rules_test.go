package ocr

import (
	"math"
	"testing"

	"panelpapers/ingest/pdftext"
)

// paper is a white image w×h.
func paper(w, h int) *gray {
	img := &gray{w: w, h: h, pix: make([]byte, w*h)}
	for i := range img.pix {
		img.pix[i] = 255
	}
	return img
}

// fill paints the rectangle [x0, x1)×[y0, y1) of img in grey level v.
func fill(img *gray, x0, y0, x1, y1 int, v byte) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			img.pix[y*img.w+x] = v
		}
	}
}

func TestFindRulesKeepsRulesOnPaperOnly(t *testing.T) {
	const w, h = 1000, 1000
	const scale = 72.0 / 300 // points a pixel, at 300 dpi
	img := paper(w, h)
	// A table's rules: a horizontal one 3 pixels thick, a vertical
	// hairline in grey (as a thin rule scans), crossing it.
	fill(img, 100, 500, 900, 503, 0)
	fill(img, 300, 400, 302, 800, 120)
	// The stem of a letter: ink, but shorter than a rule.
	fill(img, 600, 600, 604, 650, 0)
	// A dark header with two lines of white letters (the annual return's
	// "31 March" over "2017"): between the letters, strips of the fill as
	// thin and as long as a rule, with fill beside them for most of their
	// length.
	fill(img, 100, 100, 900, 300, 60)
	for x := 120; x < 880; x += 14 {
		fill(img, x, 140, x+10, 180, 255)
		fill(img, x, 220, x+10, 260, 255)
	}
	// A thick band (a bar of shading) is no rule either.
	fill(img, 100, 880, 900, 920, 0)

	got := findRules(img, 1, 0, w/2, h/2, scale)
	want := []pdftext.Rule{
		{X0: 100 * scale, Y0: 501 * scale, X1: 899 * scale, Y1: 501 * scale},
		{X0: 300.5 * scale, Y0: 400 * scale, X1: 300.5 * scale, Y1: 799 * scale},
	}
	if len(got) != len(want) {
		t.Fatalf("found %d rules, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if math.Abs(g.X0-w.X0) > 1 || math.Abs(g.Y0-w.Y0) > 1 || math.Abs(g.X1-w.X1) > 1 || math.Abs(g.Y1-w.Y1) > 1 {
			t.Errorf("rule %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestFindRulesFollowsTheSkew(t *testing.T) {
	const w, h = 1000, 1000
	const scale = 72.0 / 300
	angle := 0.8 * math.Pi / 180
	img := paper(w, h)
	// A rule 700 pixels long, drawn 0.8° askew about the image's centre
	// (as make-scans.sh turns a page): read through the page's skew, it
	// is one horizontal rule, where it was drawn.
	for x := 150; x < 850; x++ {
		dx, dy := float64(x-w/2), float64(600-h/2)
		ix := w/2 + dx*math.Cos(angle) - dy*math.Sin(angle)
		iy := h/2 + dx*math.Sin(angle) + dy*math.Cos(angle)
		fill(img, int(ix), int(iy)-1, int(ix)+1, int(iy)+2, 0)
	}
	got := findRules(img, math.Cos(angle), math.Sin(angle), w/2, h/2, scale)
	if len(got) != 1 || got[0].Y0 != got[0].Y1 || got[0].X1-got[0].X0 < 650*scale || math.Abs(got[0].Y0-600*scale) > 1 {
		t.Fatalf("straightened: %+v; want one horizontal rule about 700 pixels long at y 600", got)
	}
}
