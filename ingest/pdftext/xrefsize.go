package pdftext

import (
	"strconv"
)

// A trailer /Size smaller than the cross-reference table.
//
// poppler's pdfunite (22.12, and others of that age) writes /Size as the
// number of objects it wrote, while the table it writes runs from 0 to the
// highest object number, with free entries in the gaps: a merged agenda
// pack says /Size 1486 over a table of 22,689 entries, and even one file
// run through pdfunite alone comes out so. The library cuts its table to
// the newest trailer's /Size (as the specification says a reader should),
// so every object past it, the catalog and page tree included, is lost and
// the file opens with no page tree. Other readers (poppler, mupdf, pdf.js)
// keep the entries the table lists; fixXrefSize gives the library a /Size
// that covers them.
//
// Cross-reference streams have the same field but the library does not
// cut to it: it allocates /Size entries, reads /Index (by default
// [0 /Size]) and grows the table for anything listed beyond. There a small
// /Size does one thing: an older stream with a larger /Size is refused
// ("xref prev stream larger than last stream"), and the whole file with
// it. fixXrefSize raises the newest stream's /Size to the largest older
// one, pinning its /Index to what it read before when it had none. (Rows
// past /Size in a stream without /Index are not read, by the library or by
// poppler, mupdf and pdf.js; they are left alone.)

// xrefShape is what checkXref learnt of the cross-reference sections.
type xrefShape struct {
	// ok is false when a section was not read to its end (the library will
	// then likely fail, for its own reasons).
	ok bool
	// offsetsKnown is false when some entries were not decoded (a stream
	// checkXref could not read), so maxOff may be short.
	offsetsKnown bool
	sections     int
	tables       int
	streams      int
	// dictAt is where the newest section's dictionary begins (the table's
	// trailer dictionary or the stream's dictionary), after white space.
	dictAt int64
	// cover is one past the highest object number the tables list: the
	// length of the library's table before it cuts it to /Size.
	cover int
	// prevSize is the largest /Size of the older cross-reference streams.
	prevSize int
	// hasIndex: the newest stream has an /Index array; badIndex: it has an
	// /Index that is not a direct array (which the library ignores).
	hasIndex, badIndex bool
	// maxOff is the largest offset the library may seek to: the sections
	// and every in-use entry.
	maxOff int64
	limit  int // checkXref's bound on object numbers
}

// fixXrefSize returns data with the newest section's /Size raised to what
// the library needs to keep every entry of the cross-reference sections
// (see the top of this file), or data itself when nothing needs to change.
//
// The number is rewritten in a copy. When the new digits fit in the old
// ones and the white space after them, the file keeps its length and no
// byte moves. Otherwise the bytes after the number move, which is only
// done when no offset the library uses (startxref, /Prev, any entry)
// points at or past it: true of every file whose newest trailer is at its
// end, as with pdfunite, not of a linearized file's first-page trailer.
//
// The new value never exceeds what the sections list, which checkXref has
// bounded by the file size and maxXrefObjects, so a hostile /Size cannot
// make the library allocate more than the table it reads anyway.
func fixXrefSize(data []byte, sh *xrefShape) []byte {
	if sh == nil || !sh.ok || sh.sections == 0 || sh.tables > 0 && sh.streams > 0 {
		return data // no chain, a broken one, or a mix the library refuses
	}
	if sh.dictAt <= 0 || sh.dictAt >= int64(len(data)) {
		return data
	}
	vs, ve, size, ok := sizeValue(data, int(sh.dictAt))
	if !ok {
		return data
	}
	var need int
	repl := ""
	if sh.streams > 0 {
		need = sh.prevSize
		if size >= int64(need) || size < 0 || sh.badIndex {
			return data
		}
		repl = strconv.Itoa(need)
		if !sh.hasIndex {
			// Without /Index the library reads /Size rows of this stream;
			// keep it reading the rows it has.
			repl += "/Index[0 " + strconv.FormatInt(size, 10) + "]"
		}
	} else {
		need = sh.cover
		if size >= int64(need) {
			return data
		}
		repl = strconv.Itoa(need)
	}
	if need > sh.limit+1 {
		return data // cannot happen after checkXref; kept as a backstop
	}
	// In place: over the digits and the white space after them, keeping
	// one separator unless a delimiter follows.
	we := ve
	for we < len(data) && isSpace(data[we]) && data[we] != 0 {
		we++
	}
	room := we - vs
	if we < len(data) && !isDelim(data[we]) {
		room--
	}
	if len(repl) <= room {
		c := make([]byte, len(data))
		copy(c, data)
		n := copy(c[vs:], repl)
		for i := vs + n; i < we; i++ {
			c[i] = ' '
		}
		return c
	}
	if !sh.offsetsKnown || sh.maxOff >= int64(vs) {
		return data
	}
	c := make([]byte, 0, len(data)-(ve-vs)+len(repl))
	c = append(c, data[:vs]...)
	c = append(c, repl...)
	return append(c, data[ve:]...)
}

// sizeValue finds the /Size entry of the dictionary starting at at (the
// last one, if given twice, as the library reads it) and returns its
// digits' span and value. ok is false unless the value is a plain integer,
// as the library needs it to be.
func sizeValue(data []byte, at int) (vs, ve int, size int64, ok bool) {
	lx := &lexer{b: data[at:]}
	lx.skipSpace()
	if lx.pos+1 >= len(lx.b) || lx.b[lx.pos] != '<' || lx.b[lx.pos+1] != '<' {
		return 0, 0, 0, false
	}
	lx.pos += 2
	found := false
	for range 10000 {
		lx.skipSpace()
		if lx.pos+1 < len(lx.b) && lx.b[lx.pos] == '>' && lx.b[lx.pos+1] == '>' {
			return vs, ve, size, found
		}
		k := lx.next()
		if k.kind != tName {
			return 0, 0, 0, false
		}
		lx.skipSpace()
		s := lx.pos
		v := lx.next()
		e := lx.pos
		if v.kind == tNum {
			// "n g R" is one value to the library.
			save := lx.pos
			g, r := lx.next(), lx.next()
			if g.kind == tNum && r.kind == tOp && r.s == "R" {
				e = lx.pos
			} else {
				lx.pos = save
			}
		}
		if k.s != "Size" {
			continue
		}
		n, err := strconv.ParseInt(string(lx.b[s:e]), 10, 64)
		if err != nil || e < len(lx.b) && !isSpace(lx.b[e]) && !isDelim(lx.b[e]) {
			found = false // not an integer the library reads as one
			continue
		}
		vs, ve, size, found = at+s, at+e, n, true
	}
	return 0, 0, 0, false
}
