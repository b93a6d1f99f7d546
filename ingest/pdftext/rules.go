package pdftext

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"panelpapers/ingest/layout"
)

// Ruled tables ("lattice" mode). Word, Excel and browsers draw a table's
// borders as thin lines or thin filled rectangles. Those rules say where
// the table's rows and columns are more surely than the gaps between its
// words do: a cell's text may run to within a space of the next column, and
// a tall cell's paragraphs leave gaps across the row. So the words inside
// a grid of rules are read cell by cell, one row per band between two
// horizontal rules, and the rest of the page goes through the gap-based
// layout.

// rule is an axis-aligned line segment in page space.
type rule struct{ x0, y0, x1, y1 float64 }

const (
	maxRules     = 20000 // per page: hostile files draw millions of paths
	ruleMinLen   = 4     // points: shorter strokes are marks, not borders
	ruleMaxThick = 2.5   // a filled rectangle thinner than this is a line
	ruleTol      = 2.0   // points: rules this close meet
)

func (r rule) vertical() bool { return math.Abs(r.x1-r.x0) < 0.5 && math.Abs(r.y1-r.y0) >= ruleMinLen }
func (r rule) horizontal() bool {
	return math.Abs(r.y1-r.y0) < 0.5 && math.Abs(r.x1-r.x0) >= ruleMinLen
}

// norm orders a rule's ends: left to right, top to bottom.
func (r rule) norm() rule {
	if r.x0 > r.x1 {
		r.x0, r.x1 = r.x1, r.x0
	}
	if r.y0 > r.y1 {
		r.y0, r.y1 = r.y1, r.y0
	}
	return r
}

func (in *interp) lineTo(x, y float64) {
	if len(in.path) < maxRules {
		in.path = append(in.path, rule{in.cx, in.cy, x, y})
	}
	in.cx, in.cy = x, y
	in.pathRect = false
}

// paint ends the current path: stroked straight segments are rules, and a
// filled rectangle is one when it is thin.
func (in *interp) paint(stroke bool) {
	defer func() { in.path, in.pathRect = in.path[:0], false }()
	if len(in.rules) >= maxRules {
		return
	}
	if stroke {
		for _, s := range in.path {
			if s.vertical() || s.horizontal() {
				in.rules = append(in.rules, s.norm())
			}
		}
		return
	}
	// Fills: every rectangle of the path (four segments closing on
	// themselves) that is thin in one direction.
	for k := 0; k+4 <= len(in.path); k += 4 {
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, s := range in.path[k : k+4] {
			x0, x1 = math.Min(x0, math.Min(s.x0, s.x1)), math.Max(x1, math.Max(s.x0, s.x1))
			y0, y1 = math.Min(y0, math.Min(s.y0, s.y1)), math.Max(y1, math.Max(s.y0, s.y1))
		}
		w, h := x1-x0, y1-y0
		switch {
		case h <= ruleMaxThick && w >= ruleMinLen:
			in.rules = append(in.rules, rule{x0, (y0 + y1) / 2, x1, (y0 + y1) / 2})
		case w <= ruleMaxThick && h >= ruleMinLen:
			in.rules = append(in.rules, rule{(x0 + x1) / 2, y0, (x0 + x1) / 2, y1})
		}
		if !in.pathRect {
			break // only "re" paths are sure to be rectangles of four
		}
	}
}

// grid is a table drawn with rules: the x of its vertical rules and the y
// of its horizontal ones, and the rules themselves (a vertical that does not
// cross a row band merges the cells beside it there).
type grid struct {
	x0, y0, x1, y1 float64
	ys             []float64
	verts          []rule
}

