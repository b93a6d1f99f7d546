package search

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"panelpapers/corpus"
)

// MaxQueryBytes and MaxQueryDepth bound what one query may cost the server:
// a query is parsed recursively and compiled into engine queries, so an
// unbounded one could exhaust the stack or make a very slow search.
const (
	MaxQueryBytes = 1000
	MaxQueryDepth = 20 // parentheses inside parentheses
)

// ParseQuery parses the query language (see Node for the grammar) into a Node
// tree. The people typing are researchers, council officers and journalists
// who paste text from papers, so the parser is forgiving where a guess is
// safe and strict where a guess would silently search for the wrong thing:
//
//   - Words are split on whitespace and parentheses. Punctuation pasted around
//     a word ("flood," "(see" "why?") is dropped, punctuation inside one
//     (23/19, o'neill, e-mail, £250k) is kept for the index to analyse, and a
//     word that is all punctuation (a lone "-" or "&") is skipped.
//   - A lone "*" means everything, as it does in most search boxes.
//   - Smart quotes “like these” work as plain ones. Empty quotes are an error
//     rather than being skipped, so a query never quietly matches more than
//     was asked.
//   - "field:value" is a field search only when the field is one of Fields
//     (in any case). An unknown name is an error listing the fields, so a
//     typo such as "ammount:5000" is reported rather than searched as text;
//     but only for names of letters and underscores followed directly by a
//     value, so "10:30", "Re: flood" and "http://example.org" are words.
//   - kind values are matched against corpus.Kinds ignoring case, with spaces
//     or hyphens for underscores and a plural "s": kind:"agenda items" is
//     kind:agenda_item.
//   - Other keyword values (status, number, period, doc) are kept as typed,
//     since values such as 23/19 are punctuation; the index folds case.
//   - Number and date values are single words (amount:£10k..£1.2m,
//     date:>2018-03), or quoted to allow spaces. Amounts are never negative.
//     A date is a year, a month or a day, and a range covers whole ones:
//     date:<2018-03 ends on 28 February. UK day-first 5/3/2018 also works.
//   - Double negation cancels ("NOT -draft" is draft), and a query or OR
//     branch that only excludes things ("-draft") becomes And{MatchAll,
//     Not{...}} so the index never has to run a purely negative query.
//
// Every error is a *QueryError whose Pos points at the character to fix.
func ParseQuery(q string) (Node, error) {
	p := &queryParser{q: q}
	if len(q) > MaxQueryBytes {
		return nil, p.errAt(MaxQueryBytes, "the query is too long: %d bytes, the most is %d", len(q), MaxQueryBytes)
	}
	if !utf8.ValidString(q) {
		for i := 0; i < len(q); {
			r, w := utf8.DecodeRuneInString(q[i:])
			if r == utf8.RuneError && w == 1 {
				return nil, p.errAt(i, "the query is not valid UTF-8 text")
			}
			i += w
		}
	}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if len(p.toks) == 0 {
		return MatchAll{}, nil
	}
	n, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != qtEOF {
		// parseOr stops only at the end or at a ")" it did not open.
		return nil, p.errAt(t.pos, "this ) has no matching (")
	}
	n = querySimplify(n)
	if _, ok := n.(Not); ok {
		n = And{Nodes: []Node{MatchAll{}, n}}
	}
	return n, nil
}

type queryTokKind int

const (
	qtEOF queryTokKind = iota
	qtLeaf
	qtLParen
	qtRParen
	qtAnd
	qtOr
	qtNot
)

// queryToken is one lexed token. Leaves are built into Nodes while lexing
// because only the lexer knows whether a word is punctuation to skip, and
// skipping it there keeps "flood - rain" from looking like "flood NOT".
type queryToken struct {
	kind queryTokKind
	pos  int
	text string // as written, for messages: "AND", "NOT", "-"
	node Node   // for qtLeaf
}

type queryParser struct {
	q    string
	toks []queryToken
	i    int
}

