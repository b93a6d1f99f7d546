package recommend

import (
	"regexp"
	"testing"
)

// terminalTail is the expression terminal stands for.
var terminalTail = regexp.MustCompile(`[.:;!?]["'’”)]?$`)

var terminalSeeds = []string{
	"", ".", "a.", "a", "a.)", "a)", "a.’", "a’", "a.”", "“a.”", ":\"", "?'", "!)", "a.\n", "a. ", "..", ")", "’", ".’’",
	"a\xe2\x80", ".\xe2\x80\x99", "\x80\x99", ".\x80\x99", "a;\xff", ")\"", ".)\"",
}

func TestTerminalIsTerminalTail(t *testing.T) {
	for _, s := range terminalSeeds {
		if got, want := terminal(s), terminalTail.MatchString(s); got != want {
			t.Errorf("terminal(%q) = %v, the expression says %v", s, got, want)
		}
	}
}

func FuzzTerminal(f *testing.F) {
	for _, s := range terminalSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := terminal(s), terminalTail.MatchString(s); got != want {
			t.Fatalf("terminal(%q) = %v, the expression says %v", s, got, want)
		}
	})
}
