package search

import (
	"net/http"
	"strings"
	"testing"

	"panelpapers/corpus"
)

// withScans adds a scanned document read by OCR (doc4) and a partly
// scanned one with a page OCR could not read (doc5).
func withScans(f *fakeLibrary) *fakeLibrary {
	f.docs = append(f.docs,
		corpus.Document{ID: "doc4", Path: "/papers/annual_return_SCANNED.pdf", Format: corpus.FormatPDF, Title: "Annual return 2017-18",
			Body: "Tintern Community Council", Pages: 1, OCRPages: 1},
		corpus.Document{ID: "doc5", Path: "/papers/minutes-with-scans.pdf", Format: corpus.FormatPDF, Title: "Minutes with a signed page",
			Body: "Tintern Community Council", Pages: 4, OCRPages: 1, NeedsOCR: true, NeedsOCRPages: []int{3, 4}})
	f.items = append(f.items, corpus.Item{ID: "doc4-0001", DocID: "doc4", Kind: corpus.KindSection, Title: "Statement of balances",
		Text: "Total cash and investments held at 31 March.", Page: 1, Body: "Tintern Community Council", OCR: true, OCRConfidence: 91.43})
	return f
}

func TestWebMarksItemsReadByOCR(t *testing.T) {
	lib := withScans(newFakeLibrary())
	resp, body := get(t, lib, "/?q=balances")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, `Statement of balances</a> <span class="badge kind-section">Section</span> <span class="badge ocr" title="Read from a scanned page by OCR (mean word confidence 91%): the text may hold misread words">OCR 91%</span>`)

	resp, body = get(t, lib, "/items/doc4-0001")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, `<span class="badge ocr"`, "OCR 91%", "mean word confidence 91.4%")

	// Items of text layers carry no mark.
	_, body = get(t, lib, "/?q=county+lines")
	if strings.Contains(body, "badge ocr") {
		t.Error("an item of a text layer is marked as read by OCR")
	}

	_, body = get(t, lib, "/documents/doc4")
	mustContain(t, body, "scanned, read by OCR")
	_, body = get(t, lib, "/documents/doc5")
	mustContain(t, body, "1 page read by OCR", "scanned pages not read: 3-4 (needs OCR)")
	_, body = get(t, lib, "/documents")
	mustContain(t, body, `Annual return 2017-18</a> <span class="badge ocr">OCR</span>`)
}