func (p *queryParser) errAt(pos int, format string, args ...any) error {
	return &QueryError{Query: p.q, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *queryParser) peek() queryToken {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return queryToken{kind: qtEOF, pos: len(p.q)}
}

// queryIsSpace is wider than unicode.IsSpace because pasted text brings
// control characters, zero-width spaces and byte-order marks with it.
func queryIsSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\u2060' || r == '\ufeff'
}

func queryIsQuote(r rune) bool {
	return r == '"' || r == '“' || r == '”' || r == '„'
}

// queryStrippable reports whether r is punctuation that people paste around
// a word. £ and $ are symbols, not punctuation, so "£250k" keeps its sign.
func queryStrippable(r rune) bool {
	return unicode.IsPunct(r) || strings.ContainsRune("+<>=|~^`", r)
}

func (p *queryParser) emit(kind queryTokKind, pos int, text string, n Node) {
	p.toks = append(p.toks, queryToken{kind: kind, pos: pos, text: text, node: n})
}

func (p *queryParser) lex() error {
	q := p.q
	for i := 0; i < len(q); {
		r, w := utf8.DecodeRuneInString(q[i:])
		switch {
		case queryIsSpace(r):
			i += w
		case r == '(':
			p.emit(qtLParen, i, "(", nil)
			i += w
		case r == ')':
			p.emit(qtRParen, i, ")", nil)
			i += w
		case queryIsQuote(r):
			text, end, err := p.quoted(i)
			if err != nil {
				return err
			}
			p.emit(qtLeaf, i, text, Phrase{Text: text})
			i = end
		case (r == '-' || r == '+') && p.prefixAt(i+w):
			if r == '-' {
				p.emit(qtNot, i, "-", nil)
			}
			i += w
		default:
			end := i
			for end < len(q) {
				r, w := utf8.DecodeRuneInString(q[end:])
				if queryIsSpace(r) || r == '(' || r == ')' || queryIsQuote(r) {
					break
				}
				end += w
			}
			word := q[i:end]
			switch word {
			case "AND":
				p.emit(qtAnd, i, word, nil)
			case "OR":
				p.emit(qtOr, i, word, nil)
			case "NOT":
				p.emit(qtNot, i, word, nil)
			default:
				n, next, err := p.word(word, i, end)
				if err != nil {
					return err
				}
				if n != nil {
					p.emit(qtLeaf, i, word, n)
				}
				end = next
			}
			i = end
		}
	}
	return nil
}

// prefixAt reports whether a "-" or "+" just before i applies to what
// follows it. Followed by a space, a ")" or another of itself it is
// punctuation (a pasted "--" or " - " separator), not an operator.
func (p *queryParser) prefixAt(i int) bool {
	if i >= len(p.q) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.q[i:])
	return !queryIsSpace(r) && r != ')' && r != rune(p.q[i-1])
}

// quoted reads the quoted text whose opening quote is at start and returns
// it with its whitespace collapsed, and the offset just after the closing
// quote. Any kind of quote closes any other, since people mix them.
func (p *queryParser) quoted(start int) (string, int, error) {
	_, w := utf8.DecodeRuneInString(p.q[start:])
	for i := start + w; i < len(p.q); {
		r, rw := utf8.DecodeRuneInString(p.q[i:])
		if queryIsQuote(r) {
			text := strings.Join(strings.FieldsFunc(p.q[start+w:i], queryIsSpace), " ")
			if text == "" {
				return "", 0, p.errAt(start, "empty quotes: put the words to search for between them")
			}
			return text, i + rw, nil
		}
		i += rw
	}
	return "", 0, p.errAt(start, "unclosed quote: add a closing \"")
}

// word turns one word, found at q[pos:end], into a leaf Node, or nil to
// skip it. A field name followed directly by a quote takes the quoted text
// as its value, so it also returns where lexing resumes.
func (p *queryParser) word(w string, pos, end int) (Node, int, error) {
	if c := strings.IndexByte(w, ':'); c > 0 {
		name, val := w[:c], w[c+1:]
		lname := strings.ToLower(name)
		quoteNext := val == "" && end < len(p.q) && queryIsQuote(p.runeAt(end))
		if ft, ok := Fields[lname]; ok {
			return p.field(lname, ft, pos, val, pos+c+1, end)
		}
		if queryFieldLike(name) && (val != "" || quoteNext) && !strings.HasPrefix(val, "//") {
			return nil, 0, p.errAt(pos, "%s", queryUnknownField(name))
		}
	}
	n, err := p.text("", w, pos, true)
	return n, end, err
}

