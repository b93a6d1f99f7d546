package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// buildPDF assembles a PDF from object bodies (objs[i] is object i+1) with
// a correct cross-reference table. Object 1 must be the catalog.
func buildPDF(objs ...string) []byte {
	return buildPDFTrailer("", objs...)
}

func buildPDFTrailer(extraTrailer string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, extraTrailer, xref)
	return b.Bytes()
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

const helv = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"

// onePage builds a one-page PDF (objects 1-5: catalog, pages, page, font,
// content) plus any extra objects, numbered from 6.
func onePage(content, pageExtra, resExtra string, extra ...string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> " + resExtra + " >> " + pageExtra + " >>",
		helv,
		stream("", content),
	}
	return buildPDF(append(objs, extra...)...)
}

func mustExtract(t *testing.T, data []byte) *Result {
	t.Helper()
	res, err := Extract(context.Background(), data)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return res
}

func allText(res *Result) string {
	var parts []string
	for _, p := range res.Pages {
		if t := p.Text(); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "\n")
}

func TestHelloWorld(t *testing.T) {
	res := mustExtract(t, onePage("BT /F1 12 Tf 72 700 Td (Hello world) Tj ET", "", ""))
	if len(res.Pages) != 1 || len(res.Pages[0].Lines) != 1 {
		t.Fatalf("pages = %+v", res.Pages)
	}
	l := res.Pages[0].Lines[0]
	if l.Text != "Hello world" || l.Size != 12 || l.X != 72 || l.Y != 92 {
		t.Errorf("line = %+v, want Hello world at 72,92 size 12", l)
	}
}

func TestNotPDF(t *testing.T) {
	for name, data := range map[string][]byte{
		"garbage": []byte("this is not a pdf at all, just some bytes \x00\x01\x02"),
		"empty":   nil,
		"html":    []byte("<html><body>%PDF? no</body></html>"),
	} {
		_, err := Extract(context.Background(), data)
		if !errors.Is(err, ErrNotPDF) {
			t.Errorf("%s: err = %v, want ErrNotPDF", name, err)
		}
	}
}

func TestTruncated(t *testing.T) {
	full := onePage("BT /F1 12 Tf 72 700 Td (Hello world) Tj ET", "", "")
	for _, n := range []int{len(full) / 2, len(full) - 30, 20} {
		_, err := Extract(context.Background(), full[:n])
		if err == nil {
			t.Errorf("truncated at %d: no error", n)
		}
	}
	// A real file cut in the middle: no panic, an error.
	if b, err := readShared("corpus/tvpcp-2018-11-16-pack.pdf"); err == nil {
		if _, err := Extract(context.Background(), b[:len(b)/2]); err == nil {
			t.Error("half pack: no error")
		}
	}
}

func TestTrailingJunkAndPDF20(t *testing.T) {
	good := onePage("BT /F1 12 Tf 72 700 Td (Junk test) Tj ET", "", "")
	junk := append(append([]byte{}, good...), []byte("\n<html>appended by a web server</html>\n"+strings.Repeat("x", 300))...)
	if got := allText(mustExtract(t, junk)); got != "Junk test" {
		t.Errorf("trailing junk: text %q", got)
	}
	v2 := bytes.Replace(good, []byte("%PDF-1.4"), []byte("%PDF-2.0"), 1)
	if got := allText(mustExtract(t, v2)); got != "Junk test" {
		t.Errorf("PDF 2.0 header: text %q", got)
	}
}

func TestUnbalancedQ(t *testing.T) {
	res := mustExtract(t, onePage("Q Q q 2 0 0 2 0 0 cm Q Q BT /F1 12 Tf 72 700 Td (Still here) Tj ET Q", "", ""))
	if got := allText(res); got != "Still here" {
		t.Errorf("text %q", got)
	}
	if y := res.Pages[0].Lines[0].Y; y != 92 {
		t.Errorf("Y = %v: the cm inside q/Q leaked", y)
	}
}

func TestQuoteOperators(t *testing.T) {
	content := `BT /F1 12 Tf 14 TL 72 700 Td (Line one) Tj (Line two) ' 5 1 (Line three) " ET`
	res := mustExtract(t, onePage(content, "", ""))
	var got []string
	for _, l := range res.Pages[0].Lines {
		got = append(got, l.Text)
	}
	want := "Line one|Line two|Line three"
	if strings.Join(got, "|") != want {
		t.Errorf("lines %q, want %q", got, want)
	}
}

func TestNestedForms(t *testing.T) {
	// Forms 6..30 each draw their level's word and the next form.
	const levels = 25
	var extra []string
	for i := 1; i <= levels; i++ {
		next := ""
		if i < levels {
			next = fmt.Sprintf("/X%d Do", i+1)
		}
		content := fmt.Sprintf("BT /F1 10 Tf 72 %d Td (Level%d) Tj ET %s", 760-i*20, i, next)
		res := "<< /Font << /F1 4 0 R >> /XObject << "
		if i < levels {
			res += fmt.Sprintf("/X%d %d 0 R ", i+1, i+6)
		}
		res += ">> >>"
		extra = append(extra, stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources "+res, content))
	}
	pdf := onePage("/X1 Do", "", "/XObject << /X1 6 0 R >>", extra...)
	text := allText(mustExtract(t, pdf))
	if !strings.Contains(text, "Level1") || !strings.Contains(text, fmt.Sprintf("Level%d", maxFormDepth)) {
		t.Errorf("text %q lacks levels within the limit", text)
	}
	if strings.Contains(text, fmt.Sprintf("Level%d", maxFormDepth+1)) {
		t.Errorf("text %q goes beyond the depth limit %d", text, maxFormDepth)
	}
}

func TestFormCycleAndMatrix(t *testing.T) {
	// Form 6 draws text through its /Matrix (moved right by 100) and then
	// draws itself.
	form := stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 100 0] /Resources << /Font << /F1 4 0 R >> /XObject << /Me 6 0 R >> >>",
		"BT /F1 12 Tf 72 700 Td (In form) Tj ET /Me Do")
	res := mustExtract(t, onePage("/Fm Do", "", "/XObject << /Fm 6 0 R >>", form))
	lines := res.Pages[0].Lines
	if len(lines) != 1 || lines[0].Text != "In form" || lines[0].X != 172 {
		t.Errorf("lines %+v, want one 'In form' at x=172", lines)
	}
}

