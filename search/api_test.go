package search_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/ingest"
	"panelpapers/names"
	"panelpapers/search"
)

var (
	sampleOnce sync.Once
	sampleIx   index.Store
	sampleErr  error
	sampleDir  string
)

// sampleIndex is an index of the bundled sample papers, built once for the
// package's tests (ingesting them takes a second or two).
func sampleIndex(t testing.TB) index.Store {
	t.Helper()
	sampleOnce.Do(func() {
		sampleDir, sampleErr = os.MkdirTemp("", "papers-search-test-")
		if sampleErr != nil {
			return
		}
		var paths []string
		paths, sampleErr = corpus.WriteSamples(sampleDir + "/samples")
		if sampleErr != nil {
			return
		}
		sampleIx, sampleErr = openStore(t, sampleDir+"/index")
		if sampleErr != nil {
			return
		}
		ctx := context.Background()
		for _, p := range paths {
			parsed, err := ingest.File(ctx, p, ingest.Options{})
			if err != nil && !errors.Is(err, ingest.ErrNeedsOCR) {
				sampleErr = err
				return
			}
			if _, err := sampleIx.Put(ctx, *parsed); err != nil {
				sampleErr = err
				return
			}
		}
	})
	if sampleErr != nil {
		t.Fatalf("sample index: %v", sampleErr)
	}
	return sampleIx
}

func TestMain(m *testing.M) {
	startBackend()
	code := m.Run()
	if sampleIx != nil {
		sampleIx.Close()
	}
	if sampleDir != "" {
		os.RemoveAll(sampleDir)
	}
	stopBackend()
	os.Exit(code)
}

func apiServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(search.NewServer(sampleIndex(t), search.Options{}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// getJSON fetches path and decodes it, failing unless the status is want.
func getJSON(t *testing.T, srv *httptest.Server, path string, want int, dst any) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, want, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: content type %q", path, ct)
	}
	if dst != nil {
		if err := json.Unmarshal(body, dst); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, body)
		}
	}
}

type hitJSON struct {
	Item       corpus.Item         `json:"item"`
	Score      float64             `json:"score"`
	Highlights map[string][]string `json:"highlights"`
	Document   struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		MeetingDate string `json:"meeting_date"`
		Format      string `json:"format"`
	} `json:"document"`
	Citation struct {
		Page int    `json:"page"`
		URL  string `json:"url"`
	} `json:"citation"`
}

type resultJSON struct {
	Total      int                            `json:"total"`
	TookMS     float64                        `json:"took_ms"`
	Hits       []hitJSON                      `json:"hits"`
	Facets     map[string][]search.FacetValue `json:"facets"`
	NextCursor string                         `json:"next_cursor"`
	Extra      map[string]json.RawMessage     `json:"-"`
}

func searchAPI(t *testing.T, srv *httptest.Server, v url.Values) resultJSON {
	t.Helper()
	var res resultJSON
	getJSON(t, srv, "/api/search?"+v.Encode(), http.StatusOK, &res)
	return res
}

func TestAPISearchHitsCarryCitations(t *testing.T) {
	srv := apiServer(t)
	res := searchAPI(t, srv, url.Values{"q": {`"county lines"`}})
	if res.Total == 0 || len(res.Hits) == 0 {
		t.Fatalf("no hits for \"county lines\"")
	}
	for _, h := range res.Hits {
		marked := strings.Join(append(h.Highlights["text"], h.Highlights["title"]...), " ")
		lower := strings.ToLower(marked)
		if !strings.Contains(lower, "<mark>county</mark>") || !strings.Contains(lower, "<mark>lines</mark>") {
			t.Errorf("hit %s: highlights %q lack the phrase", h.Item.ID, marked)
		}
		if h.Document.ID != h.Item.DocID || h.Document.Title == "" {
			t.Errorf("hit %s: document %+v", h.Item.ID, h.Document)
		}
		// A PDF's citation opens at the page; a web page has none to open at.
		wantURL := "/file"
		if h.Document.Format == "pdf" && h.Item.Page > 0 {
			wantURL = "/file#page=" + strconv.Itoa(h.Item.Page)
		}
		if !strings.HasSuffix(h.Citation.URL, wantURL) {
			t.Errorf("hit %s (%s) on page %d: citation %q", h.Item.ID, h.Document.Format, h.Item.Page, h.Citation.URL)
		}
	}
	// The citation opens the original: a PDF, whole.
	pdfHit := -1
	for k, h := range res.Hits {
		if h.Document.Format == "pdf" {
			pdfHit = k
			break
		}
	}
	if pdfHit < 0 {
		t.Fatalf("no hit for \"county lines\" in a PDF")
	}
	resp, err := http.Get(srv.URL + strings.Split(res.Hits[pdfHit].Citation.URL, "#")[0])
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(data), "%PDF-") {
		t.Errorf("citation file: status %d, type %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(data))
	}
}

