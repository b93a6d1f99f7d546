package pdftext

import (
	"bytes"
	"strconv"
)

// tokKind is the kind of a content-stream token.
type tokKind uint8

const (
	tNum tokKind = iota
	tStr
	tName
	tArr
	tDict
	tOp
	tEOF
)

// token is one content-stream operand or operator. Strings keep their raw
// bytes (font codes), names drop the slash, arrays and dicts hold their
// elements (a dict alternates keys and values).
type token struct {
	kind tokKind
	num  float64
	s    string
	arr  []token
}

// lexer tokenizes PDF content streams and CMaps. It never fails: malformed
// input yields odd tokens, which the interpreter ignores, so one bad operator
// costs one operator, not the page.
type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isSpace(c) {
			l.pos++
		} else if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		} else {
			return
		}
	}
}

// next returns the next token. depth bounds array/dict nesting so hostile
// input cannot overflow the stack.
func (l *lexer) next() token { return l.nextDepth(0) }

func (l *lexer) nextDepth(depth int) token {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return token{kind: tEOF}
	}
	c := l.b[l.pos]
	switch {
	case c == '(':
		return token{kind: tStr, s: l.literal()}
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		l.pos += 2
		return token{kind: tDict, arr: l.seq(">>", depth)}
	case c == '<':
		return token{kind: tStr, s: l.hex()}
	case c == '[':
		l.pos++
		return token{kind: tArr, arr: l.seq("]", depth)}
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		return token{kind: tName, s: unescapeName(l.b[start:l.pos])}
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		start := l.pos
		l.pos++
		for l.pos < len(l.b) {
			c := l.b[l.pos]
			if (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' {
				l.pos++
				continue
			}
			break
		}
		f, err := strconv.ParseFloat(string(l.b[start:l.pos]), 64)
		if err != nil {
			f = lenientFloat(l.b[start:l.pos])
		}
		return token{kind: tNum, num: f}
	case c == ')' || c == '>' || c == ']' || c == '}' || c == '{':
		l.pos++
		return token{kind: tOp, s: string(c)}
	default:
		start := l.pos
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		return token{kind: tOp, s: string(l.b[start:l.pos])}
	}
}

// seq reads tokens up to the closing delimiter end.
func (l *lexer) seq(end string, depth int) []token {
	var out []token
	for {
		l.skipSpace()
		if l.pos >= len(l.b) {
			return out
		}
		if bytes.HasPrefix(l.b[l.pos:], []byte(end)) {
			l.pos += len(end)
			return out
		}
		if depth > 32 {
			l.pos++
			continue
		}
		t := l.nextDepth(depth + 1)
		if t.kind == tEOF {
			return out
		}
		if t.kind == tOp && (t.s == "]" || t.s == ">") {
			// A stray closer of the other kind: treat it as our end.
			return out
		}
		out = append(out, t)
	}
}

// lenientFloat parses numbers such as "1.2.3" or "--5" the way viewers do:
// as much of a number as makes sense, else 0.
func lenientFloat(b []byte) float64 {
	neg := false
	i := 0
	for i < len(b) && (b[i] == '-' || b[i] == '+') {
		if b[i] == '-' {
			neg = !neg
		}
		i++
	}
	j := i
	dot := false
	for j < len(b) && ((b[j] >= '0' && b[j] <= '9') || (b[j] == '.' && !dot)) {
		if b[j] == '.' {
			dot = true
		}
		j++
	}
	f, _ := strconv.ParseFloat(string(b[i:j]), 64)
	if neg {
		f = -f
	}
	return f
}

func unescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			if v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return string(out)
}

func (l *lexer) literal() string {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if l.pos >= len(l.b) {
				return string(out)
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return string(out)
}

func (l *lexer) hex() string {
	l.pos++ // <
	var out []byte
	hi, have := byte(0), false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		var v byte
		switch {
		case c == '>':
			if have {
				out = append(out, hi<<4)
			}
			return string(out)
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if have {
			out = append(out, hi<<4|v)
			have = false
		} else {
			hi, have = v, true
		}
	}
	return string(out)
}

// skipInlineImage moves past the data of an inline image (after BI ... ID).
// The data is binary and has no length unless /L or /Length is given, so the
// end is the first "EI" that stands between white space (or the end of the
// stream) and is followed by something that looks like content again.
func (l *lexer) skipInlineImage(length int) {
	if l.pos < len(l.b) && isSpace(l.b[l.pos]) {
		l.pos++
	}
	if length > 0 && l.pos+length <= len(l.b) {
		l.pos += length
		// Expect EI next; if it is not there, fall through to the scan.
		save := l.pos
		l.skipSpace()
		if bytes.HasPrefix(l.b[l.pos:], []byte("EI")) {
			l.pos += 2
			return
		}
		l.pos = save
	}
	for i := l.pos; i+1 < len(l.b); i++ {
		if l.b[i] != 'E' || l.b[i+1] != 'I' {
			continue
		}
		if i > 0 && !isSpace(l.b[i-1]) {
			continue
		}
		if i+2 < len(l.b) && !isSpace(l.b[i+2]) {
			continue
		}
		l.pos = i + 2
		return
	}
	l.pos = len(l.b)
}
