package pdftext

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/ledongthuc/pdf"
)

// Guards against the few hostile constructs on which the PDF library cannot
// fail cleanly. Most library failures are panics that Extract recovers; these
// are not:
//
//   - an object stream declared to be inside itself (or inside another
//     compressed object) makes the library's resolve recurse until the
//     goroutine stack overflows, which kills the process;
//   - a huge /Size, /Index or /W in a cross-reference stream, a huge first
//     object number in a table, or a huge /Columns in a stream's
//     /DecodeParms makes the library allocate that much at once, and an
//     allocation the system refuses kills the process too;
//   - a /Prev chain that loops, or an object stream that /Extends itself,
//     makes it loop for ever.
//
// The first two are checked before the library sees the file; loops are cut
// by the deadline, through ctxReaderAt.

// ErrBrokenXref means the cross-reference data declares something no real
// file does (a loop, or absurd sizes) that the PDF library would not survive.
var ErrBrokenXref = errors.New("pdftext: broken cross-reference")

const (
	// maxXrefObjects bounds the object numbers a file may use. The library
	// allocates its table by the largest one (40 bytes each). Real papers
	// have thousands to hundreds of thousands of objects; a file cannot
	// sensibly have more objects than bytes.
	maxXrefObjects = 1 << 22
	// maxColumns bounds a PNG predictor's row width: the library allocates
	// two rows up front. A row of 2^20 bytes is a 350,000-pixel RGB image.
	maxColumns = 1 << 20
	// maxDecodedStream bounds one decoded content, form or CMap stream. The
	// largest real page content is a few MB; a deflate "bomb" inflates a
	// 1 MB stream to gigabytes.
	maxDecodedStream = 64 << 20
	// maxFormRuns bounds Form XObjects drawn on one page. Depth is bounded
	// too (maxFormDepth), but a form that draws the next one 16 times, a
	// dozen levels deep, is 16^12 runs.
	maxFormRuns = 5000
	// maxPageRepeats bounds how often the page tree may list the same page
	// (by its dictionary): once is right, a few times is a sloppy merge
	// tool, thousands is hostile.
	maxPageRepeats = 100
)

var errTooManyForms = fmt.Errorf("pdftext: page draws more than %d Form XObjects; the rest were skipped", maxFormRuns)

var errStreamTooLarge = fmt.Errorf("pdftext: stream decodes to more than %d MiB; the rest was not read", maxDecodedStream>>20)

// ctxReaderAt is what the library reads the file through. Once ctx is done
// every read panics with ctx's error, which Extract's recovers turn back into
// an error: the library's endless loops all read, so an abandoned
// extraction stops instead of spinning on after its deadline.
type ctxReaderAt struct {
	ctx context.Context
	r   *bytes.Reader
}

func (c ctxReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := c.ctx.Err(); err != nil {
		panic(fmt.Errorf("pdftext: %w", err))
	}
	return c.r.ReadAt(p, off)
}

var reHugeColumns = regexp.MustCompile(`/Columns[ \t\r\n]*([0-9]{8,})`)

// clampColumns rewrites absurd /Columns values (eight digits or more) in
// the file text to 1, in place of the same number of bytes so that no
// offset moves. The library decodes object streams itself, with no chance
// for us to check their /DecodeParms first; a stream with such a row width
// is garbage either way. data is not modified; a copy is returned if needed.
func clampColumns(data []byte) []byte {
	locs := reHugeColumns.FindAllSubmatchIndex(data, -1)
	if locs == nil {
		return data
	}
	c := make([]byte, len(data))
	copy(c, data)
	for _, l := range locs {
		c[l[2]] = '1'
		for i := l[2] + 1; i < l[3]; i++ {
			c[i] = ' '
		}
	}
	return c
}

// checkDecodeParms refuses a stream whose predictor row width would make
// the library allocate absurdly (the value may be an indirect object, so
// clampColumns cannot have seen it).
func checkDecodeParms(v pdf.Value) error {
	p := v.Key("DecodeParms")
	parms := []pdf.Value{p}
	if p.Kind() == pdf.Array {
		parms = parms[:0]
		for i := 0; i < p.Len() && i < 16; i++ {
			parms = append(parms, p.Index(i))
		}
	}
	for _, p := range parms {
		if c := p.Key("Columns").Int64(); c > maxColumns {
			return fmt.Errorf("pdftext: stream /DecodeParms /Columns %d", c)
		}
	}
	return nil
}

