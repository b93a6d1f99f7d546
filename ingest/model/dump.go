package model

import (
	"fmt"
	"strings"
)

// Dump writes the model as text, a line per block (and per table row),
// indented by outline depth: what golden files record and what a person
// reads to see how a paper was understood.
func (d *Doc) Dump(width int) string {
	var b strings.Builder
	depth := make([]int, len(d.Blocks))
	paper := 0
	for i, blk := range d.Blocks {
		for paper < len(d.Papers) && d.Papers[paper].Start == i {
			fmt.Fprintf(&b, "=== %s paper\n", d.Papers[paper].Kind)
			paper++
		}
		if blk.Parent >= 0 {
			depth[i] = depth[blk.Parent] + 1
		}
		ind := strings.Repeat("  ", depth[i])
		head := fmt.Sprintf("%s%s", ind, blk.Kind)
		switch blk.Kind {
		case Heading:
			head += fmt.Sprintf("%d", blk.Level)
		case ListItem:
			head += fmt.Sprintf("[%s]", blk.Marker.Label)
		}
		if blk.Kind == Heading && blk.Marker.Valid() {
			head += fmt.Sprintf("[%s]", blk.Marker.Label)
		}
		pages := fmt.Sprintf("p%d", blk.Page)
		if blk.PageEnd != blk.Page {
			pages += fmt.Sprintf("-%d", blk.PageEnd)
		}
		if blk.Kind == Table {
			t := blk.Table
			var cols []string
			for _, c := range t.Columns {
				s := [...]string{"text", "number", "money", "time", "date", "year"}[c.Role]
				if c.Scale > 1 {
					s += fmt.Sprintf("x%g", c.Scale)
				}
				cols = append(cols, s)
			}
			fmt.Fprintf(&b, "%s %s rows=%d cols=[%s]\n", head, pages, len(t.Rows), strings.Join(cols, " "))
			for _, r := range t.Rows {
				mark := "|"
				if r.Header {
					mark = "#"
				}
				fmt.Fprintf(&b, "%s  %s %s\n", ind, mark, clip(flatten(strings.Join(r.Cells, " | ")), width))
			}
			continue
		}
		text := blk.Text
		if len(blk.Cells) > 0 {
			text = flatten(strings.Join(blk.Cells, " | "))
		}
		if len(blk.Side) > 0 {
			text += " ‖ " + strings.Join(blk.Side, " ‖ ")
		}
		fmt.Fprintf(&b, "%s %s %s\n", head, pages, clip(text, width))
	}
	return b.String()
}

func clip(s string, n int) string {
	if n <= 0 || len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
