package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"panelpapers/corpus"
)

// HTML minutes go through the same rules as a PDF's: the modern.gov markup
// (item rows, "Minutes:" and "Decision:" labels, sub-items in nested
// tables) is read as hints in the document model, not by a reader of its
// own.
func TestHTMLMinutesThroughTheRules(t *testing.T) {
	type view struct{ Kind, Number, Title, Text string }
	read := func(t *testing.T, path string) []view {
		t.Helper()
		p, err := File(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var out []view
		for _, it := range p.Items {
			switch it.Kind {
			case corpus.KindMinute:
				out = append(out, view{string(it.Kind), it.Number, it.Title, ""})
			case corpus.KindDecision:
				out = append(out, view{string(it.Kind), it.Number, it.Title, it.Text})
			}
		}
		return out
	}
	t.Run("modern.gov agenda and decisions", func(t *testing.T) {
		got := read(t, "htmltext/testdata/moderngov-cabinet.html")
		budget := "Budget 2025-26 and Medium Term Financial Plan" // no "PDF 1 MB" from the link
		want := []view{
			{"minute", "1", "Apologies for absence", ""},
			{"minute", "4", budget, ""},
			{"minute", "5", "Exclusion of the press and public", ""},
			// The minutes' RESOLVED, its sub-part (a) kept with part (1);
			// the item's "Decision:" says the same parts again, and only
			// its third is new. The "Minutes:" label after it ends it.
			{"decision", "4", budget, "That the revenue budget of £1.2bn be recommended to Council;\n(a) including the council tax increase of 4.99%;"},
			{"decision", "4", budget, "That the capital programme be approved."},
			{"decision", "4", budget, "That delegated authority be given to the Section 151 Officer."},
			// The sub-item's decision is its own, not item 4's.
			{"decision", "4.1", "Treasury Management Strategy", "The strategy was noted."},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("items (-want +got):\n%s", diff)
		}
	})
	t.Run("plain council minutes", func(t *testing.T) {
		got := read(t, "htmltext/testdata/plain-minutes.html")
		var decisions []string
		for _, v := range got {
			if v.Kind == "decision" {
				decisions = append(decisions, v.Number+" "+v.Text)
			}
		}
		want := []string{
			"23 The minutes of the meeting held on 13 February 2020 were approved as a correct record.",
			"24 That the revised policy be approved",
			"24 That the fee be set at £45.00 per vehicle",
			"24 That the policy be reviewed in 2022.",
			"25 That the consent be granted for twelve months.",
			"25 That trading hours be 8am to 6pm.",
			"26 It was AGREED that the next meeting would be held on 9 April 2020 at 10:30 am.",
		}
		if diff := cmp.Diff(want, decisions); diff != "" {
			t.Errorf("decisions (-want +got):\n%s", diff)
		}
		for _, v := range got {
			if strings.Contains(v.Text, "Councillor Green asked") {
				t.Errorf("a request to record a vote read as a decision: %q", v.Text)
			}
		}
	})
}