func (p *queryParser) runeAt(i int) rune {
	r, _ := utf8.DecodeRuneInString(p.q[i:])
	return r
}

func queryFieldLike(name string) bool {
	for _, r := range name {
		if !unicode.IsLetter(r) && r != '_' {
			return false
		}
	}
	return name != ""
}

func queryFieldNames() []string {
	names := make([]string, 0, len(Fields))
	for f := range Fields {
		names = append(names, f)
	}
	slices.Sort(names)
	return names
}

func queryUnknownField(name string) string {
	lname := strings.ToLower(name)
	// One slip in a short name, two in a long one: "C" is not "doc".
	best, bestDist := "", 2
	if utf8.RuneCountInString(lname) >= 5 {
		bestDist = 3
	}
	names := queryFieldNames()
	for _, f := range names {
		if d := EditDistance(lname, f); d < bestDist {
			best, bestDist = f, d
		}
	}
	msg := fmt.Sprintf("unknown field %q", name)
	if best != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", best)
	}
	return msg + "; the fields are " + strings.Join(names, ", ") +
		`; to search for the text itself, put it in quotes`
}

// EditDistance is the Levenshtein distance between a and b in runes: what
// word~1 and word~2 allow (as Bleve's fuzzy query counts it), and how a typo
// in a field name is matched to the field it meant.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// field builds the leaf for field:value. name is lower-case and known; the
// field name starts at fieldPos and the (possibly empty) unquoted value at
// valPos; end is where the word ended.
func (p *queryParser) field(name string, ft FieldType, fieldPos int, val string, valPos, end int) (Node, int, error) {
	quoted := false
	if val == "" {
		if end >= len(p.q) || !queryIsQuote(p.runeAt(end)) {
			return nil, 0, p.errAt(fieldPos, "%s: needs a value straight after the colon, as in %s", name, queryFieldExample(name, ft))
		}
		text, qend, err := p.quoted(end)
		if err != nil {
			return nil, 0, err
		}
		val, valPos, end, quoted = text, end, qend, true
	}
	var n Node
	var err error
	switch ft {
	case FieldText:
		if quoted {
			n = Phrase{Field: name, Text: val}
		} else {
			n, err = p.text(name, val, valPos, true)
		}
	case FieldKeyword:
		switch {
		case name == "kind":
			n, err = p.kind(val, valPos, quoted)
		case quoted:
			n = Phrase{Field: name, Text: val}
		default:
			// The value is kept as typed (keyword values such as 23/19 are
			// punctuation), apart from a separator pasted after it.
			n, err = p.text(name, strings.TrimRight(val, ",;?!"), valPos, false)
		}
	case FieldNumber:
		n, err = p.numberRange(name, queryNoSpace(val, quoted), valPos)
	case FieldDate:
		n, err = p.dateRange(name, queryNoSpace(val, quoted), valPos)
	default:
		err = p.errAt(fieldPos, "%s: this field cannot be searched", name)
	}
	if err != nil {
		return nil, 0, err
	}
	return n, end, nil
}

// queryNoSpace lets amount:"£1,000 .. £5,000" be written with spaces.
func queryNoSpace(val string, quoted bool) string {
	if !quoted {
		return val
	}
	return strings.Join(strings.FieldsFunc(val, queryIsSpace), "")
}

func queryFieldExample(name string, ft FieldType) string {
	switch {
	case name == "kind":
		return `kind:funding or kind:"agenda item"`
	case name == "year":
		return "year:2018"
	case ft == FieldNumber:
		return name + ":>=10000 or " + name + ":1000..5000"
	case ft == FieldDate:
		return name + ":2018-03 or " + name + ":2018-01-01..2018-06-30"
	}
	return fmt.Sprintf(`%s:flood or %s:"flood risk" (to search a field for several words, quote them or repeat the field)`, name, name)
}

