package recommend

import (
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/corpus"
)

func dumpItems(t *testing.T, items []corpus.Item) {
	if !testing.Verbose() {
		return
	}
	for _, it := range items {
		t.Logf("%s p%d n=%q title=%q date=%s author=%q topic=%q src=%s text=%.200q resp=%.80q", it.Kind, it.Page, it.Number, it.Title, it.Date, it.Author, it.Topic, it.Source, it.Text, it.Response)
	}
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

// The Kent governance update ends with "8. Recommendations": "The County
// Council is asked to:" and six numbered recommendations on page 8.
func TestKentGovernanceRecommendations(t *testing.T) {
	items := Extract(readPDF(t, filepath.Join(shared, "realdocs/kent_council_2025-03-13_governance_update_report.pdf")))
	dumpItems(t, items)
	var sec []corpus.Item
	for _, it := range ofKind(items, corpus.KindRecommendation) {
		if strings.Contains(strings.ToLower(it.Topic), "recommendations") {
			sec = append(sec, it)
		}
	}
	want := []string{"NOTE with thanks", "COMMENT on the specific proposals", "adopt the amended Constitution", "DEBATE and DECIDE", "If Recommendation 4 is passed", "DELEGATE authority to the Monitoring Officer"}
	if len(sec) != len(want) {
		t.Fatalf("got %d recommendations under the Recommendations heading, want %d", len(sec), len(want))
	}
	for i, w := range want {
		it := sec[i]
		if !strings.Contains(it.Text, w) || it.Number != []string{"1", "2", "3", "4", "5", "6"}[i]+"." || it.Page != 8 || it.Source != srcReport {
			t.Errorf("recommendation %d = %+v; want number %d., text containing %q, page 8, %s", i+1, it, i+1, w, srcReport)
		}
	}
	reps := ofKind(items, corpus.KindReport)
	if len(reps) != 1 || !strings.Contains(reps[0].Title, "Governance Update") || reps[0].Page != 1 {
		t.Errorf("reports = %+v; want one, \"Governance Update\" on page 1", reps)
	}
}

// The Merton agenda front sheet is one paper; its only mention of a
// recommendation is a question in earlier minutes, not a recommendation made.
func TestMertonAgenda(t *testing.T) {
	items := Extract(readPDF(t, filepath.Join(shared, "realdocs/merton_audit_committee_2009-10-22_agenda_acrobat8.pdf")))
	dumpItems(t, items)
	reps := ofKind(items, corpus.KindReport)
	if len(reps) == 0 || reps[0].Page != 1 || reps[0].Date != "2009-10-22" {
		t.Errorf("reports = %+v; want the front sheet on page 1 dated 2009-10-22", reps)
	}
	for _, it := range ofKind(items, corpus.KindRecommendation) {
		if strings.HasSuffix(it.Text, "?") {
			t.Errorf("a question became a recommendation: %q", it.Text)
		}
	}
}
