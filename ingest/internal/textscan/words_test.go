package textscan

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var wordTexts = []string{
	"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "a\u0085b", "a\u2003b", "\u3000", "a\xffb", "\xff \xfe",
	"Minutes of the meeting", "x\n", "é è", "a\vb", "a\fb\rc", "a \u200bb", "\u00a0", "one two  three\t\tfour",
}

func TestNormAndWords(t *testing.T) {
	for _, s := range wordTexts {
		checkNorm(t, s)
	}
}

func checkNorm(t *testing.T, s string) {
	f := strings.Fields(s)
	if got, want := Norm(s), strings.Join(f, " "); got != want {
		t.Fatalf("Norm(%q) = %q, want %q", s, got, want)
	}
	if got := Words(s); got != len(f) {
		t.Fatalf("Words(%q) = %d, want %d", s, got, len(f))
	}
}

// TestSpaceLead: every non-ASCII space starts with a byte spaceLead knows.
func TestSpaceLead(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) {
			if b := []byte(string(r)); !spaceLead(b[0]) {
				t.Errorf("%U is a space starting with %#x", r, b[0])
			}
		}
	}
}

func FuzzNorm(f *testing.F) {
	for _, s := range wordTexts {
		f.Add(s)
	}
	f.Fuzz(checkNorm)
}
