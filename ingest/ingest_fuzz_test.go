package ingest

// Fuzz target for the whole pipeline. `go test` runs its seeds and the
// regression inputs in testdata/fuzz/FuzzBytes/; the long run
// (docs/fuzzing.md) is
//
//	go test ./ingest -run '^$' -fuzz '^FuzzBytes$' -fuzztime 10m -parallel 1 -fuzzminimizetime 5s

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"panelpapers/corpus"
)

// tinyPDF is a one-page PDF with the given content stream and Helvetica as
// /F1, with a correct cross-reference table.
func tinyPDF(content string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// smallShared returns the papers in ../shared up to 80 KB: big enough to be
// real, small enough that the whole pipeline runs thousands of times a minute.
func smallShared() [][]byte {
	var paths []string
	for _, d := range []string{"realdocs", "corpus"} {
		ents, err := os.ReadDir(filepath.Join(shared, d))
		if err != nil {
			continue
		}
		for _, e := range ents {
			n := strings.ToLower(e.Name())
			if !strings.HasSuffix(n, ".pdf") && !strings.HasSuffix(n, ".html") {
				continue
			}
			if info, err := e.Info(); err == nil && info.Mode().IsRegular() && info.Size() <= 80<<10 {
				paths = append(paths, filepath.Join(shared, d, e.Name()))
			}
		}
	}
	sort.Strings(paths)
	var out [][]byte
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			out = append(out, b)
		}
	}
	return out
}

func FuzzBytes(f *testing.F) {
	f.Add(tinyPDF("BT /F1 14 Tf 72 740 Td (Thames Valley Police and Crime Panel) Tj ET " +
		"BT /F1 11 Tf 72 700 Td (Minutes of a meeting held on Friday, 7 September 2018) Tj ET " +
		"BT /F1 11 Tf 72 680 Td (PRESENT: Councillor A Smith \\(Chairman\\)) Tj ET " +
		"BT /F1 11 Tf 72 650 Td (23/19 BUDGET) Tj 0 -14 Td (RESOLVED that the PCC awarded \\24350,000 to the Youth Trust.) Tj ET"))
	f.Add(tinyPDF("q 500 0 0 700 50 50 cm Q"))
	f.Add([]byte(`<html><head><title>Cabinet - 30 January 2025</title></head><body>
<h2 class="mgSubTitleTxt">Cabinet - Thursday, 30th January, 2025 10.00 am</h2>
<table class="mgItemTable"><tr><td class="mgItemNumberCell"><p>3.</p></td><td><p class="mgAiTitleTxt">Budget 2025-26</p>
<p>Minutes:</p><p>RESOLVED that: (a) the budget be approved; (b) £40,000 be awarded to the Trust.</p></td></tr></table></body></html>`))
	f.Add([]byte("\xef\xbb\xbf<p>Grant of £5,000 to the Village Hall on 3/3/2020 at 7pm.</p>"))
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00h\x00i\x00"))
	f.Add([]byte("%PDF-1.7\n%%EOF"))
	f.Add([]byte("just text"))
	for _, b := range smallShared() {
		f.Add(b)
	}
	const limit = 2 * time.Second
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "fuzz/input.bin"
		now := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
		type outcome struct {
			p   *corpus.Parsed
			err error
		}
		done := make(chan outcome, 1)
		go func() {
			p, err := Bytes(context.Background(), path, data, Options{Timeout: limit, Now: now})
			done <- outcome{p, err}
		}()
		var out outcome
		select {
		case out = <-done:
		case <-time.After(limit + 8*time.Second):
			t.Fatalf("Bytes did not return within 8s of its %v limit", limit)
		}
		p, err := out.p, out.err
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "ingest "+path+": ") || len(msg) <= len("ingest "+path+": ") {
				t.Fatalf("error %q does not name the file and the problem", msg)
			}
			// Bytes and htmltext.Read recover panics into these errors; the
			// PDF library's panics on malformed files are expected, and
			// pdftext turns them into "malformed PDF" errors.
			if strings.Contains(msg, "parser crashed") || strings.Contains(msg, "htmltext: read:") {
				t.Fatalf("a parser panicked: %v", err)
			}
			if !errors.Is(err, ErrNeedsOCR) {
				if p != nil {
					t.Fatalf("error %v with a result", err)
				}
				return
			}
		}
		if p == nil {
			t.Fatal("nil result without an error")
		}
		if _, jerr := json.Marshal(p); jerr != nil {
			t.Fatalf("result cannot be written as JSON: %v", jerr)
		}
		if p.Document.Pages != len(p.Pages) {
			t.Fatalf("Document.Pages %d, %d pages", p.Document.Pages, len(p.Pages))
		}
		for _, s := range []string{p.Document.Title, p.Document.Body, p.Document.Producer} {
			if !utf8.ValidString(s) {
				t.Fatalf("document field %q is not UTF-8", s)
			}
		}
		if d := p.Document.MeetingDate; d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				t.Fatalf("meeting date %q", d)
			}
		}
		ids := map[string]bool{}
		for _, it := range p.Items {
			if !it.Kind.Valid() || it.ID == "" || ids[it.ID] || it.DocID != p.Document.ID {
				t.Fatalf("item %+v: bad kind or id", it)
			}
			ids[it.ID] = true
			if it.Page < 0 || it.Page > len(p.Pages) || it.PageEnd > len(p.Pages) {
				t.Fatalf("item %+v: page out of range (%d pages)", it, len(p.Pages))
			}
			if it.Amount < 0 {
				t.Fatalf("item %+v: negative amount", it)
			}
			for _, s := range []string{it.Number, it.Title, it.Text, it.Recipient, it.Fund, it.Person, it.Purpose} {
				if !utf8.ValidString(s) {
					t.Fatalf("item %+v: %q is not UTF-8", it, s)
				}
			}
			if it.Date != "" {
				if _, err := time.Parse("2006-01-02", it.Date); err != nil {
					t.Fatalf("item %+v: date %q", it, it.Date)
				}
			}
		}
	})
}