// text builds the Term for an unquoted word in a text or keyword field (or
// in all the text, when field is ""), reading the "*" and "~" suffixes.
// strip drops the punctuation around the word. It returns nil for a word
// with nothing searchable in it.
func (p *queryParser) text(field, w string, pos int, strip bool) (Node, error) {
	t := w
	if strip {
		t = strings.TrimRightFunc(w, func(r rune) bool { return r != '*' && r != '~' && queryStrippable(r) })
	}
	core, prefix, tilde, fuzzy := t, false, false, 0
	if strings.HasSuffix(core, "*") {
		core, prefix = core[:len(core)-1], true
	} else if k := strings.LastIndexByte(core, '~'); k >= 0 && queryAllDigits(core[k+1:]) {
		tilde, fuzzy = true, 1
		if d := core[k+1:]; d != "" {
			fuzzy = 0
			for _, c := range d {
				fuzzy = min(fuzzy*10+int(c-'0'), 2) // ~2 is the most an index can do quickly
			}
		}
		core = core[:k]
	}
	if strip {
		core = strings.TrimFunc(core, queryStrippable)
	}
	if core == "" && tilde {
		// "~2" alone: the tilde was not a suffix after all.
		core, fuzzy = t, 0
		if strip {
			core = strings.TrimFunc(t, queryStrippable)
		}
	}
	if core == "" {
		switch {
		case prefix && field == "":
			return MatchAll{}, nil
		case prefix:
			return nil, p.errAt(pos, "%s: a prefix search needs at least 2 characters before the *", field)
		case field == "":
			return nil, nil
		default:
			return nil, p.errAt(pos, "%s: needs a value, as in %s", field, queryFieldExample(field, FieldText))
		}
	}
	if prefix && utf8.RuneCountInString(core) < 2 {
		return nil, p.errAt(pos, "a prefix search needs at least 2 characters before the *")
	}
	return Term{Field: field, Text: core, Fuzzy: fuzzy, Prefix: prefix}, nil
}

func queryAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// kind checks a kind: value against corpus.Kinds, because a misspelt kind
// would otherwise silently match nothing.
func (p *queryParser) kind(val string, pos int, quoted bool) (Node, error) {
	v := val
	if !quoted {
		v = strings.TrimFunc(v, func(r rune) bool { return r != '_' && queryStrippable(r) })
	}
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
		return r == '_' || r == '-' || queryIsSpace(r)
	}), "_")
	for _, cand := range []string{norm, strings.TrimSuffix(norm, "s")} {
		if corpus.Kind(cand).Valid() {
			return Term{Field: "kind", Text: cand}, nil
		}
	}
	names := make([]string, len(corpus.Kinds))
	for i, k := range corpus.Kinds {
		names[i] = string(k)
	}
	return nil, p.errAt(pos, "unknown kind %q; the kinds are %s", val, strings.Join(names, ", "))
}

var queryComparisons = []string{">=", "<=", "≥", "≤", ">", "<", "="}

// queryCompare splits a leading comparison off v, normalising ≥ and ≤.
func queryCompare(v string) (op, rest string) {
	for _, op := range queryComparisons {
		if strings.HasPrefix(v, op) {
			rest = v[len(op):]
			switch op {
			case "≥":
				op = ">="
			case "≤":
				op = "<="
			}
			return op, rest
		}
	}
	return "", v
}

