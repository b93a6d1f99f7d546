package model

import (
	"regexp"
	"strings"
)

var (
	// A money unit in a column header or a table's caption: "£000",
	// "£'000", "£k", "(£m)", "£ million", "£000s".
	unitThousands = regexp.MustCompile(`(?i)£\s?'?000s?\b|£\s?k\b|£\s?thousands?\b|\(£000\)|in thousands`)
	unitMillions  = regexp.MustCompile(`(?i)£\s?m\b|£\s?millions?\b|£\s?mn\b|\bin £m\b`)
	unitPounds    = regexp.MustCompile(`(?i)£|\bgbp\b|\bamount\b|\baward|\bgrant\b|\ballocation|\bcost\b|\bvalue\b|\btotal\b|\bbudget\b|\bpayment|\bdonation`)
	// A cell that is a figure: "12,500", "2,000.00", "(1.5)", "-", "£73,547", "15.7".
	figureCell = regexp.MustCompile(`^(?:[-–]?\(?£?\s?-?\d{1,3}(?:,\d{3})*(?:\.\d+)?\)?\s?(?:k|m|bn)?|\(?£?\d+(?:\.\d+)?\)?)$`)
	// A header that is a year or a financial year: "2026", "2026-27", "2026/27", "2024-25 £m".
	yearHeader = regexp.MustCompile(`^(?:FY\s?)?(?:19|20)\d\d(?:\s?[-/–]\s?(?:19|20)?\d\d)?\b`)
	timeCell   = regexp.MustCompile(`(?i)^(?:\d{1,2}[.:]\d{2}\s?(?:am|pm|a\.m\.|p\.m\.)?|\d{1,2}\s?(?:am|pm))$`)
	dashCell   = regexp.MustCompile(`^[-–—]+$`)
)

// isFigure reports a cell that is a figure (figureCell): it has a digit and
// is short, which most cells are not, so the expression runs on few.
func isFigure(s string) bool {
	if len(s) > 24 || strings.IndexAny(s, "0123456789") < 0 {
		return false
	}
	return figureCell.MatchString(s)
}

// Scale reads the money unit a header or caption states: 1000 for "£000",
// 1e6 for "£m", 1 for a plain "£" or an amount column, 0 for none.
func Scale(header string) float64 {
	switch {
	case unitThousands.MatchString(header):
		return 1000
	case unitMillions.MatchString(header):
		return 1e6
	case unitPounds.MatchString(header):
		return 1
	}
	return 0
}

// analyseTable finds a table's header rows and what each column holds.
func analyseTable(t *TableData) {
	if len(t.Rows) == 0 {
		return
	}
	n := 0
	for _, r := range t.Rows {
		n = max(n, len(r.Cells))
	}
	hasMarked := false
	for _, r := range t.Rows {
		hasMarked = hasMarked || r.Header
	}
	if !hasMarked {
		// The first rows are a header when they hold no figures while the
		// rows under them do, or are bold over rows that are not, or are
		// short labels over rows of prose.
		for i := 0; i < len(t.Rows)-1 && i < 3; i++ {
			r := t.Rows[i]
			if figures(r.Cells) == 0 && headerish(r.Cells) && (figures(t.Rows[i+1].Cells) > 0 || r.Bold && !t.Rows[i+1].Bold || i == 0 && labelsOverProse(t.Rows)) {
				t.Rows[i].Header = true
				continue
			}
			break
		}
	}
	// A unit standing alone in a header cell ("£m" over the row labels)
	// is the unit of every figure column that states none of its own.
	tableUnit := t.Caption
	for _, r := range t.Rows {
		if !r.Header {
			continue
		}
		for _, c := range r.Cells {
			if c = strings.TrimSpace(c); Words(c) <= 2 && (unitThousands.MatchString(c) || unitMillions.MatchString(c)) {
				tableUnit += " " + c
			}
		}
	}
	t.Columns = make([]Column, n)
	for c := 0; c < n; c++ {
		var head []string
		figs, cells, times, marks := 0, 0, 0, 0
		for _, r := range t.Rows {
			if c >= len(r.Cells) {
				continue
			}
			v := strings.TrimSpace(r.Cells[c])
			if r.Header {
				if v != "" {
					head = append(head, v)
				}
				continue
			}
			if v == "" || dashCell.MatchString(v) {
				continue
			}
			cells++
			switch {
			case isFigure(v):
				figs++
			case timeCell.MatchString(v):
				times++
			}
			if m, rest := ParseMarker(v); m.Valid() && rest == "" && m.Style != Bullet {
				marks++
			}
		}
		col := &t.Columns[c]
		col.Header = flatten(strings.Join(head, " "))
		switch {
		case cells > 0 && times*10 >= cells*6:
			col.Role = TimeColumn
		case yearHeader.MatchString(col.Header) && cells > 0 && figs*10 >= cells*6:
			col.Role = YearColumn
			col.Scale = Scale(col.Header)
			if col.Scale <= 1 {
				col.Scale = max(col.Scale, Scale(tableUnit))
			}
		case cells > 0 && marks == cells && (c == 0 || c == 1 && t.Columns[0].Role == TimeColumn):
			col.Role = NumberColumn
		case cells > 0 && figs*10 >= cells*6:
			col.Role = MoneyColumn
			col.Scale = Scale(col.Header)
			if col.Scale <= 1 {
				col.Scale = max(col.Scale, Scale(tableUnit))
			}
		}
	}
}

// figures counts the cells of a row that are figures.
func figures(cells []string) int {
	n := 0
	for _, c := range cells {
		c = strings.TrimSpace(c)
		// "£000" and "£m" over a column are its unit, not a figure
		if unitThousands.MatchString(c) || unitMillions.MatchString(c) {
			continue
		}
		if isFigure(c) && !yearHeader.MatchString(c) {
			n++
		}
	}
	return n
}

// headerish reports cells that read like column titles: short, and not
// sentences.
func headerish(cells []string) bool {
	for _, c := range cells {
		if Words(c) > 16 || Terminal(c) && Words(c) > 4 {
			return false
		}
	}
	return true
}

// labelsOverProse reports a first row of short cells over rows whose cells
// run to sentences: a header over a table of text.
func labelsOverProse(rows []Row) bool {
	if len(rows) < 2 || len(rows[0].Cells) < 2 {
		return false
	}
	long := 0
	for _, r := range rows[1:] {
		for _, c := range r.Cells {
			if Words(c) > 15 {
				long++
				break
			}
		}
	}
	return long*2 >= len(rows)-1
}
