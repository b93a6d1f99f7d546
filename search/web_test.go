package search

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"panelpapers/corpus"
)

// get fetches path from a server over lib and returns the response and its body.
func get(t *testing.T, lib Library, path string) (*http.Response, string) {
	t.Helper()
	srv := httptest.NewServer(NewServer(lib, Options{}).Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(body, n) {
			t.Errorf("page contains %q", n)
		}
	}
}

// checkPage asserts what every HTML page must have.
func checkPage(t *testing.T, resp *http.Response, body string, status int) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d", resp.StatusCode, status)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); csp != contentSecurityPolicy {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if !strings.Contains(csp(resp), "script-src 'self'") || strings.Contains(csp(resp), "unsafe-inline") {
		t.Errorf("CSP allows inline scripts: %q", csp(resp))
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff header")
	}
	mustContain(t, body, "<!doctype html>", `<main id="main"`, `href="/funding"`, `href="/recommendations"`,
		`href="/documents"`, `href="/api/openapi.json"`, "/static/style.css?v=", "/static/app.js?v=")
	if regexp.MustCompile(`<script>|<script [^s]|style=|<style`).MatchString(body) {
		t.Error("page has an inline script or style, which the CSP forbids")
	}
}

func csp(resp *http.Response) string { return resp.Header.Get("Content-Security-Policy") }

func TestWebSearchPage(t *testing.T) {
	resp, body := get(t, newFakeLibrary(), "/?q=county+lines")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body,
		`<input id="q" name="q" type="search" value="county lines"`,
		`href="/help"`,            // the syntax, one click away
		`<details class="syntax"`, // and inline
		`2 results`,               // the agenda item and the hostile section
		`<a href="/items/doc1-0001">5 County lines update</a>`,
		`<span class="badge kind-agenda_item">Agenda item</span>`,
		`Agenda pack, 16 November 2018`, `16 Nov 2018`, fakeBody,
		`<mark>county</mark> <mark>lines</mark>`, // the highlight, kept as markup
		// the citation: printed page and PDF page, opening the PDF there in a new tab
		`<a class="cite" href="/api/documents/doc1/file#page=25" target="_blank" rel="noopener"`,
		`p. 23 (PDF page 25)`,
		`name="date_from" type="date"`, `name="amount_min"`, `name="sort"`,
		`<option value="funding">Funding</option>`,
		`/api/export?format=csv&amp;q=county&#43;lines`,
	)
}

func TestWebFacetLinksAddFilters(t *testing.T) {
	resp, body := get(t, newFakeLibrary(), "/?q=youth&sort=-date")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body,
		// each value adds its filter to the current query and sort
		`href="/?kind=funding&amp;q=youth&amp;sort=-date"`,
		`href="/?body=Thames&#43;Valley&#43;Police&#43;and&#43;Crime&#43;Panel&amp;q=youth&amp;sort=-date"`,
		`href="/?date_from=2018-01-01&amp;date_to=2018-12-31&amp;q=youth&amp;sort=-date"`,
		`href="/?fund=Community&#43;Safety&#43;Fund&amp;q=youth&amp;sort=-date"`,
		// the body select is filled from the body facet
		`<option value="Kent Cabinet">Kent Cabinet</option>`,
	)
}

func TestWebActiveFilters(t *testing.T) {
	lib := newFakeLibrary()
	resp, body := get(t, lib, "/?q=youth&kind=funding&body=Thames+Valley+Police+and+Crime+Panel&date_from=2018-01-01&date_to=&amount_min=1000")
	checkPage(t, resp, body, http.StatusOK)
	if len(lib.lastReq.Kinds) != 1 || lib.lastReq.Kinds[0] != corpus.KindFunding || lib.lastReq.Body != fakeBody || lib.lastReq.AmountMin == nil {
		t.Errorf("the page asked %+v", lib.lastReq)
	}
	mustContain(t, body,
		`Kind: <strong>Funding</strong> <a href="/?amount_min=1000&amp;body=Thames&#43;Valley&#43;Police&#43;and&#43;Crime&#43;Panel&amp;date_from=2018-01-01&amp;q=youth"`,
		`Body: <strong>Thames Valley Police and Crime Panel</strong> <a href="/?amount_min=1000&amp;date_from=2018-01-01&amp;kind=funding&amp;q=youth"`,
		`From: <strong>2018-01-01</strong>`,
		`Amount at least: <strong>1000</strong>`,
		`<a href="/?q=youth" class="clear">Clear all filters</a>`,
		`<option value="funding" selected>Funding</option>`,
		`<option value="Thames Valley Police and Crime Panel" selected>`,
		`value="2018-01-01"`,
	)
	mustNotContain(t, body, `To: <strong>`) // empty parameters are no filter
	// the filters start open when some are active; folded otherwise (app.js opens them on wide screens)
	mustContain(t, body, `<details class="filters" open data-open-wide>`, `(4 active)`)
	_, body = get(t, lib, "/?q=youth")
	mustContain(t, body, `<details class="filters" data-open-wide>`)
}

