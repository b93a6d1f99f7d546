package pdftext

import (
	"context"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"panelpapers/ingest/layout"
)

// Layout turns glyphs into lines in reading order, in four steps:
//
//  1. words: consecutive glyphs (content order) on one baseline with no gap
//     wider than wordGap×size and no white-space glyph between them;
//  2. segments: words sharing a baseline, split where the horizontal gap is
//     wider than cellGap×size (table cells, tab stops, columns);
//  3. blocks: segments stacked at a regular line pitch and overlapping
//     horizontally (a paragraph, or a paragraph of a table cell);
//  4. reading order: a recursive XY cut over the blocks. A clear two-column
//     layout is read column by column; otherwise horizontal cuts come first
//     (top to bottom), and a band that only splits vertically is a table
//     row, emitted as one Line whose Cells are the columns' text.
//
// All thresholds are in units of the font size, so they hold for 8pt
// footnotes and 20pt headings alike.
const (
	wordGap  = 0.15 // a horizontal gap wider than this (×size) separates words
	cellGap  = 1.2  // ... and wider than this separates cells/segments
	baseTol  = 0.4  // baselines closer than this (×size) are one line (superscripts)
	maxPitch = 1.75 // lines further apart than this (×size) are different blocks
	ascent   = 0.7  // block boxes: text above the baseline (×size)
	descent  = 0.2  // ... and below it
)

type word struct {
	text           string
	x0, x1, y      float64
	px, py         float64 // page-space position of the first glyph
	size           float64
	n, bold, ital  int         // glyph counts, for the dominant style
	sizeW          []sizeCount // characters per rounded size
	sizeBuf        [2]sizeCount
	joinNoSpaceGap float64
}

// sizeCount counts the characters set in one font size. A word or line has
// few sizes, so a slice beats a map.
type sizeCount struct {
	size float64
	n    int
}

func addSize(sc []sizeCount, size float64, n int) []sizeCount {
	for i := range sc {
		if sc[i].size == size {
			sc[i].n += n
			return sc
		}
	}
	return append(sc, sizeCount{size, n})
}

type segment struct {
	words     []*word
	x0, x1, y float64
	size      float64
}

type block struct {
	segs          []*segment
	x0, x1        float64
	firstY, lastY float64
	size          float64
	pitch         float64
}

func (b *block) top() float64    { return b.firstY - ascent*b.size }
func (b *block) bottom() float64 { return b.lastY + descent*b.size }

// unit is one step of the reading order: a block, or a table row whose
// cells are lists of blocks.
type unit struct {
	b     *block
	cells [][]*block
}

// layoutPage lays out one page's glyphs. w and h are the page's displayed
// size in points.
//
// Grouping blocks and ordering them cost more than linear time on pages of
// thousands of scattered lines, which only hostile files have; when ctx is
// done, layout stops grouping and ordering (the page is abandoned anyway),
// so that Extract keeps to its deadline.
func layoutPage(ctx context.Context, glyphs []glyph, rules []rule, w, h float64) []layout.Line {
	var byDir [4][]glyph
	var count [4]int
	for _, g := range glyphs {
		count[g.dir]++
	}
	if len(glyphs) > 0 && count[glyphs[0].dir] == len(glyphs) {
		byDir[glyphs[0].dir] = glyphs // one direction, the usual case: no copy
	} else {
		for dir, n := range count {
			byDir[dir] = make([]glyph, 0, n)
		}
		for _, g := range glyphs {
			byDir[g.dir] = append(byDir[g.dir], g)
		}
	}
	var units []unit
	var tableRows [][]layout.Line // per grid, its rows
	var grids []grid
	for dir, gs := range byDir {
		if len(gs) == 0 {
			continue
		}
		words := makeWords(gs, dir)
		if dir == 0 && len(rules) > 0 {
			grids = findGrids(rules)
			for gi := range grids {
				var in, out []*word
				for _, wd := range words {
					if grids[gi].contains((wd.x0+wd.x1)/2, wd.y-0.3*wd.size) {
						in = append(in, wd)
					} else {
						out = append(out, wd)
					}
				}
				rows, rest := gridRows(&grids[gi], in)
				tableRows = append(tableRows, rows)
				words = append(out, rest...)
			}
		}
		segs := makeSegments(words)
		blocks := makeBlocks(ctx, segs)
		if debugLayout {
			for _, b := range blocks {
				for _, s := range b.segs {
					println("blk", b, "seg", int(s.x0), int(s.x1), int(s.y), joinWords(s.words))
				}
			}
		}
		units = append(units, order(ctx, blocks)...)
	}
	lines := emit(units)
	if len(tableRows) == 0 {
		return lines
	}
	return insertRows(lines, grids, tableRows)
}

