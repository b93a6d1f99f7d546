package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/corpus"
)

const shared = "../../shared"

func parseShared(t *testing.T, rel string) *corpus.Parsed {
	t.Helper()
	path := filepath.Join(shared, rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not available", path)
	}
	p, err := File(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("ingest %s: %v", rel, err)
	}
	return p
}

// TestMetadataOfRealPapers checks what a person reads on the front of each
// real paper: which body it belongs to and the date of its meeting.
func TestMetadataOfRealPapers(t *testing.T) {
	tests := []struct{ file, body, date string }{
		{"corpus/tvpcp-2018-11-16-pack.pdf", "Thames Valley Police and Crime Panel", "2018-11-16"},
		{"corpus/tvpcp-2018-11-16-pack-libreoffice.pdf", "Thames Valley Police and Crime Panel", "2018-11-16"},
		{"corpus/tvpcp-2018-11-16-agenda.html", "Thames Valley Police and Crime Panel", "2018-11-16"},
		{"corpus/tvpcp-2018-09-07-minutes.html", "Thames Valley Police and Crime Panel", "2018-09-07"},
		{"realdocs/kent_cabinet_2025-01-30_agenda_frontsheet.pdf", "Cabinet", "2025-01-30"},
		{"realdocs/kent_cabinet_2025-01-30_printed_minutes.pdf", "Cabinet", "2025-01-30"},
		{"realdocs/kent_council_2025-03-13_governance_update_report.pdf", "County Council", "2025-03-13"},
		{"realdocs/merton_audit_committee_2009-10-22_agenda_acrobat8.pdf", "Merton Council Audit Committee", "2009-10-22"},
		{"realdocs/manordeilo_salem_cc_2019-02-06_minutes_en_grants.pdf", "Manordeilo & Salem Community Council", "2019-02-06"},
		{"realdocs/tintern_cc_2019-07-29_minutes.pdf", "Tintern Community Council", "2019-07-29"},
		{"realdocs/us_chicago_ssa21_commission_minutes_2018-01-29.pdf", "", "2018-01-29"},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			p := parseShared(t, tc.file)
			d := p.Document
			if d.Body != tc.body || d.MeetingDate != tc.date {
				t.Errorf("body %q, date %q; want %q, %q", d.Body, d.MeetingDate, tc.body, tc.date)
			}
			if d.Title == "" || len(p.Items) == 0 || d.Pages != len(p.Pages) {
				t.Errorf("title %q, %d items, %d pages of %d", d.Title, len(p.Items), len(p.Pages), d.Pages)
			}
			for _, it := range p.Items {
				if it.ID == "" || it.DocID != d.ID || it.Page < 1 || it.Page > d.Pages {
					t.Fatalf("item %+v: missing id or a page outside 1-%d", it, d.Pages)
				}
			}
		})
	}
}

func TestScanIsReportedAsNeedingOCR(t *testing.T) {
	path := filepath.Join(shared, "realdocs", "tintern_cc_annual_return_2017-18_SCANNED.pdf")
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared papers not available")
	}
	p, err := File(context.Background(), path, Options{})
	if !errors.Is(err, ErrNeedsOCR) || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v; want ErrNeedsOCR naming the file", err)
	}
	if p == nil || !p.Document.NeedsOCR || len(p.Items) != 0 || p.Document.ID == "" {
		t.Fatalf("parsed = %+v; want a NeedsOCR document with no items", p)
	}
}

func TestModernGovPagesYieldAgendaAndMinuteItems(t *testing.T) {
	agenda := parseShared(t, "corpus/tvpcp-2018-11-16-agenda.html")
	var numbers []string
	for _, it := range agenda.Items {
		if it.Kind == corpus.KindAgendaItem {
			numbers = append(numbers, strings.TrimSuffix(it.Number, "."))
		}
	}
	if got := strings.Join(numbers, " "); got != "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" {
		t.Errorf("agenda item numbers = %s", got)
	}

	minutes := parseShared(t, "corpus/tvpcp-2018-09-07-minutes.html")
	byKind := map[corpus.Kind][]corpus.Item{}
	for _, it := range minutes.Items {
		byKind[it.Kind] = append(byKind[it.Kind], it)
	}
	if len(byKind[corpus.KindMinute]) < 7 {
		t.Errorf("%d minute items; want the seven numbered minutes", len(byKind[corpus.KindMinute]))
	}
	decisions := byKind[corpus.KindDecision]
	thanked := false
	for _, d := range decisions {
		thanked = thanked || strings.Contains(d.Text, "thanked")
		if d.Date != "2018-09-07" {
			t.Errorf("decision dated %q, want the meeting's date: %+v", d.Date, d)
		}
	}
	if !thanked {
		t.Errorf("no decision records the presenters being thanked: %+v", decisions)
	}
}