// checkXref walks the cross-reference sections from the last startxref
// along /Prev, as the library will, and refuses the shapes the library
// cannot survive (see the top of this file). Anything else it does not
// understand is left for the library to report.
//
// It also returns what it learnt of the sections' shape, for fixXrefSize;
// the shape is nil when there is no startxref to follow.
func checkXref(data []byte) (*xrefShape, error) {
	limit := min(max(1<<16, len(data)), maxXrefObjects)
	off, ok := lastStartxref(data)
	if !ok {
		return nil, nil
	}
	sh := &xrefShape{ok: true, offsetsKnown: true, limit: limit}
	xref := map[int]xrefEntry{} // object number -> entry; the newest section wins
	visited := map[int64]bool{}
	for sections := 0; off > 0 && off < int64(len(data)); sections++ {
		if visited[off] || sections > 1000 {
			return nil, fmt.Errorf("%w: the /Prev chain loops back to offset %d", ErrBrokenXref, off)
		}
		visited[off] = true
		sh.sections++
		sh.maxOff = max(sh.maxOff, off)
		lx := &lexer{b: data[off:]}
		t := lx.next()
		var prev int64
		var err error
		if t.kind == tOp && t.s == "xref" {
			sh.tables++
			prev, err = checkXrefTable(lx, limit, xref, sh, off)
		} else {
			sh.streams++
			prev, err = checkXrefStream(lx, t, data[off:], limit, xref, sh, off)
		}
		if err != nil {
			return nil, err
		}
		off = prev
	}
	if off != 0 {
		sh.ok = false // a /Prev outside the file
	}
	objStms := map[int]bool{} // every object stream the library may read
	for n, e := range xref {
		if e.typ != 2 || objStms[e.stream] {
			continue
		}
		if xref[e.stream].typ == 2 {
			return nil, fmt.Errorf("%w: object stream %d (holding object %d) is itself inside an object stream", ErrBrokenXref, e.stream, n)
		}
		// The library follows /Extends until it finds the object, with no
		// end if the chain loops.
		seen := map[int]bool{}
		for s := e.stream; s > 0; s = extendsOf(objDict(data, xref[s])) {
			if seen[s] || len(seen) > 1000 {
				return nil, fmt.Errorf("%w: object stream %d /Extends itself", ErrBrokenXref, s)
			}
			seen[s] = true
			objStms[s] = true
		}
	}
	if err := checkObjStmDicts(data, xref, objStms); err != nil {
		return nil, err
	}
	return sh, nil
}

// checkObjStmDicts refuses object streams whose dictionary needs
// themselves to be read. To read an object stream the library resolves its
// /Length (and /Filter, /N, /First ...); if that value is an object inside
// the same stream, or inside a stream whose dictionary leads back to it,
// the library recurses until the stack overflows, which no recover can
// catch. The spec forbids it: the /Length of an object stream must not be
// in an object stream (PDF 32000-1 §7.5.7). Found by a ref-swap variant.
func checkObjStmDicts(data []byte, xref map[int]xrefEntry, objStms map[int]bool) error {
	deps := map[int][]int{}
	for s := range objStms {
		d := objDict(data, xref[s])
		// The library decodes object streams itself: a /Columns given
		// as a reference is out of clampColumns' sight.
		if dp, ok := dictKey(d, "DecodeParms"); ok && dp.kind == tDict {
			if c := columnsRef(data, xref, dp.arr); c > maxColumns {
				return fmt.Errorf("%w: object stream %d /Columns %d", ErrBrokenXref, s, c)
			}
		}
		for _, r := range refsIn(d, nil, 0) {
			if e := xref[r]; e.typ == 2 {
				deps[s] = append(deps[s], e.stream)
			}
		}
	}
	const (
		unvisited = iota
		active
		done
	)
	state := map[int]int{}
	var visit func(s int) int
	visit = func(s int) int {
		switch state[s] {
		case active:
			return s
		case done:
			return 0
		}
		state[s] = active
		for _, d := range deps[s] {
			if c := visit(d); c != 0 {
				return c
			}
		}
		state[s] = done
		return 0
	}
	for s := range deps {
		if c := visit(s); c != 0 {
			return fmt.Errorf("%w: object stream %d needs itself to be read (its dictionary refers to an object inside it)", ErrBrokenXref, c)
		}
	}
	return nil
}

