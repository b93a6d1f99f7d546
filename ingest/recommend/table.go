package recommend

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
)

var (
	hdrRec    = textscan.Guard(regexp.MustCompile(`(?i)recommendation`), textscan.Fold("recommendation"))
	hdrResp   = textscan.Guard(regexp.MustCompile(`(?i)response|update|progress|action|reply|comment|outcome`), textscan.Fold("response", "update", "progress", "action", "reply", "comment", "outcome"))
	hdrStatus = textscan.Guard(regexp.MustCompile(`(?i)status|assessment|rag\b|complete`), textscan.Fold("status", "assessment", "rag", "complete"))
	hdrRef    = regexp.MustCompile(`(?i)^(ref\.?|reference|no\.?|number|#)$`)
	// The start of a recommendation inside a tracker cell: a list number or
	// the "That …" form UK recommendations are written in.
	rowRecStart = regexp.MustCompile(`(?:^|\s)(?:(\d{1,2})[.)]\s+|\(([a-z])\)\s+)|(?:^|[\s.;:])(That)\s`)
	numOnly     = regexp.MustCompile(`^(?:\(?\d{1,2}[.)]?$|\([a-z]\)$)`) // one ^, so regexp sees it is anchored
	statusWord  = regexp.MustCompile(`(?i)\b(complete[d]?|ongoing|in progress|overdue|outstanding|not started|closed|open|on track|superseded|delayed|achieved|partially complete)\b`)
)

// columns are the roles of a tracker table's columns.
type columns struct {
	n                    int
	rec, resp, stat, ref int
	header               string
}

// tableHeader recognises a tracker header row: a recommendation column and a
// response column.
func tableHeader(l corpus.Line) *columns {
	if len(l.Cells) < 2 {
		return nil
	}
	c := &columns{n: len(l.Cells), rec: -1, resp: -1, stat: -1, ref: -1, header: norm(l.Text)}
	for i, cell := range l.Cells {
		t := norm(cell)
		if words(t) > 20 {
			return nil
		}
		switch {
		case c.rec < 0 && hdrRec.MatchString(t) && !hdrResp.MatchString(strings.ToLower(t)[:min(len(t), 8)]):
			c.rec = i
		case c.resp < 0 && hdrResp.MatchString(t):
			c.resp = i
		case c.stat < 0 && hdrStatus.MatchString(t):
			c.stat = i
		case c.ref < 0 && hdrRef.MatchString(t):
			c.ref = i
		}
	}
	if c.rec < 0 || c.resp < 0 {
		return nil
	}
	return c
}

type piece struct {
	page, pn int // page index, page number
	y        float64
	col      int
	text     string
	bold     bool
	newBlock bool
	rowStart bool // the first cell of a row read whole from the text layer
	inRow    bool // a later cell of such a row
	x        float64
	size     float64
	lineHead bool    // the first piece of its text line
	carries  bool    // its line also put text in another column
	bottom   float64 // estimated last baseline: a cell read whole may wrap
}

// trackerTables finds tracker tables and returns their rows as items, and
// the lines they used so that prose rules skip them.
func trackerTables(pages []corpus.Page, body float64) ([]corpus.Item, map[[2]int]bool) {
	skip := map[[2]int]bool{}
	var out []corpus.Item
	for pi := 0; pi < len(pages); pi++ {
		for li, l := range pages[pi].Lines {
			if skip[[2]int{pi, li}] {
				continue
			}
			cols := tableHeader(l)
			if cols == nil {
				continue
			}
			items := readTable(pages, pi, li, cols, body, skip)
			out = append(out, items...)
		}
	}
	return out, skip
}

