package funding

import (
	"regexp"
	"testing"
)

// The expressions openEnd and endsSentence stand for.
var (
	openEndRe      = regexp.MustCompile(`(?:[^.!?"”’)]|:)$`)
	endsSentenceRe = regexp.MustCompile(`[.;,]["”’)]?$`)
)

var endSeeds = []string{
	"", ".", "a.", "a", "a:", "a.)", "a)", "a.’", "a’", "a.”", "“a.”", ";\"", ",'", "!)", "a.\n", "a. ", "..", ")", "’", ".’’",
	"a\xe2\x80", ".\xe2\x80\x99", "\x80\x99", ".\x80\x99", "a;\xff", ")\"", ".)\"", "\xff", "£", "a!", "a?", "a\"", ":",
}

func checkEnds(t *testing.T, s string) {
	if got, want := openEnd(s), openEndRe.MatchString(s); got != want {
		t.Fatalf("openEnd(%q) = %v, the expression says %v", s, got, want)
	}
	if got, want := endsSentence(s), endsSentenceRe.MatchString(s); got != want {
		t.Fatalf("endsSentence(%q) = %v, the expression says %v", s, got, want)
	}
}

func TestEndsAreTheirExpressions(t *testing.T) {
	for _, s := range endSeeds {
		checkEnds(t, s)
	}
}

func FuzzEnds(f *testing.F) {
	for _, s := range endSeeds {
		f.Add(s)
	}
	f.Fuzz(checkEnds)
}
