package thread

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/ingest"
	"panelpapers/search"
)

// seriesIndex ingests the given papers of testdata/series into a fresh
// index.
func seriesIndex(t *testing.T, files ...string) *index.Index {
	t.Helper()
	ix, err := index.Open(t.TempDir(), index.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	putFiles(t, ix, files...)
	return ix
}

func putFiles(t *testing.T, ix *index.Index, files ...string) {
	t.Helper()
	ctx := context.Background()
	for _, f := range files {
		p, err := ingest.File(ctx, filepath.Join("testdata/series", f), ingest.Options{})
		if err != nil {
			t.Fatalf("ingest %s: %v", f, err)
		}
		if _, err := ix.Put(ctx, *p); err != nil {
			t.Fatal(err)
		}
	}
}

// recID finds the recommendation of a file whose text holds words.
func recID(t *testing.T, ix *index.Index, file, words string) string {
	t.Helper()
	var id string
	req := search.Request{Kinds: []corpus.Kind{corpus.KindRecommendation}}
	err := ix.Each(context.Background(), req, func(h search.Hit) error {
		if strings.Contains(h.Document.Path, file) && strings.Contains(h.Item.Text, words) {
			id = h.Item.ID
		}
		return nil
	})
	if err != nil || id == "" {
		t.Fatalf("no recommendation %q in %s (%v)", words, file, err)
	}
	return id
}

var panel = []string{"wessex-panel/2025-02-06.pdf", "wessex-panel/2025-06-19.pdf", "wessex-panel/2025-10-09.pdf"}

// The thread API gives a recommendation's story oldest first, each link
// with a citation that opens the paper at its page, a reason and a
// confidence; the recommendations page shows and filters by status.
func TestThreadAPIAndRecommendationsPage(t *testing.T) {
	ix := seriesIndex(t, panel...)
	ts := httptest.NewServer(search.NewServer(ix, search.Options{Threads: NewCache(ix)}).Handler())
	defer ts.Close()
	id := recID(t, ix, "2025-02-06", "twelve officers")

	var th struct {
		Item   corpus.Item `json:"item"`
		Status string      `json:"status"`
		Links  []struct {
			Item     corpus.Item `json:"item"`
			Citation struct {
				Page int    `json:"page"`
				URL  string `json:"url"`
			} `json:"citation"`
			Date       string  `json:"date"`
			Relation   string  `json:"relation"`
			Reason     string  `json:"reason"`
			Confidence float64 `json:"confidence"`
			Status     string  `json:"status"`
		} `json:"links"`
	}
	getJSON(t, ts.URL+"/api/items/"+url.PathEscape(id)+"/thread", http.StatusOK, &th)
	if th.Item.ID != id || th.Status != search.StatusRejected {
		t.Fatalf("thread of %s: item %s, status %q; want the recommendation, rejected (the June tracker's response)", id, th.Item.ID, th.Status)
	}
	relations := map[string]bool{}
	for i, l := range th.Links {
		relations[l.Relation] = true
		if i > 0 && l.Date < th.Links[i-1].Date {
			t.Errorf("links out of date order: %s after %s", l.Date, th.Links[i-1].Date)
		}
		if !strings.HasPrefix(l.Citation.URL, "/api/documents/") || !strings.Contains(l.Citation.URL, "#page=") {
			t.Errorf("link %s: citation %q does not open the paper at its page", l.Item.ID, l.Citation.URL)
		}
		if l.Item.ID != id && (l.Reason == "" || l.Confidence <= 0 || l.Confidence > 1) {
			t.Errorf("link %s (%s): reason %q, confidence %v", l.Item.ID, l.Relation, l.Reason, l.Confidence)
		}
	}
	if !relations["adopted"] || !relations["restated"] {
		t.Errorf("relations %v; want the endorsing decision (adopted) and the tracker row (restated)", relations)
	}
	getJSON(t, ts.URL+"/api/items/no-such-item/thread", http.StatusNotFound, nil)

	page := get(t, ts.URL+"/recommendations?status=rejected", http.StatusOK)
	if !strings.Contains(page, "twelve officers") || strings.Contains(page, "independent review") {
		t.Errorf("/recommendations?status=rejected should list the rejected recommendation only")
	}
	if !strings.Contains(page, `<option value="rejected" selected>rejected (`) {
		t.Errorf("the status filter does not show the chosen status with its count")
	}
	get(t, ts.URL+"/recommendations?status=maybe", http.StatusBadRequest)
}

// After an ingest the threads are read again: the October tracker marks
// the first recommendation done.
func TestCacheSeesNewPapersAfterInvalidate(t *testing.T) {
	ctx := context.Background()
	ix := seriesIndex(t, panel[0], panel[1])
	c := NewCache(ix)
	id := recID(t, ix, "2025-02-06", "performance figures")
	before, err := c.Thread(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	putFiles(t, ix, panel[2])
	c.Invalidate()
	after, err := c.Thread(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if before.Status != search.StatusInProgress || after.Status != search.StatusDone || len(after.Links) <= len(before.Links) {
		t.Errorf("status %q -> %q, links %d -> %d; want in progress -> done with the October papers linked",
			before.Status, after.Status, len(before.Links), len(after.Links))
	}
	if _, err := c.Thread(ctx, "no-such-item"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("unknown item: %v, want ErrNotFound", err)
	}
}

// The item page shows the thread in a browser.
func TestBrowserItemPageShowsThread(t *testing.T) {
	chrome := os.Getenv("PAPERS_CHROMIUM")
	if chrome == "" {
		chrome = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chrome); err != nil {
		if os.Getenv("PAPERS_REQUIRE_BROWSER") == "1" {
			t.Fatalf("no browser at %s: %v", chrome, err)
		}
		t.Skipf("no browser at %s: %v", chrome, err)
	}
	ix := seriesIndex(t, panel...)
	ts := httptest.NewServer(search.NewServer(ix, search.Options{Threads: NewCache(ix)}).Handler())
	defer ts.Close()
	id := recID(t, ix, "2025-02-06", "performance figures")

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()

	if err := chromedp.Do(bctx, chromedp.Navigate(ts.URL+"/items/"+url.PathEscape(id)), chromedp.WaitVisible(chromedp.CSS("section.thread"))); err != nil {
		t.Fatalf("open the item page: %v", err)
	}
	text, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("section.thread")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"What became of it", "done", "endorsed and sent to the Commissioner", "Printed again", "published on 14 July 2025"} {
		if !strings.Contains(text, want) {
			t.Errorf("the thread on the item page lacks %q:\n%s", want, text)
		}
	}
	links, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("section.thread li a[href^='/items/']").length`))
	if err != nil {
		t.Fatal(err)
	}
	if links < 3 {
		t.Errorf("%d links to the thread's other items; want at least the decision and two tracker rows", links)
	}
}

func get(t *testing.T, u string, want int) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d: %.300s", u, res.StatusCode, want, body)
	}
	return string(body)
}

func getJSON(t *testing.T, u string, want int, dst any) {
	t.Helper()
	body := get(t, u, want)
	if dst != nil {
		if err := json.Unmarshal([]byte(body), dst); err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
	}
}
