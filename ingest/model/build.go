package model

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"panelpapers/ingest/dates"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/layout"
)

// line is one input line with the page it sits on.
type line struct {
	layout.Line
	page    int
	printed string
	side    []string // short texts set level with the line in a right-hand column
}

// proto is a block being built: lines, and what is known of their role.
type proto struct {
	lines  []line
	marker Marker
	cells  []string // a row's cells (after any label cell)
	row    bool     // a table row
	header bool     // an HTML header row
	table  int      // HTML table number
	depth  int      // HTML list depth
	cont   bool     // HTML: a later block of a list item (a second <p> in an <li>)
	text   string   // the text without the label
	lead   string   // a time set before the label: "11.10am 6. Title"
}

func (p *proto) first() line { return p.lines[0] }
func (p *proto) last() line  { return p.lines[len(p.lines)-1] }

// x is the left edge of the block's text (after a label, for continuation lines).
func (p *proto) x() float64 { return p.lines[0].X }

// textX is where continuation lines of the block start: the hanging indent
// of a list item.
func (p *proto) textX() float64 {
	if len(p.lines) > 1 {
		return p.lines[1].X
	}
	return p.lines[0].X
}

func (p *proto) right() float64 {
	r := 0.0
	for _, l := range p.lines {
		r = math.Max(r, l.X1)
	}
	return r
}

// Build turns a paper's pages into a document model. It reads the layout
// hints of each line (size, weight, position, the PDF layout's blocks and
// table cells, HTML heading levels, list labels and table rows) once, so that
// every structure rule reads the same picture of the paper.
func Build(pages []layout.Page) *Doc {
	d := &Doc{BodySize: layout.BodySize(pages)}
	pages = fieldRows(pages)
	pages = streamTables(pages, d.BodySize)
	for _, p := range pages {
		d.Pages = append(d.Pages, PageInfo{Number: p.Number, Printed: p.Printed})
		for _, l := range p.Lines {
			if l.X1 > 0 {
				d.HasBoxes = true
			}
		}
	}
	b := &builder{doc: d, body: d.BodySize, right: map[int]float64{}}
	for _, p := range pages {
		for _, l := range p.Lines {
			b.right[p.Number] = math.Max(b.right[p.Number], l.X1)
		}
	}
	ps := b.group(pages)
	ps = b.attachLabels(ps)
	ps = b.split(ps)
	if !d.HasBoxes {
		ps = b.joinLowerTitles(ps)
	}
	if d.HasBoxes {
		// Again: splitting frees labels that shared a layout block with
		// the text above them.
		ps = b.attachLabels(ps)
		ps = b.joinContinuations(ps)
	}
	b.emit(ps)
	rankHeadings(d)
	nest(d)
	d.Papers = findPapers(d)
	return d
}

type builder struct {
	doc  *Doc
	body float64
	// right is each page's right text edge (the furthest line end), to
	// tell a line that fills its measure from one that stops short.
	right map[int]float64
}

// group cuts the lines into the layout's blocks: PDF lines sharing a block
// number on a page, HTML lines of one element. Table rows are groups of
// their own.
func (b *builder) group(pages []layout.Page) []*proto {
	var out []*proto
	var cur *proto
	for _, p := range pages {
		lines := make([]line, 0, len(p.Lines))
		for _, l := range p.Lines {
			lines = append(lines, line{Line: l, page: p.Number, printed: p.Printed})
		}
		if b.doc.HasBoxes {
			lines = b.sideColumn(lines)
		}
		for _, ln := range lines {
			l := ln.Line
			text := Collapse(strings.ReplaceAll(l.Text, "\t", " "))
			if text == "" {
				continue
			}
			ln.Text = text
			isRow := len(l.Cells) > 1 || l.Table > 0
			if isRow {
				pr := &proto{lines: []line{ln}, row: true, header: l.Header, table: l.Table}
				for _, c := range l.Cells {
					pr.cells = append(pr.cells, collapseLines(c))
				}
				if len(pr.cells) == 0 {
					pr.cells = []string{text}
				}
				if head, rest, ok := rowTitle(pr.cells[0]); ok && len(pr.cells) >= 2 {
					// "10. ACCOUNTS FOR PAYMENT" over the first payment,
					// beside its amount: the title is a block of its own.
					hl := ln
					hl.Text, hl.Cells, hl.Bold = head, nil, true
					out = append(out, &proto{lines: []line{hl}})
					pr.cells[0] = rest
					pr.lines[0].Text = flatten(strings.Join(pr.cells, "\t"))
				}
				out = append(out, pr)
				cur = nil
				continue
			}
			if cur != nil && cur.first().page == p.Number && cur.first().Block == l.Block && l.Marker == "" {
				cur.lines = append(cur.lines, ln)
				continue
			}
			if cur != nil && sameBaseline(cur, ln) {
				// A justified line the layout cut at its wide spaces:
				// words on one baseline, each a block of its own.
				last := &cur.lines[len(cur.lines)-1]
				last.Text += " " + ln.Text
				last.X1 = ln.X1
				continue
			}
			if cur != nil && runsOn(cur, ln) {
				cur.lines = append(cur.lines, ln)
				continue
			}
			cur = &proto{lines: []line{ln}, depth: l.ListDepth}
			if l.Marker != "" {
				if m, rest := ParseMarker(l.Marker); m.Valid() && rest == "" {
					m.Weak = false
					cur.marker = m
				}
			} else if l.ListDepth > 0 && len(out) > 0 && out[len(out)-1].depth == l.ListDepth && !out[len(out)-1].row {
				cur.cont = true
			}
			out = append(out, cur)
		}
	}
	return out
}

