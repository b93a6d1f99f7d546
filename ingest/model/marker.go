package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MarkerStyle is the numbering system of a list label or a numbered heading.
type MarkerStyle uint8

const (
	NoMarker   MarkerStyle = iota
	Decimal                // "1." "1)" "(1)" "2674."
	Dotted                 // "4.1" "4.1.2"
	Slash                  // "23/19" (minute/year), "24/00096"
	LowerAlpha             // "(a)" "a)" "a."
	UpperAlpha             // "(A)" "A)" "A."
	LowerRoman             // "(i)" "iv)" "ii."
	UpperRoman             // "(I)" "IV."
	Bullet                 // "•" "-" "o" and the private-use glyphs of Symbol fonts
	Ref                    // "CAB/45" "PCP/24/07" "A1" "B12": letters and numbers
)

var styleNames = [...]string{"none", "decimal", "dotted", "slash", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman", "bullet", "ref"}

func (s MarkerStyle) String() string {
	if int(s) < len(styleNames) {
		return styleNames[s]
	}
	return "style" + strconv.Itoa(int(s))
}

// Marker is a parsed list label or heading number.
type Marker struct {
	Label  string      // as printed, e.g. "(a)", "13.", "23/19"
	Number string      // the label without brackets and trailing punctuation: "a", "13", "23/19"
	Style  MarkerStyle // NoMarker when there is no label
	// Value is the label's place in its sequence: 13 for "13.", 3 for
	// "(c)", 4 for "(iv)"; for Dotted the last part; for Slash the first.
	Value int
	// Depth is the number of parts of a Dotted label ("4.1.2" is 3); 1 for
	// every other style.
	Depth int
	// Weak marks a label that is only a label by context: a bare number
	// with no bracket or point ("3 Minutes"), a single capital with a point
	// ("A. Smith" is a name).
	Weak bool
}

// Valid reports whether m is a label at all.
func (m Marker) Valid() bool { return m.Style != NoMarker }

// Parent is the label's parent number for Dotted labels ("4.1.2" → "4.1").
func (m Marker) Parent() string {
	if m.Style != Dotted {
		return ""
	}
	if i := strings.LastIndexByte(m.Number, '.'); i > 0 {
		return m.Number[:i]
	}
	return ""
}

// AlphaValue is the value of a roman-looking single letter read as a letter:
// "(i)" after "(h)" is the ninth letter, not the first numeral.
func (m Marker) AlphaValue() (int, bool) {
	if (m.Style == LowerRoman || m.Style == UpperRoman) && len(m.Number) == 1 {
		return int(unicode.ToLower(rune(m.Number[0])) - 'a' + 1), true
	}
	return 0, false
}

// Follows reports whether m can come straight after prev in one list:
// same style, next value (a roman "(i)" may also be the letter after "(h)").
func (m Marker) Follows(prev Marker) bool {
	if m.Style == Dotted && prev.Style == Dotted {
		if m.Depth != prev.Depth {
			return false
		}
		return m.Parent() == prev.Parent() && m.Value == prev.Value+1
	}
	if m.Style == prev.Style {
		return m.Value == prev.Value+1
	}
	if pv, ok := prev.AlphaValue(); ok && (m.Style == LowerAlpha || m.Style == UpperAlpha) {
		return m.Value == pv+1
	}
	if mv, ok := m.AlphaValue(); ok && (prev.Style == LowerAlpha || prev.Style == UpperAlpha) && sameCase(m.Number, prev.Number) {
		return mv == prev.Value+1
	}
	return false
}

// SameList reports whether m and other are labels of one list's style.
func (m Marker) SameList(other Marker) bool {
	if m.Style == other.Style {
		return m.Style != Dotted || m.Depth == other.Depth
	}
	_, mr := m.AlphaValue()
	_, or := other.AlphaValue()
	alpha := func(s MarkerStyle) bool { return s == LowerAlpha || s == UpperAlpha }
	return (mr && alpha(other.Style) || or && alpha(m.Style)) && sameCase(m.Number, other.Number)
}

// outlineRank orders the numbering styles as outlines nest them: parts
// "(1)", "A." or "I." hold sub-parts "(a)", which hold "(i)", which hold
// bullets.
var outlineRank = map[MarkerStyle]int{
	UpperRoman: 0, UpperAlpha: 1, Decimal: 2, Slash: 2, Ref: 2, Dotted: 3,
	LowerAlpha: 4, LowerRoman: 5, Bullet: 6,
}

// Under reports whether a list label of m's style is, by the usual nesting
// of outlines, a sub-part of one of parent's: "(a)" under "(1)", "(i)"
// under "(a)". Labels of one list are not (SameList).
func (m Marker) Under(parent Marker) bool {
	if !m.Valid() || !parent.Valid() || m.SameList(parent) {
		return false
	}
	return outlineRank[m.Style] > outlineRank[parent.Style]
}

func sameCase(a, b string) bool {
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return unicode.IsUpper(ra) == unicode.IsUpper(rb)
}

// ParseMarker reads a label at the start of s and returns it with the text
// after it. The label must be followed by white space, the end of s, or (for
// "13." "(a)" forms) directly by the text when the label is closed. It does
// not take numbers that are the start of a sentence's quantity ("2 members
// attended" is a Weak Decimal; callers decide by context) nor money, times
// or dates ("10.30", "£5", "12/05/2024").
func ParseMarker(s string) (Marker, string) {
	s = strings.TrimLeft(s, " \t")
	if s == "" {
		return Marker{}, s
	}
	r, size := utf8.DecodeRuneInString(s)
	if isBulletRune(r) {
		rest := s[size:]
		if rest == "" || rest[0] == ' ' || rest[0] == '\t' || r != '-' && r != 'o' {
			if r == 'o' && (rest == "" || rest[0] != ' ') {
				return Marker{}, s
			}
			return Marker{Label: string(r), Number: string(r), Style: Bullet, Depth: 1}, strings.TrimLeft(rest, " \t")
		}
		return Marker{}, s
	}
	// The label is the first word, possibly followed by its closing mark.
	end := strings.IndexAny(s, " \t")
	word := s
	if end >= 0 {
		word = s[:end]
	}
	m, used, ok := parseLabel(word)
	if !ok {
		return Marker{}, s
	}
	rest := s[used:]
	if used < len(word) {
		// "13.Item": a closed label glued to its text, as some renderers
		// draw it. Only closed forms may glue.
		if !strings.HasSuffix(m.Label, ".") && !strings.HasSuffix(m.Label, ")") {
			return Marker{}, s
		}
		if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) {
			return Marker{}, s
		}
	}
	rest = strings.TrimLeft(rest, " \t")
	if m.Style == Dotted && m.Depth == 2 && clockRest(rest) {
		return Marker{}, s // "2.05 pm": a time, not item 2.05
	}
	return m, rest
}

