package pdftext

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A page's text layer is judged usable or not from what the page draws.
func TestScanReasons(t *testing.T) {
	img := stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /BitsPerComponent 8 /ColorSpace /DeviceGray", "\x80")
	const fullPage = "q 612 0 0 792 0 0 cm /Im0 Do Q "
	const smallPicture = "q 100 0 0 80 72 600 cm /Im0 Do Q "
	const prose = "BT /F1 12 Tf 72 700 Td (The Panel agreed the minutes of the meeting held on 7 September 2018 as a true record.) Tj ET"
	cases := []struct {
		name, content string
		want          ScanReason
	}{
		{"scan", fullPage, ScanNoText},
		{"scan with hidden OCR text", fullPage + "BT 3 Tr /F1 12 Tf 72 700 Td (Hidden words of an earlier OCR) Tj ET", ScanInvisible},
		{"scan with a stamped page number", fullPage + "BT /F1 10 Tf 300 30 Td (Page 3 of 12) Tj ET", ScanFewWords},
		{"scan under a full page of text", fullPage + prose, ""},
		{"text page with a picture", smallPicture + "BT /F1 10 Tf 300 30 Td (Page 3) Tj ET", ""},
		{"text page", prose, ""},
		{"blank page", "", ""},
		{"hidden text over nothing", "BT 3 Tr /F1 12 Tf 72 700 Td (Hidden) Tj ET", ""},
		// What a subset font's codes give when read as ASCII.
		{"garbage glyphs", `BT /F1 12 Tf 72 700 Td (!"#$ %&'* +,-./ :;<= >?@[ ]^_ {|}~ !"#$ %&'* +,-./ :;<= >?@[ #$%) Tj ET`, ScanGarbage},
		{"a table of figures and dashes", "BT /F1 12 Tf 72 700 Td (Salaries 12,000 - 13,500 - Rent 4,000 - - 3,900 Total 16,000 17,400 - -) Tj ET", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustExtract(t, onePage(c.content, "", "/XObject << /Im0 6 0 R >>", img))
			var got ScanReason
			if len(res.Scans) == 1 && res.Scans[0].Page == 1 {
				got = res.Scans[0].Reason
			} else if len(res.Scans) > 1 {
				t.Fatalf("scans %+v", res.Scans)
			}
			if got != c.want {
				t.Errorf("reason %q, want %q", got, c.want)
			}
		})
	}
}

// No page of the shared papers that has a text layer is taken for a scan,
// and the scanned annual return is.
func TestScansOnSharedPapers(t *testing.T) {
	var files []string
	for _, dir := range []string{"corpus", "realdocs", "realdocs-wide/*"} {
		f, _ := filepath.Glob(filepath.Join(shared, dir, "*.pdf"))
		files = append(files, f...)
	}
	if len(files) == 0 {
		t.Skip("no shared papers")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Extract(context.Background(), data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		scanned := strings.Contains(f, "SCANNED")
		switch {
		case scanned && (len(res.Scans) != 1 || res.Scans[0].Reason != ScanNoText):
			t.Errorf("%s: scans %+v, want page 1 with no text layer", filepath.Base(f), res.Scans)
		case !scanned && len(res.Scans) > 0:
			t.Errorf("%s: scans %+v, want none", filepath.Base(f), res.Scans)
		}
	}
}