// columnsRef returns the value of a /Columns given as a reference in a
// /DecodeParms dictionary (0 if it is not one); a reference into an object
// stream counts as absurd, since it cannot be checked here.
func columnsRef(data []byte, xref map[int]xrefEntry, dp []token) int64 {
	for i := 0; i+3 < len(dp); i++ {
		if dp[i].kind == tName && dp[i].s == "Columns" && dp[i+1].kind == tNum && dp[i+3].kind == tOp && dp[i+3].s == "R" {
			e := xref[int(dp[i+1].num)]
			if e.typ == 2 {
				return maxColumns + 1
			}
			if e.typ != 1 || e.off <= 0 || e.off >= int64(len(data)) {
				return 0
			}
			lx := &lexer{b: data[e.off:min(int64(len(data)), e.off+256)]}
			lx.next()
			lx.next()
			lx.next() // n g obj
			if v := lx.next(); v.kind == tNum && v.num > 0 {
				return int64(min(v.num, 1<<62))
			}
		}
	}
	return 0
}

// refsIn appends the object numbers of the references ("n g R") in tokens,
// nested ones included.
func refsIn(ts []token, out []int, depth int) []int {
	for i, t := range ts {
		switch {
		case t.kind == tOp && t.s == "R" && i >= 2 && ts[i-1].kind == tNum && ts[i-2].kind == tNum:
			out = append(out, int(ts[i-2].num))
		case (t.kind == tArr || t.kind == tDict) && depth < 8:
			out = refsIn(t.arr, out, depth+1)
		}
	}
	return out
}

// xrefEntry is one object's cross-reference entry: type 1 at an offset in
// the file, type 2 inside an object stream.
type xrefEntry struct {
	typ    byte
	off    int64
	stream int
}

// objDict returns the dictionary of the object at e (in the file), as
// tokens, or nil.
func objDict(data []byte, e xrefEntry) []token {
	if e.typ != 1 || e.off <= 0 || e.off >= int64(len(data)) {
		return nil
	}
	lx := &lexer{b: data[e.off:min(int64(len(data)), e.off+4096)]}
	if lx.next().kind != tNum || lx.next().kind != tNum {
		return nil
	}
	if t := lx.next(); t.kind != tOp || t.s != "obj" {
		return nil
	}
	d := lx.next()
	if d.kind != tDict {
		return nil
	}
	return d.arr
}

// extendsOf returns the object number an object stream's /Extends names,
// or 0.
func extendsOf(d []token) int {
	for i := len(d) - 4; i >= 0; i-- {
		if d[i].kind == tName && d[i].s == "Extends" && d[i+1].kind == tNum && d[i+3].kind == tOp && d[i+3].s == "R" {
			return int(d[i+1].num)
		}
	}
	return 0
}

// lastStartxref finds the offset after the last "startxref" near the end,
// where the library looks for it.
func lastStartxref(data []byte) (int64, bool) {
	tail := data[max(0, len(data)-1100):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return 0, false
	}
	lx := &lexer{b: tail[i+len("startxref"):]}
	t := lx.next()
	if t.kind != tNum || t.num != float64(int64(t.num)) {
		return 0, false
	}
	return int64(t.num), true
}