// insertRows puts each ruled table's rows into the page's lines where the
// table stands: before the first line below its top.
func insertRows(lines []layout.Line, grids []grid, tableRows [][]layout.Line) []layout.Line {
	next := 0
	for _, l := range lines {
		next = max(next, l.Block)
	}
	for gi, rows := range tableRows {
		if len(rows) == 0 {
			continue
		}
		for k := range rows {
			next++
			rows[k].Block = next
		}
		at := len(lines)
		for k, l := range lines {
			if l.Y > grids[gi].y0 {
				at = k
				break
			}
		}
		lines = append(lines[:at], append(rows, lines[at:]...)...)
	}
	return lines
}

var debugLayout = os.Getenv("DEBUG_LAYOUT") != ""

// ligatures are the typographic ligatures fonts map to one code point.
var ligatures = map[string]string{"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}

// stableSort is sort.SliceStable without its reflection: slices' stable
// sort is the same algorithm and tests only cmp < 0, so the order is the
// same even for comparisons that are not a strict order (NaN).
func stableSort[E any](s []E, less func(a, b E) bool) {
	slices.SortStableFunc(s, func(a, b E) int {
		if less(a, b) {
			return -1
		}
		return 1
	})
}

// rotate turns page-space coordinates so that text of direction dir runs
// left to right.
func rotate(dir int, x, y float64) (float64, float64) {
	switch dir {
	case 1:
		return y, -x
	case 2:
		return -x, -y
	case 3:
		return -y, x
	}
	return x, y
}

func makeWords(gs []glyph, dir int) []*word {
	var words []*word
	var slab []word // words are allocated in chunks
	var text []byte // the text of all words, made one string at the end
	var ends []int  // where each word's text ends in text
	var cur *word
	var start int // where cur's text starts
	var lastEnd, lastY float64
	flush := func() {
		if cur != nil && len(text) > start {
			words = append(words, cur)
			ends = append(ends, len(text))
		}
		cur = nil
	}
	for _, g := range gs {
		x, y := rotate(dir, g.x, g.y)
		if g.space || g.text == "" {
			if g.space {
				flush()
			}
			continue
		}
		if cur != nil {
			tol := math.Max(cur.size, g.size)
			gap := x - lastEnd
			if math.Abs(y-lastY) > 0.3*tol || gap > wordGap*tol || gap < -0.35*tol {
				flush()
			}
		}
		if cur == nil {
			if len(slab) == cap(slab) {
				slab = make([]word, 0, 64)
			}
			slab = append(slab, word{x0: x, y: y, px: g.x, py: g.y, size: g.size})
			cur = &slab[len(slab)-1]
			cur.sizeW = cur.sizeBuf[:0]
			start = len(text)
		}
		if lig, ok := ligatures[g.text]; ok {
			// "ﬃ" is three letters to a reader and to a search.
			text = append(text, lig...)
		} else {
			text = append(text, g.text...)
		}
		n := utf8.RuneCountInString(g.text)
		cur.n += n
		if g.bold {
			cur.bold += n
		}
		if g.italic {
			cur.ital += n
		}
		sz := math.Round(g.size*10) / 10
		cur.sizeW = addSize(cur.sizeW, sz, n)
		if g.size > cur.size {
			cur.size = g.size
		}
		lastEnd = x + g.w
		lastY = y
		if lastEnd > cur.x1 {
			cur.x1 = lastEnd
		}
		if x < cur.x0 {
			cur.x0 = x
		}
	}
	flush()
	all := string(text)
	from := 0
	for i, w := range words {
		w.text = all[from:ends[i]]
		from = ends[i]
	}
	return words
}

func makeSegments(words []*word) []*segment {
	stableSort(words, func(a, b *word) bool { return a.y < b.y })
	var segs []*segment
	for i := 0; i < len(words); {
		ref := words[i]
		j := i + 1
		for j < len(words) && words[j].y-ref.y <= baseTol*math.Max(ref.size, words[j].size) {
			if words[j].size > ref.size {
				ref = words[j] // the line's main size decides
			}
			j++
		}
		group := words[i:j] // sorted in place: words is not used again
		stableSort(group, func(a, b *word) bool { return a.x0 < b.x0 })
		// The baseline of the group is that of its biggest text.
		var cur *segment
		for _, w := range group {
			if cur != nil && w.x0-cur.x1 > cellGap*math.Max(cur.size, w.size) {
				segs = append(segs, cur)
				cur = nil
			}
			if cur == nil {
				cur = &segment{x0: w.x0, x1: w.x1, y: ref.y, size: w.size}
			}
			cur.words = append(cur.words, w)
			cur.x1 = math.Max(cur.x1, w.x1)
			cur.size = math.Max(cur.size, w.size)
		}
		if cur != nil {
			segs = append(segs, cur)
		}
		i = j
	}
	return splitAtStops(segs)
}

// splitAtStops splits a segment where a table's column starts inside it:
// in a table with a narrow gutter, a cell's text can run to within a word
// gap of the next column, and the two cells then read as one line. A column
// shows itself as a left edge shared by segments on the lines around; a
// word that starts on such an edge after a gap wider than the line's own
// word spacing starts a new segment.
func splitAtStops(segs []*segment) []*segment {
	if len(segs) < 4 {
		return segs
	}
	var out []*segment
	for i, s := range segs {
		if len(s.words) < 2 {
			out = append(out, s)
			continue
		}
		// The segment's usual gap between words.
		gaps := make([]float64, 0, len(s.words)-1)
		for k := 1; k < len(s.words); k++ {
			gaps = append(gaps, s.words[k].x0-s.words[k-1].x1)
		}
		usual := median(gaps)
		start := 0
		for k := 1; k < len(s.words); k++ {
			w := s.words[k]
			gap := w.x0 - s.words[k-1].x1
			if gap < 0.45*w.size || gap < 2*usual {
				continue
			}
			if stopSupport(segs, i, w.x0, 6*s.size) < 2 {
				continue
			}
			out = append(out, subSegment(s, s.words[start:k]))
			start = k
		}
		if start == 0 {
			out = append(out, s)
		} else {
			out = append(out, subSegment(s, s.words[start:]))
		}
	}
	return out
}

// stopSupport counts the segments near segment i (within dy above or below)
// whose left edge is at x.
func stopSupport(segs []*segment, i int, x, dy float64) int {
	y := segs[i].y
	n := 0
	for j := i - 1; j >= 0 && y-segs[j].y <= dy; j-- {
		if math.Abs(segs[j].x0-x) <= 1.5 {
			n++
		}
	}
	for j := i + 1; j < len(segs) && segs[j].y-y <= dy; j++ {
		if math.Abs(segs[j].x0-x) <= 1.5 {
			n++
		}
	}
	return n
}

func subSegment(s *segment, ws []*word) *segment {
	n := &segment{words: ws, x0: ws[0].x0, x1: ws[0].x1, y: s.y}
	for _, w := range ws {
		n.x1 = math.Max(n.x1, w.x1)
		n.size = math.Max(n.size, w.size)
	}
	return n
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	c := append([]float64(nil), v...)
	sort.Float64s(c)
	return c[len(c)/2]
}

// makeBlocks stacks segments (in baseline order) into blocks. Only blocks
// that can still take a segment are compared: one whose last line is more
// than maxPitch×1.3×its size above the segment never can (a wider size gap
// is refused), nor can it take any later, lower segment.
func makeBlocks(ctx context.Context, segs []*segment) []*block {
	var blocks, open []*block
	for i, s := range segs {
		if i%1024 == 1023 && ctx.Err() != nil {
			return blocks
		}
		var best *block
		live := open[:0]
		for _, b := range open {
			if s.y-b.lastY > maxPitch*1.3*1.001*b.size {
				continue // closed for good
			}
			live = append(live, b)
			if s.y <= b.lastY+0.01 {
				continue
			}
			last := b.segs[len(b.segs)-1]
			dy := s.y - b.lastY
			big, small := math.Max(s.size, b.size), math.Min(s.size, b.size)
			if dy > maxPitch*big || big > 1.3*small {
				continue
			}
			if b.pitch > 0 && dy > 1.35*b.pitch+0.5 {
				continue
			}
			if math.Min(s.x1, last.x1)-math.Max(s.x0, last.x0) <= 0 {
				continue
			}
			if best == nil || b.lastY > best.lastY {
				best = b
			}
		}
		open = live
		if best == nil {
			best = &block{}
			blocks = append(blocks, best)
			open = append(open, best)
		}
		best.add(s)
	}
	return blocks
}

// order returns blocks in reading order (see the Layout comment). When ctx
// is done it falls back to top-to-bottom order.
func order(ctx context.Context, bs []*block) []unit {
	if len(bs) == 0 {
		return nil
	}
	if len(bs) == 1 {
		return []unit{{b: bs[0]}}
	}
	if ctx.Err() != nil {
		return byPosition(bs)
	}
	if l, r, ok := columns(bs); ok {
		return append(order(ctx, l), order(ctx, r)...)
	}
	if top, rest, ok := hcut(bs); ok {
		return append(order(ctx, top), order(ctx, rest)...)
	}
	if parts := vcut(bs); len(parts) > 1 {
		if split, ok := cutAtLabels(bs); ok {
			return order(ctx, split)
		}
		if split, ok := splitBesideNotes(bs, 2); ok {
			return order(ctx, split)
		}
		var cells [][]*block
		for _, p := range parts {
			var cell []*block
			for _, u := range order(ctx, p) {
				if u.b != nil {
					cell = append(cell, u.b)
				}
				for _, c := range u.cells {
					cell = append(cell, c...)
				}
			}
			cells = append(cells, cell)
		}
		return []unit{{cells: cells}}
	}
	if split, ok := splitBesideNotes(bs, 1); ok {
		return order(ctx, split)
	}
	return byPosition(bs)
}

// byPosition orders blocks top to bottom, then left to right.
func byPosition(bs []*block) []unit {
	sorted := append([]*block(nil), bs...)
	stableSort(sorted, func(a, b *block) bool {
		if a.firstY != b.firstY {
			return a.firstY < b.firstY
		}
		return a.x0 < b.x0
	})
	out := make([]unit, len(sorted))
	for i, b := range sorted {
		out[i] = unit{b: b}
	}
	return out
}

// labelText is a list label alone: "5", "12.", "(b)", "iv)", "23/19".
var labelText = regexp.MustCompile(`^(?:\(?\d{1,4}[.)]?|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)]|\d{1,3}/\d{1,3})$`)

// cutAtLabels cuts a block of text where a label to its left sits level
// with one of its later lines: the item the label numbers starts there,
// not at the top of the block ("5" beside "ANNUAL GOVERNANCE REPORT", the
// last line of a block that began with the end of minute 4).
func cutAtLabels(all []*block) ([]*block, bool) {
	cut := map[*block][]int{}
	for _, l := range all {
		if len(l.segs) != 1 || !labelText.MatchString(strings.TrimSpace(joinWords(l.segs[0].words))) {
			continue
		}
		for _, b := range all {
			if b == l || len(b.segs) < 2 || l.x1 >= b.x0 || b.x0-l.x1 > 80 {
				continue
			}
			for k, s := range b.segs {
				if k > 0 && math.Abs(s.y-l.firstY) < 2 {
					cut[b] = append(cut[b], k)
					break
				}
			}
		}
	}
	if len(cut) == 0 {
		return nil, false
	}
	var out []*block
	for _, b := range all {
		ks, ok := cut[b]
		if !ok {
			out = append(out, b)
			continue
		}
		sort.Ints(ks)
		cur := &block{}
		for k, s := range b.segs {
			if len(ks) > 0 && k == ks[0] {
				out = append(out, cur)
				cur = &block{}
				ks = ks[1:]
			}
			cur.add(s)
		}
		out = append(out, cur)
	}
	return out, true
}

// splitBesideNotes handles margin notes (an action-owner column beside
// minutes): when one column holds a tall block and another holds two or more
// short blocks, each aligned with one of its lines, the tall block is cut
// after each aligned line so that every note is read after the line it
// stands beside, not after the whole block. It returns the new block set.
func splitBesideNotes(all []*block, minNotes int) ([]*block, bool) {
	for _, big := range all {
		if len(big.segs) < 3 {
			continue
		}
		var cuts, before []float64
		var column *block // a column of short notes, one per line of big
		for _, note := range all {
			if note == big || note.lastY < big.firstY {
				continue
			}
			if len(note.segs) > 2 {
				// A column of amounts or actions beside a list: each of
				// its lines a note on the line it sits level with.
				if shortColumn(note, big) {
					left := note.x1 < big.x0
					for _, ns := range note.segs {
						for k, s := range big.segs {
							if math.Abs(s.y-ns.y) >= 2 {
								continue
							}
							if left {
								// A column of labels to the left: each
								// item starts on the line its label sits
								// level with.
								if k > 0 {
									before = append(before, s.y)
								}
							} else if k < len(big.segs)-1 {
								cuts = append(cuts, s.y)
							}
							break
						}
					}
					column = note
				}
				continue
			}
			if note.x1 < big.x0 && len(note.segs) == 1 {
				// A label to the left: its item starts on the line it
				// sits level with, so the block is cut above that line.
				for k, s := range big.segs {
					if k > 0 && math.Abs(s.y-note.firstY) < 2 {
						before = append(before, s.y)
						break
					}
				}
				continue
			}
			if note.lastY >= big.lastY-0.5 {
				continue
			}
			for _, s := range big.segs[:len(big.segs)-1] {
				if math.Abs(s.y-note.lastY) < 2 && (note.x0 > s.x1 || note.x1 < s.x0) {
					cuts = append(cuts, s.y)
					break
				}
			}
		}
		// Labels cut before their line: a cut after the line above.
		for _, y := range before {
			for k, s := range big.segs {
				if s.y == y {
					cuts = append(cuts, big.segs[k-1].y)
					break
				}
			}
		}
		// Notes level with several of the block's lines: a table row's
		// other cells all sit level with its first line, and are one cut.
		sort.Float64s(cuts)
		cuts = slices.Compact(cuts)
		if len(cuts) >= minNotes {
			var out []*block
			for _, b := range all {
				switch {
				case b == column:
					for _, ns := range b.segs {
						nb := &block{}
						nb.add(ns)
						out = append(out, nb)
					}
				case b != big:
					out = append(out, b)
				}
			}
			cur := &block{}
			for _, s := range big.segs {
				cur.add(s)
				if len(cuts) > 0 && s.y >= cuts[0]-0.01 {
					out = append(out, cur)
					cur = &block{}
					for len(cuts) > 0 && cuts[0] <= s.y+0.01 {
						cuts = cuts[1:]
					}
				}
			}
			if len(cur.segs) > 0 {
				out = append(out, cur)
			}
			return out, true
		}
	}
	return nil, false
}

func (b *block) add(s *segment) {
	if len(b.segs) == 0 {
		*b = block{x0: s.x0, x1: s.x1, firstY: s.y, lastY: s.y, size: s.size}
	} else if len(b.segs) == 1 {
		b.pitch = s.y - b.lastY
	}
	b.segs = append(b.segs, s)
	b.lastY = s.y
	b.x0 = math.Min(b.x0, s.x0)
	b.x1 = math.Max(b.x1, s.x1)
	b.size = math.Max(b.size, s.size)
}

// hcut splits off the topmost band: the blocks above the first horizontal
// gap that no block crosses.
// shortColumn reports whether block note is a column of short texts (a
// few words or a figure each) to the right of block big, every line level
// with one of big's lines.
func shortColumn(note, big *block) bool {
	if note.x0 <= big.x0 {
		return false
	}
	for _, ns := range note.segs {
		if len(ns.words) > 4 {
			return false
		}
		level := false
		for _, s := range big.segs {
			if math.Abs(s.y-ns.y) < 2 && (ns.x0 > s.x1 || ns.x1 < s.x0) {
				level = true
				break
			}
		}
		if !level {
			return false
		}
	}
	return true
}

func hcut(bs []*block) (top, rest []*block, ok bool) {
	s := append([]*block(nil), bs...)
	stableSort(s, func(a, b *block) bool { return a.top() < b.top() })
	maxBottom := s[0].bottom()
	for i := 1; i < len(s); i++ {
		if s[i].top() >= maxBottom {
			return s[:i], s[i:], true
		}
		maxBottom = math.Max(maxBottom, s[i].bottom())
	}
	return nil, nil, false
}

// vcut splits blocks at every vertical gap no block crosses, left to right.
func vcut(bs []*block) [][]*block {
	s := append([]*block(nil), bs...)
	stableSort(s, func(a, b *block) bool { return a.x0 < b.x0 })
	var parts [][]*block
	start := 0
	maxX1 := s[0].x1
	for i := 1; i < len(s); i++ {
		if s[i].x0 > maxX1 {
			parts = append(parts, s[start:i])
			start = i
		}
		maxX1 = math.Max(maxX1, s[i].x1)
	}
	return append(parts, s[start:])
}

// columns reports a clear two-column layout: a vertical gutter that no block
// crosses, with many lines on both sides, and paragraphs that do not start
// at the same heights on both sides (if they do, it is a table).
func columns(bs []*block) (left, right []*block, ok bool) {
	parts := vcut(bs)
	if len(parts) != 2 {
		return nil, nil, false
	}
	l, r := parts[0], parts[1]
	lines := func(p []*block) (n int, top, bottom float64) {
		top, bottom = math.Inf(1), math.Inf(-1)
		for _, b := range p {
			n += len(b.segs)
			top = math.Min(top, b.top())
			bottom = math.Max(bottom, b.bottom())
		}
		return n, top, bottom
	}
	nl, lt, lb := lines(l)
	nr, rt, rb := lines(r)
	total := math.Max(lb, rb) - math.Min(lt, rt)
	if nl < 5 || nr < 5 || lb-lt < 0.4*total || rb-rt < 0.4*total {
		return nil, nil, false
	}
	aligned := 0
	for _, a := range l {
		for _, b := range r {
			if math.Abs(a.firstY-b.firstY) < 2 {
				aligned++
				break
			}
		}
	}
	if float64(aligned) > 0.3*float64(min(len(l), len(r))) {
		return nil, nil, false
	}
	return l, r, true
}

// rowMarker is a list label alone on a line: "2.3", "(a)", "iv)".
var rowMarker = regexp.MustCompile(`^(?:\(?\d{1,3}(?:\.\d{1,3}){0,2}[.)]?|\(?[a-z][.)]|\([a-z]\)|\(?[ivx]{1,5}[.)]|\([ivx]{1,5}\))$`)

// splitMarkerRows splits a table row whose first cell is a column of list
// labels, one per line ("2.2 / 2.3 / 2.4"), into a row per label. Kent's
// "Recommendations" box sets several numbered rows with no space between
// them that would part them, and read as one row its items ran into one.
// A first cell of one label, or of lines that are not all labels, is left
// as it is.
func splitMarkerRows(u unit) []unit {
	if len(u.cells) < 2 {
		return []unit{u}
	}
	var labels []*segment
	for _, b := range u.cells[0] {
		for _, sg := range b.segs {
			if len(sg.words) != 1 || !rowMarker.MatchString(strings.TrimSpace(sg.words[0].text)) {
				return []unit{u}
			}
			labels = append(labels, sg)
		}
	}
	if len(labels) < 2 {
		return []unit{u}
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].y < labels[j].y })
	// Labels set on their row's first line: a line belongs to the last
	// label at or above it. Labels centred on their rows (Word's default
	// for a cell): to the nearest label.
	top := true
	for _, l := range labels {
		level := false
		for _, b := range u.cells[1] {
			for _, sg := range b.segs {
				if math.Abs(sg.y-l.y) <= 0.4*l.size {
					level = true
				}
			}
		}
		top = top && level
	}
	rowOf := func(y float64) int {
		k := 0
		if top {
			for k+1 < len(labels) && y >= labels[k+1].y-0.4*labels[k+1].size {
				k++
			}
			return k
		}
		for k+1 < len(labels) && math.Abs(labels[k+1].y-y) < math.Abs(labels[k].y-y) {
			k++
		}
		return k
	}
	rows := make([]unit, len(labels))
	for i := range rows {
		rows[i].cells = make([][]*block, len(u.cells))
	}
	for ci, c := range u.cells {
		for _, b := range c {
			for _, sg := range b.segs {
				k := rowOf(sg.y)
				cell := rows[k].cells[ci]
				if len(cell) == 0 {
					cell = append(cell, &block{x0: b.x0, x1: b.x1, size: b.size, pitch: b.pitch, firstY: sg.y})
					rows[k].cells[ci] = cell
				}
				last := cell[len(cell)-1]
				last.segs = append(last.segs, sg)
				last.lastY = sg.y
			}
		}
	}
	return rows
}

