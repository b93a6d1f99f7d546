package search_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"panelpapers/corpus"
	"panelpapers/ingest"
	"panelpapers/search"
)

// hostilePaper is a council page whose text tries to run script in the
// reader's browser: through the title, an inline script and a javascript: link.
const hostilePaper = `<html><head><title>&lt;script&gt;window.__pwned=3&lt;/script&gt; Zanzibar hostile agenda</title></head>
<body><h1>Test</h1>
<p>zanzibar county lines <script>window.__pwned=1</script> <a href="javascript:window.__pwned=2">x</a>
&lt;img src=x onerror="window.__pwned=4"&gt; and &lt;script&gt;window.__pwned=5&lt;/script&gt; as text.</p>
</body></html>`

// browserServer indexes the bundled samples and the hostile page and serves them.
func browserServer(t *testing.T, ctx context.Context) string {
	t.Helper()
	dir := t.TempDir()
	paths, err := corpus.WriteSamples(filepath.Join(dir, "papers"))
	if err != nil {
		t.Fatal(err)
	}
	hostile := filepath.Join(dir, "papers", "hostile.html")
	if err := os.WriteFile(hostile, []byte(hostilePaper), 0o644); err != nil {
		t.Fatal(err)
	}
	paths = append(paths, hostile)
	ix, err := openStore(t, filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	for _, p := range paths {
		parsed, err := ingest.File(ctx, p, ingest.Options{})
		if err != nil && !errors.Is(err, ingest.ErrNeedsOCR) {
			t.Fatalf("ingest %s: %v", p, err)
		}
		if _, err := ix.Put(ctx, *parsed); err != nil {
			t.Fatalf("put %s: %v", p, err)
		}
	}
	ts := httptest.NewServer(search.NewServer(ix, search.Options{}).Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

func chromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("PAPERS_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PAPERS_REQUIRE_BROWSER") == "1" {
			t.Fatalf("no browser at %s (set PAPERS_CHROMIUM): %v", path, err)
		}
		t.Skipf("no browser at %s (set PAPERS_CHROMIUM, or PAPERS_REQUIRE_BROWSER=1 to fail): %v", path, err)
	}
	return path
}

// screenshot writes a full-page screenshot to $PAPERS_SCREENSHOTS, if set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shoot(t, ctx, name, chromedp.FullScreenshot(100))
}

func shoot(t *testing.T, ctx context.Context, name string, action chromedp.Action[[]byte]) {
	t.Helper()
	dir := os.Getenv("PAPERS_SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// run runs a value action, failing the test with what was being done.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func notPwned(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if pwned := run(t, ctx, "read window.__pwned", chromedp.Evaluate[string](`String(window.__pwned)`)); pwned != "undefined" {
		t.Errorf("%s: hostile text ran script: window.__pwned = %s", where, pwned)
	}
}

// noMarkup checks that the page holds no markup from the hostile paper: the
// CSP would stop it running, but it must not be there at all.
func noMarkup(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	type census struct {
		Scripts  []string `json:"scripts"`
		Handlers int      `json:"handlers"`
		Images   int      `json:"images"`
	}
	c := run(t, ctx, "count markup", chromedp.Evaluate[census](`({
		scripts: Array.from(document.scripts, s => s.getAttribute("src") || "inline"),
		handlers: Array.from(document.querySelectorAll("*")).filter(e => Array.from(e.attributes).some(a => a.name.startsWith("on"))).length,
		images: document.images.length,
	})`))
	if len(c.Scripts) != 1 || !strings.HasPrefix(c.Scripts[0], "/static/app.js") || c.Handlers != 0 || c.Images != 0 {
		t.Errorf("%s: markup from the paper got into the page: %+v", where, c)
	}
}

