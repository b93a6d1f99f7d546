package pdftext

// Fuzz targets. `go test` runs only their seeds (and any regression inputs
// in testdata/fuzz/<Target>/); docs/fuzzing.md gives the long runs:
//
//	go test ./ingest/pdftext -run '^$' -fuzz '^FuzzExtract$' -fuzztime 10m -parallel 1 -fuzzminimizetime 5s
//	go test ./ingest/pdftext -run '^$' -fuzz '^FuzzObjects$' -fuzztime 10m -parallel 1 -fuzzminimizetime 5s
//	go test ./ingest/pdftext -run '^$' -fuzz '^FuzzContent$' -fuzztime 10m -parallel 1 -fuzzminimizetime 5s
//	go test ./ingest/pdftext -run '^$' -fuzz '^FuzzCMap$' -fuzztime 10m -parallel 1

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"panelpapers/ingest/layout"

	"github.com/ledongthuc/pdf"
)

// Seeds read from ../shared: only files up to maxSeedFile bytes, and at
// most maxSeedTotal bytes in all, so that a plain `go test` stays fast and
// the fuzzer does not spend its time copying large inputs.
const (
	maxSeedFile  = 300 << 10
	maxSeedTotal = 1 << 20
)

// sharedSeeds returns the files in ../shared/<dirs> whose names end in one of
// exts, smallest first, within the size caps. Missing directories are
// skipped: the seeds are a bonus, the hand-made ones always run.
func sharedSeeds(tb testing.TB, exts []string, dirs ...string) [][]byte {
	tb.Helper()
	type file struct {
		path string
		size int64
	}
	var files []file
	for _, d := range dirs {
		ents, err := os.ReadDir(filepath.Join(shared, d))
		if err != nil {
			continue
		}
		for _, e := range ents {
			name := strings.ToLower(e.Name())
			ok := false
			for _, x := range exts {
				ok = ok || strings.HasSuffix(name, x)
			}
			if info, err := e.Info(); ok && err == nil && info.Mode().IsRegular() && info.Size() <= maxSeedFile {
				files = append(files, file{filepath.Join(shared, d, e.Name()), info.Size()})
			}
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].size < files[j].size })
	var out [][]byte
	total := int64(0)
	for _, f := range files {
		if total+f.size > maxSeedTotal {
			break
		}
		b, err := os.ReadFile(f.path)
		if err != nil {
			continue
		}
		total += f.size
		out = append(out, b)
	}
	return out
}

