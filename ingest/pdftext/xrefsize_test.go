package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
)

// sparseObjects are the objects of a three-page file numbered as a merge
// tool numbers them: high, with gaps (object number -> body).
func sparseObjects() map[int]string {
	objs := map[int]string{
		40: "<< /Type /Catalog /Pages 41 0 R >>",
		41: "<< /Type /Pages /Kids [50 0 R 60 0 R 70 0 R] /Count 3 >>",
		45: helv,
	}
	for i, words := range []string{"Agenda item one", "Minutes of the meeting", "Budget report approved"} {
		page, content := 50+10*i, 51+10*i
		objs[page] = fmt.Sprintf("<< /Type /Page /Parent 41 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 45 0 R >> >> >>", content)
		objs[content] = stream("", fmt.Sprintf("BT /F1 12 Tf 72 700 Td (%s) Tj ET", words))
	}
	return objs
}

var sparseWords = []string{"Agenda item one", "Minutes of the meeting", "Budget report approved"}

// shortSizePDF writes objs with a table listing objects 0 to the highest
// one, free in the gaps, and the trailer trailer (its "SIZE" replaced by
// size). after, if set, is one more object written after the trailer (as
// in a linearized file, whose first trailer comes before most objects);
// its entry is in the table.
func shortSizePDF(objs map[int]string, trailer string, size string, after int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	top := 0
	for n := range objs {
		top = max(top, n)
	}
	off := map[int]int{}
	for n := 1; n <= top; n++ {
		if o, ok := objs[n]; ok && n != after {
			off[n] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, o)
		}
	}
	// The table comes before the object written after the trailer, whose
	// offset it must already know: lay that object out first.
	var tail bytes.Buffer
	xref := b.Len()
	var table bytes.Buffer
	fmt.Fprintf(&table, "xref\n0 %d\n", top+1)
	tr := "trailer\n" + strings.ReplaceAll(trailer, "SIZE", size) + "\n"
	tableLen := len(fmt.Sprintf("xref\n0 %d\n", top+1)) + 20*(top+1) + len(tr)
	if after > 0 {
		off[after] = xref + tableLen
		fmt.Fprintf(&tail, "%d 0 obj\n%s\nendobj\n", after, objs[after])
	}
	for n := 0; n <= top; n++ {
		if o, ok := off[n]; ok {
			fmt.Fprintf(&table, "%010d 00000 n \n", o)
		} else {
			fmt.Fprintf(&table, "0000000000 65535 f \n")
		}
	}
	table.WriteString(tr)
	if table.Len() != tableLen {
		panic("table length")
	}
	b.Write(table.Bytes())
	b.Write(tail.Bytes())
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes()
}

// libraryPageTree reports whether the library, given data as is, finds
// the page tree: the test files must show the bug before the repair.
func libraryPageTree(data []byte) bool {
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	return err == nil && r.Trailer().Key("Root").Key("Pages").Kind() == pdf.Dict
}

// checkSparse checks that all three pages of a sparseObjects file came
// out, with their text, and agree with pdftotext when it is installed.
func checkSparse(t *testing.T, data []byte) {
	t.Helper()
	res := mustExtract(t, data)
	if len(res.Pages) != len(sparseWords) {
		t.Fatalf("%d pages, want %d", len(res.Pages), len(sparseWords))
	}
	for i, p := range res.Pages {
		if got := p.Text(); got != sparseWords[i] {
			t.Errorf("page %d: text %q, want %q", i+1, got, sparseWords[i])
		}
	}
	if len(res.PageErrors) > 0 {
		t.Errorf("page errors: %v", res.PageErrors)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	path := filepath.Join(t.TempDir(), "short.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if got, want := strings.Join(tokens(docText(res, true)), " "), strings.Join(tokens(string(out)), " "); got != want {
		t.Errorf("words %q, pdftotext %q", got, want)
	}
}

func TestShortTrailerSize(t *testing.T) {
	objs := sparseObjects()
	for _, tc := range []struct {
		name, trailer, size string
		moves               bool // the repair must shift the bytes after /Size
	}{
		// pdfunite's layout: the new digits fit over the old and a space.
		{"room", "<< /Size SIZE /Root 40 0 R >>", "3", false},
		{"no room", "<</Size SIZE/Root 40 0 R>>", "3", true},
		{"last of two", "<</Size 100 /Root 40 0 R /Size SIZE>>", "9", true},
		{"line ends", "<<\r\n/Size SIZE\r\n/Root 40 0 R\r\n>>", "3", false},
		{"negative", "<</Size SIZE/Root 40 0 R>>", "-1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := shortSizePDF(objs, tc.trailer, tc.size, 0)
			if libraryPageTree(data) {
				t.Fatal("the library reads the page tree without the repair: the test shows nothing")
			}
			sh, err := checkXref(data)
			if err != nil {
				t.Fatal(err)
			}
			fixed := fixXrefSize(data, sh)
			if moved := len(fixed) != len(data); moved != tc.moves {
				t.Errorf("file length %d -> %d, want moved=%v", len(data), len(fixed), tc.moves)
			}
			if !libraryPageTree(fixed) {
				t.Fatalf("no page tree after the repair; trailer: %q", fixed[bytes.LastIndex(fixed, []byte("trailer")):])
			}
			checkSparse(t, data)
		})
	}
}