// sideColumn finds the short texts a paper sets in a right-hand column
// level with the lines they belong to — an action column ("Noted",
// "Clerk"), the amounts of a list of payments — and gives each to its line,
// so that a payee keeps its amount. The layout reads such a column as a
// block of its own, after the text it annotates.
func (b *builder) sideColumn(lines []line) []line {
	right := 0.0
	for _, l := range lines {
		right = math.Max(right, l.X1)
	}
	if right == 0 {
		return lines
	}
	short := func(l line) bool {
		return len(l.Cells) <= 1 && (Words(l.Text) <= 4 || isFigure(l.Text)) && len(l.Text) <= 40
	}
	// A side block has only short lines, all right of the middle.
	sideBlock := map[int]bool{}
	allShort := map[int]bool{}
	for _, l := range lines {
		if _, seen := allShort[l.Block]; !seen {
			allShort[l.Block] = true
		}
		if !short(l) || l.X < 0.5*right {
			allShort[l.Block] = false
		}
	}
	for blk, ok := range allShort {
		sideBlock[blk] = ok
	}
	taken := make([]bool, len(lines))
	for i := range lines {
		s := lines[i]
		if !sideBlock[s.Block] {
			continue
		}
		tol := 0.4 * math.Max(s.Size, 6)
		best := -1
		for j := range lines {
			o := lines[j]
			if j == i || taken[j] || sideBlock[o.Block] || math.Abs(o.Y-s.Y) > tol || o.X1 >= s.X-4 || Words(o.Text) < 2 {
				continue
			}
			if best < 0 || math.Abs(o.Y-s.Y) < math.Abs(lines[best].Y-s.Y) {
				best = j
			}
		}
		if best >= 0 {
			lines[best].side = append(lines[best].side, s.Text)
			taken[i] = true
		}
	}
	out := lines[:0]
	for i, l := range lines {
		if !taken[i] {
			out = append(out, l)
		}
	}
	return out
}

// sameBaseline reports whether line l carries on the last line of group p
// on its baseline: both single words or fragments, close together.
func sameBaseline(p *proto, l line) bool {
	last := p.last()
	if last.page != l.page || last.X1 == 0 || l.Level > 0 || last.Level > 0 {
		return false
	}
	if math.Abs(last.Y-l.Y) > 0.5 || l.X <= last.X1 || l.X-last.X1 > 6*math.Max(l.Size, 6) {
		return false
	}
	if _, ok := labelOnly(&proto{lines: []line{last}}); ok && len(p.lines) == 1 {
		return false // a label beside its text: attachLabels' job
	}
	return Words(last.Text) <= 3 && Words(l.Text) <= 3 && math.Abs(last.Size-l.Size) < 0.5
}

// runsOn reports whether line l continues a one-line group p: set at the
// same indent one line-pitch below, and its sentence running on.
func runsOn(p *proto, l line) bool {
	last := p.last()
	if len(p.lines) != 1 || last.page != l.page || last.X1 == 0 || last.Level > 0 || l.Level > 0 {
		return false
	}
	pitch := l.Y - last.Y
	return math.Abs(last.X-l.X) < 1 && pitch > 0.9*l.Size && pitch < 1.5*l.Size &&
		!Terminal(last.Text) && !strings.HasSuffix(last.Text, ":") && startsLower(l.Text) && last.Bold == l.Bold
}

// rowTitle splits a labelled title off the top of a table cell: a first
// paragraph that is a label and a few words in capitals, over more text.
func rowTitle(cell string) (head, rest string, ok bool) {
	first, more, found := strings.Cut(cell, "\n")
	if !found || strings.TrimSpace(more) == "" {
		return "", cell, false
	}
	m, title := ParseMarker(first)
	if !m.Valid() || m.Weak || m.Style == Bullet || title == "" || !Caps(title) || Words(title) > 10 {
		return "", cell, false
	}
	return first, more, true
}

// lone reports whether row i stands alone: no row of its shape beside it.
func lone(ps []*proto, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(ps) && ps[j].row && len(ps[j].cells) == len(ps[i].cells) {
			return false
		}
	}
	return true
}

// labelOnly reports whether a group is only a list label (or a label and an
// agenda reference: "84." over "(Item 1)"), set in a column of its own.
func labelOnly(p *proto) (Marker, bool) {
	if p.row || len(p.lines) > 3 {
		return Marker{}, false
	}
	m, rest := ParseMarker(p.lines[0].Text)
	if !m.Valid() || rest != "" || m.Style == Bullet && len(p.lines) > 1 {
		return Marker{}, false
	}
	for _, l := range p.lines[1:] {
		if !itemRef(l.Text) {
			return Marker{}, false
		}
	}
	return m, true
}

// itemRef reports "(Item 1)", "(Agenda Item 4)": a minute's note of the
// agenda item it took.
func itemRef(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") {
		return false
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s[1:len(s)-1], "agenda"), " "))
	return strings.HasPrefix(s, "item") && Words(s) <= 3
}

