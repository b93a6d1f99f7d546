package pdftext

import (
	"context"
	"fmt"
	"math"

	"github.com/ledongthuc/pdf"
)

// matrix is a PDF transformation matrix [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m first, then n), the order the PDF spec uses
// for "cm" (new CTM = M × CTM) and for Trm = params × Tm × CTM.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// glyph is one decoded character code as drawn, in page space: origin at
// the top-left of the (rotated) page, y growing downwards, units of points.
type glyph struct {
	x, y   float64 // origin of the glyph on its baseline
	w      float64 // advance along the baseline (without word spacing)
	size   float64 // effective font size
	text   string
	space  bool // white space glyph: a word break, never part of a word
	bold   bool
	italic bool
	// invisible is text drawn in render mode 3 or 7 (neither filled nor
	// stroked): the hidden text layer a scanner's OCR lays over its image.
	invisible bool
	dir       int // text direction in quarter turns (0 = left to right)
}

// gstate is the part of the graphics state that text extraction needs;
// the text state parameters belong to it (q/Q save and restore them).
type gstate struct {
	ctm                  matrix
	font                 *font
	fontSize             float64
	tc, tw, th, tl, rise float64
	render               int // text render mode (Tr)
}

// Limits that keep hostile files from costing unbounded time or memory.
const (
	maxFormDepth   = 12      // nested Form XObjects followed
	maxGlyphs      = 2000000 // glyphs kept per page
	ctxCheckEvery  = 4096    // operators between context checks
	maxStackTokens = 64      // operands kept before an operator
)

// interp runs the content streams of one page.
type interp struct {
	ctx    context.Context
	doc    *document
	glyphs []glyph
	images int
	// imageCover is the largest share of the page (0..1) one image covers,
	// and pageW, pageH the page's displayed size it is measured against.
	imageCover   float64
	pageW, pageH float64
	ops          int
	forms        int             // Form XObjects run on this page, bounded by maxFormRuns
	active       map[string]bool // Form XObjects being run: the cycle guard
	sc           *scratch        // this goroutine's buffers and caches; nil makes its own

	lastFont  *font
	lastCodes map[uint32]string // sc.codes.of(lastFont)
	axes      axes

	// The path being built, in page space, and the ruling lines painted
	// so far: a table's borders (see rules.go).
	path           []rule
	pathRect       bool // the path is one rectangle ("re")
	cx, cy, sx, sy float64
	rules          []rule
}

// axes holds what a glyph's text rendering matrix gives besides its
// origin. Along a line only the origin changes, so the results are reused
// while the linear part has the same bits.
type axes struct {
	key    [4]uint64
	ok     bool
	hx, hy float64 // the lengths of the x and y axes
	dir    int     // the x axis's direction in quarter turns
}

func (a *axes) of(m *matrix) *axes {
	k := [4]uint64{math.Float64bits(m[0]), math.Float64bits(m[1]), math.Float64bits(m[2]), math.Float64bits(m[3])}
	if !a.ok || k != a.key {
		a.key, a.ok = k, true
		a.hx = math.Hypot(m[0], m[1])
		a.hy = math.Hypot(m[2], m[3])
		a.dir = int(math.Round(math.Atan2(m[1], m[0])/(math.Pi/2))) & 3
	}
	return a
}

func (in *interp) scratch() *scratch {
	if in.sc == nil {
		in.sc = &scratch{}
	}
	return in.sc
}

