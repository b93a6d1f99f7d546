package htmltext

import (
	"strconv"
	"strings"
	"unicode"

	"panelpapers/ingest/layout"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// line is a layout.Line plus the element it came from, which the meeting
// rules look at (classes such as mgAiTitleTxt, list items, table rows).
type line struct {
	layout.Line
	owner *html.Node // the block element (or table row) holding the line
}

// builder collects inline text into lines. Whitespace is collapsed and
// invisible characters dropped when a line is flushed; bold and italic are
// counted per visible rune so that a line is Bold only when all of it is.
type builder struct {
	lines []line
	block int

	buf                 strings.Builder
	runes, bold, italic int
	level               int
	owner               *html.Node
	started             bool
	listDepth           int
	// marker is the label of the list item whose first line is being
	// built: it goes on that line only.
	marker string
	tables int // tables seen, for Line.Table
	// heading makes the next line a heading: the title of an item whose
	// number sat in a cell of its own (modern.gov's item rows).
	heading bool
}

func newBuilder() *builder { return &builder{block: 1} }

// text adds inline text in the given style.
func (b *builder) text(s string, st style) {
	for _, r := range s {
		if invisible(r) {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			b.buf.WriteByte(' ')
			continue
		}
		if !b.started {
			b.started = true
			b.level = st.level
			b.owner = st.owner
			b.listDepth = st.listDepth
			if b.heading && b.level == 0 {
				b.level = 3
			}
			b.heading = false
		}
		b.buf.WriteRune(r)
		b.runes++
		if st.bold {
			b.bold++
		}
		if st.italic {
			b.italic++
		}
	}
}

// flush ends the current line (a <br>): the next line stays in the same block.
func (b *builder) flush() {
	if b.started {
		text := strings.Join(strings.Fields(b.buf.String()), " ")
		if text != "" {
			b.lines = append(b.lines, line{
				Line: layout.Line{
					Text:      text,
					Bold:      b.bold == b.runes,
					Italic:    b.italic == b.runes,
					Level:     b.level,
					Block:     b.block,
					Marker:    b.marker,
					ListDepth: b.listDepth,
				},
				owner: b.owner,
			})
			b.marker = ""
		}
	}
	b.buf.Reset()
	b.runes, b.bold, b.italic, b.level, b.owner, b.started, b.listDepth = 0, 0, 0, 0, nil, false, 0
}

// newBlock ends the current line and starts a new block if the current one
// holds any line.
func (b *builder) newBlock() {
	b.flush()
	if n := len(b.lines); n > 0 && b.lines[n-1].Block == b.block {
		b.block++
	}
}

// add appends a finished line (a table row) as a block of its own.
func (b *builder) add(l line) {
	b.newBlock()
	l.Block = b.block
	b.lines = append(b.lines, l)
	b.newBlock()
}

func invisible(r rune) bool {
	switch r {
	case '\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

// style is the inherited state of the walk.
type style struct {
	bold, italic bool
	level        int
	owner        *html.Node
	listDepth    int // how many ol/ul the node is inside
}

// walker turns a parsed tree into lines.
type walker struct {
	b *builder
	// skip, when set, leaves out matching elements and their content (the
	// meeting rules use it to keep a sub-item's row out of its parent item).
	skip func(*html.Node) bool
}

func (w *walker) children(n *html.Node, st style) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, st)
	}
}

func (w *walker) node(n *html.Node, st style) {
	switch n.Type {
	case html.TextNode:
		w.b.text(n.Data, st)
		return
	case html.DocumentNode:
		w.children(n, st)
		return
	case html.ElementNode:
	default:
		return // comments (Word's <!--[if ...]> included), doctypes
	}
	if pruned(n) || (w.skip != nil && w.skip(n)) {
		return
	}
	st = inlineStyle(n, st)
	switch n.DataAtom {
	case atom.Br:
		w.b.flush()
		return
	case atom.Hr:
		w.b.newBlock()
		return
	case atom.Img, atom.Wbr:
		return
	case atom.Table:
		w.b.newBlock()
		w.b.tables++
		w.table(n, st)
		w.b.newBlock()
		return
	case atom.Pre:
		w.b.newBlock()
		st.owner = n
		w.pre(n, st)
		w.b.newBlock()
		return
	case atom.Span:
		if isMsoListIgnore(n) && !isListNumber(collapse(textOf(n))) {
			return // a Word list bullet glyph: "·", "o", "§"
		}
	}
	if lvl := headingLevel(n); lvl > 0 {
		st.level = lvl
	}
	switch n.DataAtom {
	case atom.Ol, atom.Ul:
		st.listDepth++
	case atom.Li:
		if st.listDepth == 0 {
			st.listDepth = 1
		}
		w.b.newBlock()
		w.b.marker = listMarker(n)
	}
	if isBlock(n) {
		st.owner = n
		w.b.newBlock()
		w.children(n, st)
		w.b.newBlock()
		return
	}
	w.children(n, st)
}

