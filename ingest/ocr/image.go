package ocr

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"panelpapers/ingest/pdftext"
)

// gray is a rendered page: 8-bit grey, one byte a pixel, rows top down.
type gray struct {
	w, h    int
	pix     []byte // w×h
	data    []byte // the PGM file, as Tesseract is given it
	widthPt float64
}

func (g *gray) at(x, y int) byte { return g.pix[y*g.w+x] }

// decodePGM reads a binary PGM (P5, maxval 255), what pdftoppm -gray writes.
func decodePGM(data []byte) (*gray, error) {
	fields := make([]int, 0, 3)
	i := 2
	if !bytes.HasPrefix(data, []byte("P5")) {
		return nil, errors.New("not a binary PGM image")
	}
	for len(fields) < 3 {
		for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
			i++
		}
		if i < len(data) && data[i] == '#' {
			for i < len(data) && data[i] != '\n' {
				i++
			}
			continue
		}
		j := i
		for j < len(data) && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(string(data[i:j]))
		if err != nil {
			return nil, fmt.Errorf("PGM header: %w", err)
		}
		fields = append(fields, n)
		i = j
	}
	i++ // the single white-space character after maxval
	w, h, maxval := fields[0], fields[1], fields[2]
	if w <= 0 || h <= 0 || maxval != 255 || i+w*h > len(data) {
		return nil, fmt.Errorf("PGM image %dx%d (max %d) in %d bytes", w, h, maxval, len(data))
	}
	return &gray{w: w, h: h, pix: data[i : i+w*h], data: data}, nil
}

// Sizes read from the image: Tesseract's x_size is the height of a line's
// type from the top of its ascenders to the bottom of its descenders,
// which for the fonts papers are set in is about 0.95 of the type's point
// size (measured on the sample pack against its text layer).
const xSizePerPoint = 0.95

// minWordConf drops what Tesseract reads with next to no confidence and
// that has no letter or figure in it: specks and the edges of ruled lines
// read as "|", "_" or "—".
const minWordConf = 50

// image turns the hOCR of img into pdftext's words: in points from the
// page's top-left, straightened by the page's skew, each word on its
// line's baseline and set in its line's size.
func (p *hocrPage) image(img *gray, widthPt, heightPt float64) pdftext.PageImage {
	pw, ph := p.w, p.h
	if pw <= 0 || ph <= 0 {
		pw, ph = float64(img.w), float64(img.h)
	}
	scale := widthPt / pw // points per pixel
	theta := p.skew()
	sin, cos := math.Sin(theta), math.Cos(theta)
	cx, cy := pw/2, ph/2
	// straighten turns a point of the image by -theta about its centre.
	straighten := func(x, y float64) (float64, float64) {
		dx, dy := x-cx, y-cy
		return cx + dx*cos + dy*sin, cy - dx*sin + dy*cos
	}
	strokes := newStrokeMeter(img, pw, ph)
	var out pdftext.PageImage
	var confSum float64
	for _, l := range p.lines {
		if len(l.words) == 0 {
			continue
		}
		baselineAt := func(x float64) float64 { return l.box[3] + l.offset + l.slope*(x-l.box[0]) }
		mid := (l.box[0] + l.box[2]) / 2
		_, base := straighten(mid, baselineAt(mid))
		size := l.typeSize()
		sizePt := math.Round(size*scale/xSizePerPoint*10) / 10
		for k, w := range l.words {
			text := cleanWord(w.text)
			if text == "" || w.conf < minWordConf && !hasAlnum(text) || l.isBullet(k, size) {
				continue
			}
			x0, _ := straighten(w.box[0], baselineAt(w.box[0]))
			width := w.box[2] - w.box[0]
			out.Words = append(out.Words, pdftext.Word{
				Text:     text,
				X0:       x0 * scale,
				X1:       (x0 + width) * scale,
				Baseline: base * scale,
				Size:     max(sizePt, 1),
			})
			strokes.add(len(out.Words)-1, w.box, size, text)
			confSum += w.conf
		}
	}
	for _, k := range strokes.bold() {
		out.Words[k].Bold = true
	}
	snapSizes(out.Words)
	if float64(img.w) == pw && float64(img.h) == ph && len(img.pix) == img.w*img.h {
		out.Rules = findRules(img, cos, sin, cx, cy, scale)
	}
	if len(out.Words) > 0 {
		out.Confidence = math.Round(confSum/float64(len(out.Words))*10) / 10
	}
	return out
}