// run interprets one content stream with its resources, starting from ctm.
func (in *interp) run(content []byte, res pdf.Value, ctm matrix, depth int) error {
	gs := gstate{ctm: ctm, th: 1}
	var stack []gstate
	var tm, tlm matrix = identity, identity
	ops := make([]token, 0, maxStackTokens+1) // +1: an operator is scanned into it too
	fonts := map[string]*font{}
	xobjs := map[string]pdf.Value{}
	lx := in.scratch().lexer(depth, content)

	num := func(i int) float64 {
		if i < len(ops) && ops[i].kind == tNum {
			return ops[i].num
		}
		return 0
	}
	show := func(s string) {
		if gs.font == nil {
			gs.font = in.doc.fallbackFont()
		}
		f := gs.font
		trmBase := matrix{gs.fontSize * gs.th, 0, 0, gs.fontSize, 0, gs.rise}
		if f != in.lastFont { // one lookup per font change, not per string
			in.lastFont, in.lastCodes = f, in.scratch().codes.of(f)
		}
		f.decode(s, in.lastCodes, func(text string, w float64, single32 bool) {
			m := trmBase.mul(tm).mul(gs.ctm)
			x, y := m[4], m[5]
			ax := in.axes.of(&m)
			xs := ax.hx / math.Max(math.Abs(gs.th), 1e-9)
			size := ax.hy
			adv := (w*gs.fontSize + gs.tc) * gs.th
			if single32 {
				adv += gs.tw * gs.th
			}
			if len(in.glyphs) < maxGlyphs && size > 0.5 {
				dir := ax.dir
				in.glyphs = append(in.glyphs, glyph{
					x: x, y: y,
					w:         (w*gs.fontSize + gs.tc) * gs.th * xs / math.Max(gs.fontSize, 1e-9),
					size:      size,
					text:      text,
					space:     isBlank(text),
					bold:      f.bold,
					italic:    f.italic,
					invisible: gs.render == 3 || gs.render == 7,
					dir:       dir,
				})
			}
			tm = matrix{1, 0, 0, 1, adv, 0}.mul(tm)
		})
	}
	newline := func() {
		tlm = matrix{1, 0, 0, 1, 0, -gs.tl}.mul(tlm)
		tm = tlm
	}

	for {
		// Scan into the next free operand slot; an operator is taken
		// back off.
		ops = ops[:len(ops)+1]
		t := &ops[len(ops)-1]
		lx.scan(t, 0)
		if t.kind == tEOF {
			return nil
		}
		if t.kind != tOp {
			if len(ops) > maxStackTokens {
				ops = ops[:maxStackTokens] // operands past the limit are dropped
			}
			continue
		}
		op := t.s
		ops = ops[:len(ops)-1]
		in.ops++
		if in.ops%ctxCheckEvery == 0 {
			if err := in.ctx.Err(); err != nil {
				return err
			}
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, gs)
			}
		case "Q":
			// Unbalanced Q is common in real files: ignore the underflow.
			if n := len(stack); n > 0 {
				gs = stack[n-1]
				stack = stack[:n-1]
			}
		case "cm":
			if len(ops) >= 6 {
				m := matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				gs.ctm = m.mul(gs.ctm)
			}
		case "m":
			if len(ops) >= 2 {
				in.cx, in.cy = gs.ctm.apply(num(0), num(1))
				in.sx, in.sy = in.cx, in.cy
			}
		case "l":
			if len(ops) >= 2 {
				x, y := gs.ctm.apply(num(0), num(1))
				in.lineTo(x, y)
			}
		case "c", "v", "y":
			// Curves are never rules; the path carries on from their end.
			if n := len(ops); n >= 2 {
				in.cx, in.cy = gs.ctm.apply(num(n-2), num(n-1))
				in.pathRect = false
			}
		case "h":
			in.lineTo(in.sx, in.sy)
		case "re":
			if len(ops) >= 4 {
				x, y, w, h := num(0), num(1), num(2), num(3)
				in.pathRect = len(in.path) == 0
				x0, y0 := gs.ctm.apply(x, y)
				x1, y1 := gs.ctm.apply(x+w, y)
				x2, y2 := gs.ctm.apply(x+w, y+h)
				x3, y3 := gs.ctm.apply(x, y+h)
				in.path = append(in.path, rule{x0, y0, x1, y1}, rule{x1, y1, x2, y2}, rule{x2, y2, x3, y3}, rule{x3, y3, x0, y0})
				in.cx, in.cy, in.sx, in.sy = x0, y0, x0, y0
			}
		case "S", "s":
			if op == "s" {
				in.lineTo(in.sx, in.sy)
			}
			in.paint(true)
		case "f", "F", "f*", "B", "B*", "b", "b*":
			in.paint(false)
		case "n":
			in.path, in.pathRect = in.path[:0], false
		case "BT":
			tm, tlm = identity, identity
		case "ET":
		case "Tf":
			if len(ops) >= 2 && ops[0].kind == tName {
				name := ops[0].s
				f, ok := fonts[name]
				if !ok {
					f = in.doc.font(res.Key("Font").Key(name))
					fonts[name] = f
				}
				gs.font = f
				gs.fontSize = num(1)
			}
		case "Tc":
			gs.tc = num(0)
		case "Tw":
			gs.tw = num(0)
		case "Tz":
			gs.th = num(0) / 100
		case "TL":
			gs.tl = num(0)
		case "Ts":
			gs.rise = num(0)
		case "Tr":
			// Every render mode is text for us, including 3 (invisible):
			// that is how OCR layers are drawn. The mode is remembered so
			// that a page whose only text is invisible can be read again
			// from its image (scan.go).
			gs.render = int(num(0))
		case "Td":
			tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
		case "TD":
			gs.tl = -num(1)
			tlm = matrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
		case "Tm":
			if len(ops) >= 6 {
				tlm = matrix{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			newline()
		case "Tj":
			if len(ops) >= 1 && ops[len(ops)-1].kind == tStr {
				show(ops[len(ops)-1].s)
			}
		case "'":
			newline()
			if len(ops) >= 1 && ops[len(ops)-1].kind == tStr {
				show(ops[len(ops)-1].s)
			}
		case "\"":
			if len(ops) >= 3 {
				gs.tw = num(0)
				gs.tc = num(1)
			}
			newline()
			if len(ops) >= 1 && ops[len(ops)-1].kind == tStr {
				show(ops[len(ops)-1].s)
			}
		case "TJ":
			if len(ops) >= 1 && ops[len(ops)-1].kind == tArr {
				for _, e := range ops[len(ops)-1].arr {
					switch e.kind {
					case tStr:
						show(e.s)
					case tNum:
						tx := -e.num / 1000 * gs.fontSize * gs.th
						tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
					}
				}
			}
		case "BI":
			// Inline image: its dictionary runs to ID, then binary data.
			length := 0
			for {
				k := lx.next()
				if k.kind == tEOF || (k.kind == tOp && k.s == "ID") {
					break
				}
				if k.kind == tName && (k.s == "L" || k.s == "Length") {
					v := lx.next()
					if v.kind == tNum {
						length = int(v.num)
					}
				}
			}
			lx.skipInlineImage(length)
			in.image(gs.ctm)
		case "Do":
			if len(ops) >= 1 && ops[0].kind == tName {
				name := ops[0].s
				x, ok := xobjs[name]
				if !ok {
					x = res.Key("XObject").Key(name)
					xobjs[name] = x
				}
				if err := in.doXObject(x, res, gs.ctm, depth); err != nil {
					return err
				}
			}
		}
		ops = ops[:0]
		lx.release()
	}
}