// pre keeps the line breaks of preformatted text.
func (w *walker) pre(n *html.Node, st style) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.TextNode {
			w.node(c, st)
			continue
		}
		for i, part := range strings.Split(c.Data, "\n") {
			if i > 0 {
				w.b.flush()
			}
			w.b.text(part, st)
		}
	}
}

// table emits one line per data row, or walks layout rows cell by cell.
func (w *walker) table(t *html.Node, st style) {
	var rows func(n *html.Node)
	rows = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Thead, atom.Tbody, atom.Tfoot:
				if !pruned(c) {
					rows(c)
				}
			case atom.Tr:
				if !pruned(c) && (w.skip == nil || !w.skip(c)) {
					w.row(c, st)
				}
			default:
				w.node(c, st) // caption, stray content
			}
		}
	}
	rows(t)
}

func (w *walker) row(tr *html.Node, st style) {
	var cells []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) && !pruned(c) {
			cells = append(cells, c)
		}
	}
	layoutTable := false
	for _, c := range cells {
		if hasDescendant(c, func(n *html.Node) bool { return n.DataAtom == atom.Table || headingLevel(n) > 0 }) {
			layoutTable = true
			break
		}
	}
	var texts []string
	var subs [][]line
	if !layoutTable {
		for _, c := range cells {
			sub := &walker{b: newBuilder(), skip: w.skip}
			sub.children(c, style{bold: st.bold, italic: st.italic, owner: c})
			sub.b.flush()
			if len(sub.b.lines) > 4 {
				layoutTable = true
				break
			}
			subs = append(subs, sub.b.lines)
		}
	}
	if len(cells) >= 2 && labelCell(cells[0]) && (layoutTable || hasClass(cells[0], "mgItemNumberCell") || blockChildren(cells[1]) > 1) {
		// An item row: its number in a cell of its own, then its title
		// and text. The number labels the title, which heads the text.
		w.b.newBlock()
		w.b.marker = collapse(textOf(cells[0]))
		w.b.heading = true
		for _, c := range cells[1:] {
			cst := st
			cst.owner = c
			w.b.newBlock()
			w.children(c, cst)
			w.b.newBlock()
		}
		return
	}
	if layoutTable {
		for _, c := range cells {
			cst := st
			cst.owner = c
			w.b.newBlock()
			w.children(c, cst)
			w.b.newBlock()
		}
		return
	}
	bold, italic, empty := true, true, true
	for _, ls := range subs {
		// A cell keeps its paragraphs apart where the weight changes (a
		// bold title over its description), as the PDF layout does.
		var sb strings.Builder
		for i, l := range ls {
			if i > 0 {
				if l.Bold != ls[i-1].Bold {
					sb.WriteByte('\n')
				} else {
					sb.WriteByte(' ')
				}
			}
			sb.WriteString(l.Text)
			bold = bold && l.Bold
			italic = italic && l.Italic
		}
		texts = append(texts, sb.String())
		if len(ls) > 0 {
			empty = false
		}
	}
	if empty {
		return
	}
	flat := make([]string, len(texts))
	for i, t := range texts {
		flat[i] = strings.ReplaceAll(t, "\n", " ")
	}
	l := line{Line: layout.Line{Text: strings.Join(flat, "\t"), Bold: bold, Italic: italic, Table: w.b.tables, Header: headerRow(tr, cells)}, owner: tr}
	if len(texts) > 1 {
		l.Cells = texts
	}
	w.b.add(l)
}

var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Html: true, atom.Legend: true,
	atom.Li: true, atom.Main: true, atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Section: true, atom.Summary: true, atom.Ul: true, atom.Caption: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Option: true, atom.Frameset: true, atom.Noframes: true,
}

func isBlock(n *html.Node) bool { return blockAtoms[n.DataAtom] }

func headingLevel(n *html.Node) int {
	if n.Type != html.ElementNode {
		return 0
	}
	switch n.DataAtom {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// inlineStyle applies b/strong/i/em and CSS font-weight/font-style (as Word
// writes them on spans) to the inherited style.
func inlineStyle(n *html.Node, st style) style {
	switch n.DataAtom {
	case atom.B, atom.Strong:
		st.bold = true
	case atom.I, atom.Em, atom.Cite:
		st.italic = true
	}
	css := attr(n, "style")
	if css == "" {
		return st
	}
	for _, decl := range strings.Split(css, ";") {
		prop, val, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		prop = strings.ToLower(strings.TrimSpace(prop))
		val = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "!important")))
		switch prop {
		case "font-weight":
			switch val {
			case "bold", "bolder", "600", "700", "800", "900":
				st.bold = true
			case "normal", "lighter", "100", "200", "300", "400", "500":
				st.bold = false
			}
		case "font-style":
			switch val {
			case "italic", "oblique":
				st.italic = true
			case "normal":
				st.italic = false
			}
		}
	}
	return st
}