// handmadeObjects are small, uncompressed files, as lists of object bodies
// (object i+1 is objs[i]; object 1 is the catalog). Every mutation of them
// is more often still a parseable PDF than a mutation of a compressed real
// file is.
func handmadeObjects() [][]string {
	form := stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 10 0] /Resources << /Font << /F1 4 0 R >> /XObject << /Me 6 0 R >> >>",
		"BT /F1 12 Tf 72 700 Td (In a form) Tj ET /Me Do")
	cmap := `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <0066006C> <0002> <D83DDE00> endbfchar
2 beginbfrange <0010> <0019> <0041> <0020> <0021> [<0020> <002E>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte("BT /F1 12 Tf 72 700 Td (Compressed) Tj ET"))
	zw.Close()
	page := func(content string, pageExtra, resExtra string, extra ...string) []string {
		return append([]string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> " + resExtra + " >> " + pageExtra + " >>",
			helv,
			stream("", content),
		}, extra...)
	}
	return [][]string{
		page("BT /F1 12 Tf 72 700 Td (Hello world) Tj ET", "", ""),
		page("/Fm Do", "", "/XObject << /Fm 6 0 R >>", form),
		{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F2 4 0 R >> >> >>",
			"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Arial-BoldMT /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>",
			stream("", "BT /F2 10 Tf 72 700 Td <00100011000100200012001300210002> Tj ET"),
			stream("", cmap),
			"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Arial-BoldMT /DW 1000 /W [16 [600 600 600] 32 33 250 1 [500]] >>",
		},
		{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
			"<< /Type /Page /Parent 2 0 R /Rotate 90 /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
			helv,
			stream("", "BT /F1 12 Tf 0 1 -1 0 300 72 Tm (Rotated) Tj ET BT /F1 9 Tf 300 20 Td (Page 1) Tj ET"),
			"<< /Type /Page /Parent 2 0 R /Contents [7 0 R 8 0 R] /Resources << /Font << /F1 4 0 R >> >> >>",
			stream("", "BT /F1 12 Tf 14 TL 72 700 Td [(Two)-250(columns)] TJ T* (and) ' 1 2 (more) \" ET"),
			stream("", "q 1 0 0 1 300 0 cm BT /F1 12 Tf 72 700 Td (Right) Tj ET Q BI /W 1 /H 1 /L 1 ID \x00 EI"),
		},
		append(page("", "", "")[:4], stream("/Filter /FlateDecode", z.String())),
		{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1 /Resources << /Font << /F1 4 0 R /F3 6 0 R >> >> >>",
			"<< /Type /Page /Parent 2 0 R /CropBox [10 10 600 780] /Contents [5 0 R 7 0 R] >>",
			helv,
			stream("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>", "x"),
			"<< /Type /Font /Subtype /Type3 /FontMatrix [0.01 0 0 0.01 0 0] /FirstChar 65 /Widths [50 60] /Encoding << /Differences [65 /A /B] >> >>",
			stream("", "BT /F3 20 Tf 72 700 Td (AB) Tj ET"),
		},
	}
}

func handmadePDFs() [][]byte {
	var out [][]byte
	for _, objs := range handmadeObjects() {
		out = append(out, buildPDF(objs...))
	}
	return append(out, objStmPDF())
}

// objStmPDF builds a PDF 1.5 file whose page objects live in an
// uncompressed object stream, indexed by an uncompressed cross-reference
// stream, so that mutations reach the library's object-stream code.
func objStmPDF() []byte {
	// Objects 2 (pages), 3 (page) and 4 (font) go in object stream 6.
	inner := []string{
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
		helv,
	}
	var head, body bytes.Buffer
	for i, o := range inner {
		fmt.Fprintf(&head, "%d %d ", i+2, body.Len())
		body.WriteString(o + "\n")
	}
	objstm := head.String() + body.String()
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	off := map[int]int{}
	write := func(n int, s string) {
		off[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, s)
	}
	write(1, "<< /Type /Catalog /Pages 2 0 R >>")
	write(5, stream("", "BT /F1 12 Tf 72 700 Td (Object streams) Tj ET"))
	write(6, stream(fmt.Sprintf("/Type /ObjStm /N 3 /First %d", head.Len()), objstm))
	// Cross-reference stream, object 7: W [1 4 2], entries 0..7.
	var xr bytes.Buffer
	entry := func(typ byte, f2 uint32, f3 uint16) {
		xr.Write([]byte{typ, byte(f2 >> 24), byte(f2 >> 16), byte(f2 >> 8), byte(f2), byte(f3 >> 8), byte(f3)})
	}
	xrefAt := b.Len()
	entry(0, 0, 65535)
	entry(1, uint32(off[1]), 0)
	entry(2, 6, 0)
	entry(2, 6, 1)
	entry(2, 6, 2)
	entry(1, uint32(off[5]), 0)
	entry(1, uint32(off[6]), 0)
	entry(1, uint32(xrefAt), 0)
	write(7, stream("/Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R", xr.String()))
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xrefAt)
	return b.Bytes()
}

// checkLines checks what every extracted line must satisfy: valid UTF-8
// without NUL or control characters (tab separates cells), and finite
// coordinates and sizes (they are written as JSON, which has no NaN or Inf).
func checkLines(t *testing.T, where string, lines []layout.Line) {
	t.Helper()
	for i, l := range lines {
		for k, s := range append([]string{l.Text}, l.Cells...) {
			if !utf8.ValidString(s) {
				t.Fatalf("%s line %d: invalid UTF-8 %q", where, i, s)
			}
			for _, r := range s {
				// A cell keeps its line breaks; the line's text does not.
				if r != '\t' && !(r == '\n' && k > 0) && (r < 0x20 || r == 0x7f) {
					t.Fatalf("%s line %d: control character %U in %q", where, i, r, s)
				}
			}
		}
		for _, v := range []float64{l.X, l.Y, l.Size} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s line %d: non-finite position or size %+v", where, i, l)
			}
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, b := range handmadePDFs() {
		f.Add(b)
	}
	// Files the /Size repair rewrites (xrefsize.go).
	f.Add(shortSizePDF(sparseObjects(), "<</Size SIZE/Root 40 0 R>>", "3", 0))
	f.Add(shortSizePDF(sparseObjects(), "<< /Size SIZE /Root 40 0 R >>", "3", 71))
	f.Add(xrefStreamUpdate("/Size 6 /Index [5 1]", func(off []int) []byte {
		return []byte{1, byte(off[5] >> 24), byte(off[5] >> 16), byte(off[5] >> 8), byte(off[5]), 0, 0}
	}))
	for _, b := range sharedSeeds(f, []string{".pdf"}, "realdocs", "corpus") {
		f.Add(b)
	}
	f.Fuzz(checkExtract)
}

// checkExtract runs Extract with a short deadline and checks the result:
// it returns in time, a result xor an error, pages numbered 1..n, and
// clean lines.
func checkExtract(t *testing.T, data []byte) {
	const limit = 2 * time.Second
	const slack = 8 * time.Second // a busy two-core machine, GC
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	type outcome struct {
		res *Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := Extract(ctx, data)
		done <- outcome{res, err}
	}()
	var out outcome
	select {
	case out = <-done:
	case <-time.After(limit + slack):
		t.Fatalf("Extract did not return within %v of its %v deadline", slack, limit)
	}
	res, err := out.res, out.err
	if err != nil {
		if res != nil {
			t.Fatalf("error %v with a non-nil result", err)
		}
		return
	}
	if res == nil {
		t.Fatal("nil result without an error")
	}
	for i, p := range res.Pages {
		if p.Number != i+1 {
			t.Fatalf("page %d has Number %d", i+1, p.Number)
		}
		checkLines(t, fmt.Sprintf("page %d", p.Number), p.Lines)
		if !utf8.ValidString(p.Printed) {
			t.Fatalf("page %d: printed number %q is not UTF-8", p.Number, p.Printed)
		}
	}
	for _, pe := range res.PageErrors {
		if pe.Page < 1 || pe.Page > len(res.Pages) || pe.Err == nil {
			t.Fatalf("page error %+v out of range (%d pages)", pe, len(res.Pages))
		}
	}
	if res.ImagePages < 0 || res.ImagePages > len(res.Pages) {
		t.Fatalf("ImagePages %d of %d pages", res.ImagePages, len(res.Pages))
	}
	for _, s := range []string{res.Title, res.Producer} {
		if !utf8.ValidString(s) {
			t.Fatalf("metadata %q is not UTF-8", s)
		}
	}
}

// objSep separates object bodies in FuzzObjects inputs.
const objSep = "\nendobj\n"

// streamBody matches a stream object body, to set its /Length.
var streamBody = regexp.MustCompile(`(?s)^(.*)>>\s*stream\r?\n(.*)\r?\nendstream\s*$`)

// objectsPDF builds a PDF from object bodies separated by objSep, with a
// correct cross-reference table and stream lengths: FuzzObjects mutates the
// objects, and the file around them stays readable.
func objectsPDF(data []byte) []byte {
	objs := strings.Split(string(data), objSep)
	if len(objs) > 200 {
		objs = objs[:200]
	}
	for i, o := range objs {
		if m := streamBody.FindStringSubmatch(o); m != nil {
			objs[i] = fmt.Sprintf("%s /Length %d >>\nstream\n%s\nendstream", m[1], len(m[2]), m[2])
		}
	}
	return buildPDF(objs...)
}

// FuzzObjects fuzzes the objects of a PDF rather than its bytes: the
// target rebuilds the cross-reference table and stream lengths, so that
// mutations reach fonts, CMaps, page trees, forms and filters instead of
// breaking byte offsets, which is all most mutations of a whole file do.
func FuzzObjects(f *testing.F) {
	for _, objs := range handmadeObjects() {
		f.Add([]byte(strings.Join(objs, objSep)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkExtract(t, objectsPDF(data))
	})
}

// contentFixture is a parsed one-page PDF whose resources offer the font
// kinds the interpreter distinguishes: /F1 Helvetica (WinAnsi), /F2 a Type0
// Identity-H font with a ToUnicode CMap and /W widths, /F3 a TrueType font
// with /Differences, /F4 a Type3 font with its own FontMatrix, and
// XObjects /Fm (a form that draws text and itself) and /Im (an image).
// FuzzContent runs fuzzed content streams against these resources.
type fixture struct {
	r   *pdf.Reader
	res pdf.Value
}

var contentFixture = sync.OnceValues(func() (fixture, error) {
	cmap := `begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <0066006C> <0002> <D83DDE00> endbfchar