// doXObject draws an XObject: images are counted (for scan detection),
// forms are run with their own matrix and resources.
func (in *interp) doXObject(x pdf.Value, parentRes pdf.Value, ctm matrix, depth int) error {
	if x.Kind() != pdf.Stream {
		return nil
	}
	switch x.Key("Subtype").Name() {
	case "Image":
		in.image(ctm)
		return nil
	case "Form":
	default:
		return nil
	}
	if depth >= maxFormDepth {
		return nil
	}
	// Why: depth alone does not bound the work; a form drawing the next
	// one 16 times, 12 deep, is 16^12 runs.
	if in.forms++; in.forms > maxFormRuns {
		return errTooManyForms
	}
	key := x.String()
	if in.active[key] {
		return nil // a form that draws itself
	}
	data, err := in.doc.streamData(x, key)
	if err != nil {
		return nil // an unreadable form costs the form, not the page
	}
	m := identity
	if mv := x.Key("Matrix"); mv.Kind() == pdf.Array && mv.Len() == 6 {
		for i := range 6 {
			m[i] = mv.Index(i).Float64()
		}
	}
	res := x.Key("Resources")
	if res.Kind() != pdf.Dict {
		res = parentRes
	}
	if in.active == nil {
		in.active = map[string]bool{}
	}
	in.active[key] = true
	defer delete(in.active, key)
	return in.run(data, res, m.mul(ctm), depth+1)
}

// image counts an image drawn with ctm (it fills the unit square) and
// how much of the page it covers.
func (in *interp) image(ctm matrix) {
	in.images++
	if in.pageW <= 0 || in.pageH <= 0 {
		return
	}
	x0, y0 := math.Inf(1), math.Inf(1)
	x1, y1 := math.Inf(-1), math.Inf(-1)
	for _, c := range [4][2]float64{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
		x, y := ctm.apply(c[0], c[1])
		x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
	}
	// Only the part on the page counts: scanners often bleed past it.
	w := math.Min(x1, in.pageW) - math.Max(x0, 0)
	h := math.Min(y1, in.pageH) - math.Max(y0, 0)
	if w > 0 && h > 0 {
		in.imageCover = math.Max(in.imageCover, w*h/(in.pageW*in.pageH))
	}
}

func isBlank(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0', '\u2002', '\u2003', '\u2009', '\u200b', '\u3000':
		default:
			return false
		}
	}
	return true
}

// errPanic turns a recovered panic value into an error.
func errPanic(v any) error {
	if err, ok := v.(error); ok {
		return fmt.Errorf("pdftext: %w", err)
	}
	return fmt.Errorf("pdftext: %v", v)
}
