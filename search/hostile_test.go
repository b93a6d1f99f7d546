package search_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"panelpapers/search"
)

// hostileServer serves the sample index with the limits papers serve uses,
// an ingest endpoint behind a token, and a short header timeout so that a
// slow client can be tested quickly.
func hostileServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	const token = "s3cret-token"
	ingested := func(ctx context.Context, req search.IngestRequest, emit func(search.IngestEvent)) error {
		emit(search.IngestEvent{Type: "summary", Summary: json.RawMessage(`{}`)})
		return nil
	}
	srv := search.NewServer(sampleIndex(t), search.Options{Ingest: ingested, IngestToken: token})
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = search.NewHTTPServer("", srv.Handler())
	ts.Config.ReadHeaderTimeout = 300 * time.Millisecond
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, token
}

type hostileCase struct {
	name   string
	method string
	target string // path and query, sent as is (not re-encoded)
	header http.Header
	body   string
	status int
	says   string // the JSON error contains this
}

// TestHostileRequests sends malformed and hostile requests. Each must get
// the right 4xx with a JSON error that says what was wrong (no 500, no
// hang), and the server must stay healthy after every one.
func TestHostileRequests(t *testing.T) {
	ts, token := hostileServer(t)
	long := strings.Repeat("a", 3000)
	docID := searchAPIFirstDocID(t, ts)
	bearer := http.Header{"Authorization": {"Bearer " + token}}
	cases := []hostileCase{
		{"unclosed quote", "GET", "/api/search?q=%22county+lines", nil, "", 400, "quote"},
		{"unclosed bracket", "GET", "/api/search?q=(flood+OR+fire", nil, "", 400, "("},
		{"stray closing bracket", "GET", "/api/search?q=flood)", nil, "", 400, ")"},
		{"dangling AND", "GET", "/api/search?q=flood+AND", nil, "", 400, "AND"},
		{"leading OR", "GET", "/api/search?q=OR+flood", nil, "", 400, "OR"},
		{"empty brackets", "GET", "/api/search?q=()", nil, "", 400, "("},
		{"unknown field", "GET", "/api/search?q=colour:red", nil, "", 400, "colour"},
		{"field without value", "GET", "/api/search?q=title:", nil, "", 400, "title"},
		{"bad amount in query", "GET", "/api/search?q=amount:%3E%3Dlots", nil, "", 400, "lots"},
		{"reversed amount range", "GET", "/api/search?q=amount:5000..1000", nil, "", 400, "amount"},
		{"bad date in query", "GET", "/api/search?q=date:2018-13-01", nil, "", 400, "2018-13-01"},
		{"reversed date range", "GET", "/api/search?q=date:2019..2018", nil, "", 400, "date"},
		{"unknown kind in query", "GET", "/api/search?q=kind:memo", nil, "", 400, "memo"},
		{"query too long", "GET", "/api/search?q=" + strings.Repeat("flood+", 200), nil, "", 400, "long"},
		{"brackets too deep", "GET", "/api/search?q=" + strings.Repeat("(", 30) + "a" + strings.Repeat(")", 30), nil, "", 400, "deep"},
		{"invalid UTF-8 in query", "GET", "/api/search?q=%ff%fe", nil, "", 400, "UTF-8"},
		{"parameter too long", "GET", "/api/search?body=" + long, nil, "", 400, "body"},
		{"unknown kind", "GET", "/api/search?kind=memo", nil, "", 400, "memo"},
		{"empty and unknown kinds", "GET", "/api/search?kind=,funding,,memos", nil, "", 400, "memos"},
		{"date not a date", "GET", "/api/search?date_from=yesterday", nil, "", 400, "date_from"},
		{"impossible date", "GET", "/api/search?date_to=2018-02-30", nil, "", 400, "date_to"},
		{"dates reversed", "GET", "/api/search?date_from=2019-01-01&date_to=2018-01-01", nil, "", 400, "date_to"},
		{"amount not a number", "GET", "/api/search?amount_min=lots", nil, "", 400, "amount_min"},
		{"negative amount", "GET", "/api/search?amount_max=-5", nil, "", 400, "amount_max"},
		{"NaN amount", "GET", "/api/search?amount_min=NaN", nil, "", 400, "amount_min"},
		{"infinite amount", "GET", "/api/search?amount_min=1e999", nil, "", 400, "amount_min"},
		{"amounts reversed", "GET", "/api/search?amount_min=500&amount_max=100", nil, "", 400, "amount_max"},
		{"negative limit", "GET", "/api/search?limit=-1", nil, "", 400, "limit"},
		{"zero limit", "GET", "/api/search?limit=0", nil, "", 400, "limit"},
		{"limit not a number", "GET", "/api/search?limit=ten", nil, "", 400, "limit"},
		{"hugely negative limit", "GET", "/api/search?limit=-99999999999999999999", nil, "", 400, "limit"},
		{"unknown sort", "GET", "/api/search?sort=size", nil, "", 400, "sort"},
		{"cursor not base64", "GET", "/api/search?cursor=%%%", nil, "", 400, ""},
		{"cursor garbage", "GET", "/api/search?cursor=garbage", nil, "", 400, "cursor"},
		{"cursor valid base64, not JSON", "GET", "/api/search?cursor=aGVsbG8", nil, "", 400, "cursor"},
		{"cursor with empty values", "GET", "/api/search?cursor=eyJmIjoiIiwiYSI6W119", nil, "", 400, "cursor"},
		{"cursor too long", "GET", "/api/search?cursor=" + strings.Repeat("QUFB", 1200), nil, "", 400, "cursor"},
		{"totals grouped by nonsense", "GET", "/api/funding/totals?group_by=colour", nil, "", 400, "group_by"},
		{"totals with bad query", "GET", "/api/funding/totals?q=(", nil, "", 400, "("},
		{"export in unknown format", "GET", "/api/export?format=xml", nil, "", 400, "format"},
		{"export with bad query", "GET", "/api/export?q=%22open", nil, "", 400, "quote"},
		{"unknown item", "GET", "/api/items/nope", nil, "", 404, "nope"},
		{"unknown document", "GET", "/api/documents/nope", nil, "", 404, "nope"},
		{"unknown document file", "GET", "/api/documents/0000/file", nil, "", 404, "0000"},
		{"traversal in item id", "GET", "/api/items/..%2F..%2F..%2Fetc%2Fpasswd", nil, "", 404, "not found"},
		{"traversal in document id", "GET", "/api/documents/..%2F..%2Fetc%2Fpasswd/file", nil, "", 404, "not found"},
		{"document record id as item", "GET", "/api/items/doc:" + docID, nil, "", 404, "not found"},
		{"absolute path as id", "GET", "/api/documents/%2Fetc%2Fpasswd/file", nil, "", 404, "not found"},
		{"NUL in id", "GET", "/api/items/a%00b", nil, "", 404, "not found"},
		{"unknown endpoint", "GET", "/api/v2/search", nil, "", 404, "no endpoint"},
		{"wrong method on search", "DELETE", "/api/search", nil, "", 405, "not allowed"},
		{"wrong method on items", "PUT", "/api/items/x", nil, "", 405, "not allowed"},
		{"GET on the ingest endpoint", "GET", "/api/admin/ingest", nil, "", 405, "not allowed"},
		{"ingest without token", "POST", "/api/admin/ingest", nil, `{"paths":["/tmp"]}`, 401, "token"},
		{"ingest with wrong token", "POST", "/api/admin/ingest", http.Header{"Authorization": {"Bearer guess"}}, `{"paths":["/tmp"]}`, 401, "token"},
		{"ingest with broken JSON", "POST", "/api/admin/ingest", bearer, `{"paths":`, 400, "ingest request"},
		{"ingest with unknown field", "POST", "/api/admin/ingest", bearer, `{"paths":["/tmp"],"rm":true}`, 400, "rm"},
		{"ingest with relative path", "POST", "/api/admin/ingest", bearer, `{"paths":["../etc"]}`, 400, "absolute"},
		{"ingest with no paths", "POST", "/api/admin/ingest", bearer, `{"paths":[]}`, 400, "no paths"},
		{"ingest with oversized body", "POST", "/api/admin/ingest", bearer, `{"paths":["/` + strings.Repeat("x", 2<<20) + `"]}`, 400, "too large"},
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, ts.URL, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Opaque = "//" + req.URL.Host + tc.target // sent exactly as written
		for k, v := range tc.header {
			req.Header[k] = v
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct {
			Error string `json:"error"`
		}
		jerr := json.Unmarshal(body, &e)
		if resp.StatusCode != tc.status || jerr != nil || !strings.Contains(e.Error, tc.says) {
			t.Errorf("%s: %s %s → %d %s; want %d with a JSON error mentioning %q", tc.name, tc.method, truncate(tc.target, 80), resp.StatusCode, truncate(string(body), 200), tc.status, tc.says)
		}
		assertHealthy(t, ts, tc.name)
	}
	t.Logf("%d hostile requests answered with the right 4xx", len(cases))
}

func searchAPIFirstDocID(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	resp, err := http.Get(ts.URL + "/api/documents")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Documents []struct {
			ID string `json:"id"`
		} `json:"documents"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil || len(res.Documents) == 0 {
		t.Fatalf("documents: %v", err)
	}
	return res.Documents[0].ID
}

func assertHealthy(t *testing.T, ts *httptest.Server, after string) {
	t.Helper()
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("server unhealthy after %s: %v", after, err)
	}
	resp.Body.Close()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Limits on the connection itself: a header that never ends is cut off, an
// oversized header is refused, and the server keeps answering others.
func TestSlowAndOversizedClients(t *testing.T) {
	ts, _ := hostileServer(t)
	addr := strings.TrimPrefix(ts.URL, "http://")

	// A client that sends half a request line and stalls is disconnected.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/search?q=flood HTTP/1.1\r\nHost: x\r\n")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn)
	if elapsed := time.Since(start); err != nil || elapsed > 3*time.Second {
		t.Errorf("slow client held the connection for %v (%v)", elapsed, err)
	}
	assertHealthy(t, ts, "a slow client")

	// A header over the limit gets 431.
	conn2, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	fmt.Fprintf(conn2, "GET /api/search HTTP/1.1\r\nHost: x\r\nX-Junk: %s\r\n\r\n", strings.Repeat("j", 200<<10))
	resp, err := http.ReadResponse(bufio.NewReader(conn2), nil)
	if err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("oversized header: %v %v; want 431", resp, err)
	}
	assertHealthy(t, ts, "an oversized header")
}

// Ingest is refused to anyone not on this machine, token or not.
func TestIngestOnlyFromLoopback(t *testing.T) {
	srv := search.NewServer(sampleIndex(t), search.Options{
		Ingest:      func(context.Context, search.IngestRequest, func(search.IngestEvent)) error { return nil },
		IngestToken: "tok",
	})
	req := httptest.NewRequest("POST", "/api/admin/ingest", strings.NewReader(`{"paths":["/tmp"]}`))
	req.RemoteAddr = "203.0.113.9:4444"
	req.Header.Set("Authorization", "Bearer tok")
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("ingest from 203.0.113.9: %d %s; want 403", rec.Code, rec.Body)
	}
}

// Only ingested documents can be downloaded: a file that changed on disk
// since it was indexed is not served under the old ID.
func TestFileEndpointServesOnlyWhatWasIngested(t *testing.T) {
	ts, _ := hostileServer(t)
	id := searchAPIFirstDocID(t, ts)
	resp, err := http.Get(ts.URL + "/api/documents/" + url.PathEscape(id) + "/file")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("ingested file: %d, nosniff %q", resp.StatusCode, resp.Header.Get("X-Content-Type-Options"))
	}
	if ct := resp.Header.Get("Content-Type"); ct == "text/html" && !strings.Contains(resp.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("an HTML original is served without a sandbox")
	}
}