func TestWebEmptyQueryListsNewestFirst(t *testing.T) {
	lib := newFakeLibrary()
	resp, body := get(t, lib, "/?date_from=2000-01-01")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, "7 results", "Order: Newest first.")
	first := strings.Index(body, "Decision on youth services") // 2019
	last := strings.Index(body, "pack</a>")                    // the 2017 document
	if first < 0 || last < 0 || first > last {
		t.Errorf("not newest first: %d %d", first, last)
	}
	if lib.lastReq.Limit != webLimit || !lib.lastReq.Facets {
		t.Errorf("request %+v", lib.lastReq)
	}
}

func TestWebPagination(t *testing.T) {
	resp, body := get(t, newFakeLibrary(), "/?kind=funding,recommendation,decision&limit=2")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, `4 results`, `<a href="/?cursor=2&amp;kind=funding%2Crecommendation%2Cdecision&amp;limit=2" rel="next" class="next">Next page »</a>`,
		// several kinds stay selected as one option
		`<option value="funding,recommendation,decision" selected>Funding or Recommendation or Decision</option>`)
	resp, body = get(t, newFakeLibrary(), "/?kind=funding,recommendation,decision&limit=2&cursor=2")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, `rel="first">« First page</a>`, `href="/?kind=funding&amp;limit=2"`)
	mustNotContain(t, body, "Next page")
	// facet and filter links start again from the first page; only the
	// JSON link, the same page from the API, keeps the cursor
	if n := strings.Count(body, "cursor="); n != 1 || !strings.Contains(body, `href="/api/search?cursor=2&amp;`) {
		t.Errorf("%d links carry the cursor on", n)
	}
}