func readTable(pages []corpus.Page, pi0, li0 int, cols *columns, body float64, skip map[[2]int]bool) []corpus.Item {
	hdr := pages[pi0].Lines[li0]
	tsize := hdr.Size
	skip[[2]int{pi0, li0}] = true
	type at struct{ pi, li int }
	var region []at
	headerY := map[int]float64{pi0: hdr.Y}
	// The table runs until a line that is not table text: prose at body
	// size when the table is set smaller, a heading, or a new paper.
loop:
	for pi := pi0; pi < len(pages); pi++ {
		if pi > pi0 && isBlank(pages[pi]) {
			break
		}
		start := 0
		if pi == pi0 {
			start = li0 + 1
		}
		for li := start; li < len(pages[pi].Lines); li++ {
			l := pages[pi].Lines[li]
			t := norm(l.Text)
			if norm(l.Text) == cols.header || (tableHeader(l) != nil && pi != pi0) {
				skip[[2]int{pi, li}] = true // the header repeated on a new page
				headerY[pi] = l.Y
				continue
			}
			if blankPage.MatchString(t) && words(t) <= 12 || strongStart(pages[pi].Lines, li, body) {
				break loop // a "left blank" notice or the next paper
			}
			if len(l.Cells) < 2 {
				switch {
				case tsize > 0 && body > 0 && tsize < body-0.4 && l.Size > tsize+0.6:
					break loop
				case (tsize == 0 || tsize >= body-0.4) && blockIsHeading([]corpus.Line{l}, body) && !l.Bold:
					break loop
				case l.Level > 0:
					break loop
				}
			}
			if hy, ok := headerY[pi]; ok && len(l.Cells) < 2 && l.Bold && l.Y > hy && l.Y-hy < 3*max(l.Size, 8) && words(t) <= 4 {
				skip[[2]int{pi, li}] = true // a header cell's second line
				continue
			}
			region = append(region, at{pi, li})
		}
	}
	// Column starts from the lines' left edges.
	var lines []corpus.Line
	for _, a := range region {
		lines = append(lines, pages[a.pi].Lines[a.li])
	}
	starts := columnStarts(lines, cols.n)
	colOf := func(x float64) int {
		c := 0
		for i, s := range starts {
			if x >= s-4 {
				c = i
			}
		}
		return c
	}
	// Rows read whole (HTML, tidy PDFs) start rows by themselves; in a text
	// layer that broke the table into loose lines they are fragments.
	whole, loose := 0, 0
	for _, l := range lines {
		if len(l.Cells) == cols.n {
			whole++
		} else {
			loose++
		}
	}
	wholeRows := whole >= loose
	var ps []piece
	lastBlock := map[int]int{}
	for _, a := range region {
		skip[[2]int{a.pi, a.li}] = true
		l := pages[a.pi].Lines[a.li]
		pn := pages[a.pi].Number
		if len(l.Cells) > 1 {
			var cells []string
			for _, c := range l.Cells {
				// A list number the text layer cut off its item carries
				// nothing: drop it wherever it fell.
				if numOnly.MatchString(norm(c)) && (len(cells) == 0 || !wholeRows) {
					continue
				}
				cells = append(cells, c)
			}
			c0 := 0
			if len(cells) < cols.n {
				c0 = colOf(l.X)
				// A loose line of several cells: its x is that of whichever
				// text the layer met first, so start at the recommendation.
				if !wholeRows && len(cells) > 1 {
					c0 = min(c0, cols.rec)
				}
			}
			for k, c := range cells {
				col := min(c0+k, cols.n-1)
				bottom := cellBottom(l, norm(c), col, starts)
				ps = append(ps, piece{page: a.pi, pn: pn, y: l.Y, col: col, text: norm(c), bold: l.Bold, newBlock: true,
					rowStart: wholeRows && len(cells) == cols.n && k == 0, inRow: wholeRows && len(cells) == cols.n && k > 0,
					x: l.X, size: l.Size, lineHead: k == 0, carries: len(cells) > 1, bottom: bottom})
			}
			continue
		}
		c := colOf(l.X)
		t := norm(l.Text)
		nb := lastBlock[c] != l.Block+a.pi*10000
		lastBlock[c] = l.Block + a.pi*10000
		if c+1 < len(starts) {
			// A line opening a row (capitalised, at the column's edge,
			// after a gap) may begin with a bold lead-in the line's
			// weight does not show: measure those words bold.
			nbold := 0
			if l.Bold {
				nbold = words(t)
			} else if c == cols.rec && math.Abs(l.X-starts[c]) <= 4 && t != "" && unicode.IsUpper([]rune(t)[0]) {
				above, aboveText := -1.0, ""
				for _, b := range region {
					o := pages[b.pi].Lines[b.li]
					if b.pi == a.pi && o.Y < l.Y-1 && (colOf(o.X) == c || len(o.Cells) > 1) {
						bt, ot := o.Y, norm(o.Text)
						if len(o.Cells) > 1 {
							ot = norm(o.Cells[0])
							bt = cellBottom(o, ot, c, starts)
						}
						if bt > above {
							above, aboveText = bt, ot
						}
					}
				}
				ended := above < 0 || terminal(aboveText) || strings.HasSuffix(aboveText, ")")
				if ended && (above < 0 || l.Y-above >= rowGap*l.Size) {
					nbold = words(t)
					if m := opener.FindStringIndex(t); m != nil {
						nbold = words(t[:m[0]])
					}
					if m := rowRecStart.FindStringIndex(t); m != nil {
						nbold = min(nbold, words(t[:m[0]]))
					}
				}
			}
			if left, right, ok := splitAt(t, l.X, starts[c+1], l.Size, nbold); ok {
				ps = append(ps, piece{page: a.pi, pn: pn, y: l.Y, col: c, text: left, bold: l.Bold, newBlock: nb, x: l.X, size: l.Size, lineHead: true, carries: true, bottom: l.Y})
				ps = append(ps, piece{page: a.pi, pn: pn, y: l.Y, col: c + 1, text: right, bold: l.Bold, x: starts[c+1], size: l.Size, bottom: l.Y})
				continue
			}
		}
		ps = append(ps, piece{page: a.pi, pn: pn, y: l.Y, col: c, text: t, bold: l.Bold, newBlock: nb, x: l.X, size: l.Size, lineHead: true, bottom: l.Y})
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].page != ps[j].page {
			return ps[i].page < ps[j].page
		}
		return ps[i].y < ps[j].y-1
	})
	if !wholeRows {
		recX := starts[0]
		if cols.rec < len(starts) {
			recX = starts[cols.rec]
		}
		if rows := looseRows(ps, cols, recX, headerY); rows != nil {
			return rowItems(rows, cols)
		}
	}
	return tableRows(ps, cols)
}

