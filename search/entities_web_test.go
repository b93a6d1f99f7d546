package search

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"

	"panelpapers/corpus"
)

// fakeWithHistory is the fake library with the Youth Offending Service
// funded in 2016 too, under its short form, and a recipient whose name is
// hostile markup.
func fakeWithHistory() *fakeLibrary {
	lib := newFakeLibrary()
	lib.items = append(lib.items,
		corpus.Item{ID: "doc3-0002", DocID: "doc3", Kind: corpus.KindFunding, Title: "YOS grant", Text: "£500 to the YOS.",
			Amount: 500, Currency: "GBP", Recipient: "YOS", Fund: "Community Safety Fund", Approximate: true,
			Body: fakeBody, MeetingDate: "2016-03-01", Page: 1},
		corpus.Item{ID: "doc3-0003", DocID: "doc3", Kind: corpus.KindFunding, Title: "Hostile grant", Text: "£10 to them.",
			Amount: 10, Currency: "GBP", Recipient: `<script>alert(1)</script> Trust`, Body: fakeBody, MeetingDate: "2017-05-01", Page: 1},
	)
	return lib
}

func TestWebEntityPage(t *testing.T) {
	resp, body := get(t, fakeWithHistory(), "/entities/recipient-youth-offending-service")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body,
		`<h1>Youth Offending Service <span class="badge entity-recipient">Recipient</span></h1>`,
		`Also written: YOS`,
		`<strong class="entity-total">£1,734.56</strong> over 2 funding lines`,
		// the chart: accessible name and description, one bar a year from the first to the last
		`role="img" aria-labelledby="tl-title tl-desc"`,
		`<title id="tl-title">Youth Offending Service: amount per year</title>`,
		`<desc id="tl-desc">From 2016 to 2018. 2016: £500.00 (1 funding line); 2017: £0.00 (0 funding lines); 2018: £1,234.56 (1 funding line).</desc>`,
		// the same figures as a table
		`<tr><th scope="row">2017</th><td class="num">£0.00</td><td class="num">0</td></tr>`,
		// every line links to its item, its citation and the other entities it names
		`<a href="/items/doc1-0002"><strong class="amount">£1,234.56</strong></a>`,
		`<a href="/items/doc3-0002"><strong class="amount">£500.00</strong> <span class="approx"`,
		`from the fund <a class="entity-link" href="/entities/fund-community-safety-fund">Community Safety Fund</a>`,
		`href="/api/documents/doc1/file#page=40"`,
		// follow it
		`<link rel="alternate" type="application/atom+xml" title="Youth Offending Service — papers" href="/api/feed?kind=funding&amp;recipient=Youth&#43;Offending&#43;Service">`,
		`href="/funding?recipient=Youth&#43;Offending&#43;Service"`,
	)
	svg := body[strings.Index(body, "<svg"):]
	svg = svg[:strings.Index(svg, "</svg>")+len("</svg>")]
	var parsed struct {
		Title string `xml:"title"`
		Desc  string `xml:"desc"`
		Bars  []struct {
			Class  string `xml:"class,attr"`
			Height string `xml:"height,attr"`
			Title  string `xml:"title"`
		} `xml:"g>rect"`
	}
	if err := xml.Unmarshal([]byte(svg), &parsed); err != nil {
		t.Fatalf("the chart is not well-formed SVG: %v\n%s", err, svg)
	}
	// The axis runs to £2,000: £1,234.56 is 121 of its 196 units.
	if len(parsed.Bars) != 3 || parsed.Bars[0].Height != "49" || parsed.Bars[1].Height != "0" || parsed.Bars[2].Height != "121" || parsed.Bars[0].Title != "2016: £500.00 (1 funding line)" {
		t.Errorf("bars %+v: want 2016, an empty 2017, and 2018", parsed.Bars)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<script src") && strings.Count(body, "<script") > 1 {
		t.Error("hostile text reached the page unescaped")
	}
	mustNotContain(t, body, "style=") // the CSP allows no inline style

	// A hostile name is text, in the page and in its chart.
	_, body = get(t, fakeWithHistory(), "/entities/recipient-script-alert-1-script-trust")
	mustContain(t, body, `&lt;script&gt;alert(1)&lt;/script&gt; Trust: amount per year`)
	mustNotContain(t, body, "<script>alert")

	// A body is counted in papers.
	_, body = get(t, fakeWithHistory(), "/entities/body-thames-valley-police-and-crime-panel")
	mustContain(t, body, `<p class="entity-summary">2 papers, <time datetime="2017-05-01">`, "Papers per year", `<a href="/documents/doc1">Agenda pack, 16 November 2018</a>`)
	mustNotContain(t, body, "entity-total")

	resp, _ = get(t, fakeWithHistory(), "/entities/recipient-nobody")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown entity: %d", resp.StatusCode)
	}
}

