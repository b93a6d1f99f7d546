package ocr

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// hocrOf writes Tesseract-style hOCR for lines of words; each line is set
// at y (its baseline at x = 100) and falls slope pixels per pixel.
func hocrOf(w, h int, slope float64, lines map[int][]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body>
<div class='ocr_page' id='page_1' title='image "-"; bbox 0 0 %d %d; ppageno 0'>
<div class='ocr_carea' title="bbox 0 0 1 1"><p class='ocr_par' lang='eng' title="bbox 0 0 1 1">`, w, h)
	for y := 0; y < h; y++ {
		ws, ok := lines[y]
		if !ok {
			continue
		}
		x := 100.0
		x1 := x + float64(len(ws))*300
		// The line box's bottom is at its lowest (rightmost, when it falls).
		bottom := float64(y) + slope*(x1-x) + 10
		fmt.Fprintf(&b, "\n<span class='ocr_line' title=\"bbox %d %d %d %d; baseline %.4f %d; x_size 40; x_descenders 10; x_ascenders 10\">",
			int(x), y-30, int(x1), int(bottom), slope, -int(bottom-float64(y)))
		for _, word := range ws {
			wy := float64(y) + slope*(x-100)
			fmt.Fprintf(&b, "<span class='ocrx_word' title='bbox %d %d %d %d; x_wconf 90'>%s</span> ", int(x), int(wy-30), int(x+250), int(wy), word)
			x += 300
		}
		b.WriteString("</span>")
	}
	b.WriteString("\n</p></div></div></body></html>\n")
	return b.String()
}

func TestHOCRWordsAreStraightenedAndScaled(t *testing.T) {
	const w, h = 2480, 3508 // A4 at 300 dpi
	slope := math.Tan(0.8 * math.Pi / 180)
	src := hocrOf(w, h, slope, map[int][]string{
		400:  {"Minutes", "of", "the", "meeting", "&amp;", "ﬁnance"},
		1000: {"RESOLVED", "that", "the", "report", "be", "noted."},
	})
	page, err := parseHOCR([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(page.lines) != 2 || len(page.lines[0].words) != 6 {
		t.Fatalf("parsed %+v", page)
	}
	img := &gray{w: w, h: h, pix: make([]byte, w*h)}
	for i := range img.pix {
		img.pix[i] = 255
	}
	got := page.image(img, 595.28, 841.89)
	if len(got.Words) != 12 || got.Confidence != 90 {
		t.Fatalf("%d words, confidence %v", len(got.Words), got.Confidence)
	}
	if got.Words[4].Text != "&" || got.Words[5].Text != "finance" {
		t.Errorf("entities and ligatures: %q %q", got.Words[4].Text, got.Words[5].Text)
	}
	scale := 595.28 / w
	for _, line := range [][]int{{0, 6}, {6, 12}} {
		first := got.Words[line[0]]
		for _, wd := range got.Words[line[0]:line[1]] {
			// A line a degree askew drops 30 pixels over its width; once
			// straightened its words share one baseline.
			if math.Abs(wd.Baseline-first.Baseline) > 0.01 {
				t.Errorf("%q baseline %.2f, its line's first word %.2f", wd.Text, wd.Baseline, first.Baseline)
			}
			if math.Abs(wd.Size-40*scale/xSizePerPoint) > 0.1 {
				t.Errorf("%q size %.2f", wd.Text, wd.Size)
			}
			if wd.X1-wd.X0 < 59 || wd.X1-wd.X0 > 61 {
				t.Errorf("%q width %.2f points, want 250 px = 60 points", wd.Text, wd.X1-wd.X0)
			}
		}
	}
	if d := got.Words[6].Baseline - got.Words[0].Baseline; math.Abs(d-600*scale) > 3 {
		t.Errorf("lines %.1f points apart, want about %.1f", d, 600*scale)
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": Auto, "auto": Auto, "OFF": Off, " force ": Force} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseMode("sometimes"); err == nil {
		t.Error("ParseMode(sometimes): no error")
	}
}

func TestDecodePGM(t *testing.T) {
	img, err := decodePGM([]byte("P5\n# a comment\n3 2\n255\n\x00\x01\x02\x03\x04\x05"))
	if err != nil || img.w != 3 || img.h != 2 || img.at(2, 1) != 5 {
		t.Fatalf("%+v, %v", img, err)
	}
	for _, bad := range []string{"P6\n3 2\n255\n......", "P5\n3 2\n255\n\x00", "P5\n3 2\n65535\n" + strings.Repeat("\x00", 12), "P5\n"} {
		if _, err := decodePGM([]byte(bad)); err == nil {
			t.Errorf("decodePGM(%q): no error", bad)
		}
	}
}
