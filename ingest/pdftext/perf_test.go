package pdftext

// Tests of the speed work: each fast path must give exactly what the plain
// one gives, and pages read in parallel what pages read in order give.

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// rawRef reads the library's internals. If an upgrade changes them, pages
// still come out right (parents are resolved as before) but long documents
// are slow again: this test says so.
func TestRawRefReadsTheLibrarysReferences(t *testing.T) {
	data := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> >>",
		helv,
	)
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	d := newDocument(r)
	pages, err := d.pageList()
	if err != nil || len(pages) != 1 {
		t.Fatalf("pages %d: %v", len(pages), err)
	}
	if ref, ok := rawRef(pages[0], "Parent"); !ok || ref != [2]uint64{2, 0} {
		t.Fatalf("rawRef(page, Parent) = %v, %v; want [2 0], true", ref, ok)
	}
	for _, key := range []string{"MediaBox", "Resources", "Missing"} {
		if ref, ok := rawRef(pages[0], key); ok {
			t.Errorf("rawRef(page, %s) = %v, true; want false (not a reference)", key, ref)
		}
	}
	if _, ok := rawRef(pdf.Value{}, "Parent"); ok {
		t.Error("rawRef(null) ok")
	}
	a := &ancestors{d: d, vs: []pdf.Value{pages[0]}}
	if a.inherited("Count").Int64() != 1 || len(d.parents) != 1 {
		t.Errorf("inherited /Count = %v, %d parents remembered; want 1, 1", a.inherited("Count"), len(d.parents))
	}
}

// slowNum is how number tokens were parsed before parseNum's fast path.
func slowNum(b []byte) float64 {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		f = lenientFloat(b)
	}
	return f
}

// The fast path must give the very bits strconv gives: positions are
// compared and rounded downstream, so an ulp of difference can move a line.
func TestParseNumMatchesStrconv(t *testing.T) {
	cases := []string{"0", "-0", "+0", "-0.0", ".5", "5.", "-.5", "+.5", ".", "-", "+", "--5", "1.2.3", "1-2",
		"0.1", "0.3", "612", "-12.34", "1.000000000000001", "999999999999999", "9999999999999999",
		"123456789012.345", "0.000000000000001", "00000000000000001", "1.7976931348623157", "12-", "-.", "+-1"}
	rng := rand.New(rand.NewPCG(7, 7))
	const alphabet = "0123456789.-+"
	for range 200000 {
		n := rng.IntN(18) + 1
		b := make([]byte, n)
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[i] = alphabet[rng.IntN(10)]
			}
		}
		cases = append(cases, string(b))
	}
	for range 100000 { // well-formed decimals, the common case
		s := strconv.FormatFloat(rng.NormFloat64()*math.Pow(10, float64(rng.IntN(8))), 'f', rng.IntN(7), 64)
		cases = append(cases, s)
	}
	for _, s := range cases {
		got, want := parseNum([]byte(s)), slowNum([]byte(s))
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("parseNum(%q) = %v (%x), strconv path %v (%x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}

func TestShortOpsDoNotCollide(t *testing.T) {
	for op := range knownOps {
		if len(op) <= 2 && shortOps[shortSlot([]byte(op))] != op {
			t.Errorf("operator %q collides in shortOps: pick another multiplier in shortSlot", op)
		}
	}
}

// sameResult reports how two results differ, or "" (errors compare by text).
func sameResult(a, b *Result) string {
	if (a == nil) != (b == nil) {
		return "one result is nil"
	}
	if a == nil {
		return ""
	}
	if !reflect.DeepEqual(a.Pages, b.Pages) || !reflect.DeepEqual(a.dropped, b.dropped) {
		return "pages differ"
	}
	if a.Producer != b.Producer || a.Title != b.Title || a.ImagePages != b.ImagePages || len(a.PageErrors) != len(b.PageErrors) {
		return fmt.Sprintf("metadata or page error counts differ: %+v / %+v", a.PageErrors, b.PageErrors)
	}
	for i := range a.PageErrors {
		if a.PageErrors[i].Error() != b.PageErrors[i].Error() {
			return fmt.Sprintf("page error %d: %v / %v", i, a.PageErrors[i], b.PageErrors[i])
		}
	}
	return ""
}

// Pages read in parallel must give exactly what reading them in order gives.
func TestParallelPagesMatchSequential(t *testing.T) {
	inputs := handmadePDFs()
	for _, dir := range []string{"corpus", "realdocs"} {
		files, _ := filepath.Glob(filepath.Join(shared, dir, "*.pdf"))
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil {
				inputs = append(inputs, b)
			}
		}
	}
	for i, data := range inputs {
		seq, err1 := extract(context.Background(), data, 1)
		par, err2 := extract(context.Background(), data, 4)
		if fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Errorf("input %d: errors %v / %v", i, err1, err2)
		}
		if d := sameResult(seq, par); d != "" {
			t.Errorf("input %d: %s", i, d)
		}
	}
}

// The first page to draw a form that decodes past maxDecodedStream skips
// it and later pages draw the truncated form: an order that only reading
// in page order gives.
func TestParallelPagesKeepTheOrderOfTruncatedForms(t *testing.T) {
	// The form's content: text, then spaces past the cap. Reading stops at
	// the cap, so the stream need not end (nor its checksum be right).
	var z bytes.Buffer
	z.Write([]byte{0x78, 0x01})
	fw, _ := flate.NewWriter(&z, flate.BestSpeed)
	fw.Write([]byte("BT /F1 12 Tf 72 600 Td (Form) Tj ET"))
	spaces := bytes.Repeat([]byte{' '}, 1<<20)
	fw.Write(spaces)
	fw.Flush()
	mark := z.Len()
	fw.Write(spaces)
	fw.Flush()
	steady := bytes.Clone(z.Bytes()[mark:]) // one more MiB of spaces
	for range maxDecodedStream >> 20 {
		z.Write(steady)
	}
	const pages = 2
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids []string
	for i := range pages {
		n := 3 + 2*i
		kids = append(kids, fmt.Sprintf("%d 0 R", n))
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> /XObject << /Fm %d 0 R >> >> >>", n+1, 3+2*pages, 4+2*pages),
			stream("", fmt.Sprintf("BT /F1 12 Tf 72 700 Td (Page %d) Tj ET /Fm Do", i+1)))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), pages)
	objs = append(objs, helv, fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", z.Len(), z.String()))
	data := buildPDF(objs...)
	seq, err := extract(context.Background(), data, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := seq.Pages[0].Text(); strings.Contains(got, "Form") {
		t.Errorf("page 1 drew the form the first read of which failed: %q", got)
	}
	if got := seq.Pages[1].Text(); !strings.Contains(got, "Form") {
		t.Errorf("page 2 did not draw the truncated form: %q", got)
	}
	par, err := extract(context.Background(), data, pages)
	if err != nil {
		t.Fatal(err)
	}
	if d := sameResult(seq, par); d != "" {
		t.Fatalf("parallel: %s", d)
	}
}