2 beginbfrange <0010> <0019> <0041> <0020> <0021> [<0020> <002E>] endbfrange endcmap`
	data := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R /F2 6 0 R /F3 9 0 R /F4 10 0 R >> /XObject << /Fm 11 0 R /Im 12 0 R >> >> >>",
		helv,
		stream("", "BT /F1 12 Tf 72 700 Td (x) Tj ET"),
		"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Arial-BoldMT /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>",
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Arial-BoldMT /DW 1000 /W [16 [600 600 600] 32 33 250 1 [500]] >>",
		stream("", cmap),
		"<< /Type /Font /Subtype /TrueType /BaseFont /Georgia,Italic /FirstChar 32 /Widths [250 300 400] /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [33 /bullet /fi 65 /Euro] >> >>",
		"<< /Type /Font /Subtype /Type3 /FontMatrix [0.01 0 0 0.01 0 0] /FirstChar 65 /Widths [50 60] /Encoding << /Differences [65 /A /B] >> >>",
		stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 5 5] /Resources << /Font << /F1 4 0 R >> /XObject << /Me 11 0 R >> >>",
			"BT /F1 10 Tf 72 600 Td (Form text) Tj ET /Me Do"),
		stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray", "\x80"),
	)
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fixture{}, err
	}
	d := &document{r: r}
	pages, err := d.pageList()
	if err != nil || len(pages) != 1 {
		return fixture{}, fmt.Errorf("fixture pages %d: %v", len(pages), err)
	}
	return fixture{r, pages[0].Key("Resources")}, nil
})

// sharedContent returns the decoded first-page content streams of the n
// smallest shared PDFs, each cut to max bytes.
func sharedContent(tb testing.TB, n, max int) [][]byte {
	var out [][]byte
	for _, data := range sharedSeeds(tb, []string{".pdf"}, "realdocs", "corpus") {
		if len(out) == n {
			break
		}
		func() {
			defer func() { _ = recover() }() // a seed the library cannot read is skipped
			r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				return
			}
			d := &document{r: r, fonts: map[string]*font{}, cmaps: map[string]*cmap{}, streams: map[string][]byte{}}
			pages, err := d.pageList()
			if err != nil || len(pages) == 0 {
				return
			}
			c := pages[0].Key("Contents")
			if c.Kind() == pdf.Array {
				c = c.Index(0)
			}
			if b, err := d.streamData(c, ""); err == nil && len(b) > 0 {
				out = append(out, b[:min(len(b), max)])
			}
		}()
	}
	return out
}

// FuzzContent drives the content-stream interpreter and the layout directly:
// the fuzzed bytes are one page's content stream. Neither may panic (a panic
// costs the whole page in Extract), and the lines must be clean.
func FuzzContent(f *testing.F) {
	for _, s := range []string{
		"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
		"BT /F1 12 Tf 14 TL 72 700 Td (Line one) Tj (Line two) ' 5 1 (Line three) \" ET",
		"BT /F2 10 Tf 72 700 Td <00100011000100200012001300210002> Tj ET",
		"BT /F3 11 Tf 2 Tc 3 Tw 90 Tz 1 Ts 72 500 Td (! AB \x21\x41) Tj /F4 20 Tf (AB) Tj ET",
		"q 0 1 -1 0 300 72 cm BT /F1 12 Tf 0 0 Td (Rotated) Tj ET Q /Fm Do /Im Do",
		"BT /F1 9 Tf 72 700 Td [(Ta)-120(ble)-3000(cell)] TJ 0 -12 TD [(Next)-3000(row)] TJ T* (More) Tj ET",
		"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Left column text) Tj 1 0 0 1 320 700 Tm (Right column text) Tj 1 0 0 1 72 40 Tm (Page 3) Tj ET",
		"q 2 0 0 2 0 0 cm Q Q Q BI /W 4 /H 1 /BPC 8 /CS /G ID \x00EIx (no) Tj\xff\n EI BT (x) Tj ET",
		"BT /F1 12 Tf <48656c6c6f> Tj (\\101\\102\\n\\(\\)) Tj ET % comment\n[[[[ << /A [1 2] >> ]]]] Tj",
	} {
		f.Add([]byte(s))
	}
	// The first page's content stream of the smallest real papers, cut to
	// 8 KB: real operator mixes and positions. Their font names do not
	// match the fixture's, so they are drawn in the fallback font.
	for _, b := range sharedContent(f, 3, 8<<10) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		fx, err := contentFixture()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		// A fresh document per input: the caches must not carry state from
		// one input to the next, or a failure would not replay alone.
		d := &document{r: fx.r, fonts: map[string]*font{}, cmaps: map[string]*cmap{}, streams: map[string][]byte{}}
		base, w, h := pageMatrix([4]float64{0, 0, 612, 792}, 0)
		in := &interp{ctx: ctx, doc: d}
		start := time.Now()
		_ = in.run(content, fx.res, base, 0) // only ctx errors; a timeout is checked below
		lines := layoutPage(ctx, in.glyphs, in.rules, w, h)
		if el := time.Since(start); el > 10*time.Second {
			t.Fatalf("content of %d bytes took %v (%d glyphs)", len(content), el, len(in.glyphs))
		}
		checkLines(t, "page", lines)
		pages, _ := finishPages([]pageText{{lines: lines, height: h}, {lines: lines, height: h}, {lines: lines, height: h}})
		for _, p := range pages {
			checkLines(t, "finished page", p.Lines)
		}
	})
}

// FuzzCMap parses fuzzed CMaps (ToUnicode and encoding CMaps are the part
// of a font most often hand-written, and wrong) and decodes a string with
// the result as a Type0 font would.
func FuzzCMap(f *testing.F) {
	f.Add([]byte(`/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <0066006C> <0002> <D83DDE00> endbfchar
