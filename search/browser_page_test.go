package search_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"panelpapers/corpus"
	"panelpapers/ingest"
	"panelpapers/search"
)

// The web page bugs of issue 13, each driven in a real browser. The server
// holds the bundled samples and, when the shared papers are beside the
// checkout, the sample pack's second render (a copy of the first).

// secondRender is the sample pack rendered by LibreOffice: the same text as
// the bundled (Chromium) render.
const secondRender = "../../shared/corpus/tvpcp-2018-11-16-pack-libreoffice.pdf"

func pageServer(t *testing.T, ctx context.Context) (base string, withCopy bool) {
	t.Helper()
	dir := t.TempDir()
	paths, err := corpus.WriteSamples(filepath.Join(dir, "papers"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(secondRender); err == nil {
		paths, withCopy = append(paths, secondRender), true
	}
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
	return ts.URL, withCopy
}

func newBrowser(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	return bctx
}

func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	do(t, ctx, "open "+url, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main")))
}

func texts(t *testing.T, ctx context.Context, css string) []string {
	t.Helper()
	return run(t, ctx, "read "+css, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(`+"`"+css+"`"+`), e => e.textContent.replace(/\s+/g, " ").trim())`))
}

func TestBrowserPageBugs(t *testing.T) {
	if testing.Short() && os.Getenv("PAPERS_REQUIRE_BROWSER") != "1" {
		t.Skip("browser test: not in -short")
	}
	chromiumPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	base, withCopy := pageServer(t, ctx)
	b := newBrowser(t, ctx)

	// The order the page says is the order it uses, and the sort box shows it.
	t.Run("order label", func(t *testing.T) {
		for _, tc := range []struct{ path, order string }{
			{"/?sort=-amount", "Largest amount"},
			{"/?kind=funding", "Newest first"},
			{"/?q=county+lines", "Best match"},
			{"/?q=county+lines&sort=date", "Oldest first"},
			{"/recommendations", "Newest first"},
			{"/recommendations?sort=-amount", "Largest amount"},
		} {
			open(t, b, base+tc.path)
			took := strings.Join(texts(t, b, ".summary .took"), " ")
			for _, other := range []string{"Newest first", "Oldest first", "Largest amount", "Smallest amount", "Best match"} {
				if other != tc.order && strings.Contains(took, other) {
					t.Errorf("%s: the page says %q, the order is %s", tc.path, took, tc.order)
				}
			}
			if !strings.Contains(took, tc.order) {
				t.Errorf("%s: the page says %q, not %s", tc.path, took, tc.order)
			}
			sel := texts(t, b, "#f-sort option:checked")
			if len(sel) != 1 || sel[0] != tc.order {
				t.Errorf("%s: the sort box shows %q, the order is %s", tc.path, sel, tc.order)
			}
		}
	})

	// A snippet has one ellipsis where the text was cut, none where it was not.
	t.Run("snippet ellipses", func(t *testing.T) {
		for _, path := range []string{"/?q=county+lines", "/recommendations?q=policing"} {
			open(t, b, base+path)
			snippets := texts(t, b, ".snippet")
			if len(snippets) == 0 {
				t.Fatalf("%s: no snippets", path)
			}
			for _, s := range snippets {
				if regexp.MustCompile(`…\s+…|^…\s|\s…$`).MatchString(s) {
					t.Errorf("%s: snippet %q has a stray ellipsis", path, s)
				}
			}
		}
	})

	// A syntax error reads as a sentence under a heading that says what
	// happened, not as Go's quoting of the query.
	t.Run("syntax error", func(t *testing.T) {
		open(t, b, base+`/?q=%22county+lines`)
		msg := strings.Join(texts(t, b, "#error"), " ")
		if strings.Contains(msg, `\"`) || strings.Contains(msg, `query "`) || !strings.Contains(msg, "closing") {
			t.Errorf("error reads %q", msg)
		}
		h1 := texts(t, b, "main h1")
		if len(h1) != 1 || !strings.Contains(h1[0], "could not") {
			t.Errorf("headings %q: want one that says the search could not be run", h1)
		}
		if q := run(t, b, "read the box", chromedp.Evaluate[string](`document.getElementById("q").value`)); q != `"county lines` {
			t.Errorf("the search box holds %q, not what was typed", q)
		}
	})

	// "Remove the filters" only when there are filters to remove.
	t.Run("no results", func(t *testing.T) {
		for _, tc := range []struct {
			path    string
			filters bool
		}{
			{"/?q=zqxjkv", false},
			{"/?q=zqxjkv&kind=funding", true},
			{"/recommendations?q=zqxjkv", false},
			{"/funding?q=zqxjkv", false},
			{"/funding?q=zqxjkv&date_from=2018-01-01", true},
		} {
			open(t, b, base+tc.path)
			none := strings.ToLower(strings.Join(texts(t, b, ".none"), " "))
			if none == "" {
				t.Fatalf("%s: no 'nothing matched' line", tc.path)
			}
			if got := strings.Contains(none, "remove the filters"); got != tc.filters {
				t.Errorf("%s: %q offers to remove filters: %v, want %v", tc.path, none, got, tc.filters)
			}
		}
	})

	// A recommendation card prints its text once.
	t.Run("recommendation text once", func(t *testing.T) {
		open(t, b, base+"/recommendations?q=speed+cameras")
		type card struct {
			All   string `json:"all"`
			Texts []string
		}
		cards := run(t, b, "read the cards", chromedp.Evaluate[[]string](
			`Array.from(document.querySelectorAll("li.rec-card .rec-grid > div:first-child"), e => e.textContent.replace(/\s+/g, " "))`))
		if len(cards) == 0 {
			t.Fatal("no recommendation cards")
		}
		for _, c := range cards {
			words := strings.Fields(strings.NewReplacer("…", " ").Replace(c))
			if len(words) < 12 {
				continue
			}
			probe := strings.Join(words[1:7], " ") // six words of the text
			if n := strings.Count(c, probe); n > 1 {
				t.Errorf("card prints %q %d times: %s", probe, n, c)
			}
		}
	})

	// A passage is one hit per paper: not once per kind it was read as, nor
	// once more for the pack's second render.
	t.Run("one hit per passage", func(t *testing.T) {
		if !withCopy {
			t.Skip("the second render of the sample pack is not in ../shared")
		}
		const motion = "agreed as a correct record"
		open(t, b, base+`/?q=%22`+strings.ReplaceAll(motion, " ", "+")+`%22&limit=50`)
		type hit struct {
			Doc  string `json:"doc"`
			Text string `json:"text"`
		}
		hits := run(t, b, "read the hits", chromedp.Evaluate[[]hit](`Array.from(document.querySelectorAll("ol.hits li.hit"), li => ({
			doc: (li.querySelector(".meta a.doc") || {}).textContent || "",
			text: Array.from(li.querySelectorAll(".snippet"), s => s.textContent).join(" ").replace(/\s+/g, " ")}))`))
		seen := map[string]bool{}
		withMotion := 0
		for _, h := range hits {
			if !strings.Contains(strings.ToLower(h.Text), motion) {
				continue
			}
			withMotion++
			key := h.Doc + "\x00" + strings.Trim(h.Text, "… ")
			if seen[key] {
				t.Errorf("the same passage twice from %s: %s", h.Doc, h.Text)
			}
			seen[key] = true
		}
		// Two papers hold the September minutes: the pack and the minutes
		// page. The second render of the pack is a copy and adds nothing.
		// (Before: five hits, the motion as a minute, a decision and a
		// section of each render.)
		if withMotion == 0 || withMotion > 2 {
			t.Errorf("%d hits hold %q, want one per paper, 2 at most", withMotion, motion)
		}
	})

	// The page without a search lists the papers, not hundreds of fragments.
	t.Run("home page", func(t *testing.T) {
		open(t, b, base+"/")
		if n := len(texts(t, b, "ol.hits li.hit")); n > 0 {
			t.Errorf("the home page lists %d items", n)
		}
		docs := texts(t, b, ".recent-docs li")
		if len(docs) == 0 {
			t.Error("the home page lists no papers")
		}
		if len(texts(t, b, ".facet-kind li")) == 0 {
			t.Error("the home page offers no kinds to browse")
		}
		screenshot(t, b, "home")
	})
}
