package model

import (
	"math"
	"sort"
	"strings"
)

// rankHeadings gives each heading its level. Headings are ranked once per
// document by how prominent they are: an HTML heading level first, then
// size, then whether they carry a top-level number (a "2." section outranks
// "2.1"), then weight and capitals. A heading that ends with a colon ranks
// below its peers: it labels what follows more than it opens a section.
func rankHeadings(d *Doc) {
	type sig struct {
		html   int // 7 - h level for HTML headings, 0 otherwise
		size   float64
		number int // 0 top-level numbered or unnumbered, 1+ deeper
		colon  bool
		bold   bool
		caps   bool
	}
	less := func(a, c sig) bool { // a more prominent than c
		if a.html != c.html {
			return a.html > c.html
		}
		if a.size != c.size {
			return a.size > c.size
		}
		if a.number != c.number {
			return a.number < c.number
		}
		if a.colon != c.colon {
			return !a.colon
		}
		if a.bold != c.bold {
			return a.bold
		}
		if a.caps != c.caps {
			return a.caps
		}
		return false
	}
	sigs := map[int]sig{}
	var distinct []sig
	seen := map[sig]bool{}
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Kind != Heading {
			continue
		}
		s := sig{size: math.Round(b.Style.Size), bold: b.Style.Bold, caps: b.Style.Caps, colon: strings.HasSuffix(b.Text, ":")}
		if b.Level > 0 {
			s.html = 7 - b.Level
		}
		if b.Marker.Style == Dotted {
			s.number = b.Marker.Depth - 1
		}
		sigs[i] = s
		if !seen[s] {
			seen[s] = true
			distinct = append(distinct, s)
		}
	}
	sort.SliceStable(distinct, func(i, j int) bool { return less(distinct[i], distinct[j]) })
	rank := map[sig]int{}
	level := 0
	for i, s := range distinct {
		if i == 0 || less(distinct[i-1], s) {
			level++
		}
		rank[s] = level
	}
	for i, s := range sigs {
		d.Blocks[i].Level = rank[s]
	}
}

// openList is a list being read: the label style and position of its items.
type openList struct {
	marker Marker
	x      float64 // left edge of its labels
	textX  float64 // where its items' text starts
	item   int     // its latest item
	depth  int     // HTML list depth
}

// nest links every block to what governs it: list items to the item they
// are nested in, everything else to the heading above of a higher level.
// Lists nest by label style and indentation (PDF) or by their markup (HTML).
// A paragraph set at a list item's text indent carries that item on.
func nest(d *Doc) {
	var headings []int // stack of open headings
	var lists []openList
	for i := range d.Blocks {
		b := &d.Blocks[i]
		for len(headings) > 0 && b.Kind == Heading && d.Blocks[headings[len(headings)-1]].Level >= b.Level {
			headings = headings[:len(headings)-1]
		}
		top := -1
		if len(headings) > 0 {
			top = headings[len(headings)-1]
		}
		switch b.Kind {
		case Heading:
			b.Parent = top
			headings = append(headings, i)
			lists = lists[:0]
			if b.Marker.Valid() && b.Marker.Style != Dotted {
				// A numbered heading ("2. Background") is also the
				// parent of dotted items "2.1" below it.
				lists = append(lists, openList{marker: b.Marker, x: b.Box.X0, textX: b.Box.X0, item: i})
			}
		case ListItem:
			b.Parent, b.Level, lists = placeItem(d, i, top, lists)
		default:
			b.Parent = top
			if n := len(lists); n > 0 {
				l := lists[n-1]
				if d.HasBoxes && b.Box.X0 > l.x+3 && math.Abs(b.Box.X0-l.textX) < 3 && b.Kind == Paragraph {
					// A further paragraph of the latest list item.
					b.Parent = l.item
					b.Level = d.Blocks[l.item].Level + 1
					continue
				}
				if !d.HasBoxes && b.Level > 0 && b.Kind == Paragraph {
					// HTML: a second block inside an <li>.
					for k := n - 1; k >= 0; k-- {
						if lists[k].depth <= b.Level {
							b.Parent = lists[k].item
							break
						}
					}
					continue
				}
				if b.Kind == Table {
					b.Parent = l.item
					continue
				}
				lists = lists[:0]
			}
		}
	}
}