func TestFormatIsDecidedByContent(t *testing.T) {
	ctx := context.Background()
	html := []byte("<html><body><h1>Minutes</h1><p>The Committee met on 3 March 2020.</p></body></html>")
	p, err := Bytes(ctx, "minutes.pdf", html, Options{})
	if err != nil || p.Document.Format != corpus.FormatHTML || p.Document.MeetingDate != "2020-03-03" {
		t.Fatalf("HTML named .pdf: %v, %+v", err, p)
	}
	for name, data := range map[string][]byte{
		"empty.pdf":   nil,
		"binary.html": {0x00, 0x01, 0xfe, 0x13, 0x88, 0x00, 0x42},
		"trunc.pdf":   []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
	} {
		if _, err := Bytes(ctx, name, data, Options{}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v; want an error naming the file", name, err)
		}
	}
}

func TestOptionsOverrideWhatThePaperSays(t *testing.T) {
	html := []byte("<html><body><h1>Minutes</h1><p>Minutes of the Audit Committee held on 3 March 2020.</p></body></html>")
	p, err := Bytes(context.Background(), "m.html", html, Options{Body: "Scrutiny Panel", Date: "2020-04-01"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Document.Body != "Scrutiny Panel" || p.Document.MeetingDate != "2020-04-01" {
		t.Errorf("document %+v", p.Document)
	}
	for _, it := range p.Items {
		if it.Body != "Scrutiny Panel" || it.MeetingDate != "2020-04-01" {
			t.Errorf("item %+v does not carry the document's body and date", it)
		}
	}
	if _, err := Bytes(context.Background(), "m.html", html, Options{Date: "1/4"}); err == nil {
		t.Error("a malformed --date was accepted")
	}
}

func TestItemIDsAreDeterministic(t *testing.T) {
	a := parseShared(t, "realdocs/kent_cabinet_2025-01-30_printed_minutes.pdf")
	b := parseShared(t, "realdocs/kent_cabinet_2025-01-30_printed_minutes.pdf")
	if len(a.Items) != len(b.Items) {
		t.Fatalf("%d vs %d items", len(a.Items), len(b.Items))
	}
	for i := range a.Items {
		if a.Items[i].ID != b.Items[i].ID {
			t.Fatalf("item %d: id %s then %s", i, a.Items[i].ID, b.Items[i].ID)
		}
	}
}

// A file Options.Known reports stored is not parsed: even a file that would
// fail to parse comes back ErrKnown, and Known is asked with the file's ID.
func TestKnownFilesAreNotParsed(t *testing.T) {
	broken := []byte("%PDF-1.7\n this is no PDF at all")
	if _, err := Bytes(context.Background(), "broken.pdf", broken, Options{}); err == nil || errors.Is(err, ErrKnown) {
		t.Fatalf("the broken file parses: %v", err)
	}
	var asked string
	known := func(id string) bool { asked = id; return true }
	_, err := Bytes(context.Background(), "broken.pdf", broken, Options{Known: known})
	if !errors.Is(err, ErrKnown) {
		t.Errorf("known file: %v, want ErrKnown", err)
	}
	if asked != DocumentID(broken) {
		t.Errorf("Known asked for %q, want the file's ID %q", asked, DocumentID(broken))
	}
	p, err := Bytes(context.Background(), "x.html", []byte("<html><body><p>Hello</p></body></html>"), Options{Known: func(string) bool { return false }})
	if err != nil || p == nil {
		t.Errorf("unknown file: %v", err)
	}
}
