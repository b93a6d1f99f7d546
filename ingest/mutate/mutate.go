package mutate

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Source is a healthy file to make variants of.
type Source struct {
	Name string // file name; its stem names the variants ("kent-minutes.pdf")
	Data []byte
}

// Variant is one corrupted copy of a source.
type Variant struct {
	// Name is a file name that says what was done, e.g.
	// "kent-minutes.truncate-12345.pdf" or "merton.cyclic-pages-self.pdf".
	Name string
	Kind string // the mutation, e.g. "truncate"; see Kinds
	// Source is the name of the healthy file it was made from.
	Source string
	Data   []byte
}

// mutation makes one variant. It returns a detail for the file name
// ("truncate-12345") and the bytes; an error means the source does not
// have what the mutation needs (s is nil when the source could not be
// analysed), and a random mutation is used instead.
type mutation func(r *rand.Rand, src []byte, s *structure) (string, []byte, error)

type kind struct {
	name   string
	weight int // variants of this kind per cycle through the kinds
	fn     mutation
}

// kinds are the mutations. Byte-level corruption gets more weight because
// each variant of it is different; each structural kind is one hostile
// construct, made again on every source.
var kinds = []kind{
	{"truncate", 3, truncate},
	{"flip", 3, flip},
	{"zero", 2, zeroRange},
	{"garbage-tail", 1, garbageTail},
	{"deflate-corrupt", 2, deflateCorrupt},
	{"huge-numbers", 2, hugeNumbers},
	{"ref-swap", 2, refSwap},
	{"xref-offsets", 1, xrefOffsets},
	{"xref-deleted", 1, xrefDeleted},
	{"startxref", 1, wrongStartxref},
	{"xref-huge", 2, xrefHuge},
	{"xref-prev-loop", 1, xrefPrevLoop},
	{"cyclic-pages-self", 1, cyclicPagesSelf},
	{"cyclic-pages-parent", 1, cyclicPagesParent},
	{"cyclic-outline", 1, cyclicOutline},
	{"huge-page", 1, hugePage},
	{"deep-forms", 1, deepForms},
	{"form-self", 1, formSelf},
	{"form-fanout", 1, formFanout},
	{"pages-declared", 1, pagesDeclared},
	{"pages-100000-kids", 1, pagesKids},
	{"aes256", 1, aes256},
	{"objstm-swap", 1, objStmSwap},
	{"objstm-self", 1, objStmSelf},
	{"objstm-extends-loop", 1, objStmExtendsLoop},
	{"deflate-bomb", 1, deflateBomb},
	{"nested-arrays", 1, nestedArrays},
}

// Kinds lists the mutation kinds, in the order Generate cycles through them.
func Kinds() []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k.name
	}
	return out
}

var cycle = func() []int {
	var c []int
	for i, k := range kinds {
		for range k.weight {
			c = append(c, i)
		}
	}
	// Interleave: spread the weighted kinds through the cycle so that a
	// short run still sees every kind.
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	return c
}()

// CycleLen is the number of variants after which every kind has been made
// at least once.
func CycleLen() int { return len(cycle) }