// findGrids groups rules that touch into grids, keeping those with at
// least two rows' worth of horizontal rules and an inner vertical rule.
func findGrids(rules []rule) []grid {
	var rs []rule
	for _, r := range rules {
		if r.vertical() || r.horizontal() {
			rs = append(rs, r)
		}
	}
	if len(rs) < 4 || len(rs) > 4000 {
		return nil
	}
	parent := make([]int, len(rs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	touch := func(a, b rule) bool {
		return a.x0-ruleTol <= b.x1 && b.x0-ruleTol <= a.x1 && a.y0-ruleTol <= b.y1 && b.y0-ruleTol <= a.y1
	}
	for i := range rs {
		for j := i + 1; j < len(rs); j++ {
			if touch(rs[i], rs[j]) {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]rule{}
	for i, r := range rs {
		groups[find(i)] = append(groups[find(i)], r)
	}
	var out []grid
	for _, g := range groups {
		var hs, vs []float64
		gr := grid{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
		for _, r := range g {
			gr.x0, gr.y0 = math.Min(gr.x0, r.x0), math.Min(gr.y0, r.y0)
			gr.x1, gr.y1 = math.Max(gr.x1, r.x1), math.Max(gr.y1, r.y1)
			if r.horizontal() {
				hs = append(hs, r.y0)
			} else {
				vs = append(vs, r.x0)
				gr.verts = append(gr.verts, r)
			}
		}
		if len(cluster(append([]float64(nil), hs...))) < 2 {
			continue
		}
		// Vertical rules that run past the last horizontal one (a table
		// carried over a page break) bound a band too.
		gr.ys = cluster(append(hs, gr.y0, gr.y1))
		xs := cluster(vs)
		if len(gr.ys) < 2 || len(xs) < 2 {
			continue
		}
		// A box round a paragraph is not a table: it needs a vertical
		// rule inside it.
		inner := false
		for _, x := range xs {
			if x > gr.x0+ruleTol && x < gr.x1-ruleTol {
				inner = true
			}
		}
		if !inner {
			continue
		}
		out = append(out, gr)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].y0 < out[b].y0 })
	return out
}

// cluster sorts positions and merges those within ruleTol.
func cluster(v []float64) []float64 {
	sort.Float64s(v)
	var out []float64
	for _, x := range v {
		if n := len(out); n > 0 && x-out[n-1] <= ruleTol {
			continue
		}
		out = append(out, x)
	}
	return out
}

func (g *grid) contains(x, y float64) bool {
	return x >= g.x0-1 && x <= g.x1+1 && y >= g.y0-1 && y <= g.y1+1
}

// columns returns the column edges of the row band [top, bottom]: the
// vertical rules that cross its middle.
func (g *grid) columns(top, bottom float64) []float64 {
	mid := (top + bottom) / 2
	var xs []float64
	for _, v := range g.verts {
		if v.y0 <= mid && v.y1 >= mid {
			xs = append(xs, v.x0)
		}
	}
	return cluster(xs)
}

// gridRows lays out the words inside a grid: one row per band between
// horizontal rules that has two or more cells with text. It returns the
// rows' lines and the words it did not use (a band that is one cell wide
// is ordinary text, left to the rest of the layout).
func gridRows(g *grid, words []*word) (rows []layout.Line, rest []*word) {
	type band struct {
		top, bottom float64
		xs          []float64
		cells       [][]*word
	}
	var bands []band
	for k := 0; k+1 < len(g.ys); k++ {
		top, bottom := g.ys[k], g.ys[k+1]
		if bottom-top < 2 {
			continue
		}
		xs := g.columns(top, bottom)
		if len(xs) < 2 {
			xs = []float64{g.x0, g.x1}
		}
		bands = append(bands, band{top: top, bottom: bottom, xs: xs, cells: make([][]*word, len(xs)-1)})
	}
	for _, w := range words {
		cx := (w.x0 + w.x1) / 2
		cy := w.y - 0.3*w.size
		placed := false
		for bi := range bands {
			b := &bands[bi]
			if cy < b.top || cy > b.bottom {
				continue
			}
			for c := 0; c+1 < len(b.xs); c++ {
				if cx >= b.xs[c] && cx <= b.xs[c+1] {
					b.cells[c] = append(b.cells[c], w)
					placed = true
					break
				}
			}
			break
		}
		if !placed {
			rest = append(rest, w)
		}
	}
	// A band one cell wide between bands of columns is a row spanning the
	// table: a group's title ("Meeting of 6 February 2025 – Budget") over
	// the rows it groups. It is kept as a row whose first cell holds it.
	multi := func(bi int) bool { return len(bands[bi].cells) >= 2 }
	spanning := func(bi int) int {
		if multi(bi) {
			return 0
		}
		before, after := 0, 0
		for k := bi - 1; k >= 0 && before == 0; k-- {
			if multi(k) {
				before = len(bands[k].cells)
			}
		}
		for k := bi + 1; k < len(bands) && after == 0; k++ {
			if multi(k) {
				after = len(bands[k].cells)
			}
		}
		if before == 0 || after == 0 {
			return 0
		}
		return max(before, after)
	}
	for bi, b := range bands {
		filled := 0
		for _, c := range b.cells {
			if len(c) > 0 {
				filled++
			}
		}
		width := len(b.cells)
		if n := spanning(bi); n > 0 {
			width = n
		}
		if filled == 0 || width < 2 {
			for _, c := range b.cells {
				rest = append(rest, c...)
			}
			continue
		}
		var cells []string
		var all []*word
		var cellX []float64
		for k, c := range b.cells {
			cells = append(cells, cellText(c))
			all = append(all, c...)
			cellX = append(cellX, b.xs[k])
		}
		for len(cells) < width {
			cells = append(cells, "")
			cellX = append(cellX, b.xs[len(b.xs)-1])
		}
		l := lineOf(all)
		l.WordX = nil
		l.CellX = cellX
		flat := make([]string, len(cells))
		for i, c := range cells {
			flat[i] = strings.ReplaceAll(c, "\n", " ")
		}
		l.Cells = cells
		l.Text = strings.Join(flat, "\t")
		rows = append(rows, l)
	}
	return rows, rest
}

// cellText sets a cell's words out as lines (by baseline), and the lines as
// paragraphs: a new paragraph where the weight changes or the line pitch
// opens up.
func cellText(ws []*word) string {
	if len(ws) == 0 {
		return ""
	}
	segs := makeSegments(append([]*word(nil), ws...))
	// makeSegments may split a line at a tab stop; inside a cell, the
	// pieces of one baseline are one line.
	sort.SliceStable(segs, func(a, b int) bool {
		if math.Abs(segs[a].y-segs[b].y) > 0.4*math.Max(segs[a].size, segs[b].size) {
			return segs[a].y < segs[b].y
		}
		return segs[a].x0 < segs[b].x0
	})
	var sb strings.Builder
	var prev *segment
	for _, s := range segs {
		if prev != nil {
			sameLine := math.Abs(s.y-prev.y) <= 0.4*math.Max(s.size, prev.size)
			switch {
			case sameLine:
				sb.WriteByte(' ')
			case segBold(s) != segBold(prev) || s.y-prev.y > 1.6*math.Max(s.size, prev.size):
				sb.WriteByte('\n')
			case hyphenEnd(sb.String()):
				// "Counter-" over "Terrorism": the word goes on
			default:
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(joinWords(s.words))
		prev = s
	}
	return sb.String()
}

// hyphenEnd reports text ending in a hyphen after a letter: a word broken
// at the line's end, which goes on without a space.
func hyphenEnd(s string) bool {
	if len(s) < 2 || s[len(s)-1] != '-' {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:len(s)-1])
	return unicode.IsLetter(r)
}