func (p *queryParser) numberRange(field, v string, pos int) (Node, error) {
	hint := fmt.Sprintf("write %s:10000, %s:>=10000, %s:1000..5000 or %s:£250k", field, field, field, field)
	if field == "page" {
		hint = "write page:12, page:>=10 or page:10..20"
	}
	num := func(s string, at int) (*float64, error) {
		f, msg := queryParseNumber(s)
		if msg != "" {
			return nil, p.errAt(at, "%s: %q %s; %s", field, s, msg, hint)
		}
		return &f, nil
	}
	op, rest := queryCompare(v)
	opEnd := pos + len(v) - len(rest)
	if op != "" {
		if rest == "" {
			return nil, p.errAt(pos, "%s: needs a number after %s, with no space; %s", field, op, hint)
		}
		f, err := num(rest, opEnd)
		if err != nil {
			return nil, err
		}
		r := NumberRange{Field: field}
		switch op {
		case ">=":
			r.Min, r.MinInclusive = f, true
		case ">":
			r.Min = f
		case "<=":
			r.Max, r.MaxInclusive = f, true
		case "<":
			r.Max = f
		default: // "="
			r.Min, r.Max, r.MinInclusive, r.MaxInclusive = f, f, true, true
		}
		return r, nil
	}
	if k := strings.Index(v, ".."); k >= 0 {
		lo, hi := v[:k], v[k+2:]
		if lo == "" && hi == "" {
			return nil, p.errAt(pos, "%s: a range needs a number on at least one side of ..; %s", field, hint)
		}
		r := NumberRange{Field: field}
		var err error
		if lo != "" {
			if r.Min, err = num(lo, pos); err != nil {
				return nil, err
			}
			r.MinInclusive = true
		}
		if hi != "" {
			if r.Max, err = num(hi, pos+k+2); err != nil {
				return nil, err
			}
			r.MaxInclusive = true
		}
		if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
			return nil, p.errAt(pos, "%s: the range %s is back to front: put the smaller number first", field, v)
		}
		return r, nil
	}
	f, err := num(v, pos)
	if err != nil {
		return nil, err
	}
	return NumberRange{Field: field, Min: f, Max: f, MinInclusive: true, MaxInclusive: true}, nil
}

// queryParseNumber reads an amount the way papers print them: 10000,
// £10,000, £2,000.00, £250k, £1.2m, 3bn. It reads the digits itself rather
// than trusting strconv.ParseFloat, which would also take "NaN", "-Inf",
// "1e400" and hex. The message is "" on success.
func queryParseNumber(s string) (float64, string) {
	s = strings.ToLower(strings.TrimPrefix(s, "£"))
	if strings.HasPrefix(s, "-") {
		return 0, "is negative, and amounts and pages never are"
	}
	exp := 0
	for _, suf := range []struct {
		text string
		exp  int
	}{{"bn", 9}, {"k", 3}, {"m", 6}} {
		if strings.HasSuffix(s, suf.text) {
			s, exp = s[:len(s)-len(suf.text)], suf.exp
			break
		}
	}
	digits, dot := 0, false
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
			b.WriteByte(c)
		case c == ',' && !dot && i > 0 && queryThousands(s[i+1:]):
			// a thousands separator, so 10,00 is refused rather than guessed at
		case c == '.' && !dot:
			dot = true
			b.WriteByte(c)
		default:
			return 0, "is not a number"
		}
	}
	if digits == 0 {
		return 0, "is not a number"
	}
	// Scaling by the exponent in the decimal text, not by multiplying
	// afterwards, keeps £1.2m exactly 1200000.
	f, err := strconv.ParseFloat(b.String()+"e"+strconv.Itoa(exp), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, "is too large"
	}
	return f, ""
}

// queryThousands reports whether s, what follows a comma, starts with a
// group of exactly three digits.
func queryThousands(s string) bool {
	if len(s) < 3 || !queryAllDigits(s[:3]) {
		return false
	}
	return len(s) == 3 || s[3] == ',' || s[3] == '.'
}

