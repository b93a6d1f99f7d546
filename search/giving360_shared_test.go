package search_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/search"
)

var (
	grantIDPattern = regexp.MustCompile(`^360G-papers-[0-9a-f]+-[0-9]+$`)
	orgIDPattern   = regexp.MustCompile(`^(GB-CHC-[1-9][0-9]{5,6}|GB-SC-SC[0-9]{6}|GB-NIC-[0-9]{6}|GB-COH-[A-Z0-9]{8}|360G-papers-org-[\p{Ll}\p{N}]+(-[\p{Ll}\p{N}]+)*)$`)
	currencyCode   = regexp.MustCompile(`^[A-Z]{3}$`)
)

// export360 fetches the 360Giving export of lib and checks every row
// against the standard's required columns and papers' rules, returning
// how many rows had every required column filled. A required column may be
// empty only where the paper does not say: the funder (then the
// description says so), and, unless strict, the award date of a line whose
// paper gives no date at all.
func export360(t *testing.T, lib search.Library, strict bool) (rows, complete int) {
	t.Helper()
	srv := httptest.NewServer(search.NewServer(lib, search.Options{}).Handler())
	defer srv.Close()
	items := map[string]search.Hit{}
	if err := lib.Each(context.Background(), search.Request{Kinds: []corpus.Kind{corpus.KindFunding}}, func(h search.Hit) error {
		items["360G-papers-"+h.Item.ID] = h
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + "/api/export?format=360giving")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	table, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatalf("360Giving CSV: %v", err)
	}
	col := map[string]int{}
	for i, name := range table[0] {
		col[name] = i
	}
	for _, name := range search.Giving360Required {
		if _, ok := col[name]; !ok {
			t.Fatalf("no required column %q in %q", name, table[0])
		}
	}
	if len(table)-1 != len(items) || len(items) == 0 {
		t.Errorf("%d rows, %d funding lines", len(table)-1, len(items))
	}
	seen := map[string]bool{}
	orgOf := map[string]string{} // recipient name → identifier
	for _, row := range table[1:] {
		get := func(name string) string { return row[col[name]] }
		id := get("Identifier")
		h, ok := items[id]
		if !ok || !grantIDPattern.MatchString(id) || seen[id] {
			t.Errorf("Identifier %q: unknown, malformed or repeated", id)
			continue
		}
		seen[id] = true
		it := h.Item
		filled := true
		for _, name := range search.Giving360Required {
			if get(name) != "" {
				continue
			}
			filled = false
			unsaid := (name == "Funding Org:Name" || name == "Funding Org:Identifier") && it.Funder == "" ||
				name == "Award Date" && !strict && it.Date+it.MeetingDate+h.Document.MeetingDate == ""
			if !unsaid {
				t.Errorf("%s: required %q is empty", id, name)
			}
		}
		if filled {
			complete++
		}
		if amount, err := strconv.ParseFloat(get("Amount Awarded"), 64); err != nil || amount != float64(int64(it.Amount*100+0.5))/100 {
			t.Errorf("%s: Amount Awarded %q, item %v", id, get("Amount Awarded"), it.Amount)
		}
		if !currencyCode.MatchString(get("Currency")) {
			t.Errorf("%s: Currency %q", id, get("Currency"))
		}
		if _, err := time.Parse(time.DateOnly, get("Award Date")); err != nil && get("Award Date") != "" {
			t.Errorf("%s: Award Date %q", id, get("Award Date"))
		}
		if get("Recipient Org:Name") != it.Recipient || !orgIDPattern.MatchString(get("Recipient Org:Identifier")) {
			t.Errorf("%s: recipient %q %q, item %q", id, get("Recipient Org:Identifier"), get("Recipient Org:Name"), it.Recipient)
		}
		if prev, ok := orgOf[it.Recipient]; ok && prev != get("Recipient Org:Identifier") {
			t.Errorf("%s: %q has two identifiers, %s and %s", id, it.Recipient, prev, get("Recipient Org:Identifier"))
		}
		orgOf[it.Recipient] = get("Recipient Org:Identifier")
		// The funder is who gave the money as the line records it, never
		// the meeting's body in its place.
		if get("Funding Org:Name") != it.Funder {
			t.Errorf("%s: Funding Org %q, the line's funder %q (its body %q)", id, get("Funding Org:Name"), it.Funder, it.Body)
		}
		if it.Funder != "" && !orgIDPattern.MatchString(get("Funding Org:Identifier")) {
			t.Errorf("%s: Funding Org:Identifier %q", id, get("Funding Org:Identifier"))
		}
		if it.Funder == "" && !strings.Contains(get("Description"), "does not say who gave the money") {
			t.Errorf("%s: no funder, and the description does not say so: %q", id, get("Description"))
		}
		if it.Approximate != strings.HasPrefix(get("Description"), "Amount approximate:") {
			t.Errorf("%s: approximate %v, description %q", id, it.Approximate, get("Description"))
		}
		// The source is a citation URL of the server, never a local path.
		src, err := url.Parse(get("Data Source"))
		want := "/api/documents/" + h.Document.ID + "/file"
		if err != nil || src.Scheme != "http" || src.Host != strings.TrimPrefix(srv.URL, "http://") || src.Path != want ||
			(h.Document.Format == corpus.FormatPDF && it.Page > 0 && src.Fragment != "page="+strconv.Itoa(it.Page)) {
			t.Errorf("%s: Data Source %q, want %s%s#page=%d", id, get("Data Source"), srv.URL, want, it.Page)
		}
		if strings.Contains(strings.Join(row, "\x00"), h.Document.Path) {
			t.Errorf("%s: the row holds the local path %s", id, h.Document.Path)
		}
	}
	return len(table) - 1, complete
}

// TestExport360GivingOnTheSamplePapers: the 360Giving export of the sample
// papers (../shared/corpus, ingested into a new index) has every required
// column, filled in every row, by the standard's rules.
func TestExport360GivingOnTheSamplePapers(t *testing.T) {
	dir := "../../shared/corpus"
	if _, err := filepath.Glob(dir + "/*.pdf"); err != nil {
		t.Skip(err)
	}
	ix, err := buildIndex(context.Background(), t, filepath.Join(t.TempDir(), "index"), []string{dir})
	if err != nil {
		t.Skipf("the shared corpus: %v", err)
	}
	defer ix.Close()
	rows, complete := export360(t, ix, true)
	t.Logf("sample papers: %d rows, %d with every required column filled", rows, complete)
	// One line: "Age UK Oxfordshire were awarded a grant of £55,224" names
	// no funder.
	if complete < rows*95/100 {
		t.Errorf("%d of %d rows have every required column", complete, rows)
	}
}

// On all the shared papers, a line whose paper names no funder is exported
// with the funder's columns empty and the description saying so.
func TestExport360GivingOnTheSharedPapers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of the shared papers")
	}
	ix := sharedPapersIndex(t)
	rows, complete := export360(t, ix, false)
	t.Logf("shared papers: %d rows, %d with every required column filled (the others' papers name no funder, or give no date)", rows, complete)
}