// attachLabels gives a label set in its own column to the text beside it:
// the group whose first line shares the label's baseline. A table row whose
// first cell is only a label becomes that label's item. Without this, the
// label would head the line above or below and every multi-line item would
// be cut one line off.
func (b *builder) attachLabels(ps []*proto) []*proto {
	used := make([]bool, len(ps))
	for i, p := range ps {
		if p.row && len(p.cells) == 2 && p.table == 0 {
			// "• | 11.10am 6. Report": a bullet in a column of its own.
			// (OCR reads a bullet with a speck beside it: "*.", "•,")
			if m, rest := ParseMarker(p.cells[0]); m.Style == Bullet && strings.Trim(rest, ".,:;'`·") == "" {
				// The cell's paragraphs become lines: the first set as
				// the row was, the rest (its description) plain.
				p.row = false
				base := p.lines[0]
				p.lines = p.lines[:0]
				for k, para := range strings.Split(p.cells[1], "\n") {
					l := base
					l.Cells, l.Text = nil, para
					if len(base.CellX) >= 2 && base.CellX[1] > base.X {
						// the text starts where its cell does: a line that
						// carries it on over a page starts there too
						l.X = base.CellX[1]
					}
					l.Y = base.Y + float64(k)*1.2*math.Max(base.Size, 6)
					if k > 0 {
						l.Bold = false
					}
					p.lines = append(p.lines, l)
				}
				p.cells = nil
				if p.text != "" {
					p.text = joinLines(p.lines)
				}
				continue
			}
		}
		if p.row && len(p.cells) >= 2 {
			if m, rest := ParseMarker(p.cells[0]); m.Valid() && rest == "" && m.Style != Bullet {
				m.Weak = false
				p.marker = m
				p.cells = p.cells[1:]
				p.lines[0].Text = flatten(strings.Join(p.cells, " "))
				if p.text != "" {
					p.text = p.lines[0].Text
				}
				if len(p.cells) == 1 || len(p.cells) == 2 {
					// "1. | Apologies" or "3. | Budget | Pages 5-12":
					// a labelled item, not a table row.
					p.row = false
				}
				if paras := strings.Split(p.cells[0], "\n"); len(p.cells) == 1 && len(paras) > 1 {
					// "2. | Declarations of Interest / Members are invited
					// …": the cell's paragraphs (the layout splits them
					// where the weight changes) become lines, a short first
					// one the title over its description.
					base := p.lines[0]
					title := Words(paras[0]) <= 12 && !Terminal(paras[0])
					p.lines = p.lines[:0]
					for k, para := range paras {
						l := base
						l.Cells, l.Text = nil, para
						l.Y = base.Y + float64(k)*1.2*math.Max(base.Size, 6)
						l.Bold = k == 0 && (base.Bold || title)
						p.lines = append(p.lines, l)
					}
					p.cells = nil
					if p.text != "" {
						p.text = joinLines(p.lines)
					}
				}
			} else if m, rest := ParseMarker(p.cells[0]); m.Valid() && !m.Weak && rest != "" && len(p.cells) <= 3 && m.Style != Bullet && lone(ps, i) {
				// A labelled line the layout cut in two: "6. LIGHTING …
				// | Clerk" (a note in the right-hand column) or "2439.
				// Updates: | Welsh Water …" (a bold title set apart).
				p.row = false
				p.marker = m
				short := true
				for _, c := range p.cells[1:] {
					short = short && (Words(c) <= 4 || isFigure(c))
				}
				if short {
					p.lines[0].side = append(p.lines[0].side, p.cells[1:]...)
					p.lines[0].Text = flatten(rest)
				} else {
					p.lines[0].Text = flatten(rest + " " + strings.Join(p.cells[1:], " "))
				}
				p.cells = nil
				if p.text != "" {
					p.text = p.lines[0].Text
				}
			}
			continue
		}
		_ = i
	}
	if !b.doc.HasBoxes {
		return ps // HTML has no columns of labels: its rows are read above
	}
	// Labels in a column of their own: each goes to the line it sits
	// level with — the first line of a block beside it, or a line inside
	// one, which then starts a block of its own.
	type target struct{ label, block, line int }
	var targets []target
	for i, p := range ps {
		if _, ok := labelOnly(p); !ok {
			continue
		}
		l0 := p.first()
		tol := 0.5 * math.Max(l0.Size, 6)
		found := false
		for dist := 1; dist < 60 && !found; dist++ {
			for _, j := range []int{i + dist, i - dist} {
				if j < 0 || j >= len(ps) || used[j] {
					continue
				}
				q := ps[j]
				if q.row || q.first().page != l0.page {
					continue
				}
				if _, other := labelOnly(q); other {
					continue
				}
				for k, l := range q.lines {
					if l.page == l0.page && math.Abs(l.Y-l0.Y) <= tol && l.X > l0.X && (k > 0 || !q.marker.Valid()) {
						targets = append(targets, target{i, j, k})
						used[i] = true
						found = true
						break
					}
				}
				if found {
					break
				}
			}
		}
	}
	if len(targets) > 0 {
		cuts := map[int][]target{}
		for _, t := range targets {
			cuts[t.block] = append(cuts[t.block], t)
		}
		var split []*proto
		var splitUsed []bool
		for j, q := range ps {
			ts, ok := cuts[j]
			if !ok {
				split = append(split, q)
				splitUsed = append(splitUsed, used[j])
				continue
			}
			sort.Slice(ts, func(a, b int) bool { return ts[a].line < ts[b].line })
			from := 0
			var cur *proto
			if ts[0].line > 0 {
				cur = &proto{lines: q.lines[:ts[0].line], marker: q.marker, depth: q.depth, cont: q.cont}
				split = append(split, cur)
				splitUsed = append(splitUsed, false)
				from = ts[0].line
			}
			for k, t := range ts {
				to := len(q.lines)
				if k+1 < len(ts) {
					to = ts[k+1].line
				}
				m, _ := labelOnly(ps[t.label])
				m.Weak = false
				if m.Style == Bullet {
					// A bullet before a numbered line ("• 11.50am 8. …")
					// is decoration: the line's own label counts.
					if inner, _ := ParseMarker(q.lines[from].Text); inner.Valid() && !inner.Weak || isTimeLed(q.lines[from].Text) {
						m = Marker{}
					}
				}
				np := &proto{lines: q.lines[from:to], marker: m, depth: q.depth}
				if from == 0 {
					np.cont = q.cont
				}
				np.text = joinLines(np.lines)
				split = append(split, np)
				splitUsed = append(splitUsed, false)
				from = to
			}
			if cur != nil {
				cur.text = joinLines(cur.lines)
			}
		}
		ps, used = split, splitUsed
	}
	out := ps[:0]
	for i, p := range ps {
		if !used[i] {
			out = append(out, p)
		}
	}
	return out
}