// columnStarts finds n column left edges among lines' x positions: the
// leftmost edge, then the edges few lines to their left run across.
func columnStarts(lines []corpus.Line, n int) []float64 {
	count := map[float64]int{}
	for _, l := range lines {
		if len(l.Cells) < 2 {
			count[float64(int(l.X+1.5)/3*3)]++
		}
	}
	var xs []float64
	for x, c := range count {
		if c >= 2 {
			xs = append(xs, x)
		}
	}
	sort.Float64s(xs)
	if len(xs) == 0 {
		return []float64{0}
	}
	type cand struct {
		x     float64
		ratio float64
	}
	var cands []cand
	for _, x := range xs[1:] {
		left, cross := 0, 0
		for _, l := range lines {
			if len(l.Cells) > 1 || l.X >= x-6 {
				continue
			}
			left++
			if l.X+textWidth(norm(l.Text), l.Size, l.Bold) > x+6 {
				cross++
			}
		}
		if left > 0 {
			cands = append(cands, cand{x, float64(cross) / float64(left)})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].ratio < cands[j].ratio })
	out := []float64{xs[0]}
	for _, c := range cands {
		if len(out) >= n || c.ratio > 0.45 {
			break
		}
		near := false
		for _, o := range out {
			near = near || c.x-o < 8 && o-c.x < 8
		}
		if !near {
			out = append(out, c.x)
		}
	}
	sort.Float64s(out)
	// The bucket is coarse: use the median x of the lines that start there.
	for i, o := range out {
		var xs []float64
		for _, l := range lines {
			if len(l.Cells) < 2 && l.X >= o-2 && l.X < o+4 {
				xs = append(xs, l.X)
			}
		}
		if len(xs) > 0 {
			sort.Float64s(xs)
			out[i] = xs[len(xs)/2]
		}
	}
	return out
}