// clockRest reports whether text after "H.MM" makes it a time: am or pm.
func clockRest(rest string) bool {
	word, _, _ := strings.Cut(rest, " ")
	switch strings.ToLower(strings.TrimRight(word, ",;:")) {
	case "am", "pm", "a.m.", "p.m.", "a.m", "p.m":
		return true
	}
	return false
}

// isBulletRune reports list bullets, including the private-use code points
// Symbol and Wingdings bullets decode to.
func isBulletRune(r rune) bool {
	switch r {
	case '•', '●', '▪', '■', '◦', '○', '‣', '⁃', '∙', '·', '-', '–', '—', '➢', '➤', '►', '✓', '✔', '\uf0b7', 'o', '*', '§', '\uf0a7':
		return true
	}
	return r >= 0xF000 && r <= 0xF0FF
}

// parseLabel parses a label at the start of word, returning how many bytes
// it used.
func parseLabel(word string) (Marker, int, bool) {
	// Bracketed: "(a)", "(1)", "(iv)", "(A)".
	if strings.HasPrefix(word, "(") {
		close := strings.IndexByte(word, ')')
		if close < 2 || close > 6 {
			return Marker{}, 0, false
		}
		inner := word[1:close]
		m, ok := parseBare(inner)
		if !ok || m.Style == Dotted || m.Style == Slash || m.Style == Ref {
			return Marker{}, 0, false
		}
		m.Label, m.Weak = word[:close+1], false
		return m, close + 1, true
	}
	// A reference with a point or slash inside: "PL.41", "CAB/45.".
	if trim := strings.TrimRight(word, ".:"); strings.ContainsAny(trim, "./") {
		if m, ok := parseRef(trim); ok {
			m.Label = word
			return m, len(word), true
		}
	}
	// Closed: "a)", "1)", "13.", "iv.", "4.1.", "A.".
	body := word
	closer := ""
	if i := strings.IndexAny(word, ").:"); i > 0 {
		body, closer = word[:i], word[i:i+1]
		// "4.1" and "4.1.2": dots inside the number are part of it.
		if closer == "." && i+1 < len(word) && isDigit(word[i+1]) && isDigits(body) {
			j := i + 1
			for j < len(word) && (isDigit(word[j]) || word[j] == '.' && j+1 < len(word) && isDigit(word[j+1])) {
				j++
			}
			body = word[:j]
			closer = ""
			if j < len(word) && (word[j] == '.' || word[j] == ')') {
				closer = word[j : j+1]
			}
		}
	}
	m, ok := parseBare(body)
	if !ok {
		return Marker{}, 0, false
	}
	used := len(body) + len(closer)
	m.Label = word[:used]
	switch {
	case closer == ":":
		// "2738:" a running number closed by a colon (Tintern) — numbers only.
		if m.Style != Decimal && m.Style != Slash {
			return Marker{}, 0, false
		}
		m.Weak = false
	case closer != "":
		m.Weak = m.Style == UpperAlpha && closer == "."
	case m.Style == Dotted || m.Style == Slash:
		m.Weak = false
	case m.Style == Ref:
		// "CAB/45" and "PL.41" are references; "A466" may be a road,
		// "B12" a room.
		m.Weak = !strings.ContainsAny(m.Number, "/.")
	default:
		// A bare number or letter: a label only by context.
		if m.Style != Decimal {
			return Marker{}, 0, false
		}
		m.Weak = true
	}
	return m, used, true
}