// split cuts a layout block where a new paragraph, list item or heading
// starts inside it: the layout groups lines by their spacing, and a list
// item or a bold heading set at the body's line pitch joins its neighbours.
func (b *builder) split(ps []*proto) []*proto {
	var out []*proto
	for _, p := range ps {
		if p.row {
			out = append(out, p)
			continue
		}
		// A lone label line followed by its text in the same block ("13."
		// then "Item thirteen").
		start := 0
		cur := &proto{marker: p.marker, depth: p.depth, cont: p.cont}
		for i := 0; i < len(p.lines); i++ {
			l := p.lines[i]
			if i > start && b.startsNew(p.lines, start, i) {
				out = append(out, cur)
				cur = &proto{depth: p.depth}
				start = i
			}
			cur.lines = append(cur.lines, l)
		}
		out = append(out, cur)
	}
	// Labels: a block's own first line may open with one.
	for _, p := range out {
		if p.row {
			p.text = flatten(strings.Join(p.cells, " "))
			continue
		}
		if !p.marker.Valid() {
			if lead, rest, ok := timeLed(p.lines[0].Text); ok {
				m, after := ParseMarker(rest)
				p.lead, p.marker = lead, m
				p.lines[0].Text = after
			} else if m, rest := ParseMarker(p.lines[0].Text); m.Valid() && m.Style == Bullet && rest != "" && isTimeLed(rest) {
				// "• 11.10am 6. Title": a bullet before an agenda row.
				lead, after, _ := timeLed(rest)
				m2, text := ParseMarker(after)
				p.lead, p.marker = lead, m2
				p.lines[0].Text = text
			} else if m, rest := ParseMarker(p.lines[0].Text); m.Valid() {
				if rest == "" && len(p.lines) > 1 {
					p.marker = m
					p.lines = p.lines[1:]
				} else if rest != "" && b.labelCounts(m, p, rest) {
					p.marker = m
					p.lines[0].Text = rest
				}
			}
		}
		p.text = joinLines(p.lines)
		if p.marker.Valid() && len(p.cells) == 0 {
			// keep as is
		} else if len(p.cells) > 0 && p.text == "" {
			p.text = flatten(strings.Join(p.cells, " "))
		}
	}
	return out
}

// labelCounts decides whether a leading label in a block's text is a label:
// bracketed and closed forms always are; a bare number ("3 Minutes") only on
// a heading-like or hanging line, and never before a unit ("2 members").
func (b *builder) labelCounts(m Marker, p *proto, rest string) bool {
	if m.Style == Bullet {
		return true
	}
	if !m.Weak {
		// "A." is an initial when a surname follows: "A. Smith said".
		return true
	}
	if m.Style == UpperAlpha {
		return false
	}
	// A bare number: a label when what follows is a title (capitalised and
	// short, or set apart as a heading) — not the day of a date ("7
	// November 2018") nor a quantity ("12 months").
	if _, isDate := dates.Parse(p.lines[0].Text); isDate {
		return false
	}
	first := strings.Fields(rest)[0]
	if _, month := monthNames[strings.ToLower(strings.Trim(first, ".,"))]; month {
		return false
	}
	if startsLower(first) || !startsWord(first) {
		return false
	}
	if len(p.lines) > 1 && p.lines[1].X > p.lines[0].X+3 {
		return true
	}
	return b.headingStyled(p.lines[0]) || Words(rest) <= 12 && !Terminal(rest)
}

// startsNew reports whether line i of a layout block starts a new block.
func (b *builder) startsNew(lines []line, start, i int) bool {
	prev, l := lines[i-1], lines[i]
	if l.page != prev.page {
		return true
	}
	if bm, rest := ParseMarker(l.Text); bm.Style == Bullet && isTimeLed(rest) {
		return true
	}
	if lead, _, ok := timeLed(l.Text); ok && lead != "" {
		return true // "11.10am 6. Title": an agenda row that leads with its time
	}
	m, rest := ParseMarker(l.Text)
	if m.Valid() && !m.Weak {
		// Another item of the list the block opened with, set at its label.
		if fm, _ := ParseMarker(lines[start].Text); fm.Valid() && fm.SameList(m) && math.Abs(lines[start].X-l.X) < 2 {
			return true
		}
	}
	if m.Valid() && m.Weak && m.Style == Decimal && rest != "" {
		// "2531 Accounts for payment" under "2530. Financial Report": a
		// label that lost its point, in sequence with the line above.
		if pm, _ := ParseMarker(prev.Text); pm.Valid() && pm.Style == Decimal && pm.Value+1 == m.Value && math.Abs(prev.X-l.X) < 2 {
			return true
		}
	}
	if m.Valid() && (!m.Weak || rest == "") {
		// A label outdented from the previous line (a hanging indent), or
		// after a line that ended its sentence or its item, or a heading.
		if l.X < prev.X-2 || Terminal(prev.Text) || strings.HasSuffix(prev.Text, ":") || strings.HasSuffix(prev.Text, ";") ||
			b.headingStyled(prev) && b.wholeLine(lines, i-1) ||
			strings.HasSuffix(prev.Text, "; and") || strings.HasSuffix(prev.Text, "; or") {
			return true
		}
		if b.doc.HasBoxes && prev.X1 > 0 && prev.X1 < b.blockRight(lines)-0.25*b.width(lines) {
			return true // the previous line stopped short: its paragraph ended
		}
	}
	// A heading line set at the body's pitch above its text.
	ph, lh := b.headingStyled(prev), b.headingStyled(l)
	if ph && !lh && (b.wholeLine(lines, i-1) || prev.Bold && prev.Size-l.Size >= 0.5 && !Terminal(prev.Text)) && !startsLower(l.Text) && !itemRef(l.Text) {
		return true
	}
	// "B) New Homes Bonus" alone on its line over the text it titles.
	if pm, prest := ParseMarker(prev.Text); i-1 == start && pm.Valid() && !pm.Weak && pm.Style != Bullet && prest != "" &&
		Words(prest) <= 12 && !Terminal(prest) && !strings.HasSuffix(prest, ",") && !strings.HasSuffix(strings.TrimRight(prest, "-–"), ":") && b.doc.HasBoxes &&
		(b.wholeLine(lines, i-1) || titleCase(prest) && Words(prest) >= 2 && sentenceOpener(l.Text)) &&
		startsUpper(l.Text) && !itemRef(l.Text) {
		return true
	}
	if !ph && lh && b.headingStyled(lines[min(i+1, len(lines)-1)]) && Terminal(prev.Text) && !strings.HasPrefix(strings.ToUpper(l.Text), "RESOLVED") {
		return true
	}
	if prev.Size > 0 && l.Size > 0 && math.Abs(prev.Size-l.Size) >= 2 {
		return true
	}
	// A gap well over the block's line pitch after a line that ended its
	// sentence or led in to a list: the space between paragraphs, or
	// between the items of a list whose bullets are drawn, not printed
	// (Chromium draws them as discs).
	if b.doc.HasBoxes && prev.YEnd == 0 && l.Y > prev.Y && (Terminal(prev.Text) || strings.HasSuffix(prev.Text, ":") || strings.HasSuffix(prev.Text, ";")) {
		if pitch := linePitch(lines[start:i], prev.Size); pitch > 0 && l.Y-prev.Y > 1.4*pitch {
			return true
		}
	}
	// Paragraphs set with no space between them: a sentence ends on a line
	// that stops well short of the measure, and the next line starts a
	// new sentence at the block's left edge.
	if b.doc.HasBoxes && Terminal(prev.Text) && prev.X1 > 0 && prev.X1 < b.blockRight(lines)-0.2*b.width(lines) &&
		startsUpper(l.Text) && math.Abs(l.X-lines[start].X) < 2 && math.Abs(prev.X-l.X) < 2 && i-start >= 2 {
		return true
	}
	return false
}

