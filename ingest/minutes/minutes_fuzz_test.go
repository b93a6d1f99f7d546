package minutes

// Fuzz targets. `go test` runs their seeds and the regression inputs in
// testdata/fuzz/; the long runs (docs/fuzzing.md) are
//
//	go test ./ingest/minutes -run '^$' -fuzz '^FuzzMinuteNumber$' -fuzztime 10m -parallel 1
//	go test ./ingest/minutes -run '^$' -fuzz '^FuzzExtract$' -fuzztime 10m -parallel 1 -fuzzminimizetime 5s

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"panelpapers/corpus"
)

var numberSeeds = []string{
	"16 TITLE", "45. Title", "23/19 Title", "4.1 Title", "2738: Title", "88.\tTitle", "2724. Title: text",
	"84.", "84", "23/19", "9999/999", "0.0", "1.2.3 Title", "12a) Item", "007 Bond", "４５. Title",
}

// FuzzMinuteNumber checks the minute-number reader on its own: whatever the
// heading patterns accept as a number, numParts can read, and the order
// test follows is a strict order (a number never follows itself, and two
// numbers never follow each other).
func FuzzMinuteNumber(f *testing.F) {
	for i, s := range numberSeeds {
		f.Add(s, numberSeeds[(i+3)%len(numberSeeds)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		na, nb := number(a), number(b)
		if na == "" || nb == "" {
			return
		}
		pa, pb := numParts(na), numParts(nb)
		if len(pa) == 0 || len(pb) == 0 {
			t.Fatalf("numParts(%q) = %v, numParts(%q) = %v", na, pa, nb, pb)
		}
		if !follows(pa, nil) {
			t.Fatalf("%q does not follow nothing", na)
		}
		if follows(pa, pa) {
			t.Fatalf("%q follows itself", na)
		}
		if follows(pa, pb) && follows(pb, pa) {
			t.Fatalf("%q and %q follow each other", na, nb)
		}
	})
}

// number is the minute number a heading line starts with, as minuteHeading
// reads it, or "".
func number(s string) string {
	if m := minuteBare.FindStringSubmatch(plain(s)); m != nil {
		return m[1]
	}
	if m := minuteNumbered.FindStringSubmatch(collapse(s)); m != nil {
		return m[1]
	}
	return ""
}

// fuzzPages builds pages from text: "\f" starts a page, "\n" a line, "\t"
// separates the cells of a table row. style gives each line's typography
// (bit 0 bold, bit 1 larger, bit 2 same block as the line before, bits 3-4
// heading level, bit 5 same baseline as the line before).
func fuzzPages(text string, style []byte) []corpus.Page {
	var pages []corpus.Page
	k := 0
	for pi, pt := range strings.Split(text, "\f") {
		p := corpus.Page{Number: pi + 1}
		y, block := 40.0, 0
		for _, s := range strings.Split(pt, "\n") {
			var st byte
			if k < len(style) {
				st = style[k]
			}
			k++
			l := corpus.Line{Text: s, Size: 11, X: 60, Bold: st&1 != 0, Level: int(st>>3) & 3}
			if st&2 != 0 {
				l.Size = 14
			}
			if st&4 == 0 || block == 0 {
				block++
			}
			if st&32 == 0 {
				y += 14
			}
			if strings.Contains(s, "\t") {
				l.Cells = strings.Split(s, "\t")
			}
			l.Block, l.Y = block, y
			p.Lines = append(p.Lines, l)
		}
		pages = append(pages, p)
	}
	return pages
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// FuzzExtract runs the whole minutes reader over fuzzed pages: it must not
// panic, must return in bounded time, and every item must be well formed.
func FuzzExtract(f *testing.F) {
	f.Add("Agenda\n1. Apologies for absence\n2. Minutes of the last meeting 3 - 8\n11.10am 3. Budget\f"+
		"MINUTES of a meeting of the Panel held on Friday, 7 September 2018\nPRESENT: Councillor A Smith (Chairman), Cllr B Jones\n"+
		"Apologies for absence were received from Mr C Brown.\n23/19 DECLARATIONS OF INTEREST\nCllr Jones declared a personal interest in item 5.\n"+
		"24/19 BUDGET\nRESOLVED that: (1) the budget be approved; (2) the report be noted.\nQuestions\n1. Mr X asked whether the fund would grow.\n"+
		"\t\n84.\tGrants\n|Item|Subject|\nCHAIRMAN\nThe meeting closed at 12.45 pm", "\x01\x00\x00\x02\x01\x00\x00\x01\x00\x01\x00\x01\x05\x00\x01\x00\x00\x21")
	f.Add("84.\nTitle beside\n(Item 3)\n85.\n\n\nSigned ....... Chairman\nDate ......", "\x01\x21\x00\x01")
	f.Add("", "")
	// The text layers of the real papers, as pdftotext reads them, cut to
	// keep the seeds small.
	if ents, err := os.ReadDir(filepath.Join(shared, "realdocs")); err == nil {
		for _, e := range ents {
			if !strings.HasSuffix(e.Name(), ".pdftotext.txt") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(shared, "realdocs", e.Name()))
			if err != nil || len(b) < 100 {
				continue
			}
			if len(b) > 16<<10 {
				b = b[:16<<10]
			}
			f.Add(string(b), "")
		}
	}
	f.Fuzz(func(t *testing.T, text, style string) {
		pages := fuzzPages(text, []byte(style))
		start := time.Now()
		items := Extract(pages, "2018-09-07")
		if el := time.Since(start); el > 10*time.Second {
			t.Fatalf("Extract of %d bytes took %v", len(text), el)
		}
		for _, it := range items {
			if !it.Kind.Valid() {
				t.Fatalf("item kind %q", it.Kind)
			}
			if it.Page < 1 || it.Page > len(pages) || it.PageEnd != 0 && (it.PageEnd < it.Page || it.PageEnd > len(pages)) {
				t.Fatalf("item %+v: pages out of range (%d pages)", it, len(pages))
			}
			if it.Date != "" && !isoDate.MatchString(it.Date) {
				t.Fatalf("item %+v: date %q", it, it.Date)
			}
			for _, s := range []string{it.Number, it.Title, it.Text, it.Person, it.Role, it.Interest, it.Status, it.Topic, it.Response, it.Pages, it.Time} {
				if utf8.ValidString(text) && !utf8.ValidString(s) {
					t.Fatalf("item %+v: %q is not UTF-8", it, s)
				}
			}
		}
	})
}
