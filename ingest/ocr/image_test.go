package ocr

import (
	"math"
	"testing"

	"panelpapers/ingest/pdftext"
)

func TestTypeSizeOfCapitalsLines(t *testing.T) {
	word := func(text string, height float64) hocrWord {
		return hocrWord{box: [4]float64{0, 100, 50, 100 + height}, conf: 90, text: text}
	}
	for _, c := range []struct {
		name string
		line hocrLine
		want float64
	}{
		// Capitals 30 pixels high are type of 30/capHeight pixels:
		// Tesseract's 60 is too large.
		{"capitals, x_size too large", hocrLine{xSize: 60, words: []hocrWord{word("AGENDA", 30), word("-", 3), word("48", 30)}}, 30 / capHeight},
		// Only ever made smaller: a capitals line Tesseract measured as
		// small keeps its size.
		{"capitals, x_size small", hocrLine{xSize: 30, words: []hocrWord{word("PANEL", 30)}}, 30},
		// Lower case shows the x-height: x_size stands.
		{"lower case", hocrLine{xSize: 60, words: []hocrWord{word("AGENDA", 30), word("item", 30)}}, 60},
		// Brackets reach below the capitals: not measured.
		{"brackets", hocrLine{xSize: 60, words: []hocrWord{word("(A)", 45)}}, 60},
		{"no x_size", hocrLine{box: [4]float64{0, 100, 200, 150}, words: []hocrWord{word("(A)", 45)}}, 50},
	} {
		if got := c.line.typeSize(); math.Abs(got-c.want) > 0.01 {
			t.Errorf("%s: typeSize %.2f, want %.2f", c.name, got, c.want)
		}
	}
}

func TestIsBullet(t *testing.T) {
	at := func(x0, x1 float64, text string) hocrWord {
		return hocrWord{box: [4]float64{x0, 100, x1, 140}, conf: 90, text: text}
	}
	const size = 40
	for _, c := range []struct {
		name string
		line hocrLine
		k    int
		want bool
	}{
		{"a disc apart from its text", hocrLine{words: []hocrWord{at(100, 110, "•"), at(160, 300, "Budget")}}, 0, true},
		{"a disc read as e", hocrLine{words: []hocrWord{at(100, 110, "e"), at(160, 300, "Budget")}}, 0, true},
		{"a bullet alone on its line", hocrLine{words: []hocrWord{at(100, 110, "*")}}, 0, true},
		{"a word of one letter, close to the next", hocrLine{words: []hocrWord{at(100, 110, "e"), at(120, 300, "mail")}}, 0, false},
		{"a list's number", hocrLine{words: []hocrWord{at(100, 120, "1."), at(160, 300, "Budget")}}, 0, false},
		{"not first on its line", hocrLine{words: []hocrWord{at(100, 300, "Budget"), at(360, 370, "•")}}, 1, false},
		{"three marks", hocrLine{words: []hocrWord{at(100, 130, "..."), at(190, 300, "Budget")}}, 0, false},
	} {
		if got := c.line.isBullet(c.k, size); got != c.want {
			t.Errorf("%s: isBullet %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSnapSizes(t *testing.T) {
	// A body of 10.1 points with lines measured 10.5 and 9.6, a heading
	// of 14 and 14.6, and a subheading of 12 (beyond 8% of either).
	ws := []pdftext.Word{{Size: 10.1}, {Size: 10.5}, {Size: 9.6}, {Size: 10.1}, {Size: 14}, {Size: 14.6}, {Size: 12}}
	snapSizes(ws)
	want := []float64{10.1, 10.1, 10.1, 10.1, 14, 14, 12}
	for i, w := range ws {
		if w.Size != want[i] {
			t.Errorf("word %d: size %.1f, want %.1f", i, w.Size, want[i])
		}
	}
}