// checkXrefTable reads a table's subsections and trailer; it returns the
// trailer's /Prev. The table starts at offset at in the file.
func checkXrefTable(lx *lexer, limit int, xref map[int]xrefEntry, sh *xrefShape, at int64) (int64, error) {
	for {
		t := lx.next()
		if t.kind == tOp && t.s == "trailer" {
			break
		}
		if t.kind != tNum {
			sh.ok = false
			return 0, nil // malformed: the library will say so
		}
		start := int(t.num)
		c := lx.next()
		if c.kind != tNum {
			sh.ok = false
			return 0, nil
		}
		if t.num < 0 || t.num > float64(limit) {
			return 0, fmt.Errorf("%w: table subsection starts at object %.0f", ErrBrokenXref, t.num)
		}
		if c.num > float64(limit) {
			sh.ok = false // only the first limit entries are read below
		}
		for i := 0; i < int(min(c.num, float64(limit))); i++ {
			off := lx.next()
			_ = lx.next() // generation
			kw := lx.next()
			if kw.kind != tOp || (kw.s != "n" && kw.s != "f") {
				sh.ok = false
				return 0, nil
			}
			if start+i > limit {
				return 0, fmt.Errorf("%w: table lists object %d", ErrBrokenXref, start+i)
			}
			// The library's table grows to hold every entry listed.
			sh.cover = max(sh.cover, start+i+1)
			if kw.s == "n" {
				sh.maxOff = max(sh.maxOff, int64(min(off.num, 1<<62)))
			}
			if _, seen := xref[start+i]; !seen && kw.s == "n" {
				xref[start+i] = xrefEntry{typ: 1, off: int64(off.num)}
			}
		}
	}
	if sh.sections == 1 {
		sh.dictAt = at + int64(lx.pos)
	}
	tr := lx.next()
	if tr.kind != tDict {
		sh.ok = false
		return 0, nil
	}
	return prevOf(tr.arr), nil
}

// dictKey returns the value token of key in a dictionary token list. A
// key given twice has its last value, as in the library (a hostile file
// can hide a huge /Size behind a harmless one).
func dictKey(d []token, key string) (token, bool) {
	for i := len(d) - 2; i >= 0; i-- {
		if d[i].kind == tName && d[i].s == key {
			return d[i+1], true
		}
	}
	return token{}, false
}

func prevOf(d []token) int64 {
	if p, ok := dictKey(d, "Prev"); ok && p.kind == tNum && p.num > 0 {
		return int64(p.num)
	}
	return 0
}