// Generate makes n variants of the sources and hands each to emit as soon
// as it is made (variants are large; the caller writes them out). Variant i
// depends only on seed, i and the sources, so any one can be remade.
func Generate(seed uint64, srcs []Source, n int, emit func(Variant) error) error {
	if len(srcs) == 0 {
		return fmt.Errorf("mutate: no sources")
	}
	structs := make([]*structure, len(srcs))
	for i, s := range srcs {
		structs[i], _ = analyse(s.Data) // nil: structural kinds fall back
	}
	names := map[string]int{}
	for i := range n {
		k := kinds[cycle[i%len(cycle)]]
		si := (i + i/len(cycle)) % len(srcs)
		src := srcs[si]
		r := rand.New(rand.NewPCG(seed, uint64(i)))
		kindName := k.name
		detail, data, err := k.fn(r, src.Data, structs[si])
		if err != nil {
			kindName = "truncate"
			detail, data, _ = truncate(r, src.Data, nil)
		}
		stem := strings.TrimSuffix(src.Name, filepath.Ext(src.Name))
		name := stem + "." + detail
		if c := names[name]; c > 0 {
			name = fmt.Sprintf("%s.%d", name, c)
		}
		names[stem+"."+detail]++
		ext := filepath.Ext(src.Name)
		if ext == "" {
			ext = ".pdf"
		}
		if err := emit(Variant{Name: name + ext, Kind: kindName, Source: src.Name, Data: data}); err != nil {
			return err
		}
	}
	return nil
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// --- byte-level corruption ---

func truncate(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	if len(src) < 2 {
		return "truncate-0", nil, nil
	}
	off := 1 + r.IntN(len(src)-1)
	return fmt.Sprintf("truncate-%d", off), clone(src[:off]), nil
}

func flip(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	if len(src) == 0 {
		return "", nil, fmt.Errorf("empty")
	}
	c := clone(src)
	n := 1 + r.IntN(32)
	first := -1
	for range n {
		i := r.IntN(len(c))
		if first < 0 {
			first = i
		}
		c[i] ^= byte(1 + r.IntN(255))
	}
	return fmt.Sprintf("flip%d-%d", n, first), c, nil
}

func zeroRange(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	if len(src) == 0 {
		return "", nil, fmt.Errorf("empty")
	}
	c := clone(src)
	start := r.IntN(len(c))
	n := 1 + r.IntN(min(8192, len(c)-start))
	clear(c[start : start+n])
	return fmt.Sprintf("zero-%d+%d", start, n), c, nil
}

func garbageTail(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	n := 1 + r.IntN(64<<10)
	c := clone(src)
	for range n {
		c = append(c, byte(r.UintN(256)))
	}
	return fmt.Sprintf("garbage-%d", n), c, nil
}

var reStreamKw = regexp.MustCompile(`stream\r?\n`)

func deflateCorrupt(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	var cands [][2]int
	for _, loc := range reStreamKw.FindAllIndex(src, -1) {
		if loc[0] > 0 && src[loc[0]-1] == 'd' { // "endstream"
			continue
		}
		dict := src[max(0, loc[0]-600):loc[0]]
		if i := bytes.LastIndex(dict, []byte("obj")); i >= 0 {
			dict = dict[i:]
		}
		if !bytes.Contains(dict, []byte("FlateDecode")) {
			continue
		}
		end := bytes.Index(src[loc[1]:], []byte("endstream"))
		if end <= 2 {
			continue
		}
		cands = append(cands, [2]int{loc[1], loc[1] + end})
	}
	if len(cands) == 0 {
		return "", nil, fmt.Errorf("no flate streams")
	}
	s := cands[r.IntN(len(cands))]
	c := clone(src)
	n := 1 + r.IntN(16)
	for range n {
		// Mostly early in the stream, where a flipped bit ruins the rest.
		span := min(s[1]-s[0], 64<<r.IntN(6))
		c[s[0]+r.IntN(span)] ^= byte(1 + r.IntN(255))
	}
	return fmt.Sprintf("deflate-corrupt-%d", s[0]), c, nil
}

var (
	reNumKey   = regexp.MustCompile(`/(Count|Length|Size|W|N|First|FirstChar|LastChar|Columns|Widths|MediaBox|CropBox|Rotate|DW|Predictor|Index|Prev|BitsPerComponent|Colors|Length1|Length2|Length3)\s*\[?\s*(-?\d+(?:\.\d+)?)`)
	hugeValues = []string{"99999999999", "-1", "1e308", "-2147483649", "4294967296", "9223372036854775807", "18446744073709551616", "0", "-99999999999"}
)

// hugeNumbers replaces numbers after keys that size things (/Count,
// /Length, /W, /Widths, /Size, ...) with huge, negative or absurd values.
// Offsets after the change move, which is a realistic breakage too.
func hugeNumbers(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	ms := reNumKey.FindAllSubmatchIndex(src, -1)
	if len(ms) == 0 {
		return "", nil, fmt.Errorf("no numbers")
	}
	k := 1 + r.IntN(3)
	picked := map[int]bool{}
	for range k {
		picked[r.IntN(len(ms))] = true
	}
	var b bytes.Buffer
	last := 0
	var detail string
	for i, m := range ms {
		if !picked[i] {
			continue
		}
		v := hugeValues[r.IntN(len(hugeValues))]
		if detail == "" {
			detail = fmt.Sprintf("huge-%s=%s", src[m[2]:m[3]], v)
		}
		b.Write(src[last:m[4]])
		b.WriteString(v)
		last = m[5]
	}
	b.Write(src[last:])
	return detail, b.Bytes(), nil
}

var reIndirect = regexp.MustCompile(`(\d+) 0 R\b`)

// refSwap points references at other objects (same number of digits, so
// no offset moves): a font where a page was expected, a page where a
// stream was.
func refSwap(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	ms := reIndirect.FindAllSubmatchIndex(src, -1)
	if len(ms) == 0 {
		return "", nil, fmt.Errorf("no references")
	}
	c := clone(src)
	n := 1 + r.IntN(8)
	for range n {
		m := ms[r.IntN(len(ms))]
		width := m[3] - m[2]
		lo := 1
		if width > 1 {
			lo = pow10(width - 1)
		}
		v := lo + r.IntN(pow10(width)-lo)
		copy(c[m[2]:m[3]], strconv.Itoa(v))
	}
	return fmt.Sprintf("ref-swap%d-%d", n, r.IntN(100000)), c, nil
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

var reXrefEntry = regexp.MustCompile(`(\d{10}) \d{5} n`)

// xrefOffsets corrupts cross-reference offsets: entries of a table get
// random offsets; a cross-reference stream gets bytes flipped.
func xrefOffsets(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	c := clone(src)
	ms := reXrefEntry.FindAllSubmatchIndex(src, -1)
	if len(ms) > 0 {
		n := 1 + r.IntN(min(len(ms), 20))
		for range n {
			m := ms[r.IntN(len(ms))]
			copy(c[m[2]:m[3]], fmt.Sprintf("%010d", r.IntN(2*len(src)+1)))
		}
		return fmt.Sprintf("xref-offsets%d", n), c, nil
	}
	if s == nil || !s.xrefStream {
		return "", nil, fmt.Errorf("no xref")
	}
	start := int(s.startxref)
	loc := reStreamKw.FindIndex(src[start:])
	if loc == nil {
		return "", nil, fmt.Errorf("no xref stream data")
	}
	data := start + loc[1]
	end := bytes.Index(src[data:], []byte("endstream"))
	if end <= 0 {
		return "", nil, fmt.Errorf("no xref stream end")
	}
	n := 1 + r.IntN(8)
	for range n {
		c[data+r.IntN(end)] ^= byte(1 + r.IntN(255))
	}
	return fmt.Sprintf("xref-stream-flip%d", n), c, nil
}

// xrefDeleted removes the keyword that starts the last cross-reference
// section ("xref", or the /XRef type of a stream), or "startxref" itself.
func xrefDeleted(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	c := clone(src)
	if r.IntN(3) == 0 {
		i := bytes.LastIndex(c, []byte("startxref"))
		if i < 0 {
			return "", nil, fmt.Errorf("no startxref")
		}
		copy(c[i:], "startxfer")
		return "startxref-deleted", c, nil
	}
	if s == nil {
		return "", nil, fmt.Errorf("no structure")
	}
	at := c[s.startxref:]
	if !s.xrefStream {
		i := bytes.Index(at, []byte("xref"))
		copy(at[i:], "xfer")
		return "xref-deleted", c, nil
	}
	i := bytes.Index(at[:min(len(at), 400)], []byte("/XRef"))
	if i < 0 {
		return "", nil, fmt.Errorf("no /XRef")
	}
	copy(at[i:], "/XRfe")
	return "xref-type-deleted", c, nil
}

var (
	reXrefSub      = regexp.MustCompile(`xref[ \t\r\n]+(\d+)[ \t]+(\d+)`)
	reXrefDict     = regexp.MustCompile(`/(Size|Columns)[ \t\r\n]*(\d+)|/(W|Index)[ \t\r\n]*\[[ \t\r\n]*(\d+)[ \t\r\n]+(\d+)`)
	xrefHugeValues = []string{"99999999999", "2147483647", "999999999", "-1", "4294967295"}
)

// xrefHuge puts a huge number where the PDF library sizes its tables: the
// /Size, /W, /Index or /Columns of a cross-reference stream, or the first
// object number of a table subsection.
func xrefHuge(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	v := xrefHugeValues[r.IntN(len(xrefHugeValues))]
	replace := func(at [2]int, what string) (string, []byte, error) {
		var b bytes.Buffer
		b.Write(src[:at[0]])
		b.WriteString(v)
		b.Write(src[at[1]:])
		return fmt.Sprintf("xref-huge-%s=%s", what, v), b.Bytes(), nil
	}
	if s != nil && s.xrefStream {
		dict := src[s.startxref:]
		if i := bytes.Index(dict, []byte("stream")); i > 0 {
			dict = dict[:i]
		}
		ms := reXrefDict.FindAllSubmatchIndex(dict, -1)
		if len(ms) > 0 {
			m := ms[r.IntN(len(ms))]
			base := int(s.startxref)
			if m[2] >= 0 {
				return replace([2]int{base + m[4], base + m[5]}, string(dict[m[2]:m[3]]))
			}
			// /W: the offset width; /Index: the first number or the count.
			g := 8
			if string(dict[m[6]:m[7]]) == "Index" && r.IntN(2) == 0 {
				g = 10
			}
			if string(dict[m[6]:m[7]]) == "W" {
				g = 10
			}
			return replace([2]int{base + m[g], base + m[g+1]}, string(dict[m[6]:m[7]]))
		}
	}
	var subs [][]int
	for _, m := range reXrefSub.FindAllSubmatchIndex(src, -1) {
		if string(src[m[4]:m[5]]) != "0" {
			subs = append(subs, m)
		}
	}
	if len(subs) == 0 {
		return "", nil, fmt.Errorf("no xref to enlarge")
	}
	m := subs[r.IntN(len(subs))]
	return replace([2]int{m[2], m[3]}, "subsection")
}

func wrongStartxref(r *rand.Rand, src []byte, _ *structure) (string, []byte, error) {
	ms := reStartxref.FindAllSubmatchIndex(src, -1)
	if len(ms) == 0 {
		return "", nil, fmt.Errorf("no startxref")
	}
	m := ms[len(ms)-1]
	vals := []string{"0", strconv.Itoa(len(src) + 100), strconv.Itoa(r.IntN(len(src))), "99999999999", "-1"}
	v := vals[r.IntN(len(vals))]
	var b bytes.Buffer
	b.Write(src[:m[2]])
	b.WriteString(v)
	b.Write(src[m[3]:])
	return "startxref-" + v, b.Bytes(), nil
}

// --- structural mutations, as incremental updates ---

func needStruct(s *structure) error {
	if s == nil {
		return fmt.Errorf("source not analysable")
	}
	return nil
}

// xrefPrevLoop appends a cross-reference section whose /Prev is itself,
// redefining a random number of objects (copies of the catalog) on the way.
func xrefPrevLoop(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	n := r.IntN(20)
	for range n {
		u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %s >>", s.pages)), 0}
	}
	u.prevSelf = true
	return fmt.Sprintf("xref-prev-loop-%d", n), u.bytes(), nil
}

// cyclicPagesSelf makes a page tree root whose /Kids includes itself
// (1 to 50 times, before and after the real pages).
func cyclicPagesSelf(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	p := u.reserve()
	self := 1 + r.IntN(50)
	kids := []string{s.pages.String()}
	for range self {
		at := r.IntN(len(kids) + 1)
		kids = slices.Insert(kids, at, fmt.Sprintf("%d 0 R", p))
	}
	u.set(p, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", p)), 0}
	return fmt.Sprintf("cyclic-pages-self-%d", self), u.bytes(), nil
}

// cyclicPagesParent redefines the real page tree root so that its first
// kid is a chain of 1 to 20 new nodes whose last kid is the root again: a
// loop through its ancestors.
func cyclicPagesParent(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil || len(s.rootKids) == 0 {
		return "", nil, fmt.Errorf("no page tree")
	}
	u := newUpdate(src, s)
	chain := 1 + r.IntN(20)
	first := u.next
	for i := range chain {
		n := u.reserve()
		next := s.pages.String()
		if i+1 < chain {
			next = fmt.Sprintf("%d 0 R", n+1)
		}
		u.set(n, fmt.Sprintf("<< /Type /Pages /Parent %s /Kids [%s] /Count 1 >>", s.pages, next))
	}
	a := first
	kids := []string{fmt.Sprintf("%d 0 R", a)}
	for _, k := range s.rootKids {
		kids = append(kids, k.String())
	}
	u.set(s.pages.num, fmt.Sprintf("<< /Type /Pages /Parent %d 0 R /Kids [%s] /Count %d >>", a, strings.Join(kids, " "), s.rootCount))
	return fmt.Sprintf("cyclic-pages-parent-%d", chain), u.bytes(), nil
}

// cyclicOutline adds an outline of 2 to 100 items whose /Next chain loops
// back to the first, and whose last item is its own /First child.
func cyclicOutline(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	o := u.reserve()
	n := 2 + r.IntN(99)
	first := u.next
	for i := range n {
		it := u.reserve()
		next := first + (i+1)%n
		u.set(it, fmt.Sprintf("<< /Title (Item %d) /Parent %d 0 R /Next %d 0 R /First %d 0 R /Count %d /Dest [%s /Fit] >>", i, o, next, it, r.IntN(3)-1, s.firstPage))
	}
	u.set(o, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", first, first+n-1, n))
	u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %s /Outlines %d 0 R /PageMode /UseOutlines >>", s.pages, o)), 0}
	return fmt.Sprintf("cyclic-outline-%d", n), u.bytes(), nil
}

// hugePage redefines the first page with absurd numbers where sizes and
// counts go: the page box, the rotation, a count.
func hugePage(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil || s.firstPageDict == "" {
		return "", nil, fmt.Errorf("no page dictionary")
	}
	boxes := []string{"[0 0 1e308 1e308]", "[0 0 99999999999 -99999999999]", "[-1 -1 -1 -1]", "[0 0 0 0]", "[0 0 612]", "[1e308 1e308 -1e308 -1e308]"}
	rots := []string{"-2147483649", "99999999999", "-90", "45", "1e308"}
	box, rot := boxes[r.IntN(len(boxes))], rots[r.IntN(len(rots))]
	u := newUpdate(src, s)
	u.set(s.firstPage.num, withKeys(s.firstPageDict, fmt.Sprintf("/MediaBox %s /CropBox %s /Rotate %s /UserUnit 99999999999 /Count 99999999999", box, box, rot)))
	return fmt.Sprintf("huge-page-rot%s", rot), u.bytes(), nil
}

// withKeys adds entries to a dictionary in PDF syntax; a key given twice
// takes its last value.
func withKeys(dict, extra string) string {
	i := strings.LastIndex(dict, ">>")
	if i < 0 {
		return "<< " + extra + " >>"
	}
	return dict[:i] + " " + extra + " " + dict[i:]
}

const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"

// addPage appends a page drawing content with resources, after the real
// pages, under a new page tree root.
func addPage(u *update, content []byte, contentDict, resources string) {
	s := u.s
	np := u.reserve()
	c := u.add(stream(contentDict, content))
	pg := u.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>", np, resources, c))
	u.set(np, fmt.Sprintf("<< /Type /Pages /Kids [%s %d 0 R] /Count %d >>", s.pages, pg, s.rootCount+1))
	u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", np)), 0}
}

func form(resources, content string) string {
	return stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "+resources, []byte(content))
}

// deepForms adds a page that draws a chain of up to 10,000 Form XObjects,
// each drawing the next.
func deepForms(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	depth := 10000 - r.IntN(9000)
	u := newUpdate(src, s)
	font := u.add(helvetica)
	first := u.next
	for i := range depth {
		n := u.reserve()
		content := fmt.Sprintf("q BT /F1 9 Tf 72 %d Td (Nested form level %d) Tj ET", 700-i%600, i)
		res := fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", font)
		if i+1 < depth {
			content += " /X Do"
			res = fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /X %d 0 R >> >>", font, n+1)
		}
		u.set(n, form(res, content+" Q"))
	}
	addPage(u, []byte("/X Do"), "", fmt.Sprintf("<< /XObject << /X %d 0 R >> >>", first))
	return fmt.Sprintf("deep-forms-%d", depth), u.bytes(), nil
}

// formSelf adds a page drawing a form that draws itself, and a ring of 2
// to 50 forms, each drawing the next and the last the first.
func formSelf(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	font := u.add(helvetica)
	self := u.reserve()
	u.set(self, form(fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /X %d 0 R >> >>", font, self), "BT /F1 9 Tf 72 700 Td (I draw myself) Tj ET /X Do"))
	ring := 2 + r.IntN(49)
	first := u.next
	for i := range ring {
		n := u.reserve()
		next := first + (i+1)%ring
		u.set(n, form(fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /X %d 0 R >> >>", font, next), fmt.Sprintf("BT /F1 9 Tf 72 %d Td (Ring form %d) Tj ET /X Do", 600-i*10, i)))
	}
	addPage(u, []byte("/S Do /A Do"), "", fmt.Sprintf("<< /XObject << /S %d 0 R /A %d 0 R >> >>", self, first))
	return fmt.Sprintf("form-self-ring%d", ring), u.bytes(), nil
}

// formFanout adds a page drawing a form that draws the next form 2 to 32
// times, 13 to 64 levels deep: 16^64 form invocations, at worst, if
// nothing stops it.
func formFanout(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	depth, fan := 13+r.IntN(52), 2+r.IntN(31)
	u := newUpdate(src, s)
	font := u.add(helvetica)
	first := u.next
	for i := range depth {
		n := u.reserve()
		content := fmt.Sprintf("BT /F1 9 Tf 72 700 Td (Fan %d) Tj ET", i)
		res := fmt.Sprintf("<< /Font << /F1 %d 0 R >> >>", font)
		if i+1 < depth {
			content += strings.Repeat(" /X Do", fan)
			res = fmt.Sprintf("<< /Font << /F1 %d 0 R >> /XObject << /X %d 0 R >> >>", font, n+1)
		}
		u.set(n, form(res, content))
	}
	addPage(u, []byte("/X Do"), "", fmt.Sprintf("<< /XObject << /X %d 0 R >> >>", first))
	return fmt.Sprintf("form-fanout-%dx%d", fan, depth), u.bytes(), nil
}

// pagesDeclared makes a page tree root that declares /Count 100000 (or
// another absurd count) over the real pages.
func pagesDeclared(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	counts := []string{"100000", "100000", "99999999999", "-1", "0", "2147483647"}
	c := counts[r.IntN(len(counts))]
	u := newUpdate(src, s)
	p := u.add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %s >>", s.pages, c))
	u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", p)), 0}
	return "pages-declared-" + c, u.bytes(), nil
}

// pagesKids makes a page tree whose /Kids lists the first page 100,000
// times, after the real pages (or before them).
func pagesKids(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	kids := strings.Repeat(s.firstPage.String()+" ", 100000)
	where := "after"
	if r.IntN(2) == 0 {
		kids = s.pages.String() + " " + kids
	} else {
		kids, where = kids+s.pages.String(), "before"
	}
	p := u.add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count 100000 >>", kids))
	u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", p)), 0}
	return "pages-100000-kids-" + where, u.bytes(), nil
}

func hexBytes(r *rand.Rand, n int) string {
	var b strings.Builder
	b.WriteByte('<')
	for range n {
		fmt.Fprintf(&b, "%02x", r.UintN(256))
	}
	b.WriteByte('>')
	return b.String()
}

// aes256 declares the file encrypted with the AES-256 security handler
// (/V 5 /R 6, what current Acrobat and Word write). The dictionary is
// syntactically right; the contents are not really encrypted.
func aes256(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	length := ""
	if r.IntN(2) == 0 {
		length = "/Length 256 "
	}
	e := u.add(fmt.Sprintf("<< /Filter /Standard /V 5 /R 6 %s/P -1028 /O %s /U %s /OE %s /UE %s /Perms %s "+
		"/CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF >>",
		length, hexBytes(r, 48), hexBytes(r, 48), hexBytes(r, 32), hexBytes(r, 32), hexBytes(r, 16)))
	id := hexBytes(r, 16)
	u.trailer = fmt.Sprintf("/Encrypt %d 0 R /ID [%s %s]", e, id, id)
	return "aes256", u.bytes(), nil
}

// objStmSwap declares objects to be in the wrong object stream: two object
// streams trade object numbers, or (with one) the catalog is said to be
// inside it.
func objStmSwap(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	switch {
	case len(s.objStms) >= 2:
		a, b := s.objStms[0], s.objStms[1+r.IntN(len(s.objStms)-1)]
		// Redefine each as a copy pointing at the other's bytes: the
		// cross-reference stream names a at b's offset and b at a's.
		u.swapped = [][2]int{{a, b}}
		return fmt.Sprintf("objstm-swap-%d-%d", a, b), u.bytes(), nil
	case len(s.objStms) == 1:
		u.compressed[s.root.num] = [2]int{s.objStms[0], 0}
		return fmt.Sprintf("objstm-wrong-%d", s.objStms[0]), u.bytes(), nil
	}
	return objStmSelf(r, src, s)
}

// objStmSelf declares the catalog to be inside an object stream that is
// itself declared to be inside an object stream, in a ring of 1 to 5.
func objStmSelf(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	ring := 1 + r.IntN(5)
	first := u.next
	for i := range ring {
		st := u.reserve()
		u.compressed[st] = [2]int{first + (i+1)%ring, 0}
	}
	u.compressed[s.root.num] = [2]int{first, 0}
	return fmt.Sprintf("objstm-self-ring%d", ring), u.bytes(), nil
}

// objStmExtendsLoop puts the catalog in an object stream that does not
// hold it, in a ring of 1 to 5 object streams each /Extends-ing the next.
func objStmExtendsLoop(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	ring := 1 + r.IntN(5)
	first := u.next
	for i := range ring {
		st := u.reserve()
		u.set(st, stream(fmt.Sprintf("/Type /ObjStm /N 1 /First 8 /Extends %d 0 R", first+(i+1)%ring), []byte("999999 0 null")))
	}
	u.compressed[s.root.num] = [2]int{first, 0}
	return fmt.Sprintf("objstm-extends-ring%d", ring), u.bytes(), nil
}

// BombSize is what the deflate bomb's content stream inflates to.
const BombSize = 1 << 30

var bomb = sync.OnceValue(func() []byte { return DeflatedSpaces(BombSize) })

// DeflatedSpaces returns a zlib stream of n spaces (n a multiple of 1 MiB,
// at least 2 MiB), made without compressing n bytes: after a sync flush the
// compressor's output for another MiB of spaces is a run of whole blocks that
// only refer back to spaces, so it can be repeated; the checksum of n equal
// bytes has a closed form.
func DeflatedSpaces(n int) []byte {
	const mib = 1 << 20
	chunk := bytes.Repeat([]byte{' '}, mib)
	var b bytes.Buffer
	b.Write([]byte{0x78, 0xda}) // zlib header: deflate, best compression
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	fw.Write(chunk)
	fw.Flush()
	first := b.Len()
	fw.Write(chunk)
	fw.Flush()
	steady := append([]byte(nil), b.Bytes()[first:]...)
	for range n/mib - 2 {
		b.Write(steady)
	}
	fw.Close() // the final, empty block
	// Adler-32 of n bytes equal to c: A = 1 + n·c, B = n + c·n(n+1)/2 (mod 65521).
	const mod, c = 65521, ' '
	nn := uint64(n)
	a := (1 + nn%mod*c) % mod
	s := (nn%mod + (nn*(nn+1)/2)%mod*c) % mod
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], uint32(s<<16|a))
	b.Write(sum[:])
	return b.Bytes()
}

// deflateBomb adds a page whose content stream is about 1 MB of deflate
// that inflates to 1 GiB, drawn after a line of text.
func deflateBomb(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	font := u.add(helvetica)
	id := r.IntN(1000000)
	text := u.add(stream("", []byte(fmt.Sprintf("BT /F1 12 Tf 72 700 Td (Bomb %d follows) Tj ET", id))))
	np := u.reserve()
	b := u.add(stream("/Filter /FlateDecode", bomb()))
	pg := u.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents [%d 0 R %d 0 R] >>", np, font, text, b))
	u.set(np, fmt.Sprintf("<< /Type /Pages /Kids [%s %d 0 R] /Count %d >>", s.pages, pg, s.rootCount+1))
	u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", np)), 0}
	return fmt.Sprintf("deflate-bomb-1GiB-%d", id), u.bytes(), nil
}

// nestedArrays adds a page whose /MediaBox is 1,001 to 200,000 arrays
// deep (the library stops at 1,000).
func nestedArrays(r *rand.Rand, src []byte, s *structure) (string, []byte, error) {
	if err := needStruct(s); err != nil {
		return "", nil, err
	}
	u := newUpdate(src, s)
	depth := 1001 + r.IntN(199000)
	np := u.reserve()
	pg := u.add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox %s0 0 612 792%s >>", np, strings.Repeat("[", depth), strings.Repeat("]", depth)))
	u.set(np, fmt.Sprintf("<< /Type /Pages /Kids [%s %d 0 R] /Count %d >>", s.pages, pg, s.rootCount+1))
	u.root = ref{u.add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", np)), 0}
	return fmt.Sprintf("nested-arrays-%d", depth), u.bytes(), nil
}
