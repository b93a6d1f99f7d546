package minutes

import (
	"regexp"
	"slices"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/dates"
	"panelpapers/ingest/model"
)

var (
	// A printed page range: "(Pages 5 - 12)", "Pages 5-12", "pp. 3–6",
	// "Page 7", or a bare "17 - 24" at the end of a title.
	pagesLabelled = regexp.MustCompile(`(?i)\(?\b(?:pages?|pp?\.?)\s*(\d{1,4})(?:\s*[-–—]\s*(\d{1,4}))?\)?`)
	pagesTrailing = regexp.MustCompile(`\s+(\d{1,4})\s*[-–—]\s*(\d{1,4})\s*$`)
	pagesOnly     = regexp.MustCompile(`^\(?(?:(?i:pages?|pp?\.?)\s*)?(\d{1,4})\s*[-–—]\s*(\d{1,4})\)?$`)
	// "Report A", "Paper B": an agenda's paper letter instead of pages.
	pagesInside  = regexp.MustCompile(`\s(\d{1,3})\s*[-–—]\s*(\d{1,3})\s+\(`)
	trailingPage = regexp.MustCompile(`\s+(\d{1,4})$`)
	trailingTime = regexp.MustCompile(`(?i)\s+(\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.))\s*$`)
)

// agendaItem is one item being read.
type agendaItem struct {
	corpus.Item
	block int
}

// agenda reads the items of an agenda paper: its main numbered list, or
// the rows of its agenda table.
func agenda(d *model.Doc, p *model.Paper) []corpus.Item {
	var items []agendaItem
	// Tables: rows with a number column.
	for i := p.Start; i < p.End; i++ {
		if b := &d.Blocks[i]; b.Kind == model.Table {
			items = append(items, tableItems(d, i)...)
		}
	}
	if len(items) == 0 {
		items = listItems(d, p)
	}
	renumber(items)
	contentsPages(d, items)
	out := make([]corpus.Item, 0, len(items))
	for _, it := range items {
		out = append(out, it.Item)
	}
	return out
}

// listItems reads an agenda written as a numbered list.
func listItems(d *model.Doc, p *model.Paper) []agendaItem {
	var cs []candidate
	for i := p.Start; i < p.End; i++ {
		b := &d.Blocks[i]
		m := b.Marker
		if !m.Valid() || m.Style == model.Bullet {
			continue
		}
		if m.Style == model.Dotted && m.Depth > 1 {
			continue
		}
		if b.Kind != model.Heading && b.Kind != model.ListItem {
			continue
		}
		w := 2
		if b.Kind == model.ListItem && b.Level > 0 || m.Weak {
			w = 1
		}
		cs = append(cs, candidate{i, m, w})
	}
	// The agenda's list: the style with the heaviest run of numbers, where
	// LibreOffice's repeated labels ("2. 3. 3. 4.") still count.
	byStyle := map[model.MarkerStyle][]candidate{}
	for _, c := range cs {
		st := c.m.Style
		if st == model.LowerRoman || st == model.UpperRoman {
			if _, ok := c.m.AlphaValue(); ok {
				continue
			}
		}
		byStyle[st] = append(byStyle[st], c)
	}
	var best []candidate
	bestW := 0
	// In a fixed order, so that a tie goes the same way every time.
	styles := make([]model.MarkerStyle, 0, len(byStyle))
	for st := range byStyle {
		styles = append(styles, st)
	}
	slices.Sort(styles)
	for _, st := range styles {
		group := byStyle[st]
		seq := nonDecreasing(group)
		w := 0
		for _, c := range seq {
			w += c.weight
		}
		if w > bestW {
			best, bestW = seq, w
		}
	}
	var out []agendaItem
	pendingTime := ""
	next := 0
	for i := p.Start; i < p.End; i++ {
		b := &d.Blocks[i]
		if next < len(best) && best[next].i == i {
			it := agendaItem{block: i}
			it.Kind = corpus.KindAgendaItem
			it.Number = b.Marker.Number
			it.Page = b.Page
			it.Time = pendingTime
			pendingTime = ""
			if t, ok := dates.ParseTime(b.Lead); ok && b.Lead != "" {
				it.Time = t
			}
			end := p.End
			if next+1 < len(best) {
				end = best[next+1].i
			}
			readItem(d, &it, i, end)
			out = append(out, it)
			next++
			continue
		}
		// A time alone on a line belongs to the next item.
		if t, ok := dates.ParseTime(strings.TrimSpace(b.Text)); ok && !b.Marker.Valid() {
			pendingTime = t
			if n := len(out); n > 0 && out[n-1].block < i {
				// and is not part of the previous item's text
			}
		}
	}
	return out
}