// TestShortTrailerSizeUnmovable: when an object lies after the trailer,
// the number may only be rewritten in place. With no room, the file stays
// as it was (and still fails cleanly); with room, it is repaired.
func TestShortTrailerSizeUnmovable(t *testing.T) {
	objs := sparseObjects()
	data := shortSizePDF(objs, "<</Size SIZE/Root 40 0 R>>", "3", 71)
	sh, err := checkXref(data)
	if err != nil {
		t.Fatal(err)
	}
	if fixed := fixXrefSize(data, sh); &fixed[0] != &data[0] {
		t.Error("bytes moved in front of an object the library reads")
	}
	if _, err := Extract(context.Background(), data); err == nil {
		t.Error("no error for a file the repair cannot fix")
	}

	data = shortSizePDF(objs, "<</Size SIZE   /Root 40 0 R>>", "3", 71)
	if libraryPageTree(data) {
		t.Fatal("the library reads the page tree without the repair")
	}
	checkSparse(t, data)
}

// TestShortTrailerSizeHealthy: a correct or larger /Size leaves the file
// alone, without a copy.
func TestShortTrailerSizeHealthy(t *testing.T) {
	objs := sparseObjects()
	for _, size := range []string{"72", "73", "1000000000000"} {
		data := shortSizePDF(objs, "<</Size SIZE/Root 40 0 R>>", size, 0)
		sh, err := checkXref(data)
		if err != nil {
			t.Fatal(err)
		}
		if fixed := fixXrefSize(data, sh); len(fixed) != len(data) || &fixed[0] != &data[0] {
			t.Errorf("/Size %s: the file was rewritten", size)
		}
		checkSparse(t, data)
	}
	for _, data := range handmadePDFs() {
		sh, err := checkXref(data)
		if err != nil {
			continue
		}
		if fixed := fixXrefSize(data, sh); len(fixed) != len(data) || &fixed[0] != &data[0] {
			t.Errorf("hand-made file rewritten:\n%s", data)
		}
	}
}

var reSize = regexp.MustCompile(`/Size[ \r\n]*([0-9]+)`)

// TestShortTrailerSizeHostile: the repaired /Size is bounded by what the
// table lists, which checkXref bounds by the file size; absurd tables are
// not repaired.
func TestShortTrailerSizeHostile(t *testing.T) {
	objs := sparseObjects()
	base := shortSizePDF(objs, "<</Size SIZE/Root 40 0 R>>", "3", 0)
	i := bytes.LastIndex(base, []byte("trailer"))

	// One more subsection listing a single object numbered near the limit:
	// the table grows to it anyway, and /Size follows, no further.
	for _, tc := range []struct {
		sub     string
		want    int // the repaired /Size, 0 for none
		refused bool
	}{
		{"60000 1\n0000000000 65535 f \n", 60001, false},
		{"5000000 1\n0000000000 65535 f \n", 0, true}, // checkXref refuses
		{"0 99999999\n0000000000 65535 f \n", 0, false},
	} {
		data := append(append(append([]byte{}, base[:i]...), tc.sub...), base[i:]...)
		sh, err := checkXref(data)
		if tc.refused {
			if !errors.Is(err, ErrBrokenXref) {
				t.Errorf("%q: err = %v, want ErrBrokenXref", tc.sub, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.sub, err)
		}
		fixed := fixXrefSize(data, sh)
		m := reSize.FindAllSubmatch(fixed[bytes.LastIndex(fixed, []byte("trailer")):], -1)
		got, _ := strconv.Atoi(string(m[len(m)-1][1]))
		if tc.want == 0 && got != 3 || tc.want != 0 && got != tc.want {
			t.Errorf("%q: /Size %d, want %d", tc.sub, got, max(tc.want, 3))
		}
		if got > sh.limit+1 {
			t.Errorf("%q: /Size %d beyond the limit %d", tc.sub, got, sh.limit)
		}
		start := time.Now()
		_, _ = Extract(context.Background(), data)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%q: Extract took %v", tc.sub, d)
		}
	}
}

