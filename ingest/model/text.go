package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Caps reports whether the letters of s are (nearly) all capitals, with
// enough of them to be a word: "A G E N D A", "MINUTES", "DECLARATIONS OF
// INTEREST"; not "VAT" or "PCC".
func Caps(s string) bool {
	upper, lower := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper >= 4 && lower*10 <= upper
}

// Words counts the white-space separated words of s.
func Words(s string) int {
	n, in := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// HasLetter reports whether s has a letter.
func HasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Collapse folds runs of white space to one space and trims.
func Collapse(s string) string {
	if !needsCollapse(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func needsCollapse(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' {
			if prevSpace {
				return true
			}
			prevSpace = true
			continue
		}
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c >= utf8.RuneSelf {
			return true
		}
		prevSpace = false
	}
	return prevSpace && len(s) > 0
}

// Fold returns s collapsed and lower-cased with typographic quotes and dashes
// made ASCII: the form rules compare words in.
func Fold(s string) string {
	return strings.ToLower(Collapse(folder.Replace(s)))
}

var folder = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "-", "—", "-", "\u00a0", " ", "ﬁ", "fi", "ﬂ", "fl")

// Terminal reports whether s ends a sentence: a full stop, question or
// exclamation mark, possibly inside quotes or brackets.
func Terminal(s string) bool {
	s = strings.TrimRight(s, " \t\"'”’)]")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

// startsLower reports whether s starts with a lower-case letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// Sentences splits text into sentences at full stops, question and
// exclamation marks followed by a space and a capital, digit, quote or
// bracket, leaving abbreviations ("Mr.", "No.", "e.g.", "Ch.") and decimals
// alone. Each sentence keeps its offset in text.
func Sentences(text string) (out []string, offs []int) {
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '?' && c != '!' && c != '\n' {
			continue
		}
		if c == '\n' {
			if s := strings.TrimSpace(text[start:i]); s != "" {
				out, offs = append(out, s), append(offs, start+strings.Index(text[start:i], s))
			}
			start = i + 1
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == '"' || text[j] == '\'' || text[j] == ')') {
			j++
		}
		if j >= len(text) || text[j] != ' ' {
			continue
		}
		k := j
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k >= len(text) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '‘' || r == '(' || r == '£') {
			continue
		}
		if c == '.' && abbreviation(text[start:i]) {
			continue
		}
		if s := strings.TrimSpace(text[start:j]); s != "" {
			out, offs = append(out, s), append(offs, start+strings.Index(text[start:j], s))
		}
		start = k
		i = k - 1
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out, offs = append(out, s), append(offs, start+strings.Index(text[start:], s))
	}
	return out, offs
}

var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "cllr": true, "cllrs": true, "no": true, "nos": true, "st": true,
	"e.g": true, "i.e": true, "eg": true, "ie": true, "etc": true, "ch": true, "approx": true, "para": true,
	"paras": true, "ref": true, "vs": true, "v": true, "co": true, "ltd": true, "inc": true, "rev": true,
	"prof": true, "supt": true, "insp": true, "sgt": true, "det": true, "cc": true, "a/c": true, "tel": true,
	"fig": true, "vol": true, "sec": true, "cl": true, "min": true, "mins": true, "op": true, "cf": true,
}

// abbreviation reports whether s ends in a word that a full stop abbreviates,
// or a single capital (an initial: "J. Smith").
func abbreviation(s string) bool {
	i := strings.LastIndexAny(s, " (\n")
	w := strings.ToLower(s[i+1:])
	if abbreviations[w] {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(s[i+1:])
		return unicode.IsUpper(r)
	}
	return false
}

// Part is one part of a list written inline: "(1) agree X; (2) note Y".
type Part struct {
	Marker Marker
	Text   string
}

// SplitInline splits text written as an inline list — "RESOLVED that: (1)
// the report be noted; and (2) the plan be agreed" — into its lead-in and
// its parts. The labels must run in sequence from the first value of their
// style ((1), (2)…; (a), (b)…; (i), (ii)…; 1., 2.…), so that a stray "(a)"
// or a number in a sentence does not split it. Without two parts it returns
// text whole as the lead.
func SplitInline(text string) (lead string, parts []Part) {
	type hit struct {
		at, textAt int
		m          Marker
	}
	var hits []hit
	for i := 0; i < len(text); i++ {
		if i > 0 && text[i-1] != ' ' && text[i-1] != ':' && text[i-1] != ';' && text[i-1] != '\n' {
			continue
		}
		c := text[i]
		if c != '(' && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') {
			continue
		}
		m, rest := ParseMarker(text[i:])
		if !m.Valid() || m.Weak || m.Style == Bullet || m.Style == Ref || m.Style == Slash || rest == "" {
			continue
		}
		// Closed forms only: "(a)", "a)", "1.", "1)"; not "a." (an initial)
		// nor "1" bare.
		if !strings.HasSuffix(m.Label, ")") && !(strings.HasSuffix(m.Label, ".") && m.Style == Decimal) {
			continue
		}
		hits = append(hits, hit{i, len(text) - len(rest), m})
	}
	// The longest run in sequence from a first value.
	var best []hit
	for s := range hits {
		if first := hits[s].m; first.Value != 1 {
			if v, ok := first.AlphaValue(); !ok || v != 1 {
				continue
			}
		}
		run := []hit{hits[s]}
		for _, h := range hits[s+1:] {
			if h.m.Follows(run[len(run)-1].m) {
				run = append(run, h)
			}
		}
		if len(run) > len(best) {
			best = run
		}
	}
	if len(best) < 2 {
		return text, nil
	}
	lead = strings.TrimSpace(text[:best[0].at])
	for k, h := range best {
		end := len(text)
		if k+1 < len(best) {
			end = best[k+1].at
		}
		t := strings.TrimSpace(text[h.textAt:end])
		t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, " and"), ";"))
		t = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(t, "; and")), ";")
		parts = append(parts, Part{Marker: h.m, Text: t})
	}
	return lead, parts
}