// rowGap is the vertical gap, in font sizes, that parts a table's rows
// (a loose line spacing is about 1.3).
const rowGap = 2.8

// splitAt splits a line that ran across a column edge (the text layer joined
// two cells' lines) after the last word that ends clear of the edge by the
// cells' padding; its first nbold words are measured bold.
func splitAt(t string, x, edge, size float64, nbold int) (string, string, bool) {
	ws := strings.Fields(t)
	width := func(n int) float64 {
		w := 0.0
		for i := 0; i < n; i++ {
			s := ws[i]
			if i > 0 {
				s = " " + s
			}
			w += textWidth(s, size, i < nbold)
		}
		return w
	}
	if size == 0 || len(ws) < 2 || x+width(len(ws)) <= edge+6 {
		return "", "", false
	}
	best := -1
	for i := 1; i < len(ws); i++ {
		if x+width(i) <= edge-0.25*size {
			best = i
		}
	}
	if best < 0 || x+width(best) < edge-12*size {
		return "", "", false
	}
	return strings.Join(ws[:best], " "), strings.Join(ws[best:], " "), true
}

// row is one table row: its cells' text pieces by column role.
type row struct {
	rec, resp, stat, ref []string
	recPages             []int
	page                 int
}

func (r *row) add(p piece, cols *columns) {
	switch c := p.col; {
	case c == cols.rec || c > cols.rec && cols.resp > cols.rec && c < cols.resp:
		r.rec = append(r.rec, p.text)
		r.recPages = append(r.recPages, p.pn)
	case c == cols.resp:
		r.resp = append(r.resp, p.text)
	case c == cols.stat:
		r.stat = append(r.stat, p.text)
	case c == cols.ref:
		r.ref = append(r.ref, p.text)
	}
}

