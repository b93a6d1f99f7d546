package pdftext

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"panelpapers/ingest/mutate"
)

// xrefStreamPDF assembles a PDF whose cross-reference is a stream (objects
// numbered from 1, objs[0] the catalog). compressed declares objects as
// type 2 entries (object -> object stream); xrefDict adds to, or overrides,
// the stream's dictionary.
func xrefStreamPDF(objs []string, compressed map[int]int, xrefDict string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	n := len(objs) + 1 // the xref stream itself
	size := n + 1
	for k := range compressed {
		size = max(size, k+1)
	}
	var data bytes.Buffer
	entry := func(typ byte, f2 uint32, f3 uint16) {
		data.WriteByte(typ)
		binary.Write(&data, binary.BigEndian, f2)
		binary.Write(&data, binary.BigEndian, f3)
	}
	xoff := b.Len()
	for i := 0; i < size; i++ {
		switch {
		case compressed[i] != 0:
			entry(2, uint32(compressed[i]), 0)
		case i >= 1 && i <= len(objs):
			entry(1, uint32(offs[i-1]), 0)
		case i == n:
			entry(1, uint32(xoff), 0)
		default:
			entry(0, 0, 65535)
		}
	}
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d %s >>\nstream\n", n, size, data.Len(), xrefDict)
	b.Write(data.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xoff)
	return b.Bytes()
}

var pageObjs = []string{
	"<< /Type /Catalog /Pages 2 0 R >>",
	"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
	helv,
	stream("", "BT /F1 12 Tf 72 700 Td (Guarded) Tj ET"),
}

