package minutes

import (
	"strings"
	"testing"
)

// collapseBefore is collapse as it was written first.
func collapseBefore(s string) string {
	s = strings.ReplaceAll(s, "\t", " \t ")
	f := strings.Fields(s)
	out := strings.Join(f, " ")
	return strings.ReplaceAll(out, " \t ", "\t")
}

var collapseSeeds = []string{"", "a", " a\tb ", "a \t b", "a\t\tb", "88.\tTitle", "x\u00a0\ty", "\t", " \t ", "a\xff\tb", "a  \t  b\n"}

func TestCollapseIsAsBefore(t *testing.T) {
	for _, s := range collapseSeeds {
		if got, want := collapse(s), collapseBefore(s); got != want {
			t.Errorf("collapse(%q) = %q, was %q", s, got, want)
		}
	}
}

func FuzzCollapse(f *testing.F) {
	for _, s := range collapseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), collapseBefore(s); got != want {
			t.Fatalf("collapse(%q) = %q, was %q", s, got, want)
		}
	})
}
