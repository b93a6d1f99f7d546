package htmltext

import (
	"bytes"
	"strings"

	"panelpapers/ingest/layout"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tokenLines reads a document the parser refused (nesting too deep) with the
// tokenizer alone: no tree, so no table cells and no meeting, but every
// paragraph, heading and row still comes out as lines, in linear time.
func tokenLines(data []byte) (title string, out []layout.Line) {
	z := html.NewTokenizer(bytes.NewReader(data))
	b := newBuilder()
	var (
		skip       int // depth inside chrome tags
		bold, ital int
		level      int
		inTitle    bool
		titleBuf   strings.Builder
	)
	st := func() style { return style{bold: bold > 0, italic: ital > 0, level: level} }
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		a := tok.DataAtom
		switch tt {
		case html.TextToken:
			if inTitle {
				titleBuf.WriteString(tok.Data)
			} else if skip == 0 {
				b.text(tok.Data, st())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case a == atom.Title:
				inTitle = tt == html.StartTagToken
				continue
			case chromeTags[a] && a != atom.Head:
				if tt == html.StartTagToken && !voidElement(a) {
					skip++
				}
				continue
			}
			switch a {
			case atom.B, atom.Strong:
				bold++
			case atom.I, atom.Em:
				ital++
			case atom.Br:
				b.flush()
			}
			if lvl := headingLevel(&html.Node{Type: html.ElementNode, DataAtom: a}); lvl > 0 {
				b.newBlock()
				level = lvl
			} else if blockAtoms[a] || a == atom.Table || a == atom.Hr {
				b.newBlock()
			}
		case html.EndTagToken:
			switch {
			case a == atom.Title:
				inTitle = false
				continue
			case chromeTags[a] && a != atom.Head:
				if skip > 0 {
					skip--
				}
				continue
			}
			switch a {
			case atom.B, atom.Strong:
				bold = max(bold-1, 0)
			case atom.I, atom.Em:
				ital = max(ital-1, 0)
			}
			if headingLevel(&html.Node{Type: html.ElementNode, DataAtom: a}) > 0 {
				b.newBlock()
				level = 0
			} else if blockAtoms[a] || a == atom.Table {
				b.newBlock()
			}
		}
	}
	b.flush()
	out = make([]layout.Line, len(b.lines))
	for i, l := range b.lines {
		out[i] = l.Line
	}
	return collapse(titleBuf.String()), out
}

func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Input, atom.Embed, atom.Img, atom.Br, atom.Hr, atom.Meta, atom.Link:
		return true
	}
	return false
}