func (p *queryParser) dateRange(field, v string, pos int) (Node, error) {
	hint := fmt.Sprintf("write %s:2018, %s:2018-03, %s:2018-03-05, %s:>=2018-03 or %s:2018-01..2018-06", field, field, field, field, field)
	span := func(s string, at int) (time.Time, time.Time, error) {
		from, to, msg := queryParseDate(s)
		if msg != "" {
			return from, to, p.errAt(at, "%s: %q %s; %s", field, s, msg, hint)
		}
		return from, to, nil
	}
	// Both fields search the one date; year: is a shorthand people expect.
	r := DateRange{Field: "date"}
	op, rest := queryCompare(v)
	opEnd := pos + len(v) - len(rest)
	if op != "" {
		if rest == "" {
			return nil, p.errAt(pos, "%s: needs a date after %s, with no space; %s", field, op, hint)
		}
		from, to, err := span(rest, opEnd)
		if err != nil {
			return nil, err
		}
		switch op {
		case ">=":
			r.From = from
		case ">":
			r.From = to.AddDate(0, 0, 1)
		case "<=":
			r.To = to
		case "<":
			r.To = from.AddDate(0, 0, -1)
		default: // "="
			r.From, r.To = from, to
		}
		return r, nil
	}
	if k := strings.Index(v, ".."); k >= 0 {
		lo, hi := v[:k], v[k+2:]
		if lo == "" && hi == "" {
			return nil, p.errAt(pos, "%s: a range needs a date on at least one side of ..; %s", field, hint)
		}
		var err error
		if lo != "" {
			if r.From, _, err = span(lo, pos); err != nil {
				return nil, err
			}
		}
		if hi != "" {
			if _, r.To, err = span(hi, pos+k+2); err != nil {
				return nil, err
			}
		}
		if !r.From.IsZero() && !r.To.IsZero() && r.From.After(r.To) {
			return nil, p.errAt(pos, "%s: the range %s is back to front: put the earlier date first", field, v)
		}
		return r, nil
	}
	from, to, err := span(v, pos)
	if err != nil {
		return nil, err
	}
	r.From, r.To = from, to
	return r, nil
}

// queryParseDate reads a year, a month or a day — 2018, 2018-03, 2018-03-05
// or the UK 5/3/2018 — as the first and last days it covers, at midnight
// UTC. The message is "" on success.
func queryParseDate(s string) (from, to time.Time, msg string) {
	y, m, d := 0, -1, -1 // -1: not given
	num := func(part string, minLen, maxLen int) (int, bool) {
		if len(part) < minLen || len(part) > maxLen || !queryAllDigits(part) {
			return 0, false
		}
		n, _ := strconv.Atoi(part)
		return n, true
	}
	var ok bool
	if strings.Contains(s, "/") {
		parts := strings.Split(s, "/")
		if len(parts) == 2 && len(parts[0]) == 4 {
			return from, to, "is not a date (for a financial year, use period:" + s + ")"
		}
		if len(parts) != 3 {
			return from, to, "is not a date"
		}
		var okD, okM, okY bool
		d, okD = num(parts[0], 1, 2)
		m, okM = num(parts[1], 1, 2)
		y, okY = num(parts[2], 4, 4)
		if !okD || !okM || !okY {
			return from, to, "is not a date (write UK dates as day/month/year)"
		}
	} else {
		parts := strings.Split(s, "-")
		if len(parts) > 3 {
			return from, to, "is not a date"
		}
		if y, ok = num(parts[0], 4, 4); !ok {
			return from, to, "is not a date"
		}
		if len(parts) > 1 {
			if m, ok = num(parts[1], 1, 2); !ok {
				return from, to, "is not a date"
			}
		}
		if len(parts) > 2 {
			if d, ok = num(parts[2], 1, 2); !ok {
				return from, to, "is not a date"
			}
		}
	}
	// Years before 1000 are typos, and year 1 would collide with the zero
	// time that DateRange uses for an open end.
	if y < 1000 {
		return from, to, "has no such year"
	}
	switch {
	case m == -1:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), ""
	case m < 1 || m > 12:
		return from, to, "has no such month"
	case d == -1:
		from = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		return from, from.AddDate(0, 1, -1), ""
	}
	from = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if from.Day() != d { // time.Date rolled 2018-02-30 over into March
		return time.Time{}, time.Time{}, "has no such day"
	}
	return from, from, ""
}