// nonDecreasing returns the heaviest run of candidates whose values do not
// go down, stepping by at most 5.
func nonDecreasing(cs []candidate) []candidate {
	n := len(cs)
	if n == 0 {
		return nil
	}
	score := make([]int, n)
	prev := make([]int, n)
	bestEnd := 0
	for i := range cs {
		score[i], prev[i] = cs[i].weight, -1
		for j := 0; j < i; j++ {
			step := cs[i].m.Value - cs[j].m.Value
			if step < 0 || step > 5 || !sameSeries(cs[j].m, cs[i].m) {
				continue
			}
			if step == 0 && cs[i].m.Style != model.Decimal {
				continue
			}
			if score[j]+cs[i].weight > score[i] {
				score[i], prev[i] = score[j]+cs[i].weight, j
			}
		}
		if score[i] > score[bestEnd] {
			bestEnd = i
		}
	}
	var out []candidate
	for i := bestEnd; i >= 0; i = prev[i] {
		out = append(out, cs[i])
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// renumber repairs a list whose labels repeat a number where the numbering
// went wrong ("2. 3. 3. 4." as one renderer draws "1. 2. 3. 4."): the items
// before the repeat are renumbered back to run into it.
func renumber(items []agendaItem) {
	for k := 1; k < len(items); k++ {
		a, b := items[k-1].Number, items[k].Number
		if a != b || !isInt(a) {
			continue
		}
		v := atoi(b)
		ok := true
		for j := k - 1; j >= 0; j-- {
			want := v - (k - j)
			if want < 1 || !isInt(items[j].Number) {
				ok = false
				break
			}
			if j < k-1 && atoi(items[j].Number) != want+1 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for j := k - 1; j >= 0; j-- {
			items[j].Number = itoa(v - (k - j))
		}
	}
}

func isInt(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// readItem reads an item's title, pages and text from its block and the
// blocks up to the next item.
func readItem(d *model.Doc, it *agendaItem, i, end int) {
	b := &d.Blocks[i]
	title := strings.TrimSpace(b.Text)
	var desc []string
	if len(b.Cells) > 0 {
		// "3. | Budget report | Pages 5 - 12": the label's row. A cell
		// of several lines is its title over its description.
		var more string
		title, more = cellTitle(b.Cells[0])
		if more != "" {
			desc = append(desc, more)
		}
		for _, c := range b.Cells[1:] {
			c = strings.ReplaceAll(c, "\n", " ")
			if pg, ok := pageRange(c); ok && it.Pages == "" {
				it.Pages = pg
				continue
			}
			if t, ok := dates.ParseTime(c); ok && it.Time == "" {
				it.Time = t
				continue
			}
			desc = append(desc, c)
		}
	} else if len(b.Lines) > 1 && titleLines(b) < len(b.Lines) {
		// The title is the item's first line (or lines set like it); the
		// rest of the block describes it.
		n := titleLines(b)
		var tl []string
		for _, l := range b.Lines[:n] {
			tl = append(tl, l.Text)
		}
		title = strings.Join(tl, " ")
		if m, rest := model.ParseMarker(title); m.Valid() && m.Number == b.Marker.Number {
			title = rest
		}
		var dl []string
		for _, l := range b.Lines[n:] {
			dl = append(dl, l.Text)
		}
		desc = append(desc, strings.Join(dl, " "))
	}
	// A title that wrapped into the blocks below it, set like it.
	j := i + 1
	for ; j < end; j++ {
		n := &d.Blocks[j]
		if n.Marker.Valid() || pagesTrailing.MatchString(title) || n.Kind == model.Table {
			break
		}
		if n.Kind == model.Heading && model.Words(n.Text) <= 15 {
			title += " " + strings.TrimSpace(n.Text)
			continue
		}
		// The bold first lines of the block below, set like the title
		// (a title that ran over a page or column break), then its
		// description.
		first := b.Lines[len(b.Lines)-1]
		k := 0
		for k < len(n.Lines) && n.Lines[k].Bold && first.Bold {
			k++
		}
		if k > 0 {
			for _, l := range n.Lines[:k] {
				title += " " + l.Text
			}
			var rest []string
			for _, l := range n.Lines[k:] {
				rest = append(rest, l.Text)
			}
			if len(rest) > 0 {
				desc = append(desc, strings.Join(rest, " "))
			}
			j++
		}
		break
	}
	for ; j < end; j++ {
		n := &d.Blocks[j]
		t := strings.TrimSpace(n.Text)
		if _, ok := dates.ParseTime(t); ok && j == end-1 {
			continue // the next item's time
		}
		if pg, ok := pageRange(t); ok && it.Pages == "" {
			it.Pages = pg
			continue
		}
		if n.Kind == model.Heading && !n.Marker.Valid() && j > i+1 {
			break // a heading of the front sheet after the agenda ("Committee Members")
		}
		desc = append(desc, n.Full())
	}
	// Pages and times written into the title.
	title = strings.TrimRight(strings.TrimSpace(title), "*")
	if m := pagesLabelled.FindStringSubmatchIndex(title); m != nil && it.Pages == "" {
		it.Pages = rangeOf(title[m[2]:m[3]], title, m)
		title = strings.TrimSpace(title[:m[0]] + title[m[1]:])
	} else if m := pagesTrailing.FindStringSubmatch(title); m != nil && it.Pages == "" {
		it.Pages = m[1] + "-" + m[2]
		title = strings.TrimSpace(pagesTrailing.ReplaceAllString(title, ""))
	}
	if m := trailingTime.FindStringSubmatch(title); m != nil && it.Time == "" {
		if t, ok := dates.ParseTime(m[1]); ok {
			it.Time = t
			title = strings.TrimSpace(trailingTime.ReplaceAllString(title, ""))
		}
	}
	for _, dsc := range desc {
		if m := pagesLabelled.FindStringSubmatchIndex(dsc); m != nil && it.Pages == "" {
			it.Pages = rangeOf(dsc[m[2]:m[3]], dsc, m)
		}
	}
	title = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(title), "*-–:,;"))
	title = strings.TrimSpace(strings.TrimSuffix(title, "()"))
	it.Title = title
	it.Text = strings.TrimSpace(strings.Join(desc, "\n"))
	if last := d.Blocks[max(end-1, i)].PageEnd; last > it.Page && end-1 > i {
		it.PageEnd = last
	}
}

// titleLines counts the first lines of a block that make its title: the
// first line, and the lines after it set in the same weight, while the
// description below hangs in another.
func titleLines(b *model.Block) int {
	n := 1
	for n < len(b.Lines) && b.Lines[n].Bold == b.Lines[0].Bold && b.Lines[n].Bold && b.Lines[n].Page == b.Lines[0].Page {
		n++
	}
	if n == len(b.Lines) {
		// One style throughout: the first line is the title only when the
		// rest hangs under it as a description.
		if len(b.Lines) > 1 && b.Kind != model.Heading && b.Lines[1].X > b.Lines[0].X+3 && model.Words(b.Text) > 12 {
			return 1
		}
		return len(b.Lines)
	}
	return n
}

func rangeOf(first, s string, m []int) string {
	if m[4] >= 0 {
		return first + "-" + s[m[4]:m[5]]
	}
	return first
}

// pageRange reads a cell or line that is only a page range.
func pageRange(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if m := pagesOnly.FindStringSubmatch(s); m != nil {
		return m[1] + "-" + m[2], true
	}
	if m := pagesLabelled.FindStringSubmatchIndex(s); m != nil && m[0] == 0 && m[1] == len(s) {
		return rangeOf(s[m[2]:m[3]], s, m), true
	}
	return "", false
}

// tableItems reads an agenda table: rows with an item number, a title, and
// perhaps a time and pages. Columns are read by their header when there is
// one, else by what their cells hold.
func tableItems(d *model.Doc, i int) []agendaItem {
	b := &d.Blocks[i]
	t := b.Table
	numCol, timeCol, pagesCol, titleCol := -1, -1, -1, -1
	for c, col := range t.Columns {
		h := strings.ToLower(col.Header)
		switch {
		case col.Role == model.NumberColumn && numCol < 0:
			numCol = c
		case col.Role == model.TimeColumn && timeCol < 0:
			timeCol = c
		case strings.Contains(h, "page") && pagesCol < 0:
			pagesCol = c
		case titleCol < 0 && col.Role == model.TextColumn && c != numCol:
			titleCol = c
		}
	}
	if numCol < 0 {
		// Without a header: a column whose cells are all labels.
		for c := range t.Columns {
			labels, cells := 0, 0
			for _, r := range t.Rows {
				if r.Header || c >= len(r.Cells) || strings.TrimSpace(r.Cells[c]) == "" {
					continue
				}
				cells++
				if m, rest := model.ParseMarker(r.Cells[c]); m.Valid() && rest == "" && m.Style != model.Bullet {
					labels++
				}
			}
			if cells >= 2 && labels*10 >= cells*8 {
				numCol = c
				break
			}
		}
	}
	if numCol < 0 {
		return nil
	}
	if titleCol < 0 || titleCol == numCol || titleCol == timeCol {
		titleCol = -1
		for c := range t.Columns {
			if c != numCol && c != timeCol && c != pagesCol {
				titleCol = c
				break
			}
		}
	}
	if titleCol < 0 {
		return nil
	}
	var out []agendaItem
	for _, r := range t.Rows {
		if r.Header || numCol >= len(r.Cells) {
			continue
		}
		m, rest := model.ParseMarker(r.Cells[numCol])
		if !m.Valid() || rest != "" || titleCol >= len(r.Cells) {
			continue
		}
		it := agendaItem{block: i}
		it.Kind = corpus.KindAgendaItem
		it.Number = m.Number
		it.Page = r.Page
		title, more := cellTitle(r.Cells[titleCol])
		var desc []string
		if more != "" {
			desc = append(desc, more)
		}
		for c, cell := range r.Cells {
			cell = strings.TrimSpace(strings.ReplaceAll(cell, "\n", " "))
			switch {
			case c == numCol || c == titleCol || cell == "":
			case c == timeCol:
				if tm, ok := dates.ParseTime(cell); ok {
					it.Time = tm
				}
			case c == pagesCol:
				if pg, ok := pageRange(cell); ok {
					it.Pages = pg
				} else if isInt(cell) {
					it.Pages = cell
				} else if m := pagesLabelled.FindStringSubmatchIndex(cell); m != nil {
					it.Pages = rangeOf(cell[m[2]:m[3]], cell, m)
				}
			default:
				if pg, ok := pageRange(cell); ok && it.Pages == "" {
					it.Pages = pg
				} else if tm, ok := dates.ParseTime(cell); ok && it.Time == "" {
					it.Time = tm
				} else {
					desc = append(desc, cell)
				}
			}
		}
		if m := pagesLabelled.FindStringSubmatchIndex(title); m != nil && it.Pages == "" {
			it.Pages = rangeOf(title[m[2]:m[3]], title, m)
			title = strings.TrimSpace(title[:m[0]] + title[m[1]:])
		} else if m := pagesTrailing.FindStringSubmatch(title); m != nil && it.Pages == "" {
			it.Pages = m[1] + "-" + m[2]
			title = strings.TrimSpace(pagesTrailing.ReplaceAllString(title, ""))
		} else if m := pagesInside.FindStringSubmatchIndex(title); m != nil && it.Pages == "" && atoi(title[m[2]:m[3]]) <= atoi(title[m[4]:m[5]]) {
			// The pages column's text run into the title's first line.
			it.Pages = title[m[2]:m[3]] + "-" + title[m[4]:m[5]]
			desc = append([]string{strings.TrimSpace(title[m[1]:])}, desc...)
			title = strings.TrimSpace(title[:m[0]])
		}
		it.Title = strings.TrimSpace(strings.TrimRight(title, "*-–:,; "))
		it.Text = strings.Join(desc, "\n")
		out = append(out, it)
	}
	return out
}

// cellTitle splits a cell of several lines into its title and description:
// the title is the first line and the lines that carry on its sentence
// (starting in lower case); the description starts at the next capital.
func cellTitle(cell string) (title, desc string) {
	lines := strings.Split(cell, "\n")
	n := 1
	for n < len(lines) && startsLowerOrDigit(lines[n]) && !model.Terminal(lines[n-1]) {
		n++
	}
	title, desc = strings.Join(lines[:n], " "), strings.Join(lines[n:], " ")
	if n == len(lines) && model.Words(title) > 15 {
		// One paragraph: its first sentence is the title.
		if sents, _ := model.Sentences(title); len(sents) > 1 {
			title, desc = sents[0], strings.Join(sents[1:], " ")
		}
	}
	return title, desc
}

func startsLowerOrDigit(s string) bool {
	for _, r := range s {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	}
	return false
}

// contentsPages reads an agenda set out as a table of contents, each title
// followed by the page it starts on ("Annual complaints report 9"): when
// most items end in a number and the numbers rise, the number is the
// item's page. A number that is a footnote's label (printed again, alone,
// at the foot of the page) is dropped, not taken for a page.
func contentsPages(d *model.Doc, items []agendaItem) {
	ending := 0
	last := 0
	rising := true
	for _, it := range items {
		if m := trailingPage.FindStringSubmatch(it.Title); m != nil && it.Pages == "" {
			ending++
			v := atoi(m[1])
			if v < last {
				rising = false
			}
			last = v
		}
	}
	if ending < 3 || ending*2 < len(items) || !rising {
		return
	}
	for k := range items {
		it := &items[k]
		m := trailingPage.FindStringSubmatch(it.Title)
		if m == nil || it.Pages != "" {
			continue
		}
		it.Title = strings.TrimSpace(strings.TrimSuffix(it.Title, m[0]))
		if !footnoteLabel(d, it.block, m[1]) {
			it.Pages = m[1]
		}
	}
}

// footnoteLabel reports whether n is printed alone on block i's page below
// it, followed by text: the label of a footnote.
func footnoteLabel(d *model.Doc, i int, n string) bool {
	page := d.Blocks[i].Page
	for j := i + 1; j+1 < len(d.Blocks) && d.Blocks[j].Page == page; j++ {
		if strings.TrimSpace(d.Blocks[j].Text) == n && d.Blocks[j+1].Page == page && model.Words(d.Blocks[j+1].Text) > 5 {
			return true
		}
	}
	return false
}