func TestCyclicPageTree(t *testing.T) {
	pdf := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 2 0 R 6 0 R] /Count 3 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
		helv,
		stream("", "BT /F1 12 Tf 72 700 Td (Only page) Tj ET"),
		"<< /Type /Pages /Parent 2 0 R /Kids [6 0 R 2 0 R] /Count 1 >>",
	)
	done := make(chan *Result, 1)
	go func() {
		res, _ := Extract(context.Background(), pdf)
		done <- res
	}()
	select {
	case res := <-done:
		if res == nil || len(res.Pages) != 1 || allText(res) != "Only page" {
			t.Errorf("result %+v", res)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cyclic page tree: Extract did not return")
	}
}

func TestInlineImageAndScan(t *testing.T) {
	// Inline image data containing "EI" and operator-like bytes.
	content := "q 10 0 0 10 0 0 cm BI /W 4 /H 1 /BPC 8 /CS /G ID \x00EIx BT (no) Tj\xff\n EI Q BT /F1 12 Tf 72 700 Td (After image) Tj ET"
	res := mustExtract(t, onePage(content, "", ""))
	if got := allText(res); got != "After image" {
		t.Errorf("text %q", got)
	}
	if res.ImagePages != 0 {
		t.Errorf("ImagePages = %d for a page with text", res.ImagePages)
	}
	img := stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray", "\x80")
	res = mustExtract(t, onePage("q 500 0 0 700 50 50 cm /Im0 Do Q", "", "/XObject << /Im0 6 0 R >>", img))
	if res.ImagePages != 1 || allText(res) != "" {
		t.Errorf("scan: ImagePages = %d, text %q", res.ImagePages, allText(res))
	}
}

func TestRotatedPage(t *testing.T) {
	// A landscape page stored portrait with /Rotate 90: text drawn bottom
	// to top in user space reads left to right on screen.
	content := "BT /F1 12 Tf 0 1 -1 0 300 72 Tm (Rotated text here) Tj ET"
	res := mustExtract(t, onePage(content, "/Rotate 90", ""))
	lines := res.Pages[0].Lines
	if len(lines) != 1 || lines[0].Text != "Rotated text here" {
		t.Fatalf("lines %+v", lines)
	}
	if l := lines[0]; l.X != 72 || l.Y != 300 {
		t.Errorf("position %v,%v, want 72,300 (from the top-left of the rotated page)", l.X, l.Y)
	}
}

func TestBadPageIsolated(t *testing.T) {
	pdf := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
		helv,
		stream("/Filter /LZWDecode", "\x80\x0b\x60\x50"),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
		stream("", "BT /F1 12 Tf 72 700 Td (Second page) Tj ET"),
	)
	res := mustExtract(t, pdf)
	if len(res.Pages) != 2 || res.Pages[1].Text() != "Second page" || len(res.Pages[0].Lines) != 0 {
		t.Fatalf("pages %+v", res.Pages)
	}
	if len(res.PageErrors) != 1 || res.PageErrors[0].Page != 1 || !strings.HasPrefix(res.PageErrors[0].Error(), "page 1: ") {
		t.Errorf("PageErrors %v", res.PageErrors)
	}
}

func TestEncryptedAES256(t *testing.T) {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
		"<< /Filter /Standard /V 5 /R 6 /Length 256 /O <00> /U <00> /P -4 >>",
	}
	pdf := buildPDFTrailer("/Encrypt 4 0 R /ID [<0102> <0102>]", objs...)
	_, err := Extract(context.Background(), pdf)
	if !errors.Is(err, ErrEncrypted) {
		t.Errorf("err = %v, want ErrEncrypted", err)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Extract(ctx, onePage("BT /F1 12 Tf 72 700 Td (x) Tj ET", "", ""))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestToUnicodeAndWidths(t *testing.T) {
	// A Type0 Identity-H font with a ToUnicode CMap (bfchar, bfrange in
	// both forms, a ligature and a surrogate pair) and /W widths.
	cmap := `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0001> <0066006C> <0002> <D83DDE00> endbfchar
2 beginbfrange <0010> <0019> <0041> <0020> <0021> [<0020> <002E>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`
	font := "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Arial-BoldMT /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>"
	desc := "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Arial-BoldMT /DW 1000 /W [16 [600 600 600] 32 33 250 1 [500]] >>"
	content := "BT /F2 10 Tf 72 700 Td <00100011000100200012001300210002> Tj ET"
	pdf := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F2 4 0 R >> >> >>",
		font,
		stream("", content),
		stream("", cmap),
		desc,
	)
	res := mustExtract(t, pdf)
	if len(res.Pages[0].Lines) != 1 {
		t.Fatalf("lines %+v", res.Pages[0].Lines)
	}
	l := res.Pages[0].Lines[0]
	if want := "ABfl CD.\U0001F600"; l.Text != want || !l.Bold {
		t.Errorf("line %+v, want %q bold", l, want)
	}
}

func readShared(rel string) ([]byte, error) {
	return os.ReadFile(shared + "/" + rel)
}