func (p *queryParser) parseOr(depth int) (Node, error) {
	first, err := p.parseAnd(depth)
	if err != nil {
		return nil, err
	}
	if first == nil {
		switch t := p.peek(); t.kind {
		case qtOr:
			return nil, p.errAt(t.pos, "OR needs something to search for before it")
		case qtRParen:
			return nil, p.errAt(t.pos, "this ) has no matching (")
		default:
			return nil, p.errAt(t.pos, "expected something to search for")
		}
	}
	nodes := []Node{first}
	for p.peek().kind == qtOr {
		op := p.peek()
		p.i++
		switch p.peek().kind {
		case qtEOF, qtRParen, qtOr:
			return nil, p.errAt(op.pos, "OR needs something to search for after it")
		}
		n, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 1 {
		return first, nil
	}
	return Or{Nodes: nodes}, nil
}

// parseAnd returns nil, not an error, when there is nothing before the next
// OR, ")" or the end, so that parseOr can say which of those is wrong.
func (p *queryParser) parseAnd(depth int) (Node, error) {
	var nodes []Node
	for {
		t := p.peek()
		switch t.kind {
		case qtEOF, qtRParen, qtOr:
			switch len(nodes) {
			case 0:
				return nil, nil
			case 1:
				return nodes[0], nil
			}
			return And{Nodes: nodes}, nil
		case qtAnd:
			if len(nodes) == 0 {
				return nil, p.errAt(t.pos, "AND needs something to search for before it")
			}
			p.i++
			switch p.peek().kind {
			case qtEOF, qtRParen, qtOr, qtAnd:
				return nil, p.errAt(t.pos, "AND needs something to search for after it")
			}
		}
		n, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
}

func (p *queryParser) parseUnary(depth int) (Node, error) {
	t := p.peek()
	if t.kind != qtNot {
		return p.parsePrimary(depth)
	}
	p.i++
	switch p.peek().kind {
	case qtEOF, qtRParen, qtOr, qtAnd:
		return nil, p.errAt(t.pos, "%s needs something to search for after it", t.text)
	}
	n, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	return Not{Node: n}, nil
}

func (p *queryParser) parsePrimary(depth int) (Node, error) {
	t := p.peek()
	switch t.kind {
	case qtLeaf:
		p.i++
		return t.node, nil
	case qtLParen:
		if depth >= MaxQueryDepth {
			return nil, p.errAt(t.pos, "parentheses are nested too deeply: the most is %d", MaxQueryDepth)
		}
		p.i++
		switch p.peek().kind {
		case qtEOF:
			return nil, p.errAt(t.pos, "this ( is never closed: add a )")
		case qtRParen:
			return nil, p.errAt(t.pos, "empty parentheses: put something to search for between them")
		}
		n, err := p.parseOr(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.peek().kind != qtRParen {
			return nil, p.errAt(t.pos, "this ( is never closed: add a )")
		}
		p.i++
		return n, nil
	case qtRParen:
		return nil, p.errAt(t.pos, "this ) has no matching (")
	}
	return nil, p.errAt(t.pos, "expected something to search for")
}

// querySimplify flattens nested Ands and Ors, drops redundant MatchAlls,
// cancels double negation and gives every purely negative And or OR branch a
// MatchAll to subtract from, so the index compiles a small, regular tree.
func querySimplify(n Node) Node {
	switch n := n.(type) {
	case And:
		var kids []Node
		for _, c := range n.Nodes {
			c = querySimplify(c)
			if a, ok := c.(And); ok {
				kids = append(kids, a.Nodes...)
			} else {
				kids = append(kids, c)
			}
		}
		kids = slices.DeleteFunc(kids, func(c Node) bool { _, ok := c.(MatchAll); return ok })
		if len(kids) == 0 {
			return MatchAll{}
		}
		if !slices.ContainsFunc(kids, func(c Node) bool { _, ok := c.(Not); return !ok }) {
			kids = append([]Node{MatchAll{}}, kids...)
		}
		if len(kids) == 1 {
			return kids[0]
		}
		return And{Nodes: kids}
	case Or:
		var kids []Node
		for _, c := range n.Nodes {
			c = querySimplify(c)
			switch c := c.(type) {
			case Or:
				kids = append(kids, c.Nodes...)
			case MatchAll:
				return MatchAll{}
			case Not:
				kids = append(kids, And{Nodes: []Node{MatchAll{}, c}})
			default:
				kids = append(kids, c)
			}
		}
		if len(kids) == 1 {
			return kids[0]
		}
		return Or{Nodes: kids}
	case Not:
		c := querySimplify(n.Node)
		if inner, ok := c.(Not); ok {
			return inner.Node
		}
		return Not{Node: c}
	}
	return n
}