func TestWebHostileTextIsEscaped(t *testing.T) {
	for _, path := range []string{"/?q=alert", "/?q=county", "/items/doc3-0001", "/documents", "/documents/doc3", "/items/doc1-0001?x=1"} {
		t.Run(path, func(t *testing.T) {
			resp, body := get(t, newFakeLibrary(), path)
			checkPage(t, resp, body, http.StatusOK)
			mustNotContain(t, body, "<script>alert(1)</script>", `href="javascript:`, "<script>")
			if path != "/items/doc1-0001?x=1" {
				mustContain(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
			}
		})
	}
	_, body := get(t, newFakeLibrary(), "/?q=alert")
	// The text's "&amp;" is literal text: shown as "&amp;", so written &amp;amp;.
	mustContain(t, body, "Smith &amp;amp; Sons", "<mark>alert</mark>(1)")
	_, body = get(t, newFakeLibrary(), "/items/doc3-0001")
	mustContain(t, body, "Smith &amp;amp; Sons", "javascript:alert(1) &amp;amp; title")
}

func TestMarkHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a <mark>b</mark> c", "a <mark>b</mark> c"},
		// Bleve's escaping survives: text stays text
		{"&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>"},
		// raw markup that was never escaped is escaped now
		{"<script>alert(1)</script><mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt;<mark>x</mark>"},
		{`<img src=x onerror="alert(1)">`, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"},
		// only the exact tags pass
		{"<mark onclick=x>y</mark>", "&lt;mark onclick=x&gt;y"},
		{"<MARK>y</MARK>", "&lt;MARK&gt;y&lt;/MARK&gt;"},
		// tags are balanced
		{"<mark>open", "<mark>open</mark>"},
		{"</mark>stray", "stray"},
		{"<mark>a<mark>b</mark>c</mark>", "<mark>ab</mark>c"},
		// entities are unescaped once and escaped again: no double escaping, no unescaping twice
		{"Tom &amp; Jerry", "Tom &amp; Jerry"},
		{"&amp;lt;b&amp;gt;", "&amp;lt;b&amp;gt;"},
		{"&#34;q&#34; &#39;s&#39;", "&#34;q&#34; &#39;s&#39;"},
		{"", ""},
	} {
		if got := markHTML(c.in); got != template.HTML(c.want) {
			t.Errorf("markHTML(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWebItemPage(t *testing.T) {
	resp, body := get(t, newFakeLibrary(), "/items/doc1-0004")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body,
		`<h1>R3 Roads policing recommendation`,
		`Recommendation and response`,
		`The Commissioner should publish roads policing data.`,
		`Accepted; data to be published quarterly.`,
		`<strong class="status-badge">accepted</strong>`,
		`Source: Scrutiny report`, `Author: Panel Chair`,
		`<dt>Response</dt>`, `<dt>Status</dt>`, `<dt>Number</dt><dd>R3</dd>`, `<dt>Page</dt><dd>p. 58 (PDF page 60)</dd>`,
		`<a href="/documents/doc1">Agenda pack, 16 November 2018</a>`,
		`href="/api/documents/doc1/file#page=60"`,
		`<dt>Meeting date</dt><dd><time datetime="2018-11-16">16 Nov 2018</time></dd>`,
		// the other items of the document
		`In the same document`, `<a href="/items/doc1-0001">5 County lines update</a>`,
		`<strong aria-current="true">R3 Roads policing recommendation</strong>`,
		`href="/api/items/doc1-0004"`,
	)
	mustNotContain(t, body, "<dt>Amount</dt>", "<dt>Recipient</dt>") // empty fields are left out

	resp, body = get(t, newFakeLibrary(), "/items/doc1-0002")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, "<dt>Amount</dt><dd>£1,234.56</dd>",
		// names link to their entity pages
		`<dt>Recipient</dt><dd><a class="entity-link" href="/entities/recipient-youth-offending-service"`,
		`<dt>Fund</dt><dd><a class="entity-link" href="/entities/fund-community-safety-fund"`,
		`<dt>Body</dt><dd><a class="entity-link" href="/entities/body-thames-valley-police-and-crime-panel"`,
		"<dt>Period</dt><dd>2018/19</dd>")
	mustNotContain(t, body, "Recommendation and response")
}

func TestWebNotFound(t *testing.T) {
	for _, path := range []string{"/items/nope", "/items/..%2F..%2Fetc", "/documents/nope", "/nowhere"} {
		resp, body := get(t, newFakeLibrary(), path)
		checkPage(t, resp, body, http.StatusNotFound)
		mustContain(t, body, "<h1>Not found</h1>", `role="alert"`)
	}
}

func TestWebBadQuery(t *testing.T) {
	for _, path := range []string{"/?q=%28", "/funding?q=%28", "/recommendations?q=%28"} {
		resp, body := get(t, newFakeLibrary(), path)
		checkPage(t, resp, body, http.StatusBadRequest)
		mustContain(t, body, `role="alert"`, "Your search could not be run", `At character 1: `,
			`name="q"`, `value="("`) // the form is still there to fix the query
		mustNotContain(t, body, `query &#34;`) // the query is in the box, not Go-quoted in the message
	}
	resp, body := get(t, newFakeLibrary(), "/?date_from=yesterday&q=x")
	checkPage(t, resp, body, http.StatusBadRequest)
	mustContain(t, body, `date_from: &#34;yesterday&#34; is not a date (want YYYY-MM-DD)`)
}

func TestWebFundingPage(t *testing.T) {
	lib := newFakeLibrary()
	resp, body := get(t, lib, "/funding?kind=minute")
	checkPage(t, resp, body, http.StatusOK)
	if len(lib.lastReq.Kinds) != 1 || lib.lastReq.Kinds[0] != corpus.KindFunding {
		t.Errorf("funding page asked for kinds %v", lib.lastReq.Kinds)
	}
	mustContain(t, body,
		"Funding: 2 awards",
		// awards, largest first
		`<td class="num">£1,000,000.00</td>`, `<td class="num">£1,234.56</td>`,
		`<a href="/items/doc1-0002">Youth Offending Service</a>`,
		`<td class="fund"><a class="entity-link" href="/entities/fund-community-safety-fund">Community Safety Fund</a></td>`, `<td>2018/19</td>`,
		`<a class="entity-link over-time" href="/entities/recipient-youth-offending-service"`,
		// one body for every award: said once, not on each row
		`Awards <span class="muted small">— Thames Valley Police and Crime Panel</span>`,
		`href="/api/documents/doc1/file#page=40"`,
		// totals
		"Totals by recipient", "Totals by fund", `(no recipient)`,
		`<strong class="grand-total">£1,001,234.56</strong>`, "over 2 funding lines",
		`<a href="/funding?fund=Community&#43;Safety&#43;Fund">Community Safety Fund</a>`,
		// exports with the filters
		`href="/api/export?format=csv&amp;kind=funding"`,
		`href="/api/export?format=360giving&amp;kind=funding"`,
	)
	if strings.Index(body, "£1,000,000.00</td>") > strings.Index(body, "£1,234.56</td>") {
		t.Error("awards not largest first")
	}
	mustNotContain(t, body, "Showing ", `<select id="f-kind"`, `<th scope="col">Body</th>`)

	_, body = get(t, newFakeLibrary(), "/funding?q=youth&body=Thames+Valley+Police+and+Crime+Panel&sort=amount")
	mustContain(t, body, "Funding: 1 award",
		`href="/api/export?body=Thames&#43;Valley&#43;Police&#43;and&#43;Crime&#43;Panel&amp;format=360giving&amp;kind=funding&amp;q=youth&amp;sort=amount"`)
}

func TestWebFundingPageCapsRows(t *testing.T) {
	lib := newFakeLibrary()
	for i := range fundingRows + 3 {
		lib.items = append(lib.items, corpus.Item{ID: fmt.Sprintf("gen-%04d", i), DocID: "doc1", Kind: corpus.KindFunding,
			Recipient: fmt.Sprintf("Recipient %d", i), Amount: float64(i), Body: fakeBody, MeetingDate: "2018-11-16"})
	}
	resp, body := get(t, lib, "/funding")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, fmt.Sprintf("Showing %d of %d", fundingRows, fundingRows+5), "export for all",
		fmt.Sprintf("And %d more", fundingRows+5-totalsRows))
	awards := body[strings.Index(body, `<table class="data awards">`):]
	awards = awards[:strings.Index(awards, "</table>")]
	if n := strings.Count(awards, `<td class="num">£`); n != fundingRows {
		t.Errorf("%d award rows, want %d", n, fundingRows)
	}
}