// capHeight is the height of a capital or a figure as a share of the
// type's height (x_size): 0.72 of the point size over 0.95.
const capHeight = 0.72 / xSizePerPoint

// typeSize is the height of the line's type in pixels (as x_size
// measures it). Tesseract measures x_size from the line's x-height, which
// a line of capitals and figures does not show ("- 48", "AGENDA"), and its
// guess there can be half as large again; such a line is measured by its
// capitals and figures instead, but only ever made smaller by them: let
// grow as well, it made lines of capitals at the head of two of the
// sample pack's reports as large as the reports' titles, which lost them.
func (l *hocrLine) typeSize() float64 {
	size := l.xSize
	if size <= 0 {
		size = l.box[3] - l.box[1]
	}
	var heights []float64
	for _, w := range l.words {
		for _, r := range w.text {
			if unicode.IsLower(r) {
				return size
			}
		}
		if hasAlnum(w.text) && !strings.ContainsAny(w.text, "()[]{}|/\\,;QJ$£@") {
			heights = append(heights, w.box[3]-w.box[1])
		}
	}
	if len(heights) == 0 {
		return size
	}
	slices.Sort(heights)
	return min(size, heights[len(heights)/2]/capHeight)
}

// snapSizes sets words whose sizes differ only by how Tesseract measured
// their lines to one size. A line's size is measured from its letters,
// so a line with no descenders ("3. Minutes") comes out a little smaller
// than the next, and a line of capitals sized by its capitals (typeSize)
// a little off its body's size; the model reads headings by size against
// the body, and would see such a line as different type. So the size
// most words have takes every size within 8% of it, then the most common
// of the rest, and so on.
func snapSizes(ws []pdftext.Word) {
	left := make([]int, len(ws))
	for i := range ws {
		left[i] = i
	}
	for len(left) > 0 {
		count := map[float64]int{}
		for _, i := range left {
			count[ws[i].Size]++
		}
		mode, best := 0.0, 0
		for size, n := range count {
			if n > best || n == best && size < mode {
				mode, best = size, n
			}
		}
		rest := left[:0]
		for _, i := range left {
			if math.Abs(ws[i].Size-mode) <= 0.08*mode {
				ws[i].Size = mode
			} else {
				rest = append(rest, i)
			}
		}
		left = rest
	}
}

// skew is the page's angle in radians (positive: lines fall to the
// right): the median baseline slope of its lines of three words or more.
// Tesseract finds lines along the skew; papers straightens the words, so
// that a line of a page scanned a degree askew is still one line.
func (p *hocrPage) skew() float64 {
	var slopes []float64
	for _, l := range p.lines {
		if len(l.words) >= 3 {
			slopes = append(slopes, l.slope)
		}
	}
	if len(slopes) == 0 {
		return 0
	}
	slices.Sort(slopes)
	return math.Atan(slopes[len(slopes)/2])
}

// bulletLike are the characters Tesseract reads a list's bullet as: a
// disc comes out as "•", "*", "°", "e", "@", a dot or two, and so on.
const bulletLike = "•·∙●○◦▪■□*°«»©®@¢.,:;'`+eoOc"

// isBullet reports whether word k of the line is a list's bullet: a mark
// of one or two such characters alone on its line, or first on it and set
// apart from the text after it. Bullets are dropped: the model reads a
// list by its numbers and indents, and Chromium, which draws bullets as
// discs, gives no bullet glyphs either; read as text they became a column
// of their own, and the list a table.
func (l *hocrLine) isBullet(k int, size float64) bool {
	w := l.words[k]
	n := 0
	for _, r := range w.text {
		if !strings.ContainsRune(bulletLike, r) {
			return false
		}
		n++
	}
	if n == 0 || n > 2 {
		return false
	}
	switch {
	case len(l.words) == 1:
		return true
	case k == 0:
		return l.words[1].box[0]-w.box[2] > 0.8*size
	}
	return false
}

// ligatures are spelt out, as the text layer spells them.
var ligatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

func cleanWord(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "ﬀﬁﬂﬃﬄﬅﬆ") {
		s = ligatures.Replace(s)
	}
	return s
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
