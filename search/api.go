package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"panelpapers/corpus"
)

// apiHit is one hit as the API shows it: the item, why it matched, and where
// to check it.
type apiHit struct {
	Item       corpus.Item         `json:"item"`
	Score      float64             `json:"score"`
	Highlights map[string][]string `json:"highlights,omitempty"`
	Document   apiDocRef           `json:"document"`
	Citation   citation            `json:"citation"`
	Partial    bool                `json:"partial,omitempty"`
}

// apiDocRef is the part of a document a hit needs to be cited.
type apiDocRef struct {
	ID          string        `json:"id"`
	Title       string        `json:"title,omitempty"`
	Body        string        `json:"body,omitempty"`
	MeetingDate string        `json:"meeting_date,omitempty"`
	Format      corpus.Format `json:"format,omitempty"`
}

func toDocRef(d corpus.Document) apiDocRef {
	return apiDocRef{ID: d.ID, Title: d.Title, Body: d.Body, MeetingDate: d.MeetingDate, Format: d.Format}
}

type apiResult struct {
	Total      uint64                  `json:"total"`
	TookMS     float64                 `json:"took_ms"`
	Hits       []apiHit                `json:"hits"`
	Facets     map[string][]FacetValue `json:"facets"`
	NextCursor string                  `json:"next_cursor,omitempty"`
	Ignored    []string                `json:"ignored,omitempty"`
	Expansions []Expansion             `json:"expansions,omitempty"`
}

func toAPIHit(h Hit) apiHit {
	return apiHit{
		Item:       h.Item,
		Score:      h.Score,
		Highlights: h.Highlights,
		Document:   toDocRef(h.Document),
		Citation:   citation{Page: h.Item.Page, PrintedPage: h.Item.PrintedPage, URL: Citation(h.Item, h.Document)},
		Partial:    h.Partial,
	}
}

func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request) {
	res, err := s.serveSearchErr(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, res)
}

func (s *Server) serveSearchErr(r *http.Request) (apiResult, error) {
	q, err := queryValues(r)
	if err != nil {
		return apiResult{}, err
	}
	req, err := ParseRequest(q)
	if err != nil {
		return apiResult{}, err
	}
	req.Facets = q.Get("facets") != "false"
	res, err := s.lib.Search(r.Context(), req)
	if err != nil {
		return apiResult{}, err
	}
	out := apiResult{
		Total:      res.Total,
		TookMS:     float64(res.Took.Microseconds()) / 1000,
		Hits:       make([]apiHit, len(res.Hits)),
		Facets:     res.Facets,
		NextCursor: res.NextCursor,
		Ignored:    res.Ignored,
		Expansions: res.Expansions,
	}
	for i, h := range res.Hits {
		out.Hits[i] = toAPIHit(h)
	}
	if out.Facets == nil {
		out.Facets = map[string][]FacetValue{}
	}
	return out, nil
}

func (s *Server) serveItem(w http.ResponseWriter, r *http.Request) {
	it, err := s.lib.Item(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	doc, err := s.lib.Document(r.Context(), it.DocID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		doc = corpus.Document{ID: it.DocID}
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		Item     corpus.Item `json:"item"`
		Document apiDocRef   `json:"document"`
		Citation citation    `json:"citation"`
	}{it, toDocRef(doc),
		citation{Page: it.Page, PrintedPage: it.PrintedPage, URL: Citation(it, doc)}})
}

// apiDocument is a document as the API lists it: its metadata without the
// path on the server's disk, which is nobody else's business.
type apiDocument struct {
	ID          string        `json:"id"`
	Title       string        `json:"title,omitempty"`
	Body        string        `json:"body,omitempty"`
	MeetingDate string        `json:"meeting_date,omitempty"`
	Format      corpus.Format `json:"format"`
	Pages       int           `json:"pages"`
	NeedsOCR    bool          `json:"needs_ocr,omitempty"`
	// NeedsOCRPages lists the scanned pages not read, when others were;
	// OCRPages counts the pages read by OCR.
	NeedsOCRPages []int     `json:"needs_ocr_pages,omitempty"`
	OCRPages      int       `json:"ocr_pages,omitempty"`
	FileName      string    `json:"file_name"`
	URL           string    `json:"url"`
	IngestedAt    time.Time `json:"ingested_at"`
	CopyOf        string    `json:"copy_of,omitempty"`
}

func toAPIDocument(d corpus.Document) apiDocument {
	return apiDocument{
		ID: d.ID, Title: d.Title, Body: d.Body, MeetingDate: d.MeetingDate, Format: d.Format,
		Pages: d.Pages, NeedsOCR: d.NeedsOCR, NeedsOCRPages: d.NeedsOCRPages, OCRPages: d.OCRPages, FileName: baseName(d.Path),
		URL: "/api/documents/" + d.ID + "/file", IngestedAt: d.IngestedAt, CopyOf: d.CopyOf,
	}
}

func (s *Server) serveDocuments(w http.ResponseWriter, r *http.Request) {
	docs, err := s.lib.Documents(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiDocument, len(docs))
	for i, d := range docs {
		out[i] = toAPIDocument(d)
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"documents": out})
}

func (s *Server) serveDocument(w http.ResponseWriter, r *http.Request) {
	doc, err := s.lib.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.lib.ItemsOf(r.Context(), doc.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if items == nil {
		items = []corpus.Item{}
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		apiDocument
		Items []corpus.Item `json:"items"`
	}{toAPIDocument(doc), items})
}

// apiTotal is a Total with its sum as an exact decimal number.
type apiTotal struct {
	Key      string      `json:"key"`
	Variants []string    `json:"variants,omitempty"`
	Total    json.Number `json:"total"`
	Count    int         `json:"count"`
	Currency string      `json:"currency"`
}

// PenceString writes pence as pounds with two decimals, exactly: float
// arithmetic would drift on sums of many awards.
func PenceString(pence int64) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	return fmt.Sprintf("%s%d.%02d", sign, pence/100, pence%100)
}

func (s *Server) serveTotals(w http.ResponseWriter, r *http.Request) {
	q, err := queryValues(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	by := GroupBy(q.Get("group_by"))
	if by == "" {
		by = ByRecipient
	}
	if !by.Valid() {
		s.fail(w, r, badParam("group_by", "%q: want one of recipient, fund, period, body, year, funder", by))
		return
	}
	req, err := ParseRequest(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	totals, err := s.lib.FundingTotals(r.Context(), req, by)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiTotal, len(totals))
	for i, t := range totals {
		out[i] = apiTotal{Key: t.Key, Variants: t.Variants, Total: json.Number(PenceString(t.Pence)), Count: t.Count, Currency: t.Currency}
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// queryValues parses the URL's query strictly: r.URL.Query() drops a
// parameter it cannot decode, which would turn a broken cursor=%zz into
// "no cursor" and answer the first page instead of an error.
func queryValues(r *http.Request) (url.Values, error) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("%w: query string: %v", ErrBadRequest, err)
	}
	return v, nil
}

func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' || p[i] == '\\' {
			return p[i+1:]
		}
	}
	return p
}

func itoa(n int) string { return strconv.Itoa(n) }