// looseRows groups the pieces of a table whose text layer came apart into
// lines. A row starts where the recommendation column's left edge starts a
// capitalised line after a vertical gap and the response column starts new
// text at the same height (cells of a row share their top), or where a short
// bold lead-in stands on its own line. Every piece then belongs to the last
// row that started at or just below its height, so the whole response cell
// goes with the whole recommendation cell however the layer cut them.
// It returns nil when it finds no row start.
func looseRows(ps []piece, cols *columns, recX float64, headerY map[int]float64) []*row {
	type start struct {
		page int
		y    float64
	}
	var starts []start
	for i, p := range ps {
		// (A line the layer read as several cells gets the x of whichever
		// text it met first, so its x says nothing.)
		if p.col != cols.rec || !p.lineHead || (p.x > recX+4 && !p.carries) || p.text == "" {
			continue
		}
		r := []rune(p.text)[0]
		if !unicode.IsUpper(r) {
			continue
		}
		gap := rowGap * max(p.size, 6)
		hy, hdr := headerY[p.page]
		hdr = hdr && hy < p.y
		pageTop := !hdr
		gapAbove := func(col int, y float64) bool {
			for j := i - 1; j >= 0; j-- {
				q := ps[j]
				if q.page != p.page || hdr && q.y < hy {
					return true
				}
				if q.y < y-1 {
					pageTop = false
				}
				if q.col == col && q.y < y-1 {
					return q.bottom < y-gap
				}
			}
			return true
		}
		if !gapAbove(cols.rec, p.y) {
			continue
		}
		lead := p.bold && words(p.text) <= 8 && !p.carries
		if !lead {
			// The recommendation above must have ended (a sentence or a
			// bracket closed) unless a wide gap parts them.
			for j := i - 1; j >= 0; j-- {
				q := ps[j]
				if q.col != cols.rec {
					continue
				}
				ended := terminal(q.text) || strings.HasSuffix(q.text, ")")
				if !ended && !hdr && (q.page != p.page || q.bottom >= p.y-1.3*gap) {
					pageTop = true // forces the lead-in test below
				}
				break
			}
		}
		if pageTop && !lead {
			// A row cut by a page break goes on at the top of the next
			// page: only a lead-in starts a row there.
			continue
		}
		resp := false
		if p.carries {
			resp = gapAbove(cols.resp, p.y)
		} else {
			for j, q := range ps {
				if q.page == p.page && q.col == cols.resp && math.Abs(q.y-p.y) <= 1.2*max(p.size, 6) {
					// the response cell's first line: a gap above it
					k := j - 1
					for k >= 0 && ps[k].page == q.page && (ps[k].col != cols.resp || ps[k].y >= q.y-1) {
						k--
					}
					if k < 0 || ps[k].page != q.page || ps[k].bottom < q.y-gap {
						resp = true
					}
					break
				}
			}
		}
		if resp || lead {
			starts = append(starts, start{p.page, p.y})
		}
	}
	if len(starts) == 0 {
		return nil
	}
	rows := make([]*row, len(starts))
	for i := range starts {
		rows[i] = &row{page: -1}
	}
	// A response cell cannot run past the top of the next row, so a run of
	// response lines goes with the row its last line is in (a renderer may
	// set a short recommendation lower than its long response).
	at := make([]float64, len(ps))
	var run []int
	flush := func() {
		for _, j := range run {
			at[j] = ps[run[len(run)-1]].y
		}
		run = run[:0]
	}
	for i, p := range ps {
		at[i] = p.y
		if p.col != cols.resp {
			continue
		}
		if len(run) > 0 {
			q := ps[run[len(run)-1]]
			if q.page != p.page || p.y-q.y >= rowGap*max(p.size, 6) {
				flush()
			}
		}
		run = append(run, i)
	}
	flush()
	for pi, p := range ps {
		tol := 1.2 * max(p.size, 6)
		k := -1
		for i, s := range starts {
			if s.page < p.page || s.page == p.page && s.y-tol <= at[pi] {
				k = i
			}
		}
		if k < 0 {
			continue
		}
		if rows[k].page < 0 && p.col == cols.rec {
			rows[k].page = p.pn
		}
		rows[k].add(p, cols)
	}
	var out []*row
	for _, r := range rows {
		if len(r.rec) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func tableRows(ps []piece, cols *columns) []corpus.Item {
	var rows []*row
	var cur *row
	prevY, prevPage := -1.0, -1
	for _, p := range ps {
		c := p.col
		if p.rowStart {
			cur = &row{page: p.pn}
			rows = append(rows, cur)
		}
		switch {
		case c == cols.rec && p.inRow:
			cur.rec = append(cur.rec, p.text)
			cur.recPages = append(cur.recPages, p.pn)
			prevY, prevPage = p.y, p.page
		case c == cols.rec:
			// A new row starts where the recommendation column starts a new
			// block after a gap, or with a bold lead-in.
			if cur == nil || (p.newBlock && (p.page != prevPage || p.y-prevY > 20) && !numOnly.MatchString(p.text) && !rowRecStart.MatchString(" "+p.text) || p.bold && p.newBlock) {
				cur = &row{page: p.pn}
				rows = append(rows, cur)
			}
			cur.rec = append(cur.rec, p.text)
			cur.recPages = append(cur.recPages, p.pn)
			prevY, prevPage = p.y, p.page
		case cur == nil:
		case c == cols.resp:
			cur.resp = append(cur.resp, p.text)
		case c == cols.stat:
			cur.stat = append(cur.stat, p.text)
		case c == cols.ref:
			cur.ref = append(cur.ref, p.text)
		default:
			if c > cols.rec && cols.resp > cols.rec && c < cols.resp {
				cur.rec = append(cur.rec, p.text)
				cur.recPages = append(cur.recPages, p.pn)
			}
		}
	}
	return rowItems(rows, cols)
}

// opener is how a recommendation sentence in a tracker cell may start when it
// is not "That …" or numbered: the text before it is the row's topic lead-in.
var opener = regexp.MustCompile(`(?:^|\s)(?:To|For the|Update|The Panel|The PCC|The Committee|The Council|Members|Further|Questions|A request|Request|It is|It was|Consider|Considering)\b`)

// rowItems turns rows into items: a short lead-in before the first
// recommendation is the topic; each numbered or "That …" part is an item,
// sharing the row's response and status.
func rowItems(rows []*row, cols *columns) []corpus.Item {
	var out []corpus.Item
	topic := ""
	for _, r := range rows {
		text := ""
		var offs []int
		for _, s := range r.rec {
			if text != "" && !(strings.HasSuffix(text, "-") && !strings.HasSuffix(text, " -")) {
				text += " "
			}
			offs = append(offs, len(text))
			text += s
		}
		pageAt := func(o int) int {
			pg := r.page
			for i, s := range offs {
				if s <= o {
					pg = r.recPages[i]
				}
			}
			return pg
		}
		resp := norm(strings.Join(r.resp, " "))
		stat := ""
		if m := statusWord.FindString(strings.Join(r.stat, " ")); m != "" {
			stat = strings.ToLower(m)
		}
		// The topic lead-in: the text before the first recommendation
		// start, when short; else a short first piece standing alone.
		body := 0
		cut := -1
		if m := rowRecStart.FindStringIndex(text); m != nil && m[0] > 0 {
			cut = m[0]
		}
		if m := opener.FindStringIndex(text); m != nil && m[0] > 0 && (cut < 0 || m[0] < cut) {
			cut = m[0]
		}
		if cut > 0 && words(text[:cut]) <= 12 {
			body = cut
		} else if len(r.rec) > 1 && words(r.rec[0]) <= 8 && !terminal(r.rec[0]) {
			body = offs[1]
		}
		if lead := strings.TrimSpace(strings.TrimRight(text[:body], " •·-–:")); lead != "" {
			topic = lead
		}
		ms := rowRecStart.FindAllStringSubmatchIndex(text[body:], -1)
		for _, m := range ms {
			for k := range m {
				if m[k] >= 0 {
					m[k] += body
				}
			}
		}
		// Text between the lead-in and the first numbered or "That" part
		// is a recommendation of its own unless it is a short label (an
		// addressee such as "To Panel Members").
		if first := len(text); true {
			if len(ms) > 0 {
				first = ms[0][0]
			}
			if pre := strings.TrimSpace(text[body:first]); words(pre) >= 5 || len(ms) == 0 && words(pre) >= 3 {
				ms = append([][]int{{body, body, -1, -1, -1, -1, -1, -1}}, ms...)
			}
		}
		for i, m := range ms {
			end := len(text)
			if i+1 < len(ms) {
				end = ms[i+1][0]
			}
			s := m[0]
			if s < len(text) && text[s] == ' ' {
				s++
			}
			num := ""
			if m[2] >= 0 {
				num = text[m[2]:m[3]]
			} else if m[4] >= 0 {
				num = text[m[4]:m[5]]
			}
			part := strings.TrimSpace(text[s:end])
			if num != "" {
				part = strings.TrimSpace(strings.TrimLeft(part[len(num):], ".)"))
				part = strings.TrimSpace(strings.TrimPrefix(part, ")"))
			}
			if words(part) < 3 {
				continue
			}
			if r.ref != nil && num == "" {
				num = strings.Join(r.ref, " ")
			}
			out = append(out, corpus.Item{Kind: corpus.KindRecommendation, Text: part, Number: num, Topic: topic, Response: resp, Status: stat, Source: srcTable, Page: pageAt(s)})
		}
	}
	return out
}

// cellBottom estimates the last baseline of a cell the text layer read
// whole into one line: the lines its text needs at the column's width.
func cellBottom(l corpus.Line, text string, col int, starts []float64) float64 {
	w := 200.0
	switch {
	case col+1 < len(starts):
		w = starts[col+1] - starts[col]
	case col > 0 && col < len(starts):
		w = starts[col] - starts[col-1]
	}
	w = max(w-6, 20)
	n := math.Ceil(textWidth(text, l.Size, l.Bold) / w)
	return l.Y + max(n-1, 0)*1.3*l.Size
}