// placeItem finds list item i's place among the open lists: a sibling of an
// item of its style, nested under the latest item, or a new list under the
// heading. It returns the item's parent, nesting depth and the lists left open.
func placeItem(d *Doc, i, heading int, lists []openList) (int, int, []openList) {
	b := &d.Blocks[i]
	m := b.Marker
	x := b.Box.X0
	textX := x
	if len(b.Lines) > 1 {
		textX = b.Lines[1].X
	}
	entry := openList{marker: m, x: x, textX: textX, item: i, depth: b.Level}
	if !d.HasBoxes && b.Level == 0 {
		// HTML outside <ol>/<ul> (a label in the text or a table's label
		// column): a list of its own style, under the heading.
		for k := len(lists) - 1; k >= 0; k-- {
			if lists[k].marker.SameList(m) && lists[k].depth == 0 {
				lists = lists[:k]
				parent := heading
				if k > 0 {
					parent = lists[k-1].item
				}
				return parent, k, append(lists, entry)
			}
		}
		return heading, 0, append(lists[:0], entry)
	}
	if !d.HasBoxes && b.Level > 0 {
		// HTML: the markup's depth decides.
		for len(lists) > 0 && lists[len(lists)-1].depth >= b.Level {
			lists = lists[:len(lists)-1]
		}
		parent := heading
		if len(lists) > 0 {
			parent = lists[len(lists)-1].item
		}
		return parent, len(lists), append(lists, entry)
	}
	// Dotted numbers name their parent: "4.1.2" sits under "4.1".
	if m.Style == Dotted {
		want := m.Parent()
		for k := len(lists) - 1; k >= 0; k-- {
			pm := lists[k].marker
			if pm.Number == want {
				lists = lists[:k+1]
				return lists[k].item, k + 1, append(lists, entry)
			}
			if pm.SameList(m) {
				lists = lists[:k]
				parent := heading
				if k > 0 {
					parent = lists[k-1].item
				}
				return parent, k, append(lists, entry)
			}
		}
	}
	// A sibling: an open list of the same style at the same indent.
	for k := len(lists) - 1; k >= 0; k-- {
		l := lists[k]
		if l.marker.SameList(m) && (!d.HasBoxes || math.Abs(l.x-x) < 6) {
			lists = lists[:k]
			parent := heading
			if k > 0 {
				parent = lists[k-1].item
			}
			return parent, k, append(lists, entry)
		}
	}
	// The next item of a list an item of another style interrupted:
	// "2685." after "2684. Correspondence" and its "iii)"… set at the
	// left margin.
	if d.HasBoxes {
		for k := i - 1; k >= 0 && k >= i-60; k-- {
			o := &d.Blocks[k]
			if o.Kind == Heading && (heading < 0 || k <= heading) {
				break
			}
			if o.Kind == ListItem && o.Marker.SameList(m) && m.Follows(o.Marker) && math.Abs(o.Box.X0-x) < 6 {
				var kept []openList
				for _, l := range lists {
					if l.item < k && d.governs(l.item, k) {
						kept = append(kept, l)
					}
				}
				return o.Parent, o.Level, append(kept, entry)
			}
		}
	}
	// Nested under the latest item: indented further, or a new style
	// after an item that leads into a list ("…as follows:").
	for len(lists) > 0 {
		l := lists[len(lists)-1]
		prev := &d.Blocks[l.item]
		deeper := d.HasBoxes && x > l.x+3
		leads := strings.HasSuffix(prev.Text, ":") || strings.HasSuffix(prev.Text, ":-")
		if deeper || leads || !d.HasBoxes && !l.marker.SameList(m) && l.item != heading {
			return l.item, len(lists), append(lists, entry)
		}
		lists = lists[:len(lists)-1]
	}
	return heading, 0, append(lists, entry)
}
