package model

import (
	"math"
	"sort"
	"strings"

	"panelpapers/ingest/layout"
)

// Unruled tables ("stream" mode). A table drawn without borders and with a
// narrow gutter comes out of the layout as a header row over lines that run
// the columns together: "Local Policing Model That the This will be
// included in the". The header row says where the columns start; every
// line under it is cut at those stops by where its words start, and the
// pieces are regrouped into rows at the vertical gaps that cross all the
// columns. The table may carry on over later pages while their lines keep
// to the same columns.

// streamTables rewrites the lines of unruled tables as rows.
func streamTables(pages []layout.Page, body float64) []layout.Page {
	out := append([]layout.Page(nil), pages...)
	for pi := 0; pi < len(out); pi++ {
		p := &out[pi]
		for li := 0; li < len(p.Lines); li++ {
			if body > 0 && p.Lines[li].Size > body*1.1 {
				continue // a heading, not a table's header
			}
			stops, ok := headerStops(p.Lines, li)
			if !ok {
				continue
			}
			end := regionEnd(p.Lines, li+1, stops, true)
			if end <= li+2 {
				continue
			}
			rows := regroup(p.Lines[li+1:end], stops, p.Number)
			toEnd := end == len(p.Lines)
			lines := append([]layout.Line(nil), p.Lines[:li+1]...)
			lines = append(lines, rows...)
			lines = append(lines, p.Lines[end:]...)
			p.Lines = lines
			li += len(rows)
			// The table carries on over the next pages while their lines
			// keep to its columns.
			for pj := pi + 1; toEnd && pj < len(out); pj++ {
				q := &out[pj]
				e := regionEnd(q.Lines, 0, stops, false)
				if e < 2 {
					break
				}
				qrows := regroup(q.Lines[:e], stops, q.Number)
				toEnd = e == len(q.Lines)
				q.Lines = append(qrows, q.Lines[e:]...)
			}
		}
	}
	return out
}

// headerStops reads a table header at line i: a row of two or more short
// cells over lines that are not rows of that shape (a table the layout read
// already needs no help). The columns start where the lines under it have
// words starting, level with one another, again and again: a header's own
// cells are often centred and do not show the columns' edges.
func headerStops(lines []layout.Line, i int) ([]float64, bool) {
	l := lines[i]
	if len(l.Cells) < 2 || !l.Bold {
		return nil, false
	}
	for _, c := range l.Cells {
		c = strings.TrimSpace(c)
		if Words(c) > 16 || Terminal(c) && Words(c) > 4 || c == "" {
			return nil, false
		}
		if m, _ := ParseMarker(c); m.Valid() && !m.Weak {
			return nil, false // a labelled item, not a column's title
		}
	}
	if i > 0 && len(lines[i-1].Cells) == len(l.Cells) {
		return nil, false // the last row of a table the layout read, not a header
	}
	if totalRow.MatchString(strings.TrimSpace(l.Cells[0])) || figures(l.Cells) > 0 {
		return nil, false // a total or a row of figures, not column titles
	}
	if strings.HasSuffix(strings.TrimSpace(l.Cells[0]), ":") {
		return nil, false // "Electoral Division: | All": a field, not a header
	}
	if m, rest := ParseMarker(strings.TrimSpace(l.Cells[0])); m.Valid() && rest == "" {
		return nil, false // "3. | Delivery of the fund": a numbered heading
	}
	if i+1 >= len(lines) {
		return nil, false
	}
	if n := lines[i+1]; len(n.Cells) == len(l.Cells) {
		return nil, false
	}
	// The lines under the header, to a blank or the page's end.
	left := math.Inf(1)
	var below []layout.Line
	for _, n := range lines[i+1:] {
		if BlankPage(n.Text) || len(n.WordX) == 0 && len(n.Cells) == 0 {
			break
		}
		below = append(below, n)
		left = math.Min(left, n.X)
	}
	if len(below) < 4 {
		return nil, false
	}
	count := map[int]int{}
	for _, n := range below {
		xs := n.WordX
		if len(n.Cells) > 0 {
			xs = n.CellX
		}
		seen := map[int]bool{}
		for k, x := range xs {
			if k == 0 && x < left+20 || x < left+20 {
				continue
			}
			b := int(math.Round(x / 2))
			if !seen[b] {
				seen[b] = true
				count[b]++
			}
		}
	}
	type peak struct {
		x float64
		n int
	}
	var peaks []peak
	for b, n := range count {
		// Neighbouring bins are one stop.
		tot := n + count[b-1] + count[b+1]
		if n >= count[b-1] && n >= count[b+1] && tot >= max(4, len(below)/5) {
			peaks = append(peaks, peak{float64(b) * 2, tot})
		}
	}
	sort.Slice(peaks, func(a, b int) bool {
		if peaks[a].n != peaks[b].n {
			return peaks[a].n > peaks[b].n
		}
		return peaks[a].x < peaks[b].x // ties in a fixed order: the map gave them in any
	})
	if len(peaks) == 0 {
		return nil, false
	}
	if len(peaks) > len(l.Cells)-1 {
		peaks = peaks[:len(l.Cells)-1]
	}
	stops := []float64{left}
	for _, p := range peaks {
		stops = append(stops, p.x)
	}
	sort.Float64s(stops)
	for k := 1; k < len(stops); k++ {
		if stops[k]-stops[k-1] < 20 {
			return nil, false
		}
	}
	return stops, true
}