// emit turns units into lines, numbering blocks in reading order.
func emit(units []unit) []layout.Line {
	var out []layout.Line
	id := 0
	var split []unit
	for _, u := range units {
		if u.b == nil {
			split = append(split, splitMarkerRows(u)...)
		} else {
			split = append(split, u)
		}
	}
	units = split
	for _, u := range units {
		id++
		if u.b != nil {
			for _, s := range u.b.segs {
				l := lineOf(s.words)
				l.Block = id
				out = append(out, l)
			}
			continue
		}
		var all []*word
		var cells []string
		var cellX []float64
		for _, c := range u.cells {
			// A cell keeps its paragraphs apart: a bold title over its
			// description reads differently from one run-on line. Lines
			// of one block in one weight are one paragraph.
			if len(c) > 0 && len(c[0].segs) > 0 && len(c[0].segs[0].words) > 0 {
				cellX = append(cellX, math.Round(c[0].segs[0].words[0].px*100)/100)
			}
			var sb strings.Builder
			for bi, b := range c {
				for si, s := range b.segs {
					all = append(all, s.words...)
					if sb.Len() > 0 {
						if si == 0 && bi > 0 || segBold(s) != segBold(b.segs[max(si-1, 0)]) {
							sb.WriteByte('\n')
						} else {
							sb.WriteByte(' ')
						}
					}
					sb.WriteString(joinWords(s.words))
				}
			}
			if t := sb.String(); t != "" {
				cells = append(cells, t)
			}
		}
		l := lineOf(all)
		l.Block = id
		flat := make([]string, len(cells))
		for i, c := range cells {
			flat[i] = strings.ReplaceAll(c, "\n", " ")
		}
		l.WordX = nil
		if len(cells) > 1 {
			l.Cells = cells
			l.Text = strings.Join(flat, "\t")
			if len(cellX) == len(cells) {
				l.CellX = cellX
			}
		} else if len(cells) == 1 {
			l.Text = flat[0]
		}
		// A row's position is that of its first (top-left) text.
		out = append(out, l)
	}
	return out
}

