package pdftext

import (
	"sort"
	"unicode/utf16"
)

// cmap is a parsed CMap: a /ToUnicode map (codes to text) or an embedded
// encoding CMap of a Type0 font (codes to CIDs). Both share the codespace
// ranges, which say how many bytes each code of a string takes.
type cmap struct {
	space     []codeRange
	uni       map[uint32]string
	uniRanges []uniRange
	cid       map[uint32]int
	cidRanges []cidRange
}

type codeRange struct {
	lo, hi []byte
}

type uniRange struct {
	lo, hi uint32
	base   []uint16 // UTF-16 of lo's text; later codes add to the last unit
	arr    []string // array form: one text per code
}

type cidRange struct {
	lo, hi uint32
	cid    int
}

// maxCMapEntries bounds a CMap's size; real ones have at most ~65k codes.
const maxCMapEntries = 1 << 18

// parseCMap reads CMap syntax: codespace, bfchar, bfrange, cidchar and
// cidrange sections. Anything else (usecmap, PostScript boilerplate) is
// skipped.
func parseCMap(data []byte) *cmap {
	c := &cmap{uni: map[uint32]string{}, cid: map[uint32]int{}}
	lx := &lexer{b: data}
	var ops []token
	entries := 0
	for {
		t := lx.next()
		if t.kind == tEOF {
			break
		}
		if t.kind != tOp {
			if len(ops) < 3*maxCMapEntries {
				ops = append(ops, t)
			}
			continue
		}
		switch t.s {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				if ops[i].kind == tStr && ops[i+1].kind == tStr && len(ops[i].s) == len(ops[i+1].s) && len(ops[i].s) > 0 && len(ops[i].s) <= 4 {
					c.space = append(c.space, codeRange{[]byte(ops[i].s), []byte(ops[i+1].s)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops) && entries < maxCMapEntries; i += 2 {
				if ops[i].kind != tStr {
					continue
				}
				code := codeOf(ops[i].s)
				switch ops[i+1].kind {
				case tStr:
					c.uni[code] = utf16Text(ops[i+1].s)
				case tName:
					c.uni[code] = glyphText(ops[i+1].s)
				}
				entries++
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops) && entries < maxCMapEntries; i += 3 {
				if ops[i].kind != tStr || ops[i+1].kind != tStr {
					continue
				}
				r := uniRange{lo: codeOf(ops[i].s), hi: codeOf(ops[i+1].s)}
				if r.hi < r.lo {
					continue
				}
				switch d := ops[i+2]; d.kind {
				case tStr:
					for j := 0; j+1 < len(d.s); j += 2 {
						r.base = append(r.base, uint16(d.s[j])<<8|uint16(d.s[j+1]))
					}
					if len(d.s) == 1 {
						r.base = []uint16{uint16(d.s[0])}
					}
					if len(r.base) == 0 {
						continue
					}
				case tArr:
					for _, e := range d.arr {
						r.arr = append(r.arr, utf16Text(e.s))
					}
					if len(r.arr) == 0 {
						continue // "<00> <07> []": maps nothing
					}
				default:
					continue
				}
				c.uniRanges = append(c.uniRanges, r)
				entries++
			}
		case "endcidchar":
			for i := 0; i+1 < len(ops); i += 2 {
				if ops[i].kind == tStr && ops[i+1].kind == tNum {
					c.cid[codeOf(ops[i].s)] = int(ops[i+1].num)
				}
			}
		case "endcidrange":
			for i := 0; i+2 < len(ops); i += 3 {
				if ops[i].kind == tStr && ops[i+1].kind == tStr && ops[i+2].kind == tNum {
					c.cidRanges = append(c.cidRanges, cidRange{codeOf(ops[i].s), codeOf(ops[i+1].s), int(ops[i+2].num)})
				}
			}
		}
		ops = ops[:0]
	}
	sort.Slice(c.uniRanges, func(i, j int) bool { return c.uniRanges[i].lo < c.uniRanges[j].lo })
	return c
}

func codeOf(s string) uint32 {
	var v uint32
	for i := 0; i < len(s) && i < 4; i++ {
		v = v<<8 | uint32(s[i])
	}
	return v
}

// split returns the next code of s at i and its length in bytes, using the
// codespace ranges; def is the length used when no range matches.
func (c *cmap) split(s string, i, def int) (uint32, int) {
	if c != nil {
		for n := 1; n <= 4 && i+n <= len(s); n++ {
			for _, r := range c.space {
				if len(r.lo) != n {
					continue
				}
				ok := true
				for k := 0; k < n; k++ {
					if s[i+k] < r.lo[k] || s[i+k] > r.hi[k] {
						ok = false
						break
					}
				}
				if ok {
					return codeOf(s[i : i+n]), n
				}
			}
		}
	}
	if i+def > len(s) {
		def = len(s) - i
	}
	return codeOf(s[i : i+def]), def
}

// hasSpace reports whether the CMap declared codespace ranges.
func (c *cmap) hasSpace() bool { return c != nil && len(c.space) > 0 }

// text returns the Unicode text of code and whether the CMap maps it.
func (c *cmap) text(code uint32) (string, bool) {
	if c == nil {
		return "", false
	}
	if s, ok := c.uni[code]; ok {
		return s, true
	}
	i := sort.Search(len(c.uniRanges), func(i int) bool { return c.uniRanges[i].lo > code })
	// Ranges may overlap; scan back over the candidates that start at or
	// before code.
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		r := c.uniRanges[j]
		if code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.arr != nil {
			if int(off) < len(r.arr) {
				return r.arr[off], true
			}
			return "", true
		}
		if len(r.base) == 0 {
			return "", true
		}
		units := append([]uint16(nil), r.base...)
		units[len(units)-1] += uint16(off)
		return string(utf16.Decode(units)), true
	}
	return "", false
}

// cidOf maps a code to a CID through cidchar/cidrange sections.
func (c *cmap) cidOf(code uint32) (int, bool) {
	if c == nil {
		return 0, false
	}
	if v, ok := c.cid[code]; ok {
		return v, true
	}
	for _, r := range c.cidRanges {
		if code >= r.lo && code <= r.hi {
			return r.cid + int(code-r.lo), true
		}
	}
	return 0, false
}