// Every facet count is the total of the search filtered by that value.
func TestAPIFacetsAgreeWithFilters(t *testing.T) {
	srv := apiServer(t)
	for _, q := range []string{"", "police", "fund OR grant"} {
		base := url.Values{"q": {q}}
		res := searchAPI(t, srv, base)
		for _, name := range []string{"kind", "body", "year", "fund"} {
			if len(res.Facets[name]) == 0 && name != "fund" {
				t.Errorf("q=%q: facet %s is empty", q, name)
			}
			sum := 0
			for _, fv := range res.Facets[name] {
				sum += fv.Count
				v := url.Values{"q": {q}, "limit": {"1"}}
				switch name {
				case "year":
					v.Set("date_from", fv.Value+"-01-01")
					v.Set("date_to", fv.Value+"-12-31")
				default:
					v.Set(name, fv.Value)
				}
				if got := searchAPI(t, srv, v).Total; got != fv.Count {
					t.Errorf("q=%q: facet %s=%q counts %d, filtering by it gives %d", q, name, fv.Value, fv.Count, got)
				}
			}
			if name == "kind" && sum != res.Total {
				t.Errorf("q=%q: kind facet sums to %d, total is %d", q, sum, res.Total)
			}
		}
	}
}

// Following next_cursor page by page gives exactly the one-page result, for
// every sort: no hit twice, none missing, the same order.
func TestAPICursorPagesConcatenate(t *testing.T) {
	srv := apiServer(t)
	for _, tc := range []struct{ q, sort string }{
		{"", ""}, {"police", ""}, {"police", "relevance"}, {"", "date"}, {"", "-date"},
		{"kind:funding", "amount"}, {"", "-amount"}, {"fund OR grant", "-date"},
	} {
		all := searchAPI(t, srv, url.Values{"q": {tc.q}, "sort": {tc.sort}, "limit": {"1000"}, "facets": {"false"}})
		if all.Total > 1000 || len(all.Hits) != all.Total {
			t.Fatalf("q=%q sort=%q: one page holds %d of %d", tc.q, tc.sort, len(all.Hits), all.Total)
		}
		var paged []string
		seen := map[string]bool{}
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > all.Total {
				t.Fatalf("q=%q sort=%q: cursor never ends", tc.q, tc.sort)
			}
			res := searchAPI(t, srv, url.Values{"q": {tc.q}, "sort": {tc.sort}, "limit": {"7"}, "cursor": {cursor}, "facets": {"false"}})
			if res.Total != all.Total {
				t.Fatalf("q=%q sort=%q: page total %d, want %d", tc.q, tc.sort, res.Total, all.Total)
			}
			for _, h := range res.Hits {
				if seen[h.Item.ID] {
					t.Errorf("q=%q sort=%q: %s on two pages", tc.q, tc.sort, h.Item.ID)
				}
				seen[h.Item.ID] = true
				paged = append(paged, h.Item.ID)
			}
			if res.NextCursor == "" {
				break
			}
			cursor = res.NextCursor
		}
		want := make([]string, len(all.Hits))
		for i, h := range all.Hits {
			want[i] = h.Item.ID
		}
		if !slices.Equal(paged, want) {
			t.Errorf("q=%q sort=%q: paged %d ids differ from the single page of %d", tc.q, tc.sort, len(paged), len(want))
		}
	}
}