// segBold reports whether most of a segment is set bold.
func segBold(s *segment) bool {
	n, bold := 0, 0
	for _, w := range s.words {
		n += w.n
		bold += w.bold
	}
	return 2*bold > n
}

// joinWords joins a segment's words, with a space unless two pieces touch
// (a word drawn in two runs, e.g. with a superscript).
func joinWords(ws []*word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 && w.x0-ws[i-1].x1 > wordGap*math.Max(w.size, ws[i-1].size) {
			b.WriteByte(' ')
		} else if i > 0 && w.x0 < ws[i-1].x0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

func lineOf(ws []*word) layout.Line {
	l := layout.Line{Text: joinWords(ws)}
	if len(ws) == 0 {
		return l
	}
	// Where each word of Text starts: a new word wherever joinWords put a
	// space.
	l.WordX = make([]float64, 0, len(ws))
	for i, w := range ws {
		if i == 0 || w.x0-ws[i-1].x1 > wordGap*math.Max(w.size, ws[i-1].size) || w.x0 < ws[i-1].x0 {
			l.WordX = append(l.WordX, math.Round(w.px*100)/100)
		}
	}
	var sizeBuf [4]sizeCount
	sizes := sizeBuf[:0]
	n, bold, ital := 0, 0, 0
	l.X, l.Y = ws[0].px, ws[0].py
	for _, w := range ws {
		for _, sc := range w.sizeW {
			sizes = addSize(sizes, sc.size, sc.n)
		}
		n += w.n
		bold += w.bold
		ital += w.ital
		if w.py < l.Y-0.5*w.size || (math.Abs(w.py-l.Y) <= 0.5*w.size && w.px < l.X) {
			l.X, l.Y = w.px, w.py
		}
	}
	for _, w := range ws {
		if w.py > l.Y+0.8*w.size && w.py > l.YEnd {
			l.YEnd = w.py
		}
	}
	best := 0
	for _, sc := range sizes {
		if c, s := sc.n, sc.size; c > best || (c == best && s > l.Size) {
			best, l.Size = c, s
		}
	}
	l.Bold = 2*bold > n
	l.Italic = 2*ital > n
	// The right edge: the line's width (in its own direction) from its
	// left edge, so rotated pages give it too.
	x0, x1 := ws[0].x0, ws[0].x1
	for _, w := range ws[1:] {
		x0, x1 = math.Min(x0, w.x0), math.Max(x1, w.x1)
	}
	l.X1 = math.Round((l.X+x1-x0)*100) / 100
	l.X = math.Round(l.X*100) / 100
	l.Y = math.Round(l.Y*100) / 100
	return l
}

// Running headers, footers and page numbers.
var (
	pageNumRe = regexp.MustCompile(`(?i)^(?:page|pg\.?|p\.)?\s*(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$`)
	dashNumRe = regexp.MustCompile(`^[-–—]\s*(\d{1,4})\s*[-–—]$`)
	digitsRe  = regexp.MustCompile(`\d+`)
)

// band is the fraction of the page height, at the top and at the bottom,
// where running headers and footers live.
const band = 0.1

func pageNumber(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if m := pageNumRe.FindStringSubmatch(t); m != nil {
		return m[1], true
	}
	if m := dashNumRe.FindStringSubmatch(t); m != nil {
		return m[1], true
	}
	return "", false
}

func inBand(l layout.Line, h float64) bool {
	return l.Y < band*h || l.Y > (1-band)*h
}

func headerKey(text string) string {
	return strings.ToLower(strings.Join(strings.Fields(digitsRe.ReplaceAllString(text, "#")), " "))
}

// finishPages removes running headers/footers (margin-band lines that recur,
// digits aside, on many pages) and page-number lines, recording the number
// in Page.Printed. It returns the pages and, per page, the dropped lines.
func finishPages(pts []pageText) ([]layout.Page, [][]layout.Line) {
	n := len(pts)
	counts := map[string]int{}
	for _, pt := range pts {
		seen := map[string]bool{}
		for _, l := range pt.lines {
			if inBand(l, pt.height) {
				k := headerKey(l.Text)
				if !seen[k] {
					seen[k] = true
					counts[k]++
				}
			}
		}
	}
	threshold := max(3, (n+1)/2)
	pages := make([]layout.Page, n)
	dropped := make([][]layout.Line, n)
	for i, pt := range pts {
		p := layout.Page{Number: i + 1, Lines: []layout.Line{}}
		edge := -1.0 // distance from the page edge of the chosen number
		for _, l := range pt.lines {
			if !inBand(l, pt.height) {
				p.Lines = append(p.Lines, l)
				continue
			}
			num, isNum := pageNumber(l.Text)
			if !isNum {
				for _, c := range l.Cells {
					if v, ok := pageNumber(c); ok && strings.Contains(strings.ToLower(c), "page") {
						num, isNum = v, true
					}
				}
				if isNum && counts[headerKey(l.Text)] < threshold {
					// A cell that says "Page 5" in a row of real content:
					// record the number, keep the line.
					d := math.Min(l.Y, pt.height-l.Y)
					if edge < 0 || d < edge {
						p.Printed, edge = num, d
					}
					p.Lines = append(p.Lines, l)
					continue
				}
			}
			if isNum {
				d := math.Min(l.Y, pt.height-l.Y)
				if edge < 0 || d < edge {
					p.Printed, edge = num, d
				}
				dropped[i] = append(dropped[i], l)
				continue
			}
			if n >= 3 && counts[headerKey(l.Text)] >= threshold {
				dropped[i] = append(dropped[i], l)
				continue
			}
			p.Lines = append(p.Lines, l)
		}
		if len(p.Lines) == 0 {
			p.Lines = nil
		}
		pages[i] = p
	}
	return pages, dropped
}
