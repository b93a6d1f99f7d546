package search_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// An entity page in a real browser, with page scripts off: the timeline is
// drawn (bars with a size, an accessible name and description, the same
// years as the table), every line links to its item, and the item's page
// links back to the entity.
func TestBrowserEntityPage(t *testing.T) {
	if testing.Short() && os.Getenv("PAPERS_REQUIRE_BROWSER") != "1" {
		t.Skip("browser test: not in -short")
	}
	chromiumPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := browserServer(t, ctx)
	bctx := newBrowser(t, ctx)
	// The chart needs no script: the page's own are turned off (DevTools
	// can still read the page).
	do(t, bctx, "start the browser")
	if _, err := chromedp.Call(bctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("turn page scripts off: %v", err)
	}

	// From a search hit's recipient to its entity page, as a reader would.
	open(t, bctx, base+"/?q=drugfam&kind=funding")
	do(t, bctx, "follow the recipient's link",
		chromedp.Click(chromedp.CSS("ol.hits a.recipient.entity-link")),
		chromedp.WaitVisible(chromedp.CSS("svg.timeline-chart")),
	)
	if loc := run(t, bctx, "location", chromedp.Location()); loc != base+"/entities/recipient-drugfam" {
		t.Fatalf("the recipient link led to %s", loc)
	}
	type chart struct {
		Name, Desc string
		Role       string
		Bars       int
		Drawn      int // bars the browser laid out with a width, and a height where they have one
		Years      []string
		Table      []string
		Lines      []string
		Feed       string
	}
	c := run(t, bctx, "read the chart", chromedp.Evaluate[chart](`(() => {
		const svg = document.querySelector("svg.timeline-chart");
		const [title, desc] = svg.getAttribute("aria-labelledby").split(" ").map(id => document.getElementById(id).textContent);
		const bars = Array.from(svg.querySelectorAll("rect.bar"));
		return {
			name: title, desc: desc, role: svg.getAttribute("role"), bars: bars.length,
			drawn: bars.filter(b => { const r = b.getBoundingClientRect(); return r.width > 0 && (r.height > 0 || b.getAttribute("height") === "0"); }).length,
			years: Array.from(svg.querySelectorAll("text.year"), t => t.textContent),
			table: Array.from(document.querySelectorAll("table.timeline-data tbody th"), th => th.textContent),
			lines: Array.from(document.querySelectorAll("ul.entity-lines > li > a[href^='/items/']"), a => a.getAttribute("href")),
			feed: (document.querySelector("link[rel=alternate][type='application/atom+xml']") || {}).href || "",
		};
	})()`))
	if c.Role != "img" || c.Name != "DrugFAM: amount per year" || !strings.HasPrefix(c.Desc, "From 2018 to 2018. 2018: £14,555.00") {
		t.Errorf("the chart's accessible name %q, description %q, role %q", c.Name, c.Desc, c.Role)
	}
	if c.Bars != 1 || c.Drawn != 1 || strings.Join(c.Years, ",") != "2018" || strings.Join(c.Table, ",") != "2018" {
		t.Errorf("chart %+v: want one drawn bar for 2018, as the table says", c)
	}
	if len(c.Lines) != 3 || !strings.HasPrefix(c.Feed, base+"/api/feed?") {
		t.Errorf("lines %q, feed %q", c.Lines, c.Feed)
	}
	notPwned(t, bctx, "entity page")
	screenshot(t, bctx, "entity-drugfam")

	// A line leads to its item, whose recipient leads back.
	do(t, bctx, "follow a line",
		chromedp.Click(chromedp.CSS("ul.entity-lines > li > a[href^='/items/']")),
		chromedp.WaitVisible(chromedp.CSS("article.item")),
	)
	if loc := run(t, bctx, "location", chromedp.Location()); loc != base+c.Lines[0] {
		t.Errorf("the line led to %s, want %s", loc, base+c.Lines[0])
	}
	back := run(t, bctx, "read the item's entity links", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("dl.fields a.entity-link"), a => a.getAttribute("href"))`))
	if len(back) < 2 || back[0] != "/entities/recipient-drugfam" {
		t.Errorf("the item's names link to %q, want the recipient first", back)
	}
	// A body's chart counts papers, over the years it published them.
	open(t, bctx, base+"/entities/body-thames-valley-police-and-crime-panel")
	name := run(t, bctx, "read the body's chart", chromedp.Evaluate[string](
		`document.getElementById(document.querySelector("svg.timeline-chart").getAttribute("aria-labelledby").split(" ")[0]).textContent`))
	if name != "Thames Valley Police and Crime Panel: papers per year" {
		t.Errorf("the body's chart is %q", name)
	}
}
