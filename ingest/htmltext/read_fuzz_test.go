package htmltext

// Fuzz target for Read. `go test` runs its seeds and the regression inputs in
// testdata/fuzz/FuzzRead/; the long run (docs/fuzzing.md) is
//
//	go test ./ingest/htmltext -run '^$' -fuzz '^FuzzRead$' -fuzztime 10m -parallel 1 -fuzzminimizetime 5s

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"panelpapers/ingest/layout"
)

// Seeds read from ../shared or testdata: files up to maxSeedFile bytes,
// cut to their first maxSeedLen bytes (the parser closes what the cut leaves
// open). Big inputs slow every exec and every minimisation.
const (
	maxSeedFile = 64 << 10
	maxSeedLen  = 16 << 10
)

func htmlSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, dir := range []string{filepath.Join(shared, "realdocs"), filepath.Join(shared, "corpus"), "testdata"} {
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue // the shared files are a bonus
		}
		for _, e := range ents {
			if n := strings.ToLower(e.Name()); !strings.HasSuffix(n, ".html") && !strings.HasSuffix(n, ".htm") {
				continue
			}
			if info, err := e.Info(); err != nil || !info.Mode().IsRegular() || info.Size() > maxSeedFile {
				continue
			}
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				out = append(out, b[:min(len(b), maxSeedLen)])
			}
		}
	}
	return out
}

// hostileHTML are small inputs aimed at the edges: unclosed and misnested
// tags, nesting deeper than x/net/html accepts, charset declarations that
// lie, byte order marks, UTF-16 without a BOM, and a modern.gov item table.
var hostileHTML = []string{
	"<p>unclosed <b>bold <i>both</p> after <table><tr><td>cell<td>two",
	strings.Repeat("<div>", 600) + "deep text" + strings.Repeat("</div>", 10),
	strings.Repeat("<table><tr><td>", 120) + "nested cell",
	"<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9 \x93quoted\x94</title></head><body><p>\xa3250 to the Caf\xe9</p></body></html>",
	"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><h1>Not UTF-8 \xff\xfe</h1></body></html>",
	"<?xml version=\"1.0\" encoding=\"shift_jis\"?><html><body><p>\x82\xa0</p></body></html>",
	"<meta charset=\"x-user-defined\"><meta charset=\"utf-16\"><p>\x80\x81</p>",
	"\xef\xbb\xbf<p>BOM then \xc3\xa9 and a bad byte \xc3</p>",
	"\xff\xfe<\x00p\x00>\x00h\x00i\x00<\x00/\x00p\x00>\x00",
	"\xfe\xff\x00<\x00p\x00>\x00h\x00i\x00<\x00/\x00p\x00>",
	"<\x00h\x001\x00>\x00T\x00i\x00t\x00l\x00e\x00<\x00/\x00h\x001\x00>\x00",
	"<script>document.write('<p>no</p>')</script><style>p{}</style><nav>menu</nav><p hidden>gone</p><p style=\"display:none\">gone</p><p>kept&nbsp;&amp;&#0;&#x110000;&#xD800;</p>",
	"<pre>\tpre\n  formatted\r\n\x0btext</pre><br><br/><ul><li>one<li>two<ol><li>a</ol></ul>",
	`<h2 class="mgSubTitleTxt">Cabinet - Thursday, 30th January, 2025 10.00 am</h2>
<table class="mgItemTable"><tr><td class="mgItemNumberCell"><p>3.</p></td><td><p class="mgAiTitleTxt">Budget 2025-26</p>
<p>Minutes:</p><p>RESOLVED that: (a) the budget be approved; (b) noted.</p><p>Decision:</p><p>1. Agreed.</p>
<p>PDF 240 KB</p><p>Pages 5 - 16</p></td></tr></table>`,
	`<h1>Decision details</h1><h2>Decision:</h2><p>(1) To approve; (2) to note.</p><h2>Reasons for the decision:</h2><p>x</p>`,
	"<title></title><h1></h1><table><tr></tr><tr><td></td></tr></table><p>\u200b\u00a0</p>",
	"<p>" + strings.Repeat("a&amp;", 2000) + "</p>",
	"",
	"\x00\x01\x02 binary",
}

func FuzzRead(f *testing.F) {
	for _, s := range hostileHTML {
		f.Add([]byte(s))
	}
	for _, b := range htmlSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		res, err := Read(data)
		if el := time.Since(start); el > 10*time.Second {
			t.Fatalf("Read of %d bytes took %v", len(data), el)
		}
		if err != nil {
			// Read recovers parser panics and returns them as errors: only
			// "not HTML" is an expected failure.
			if !IsNotHTML(err) {
				t.Fatalf("Read: %v", err)
			}
			if res != nil {
				t.Fatalf("error %v with a non-nil result", err)
			}
			return
		}
		if res == nil {
			t.Fatal("nil result without an error")
		}
		checkText(t, "title", res.Title)
		checkText(t, "charset", res.Charset)
		checkLines(t, res.Lines)
		if m := res.Meeting; m != nil {
			for _, s := range []string{m.Body, m.Time, m.Venue, m.Contact} {
				checkText(t, "meeting", s)
			}
		}
	})
}

func checkLines(t *testing.T, lines []layout.Line) {
	t.Helper()
	for i, l := range lines {
		checkText(t, "line", l.Text)
		for _, c := range l.Cells {
			checkText(t, "cell", c)
		}
		if l.Level < 0 || l.Level > 6 {
			t.Fatalf("line %d: heading level %d", i, l.Level)
		}
	}
}

// checkText: valid UTF-8, and no NUL or other C0 control character but the
// tab that separates cells and the newline that joins paragraphs of an item.
func checkText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s %q is not valid UTF-8", what, s)
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			t.Fatalf("%s %q holds control character %U", what, s, r)
		}
	}
}

// TestControlCharactersInTitle is the fuzzer's first find: a C0 control
// character in <title> came through to Result.Title (collapse kept it,
// while the line builder already turned controls into spaces).
func TestControlCharactersInTitle(t *testing.T) {
	page := "<title>Budget\x03report\x7f2019\u0085</title><p>" + strings.Repeat("Text of the page. ", 20) + "</p>"
	res, err := Read([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if res.Title != "Budget report 2019" {
		t.Errorf("title %q, want %q", res.Title, "Budget report 2019")
	}
}