// isMsoListIgnore reports a Word list-marker span (style "mso-list:Ignore").
func isMsoListIgnore(n *html.Node) bool {
	s := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(s, "mso-list:ignore")
}

// isListNumber reports whether a Word list marker is a number worth keeping
// ("1.", "(a)", "iv)") rather than a bullet glyph.
func isListNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 8 {
		return false
	}
	hasDigit := strings.IndexFunc(s, unicode.IsDigit) >= 0
	hasPunct := strings.ContainsAny(s, ".)")
	hasLetter := strings.IndexFunc(s, unicode.IsLetter) >= 0
	return hasDigit || (hasLetter && hasPunct)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	if n == nil || n.Type != html.ElementNode {
		return false
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if strings.EqualFold(c, class) {
			return true
		}
	}
	return false
}

// hasDescendant reports whether any element below n satisfies f.
func hasDescendant(n *html.Node, f func(*html.Node) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (f(c) || hasDescendant(c, f)) {
			return true
		}
	}
	return false
}

// textOf returns the raw text below n (no chrome filtering, no separators).
func textOf(n *html.Node) string {
	var sb strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return sb.String()
}

// collapse folds whitespace runs to one space and trims; control
// characters count as white space, invisible ones are dropped.
func collapse(s string) string {
	s = strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		if unicode.IsControl(r) {
			return ' ' // as in builder.text: a control character is a break
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// listMarker returns the label a browser draws for list item li: its
// number in an <ol> (counting start, value and type), or a bullet in a <ul>.
func listMarker(li *html.Node) string {
	list := li.Parent
	if list == nil || list.DataAtom != atom.Ol {
		return "•"
	}
	n := 1
	if v, err := strconv.Atoi(strings.TrimSpace(attr(list, "start"))); err == nil {
		n = v
	}
	reversed := false
	for _, a := range list.Attr {
		if a.Key == "reversed" {
			reversed = true
		}
	}
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Li {
			continue
		}
		if v, err := strconv.Atoi(strings.TrimSpace(attr(c, "value"))); err == nil {
			n = v
		}
		if c == li {
			break
		}
		if reversed {
			n--
		} else {
			n++
		}
	}
	kind := attr(li, "type")
	if kind == "" {
		kind = attr(list, "type")
	}
	if kind == "" {
		kind = listStyleType(attr(list, "style"))
	}
	switch kind {
	case "a":
		return alphaLabel(n, 'a') + "."
	case "A":
		return alphaLabel(n, 'A') + "."
	case "i":
		return romanLabel(n) + "."
	case "I":
		return strings.ToUpper(romanLabel(n)) + "."
	}
	return strconv.Itoa(n) + "."
}

// listStyleType maps a CSS list-style-type to an <ol type>.
func listStyleType(css string) string {
	css = strings.ToLower(css)
	switch {
	case strings.Contains(css, "lower-alpha"), strings.Contains(css, "lower-latin"):
		return "a"
	case strings.Contains(css, "upper-alpha"), strings.Contains(css, "upper-latin"):
		return "A"
	case strings.Contains(css, "lower-roman"):
		return "i"
	case strings.Contains(css, "upper-roman"):
		return "I"
	}
	return ""
}

func alphaLabel(n int, base rune) string {
	if n < 1 || n > 26 {
		return strconv.Itoa(n)
	}
	return string(base + rune(n-1))
}

func romanLabel(n int) string {
	if n < 1 || n > 39 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// headerRow reports a table row of header cells: all <th>, or in a <thead>.
func headerRow(tr *html.Node, cells []*html.Node) bool {
	if tr.Parent != nil && tr.Parent.DataAtom == atom.Thead {
		return true
	}
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		if c.DataAtom != atom.Th {
			return false
		}
	}
	return true
}

// labelCell reports a table cell holding only a list label: "14.", "3", "A1".
func labelCell(td *html.Node) bool {
	t := collapse(textOf(td))
	if t == "" || len(t) > 8 || strings.ContainsAny(t, " ") {
		return false
	}
	t = strings.TrimRight(t, ".)")
	for _, r := range t {
		if !unicode.IsDigit(r) && !unicode.IsLetter(r) && r != '/' && r != '.' {
			return false
		}
	}
	return strings.IndexFunc(t, unicode.IsDigit) >= 0
}

// blockChildren counts the block elements directly or indirectly holding
// text under n (a cell with a title and paragraphs has several).
func blockChildren(n *html.Node) int {
	count := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if isBlock(c) {
			if hasDescendant(c, isBlock) {
				count += blockChildren(c)
			} else {
				count++
			}
		}
	}
	return count
}
