package htmltext

import (
	"testing"

	"panelpapers/ingest/layout"

	"github.com/google/go-cmp/cmp"
)

func plainLines(texts ...string) []line {
	out := make([]line, len(texts))
	for i, s := range texts {
		out[i] = line{Line: layout.Line{Text: s}}
	}
	return out
}

func TestResolutions(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"marker alone, one paragraph, narrative after", []string{"Discussion.", "RESOLVED", "That the report be noted.", "The Chairman thanked the officer."},
			[]string{"That the report be noted."}},
		{"inline numbered", []string{"RESOLVED: (1) That A be approved; (2) That B be noted; and (3) That C be deferred."},
			[]string{"That A be approved", "That B be noted", "That C be deferred."}},
		{"numbered paragraphs with sub-parts", []string{"RESOLVED that:", "1. the budget be approved;", "(a) subject to X;", "2. the fees be increased.", "13. Next item"},
			[]string{"the budget be approved; (a) subject to X;", "the fees be increased."}},
		{"numbers must follow on", []string{"RESOLVED – (1) That A; (2) That B.", "25. Street Trading"},
			[]string{"That A", "That B."}},
		{"title-case markers", []string{"Resolved: That the accounts be signed.", "Agreed – the clerk to write to the council.", "Agreed actions were listed."},
			[]string{"That the accounts be signed.", "the clerk to write to the council."}},
		{"it was resolved", []string{"It was RESOLVED UNANIMOUSLY that the grant of £500 be paid."},
			[]string{"that the grant of £500 be paid."}},
		{"the committee agreed", []string{"The Panel AGREED to defer the item."},
			[]string{"to defer the item."}},
		{"That-paragraphs", []string{"RESOLVED", "That A.", "That B.", "Members then discussed C."},
			[]string{"That A.", "That B."}},
		{"intro ending in colon", []string{"RESOLVED: the Committee agreed:", "(a) to approve X;", "(b) to note Y."},
			[]string{"to approve X;", "to note Y."}},
		{"not markers", []string{"Resolved issues were listed.", "The resolved complaint.", "Agreed minutes.", "Decision making was discussed."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolutions(plainLines(tt.lines...))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("resolutions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitDecisionBlock(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"one paragraph", []string{"The minutes were approved."}, []string{"The minutes were approved."}},
		{"paragraphs", []string{"A was approved.", "This was authorised by Cabinet."}, []string{"A was approved.\nThis was authorised by Cabinet."}},
		{"numbered", []string{"Cabinet agreed:", "1. to approve A;", "2. to note B."}, []string{"to approve A;", "to note B."}},
		{"inline", []string{"(a) That A; (b) That B."}, []string{"That A", "That B."}},
		{"contains RESOLVED", []string{"RESOLVED – That X.", "Reasons: Y."}, []string{"That X."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, splitDecisionBlock(plainLines(tt.lines...))); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