// regionEnd returns one past the last line from `from` that belongs to a
// table with these column stops: lines that start at or right of the first
// column and, enough of them, have words starting on later stops. On a page
// the table carries on to (first false), the lines must show the columns
// from the start.
func regionEnd(lines []layout.Line, from int, stops []float64, first bool) int {
	aligned, seen := 0, 0
	end := from
	for k := from; k < len(lines); k++ {
		l := lines[k]
		if l.X < stops[0]-4 || BlankPage(l.Text) || len(l.Cells) > 0 && len(l.CellX) == 0 {
			break
		}
		if len(l.WordX) == 0 && len(l.Cells) == 0 {
			break
		}
		if k > from {
			// A numbered paragraph, or a long line that keeps to no column,
			// is the text after the table.
			if m, _ := ParseMarker(l.Text); m.Valid() && !m.Weak && m.Style != Bullet && len(l.Cells) == 0 && l.X < stops[0]+10 && (len(stops) < 2 || l.X1 > stops[1]) {
				break
			}
			if len(l.Cells) == 0 && Words(l.Text) > 12 && !onStop(l, stops) {
				break
			}
		}
		seen++
		if onStop(l, stops) {
			aligned++
		}
		end = k + 1
		if totalRow.MatchString(strings.TrimSpace(l.Text)) {
			break // the total closes the table
		}
	}
	// Enough lines must show the columns: a quarter under the header, a
	// tenth on a page the table carries on to (where one column may run on
	// alone for a while).
	need := 4
	if !first {
		need = 10
	}
	if seen == 0 || aligned == 0 || aligned*need < seen {
		return from
	}
	return end
}

// onStop reports whether a line has a word (or starts) on a column stop
// after the first.
func onStop(l layout.Line, stops []float64) bool {
	xs := l.WordX
	if len(l.CellX) > 0 {
		xs = l.CellX
	}
	for _, x := range xs {
		for _, s := range stops[1:] {
			if math.Abs(x-s) <= 3 {
				return true
			}
		}
	}
	return false
}

// piece is part of a line that falls in one column.
type piece struct {
	col  int
	y    float64
	end  float64 // the last baseline it covers
	text string
	bold bool
	size float64
	x    float64
}