func TestWebEntitiesList(t *testing.T) {
	resp, body := get(t, fakeWithHistory(), "/entities?type=fund")
	checkPage(t, resp, body, http.StatusOK)
	mustContain(t, body, `<a href="/entities/fund-community-safety-fund">Community Safety Fund</a>`, `<td class="num">£1,001,734.56</td>`,
		`<a href="/entities?type=recipient">Recipients <span class="fc">2</span></a>`, `aria-current="page">Funds <span class="fc">1</span>`)
	_, body = get(t, fakeWithHistory(), "/entities?q=offending")
	mustContain(t, body, `<a href="/entities/recipient-youth-offending-service">Youth Offending Service</a><span class="variants">also written: YOS</span>`)
	mustNotContain(t, body, "Trust</a>")
	resp, _ = get(t, fakeWithHistory(), "/entities?type=people")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown type: %d", resp.StatusCode)
	}
}

// Names on hits, item pages and the funding page link to their entities.
func TestWebNamesLinkToEntities(t *testing.T) {
	_, body := get(t, fakeWithHistory(), "/?q=youth&kind=funding")
	mustContain(t, body,
		`to <a class="recipient entity-link" href="/entities/recipient-youth-offending-service">Youth Offending Service</a>`,
		`<a class="fund entity-link" href="/entities/fund-community-safety-fund">Community Safety Fund</a>`,
		`<a class="body entity-link" href="/entities/body-thames-valley-police-and-crime-panel">Thames Valley Police and Crime Panel</a>`,
		// and the search can be followed
		`<link rel="alternate" type="application/atom+xml" title="papers: youth (newest first)" href="/api/feed?kind=funding&amp;q=youth">`,
		`<a href="/api/feed?kind=funding&amp;q=youth" class="feed"`,
	)
	_, body = get(t, fakeWithHistory(), "/funding")
	mustContain(t, body, `<a class="entity-link over-time" href="/entities/recipient-youth-offending-service"`)
	_, body = get(t, fakeWithHistory(), "/")
	mustNotContain(t, body, "application/atom+xml") // the home page is no search
}

func TestTimelineScale(t *testing.T) {
	e := &Entity{Type: EntityBody, Name: "Panel", Years: []EntityYear{
		{Year: "2015", Count: 3}, {Year: "2019", Count: 1}, {Year: "", Count: 2},
	}}
	tl := newTimeline(e)
	if len(tl.Bars) != 5 || tl.Undated != 2 || tl.Money {
		t.Fatalf("timeline %+v", tl)
	}
	// 3 papers at most: the axis goes to 4, in whole papers.
	if got := []string{tl.Ticks[0].Label, tl.Ticks[1].Label, tl.Ticks[2].Label}; got[0] != "0" || got[1] != "2" || got[2] != "4" {
		t.Errorf("ticks %v", got)
	}
	if tl.Bars[1].H != "0" || tl.Bars[0].H != "147" || tl.Bars[4].H != "49" {
		t.Errorf("bars %+v", tl.Bars)
	}
	if !strings.Contains(tl.Desc, "2 papers undated") {
		t.Errorf("desc %q", tl.Desc)
	}
	for _, tc := range []struct {
		pence int64
		want  string
	}{{150_000_000_00, "£150m"}, {2_500_000_00, "£2.5m"}, {25_000_00, "£25k"}, {5_000_00, "£5000"}, {0, "£0"}} {
		if got := (timeline{Money: true}).axisText(tc.pence, "GBP"); got != tc.want {
			t.Errorf("axisText(%d) = %q, want %q", tc.pence, got, tc.want)
		}
	}
	for v, want := range map[int64]int64{0: 0, 1: 1, 3: 5, 7: 10, 11: 20, 150: 200, 2_970_500: 5_000_000} {
		if got := niceCeil(v); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", v, got, want)
		}
	}
	if tl := newTimeline(&Entity{Type: EntityRecipient, Name: "X", Years: []EntityYear{{Year: "", Count: 1}}}); !tl.Empty {
		t.Error("an entity with nothing dated has a chart")
	}
}