// linePitch is the distance between consecutive lines of lines, the
// smallest seen; with one line, 1.2 times its font size (0 if unknown).
func linePitch(lines []line, size float64) float64 {
	pitch := 0.0
	for k := 1; k < len(lines); k++ {
		a, b := lines[k-1], lines[k]
		if b.page != a.page || a.YEnd != 0 {
			continue
		}
		if d := b.Y - a.Y; d > 0.5 && (pitch == 0 || d < pitch) {
			pitch = d
		}
	}
	if pitch == 0 && size > 0 {
		pitch = 1.2 * size
	}
	return pitch
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// wholeLine reports whether line i stands complete on its own: it ends with
// a colon or stops well short of the block's right edge (a heading above
// its text, not the start of a run-in paragraph).
func (b *builder) wholeLine(lines []line, i int) bool {
	l := lines[i]
	if strings.HasSuffix(l.Text, ":") || strings.HasSuffix(l.Text, ":-") {
		return true
	}
	if !b.doc.HasBoxes || l.X1 == 0 {
		return true
	}
	right, width := b.blockRight(lines), b.width(lines)
	if pr := b.right[l.page]; pr > right && width < 0.5*(pr-l.X) {
		// A block of a few short lines: judge against the page's measure.
		right, width = pr, pr-l.X
	}
	return l.X1 < right-0.3*width
}

func (b *builder) blockRight(lines []line) float64 {
	r := 0.0
	for _, l := range lines {
		r = math.Max(r, l.X1)
	}
	return r
}

func (b *builder) width(lines []line) float64 {
	left := math.Inf(1)
	for _, l := range lines {
		left = math.Min(left, l.X)
	}
	return math.Max(b.blockRight(lines)-left, 1)
}

// headingStyled is the typographic half of the one heading rule: a line set
// larger than the body, bold, or in capitals, or an HTML heading.
func (b *builder) headingStyled(l line) bool {
	if l.Level > 0 {
		return true
	}
	if b.body > 0 && l.Size >= b.body*1.15 {
		return true
	}
	if l.Bold {
		return true
	}
	return Caps(l.Text) && Words(l.Text) <= 12
}

// joinLines joins a block's lines into its text: single spaces, and a word
// broken by a hyphen at a line's end put back together.
func joinLines(lines []line) string {
	var sb strings.Builder
	for i, l := range lines {
		t := l.Text
		if i > 0 {
			prev := lines[i-1].Text
			if strings.HasSuffix(prev, "-") && !strings.HasSuffix(prev, " -") && len(prev) > 1 {
				// keep the hyphen, drop the space: "pre-" + "scrutiny"
			} else {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(t)
	}
	return sb.String()
}

// joinContinuations joins a block cut by a page or column break to its
// start: a paragraph whose sentence runs on, or the rest of a list item set
// at its hanging indent.
func (b *builder) joinContinuations(ps []*proto) []*proto {
	var out []*proto
	var lastText *proto // the last non-row block
	for _, p := range ps {
		if lastText != nil && !p.row && !p.marker.Valid() && b.continues(lastText, p) {
			lastText.lines = append(lastText.lines, p.lines...)
			lastText.text = joinLines(lastText.lines)
			continue
		}
		out = append(out, p)
		if !p.row {
			lastText = p
		} else {
			lastText = nil
		}
	}
	return out
}

// joinLowerTitles joins, where the layout gives no positions, a title line
// to the styled line after it that starts in lower case: one title
// wrapped ("… “Transforming" over "the Response to Domestic Violence”").
func (b *builder) joinLowerTitles(ps []*proto) []*proto {
	var out []*proto
	for _, p := range ps {
		// "2." on a line of its own over "Financial Statements": the
		// label and the text it numbers.
		if n := len(out); n > 0 && !p.row && !out[n-1].row && !p.marker.Valid() && len(out[n-1].lines) == 1 && out[n-1].lines[0].Level == 0 {
			if m, rest := ParseMarker(strings.TrimSpace(out[n-1].lines[0].Text)); m.Valid() && rest == "" && m.Style != Bullet &&
				b.headingStyled(out[n-1].lines[0]) == b.headingStyled(p.first()) {
				prev := out[n-1]
				m.Weak = false
				prev.marker = m
				prev.lines = p.lines
				prev.text = joinLines(p.lines)
				continue
			}
		}
		if n := len(out); n > 0 && !p.row && !out[n-1].row && !p.marker.Valid() && len(out[n-1].lines) <= 2 &&
			startsLower(p.first().Text) && b.headingStyled(p.first()) && b.headingStyled(out[n-1].last()) && !Terminal(out[n-1].last().Text) {
			prev := out[n-1]
			prev.lines = append(prev.lines, p.lines...)
			prev.text = joinLines(prev.lines)
			continue
		}
		out = append(out, p)
	}
	return out
}

// continues reports whether p carries on block prev.
func (b *builder) continues(prev, p *proto) bool {
	pl, f := prev.last(), p.first()
	if b.wrappedHeading(prev, p) {
		return true
	}
	if b.headingStyled(f) != b.headingStyled(pl) && !(prev.marker.Valid() && !b.headingStyled(f)) {
		return false
	}
	if math.Abs(pl.Size-f.Size) >= 1 {
		return false
	}
	newPage := f.page != pl.page
	// A list item's text carried on at its hanging indent, on the next page
	// or after a figure.
	if prev.marker.Valid() && len(prev.lines) > 1 && math.Abs(f.X-prev.textX()) < 2 && f.X > prev.x()+4 {
		if newPage || f.Y-pl.Y < 3*math.Max(f.Size, 8) {
			return !Terminal(pl.Text) || startsLower(f.Text) || newPage
		}
		return false
	}
	if !newPage {
		return false
	}
	// A sentence running over the page break.
	if Terminal(pl.Text) || strings.HasSuffix(pl.Text, ":") {
		return false
	}
	if b.headingStyled(pl) {
		return false
	}
	return math.Abs(f.X-prev.textX()) < 3 || startsLower(f.Text)
}

// wrappedHeading reports whether p is the rest of a heading that wrapped
// onto a second line the layout set apart: the same style a line-pitch
// below, under the heading's text, after a line that filled the measure.
func (b *builder) wrappedHeading(prev, p *proto) bool {
	pl, f := prev.last(), p.first()
	if f.page != pl.page || p.marker.Valid() || len(p.lines) > 4 || len(prev.lines) > 3 {
		return false
	}
	for _, l := range append(append([]line(nil), prev.lines...), p.lines...) {
		if !b.headingStyled(l) && !itemRef(l.Text) {
			return false
		}
	}
	if itemRef(f.Text) && len(p.lines) == 1 {
		return false
	}
	if pl.Bold != f.Bold || math.Abs(pl.Size-f.Size) > 0.5 || pl.Level != f.Level {
		return false
	}
	gap := f.Y - pl.Y
	if gap <= 0 || gap > 1.9*math.Max(f.Size, 6) {
		return false
	}
	textX := pl.X
	if len(prev.lines) == 1 && prev.marker.Valid() {
		textX = f.X // the label's text: cannot tell, allow the indent below
	}
	if math.Abs(f.X-textX) > 3 && math.Abs(f.X-prev.first().X) > 3 {
		return false
	}
	r := b.right[pl.page]
	return r > 0 && pl.X1 >= pl.X+0.8*(r-pl.X) && !Terminal(pl.Text) && !strings.HasSuffix(pl.Text, ":")
}

// emit classifies the proto blocks and assembles tables.
func (b *builder) emit(ps []*proto) {
	d := b.doc
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if p.row {
			j := i
			for j+1 < len(ps) && ps[j+1].row && sameTable(ps[j], ps[j+1]) {
				j++
			}
			d.Blocks = append(d.Blocks, b.table(ps[i:j+1]))
			i = j
			continue
		}
		blk := Block{
			Text:    p.text,
			Page:    p.first().page,
			PageEnd: p.last().page,
			Printed: p.first().printed,
			Marker:  p.marker,
			Lead:    p.lead,
			Level:   p.depth,
			Parent:  -1,
		}
		if len(p.cells) > 0 && p.marker.Valid() {
			blk.Cells = p.cells
		}
		for _, l := range p.lines {
			blk.Lines = append(blk.Lines, Line{Text: l.Text, Page: l.page, X: l.X, Y: l.Y, Bold: l.Bold, Size: l.Size, Side: l.side})
			blk.Side = append(blk.Side, l.side...)
		}
		blk.Style = b.style(p)
		if d.HasBoxes {
			f := p.first()
			blk.Box = Box{X0: f.X, Top: f.Y - 0.8*f.Size, X1: p.right(), Bottom: f.Y}
			for _, l := range p.lines {
				if l.page == f.page {
					blk.Box.Bottom = l.Y + 0.2*l.Size
					blk.Box.X0 = math.Min(blk.Box.X0, l.X)
				}
			}
		}
		switch {
		case p.cont:
			blk.Kind = Paragraph
			blk.Level = p.depth
		case b.isHeading(p, blk.Style) && !(p.marker.Valid() && b.leadsIn(i, ps)):
			blk.Kind = Heading
			blk.Level = p.first().Level // the HTML h-level until rankHeadings
		case b.labelledTitle(i, ps):
			blk.Kind = Heading
		case p.marker.Valid():
			blk.Kind = ListItem
		default:
			blk.Kind = Paragraph
		}
		d.Blocks = append(d.Blocks, blk)
	}
}

func sameTable(a, b *proto) bool {
	if a.table > 0 || b.table > 0 {
		return a.table == b.table
	}
	la, lb := a.first(), b.first()
	if lb.page != la.page {
		// A table carried over a page: the same number of columns.
		return len(a.cells) == len(b.cells)
	}
	return true
}

// style reads a block's dominant typography.
func (b *builder) style(p *proto) Style {
	var st Style
	bold, n := 0, 0
	size := map[float64]int{}
	for _, l := range p.lines {
		w := len(l.Text)
		n += w
		if l.Bold {
			bold += w
		}
		size[math.Round(l.Size*2)/2] += w
		if l.Italic {
			st.Italic = true
		}
	}
	st.Bold = n > 0 && 2*bold > n
	best := 0
	for s, w := range size {
		if w > best || w == best && s > st.Size {
			best, st.Size = w, s
		}
	}
	st.Caps = Caps(p.text)
	return st
}

// isHeading is the one heading rule: a short block, wholly set larger than
// the body, bold or in capitals (or an HTML heading), that is not a
// sentence.
func (b *builder) isHeading(p *proto, st Style) bool {
	text := p.text
	words := Words(text)
	if words == 0 || !HasLetter(text) {
		return false
	}
	if p.lines[0].Level > 0 {
		return true
	}
	for _, l := range p.lines {
		if !b.headingStyled(l) && !itemRef(l.Text) {
			return false
		}
	}
	large := b.body > 0 && st.Size >= b.body*1.3
	if words > 25 && !(large && words <= 40) {
		return false
	}
	if Terminal(text) && words > 8 && !large {
		return false // a sentence set bold
	}
	last := text[len(text)-1]
	if last == ',' || last == ';' {
		return false
	}
	if totalRow.MatchString(text) {
		return false
	}
	// "RESOLVED:" and "Present:" are labels of what follows, not headings
	// that govern sections.
	if strings.HasSuffix(text, ":") && !st.Bold && !large && p.lines[0].Level == 0 {
		return false
	}
	if p.marker.Valid() && p.marker.Style == Bullet {
		return false
	}
	// A numbered block whose later lines hang under its first line's text
	// is a list item set bold, not a heading: wrapped headings do not hang.
	if p.marker.Valid() && len(p.lines) > 1 && p.lines[1].X > p.lines[0].X+3 && p.lines[1].page == p.lines[0].page {
		return false
	}
	return true
}

// labelledTitle reports a lettered or numbered title set in the body's
// type over the paragraphs it titles: "B) New Homes Bonus" and then "The
// New Homes Bonus (NHB) scheme was introduced ...". A short label in
// title case on one line, followed by unlabelled prose.
func (b *builder) labelledTitle(i int, ps []*proto) bool {
	p := ps[i]
	if !p.marker.Valid() || p.marker.Weak || p.marker.Style == Bullet || len(p.lines) != 1 || i+1 >= len(ps) {
		return false
	}
	t := strings.TrimSpace(p.text)
	if t == "" || Words(t) > 12 || Terminal(t) || strings.ContainsAny(strings.TrimRight(t, "-–")[len(strings.TrimRight(t, "-–"))-1:], ":;,") || !titleCase(t) {
		return false
	}
	n := ps[i+1]
	if n.row || n.marker.Valid() || n.cont || Words(n.text) < 12 || b.leadsIn(i, ps) {
		return false
	}
	return n.first().page == p.first().page || n.first().page == p.first().page+1
}

// sentenceOpener reports a line that opens a sentence of prose: "This
// originated in 2022-23 ...", not "Monitoring" carrying on a title.
func sentenceOpener(t string) bool {
	f := strings.Fields(t)
	if len(f) < 4 {
		return false
	}
	switch f[0] {
	case "The", "This", "That", "These", "Those", "It", "In", "A", "An", "As", "For", "Following", "On", "At",
		"From", "Since", "Under", "We", "Our", "There", "When", "Where", "While", "Although", "Its", "Each", "All":
		return true
	}
	return false
}

// titleCase reports text whose words are mostly capitalised.
func titleCase(t string) bool {
	content, caps := 0, 0
	for _, w := range strings.Fields(t) {
		switch strings.ToLower(w) {
		case "of", "and", "the", "for", "to", "in", "on", "at", "a", "an", "&", "-", "–", "with", "by":
			continue
		}
		content++
		if startsUpper(w) || !HasLetter(w) {
			caps++
		}
	}
	return content > 0 && caps*3 >= content*2
}

// leadsIn reports whether the block before ps[i] introduces a list ("The
// County Council is asked to:"), which makes a numbered block after it a
// list item however it is set.
func (b *builder) leadsIn(i int, ps []*proto) bool {
	for j := i - 1; j >= 0 && j >= i-12; j-- {
		q := ps[j]
		if q.row {
			return false
		}
		t := strings.TrimSpace(q.text)
		if q.marker.Valid() {
			if q.marker.SameList(ps[i].marker) {
				if pv, v := q.marker.Value, ps[i].marker.Value; pv > 0 && v > 0 && v <= pv && j == i-1 {
					return false // "1. Introduction" after "3.": the numbering starts again
				}
				if pv, v := q.marker.Value, ps[i].marker.Value; pv > 0 && v > pv+1 && j == i-1 && sequential(q.marker) {
					return false // "103. Review …" after "(2) …": no item of that list
				}
				continue // an earlier item of the same list
			}
			return strings.HasSuffix(t, ":") || strings.HasSuffix(t, ":-")
		}
		return strings.HasSuffix(t, ":") || strings.HasSuffix(t, ":-")
	}
	return false
}

// sequential reports a label style whose items count up one by one: a
// gap in the count is another list. References ("E/34041") and minute
// numbers ("23/19") skip as they please.
func sequential(m Marker) bool {
	switch m.Style {
	case Decimal, LowerAlpha, UpperAlpha, LowerRoman, UpperRoman:
		return true
	}
	return false
}

// table assembles table rows into a table block.
func (b *builder) table(rows []*proto) Block {
	t := &TableData{}
	blk := Block{Kind: Table, Parent: -1, Table: t, Page: rows[0].first().page, PageEnd: rows[len(rows)-1].first().page, Printed: rows[0].first().printed}
	var text []string
	for _, r := range rows {
		l := r.first()
		cells := r.cells
		if r.marker.Valid() {
			cells = append([]string{r.marker.Label}, cells...)
		}
		t.Rows = append(t.Rows, Row{Cells: cells, Page: l.page, Header: r.header, Bold: l.Bold})
		row := flatten(strings.Join(cells, "\t"))
		text = append(text, row)
		blk.Lines = append(blk.Lines, Line{Text: row, Page: l.page, X: l.X, Y: l.Y, Bold: l.Bold, Size: l.Size})
	}
	blk.Text = strings.Join(text, "\n")
	if b.doc.HasBoxes {
		f := rows[0].first()
		blk.Box = Box{X0: f.X, Top: f.Y - 0.8*f.Size, X1: f.X1, Bottom: f.Y}
	}
	if b.doc.HasBoxes {
		mergeContinuations(t)
	}
	analyseTable(t)
	return blk
}

// mergeContinuations joins a row that only carries on the row above: a
// cell cut by a page break (the first row of a page, its text running on
// in lower case), or a row whose first cell is empty because the cell
// above spans it. Rows of figures are left alone.
func mergeContinuations(t *TableData) {
	var out []Row
	for k, r := range t.Rows {
		if n := len(out); n > 0 && k > 0 && !r.Header && !out[n-1].Header && len(r.Cells) == len(out[n-1].Cells) && figures(r.Cells) == 0 {
			first := strings.TrimSpace(r.Cells[0])
			newPage := r.Page != t.Rows[k-1].Page
			prevFirst := lastCell(out[n-1].Cells[0])
			// A row that starts lower case after one not ended, or after one
			// that stops on a word no sentence or title ends with ("2. That
			// the" over "PCC, in consultation with the").
			cont := startsLower(first) && !Terminal(prevFirst) || danglingEnd(prevFirst) && Words(prevFirst) > 4 && first != ""
			// In a table of prose: a row that starts mid-sentence, or with
			// the next item of the list the row above is making.
			prose := Words(out[n-1].Cells[0]) > 6 || Words(first) > 6
			if prose && !out[n-1].Header && (startsMarker(first) || strings.HasPrefix(first, "•")) && k > 1 {
				cont = true
			}
			// A table of prose broken by a page mid-row.
			if newPage && prose && Words(lastCell(out[n-1].Cells[0])) > 6 && !Terminal(prevFirst) && !strings.HasSuffix(prevFirst, ":") && !titledCell(first) {
				cont = true
			}
			if first == "" || cont {
				prev := &out[n-1]
				for c := range r.Cells {
					if strings.TrimSpace(r.Cells[c]) == "" {
						continue
					}
					if strings.TrimSpace(prev.Cells[c]) == "" {
						prev.Cells[c] = r.Cells[c]
					} else {
						sep := "\n"
						if newPage && startsLower(r.Cells[c]) {
							sep = " "
						}
						prev.Cells[c] += sep + r.Cells[c]
					}
				}
				continue
			}
		}
		out = append(out, r)
	}
	t.Rows = out
}

// titledCell reports a cell that opens with a short title paragraph over
// more text: a row of its own ("Preventing CSE Sub Committee" over "•
// That the PCC ...").
func titledCell(s string) bool {
	i := strings.IndexByte(s, '\n')
	return i > 0 && Words(s[:i]) <= 8 && !Terminal(s[:i])
}

// danglingEnd reports text that stops on a word that cannot end it.
func danglingEnd(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 {
		return false
	}
	switch strings.ToLower(f[len(f)-1]) {
	case "the", "of", "and", "to", "with", "in", "for", "a", "an", "by", "on", "at", "or", "that", "which", "from", "as", "is", "are", "be", "this", "their", "its":
		return true
	}
	return false
}

func lastCell(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func startsMarker(s string) bool {
	m, _ := ParseMarker(s)
	return m.Valid() && !m.Weak
}

var monthNames = map[string]bool{"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true, "jan": true, "feb": true, "mar": true,
	"apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true}

// totalRow matches the total line of a list of figures.
var totalRow = regexp.MustCompile(`(?i)^(?:sub-?|grand\s)?totals?\b`)

// startsWord reports whether s starts with a letter, a digit or an opening quote.
func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘(", r)
}

func isTimeLed(s string) bool { _, _, ok := timeLed(s); return ok }

// timeLed splits "11.10am 6. Police report" into the time and the rest when
// a clock time leads a labelled line.
func timeLed(s string) (lead, rest string, ok bool) {
	sp := strings.IndexByte(s, ' ')
	if sp < 0 {
		return "", s, false
	}
	first := s[:sp]
	if !textscan.HasDigit(first) && !clockWord(first) {
		return "", s, false // what ParseTime reads as a time has a digit, or is noon or midnight
	}
	rest = strings.TrimSpace(s[sp+1:])
	if _, isTime := dates.ParseTime(first); !isTime || !strings.ContainsAny(first, ".:") && !strings.ContainsAny(strings.ToLower(first), "ampm") {
		// "11.10am", "10:30"; or "2 pm" split by the space
		if sp2 := strings.IndexByte(rest, ' '); sp2 > 0 {
			if _, t2 := dates.ParseTime(first + " " + rest[:sp2]); t2 && isDigits(first) {
				first, rest = first+" "+rest[:sp2], strings.TrimSpace(rest[sp2+1:])
			} else {
				return "", s, false
			}
		} else {
			return "", s, false
		}
	}
	m, after := ParseMarker(rest)
	if !m.Valid() || m.Weak || after == "" || m.Style == Bullet {
		return "", s, false
	}
	return first, rest, true
}

// collapseLines collapses white space in each line of a cell, keeping the
// cell's line breaks.
func collapseLines(s string) string {
	if !strings.Contains(s, "\n") {
		return Collapse(s)
	}
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = Collapse(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// flatten joins a cell's lines with spaces.
func flatten(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// clockWord reports whether w is a time without a digit: "noon",
// "(midday)", "midnight".
func clockWord(w string) bool {
	switch strings.ToLower(strings.Trim(w, "()[],;. ")) {
	case "noon", "midday", "midnight":
		return true
	}
	return false
}