// parseBare parses a label's body: "13", "4.1.2", "23/19", "a", "iv",
// "CAB/45", "A1".
func parseBare(s string) (Marker, bool) {
	if s == "" || len(s) > 12 {
		return Marker{}, false
	}
	switch {
	case isDigits(s):
		if len(s) > 5 {
			return Marker{}, false
		}
		v, _ := strconv.Atoi(s)
		return Marker{Number: s, Style: Decimal, Value: v, Depth: 1}, true
	case isDotted(s):
		parts := strings.Split(s, ".")
		v, _ := strconv.Atoi(parts[len(parts)-1])
		if len(parts) > 5 || len(parts[0]) > 3 {
			return Marker{}, false
		}
		return Marker{Number: s, Style: Dotted, Value: v, Depth: len(parts)}, true
	case isSlash(s):
		parts := strings.Split(s, "/")
		if len(parts) != 2 || len(parts[0]) > 4 || len(parts[1]) > 5 {
			return Marker{}, false
		}
		v, _ := strconv.Atoi(parts[0])
		return Marker{Number: s, Style: Slash, Value: v, Depth: 1}, true
	}
	if v, upper, ok := roman(s); ok {
		st := LowerRoman
		if upper {
			st = UpperRoman
		}
		return Marker{Number: s, Style: st, Value: v, Depth: 1}, true
	}
	if len(s) == 1 && s[0] >= 'a' && s[0] <= 'z' {
		return Marker{Number: s, Style: LowerAlpha, Value: int(s[0]-'a') + 1, Depth: 1}, true
	}
	if len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z' {
		return Marker{Number: s, Style: UpperAlpha, Value: int(s[0]-'A') + 1, Depth: 1}, true
	}
	if m, ok := parseRef(s); ok {
		return m, true
	}
	return Marker{}, false
}

// parseRef reads references such as "CAB/45", "PCP/24/07", "A1", "B12":
// upper-case letters, then digits, optionally split by slashes.
func parseRef(s string) (Marker, bool) {
	i := 0
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++
	}
	if i == 0 || i > 4 || i == len(s) {
		return Marker{}, false
	}
	rest := s[i:]
	sep := ""
	if strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, ".") {
		sep, rest = rest[:1], rest[1:]
	}
	if rest == "" || !isDigit(rest[0]) {
		return Marker{}, false
	}
	for _, part := range strings.Split(rest, "/") {
		if !isDigits(part) || len(part) > 5 {
			return Marker{}, false
		}
	}
	if sep == "." && strings.Contains(rest, "/") {
		return Marker{}, false
	}
	last := rest[strings.LastIndexByte(rest, '/')+1:]
	v, _ := strconv.Atoi(last)
	return Marker{Number: s, Style: Ref, Value: v, Depth: 1}, true
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isDotted(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !isDigits(p) || len(p) > 3 {
			return false
		}
	}
	return true
}

func isSlash(s string) bool {
	parts := strings.Split(s, "/")
	if len(parts) != 2 {
		return false
	}
	return isDigits(parts[0]) && isDigits(parts[1])
}

var romanValues = map[byte]int{'i': 1, 'v': 5, 'x': 10, 'l': 50, 'c': 100}

// roman parses a lower- or upper-case roman numeral up to 39 (lists are
// never longer): "i", "iv", "xii".
func roman(s string) (int, bool, bool) {
	if len(s) > 6 {
		return 0, false, false
	}
	upper := s == strings.ToUpper(s)
	if !upper && s != strings.ToLower(s) {
		return 0, false, false
	}
	l := strings.ToLower(s)
	for i := 0; i < len(l); i++ {
		if l[i] != 'i' && l[i] != 'v' && l[i] != 'x' {
			return 0, false, false
		}
	}
	total := 0
	for i := 0; i < len(l); i++ {
		v := romanValues[l[i]]
		if i+1 < len(l) && romanValues[l[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || total > 39 || toRoman(total) != l {
		return 0, false, false
	}
	return total, upper, true
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}
