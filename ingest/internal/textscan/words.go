package textscan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Norm is strings.Join(strings.Fields(s), " "): s with its runs of white
// space made single spaces and its ends trimmed. Most lines are so already,
// and come back as they are, without the two allocations.
func Norm(s string) string {
	if isNorm(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isNorm reports whether the only white space in s is single ASCII spaces
// between other characters.
func isNorm(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case ' ' < c && c < utf8.RuneSelf:
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' {
				return false
			}
		case c < ' ':
			if asciiSpace[c] {
				return false
			}
		case spaceLead(c):
			// Such a byte always starts a rune as strings.Fields decodes s.
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}

// spaceLead reports whether c is the first byte of a non-ASCII rune that
// unicode.IsSpace accepts (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
func spaceLead(c byte) bool { return c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 }

// Words is len(strings.Fields(s)), without building the fields.
func Words(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		var space bool
		switch {
		case ' ' < c && c < utf8.RuneSelf:
		case c < utf8.RuneSelf:
			space = asciiSpace[c]
		case spaceLead(c):
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size - 1
		}
		if space {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
