package recommend

import (
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/htmltext"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/model"
)

func read(t *testing.T, html string) []corpus.Item {
	t.Helper()
	res, err := htmltext.Read([]byte(html))
	if err != nil {
		t.Fatal(err)
	}
	return Extract(model.Build([]layout.Page{{Number: 1, Lines: res.Lines}}))
}

func ofKind(items []corpus.Item, k corpus.Kind) []corpus.Item {
	var out []corpus.Item
	for _, it := range items {
		if it.Kind == k {
			out = append(out, it)
		}
	}
	return out
}

const reportPage = `<html><body>
<p>Paper B</p>
<table>
<tr><td>Title</td><td>Ward Community Fund: Allocations 2025/26</td></tr>
<tr><td>Report of</td><td>Strategic Director of Place</td></tr>
<tr><td>Date of meeting</td><td>10 February 2026</td></tr>
</table>
<h2>Recommendations</h2>
<p>It is recommended that Cabinet:</p>
<ol type="a"><li>notes the awards made in 2025/26;</li>
<li>approves the continuation of the fund for 2026/27; and</li>
<li>delegates authority to approve awards of up to £10,000.</li></ol>
<h2>1. Background</h2>
<p>1.1 The fund was established in 2019.</p>
<p>1.2 It is proposed that from April 2026 an organisation should not be eligible in a third year.</p>
<p>Contact officer: Sarah Holt, Head of Neighbourhoods</p>
</body></html>`

// The parts under a recommendations heading, to where the outline ends it,
// about the report's title; "It is proposed that" in the body is not one.
func TestReportRecommendations(t *testing.T) {
	items := read(t, reportPage)
	reports := ofKind(items, corpus.KindReport)
	if len(reports) != 1 || !strings.HasPrefix(reports[0].Title, "Ward Community Fund") || reports[0].Date != "2026-02-10" ||
		!strings.Contains(reports[0].Author, "Sarah Holt") || !strings.Contains(reports[0].Author, "Strategic Director of Place") {
		t.Fatalf("reports %+v; want the title, date and author from the header", reports)
	}
	recs := ofKind(items, corpus.KindRecommendation)
	if len(recs) != 3 {
		t.Fatalf("%d recommendations, want (a) to (c): %+v", len(recs), recs)
	}
	for _, r := range recs {
		if !strings.HasPrefix(r.Topic, "Ward Community Fund") {
			t.Errorf("recommendation %q about %q, want the report's title", r.Text, r.Topic)
		}
		if strings.Contains(r.Text, "proposed") {
			t.Errorf("a proposal in the body read as a recommendation: %q", r.Text)
		}
	}
}

const trackerPage = `<html><body>
<p>Recommendations tracker – March 2025</p>
<table>
<thead><tr><th>Recommendation</th><th>Response</th><th>Status</th></tr></thead>
<tbody>
<tr><td colspan="3">Meeting of 6 February 2025 – Budget and Precept</td></tr>
<tr><td>That the Commissioner publish a plan for reducing reliance on reserves.</td><td>Accepted. A strategy will be published in September.</td><td>In progress</td></tr>
<tr><td colspan="3">Meeting of 28 November 2024 – Performance</td></tr>
<tr><td>That the Commissioner publish response times for rural areas.</td><td>The Chief Constable has agreed.</td><td>Complete</td></tr>
</tbody></table>
</body></html>`

// A tracker's rows with their responses and status; a row across the
// table names the topic of the rows under it.
func TestTrackerGroupRows(t *testing.T) {
	recs := ofKind(read(t, trackerPage), corpus.KindRecommendation)
	if len(recs) != 2 {
		t.Fatalf("%d recommendations, want 2: %+v", len(recs), recs)
	}
	if !strings.Contains(recs[0].Topic, "Budget and Precept") || !strings.Contains(recs[1].Topic, "Performance") {
		t.Errorf("topics %q, %q; want the group rows'", recs[0].Topic, recs[1].Topic)
	}
	if recs[0].Status != "In progress" || !strings.HasPrefix(recs[1].Response, "The Chief Constable has agreed") {
		t.Errorf("status/response not read: %+v", recs)
	}
}

const trackerWithRemarksPage = `<html><body>
<h2>Recommendations tracker</h2>
<table>
<tr><th>Panel Recommendations</th><th>Progress update</th><th>Status</th></tr>
<tr><td>Unauthorised encampments<br>That the PCC provides reassurance that the encampment policy is applied consistently.</td><td>A protocol was agreed in March.</td><td>Complete</td></tr>
<tr><td>Actions include :-<br>• The Chief Superintendent commented that he was very happy to work with authorities across the area.<br>• In terms of how outcomes were assessed the Chief Constable reported that the framework had changed.</td><td></td><td></td></tr>
<tr><td>Roads policing<br>That the PCC reports that the review has concluded, with its findings.</td><td>Reported in June.</td><td>Complete</td></tr>
<tr><td>Action</td><td></td><td></td></tr>
</table>
</body></html>`

// A tracker's recommendation column also carries what was said about the
// recommendations, and labels; only the recommendations are read.
func TestTrackerRemarksAreNotRecommendations(t *testing.T) {
	recs := ofKind(read(t, trackerWithRemarksPage), corpus.KindRecommendation)
	var texts []string
	for _, r := range recs {
		texts = append(texts, r.Text)
	}
	if len(recs) != 2 || !strings.HasPrefix(recs[0].Text, "That the PCC provides") || !strings.HasPrefix(recs[1].Text, "That the PCC reports") {
		t.Errorf("recommendations %q, want the two that start 'That the PCC'", texts)
	}
}
