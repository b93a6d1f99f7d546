package pdftext

import (
	"bytes"
	"strconv"
	"strings"
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
	b     []byte
	pos   int
	buf   []byte  // scratch for decoding strings
	stack []token // arrays and dicts being read (nested ones stack up)
	// arena lets top-level arrays and dicts stay on stack instead of being
	// copied out, for the interpreter, which uses its operands before it
	// calls release.
	arena bool
}

// maxArena bounds the tokens arrays may keep on the stack until release:
// past it they are copied out, so operands that no operator consumes
// cannot pile up.
const maxArena = 4096

// release lets the arena's tokens be overwritten: the arrays and dicts
// scanned so far must not be used after it.
func (l *lexer) release() { l.stack = l.stack[:0] }

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

// next returns the next token.
func (l *lexer) next() token {
	var t token
	l.scan(&t, 0)
	return t
}

// scan reads the next token into *t, all of whose fields it sets. depth
// bounds array/dict nesting so hostile input cannot overflow the stack.
// Why not return the token: a returned token is copied with wide loads
// right after its fields were stored, which stalls the CPU; the
// interpreter scans straight into its operand stack instead.
func (l *lexer) scan(t *token, depth int) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		*t = token{kind: tEOF}
		return
	}
	c := l.b[l.pos]
	switch {
	case c == '(':
		*t = token{kind: tStr, s: l.literal()}
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		l.pos += 2
		*t = token{kind: tDict, arr: l.seq(">>", depth)}
	case c == '<':
		*t = token{kind: tStr, s: l.hex()}
	case c == '[':
		l.pos++
		*t = token{kind: tArr, arr: l.seq("]", depth)}
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		*t = token{kind: tName, s: unescapeName(l.b[start:l.pos])}
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
		*t = token{kind: tNum, num: parseNum(l.b[start:l.pos])}
	case c == ')' || c == '>' || c == ']' || c == '}' || c == '{':
		l.pos++
		*t = token{kind: tOp, s: opString(l.b[l.pos-1 : l.pos])}
	default:
		start := l.pos
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		*t = token{kind: tOp, s: opString(l.b[start:l.pos])}
	}
}

// knownOps are the operators and keywords of content streams, CMaps and
// cross-reference data; opString returns them without allocating.
var knownOps = map[string]string{}

func init() {
	for _, op := range strings.Fields(`b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX
	f F f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ
	TL Tm Tr Ts Tw Tz v w W W* y ' " ) > ] } { begincodespacerange endcodespacerange beginbfchar
	endbfchar beginbfrange endbfrange begincidchar endcidchar begincidrange endcidrange begincmap
	endcmap begin end def dict pop findresource defineresource currentdict usecmap R obj endobj
	stream endstream xref trailer startxref true false null`) {
		knownOps[op] = op
		if len(op) <= 2 && shortOps[shortSlot([]byte(op))] == "" {
			shortOps[shortSlot([]byte(op))] = op
		}
	}
}

func opString(b []byte) string {
	if n := len(b); n == 1 || n == 2 {
		// Nearly every operator of a content stream: a table beats hashing.
		if s := shortOps[shortSlot(b)]; s == string(b) {
			return s
		}
	}
	if s, ok := knownOps[string(b)]; ok {
		return s
	}
	return string(b)
}

// shortOps holds the one- and two-letter operators at shortSlot; one that
// collides with another is left to knownOps.
var shortOps [512]string

func shortSlot(b []byte) int {
	h := uint(b[0])
	if len(b) == 2 {
		h = h*41 + uint(b[1])
	}
	return int(h % uint(len(shortOps)))
}

// pow10 holds the powers of ten that are exact in a float64.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseNum parses a number token's bytes. Plain decimals of up to 15
// digits take a fast path: the digits and the power of ten are exact in a
// float64, so one division rounds once, exactly as strconv does. Anything
// else goes through strconv, and lenientFloat when strconv refuses it.
func parseNum(b []byte) float64 {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		i++
	}
	var mant uint64
	digits, frac := 0, -1
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			digits = 99 // not a plain decimal
		}
	}
	if digits > 0 && digits <= 15 {
		f := float64(mant)
		if neg {
			f = -f
		}
		if frac > 0 {
			f /= pow10[frac]
		}
		return f
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		f = lenientFloat(b)
	}
	return f
}

// seq reads tokens up to the closing delimiter end. The elements collect
// on l.stack and are copied out once, at their final size, or left there
// (see arena).
func (l *lexer) seq(end string, depth int) []token {
	base := len(l.stack)
	for {
		l.skipSpace()
		if l.pos >= len(l.b) {
			break
		}
		if bytes.HasPrefix(l.b[l.pos:], []byte(end)) {
			l.pos += len(end)
			break
		}
		if depth > 32 {
			l.pos++
			continue
		}
		if c := l.b[l.pos]; c == '[' || c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			var t token
			l.scan(&t, depth+1) // a nested array or dict, which uses l.stack too
			l.stack = append(l.stack, t)
			continue
		}
		l.stack = append(l.stack, token{}) // scanned in place, see scan
		t := &l.stack[len(l.stack)-1]
		l.scan(t, depth+1)
		if t.kind == tEOF || t.kind == tOp && (t.s == "]" || t.s == ">") {
			// The end, or a stray closer of the other kind: treat it as our end.
			l.stack = l.stack[:len(l.stack)-1]
			break
		}
	}
	n := len(l.stack)
	switch {
	case n == base:
		return nil
	case l.arena && depth == 0 && n <= maxArena:
		return l.stack[base:n:n]
	}
	out := append([]token(nil), l.stack[base:]...)
	l.stack = l.stack[:base]
	return out
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
	out := l.buf[:0]
	defer func() { l.buf = out[:0] }()
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
	out := l.buf[:0]
	defer func() { l.buf = out[:0] }()
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