func TestBrowserSearchFundingAndItem(t *testing.T) {
	if testing.Short() && os.Getenv("PAPERS_REQUIRE_BROWSER") != "1" {
		t.Skip("browser test: not in -short")
	}
	chrome := chromiumPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := browserServer(t, ctx)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "en-GB"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()

	// 1. Search for "county lines" from the search box, as a person would.
	do(t, bctx, "open the search page",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "county lines"),
		chromedp.Click(chromedp.CSS(".searchrow button")),
		chromedp.WaitVisible(chromedp.CSS("ol.hits mark")),
	)
	loc := run(t, bctx, "location", chromedp.Location())
	if loc != base+"/?q=county+lines" {
		t.Errorf("after searching, the address is %s (empty fields should be left out)", loc)
	}
	count := run(t, bctx, "read the hit count", chromedp.Text(chromedp.ID("count")))
	if !regexp.MustCompile(`^[\d,]+ results? for .?county lines.?$`).MatchString(count) {
		t.Errorf("hit count reads %q", count)
	}
	marks := run(t, bctx, "count highlights", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("ol.hits mark"), m => m.textContent.toLowerCase())`))
	if len(marks) == 0 || !(contains(marks, "county") || contains(marks, "lines")) {
		t.Errorf("highlights %q", marks)
	}
	cites := run(t, bctx, "read citations", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("ol.hits a.cite"), a => a.textContent + " -> " + a.getAttribute("href"))`))
	if len(cites) == 0 {
		t.Error("no citation links on the results")
	}
	t.Logf("%s; %d highlights; citations %q", count, len(marks), cites)
	screenshot(t, bctx, "search-results")

	// Choosing a sort applies it at once (app.js), and the address stays clean.
	do(t, bctx, "choose a sort",
		chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("f-sort"); s.value = "-date"; s.dispatchEvent(new Event("change", {bubbles: true})) })()`),
		chromedp.WaitReady(chromedp.CSS(`#f-sort option[selected][value="-date"]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.hits mark")),
	)
	if loc := run(t, bctx, "location", chromedp.Location()); loc != base+"/?q=county+lines&sort=-date" {
		t.Errorf("after choosing a sort, the address is %s", loc)
	}
	dates := run(t, bctx, "read the dates", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("ol.hits .meta time"), t => t.getAttribute("datetime"))`))
	for i := 1; i < len(dates); i++ {
		if dates[i] > dates[i-1] {
			t.Errorf("sorted newest first, yet %s comes after %s", dates[i], dates[i-1])
		}
	}

	// 2. Click a facet value: funding if the results have any, else the first kind.
	kinds := run(t, bctx, "read kind facet", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(".facet-kind li a"), a => a.getAttribute("href"))`))
	if len(kinds) == 0 {
		t.Fatal("no kind facet")
	}
	pick := 0
	for i, h := range kinds {
		if strings.Contains(h, "kind=funding") {
			pick = i
		}
	}
	label := run(t, bctx, "read facet label", chromedp.Text(chromedp.CSS(fmt.Sprintf(".facet-kind li:nth-child(%d) .fv", pick+1))))
	do(t, bctx, "click a facet value",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(".facet-kind li:nth-child(%d) a", pick+1))),
		chromedp.WaitVisible(chromedp.CSS(".active .chip")),
	)
	chip := run(t, bctx, "read the active filter", chromedp.Text(chromedp.CSS(".active .chip")))
	if !strings.Contains(chip, "Kind: "+label) {
		t.Errorf("active filter reads %q, want Kind: %s", chip, label)
	}
	loc = run(t, bctx, "location", chromedp.Location())
	if !strings.Contains(loc, "q=county+lines") || !strings.Contains(loc, "kind=") || !strings.Contains(loc, "sort=-date") {
		t.Errorf("after the facet, the address is %s", loc)
	}
	badges := run(t, bctx, "read badges", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("ol.hits .hit-title .badge"), b => b.textContent)`))
	if len(badges) == 0 {
		t.Error("no results after the facet")
	}
	for _, b := range badges {
		if !strings.EqualFold(b, label) {
			t.Errorf("a %s among results filtered to %s", b, label)
		}
	}
	t.Logf("facet %s: %s; %d results", label, chip, len(badges))

	// 3. Open an item cited at a PDF page: back on the unfiltered results if
	// the filtered ones cite none.
	hitWithPage := `Array.from(document.querySelectorAll("ol.hits li.hit")).findIndex(li => { const a = li.querySelector("a.cite"); return a && a.getAttribute("href").includes("#page=") })`
	idx := run(t, bctx, "find a hit cited at a page", chromedp.Evaluate[int](hitWithPage))
	if idx < 0 {
		do(t, bctx, "back to all results", chromedp.Navigate(base+"/?q=county+lines"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		if idx = run(t, bctx, "find a hit cited at a page", chromedp.Evaluate[int](hitWithPage)); idx < 0 {
			t.Fatal("no result cites a PDF page")
		}
	}
	title := run(t, bctx, "read the hit title", chromedp.Text(chromedp.CSS(fmt.Sprintf("ol.hits li.hit:nth-child(%d) .hit-title a", idx+1))))
	do(t, bctx, "open the item",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("ol.hits li.hit:nth-child(%d) .hit-title a", idx+1))),
		chromedp.WaitVisible(chromedp.CSS("dl.fields")),
	)
	h1 := run(t, bctx, "read the item heading", chromedp.Text(chromedp.CSS("article.item h1")))
	if !strings.HasPrefix(h1, strings.TrimSpace(title)) {
		t.Errorf("item page heading %q, clicked %q", h1, title)
	}
	loc = run(t, bctx, "location", chromedp.Location())
	if !strings.HasPrefix(loc, base+"/items/") {
		t.Errorf("item page at %s", loc)
	}
	siblings := run(t, bctx, "count siblings", chromedp.Evaluate[int](`document.querySelectorAll("ol.siblings li").length`))
	if siblings == 0 {
		t.Error("item page lists no other items of its document")
	}
	screenshot(t, bctx, "item")

	// 4. The citation opens the PDF at the page, in a new tab.
	href := run(t, bctx, "read the citation", chromedp.Evaluate[string](`document.querySelector(".cite-box a.cite").href`))
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `/api/documents/[0-9a-f]{64}/file#page=\d+$`).MatchString(href) {
		t.Errorf("citation links to %s", href)
	}
	type fileResp struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		Magic  string `json:"magic"`
	}
	fr := run(t, bctx, "fetch the cited file", chromedp.Evaluate[fileResp](
		`fetch(document.querySelector(".cite-box a.cite").href).then(async r => ({status: r.status, type: r.headers.get("content-type"), magic: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))}))`,
		chromedp.EvalAwaitPromise))
	if fr.Status != 200 || fr.Type != "application/pdf" || fr.Magic != "%PDF-" {
		t.Errorf("the cited file: %+v", fr)
	}
	newTab := chromedp.WaitNewTarget(bctx, func(info *target.Info) bool { return strings.Contains(info.URL, "/api/documents/") })
	do(t, bctx, "click the citation", chromedp.Click(chromedp.CSS(".cite-box a.cite")))
	select {
	case id, ok := <-newTab:
		if !ok {
			t.Error("clicking the citation opened no tab")
			break
		}
		targets, err := chromedp.Targets(bctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, ti := range targets {
			if ti.TargetID == id {
				t.Logf("citation opened a tab at %s", ti.URL)
				if !strings.HasPrefix(ti.URL, base+"/api/documents/") || !strings.Contains(ti.URL, "/file#page=") {
					t.Errorf("the citation's tab is at %s", ti.URL)
				}
			}
		}
	case <-time.After(10 * time.Second):
		t.Error("clicking the citation opened no tab within 10s")
	}

	// 5. Funding: the totals with a £ grand total.
	do(t, bctx, "open the funding page",
		chromedp.Navigate(base+"/funding"),
		chromedp.WaitVisible(chromedp.ID("count")),
	)
	fcount := run(t, bctx, "read the funding count", chromedp.Text(chromedp.ID("count")))
	if !strings.HasPrefix(fcount, "Funding: ") {
		t.Errorf("funding heading %q", fcount)
	}
	if !strings.HasPrefix(fcount, "Funding: 0 ") {
		do(t, bctx, "wait for the totals", chromedp.WaitVisible(chromedp.CSS(".grand-total")), chromedp.WaitVisible(chromedp.CSS(".totals-table")))
		grand := run(t, bctx, "read the grand total", chromedp.Text(chromedp.CSS(".grand-total")))
		if !regexp.MustCompile(`^£[\d,]+\.\d\d$`).MatchString(grand) {
			t.Errorf("grand total %q", grand)
		}
		headings := run(t, bctx, "read the totals headings", chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll(".totals-table h2"), h => h.textContent)`))
		if !contains(headings, "Totals by recipient") || !contains(headings, "Totals by fund") {
			t.Errorf("totals tables %q", headings)
		}
		rows := run(t, bctx, "count awards", chromedp.Evaluate[int](`document.querySelectorAll("table.awards tbody tr").length`))
		exports := run(t, bctx, "read export links", chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll(".exports a"), a => a.getAttribute("href"))`))
		if len(exports) < 2 || !strings.Contains(exports[0], "/api/export?format=csv") || !strings.Contains(exports[1], "format=360giving") {
			t.Errorf("export links %q", exports)
		}
		t.Logf("%s; grand total %s; %d award rows", fcount, grand, rows)
	} else {
		t.Errorf("the samples have no funding lines: %s", fcount)
	}
	screenshot(t, bctx, "funding")

	// Recommendations, and the search page on a phone, for the screenshots.
	do(t, bctx, "open the recommendations page",
		chromedp.Navigate(base+"/recommendations?decisions=1"),
		chromedp.WaitVisible(chromedp.ID("count")),
	)
	recs := run(t, bctx, "count recommendations", chromedp.Evaluate[int](`document.querySelectorAll("ol.recs li.rec-card").length`))
	if recs == 0 {
		t.Error("no recommendations listed")
	}
	screenshot(t, bctx, "recommendations")
	do(t, bctx, "search on a phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/?q=county+lines"),
		chromedp.WaitVisible(chromedp.CSS("ol.hits mark")),
	)
	shoot(t, bctx, "search-mobile", chromedp.CaptureScreenshot()) // the first screenful
	do(t, bctx, "back to the desktop", chromedp.ResetViewport())

	// 6. Hostile text stays text: search it, open it, and nothing ran.
	do(t, bctx, "search the hostile page",
		chromedp.Navigate(base+"/?q=zanzibar"),
		chromedp.WaitVisible(chromedp.CSS("ol.hits mark")),
	)
	notPwned(t, bctx, "results")
	noMarkup(t, bctx, "results")
	page := run(t, bctx, "read the results", chromedp.Text(chromedp.CSS("ol.hits")))
	if !strings.Contains(page, "<script>window.__pwned=3</script>") {
		t.Errorf("the hostile title is not shown as text: %q", page)
	}
	do(t, bctx, "open the hostile item",
		chromedp.Click(chromedp.CSS("ol.hits li.hit .hit-title a")),
		chromedp.WaitVisible(chromedp.CSS("dl.fields")),
	)
	notPwned(t, bctx, "item page")
	noMarkup(t, bctx, "item page")
	jsLinks := run(t, bctx, "count javascript: links", chromedp.Evaluate[int](
		`Array.from(document.querySelectorAll("a[href]")).filter(a => a.protocol === "javascript:").length`))
	if jsLinks != 0 {
		t.Errorf("%d javascript: links on the item page", jsLinks)
	}
	do(t, bctx, "open the hostile document page",
		chromedp.Click(chromedp.CSS(".crumbs a:nth-of-type(2)")),
		chromedp.WaitVisible(chromedp.CSS("article.document")),
	)
	notPwned(t, bctx, "document page")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}
