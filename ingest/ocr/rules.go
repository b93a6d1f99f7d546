package ocr

import "panelpapers/ingest/pdftext"

// A text layer's tables are read from their drawn rules (pdftext's
// rules.go); on a scan the rules are pixels. So the straightened image is
// searched for them: runs of ink along a row (or a column) longer than any
// stroke of a letter, a few pixels thick. Thicker bands are filled areas (a
// shaded header), not rules. The image is read through the page's skew,
// so that a rule a degree askew is still one run.

const (
	// ruleInk is the grey below which a pixel may belong to a rule: lighter
	// than darkLevel, because a hairline drawn at 200 dpi is grey, not
	// black.
	ruleInk = 160
	// ruleMinPt is the shortest rule, in points: longer than the stem of
	// a letter of a 24-point heading.
	ruleMinPt = 24
	// ruleMaxPt is the thickest rule, in points, with the blur of a scan.
	ruleMaxPt = 4
	// ruleGap is the most pixels of a run that noise or JPEG may lighten.
	ruleGap = 3
)

// segment is a run of ink along one row (or column) of the straightened
// image, from a to b.
type segment struct{ a, b int }

// openRule is a rule being followed across rows (or columns).
type openRule struct {
	a, b     int // its extent along the run
	from, to int // the rows it covers
	seen     bool
}

// findRules returns the horizontal and vertical rules of img, in the
// straightened frame of the words (see hocrPage.image), in points.
// rotate maps a straightened point back to the image.
func findRules(img *gray, cos, sin, cx, cy, scale float64) []pdftext.Rule {
	minLen := int(ruleMinPt / scale)
	maxThick := int(ruleMaxPt/scale) + 1
	var out []pdftext.Rule
	// Horizontal rules: walk each straightened row.
	out = append(out, sweep(img.h, img.w, minLen, maxThick, func(row, col int) bool {
		return inkAt(img, float64(col), float64(row), cos, sin, cx, cy)
	}, func(row0, row1, a, b int) pdftext.Rule {
		y := float64(row0+row1) / 2 * scale
		return pdftext.Rule{X0: float64(a) * scale, Y0: y, X1: float64(b) * scale, Y1: y}
	})...)
	// Vertical rules: walk each straightened column.
	out = append(out, sweep(img.w, img.h, minLen, maxThick, func(col, row int) bool {
		return inkAt(img, float64(col), float64(row), cos, sin, cx, cy)
	}, func(col0, col1, a, b int) pdftext.Rule {
		x := float64(col0+col1) / 2 * scale
		return pdftext.Rule{X0: x, Y0: float64(a) * scale, X1: x, Y1: float64(b) * scale}
	})...)
	return out
}

// inkAt reports whether the straightened point (x, y) is ink in img.
func inkAt(img *gray, x, y, cos, sin, cx, cy float64) bool {
	dx, dy := x-cx, y-cy
	ix := int(cx + dx*cos - dy*sin + 0.5)
	iy := int(cy + dx*sin + dy*cos + 0.5)
	if ix < 0 || iy < 0 || ix >= img.w || iy >= img.h {
		return false
	}
	return img.pix[iy*img.w+ix] < ruleInk
}

// sweep finds rules across lines lines of length n each: runs of ink at
// least minLen long, followed over consecutive lines while they overlap,
// kept when they are at most maxThick lines thick.
func sweep(lines, n, minLen, maxThick int, ink func(line, i int) bool, rule func(from, to, a, b int) pdftext.Rule) []pdftext.Rule {
	var out []pdftext.Rule
	var open []openRule
	closeRule := func(r openRule) {
		if r.to-r.from+1 <= maxThick && clearBeside(r, lines, ink) {
			out = append(out, rule(r.from, r.to, r.a, r.b))
		}
	}
	var segs []segment
	for line := 0; line <= lines; line++ {
		segs = segs[:0]
		if line < lines {
			start, last := -1, -1
			for i := 0; i < n; i++ {
				if !ink(line, i) {
					continue
				}
				if start >= 0 && i-last > ruleGap+1 {
					if last-start+1 >= minLen {
						segs = append(segs, segment{start, last})
					}
					start = -1
				}
				if start < 0 {
					start = i
				}
				last = i
			}
			if start >= 0 && last-start+1 >= minLen {
				segs = append(segs, segment{start, last})
			}
		}
		for k := range open {
			open[k].seen = false
		}
		for _, s := range segs {
			joined := false
			for k := range open {
				r := &open[k]
				if r.to == line-1 && overlap(r.a, r.b, s.a, s.b) {
					r.a, r.b, r.to, r.seen = min(r.a, s.a), max(r.b, s.b), line, true
					joined = true
					break
				}
			}
			if !joined {
				open = append(open, openRule{a: s.a, b: s.b, from: line, to: line, seen: true})
			}
		}
		kept := open[:0]
		for _, r := range open {
			if r.seen {
				kept = append(kept, r)
			} else {
				closeRule(r)
			}
		}
		open = kept
	}
	return out
}

// clearBeside reports whether the lines just either side of r are mostly
// paper along its length. A rule is drawn on paper; a strip of a filled
// area between two of its white letters (a dark header's "31 March") is
// as long and as thin as a rule, but has the fill beside it.
func clearBeside(r openRule, lines int, ink func(line, i int) bool) bool {
	for _, line := range []int{r.from - 2, r.to + 2} {
		if line < 0 || line >= lines {
			continue
		}
		n := 0
		for i := r.a; i <= r.b; i++ {
			if ink(line, i) {
				n++
			}
		}
		if 2*n > r.b-r.a+1 {
			return false
		}
	}
	return true
}

// overlap reports whether [a0, b0] and [a1, b1] share half the shorter.
func overlap(a0, b0, a1, b1 int) bool {
	common := min(b0, b1) - max(a0, a1)
	return 2*common >= min(b0-a0, b1-a1)
}
