package search

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"panelpapers/corpus"
	"panelpapers/names"
)

// The shared papers give no charity or company number, so the reader is
// tested on sentences written as papers write them.
func TestReadOrgNumbers(t *testing.T) {
	for _, tc := range []struct {
		text, name string
		others     []string
		want       OrgNumbers
	}{
		{"£5,000 to Age UK Oxfordshire (Registered Charity No. 1085002) for befriending.", "Age UK Oxfordshire", nil, OrgNumbers{Charity: "1085002"}},
		{"A grant to Refresh Cafe, registered charity 1160211, was agreed.", "Refresh Cafe", nil, OrgNumbers{Charity: "1160211"}},
		{"Carers Trust Scotland (Scottish charity number SC 015976) received £2,000.", "Carers Trust Scotland", nil, OrgNumbers{Charity: "SC015976"}},
		{"Age NI, charity no: NIC100002, £750.", "Age NI", nil, OrgNumbers{Charity: "NIC100002"}},
		{"£12,000 to Tintern Community Shop CIC (company no. 9876543).", "Tintern Community Shop CIC", nil, OrgNumbers{Company: "09876543"}},
		{"Seren Energy Ltd, registered in England and Wales no. 01234567, and charity number 1100000.", "Seren Energy Ltd", nil, OrgNumbers{Charity: "1100000", Company: "01234567"}},
		{"Kids Scotland Ltd (Company Registration Number SC123456)", "Kids Scotland Ltd", nil, OrgNumbers{Company: "SC123456"}},
		// the number of another organisation, named nearer to it
		{"Kent County Council gave £5,000 to Porchlight (registered charity 1062173).", "Kent County Council", []string{"Porchlight"}, OrgNumbers{}},
		{"Kent County Council gave £5,000 to Porchlight (registered charity 1062173).", "Porchlight", []string{"Kent County Council"}, OrgNumbers{Charity: "1062173"}},
		// in another sentence, or unlabelled: not read
		{"Porchlight received £5,000. Registered charity 1062173 is another.", "Porchlight", nil, OrgNumbers{}},
		{"£5,000 to Porchlight, ref 1062173.", "Porchlight", nil, OrgNumbers{}},
		{"The charity received 250000 pounds.", "charity", nil, OrgNumbers{}},
	} {
		if got := ReadOrgNumbers(tc.text, tc.name, tc.others...); got != tc.want {
			t.Errorf("ReadOrgNumbers(%q, %q) = %+v, want %+v", tc.text, tc.name, got, tc.want)
		}
	}
}

func TestOrgIdentifier(t *testing.T) {
	for _, tc := range []struct {
		name string
		nums OrgNumbers
		want string
	}{
		{"Age UK Oxfordshire", OrgNumbers{Charity: "1085002"}, "GB-CHC-1085002"},
		{"Carers Trust Scotland", OrgNumbers{Charity: "SC015976"}, "GB-SC-SC015976"},
		{"Age NI", OrgNumbers{Charity: "NIC100002"}, "GB-NIC-100002"},
		{"Tintern Community Shop CIC", OrgNumbers{Company: "09876543"}, "GB-COH-09876543"},
		{"Seren Energy Ltd", OrgNumbers{Charity: "1100000", Company: "01234567"}, "GB-CHC-1100000"},
		{"Oxfordshire CSP", OrgNumbers{}, "360G-papers-org-oxfordshire-community-safety-partnership"},
		// one organisation, one identifier, however written
		{"DrugFAM (Berkshire)", OrgNumbers{}, "360G-papers-org-drugfam"},
		{"KCC", OrgNumbers{}, "360G-papers-org-kent-county-council"},
		{"", OrgNumbers{}, ""},
	} {
		if got := OrgIdentifier(tc.name, tc.nums, names.Bundled()); got != tc.want {
			t.Errorf("OrgIdentifier(%q, %+v) = %q, want %q", tc.name, tc.nums, got, tc.want)
		}
	}
}

// The funder is who gave the money, not the body whose meeting recorded
// it; approximate amounts and unnamed funders are said in the description;
// links are absolute.
func TestExport360GivingRows(t *testing.T) {
	doc := corpus.Document{ID: "d1", Path: "/home/me/papers/kent-cabinet.pdf", Format: corpus.FormatPDF, Title: "Kent Cabinet papers",
		Body: "Cabinet", MeetingDate: "2025-01-30", IngestedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	hits := []Hit{
		{Document: doc, Item: corpus.Item{ID: "d1-0001", Kind: corpus.KindFunding, Page: 4, Body: "Cabinet", Amount: 99000, Currency: "GBP", Approximate: true,
			Recipient: "Porchlight", Funder: "Kent County Council", Fund: "Household Support Fund",
			Text: "Just under £100,000 to Porchlight (registered charity 1062173) from Kent County Council.", Purpose: "homelessness prevention"}},
		{Document: doc, Item: corpus.Item{ID: "d1-0002", Kind: corpus.KindFunding, Page: 5, Body: "Cabinet", Amount: 5046624,
			Recipient: "Kent", Text: "Kent has been allocated £5,046,624."}},
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	exp, err := NewExporter(Export360Giving, w, ExportOptions{BaseURL: "https://papers.example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if err := exp.Write(h); err != nil {
			t.Fatal(err)
		}
	}
	if err := exp.Close(); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	get := func(row int, name string) string { return rows[row][col[name]] }
	for name, want := range map[string]string{
		"Identifier": "360G-papers-d1-0001", "Funding Org:Name": "Kent County Council",
		"Funding Org:Identifier": "360G-papers-org-kent-county-council", "Recipient Org:Identifier": "GB-CHC-1062173",
		"Recipient Org:Charity Number": "1062173", "Amount Awarded": "99000.00", "Award Date": "2025-01-30",
		"Data Source": "https://papers.example.org/api/documents/d1/file#page=4", "URL": "https://papers.example.org/items/d1-0001",
		"Last modified": "2026-03-01T09:00:00Z", "Grant Programme:Title": "Household Support Fund",
		"Description": "Amount approximate: the paper gives about £99,000.00. homelessness prevention",
	} {
		if got := get(1, name); got != want {
			t.Errorf("row 1 %s = %q, want %q", name, got, want)
		}
	}
	if get(2, "Funding Org:Name") != "" || get(2, "Funding Org:Identifier") != "" ||
		!strings.HasPrefix(get(2, "Description"), "The paper does not say who gave the money.") {
		t.Errorf("a line without a funder: %q / %q / %q (the meeting's body is not the funder)", get(2, "Funding Org:Name"), get(2, "Funding Org:Identifier"), get(2, "Description"))
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if strings.Contains(cell, doc.Path) {
				t.Errorf("a local path in the export: %q", cell)
			}
		}
	}
	if _, err := NewExporter(Export360Giving, w, ExportOptions{}); err == nil {
		t.Error("a 360Giving export without the server's address: no error")
	}
}