// xrefStreamUpdate builds a file whose objects are indexed by a
// cross-reference stream, followed by an incremental update (a new page
// content) indexed by a second stream whose /Size is smaller than the
// first's, which the library refuses ("xref prev stream larger than last
// stream"). newest is the second stream's dictionary, without /Size,
// /Prev and /Length.
func xrefStreamUpdate(newest string, rows func(off []int) []byte) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
		helv,
		stream("", "BT /F1 12 Tf 72 700 Td (Old text) Tj ET"),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.5\n")
	off := make([]int, len(objs)+1)
	for i, o := range objs {
		off[i+1] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	row := func(typ, f2, f3 int) []byte {
		return []byte{byte(typ), byte(f2 >> 24), byte(f2 >> 16), byte(f2 >> 8), byte(f2), byte(f3 >> 8), byte(f3)}
	}
	// Stream 1: objects 0-7 (6 is the stream itself, 7 unused), /Size 8.
	first := b.Len()
	var t1 []byte
	t1 = append(t1, row(0, 0, 65535)...)
	for n := 1; n <= 5; n++ {
		t1 = append(t1, row(1, off[n], 0)...)
	}
	t1 = append(t1, row(1, first, 0)...)
	t1 = append(t1, row(0, 0, 0)...)
	fmt.Fprintf(&b, "6 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(t1), t1)
	// The update: object 5 replaced.
	off[5] = b.Len()
	fmt.Fprintf(&b, "5 0 obj\n%s\nendobj\n", stream("", "BT /F1 12 Tf 72 700 Td (New text) Tj ET"))
	second := b.Len()
	t2 := rows(off)
	fmt.Fprintf(&b, "8 0 obj\n<< /Type /XRef %s /Prev %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\nendstream\nendobj\n", newest, first, len(t2), t2)
	fmt.Fprintf(&b, "startxref\n%d\n%%%%EOF\n", second)
	return b.Bytes()
}

func TestShortXrefStreamSize(t *testing.T) {
	row := func(typ, f2, f3 int) []byte {
		return []byte{byte(typ), byte(f2 >> 24), byte(f2 >> 16), byte(f2 >> 8), byte(f2), byte(f3 >> 8), byte(f3)}
	}
	for _, tc := range []struct {
		name, dict string
		rows       func(off []int) []byte
	}{
		// /Index lists object 5 only; /Size 6 is below the older 8.
		{"index", "/Size 6 /Index [5 1]", func(off []int) []byte { return row(1, off[5], 0) }},
		// No /Index: rows for objects 0-5 (a free row would hide the older
		// stream's entry, so 1-4 are given again).
		{"no index", "/Size 6", func(off []int) []byte {
			r := row(0, 0, 65535)
			for n := 1; n <= 5; n++ {
				r = append(r, row(1, off[n], 0)...)
			}
			return r
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := xrefStreamUpdate(tc.dict, tc.rows)
			if _, err := pdf.NewReader(bytes.NewReader(data), int64(len(data))); err == nil || !strings.Contains(err.Error(), "larger than last") {
				t.Fatalf("the library opens the file without the repair (err %v): the test shows nothing", err)
			}
			res := mustExtract(t, data)
			if got := allText(res); len(res.Pages) != 1 || got != "New text" {
				t.Errorf("%d pages, text %q; want 1 page, New text", len(res.Pages), got)
			}
		})
	}
	// The hostile version, /Size 10^12, is refused before the library
	// allocates it.
	data := xrefStreamUpdate("/Size 1000000000000", func([]int) []byte { return nil })
	if _, err := Extract(context.Background(), data); !errors.Is(err, ErrBrokenXref) {
		t.Errorf("/Size 10^12: err = %v, want ErrBrokenXref", err)
	}
}

// TestPdfuniteShortSize merges two shared files with poppler's pdfunite,
// which writes a trailer /Size short of its table (poppler 22.12), and
// checks every page of both comes out as it does from the originals, and
// agrees with poppler's own text.
func TestPdfuniteShortSize(t *testing.T) {
	if _, err := exec.LookPath("pdfunite"); err != nil {
		t.Skip("pdfunite not on PATH")
	}
	names := []string{"corpus/tvpcp-2018-11-16-pack.pdf", "realdocs/kent_cabinet_2025-01-30_agenda_frontsheet.pdf"}
	var want []*Result
	var paths []string
	for _, n := range names {
		want = append(want, extractFile(t, n)) // skips when shared is absent
		paths = append(paths, filepath.Join(shared, n))
	}
	out := filepath.Join(t.TempDir(), "merged.pdf")
	if msg, err := exec.Command("pdfunite", append(paths, out)...).CombinedOutput(); err != nil {
		t.Fatalf("pdfunite: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	sh, err := checkXref(data)
	if err != nil {
		t.Fatal(err)
	}
	if libraryPageTree(data) {
		t.Logf("this pdfunite writes a /Size the library accepts (table of %d entries)", sh.cover)
	} else {
		t.Logf("pdfunite's table lists %d objects, beyond its trailer /Size", sh.cover)
	}
	res := mustExtract(t, data)
	var pages []string
	for _, r := range want {
		for _, p := range r.Pages {
			pages = append(pages, p.Text())
		}
	}
	if len(res.Pages) != len(pages) {
		t.Fatalf("%d pages, want %d", len(res.Pages), len(pages))
	}
	for i, p := range res.Pages {
		if got := p.Text(); got != pages[i] {
			t.Errorf("page %d differs from the original's:\n got %.200q\nwant %.200q", i+1, got, pages[i])
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	ref, err := exec.Command("pdftotext", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	got, wantWords := tokens(docText(res, true)), tokens(string(ref))
	wf := f1(got, wantWords)
	t.Logf("pages=%d words=%d word F1 with pdftotext %.4f", len(res.Pages), len(got), wf)
	if wf < 0.98 {
		t.Errorf("word F1 with pdftotext %.4f < 0.98", wf)
	}
}