// checkXrefStream checks a cross-reference stream's dictionary, then
// reads its entries to learn which objects are compressed, and where.
func checkXrefStream(lx *lexer, first token, at []byte, limit int, xref map[int]xrefEntry, sh *xrefShape, atOff int64) (prev int64, err error) {
	// Whatever return below leaves the entries unread leaves their offsets
	// unknown.
	entriesRead := false
	defer func() {
		if !entriesRead {
			sh.offsetsKnown = false
		}
	}()
	if first.kind != tNum {
		sh.ok = false
		return 0, nil
	}
	if t := lx.next(); t.kind != tNum {
		sh.ok = false
		return 0, nil
	}
	if t := lx.next(); t.kind != tOp || t.s != "obj" {
		sh.ok = false
		return 0, nil
	}
	dictAt := atOff + int64(lx.pos)
	dt := lx.next()
	if dt.kind != tDict {
		sh.ok = false
		return 0, nil
	}
	d := dt.arr
	prev = prevOf(d)
	size, ok := dictKey(d, "Size")
	if !ok || size.kind != tNum {
		sh.ok = false
		return prev, nil
	}
	if size.num < 0 || size.num > float64(limit) {
		return 0, fmt.Errorf("%w: /Size %.0f", ErrBrokenXref, size.num)
	}
	if sh.sections == 1 {
		sh.dictAt = dictAt
		it, ok := dictKey(d, "Index")
		sh.hasIndex = ok && it.kind == tArr
		sh.badIndex = ok && it.kind != tArr
	} else {
		sh.prevSize = max(sh.prevSize, int(size.num))
	}
	wt, ok := dictKey(d, "W")
	if !ok || wt.kind != tArr || len(wt.arr) < 3 {
		return prev, nil
	}
	var w [3]int
	for i, e := range wt.arr {
		if e.kind != tNum || e.num < 0 || e.num > 8 {
			return 0, fmt.Errorf("%w: /W entry %.0f", ErrBrokenXref, e.num)
		}
		if i < 3 {
			w[i] = int(e.num)
		}
	}
	index := []int{0, int(size.num)}
	if it, ok := dictKey(d, "Index"); ok && it.kind == tArr {
		index = index[:0]
		for _, e := range it.arr {
			if e.kind != tNum || e.num < 0 || e.num > float64(limit) {
				return 0, fmt.Errorf("%w: /Index entry %.0f", ErrBrokenXref, e.num)
			}
			index = append(index, int(e.num))
		}
		for i := 0; i+1 < len(index); i += 2 {
			if index[i]+index[i+1] > limit {
				return 0, fmt.Errorf("%w: /Index covers objects %d to %d", ErrBrokenXref, index[i], index[i]+index[i+1])
			}
		}
	}
	columns := 0
	if dp, ok := dictKey(d, "DecodeParms"); ok && dp.kind == tDict {
		if c, ok := dictKey(dp.arr, "Columns"); ok && c.kind == tNum {
			if c.num > maxColumns {
				return 0, fmt.Errorf("%w: /Columns %.0f", ErrBrokenXref, c.num)
			}
			columns = int(c.num)
		}
		if p, ok := dictKey(dp.arr, "Predictor"); !ok || p.kind != tNum || p.num != 12 {
			columns = 0 // the library supports only PNG Up; others fail there
		}
	}

	// The entries. Anything unexpected ends the check for this section.
	length, ok := dictKey(d, "Length")
	if !ok || length.kind != tNum || length.num <= 0 {
		return prev, nil
	}
	if t := lx.next(); t.kind != tOp || t.s != "stream" {
		return prev, nil
	}
	p := lx.pos
	if p < len(at) && at[p] == '\r' {
		p++
	}
	if p < len(at) && at[p] == '\n' {
		p++
	}
	raw := at[p:min(len(at), p+int(min(length.num, float64(len(at)))))]
	var r io.Reader = bytes.NewReader(raw)
	if f, ok := dictKey(d, "Filter"); ok {
		if f.kind != tName || f.s != "FlateDecode" {
			return prev, nil
		}
		zr, err := zlib.NewReader(r)
		if err != nil {
			return prev, nil
		}
		r = zr
	}
	entries := 0
	for i := 1; i < len(index); i += 2 {
		entries += index[i]
	}
	wtotal := w[0] + w[1] + w[2]
	rowLen := wtotal
	if columns > 0 {
		rowLen = columns + 1
	}
	want := entries*(wtotal+1) + rowLen
	buf, _ := io.ReadAll(io.LimitReader(r, int64(want)))
	if columns > 0 {
		buf = unpredictUp(buf, columns)
	}
	for i := 0; i+1 < len(index); i += 2 {
		for k := 0; k < index[i+1]; k++ {
			if len(buf) < wtotal {
				return prev, nil
			}
			e := buf[:wtotal]
			buf = buf[wtotal:]
			typ := 1
			if w[0] > 0 {
				typ = beInt(e[:w[0]])
			}
			n := index[i] + k
			if typ == 1 {
				sh.maxOff = max(sh.maxOff, int64(beInt(e[w[0]:w[0]+w[1]])))
			}
			if _, seen := xref[n]; seen {
				continue
			}
			switch typ {
			case 1:
				xref[n] = xrefEntry{typ: 1, off: int64(beInt(e[w[0] : w[0]+w[1]]))}
			case 2:
				xref[n] = xrefEntry{typ: 2, stream: beInt(e[w[0] : w[0]+w[1]])}
			}
		}
	}
	entriesRead = true
	return prev, nil
}

func beInt(b []byte) int {
	x := 0
	for _, c := range b {
		x = x<<8 | int(c)
	}
	return x
}

// unpredictUp undoes the PNG Up predictor (the only one the library
// supports): rows of 1+columns bytes, each a tag and the byte-wise
// difference from the row above.
func unpredictUp(b []byte, columns int) []byte {
	row := columns + 1
	out := make([]byte, 0, len(b)/row*columns)
	prior := make([]byte, columns)
	for len(b) >= row {
		cur := b[1:row]
		for i := range cur {
			prior[i] += cur[i]
		}
		out = append(out, prior...)
		b = b[row:]
	}
	return out
}