// Each of these made the PDF library kill the process (stack overflow,
// out of memory) or loop for ever before the guards; now each is one error.
func TestGuardsRefuseWhatTheLibraryCannotSurvive(t *testing.T) {
	healthy := xrefStreamPDF(pageObjs, nil, "")
	if got := allText(mustExtract(t, healthy)); got != "Guarded" {
		t.Fatalf("the healthy xref-stream file reads %q", got)
	}
	table := buildPDF(pageObjs...)
	xref := bytes.Index(table, []byte("xref\n"))
	cases := map[string][]byte{
		"object stream inside itself": xrefStreamPDF(pageObjs, map[int]int{1: 8, 8: 8}, ""),
		"object stream /Extends itself": xrefStreamPDF(append(append([]string{}, pageObjs...),
			"<< /Type /ObjStm /N 1 /First 8 /Extends 6 0 R /Length 13 >>\nstream\n999999 0 null\nendstream"), map[int]int{1: 6}, ""),
		"object stream whose /Length is inside it": xrefStreamPDF(append(append([]string{}, pageObjs...),
			"<< /Type /ObjStm /N 1 /First 5 /Length 9 0 R >>\nstream\n9 0 42\nendstream"), map[int]int{1: 6, 9: 6}, ""),
		"object stream with an indirect /Columns": xrefStreamPDF(append(append([]string{}, pageObjs...),
			"<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 0 R >> /Length 6 >>\nstream\n1 0 42\nendstream",
			"99999999999"), map[int]int{1: 6}, ""),
		"xref stream /Size":        xrefStreamPDF(pageObjs, nil, "/Size 99999999999"),
		"xref stream /W":           xrefStreamPDF(pageObjs, nil, "/W [1 99999999999 2]"),
		"xref stream /Index":       xrefStreamPDF(pageObjs, nil, "/Index [2147483647 7]"),
		"table subsection":         bytes.Replace(table, []byte("xref\n0 "), []byte("xref\n4294967295 "), 1),
		"table /Prev is itself":    buildPDFTrailer(fmt.Sprintf("/Prev %d", xref), pageObjs...),
		"xref stream /Prev itself": xrefStreamPDF(pageObjs, nil, fmt.Sprintf("/Prev %d", bytes.Index(healthy, []byte("6 0 obj")))),
	}
	// A huge /Columns written in the file is rewritten to 1 before the
	// library sees it: this one then reads (it has no filter).
	if _, err := Extract(context.Background(), xrefStreamPDF(pageObjs, nil, "/DecodeParms << /Predictor 12 /Columns 99999999999 >>")); err != nil {
		t.Errorf("xref stream /Columns: %v", err)
	}
	for name, data := range cases {
		start := time.Now()
		_, err := Extract(context.Background(), data)
		if !errors.Is(err, ErrBrokenXref) {
			t.Errorf("%s: err = %v; want ErrBrokenXref", name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}

func TestHugeColumnsInAContentStream(t *testing.T) {
	// Direct: rewritten in the file text before the library sees it.
	direct := onePage("", "", "")
	direct = buildPDF(pageObjs[0], pageObjs[1], pageObjs[2], pageObjs[3],
		"<< /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 99999999999 >> /Length 4 >>\nstream\nxxxx\nendstream")
	if _, err := Extract(context.Background(), direct); err != nil && errors.Is(err, ErrBrokenXref) {
		t.Errorf("direct /Columns: %v", err)
	}
	// Indirect: checked before the stream is decoded.
	indirect := buildPDF(pageObjs[0], pageObjs[1], pageObjs[2], pageObjs[3],
		"<< /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 6 0 R >> /Length 4 >>\nstream\nxxxx\nendstream", "99999999999")
	res, err := Extract(context.Background(), indirect)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.PageErrors) != 1 || !strings.Contains(res.PageErrors[0].Error(), "Columns") {
		t.Errorf("page errors %v; want the /Columns one", res.PageErrors)
	}
}

func TestDeflateBombIsCappedAndKeepsItsText(t *testing.T) {
	// 256 MiB of spaces, then text: the cap keeps memory bounded and the
	// page still yields what came before it.
	bomb := mutate.DeflatedSpaces(256 << 20)
	objs := append([]string{}, pageObjs...)
	objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [5 0 R 6 0 R] /Resources << /Font << /F1 4 0 R >> >> >>"
	objs = append(objs, fmt.Sprintf("<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", len(bomb), bomb))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := Extract(context.Background(), buildPDF(objs...))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := allText(res); got != "Guarded" {
		t.Errorf("text %q; want the first stream's", got)
	}
	if len(res.PageErrors) != 1 || !errors.Is(res.PageErrors[0].Err, errStreamTooLarge) {
		t.Errorf("page errors %v; want the stream cap", res.PageErrors)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 768<<20 {
		t.Errorf("allocated %d MiB for a %d MiB cap", alloc>>20, maxDecodedStream>>20)
	}
}

func TestFormFanOutIsBounded(t *testing.T) {
	// Form i draws form i+1 sixteen times, 40 deep: 16^12 runs within the
	// depth limit.
	objs := append([]string{}, pageObjs...)
	objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >> >>"
	objs[4] = stream("", "BT /F1 12 Tf 72 700 Td (Fan) Tj ET /X Do")
	const depth = 40
	for i := range depth {
		res := "<< >>"
		content := "0 0 m"
		if i+1 < depth {
			res = fmt.Sprintf("<< /XObject << /X %d 0 R >> >>", 7+i)
			content = strings.Repeat("/X Do ", 16)
		}
		objs = append(objs, stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources "+res, content))
	}
	start := time.Now()
	res, err := Extract(context.Background(), buildPDF(objs...))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if allText(res) != "Fan" || len(res.PageErrors) != 1 || !errors.Is(res.PageErrors[0].Err, errTooManyForms) {
		t.Errorf("text %q, page errors %v", allText(res), res.PageErrors)
	}
}

func TestReadsPanicOnceTheDeadlinePasses(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := ctxReaderAt{ctx, bytes.NewReader([]byte("abc"))}
	buf := make([]byte, 2)
	if n, err := r.ReadAt(buf, 0); n != 2 || err != nil {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	cancel()
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("recovered %v; want context.Canceled", err)
		}
	}()
	r.ReadAt(buf, 0)
	t.Error("ReadAt after cancel returned")
}

func TestUnreadablePageCostsOnlyThatPage(t *testing.T) {
	objs := append([]string{}, pageObjs...)
	objs[1] = "<< /Type /Pages /Kids [3 0 R 6 0 R 3 0 R] /Count 3 >>"
	objs = append(objs, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e308 "+strings.Repeat("[", 5000)+"] >>")
	res, err := Extract(context.Background(), buildPDF(objs...))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 3 || res.Pages[0].Text() != "Guarded" || res.Pages[2].Text() != "Guarded" {
		t.Errorf("pages %+v", res.Pages)
	}
	if len(res.PageErrors) != 1 || res.PageErrors[0].Page != 2 || !strings.Contains(res.PageErrors[0].Error(), "unreadable page object") {
		t.Errorf("page errors %v; want page 2 unreadable", res.PageErrors)
	}
}

func TestAPageListedThousandsOfTimesIsRefused(t *testing.T) {
	objs := append([]string{}, pageObjs...)
	objs[1] = "<< /Type /Pages /Kids [" + strings.Repeat("3 0 R ", 100000) + "] /Count 100000 >>"
	start := time.Now()
	_, err := Extract(context.Background(), buildPDF(objs...))
	if err == nil || !strings.Contains(err.Error(), "lists one page more than") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	// A sloppy merge that lists a page twice still reads.
	objs[1] = "<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>"
	if res := mustExtract(t, buildPDF(objs...)); len(res.Pages) != 2 {
		t.Errorf("%d pages; want 2", len(res.Pages))
	}
}
