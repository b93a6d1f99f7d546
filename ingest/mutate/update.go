package mutate

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// update is an incremental update to a PDF: objects added or redefined,
// appended after the original with a new cross-reference section whose
// /Prev points at the original's. This is how a PDF editor changes a file,
// and how any object of any PDF (even one inside a compressed object
// stream) can be replaced without touching the original bytes.
type update struct {
	src  []byte
	s    *structure
	next int            // next free object number
	objs map[int]string // object number -> body (between "n 0 obj" and "endobj")
	// compressed declares objects as stored in an object stream (xref
	// type 2 entries: stream number, index), which only a cross-reference
	// stream can express.
	compressed map[int][2]int
	root       ref    // the trailer's /Root
	trailer    string // extra trailer entries
	prevSelf   bool   // /Prev points at the new section itself: a cycle
	// swapped pairs of objects trade places: each is declared at the
	// other's offset.
	swapped [][2]int
	noPrev  bool
}

func newUpdate(src []byte, s *structure) *update {
	return &update{src: src, s: s, next: s.size, objs: map[int]string{}, compressed: map[int][2]int{}, root: s.root}
}

// add appends a new object and returns its number.
func (u *update) add(body string) int {
	n := u.next
	u.next++
	u.objs[n] = body
	return n
}

// reserve returns a new object number whose body is set later.
func (u *update) reserve() int {
	n := u.next
	u.next++
	return n
}

// set defines (or redefines) object n.
func (u *update) set(n int, body string) {
	u.objs[n] = body
	if n >= u.next {
		u.next = n + 1
	}
}

// stream is the body of a stream object with an exact /Length.
func stream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

type xrefEntry struct {
	typ byte // 1: in the file at off; 2: in object stream off, at index gen
	off int64
	gen int
}

// bytes writes the updated file.
func (u *update) bytes() []byte {
	var b bytes.Buffer
	b.Grow(len(u.src) + 4096)
	b.Write(u.src)
	if !bytes.HasSuffix(u.src, []byte("\n")) {
		b.WriteByte('\n')
	}
	entries := map[int]xrefEntry{}
	nums := make([]int, 0, len(u.objs))
	for n := range u.objs {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	for _, n := range nums {
		entries[n] = xrefEntry{typ: 1, off: int64(b.Len())}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, u.objs[n])
	}
	for n, c := range u.compressed {
		entries[n] = xrefEntry{typ: 2, off: int64(c[0]), gen: c[1]}
	}
	if len(u.swapped) > 0 {
		offs := objectOffsets(u.src)
		for _, p := range u.swapped {
			oa, okA := offs[p[0]]
			ob, okB := offs[p[1]]
			if okA && okB {
				entries[p[0]] = xrefEntry{typ: 1, off: ob}
				entries[p[1]] = xrefEntry{typ: 1, off: oa}
			}
		}
	}
	size := max(u.s.size, u.next)
	prev := u.s.startxref
	trailer := fmt.Sprintf("/Root %s", u.root)
	if u.s.info != nil {
		trailer += fmt.Sprintf(" /Info %s", *u.s.info)
	}
	if u.trailer != "" {
		trailer += " " + u.trailer
	}

	useStream := u.s.xrefStream || len(u.compressed) > 0
	if useStream && !u.s.xrefStream {
		// A cross-reference stream cannot continue a table (/Prev must
		// name another stream), so index every original object afresh.
		for n, off := range objectOffsets(u.src) {
			if _, ok := entries[n]; !ok && n < size {
				entries[n] = xrefEntry{typ: 1, off: off}
			}
		}
		u.noPrev = true
	}
	xrefOff := int64(b.Len())
	prevEntry := ""
	switch {
	case u.prevSelf:
		prevEntry = fmt.Sprintf(" /Prev %d", xrefOff)
	case !u.noPrev:
		prevEntry = fmt.Sprintf(" /Prev %d", prev)
	}
	keys := make([]int, 0, len(entries))
	for n := range entries {
		keys = append(keys, n)
	}
	slices.Sort(keys)
	if useStream {
		xn := size
		size++
		entries[xn] = xrefEntry{typ: 1, off: xrefOff}
		keys = append(keys, xn)
		var data bytes.Buffer
		var index []string
		for i := 0; i < len(keys); {
			j := i + 1
			for j < len(keys) && keys[j] == keys[j-1]+1 {
				j++
			}
			index = append(index, strconv.Itoa(keys[i]), strconv.Itoa(j-i))
			for _, n := range keys[i:j] {
				e := entries[n]
				data.WriteByte(e.typ)
				var off [4]byte
				binary.BigEndian.PutUint32(off[:], uint32(e.off))
				data.Write(off[:])
				var gen [2]byte
				binary.BigEndian.PutUint16(gen[:], uint16(e.gen))
				data.Write(gen[:])
			}
			i = j
		}
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", xn, stream(
			fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] /Index [%s] %s%s", size, strings.Join(index, " "), trailer, prevEntry),
			data.Bytes()))
	} else {
		b.WriteString("xref\n")
		for i := 0; i < len(keys); {
			j := i + 1
			for j < len(keys) && keys[j] == keys[j-1]+1 {
				j++
			}
			fmt.Fprintf(&b, "%d %d\n", keys[i], j-i)
			for _, n := range keys[i:j] {
				fmt.Fprintf(&b, "%010d %05d n \n", entries[n].off, entries[n].gen)
			}
			i = j
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d %s%s >>\n", size, trailer, prevEntry)
	}
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xrefOff)
	return b.Bytes()
}
