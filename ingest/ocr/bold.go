package ocr

import (
	"math"
	"slices"
)

// Tesseract's LSTM models do not say which words are bold, and the
// structure rules read headings partly by weight. Weight shows in the
// image as the width of vertical strokes: a bold face's stems are about
// half as wide again as its regular's. So each word's stroke width is
// measured (the mean length of the dark runs across its rows, leaving out
// the long runs of horizontal strokes), relative to its line's type size,
// and a word whose strokes are clearly wider than the page's usual is
// bold.

const (
	// darkLevel is the grey below which a pixel is ink.
	darkLevel = 128
	// boldRatio is how much wider than the page's median a word's strokes
	// must be for the word to be bold.
	boldRatio = 1.3
	// minStrokeWords is how many measured words a page needs before its
	// median means anything.
	minStrokeWords = 12
)

type strokeMeter struct {
	img    *gray
	sx, sy float64 // image pixels per hOCR pixel
	words  []int   // index into the page's words
	widths []float64
}

func newStrokeMeter(img *gray, pw, ph float64) *strokeMeter {
	return &strokeMeter{img: img, sx: float64(img.w) / pw, sy: float64(img.h) / ph}
}

// add measures word k, whose box is in hOCR pixels and whose line's type
// is size pixels high.
func (m *strokeMeter) add(k int, box [4]float64, size float64, text string) {
	letters := 0
	for _, r := range text {
		if r > ' ' {
			letters++
		}
	}
	if letters < 2 || size <= 0 {
		return
	}
	x0, x1 := int(box[0]*m.sx), min(int(box[2]*m.sx), m.img.w)
	y0, y1 := int(box[1]*m.sy), min(int(box[3]*m.sy), m.img.h)
	if x0 < 0 || y0 < 0 || x1-x0 < 2 || y1-y0 < 2 {
		return
	}
	longest := int(0.3 * size * m.sx)
	sum, runs := 0, 0
	for y := y0; y < y1; y++ {
		row := m.img.pix[y*m.img.w+x0 : y*m.img.w+x1]
		run := 0
		for i := 0; i <= len(row); i++ {
			if i < len(row) && row[i] < darkLevel {
				run++
				continue
			}
			if run > 0 && run <= longest {
				sum += run
				runs++
			}
			run = 0
		}
	}
	if runs < 4 {
		return
	}
	m.words = append(m.words, k)
	m.widths = append(m.widths, float64(sum)/float64(runs)/(size*m.sx))
}

// bold lists the words measured as bold.
func (m *strokeMeter) bold() []int {
	if len(m.widths) < minStrokeWords {
		return nil
	}
	sorted := slices.Clone(m.widths)
	slices.Sort(sorted)
	median := sorted[len(sorted)/2]
	if median <= 0 || math.IsNaN(median) {
		return nil
	}
	var out []int
	for i, w := range m.widths {
		if w >= boldRatio*median {
			out = append(out, m.words[i])
		}
	}
	return out
}