func TestWebRecommendationsPage(t *testing.T) {
	lib := newFakeLibrary()
	resp, body := get(t, lib, "/recommendations")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, "1 recommendation", "The Commissioner should publish roads policing data.",
		"Accepted; data to be published quarterly.", `<span class="status-badge">accepted</span>`,
		"Source: Scrutiny report", "From Agenda pack, 16 November 2018, 16 Nov 2018",
		`href="/api/documents/doc1/file#page=60"`, `p. 58 (PDF page 60)`,
		`<input type="checkbox" id="f-decisions" name="decisions" value="1" data-autosubmit>`)
	mustNotContain(t, body, "Decision on youth services")

	resp, body = get(t, lib, "/recommendations?decisions=1&q=youth")
	checkPage(t, resp, body, http.StatusOK)
	if len(lib.lastReq.Kinds) != 2 {
		t.Errorf("kinds %v", lib.lastReq.Kinds)
	}
	mustContain(t, body, "Decision on youth services", "and decisions", "No response recorded.", " checked ",
		`href="/api/export?format=csv&amp;kind=recommendation%2Cdecision&amp;q=youth"`)
}

func TestWebDocumentsPages(t *testing.T) {
	resp, body := get(t, newFakeLibrary(), "/documents")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, `<a href="/documents/doc1">Agenda pack, 16 November 2018</a>`, `<td class="num">80</td>`,
		`href="/api/documents/doc1/file"`, fakeBody2)
	resp, body = get(t, newFakeLibrary(), "/documents/doc1")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, "Items <span class=\"muted\">(4)</span>", `<a href="/items/doc1-0004">R3 Roads policing recommendation</a>`,
		"tvpcp-2018-11-16-pack.pdf", "80 pages")
}

func TestWebHelpPage(t *testing.T) {
	resp, body := get(t, newFakeLibrary(), "/help")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, "Search syntax", `<code>"county lines"</code>`, "<code>amount:</code>", "<code>status:</code>",
		`href="/?q=%22county+lines%22"`)
}

func TestWebStatic(t *testing.T) {
	for path, ctype := range map[string]string{"/static/style.css": "text/css; charset=utf-8", "/static/app.js": "text/javascript; charset=utf-8"} {
		resp, body := get(t, newFakeLibrary(), path)
		if resp.StatusCode != http.StatusOK || len(body) < 100 {
			t.Errorf("%s: %d, %d bytes", path, resp.StatusCode, len(body))
		}
		if got := resp.Header.Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q", path, got)
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
	}
	resp, _ := get(t, newFakeLibrary(), "/static/nope.js")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("missing static file: %d", resp.StatusCode)
	}
}

func TestWebAPIRoutesUnchanged(t *testing.T) {
	// The web's catch-all must not swallow the API's own 404s or its routes.
	resp, body := get(t, newFakeLibrary(), "/api/nope")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(resp.Header.Get("Content-Type"), "json") {
		t.Errorf("/api/nope: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, _ = get(t, newFakeLibrary(), "/api/items/doc1-0001")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/api/items: %d", resp.StatusCode)
	}
}

func TestPenceMoney(t *testing.T) {
	for _, c := range []struct {
		pence int64
		cur   string
		want  string
	}{
		{0, "", "£0.00"}, {5, "GBP", "£0.05"}, {123456, "", "£1,234.56"}, {100000000, "GBP", "£1,000,000.00"},
		{-250, "", "-£2.50"}, {99, "EUR", "€0.99"}, {100, "NOK", "NOK 1.00"},
	} {
		if got := FormatPence(c.pence, c.cur); got != c.want {
			t.Errorf("FormatPence(%d, %q) = %q, want %q", c.pence, c.cur, got, c.want)
		}
	}
	if got := moneyText(0.1+0.2, ""); got != "£0.30" {
		t.Errorf("moneyText = %q", got)
	}
}
