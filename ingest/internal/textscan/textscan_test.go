package textscan

import (
	"regexp"
	"strings"
	"testing"
)

var foldTexts = []string{
	"", "a", "Minutes of the meeting", "MINUTES", "mInUtEs", "minute s", "min\u212autes", "\u212aelvin", "ſigned", "SIGNED",
	"chaIR", "cha\u00efr", "Ma\u0130n", "ma\u0131n", "\xffminutes\xfe", "k", "K", "\u212a", "ſ", "s", "S", "risk", "RI\u017f\u212a",
	"budget pressure", "budget  pressure", "£5", "GBP", "gbp", "Gbp 5", "12:30", "x9", "\u0660", "ＡＢＣ", "report", "REPOR", "to:",
}

var foldNeedles = []string{"minutes", "chair", "signed", "k", "s", "risk", "budget pressure", "main", "gbp", "£", "to:", "report", "a", "kelvin", "ks"}

// TestContainsFoldIsACaseInsensitiveLiteral: ContainsFold(s, w) is exactly
// whether (?i) and w, quoted, matches s.
func TestContainsFoldIsACaseInsensitiveLiteral(t *testing.T) {
	for _, s := range foldTexts {
		for _, w := range foldNeedles {
			want := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(w)).MatchString(s)
			if got := ContainsFold(s, w); got != want {
				t.Errorf("ContainsFold(%q, %q) = %v, the regexp says %v", s, w, got, want)
			}
			if got := ContainsAnyFold(s, "zzzz", w); got != want {
				t.Errorf("ContainsAnyFold(%q, %q) = %v, the regexp says %v", s, w, got, want)
			}
		}
	}
}

func FuzzContainsFold(f *testing.F) {
	for i, s := range foldTexts {
		f.Add(s, foldNeedles[i%len(foldNeedles)])
	}
	f.Fuzz(func(t *testing.T, s, w string) {
		w = Lower(w)
		for i := 0; i < len(w); i++ {
			if w[i] >= 0x80 || 'A' <= w[i] && w[i] <= 'Z' {
				return // needles are lower-case ASCII
			}
		}
		want := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(w)).MatchString(s)
		if got := ContainsFold(s, w); got != want {
			t.Fatalf("ContainsFold(%q, %q) = %v, the regexp says %v", s, w, got, want)
		}
		if got := ContainsAnyFold(s, w, w); got != want {
			t.Fatalf("ContainsAnyFold(%q, %q) = %v, the regexp says %v", s, w, got, want)
		}
	})
}

func TestLower(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "abc": "abc", "ABC def": "abc def", "\u212aelvin ſigned": "kelvin signed", "Ça \xff": "Ça \xff", "\u212a": "k",
	} {
		if got := Lower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHasDigit(t *testing.T) {
	d := regexp.MustCompile(`\d`)
	for _, s := range append(foldTexts, "٣", "x0", "9", "abc") {
		if HasDigit(s) != d.MatchString(s) {
			t.Errorf("HasDigit(%q) = %v", s, HasDigit(s))
		}
	}
}

func TestGuardKeepsResults(t *testing.T) {
	re := regexp.MustCompile(`(?i)\bminutes\s+of\b`)
	g := Guard(re, Fold("minutes"))
	for _, s := range append(foldTexts, "the minutes of x", "MINUTES OF; minutes of", "") {
		if g.MatchString(s) != re.MatchString(s) || g.FindString(s) != re.FindString(s) ||
			!equal(g.FindAllStringIndex(s, -1), re.FindAllStringIndex(s, -1)) ||
			g.ReplaceAllString(s, "<$0>") != re.ReplaceAllString(s, "<$0>") ||
			strings.Join(g.Split(s, -1), "|") != strings.Join(re.Split(s, -1), "|") || len(g.Split(s, -1)) != len(re.Split(s, -1)) ||
			g.Split(s, 0) != nil {
			t.Errorf("guarded and plain differ on %q", s)
		}
	}
}

func equal(a, b [][]int) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// TestContainsPhraseFold: the phrase test is exactly a (?i) expression of
// the words parted by \s+.
func TestContainsPhraseFold(t *testing.T) {
	phrases := [][]string{{"minutes", "of"}, {"meeting", "of"}, {"report", "to"}, {"s", "k"}, {"of", "of"}}
	texts := append(foldTexts, "minutes of", "Minutes\t\n of", "minutesof", "minutes  o", "minutes ", "the MEETING OF the", "meeting\u00a0of",
		"report\vto", "repor\u212a to", "Report ſ", "ſ \u212a", "s\r\nK", "minutes minutes of", "of of of", "of  of", "meeting\fof")
	for _, s := range texts {
		for _, ws := range phrases {
			quoted := make([]string, len(ws))
			for i, w := range ws {
				quoted[i] = regexp.QuoteMeta(w)
			}
			want := regexp.MustCompile(`(?i)` + strings.Join(quoted, `\s+`)).MatchString(s)
			if got := ContainsPhraseFold(s, ws...); got != want {
				t.Errorf("ContainsPhraseFold(%q, %q) = %v, the regexp says %v", s, ws, got, want)
			}
		}
	}
}

func FuzzContainsPhraseFold(f *testing.F) {
	f.Add("minutes of the", "minutes", "of")
	f.Add("Report\tto", "report", "to")
	f.Fuzz(func(t *testing.T, s, a, b string) {
		for _, w := range []string{a, b} {
			if w == "" {
				return
			}
			for i := 0; i < len(w); i++ {
				if w[i] >= 0x80 || 'A' <= w[i] && w[i] <= 'Z' || isSpace(w[i]) || w[i] == '\v' {
					return
				}
			}
		}
		want := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(a) + `\s+` + regexp.QuoteMeta(b)).MatchString(s)
		if got := ContainsPhraseFold(s, a, b); got != want {
			t.Fatalf("ContainsPhraseFold(%q, %q, %q) = %v, the regexp says %v", s, a, b, got, want)
		}
	})
}