2 beginbfrange <0010> <0019> <0041> <0020> <0021> [<0020> <002E>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`), []byte("\x00\x10\x00\x01\x00\x02\x00\x20"))
	f.Add([]byte(`2 begincodespacerange <00> <80> <8140> <FFFC> endcodespacerange
1 begincidrange <8140> <817E> 633 endcidrange 1 begincidchar <41> 34 endcidchar
1 beginbfchar <41> /Euro endbfchar 1 beginbfrange <20> <7E> <0020> endbfrange`), []byte("A\x81\x40 \xff"))
	f.Add([]byte("1 beginbfrange <0000> <FFFF> <D800> endbfrange 1 beginbfchar <00> <DC00D800> endbfchar"), []byte("\x00\x00\xff\xff"))
	f.Fuzz(func(t *testing.T, data, text []byte) {
		c := parseCMap(data)
		for _, composite := range []bool{true, false} {
			fn := &font{composite: composite, toUni: c, enc: c, dw: 1}
			if !composite {
				fn.simpleText = winAnsiEnc
			}
			n := 0
			fn.decode(string(text), map[uint32]string{}, func(s string, w float64, _ bool) {
				n++
				if n > len(text) {
					t.Fatalf("decode emitted more codes than the %d bytes of input", len(text))
				}
				if !utf8.ValidString(s) {
					t.Fatalf("code text %q is not UTF-8", s)
				}
				for _, r := range s {
					if r < 0x20 || r == 0x7f {
						t.Fatalf("code text %q has control character %U", s, r)
					}
				}
				if math.IsNaN(w) || math.IsInf(w, 0) {
					t.Fatalf("width %v", w)
				}
			})
		}
	})
}