func TestAPISortOrders(t *testing.T) {
	srv := apiServer(t)
	amounts := func(sort string) []float64 {
		res := searchAPI(t, srv, url.Values{"q": {"kind:funding"}, "sort": {sort}, "limit": {"1000"}})
		var out []float64
		for _, h := range res.Hits {
			if h.Item.Amount != 0 {
				out = append(out, h.Item.Amount)
			}
		}
		return out
	}
	up, down := amounts("amount"), amounts("-amount")
	if len(up) < 10 || !slices.IsSorted(up) {
		t.Errorf("sort=amount: %v", up)
	}
	slices.Reverse(down)
	if !slices.Equal(up, down) {
		t.Errorf("sort=-amount is not sort=amount reversed")
	}
	res := searchAPI(t, srv, url.Values{"sort": {"-date"}, "limit": {"1000"}})
	var dates []string
	for _, h := range res.Hits {
		dates = append(dates, firstNonEmpty(h.Item.Date, h.Item.MeetingDate))
	}
	slices.Reverse(dates)
	if !slices.IsSorted(dates) {
		t.Errorf("sort=-date: dates not newest first")
	}
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func TestAPIFiltersNarrow(t *testing.T) {
	srv := apiServer(t)
	res := searchAPI(t, srv, url.Values{"kind": {"funding"}, "amount_min": {"£50k"}, "amount_max": {"100000"}, "limit": {"1000"}})
	if res.Total == 0 {
		t.Fatal("no funding lines between £50k and £100k")
	}
	for _, h := range res.Hits {
		if h.Item.Kind != corpus.KindFunding || h.Item.Amount < 50000 || h.Item.Amount > 100000 {
			t.Errorf("%s: kind %s amount %v outside the filter", h.Item.ID, h.Item.Kind, h.Item.Amount)
		}
	}
	// The same filter in the query language gives the same hits.
	q := searchAPI(t, srv, url.Values{"q": {"kind:funding amount:50000..100000"}, "limit": {"1000"}})
	if q.Total != res.Total {
		t.Errorf("query language: %d hits, parameters: %d", q.Total, res.Total)
	}
	// OR widens, NOT narrows.
	a := searchAPI(t, srv, url.Values{"q": {"grant"}}).Total
	b := searchAPI(t, srv, url.Values{"q": {"fund"}}).Total
	aOrB := searchAPI(t, srv, url.Values{"q": {"grant OR fund"}}).Total
	aAndB := searchAPI(t, srv, url.Values{"q": {"grant AND fund"}}).Total
	aNotB := searchAPI(t, srv, url.Values{"q": {"grant -fund"}}).Total
	if aOrB != a+b-aAndB || aNotB != a-aAndB || aAndB == 0 {
		t.Errorf("grant %d, fund %d, OR %d, AND %d, grant -fund %d: set arithmetic fails", a, b, aOrB, aAndB, aNotB)
	}
}

type totalJSON struct {
	Key      string      `json:"key"`
	Total    json.Number `json:"total"`
	Count    int         `json:"count"`
	Currency string      `json:"currency"`
}

// Funding totals equal the sums of the funding items the same filters find,
// names written several ways (names.Key, and the bundled merges) adding up
// as one.
func TestAPIFundingTotalsEqualItemSums(t *testing.T) {
	srv := apiServer(t)
	for _, q := range []string{"", "community safety", "youth"} {
		items := searchAPI(t, srv, url.Values{"q": {q}, "kind": {"funding"}, "limit": {"1000"}})
		if items.Total == 0 {
			t.Fatalf("q=%q: no funding items", q)
		}
		for _, by := range []string{"recipient", "fund", "period", "body", "year"} {
			var totals []totalJSON
			getJSON(t, srv, "/api/funding/totals?"+url.Values{"q": {q}, "group_by": {by}}.Encode(), 200, &totals)
			want := map[string]int64{}
			count := map[string]int{}
			for _, h := range items.Hits {
				key := map[string]string{"recipient": h.Item.Recipient, "fund": h.Item.Fund, "period": h.Item.Period,
					"body": h.Item.Body, "year": firstNonEmpty(h.Item.Date, h.Item.MeetingDate)}[by]
				if by == "year" && len(key) >= 4 {
					key = key[:4]
				}
				if by != "year" && by != "period" {
					key = names.Bundled().Canon(names.Key(key))
				}
				want[key] += int64(math.Round(h.Item.Amount * 100))
				count[key]++
			}
			if len(totals) != len(want) {
				t.Errorf("q=%q by %s: %d groups, items give %d", q, by, len(totals), len(want))
			}
			for i, tot := range totals {
				whole, frac, _ := strings.Cut(string(tot.Total), ".")
				if len(frac) != 2 {
					t.Errorf("q=%q by %s: total %s is not to the penny", q, by, tot.Total)
				}
				w, _ := strconv.ParseInt(whole, 10, 64)
				f, _ := strconv.ParseInt(frac, 10, 64)
				key := tot.Key
				if by != "year" && by != "period" {
					key = names.Bundled().Canon(names.Key(key))
				}
				if got := w*100 + f; got != want[key] || tot.Count != count[key] {
					t.Errorf("q=%q by %s: %q totals %s over %d, items sum to %d pence over %d", q, by, tot.Key, tot.Total, tot.Count, want[key], count[key])
				}
				if i > 0 && totals[i-1].Total < tot.Total && len(totals[i-1].Total) <= len(tot.Total) {
					t.Errorf("q=%q by %s: not largest first at %d", q, by, i)
				}
			}
		}
	}
}

// The 360Giving export parses as CSV with the standard's columns, one row
// per funding line, amounts matching the items.
func TestAPIExport360Giving(t *testing.T) {
	srv := apiServer(t)
	items := searchAPI(t, srv, url.Values{"kind": {"funding"}, "limit": {"1000"}})
	byID := map[string]corpus.Item{}
	for _, h := range items.Hits {
		byID["360G-papers-"+h.Item.ID] = h.Item
	}
	resp, err := http.Get(srv.URL + "/api/export?format=360giving")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatalf("360Giving CSV does not parse: %v", err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	for _, name := range []string{"Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
		"Recipient Org:Name", "Funding Org:Name", "Grant Programme:Title", "Source Document", "Source Page"} {
		if _, ok := col[name]; !ok {
			t.Errorf("no column %q", name)
		}
	}
	if len(rows)-1 != len(byID) {
		t.Errorf("%d rows, %d funding items", len(rows)-1, len(byID))
	}
	for _, row := range rows[1:] {
		it, ok := byID[row[col["Identifier"]]]
		if !ok {
			t.Errorf("row %q is no funding item", row[col["Identifier"]])
			continue
		}
		amount, _ := strconv.ParseFloat(row[col["Amount Awarded"]], 64)
		if math.Abs(amount-it.Amount) > 0.005 || row[col["Currency"]] != "GBP" || row[col["Recipient Org:Name"]] != it.Recipient {
			t.Errorf("%s: row amount %s recipient %q, item %v %q", it.ID, row[col["Amount Awarded"]], row[col["Recipient Org:Name"]], it.Amount, it.Recipient)
		}
		if !strings.HasPrefix(row[col["Data Source"]], srv.URL+"/api/documents/") {
			t.Errorf("%s: Data Source %q is not absolute", it.ID, row[col["Data Source"]])
		}
	}
}

// The CSV and JSON exports hold every matching item, beyond MaxLimit's page.
func TestAPIExportAll(t *testing.T) {
	srv := apiServer(t)
	total := searchAPI(t, srv, url.Values{}).Total
	for _, format := range []string{"csv", "json"} {
		resp, err := http.Get(srv.URL + "/api/export?format=" + format)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if format == "csv" {
			rows, err := csv.NewReader(resp.Body).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			n = len(rows) - 1
		} else {
			dec := json.NewDecoder(resp.Body)
			for {
				var h hitJSON
				if err := dec.Decode(&h); err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(err)
				}
				n++
			}
		}
		resp.Body.Close()
		if n != total {
			t.Errorf("%s export: %d items, index holds %d", format, n, total)
		}
	}
}

func TestAPIErrors(t *testing.T) {
	srv := apiServer(t)
	for _, tc := range []struct {
		method, path string
		status       int
		says         string
	}{
		{"GET", "/api/search?q=%22county+lines", 400, "quote"},
		{"GET", "/api/search?q=(flood", 400, "("},
		{"GET", "/api/search?q=colour:red", 400, "colour"},
		{"GET", "/api/search?kind=minutes", 400, "kind"},
		{"GET", "/api/search?date_from=2018-13-01", 400, "date_from"},
		{"GET", "/api/search?amount_min=lots", 400, "amount_min"},
		{"GET", "/api/search?limit=-1", 400, "limit"},
		{"GET", "/api/search?sort=size", 400, "sort"},
		{"GET", "/api/search?cursor=garbage", 400, "cursor"},
		{"GET", "/api/funding/totals?group_by=colour", 400, "group_by"},
		{"GET", "/api/export?format=xml", 400, "format"},
		{"GET", "/api/items/nope", 404, "nope"},
		{"GET", "/api/documents/nope", 404, "nope"},
		{"GET", "/api/documents/nope/file", 404, "nope"},
		{"GET", "/api/nothing", 404, "no endpoint"},
		{"DELETE", "/api/search", 405, "not allowed"},
		{"POST", "/api/admin/ingest", 404, "ingest"}, // this server takes none
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error string `json:"error"`
		}
		err = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != tc.status || err != nil || !strings.Contains(e.Error, tc.says) {
			t.Errorf("%s %s: %d %q (%v), want %d with %q", tc.method, tc.path, resp.StatusCode, e.Error, err, tc.status, tc.says)
		}
	}
	// A cursor from one search does not page another.
	res := searchAPI(t, srv, url.Values{"q": {"police"}, "limit": {"2"}})
	var e struct{ Error string }
	getJSON(t, srv, "/api/search?"+url.Values{"q": {"fund"}, "limit": {"2"}, "cursor": {res.NextCursor}}.Encode(), 400, &e)
	if !strings.Contains(e.Error, "another search") {
		t.Errorf("foreign cursor: %q", e.Error)
	}
	// A limit above the cap is capped, not refused.
	getJSON(t, srv, "/api/search?limit=999999999999999999999", 200, nil)
}

// The OpenAPI document is valid OpenAPI 3 and documents every route.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	srv := apiServer(t)
	resp, err := http.Get(srv.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.json is not valid OpenAPI 3: %v", err)
	}
	routes := search.NewServer(sampleIndex(t), search.Options{}).APIRoutes()
	for _, route := range routes {
		method, path, _ := strings.Cut(route, " ")
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s is not in openapi.json", route)
		}
	}
	if n := doc.Paths.Len(); n != len(routes) {
		t.Errorf("openapi.json has %d paths, the server %d routes", n, len(routes))
	}
}

// BenchmarkAPISearch measures a typical request end to end over HTTP on the
// sample index: a two-word query with a kind filter, facets and highlights.
func BenchmarkAPISearch(b *testing.B) {
	srv := httptest.NewServer(search.NewServer(sampleIndex(b), search.Options{}).Handler())
	defer srv.Close()
	queries := []string{
		"q=county+lines", "q=community+safety&kind=funding", "q=%22police+and+crime+plan%22",
		"q=precept+OR+budget&date_from=2018-01-01&date_to=2018-12-31", "q=youth&sort=-amount",
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		resp, err := http.Get(srv.URL + "/api/search?" + queries[i%len(queries)])
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
