package model

import (
	"math"
	"strings"

	"panelpapers/ingest/layout"
)

// A report's header set as a borderless two-column table comes out of the
// layout as two blocks side by side: the labels ("Report to:", "Date of
// meeting:", "Report of:") and, level with them, the values. fieldRows puts
// each label back on one row with the value on its baseline, so the header
// reads as the table it is.

// fieldRows rewrites runs of label lines that have values level with them
// as table rows.
func fieldRows(pages []layout.Page) []layout.Page {
	out := append([]layout.Page(nil), pages...)
	next := 200000 // block numbers of the rows made here
	for pi := range out {
		p := &out[pi]
		lines := p.Lines
		used := make([]bool, len(lines))
		type pair struct{ label, value int }
		var pairs []pair
		for i, l := range lines {
			t := strings.TrimSpace(l.Text)
			if len(l.Cells) > 0 || l.X1 == 0 || !strings.HasSuffix(t, ":") || Words(t) > 5 {
				continue
			}
			best := -1
			for j, v := range lines {
				if j == i || used[j] || len(v.Cells) > 0 || math.Abs(v.Y-l.Y) > 1 || v.X < l.X1+4 {
					continue
				}
				if best < 0 || v.X < lines[best].X {
					best = j
				}
			}
			if best >= 0 {
				pairs = append(pairs, pair{i, best})
				used[best] = true
			}
		}
		// Two or more on a page: a header, not a stray colon beside a note.
		if len(pairs) < 2 {
			continue
		}
		drop := map[int]bool{}
		rows := map[int]layout.Line{}
		for _, pr := range pairs {
			l, v := lines[pr.label], lines[pr.value]
			row := l
			row.Cells = []string{strings.TrimSpace(l.Text), strings.TrimSpace(v.Text)}
			row.CellX = []float64{l.X, v.X}
			row.Text = row.Cells[0] + "\t" + row.Cells[1]
			row.X1 = math.Max(l.X1, v.X1)
			row.WordX = nil
			row.Block = next
			rows[pr.label] = row
			drop[pr.value] = true
		}
		next++
		var nl []layout.Line
		for i, l := range lines {
			if drop[i] {
				continue
			}
			if r, ok := rows[i]; ok {
				nl = append(nl, r)
				continue
			}
			nl = append(nl, l)
		}
		p.Lines = nl
	}
	return out
}