// regroup cuts lines into column pieces and gathers the pieces into rows:
// a new row where a vertical gap wider than the table's line pitch crosses
// every column.
func regroup(lines []layout.Line, stops []float64, page int) []layout.Line {
	colOf := func(x float64) int {
		c := 0
		for k, s := range stops {
			if x >= s-3 {
				c = k
			}
		}
		return c
	}
	var ps []piece
	for _, l := range lines {
		if len(l.Cells) > 0 {
			for k, c := range l.Cells {
				x := l.X
				if k < len(l.CellX) {
					x = l.CellX[k]
				}
				ps = append(ps, piece{colOf(x), l.Y, max(l.Y, l.YEnd), c, l.Bold, l.Size, x})
			}
			continue
		}
		words := strings.Fields(l.Text)
		if len(words) != len(l.WordX) {
			ps = append(ps, piece{colOf(l.X), l.Y, max(l.Y, l.YEnd), l.Text, l.Bold, l.Size, l.X})
			continue
		}
		cur := -1
		for k, w := range words {
			c := colOf(l.WordX[k])
			if c != cur {
				ps = append(ps, piece{c, l.Y, max(l.Y, l.YEnd), w, l.Bold, l.Size, l.WordX[k]})
				cur = c
				continue
			}
			ps[len(ps)-1].text += " " + w
		}
	}
	if len(ps) == 0 {
		return nil
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].y < ps[b].y })
	// The table's line pitch: the usual step between baselines.
	var steps []float64
	for k := 1; k < len(ps); k++ {
		if d := ps[k].y - ps[k-1].y; d > 1 {
			steps = append(steps, d)
		}
	}
	sort.Float64s(steps)
	pitch := 14.0
	if len(steps) > 0 {
		pitch = steps[len(steps)/2]
	}
	var rows []layout.Line
	var cells []string
	var top float64
	flush := func() {
		filled := false
		for _, c := range cells {
			filled = filled || c != ""
		}
		if filled {
			var cx []float64
			cx = append(cx, stops...)
			l := layout.Line{Cells: append([]string(nil), cells...), CellX: cx, Y: top, X: stops[0], Size: ps[0].size}
			flat := make([]string, len(l.Cells))
			for k, c := range l.Cells {
				flat[k] = strings.ReplaceAll(c, "\n", " ")
			}
			l.Text = strings.Join(flat, "\t")
			rows = append(rows, l)
		}
		cells = nil
	}
	lastY := math.Inf(-1)
	lastBold0 := false
	var lastBold []bool // per column, the weight of its last piece
	bold0 := false      // the row's first column opens in bold
	for _, p := range ps {
		// A new row at a gap across the columns — unless the first column
		// is in mid-sentence, which a row never ends in.
		if cells != nil && p.y-lastY > 1.45*pitch {
			// A bold title opening the first column after a gap across all
			// columns starts a row whatever the row above ended with.
			if c0 := strings.TrimSpace(cells[0]); c0 == "" || Terminal(c0) || strings.HasSuffix(c0, ":") || strings.HasSuffix(c0, ":-") || p.col == 0 && Words(c0) <= 8 && !startsLower(p.text) && !bold0 ||
				p.col == 0 && p.bold && !lastBold0 {
				flush()
			}
		}
		if cells == nil {
			cells = make([]string, len(stops))
			lastBold = make([]bool, len(stops))
			top = p.y
			bold0 = p.col == 0 && p.bold
		}
		if cells[p.col] == "" {
			cells[p.col] = p.text
		} else {
			// A change of weight or a list label starts a paragraph of
			// the cell: a bold title over its text, "1." after "That …".
			sep := " "
			if p.bold != lastBold[p.col] || startsMarker(p.text) || strings.HasPrefix(p.text, "•") {
				sep = "\n"
			}
			cells[p.col] += sep + p.text
		}
		lastBold[p.col] = p.bold
		lastY = math.Max(lastY, p.end)
		if p.col == 0 {
			lastBold0 = p.bold
		}
	}
	flush()
	for k := range rows {
		rows[k].Block = 100000 + page*1000 + k // blocks of their own
	}
	return rows
}
