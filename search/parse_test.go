package search

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func qNum(f float64) *float64 { return &f }

func qDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func qWord(s string) Term { return Term{Text: s} }

func qAnd(ns ...Node) And { return And{Nodes: ns} }

func qOr(ns ...Node) Or { return Or{Nodes: ns} }

func qNot(n Node) Not { return Not{Node: n} }

func qEq(field string, f float64) NumberRange {
	return NumberRange{Field: field, Min: qNum(f), Max: qNum(f), MinInclusive: true, MaxInclusive: true}
}

func qDates(from, to string) DateRange {
	r := DateRange{Field: "date"}
	if from != "" {
		r.From = qDay(from)
	}
	if to != "" {
		r.To = qDay(to)
	}
	return r
}

func TestParseQuery(t *testing.T) {
	nested := strings.Repeat("(", MaxQueryDepth) + "flood" + strings.Repeat(")", MaxQueryDepth)
	tests := []struct {
		q    string
		want Node
	}{
		// Empty and trivial.
		{"", MatchAll{}},
		{"   \t\n ", MatchAll{}},
		{"*", MatchAll{}},
		{"? & -", MatchAll{}}, // nothing but pasted punctuation
		{"flood", qWord("flood")},

		// Boolean structure.
		{"flood risk", qAnd(qWord("flood"), qWord("risk"))},
		{"flood AND risk", qAnd(qWord("flood"), qWord("risk"))},
		{"flood and risk", qAnd(qWord("flood"), qWord("and"), qWord("risk"))},
		{"flood or not risk", qAnd(qWord("flood"), qWord("or"), qWord("not"), qWord("risk"))},
		{"flood OR drainage", qOr(qWord("flood"), qWord("drainage"))},
		{"a b OR c", qOr(qAnd(qWord("a"), qWord("b")), qWord("c"))},
		{"a OR b c", qOr(qWord("a"), qAnd(qWord("b"), qWord("c")))},
		{"a AND b OR c AND d", qOr(qAnd(qWord("a"), qWord("b")), qAnd(qWord("c"), qWord("d")))},
		{"a AND (b OR c)", qAnd(qWord("a"), qOr(qWord("b"), qWord("c")))},
		{"(a b) c", qAnd(qWord("a"), qWord("b"), qWord("c"))},
		{"a OR (b OR c)", qOr(qWord("a"), qWord("b"), qWord("c"))},
		{"((flood))", qWord("flood")},
		{nested, qWord("flood")},
		{"flood(risk)", qAnd(qWord("flood"), qWord("risk"))},
		{"a OR b OR c", qOr(qWord("a"), qWord("b"), qWord("c"))},

		// Negation.
		{"-draft", qAnd(MatchAll{}, qNot(qWord("draft")))},
		{"NOT kind:section", qAnd(MatchAll{}, qNot(Term{Field: "kind", Text: "section"}))},
		{"flood -draft", qAnd(qWord("flood"), qNot(qWord("draft")))},
		{"flood NOT draft", qAnd(qWord("flood"), qNot(qWord("draft")))},
		{"flood AND NOT draft", qAnd(qWord("flood"), qNot(qWord("draft")))},
		{`-"flood risk"`, qAnd(MatchAll{}, qNot(Phrase{Text: "flood risk"}))},
		{"flood -(a OR b)", qAnd(qWord("flood"), qNot(qOr(qWord("a"), qWord("b"))))},
		{"flood -title:draft", qAnd(qWord("flood"), qNot(Term{Field: "title", Text: "draft"}))},
		{"-a -b", qAnd(MatchAll{}, qNot(qWord("a")), qNot(qWord("b")))},
		{"flood OR -draft", qOr(qWord("flood"), qAnd(MatchAll{}, qNot(qWord("draft"))))},
		{"NOT -draft", qWord("draft")},
		{"NOT NOT NOT draft", qAnd(MatchAll{}, qNot(qWord("draft")))},
		{"* -draft", qAnd(MatchAll{}, qNot(qWord("draft")))},
		{"flood (-a -b)", qAnd(qWord("flood"), qNot(qWord("a")), qNot(qWord("b")))},
		{"NOT (-a -b)", qAnd(MatchAll{}, qNot(qAnd(MatchAll{}, qNot(qWord("a")), qNot(qWord("b")))))},
		{"flood OR *", MatchAll{}},
		{"+flood +risk", qAnd(qWord("flood"), qWord("risk"))},
		{"+(flood OR rain)", qOr(qWord("flood"), qWord("rain"))},
		{"+-draft", qAnd(MatchAll{}, qNot(qWord("draft")))},
		{"-+draft", qAnd(MatchAll{}, qNot(qWord("draft")))},
		{"++draft", qWord("draft")},

		// Dashes that are punctuation, not NOT.
		{"flood - risk", qAnd(qWord("flood"), qWord("risk"))},
		{"flood -- risk", qAnd(qWord("flood"), qWord("risk"))},
		{"flood -", qWord("flood")},
		{"e-mail", qWord("e-mail")},

		// Words as people paste them.
		{"flood, risk?", qAnd(qWord("flood"), qWord("risk"))},
		{`'flood' [risk]`, qAnd(qWord("flood"), qWord("risk"))},
		{"23/19", qWord("23/19")},
		{"£250k", qWord("£250k")},
		{"o'neill", qWord("o'neill")},
		{"O’Neill", qWord("O’Neill")},
		{"Ynys Môn", qAnd(qWord("Ynys"), qWord("Môn"))},
		{"10:30", qWord("10:30")},
		{"http://example.org/a", qWord("http://example.org/a")},
		{"Re: flood", qAnd(qWord("Re"), qWord("flood"))},
		{"flood\u00a0risk", qAnd(qWord("flood"), qWord("risk"))},
		{"flood\u200brisk", qAnd(qWord("flood"), qWord("risk"))},

		// Phrases.
		{`"flood risk"`, Phrase{Text: "flood risk"}},
		{`“flood risk”`, Phrase{Text: "flood risk"}},
		{`"flood risk”`, Phrase{Text: "flood risk"}},
		{"\"  flood \n risk \"", Phrase{Text: "flood risk"}},
		{`"flood"`, Phrase{Text: "flood"}},
		{`"flood AND risk" OR drainage`, qOr(Phrase{Text: "flood AND risk"}, qWord("drainage"))},
		{`flood"risk"`, qAnd(qWord("flood"), Phrase{Text: "risk"})},
		{`"a" "b"`, qAnd(Phrase{Text: "a"}, Phrase{Text: "b"})},

		// Fuzzy and prefix.
		{"flood~", Term{Text: "flood", Fuzzy: 1}},
		{"flood~1", Term{Text: "flood", Fuzzy: 1}},
		{"flood~2", Term{Text: "flood", Fuzzy: 2}},
		{"flood~5", Term{Text: "flood", Fuzzy: 2}},
		{"flood~0", Term{Text: "flood"}},
		{"flood~,", Term{Text: "flood", Fuzzy: 1}},
		{"~2", qWord("2")},
		{"flood*", Term{Text: "flood", Prefix: true}},
		{"fl*", Term{Text: "fl", Prefix: true}},
		{"Mô*", Term{Text: "Mô", Prefix: true}},
		{"flo*d", qWord("flo*d")},
		{"title:flood*", Term{Field: "title", Text: "flood", Prefix: true}},
		{"title:flood~", Term{Field: "title", Text: "flood", Fuzzy: 1}},

		// Text fields.
		{"title:flood", Term{Field: "title", Text: "flood"}},
		{"Title:Flood", Term{Field: "title", Text: "Flood"}},
		{"TITLE:flood,", Term{Field: "title", Text: "flood"}},
		{`title:"flood risk"`, Phrase{Field: "title", Text: "flood risk"}},
		{`body:“Thames Valley”`, Phrase{Field: "body", Text: "Thames Valley"}},
		{`recipient:"Ynys Môn" -purpose:bus`, qAnd(Phrase{Field: "recipient", Text: "Ynys Môn"}, qNot(Term{Field: "purpose", Text: "bus"}))},
		{"text:10:30", Term{Field: "text", Text: "10:30"}},
		{"person:o'neill fund:PCC", qAnd(Term{Field: "person", Text: "o'neill"}, Term{Field: "fund", Text: "PCC"})},

		// Kinds.
		{"kind:funding", Term{Field: "kind", Text: "funding"}},
		{"KIND:DECISION", Term{Field: "kind", Text: "decision"}},
		{"kind:Agenda_Item", Term{Field: "kind", Text: "agenda_item"}},
		{"kind:agenda-item", Term{Field: "kind", Text: "agenda_item"}},
		{`kind:"agenda item"`, Term{Field: "kind", Text: "agenda_item"}},
		{`kind:"agenda items"`, Term{Field: "kind", Text: "agenda_item"}},
		{"kind:minutes", Term{Field: "kind", Text: "minute"}},
		{"kind:funding,", Term{Field: "kind", Text: "funding"}},
		{"kind:funding OR kind:decision", qOr(Term{Field: "kind", Text: "funding"}, Term{Field: "kind", Text: "decision"})},

		// Other keyword fields keep the value as typed.
		{"status:Approved", Term{Field: "status", Text: "Approved"}},
		{`status:"not approved"`, Phrase{Field: "status", Text: "not approved"}},
		{"number:23/19", Term{Field: "number", Text: "23/19"}},
		{"period:2018/19,", Term{Field: "period", Text: "2018/19"}},
		{"doc:ab12*", Term{Field: "doc", Text: "ab12", Prefix: true}},
		{"doc:'x'", Term{Field: "doc", Text: "'x'"}},

		// Numbers.
		{"amount:10000", qEq("amount", 10000)},
		{"AMOUNT:10000", qEq("amount", 10000)},
		{"amount:=500", qEq("amount", 500)},
		{"amount:>=10000", NumberRange{Field: "amount", Min: qNum(10000), MinInclusive: true}},
		{"amount:≥10000", NumberRange{Field: "amount", Min: qNum(10000), MinInclusive: true}},
		{"amount:>10000", NumberRange{Field: "amount", Min: qNum(10000)}},
		{"amount:<5000", NumberRange{Field: "amount", Max: qNum(5000)}},
		{"amount:<=5000", NumberRange{Field: "amount", Max: qNum(5000), MaxInclusive: true}},
		{"amount:1000..5000", NumberRange{Field: "amount", Min: qNum(1000), Max: qNum(5000), MinInclusive: true, MaxInclusive: true}},
		{"amount:5000..5000", qEq("amount", 5000)},
		{"amount:1000..", NumberRange{Field: "amount", Min: qNum(1000), MinInclusive: true}},
		{"amount:..5000", NumberRange{Field: "amount", Max: qNum(5000), MaxInclusive: true}},
		{"amount:£10,000", qEq("amount", 10000)},
		{"amount:10000.50", qEq("amount", 10000.50)},
		{"amount:£250k", qEq("amount", 250000)},
		{"amount:£1.2m", qEq("amount", 1200000)},
		{"amount:1.2M", qEq("amount", 1200000)},
		{"amount:£2,000.00", qEq("amount", 2000)},
		{"amount:1,000,000", qEq("amount", 1e6)},
		{"amount:£1,250.5k", qEq("amount", 1250500)},
		{"amount:10bn", qEq("amount", 10e9)},
		{"amount:2.5BN", qEq("amount", 2.5e9)},
		{"amount:.5k", qEq("amount", 500)},
		{"amount:0", qEq("amount", 0)},
		{"amount:>=£10k", NumberRange{Field: "amount", Min: qNum(10000), MinInclusive: true}},
		{"amount:£10k..£1.2m", NumberRange{Field: "amount", Min: qNum(10000), Max: qNum(1200000), MinInclusive: true, MaxInclusive: true}},
		{`amount:"£1,000 .. £5,000"`, NumberRange{Field: "amount", Min: qNum(1000), Max: qNum(5000), MinInclusive: true, MaxInclusive: true}},
		{"page:12", qEq("page", 12)},
		{"flood amount:>=10000", qAnd(qWord("flood"), NumberRange{Field: "amount", Min: qNum(10000), MinInclusive: true})},
		{"-amount:<100", qAnd(MatchAll{}, qNot(NumberRange{Field: "amount", Max: qNum(100)}))},

		// Dates.
		{"date:2018-01-01..2018-12-31", qDates("2018-01-01", "2018-12-31")},
		{"date:2018", qDates("2018-01-01", "2018-12-31")},
		{"year:2018", qDates("2018-01-01", "2018-12-31")},
		{"YEAR:2018", qDates("2018-01-01", "2018-12-31")},
		{"date:2018-03", qDates("2018-03-01", "2018-03-31")},
		{"date:2018-02", qDates("2018-02-01", "2018-02-28")},
		{"date:2020-02", qDates("2020-02-01", "2020-02-29")},
		{"date:2018-12", qDates("2018-12-01", "2018-12-31")},
		{"date:2018-03-05", qDates("2018-03-05", "2018-03-05")},
		{"date:2018-3-5", qDates("2018-03-05", "2018-03-05")},
		{"date:=2018-03-05", qDates("2018-03-05", "2018-03-05")},
		{"date:>=2018-03-01", qDates("2018-03-01", "")},
		{"date:>=2018-03", qDates("2018-03-01", "")},
		{"date:>2018-03", qDates("2018-04-01", "")},
		{"date:>2018", qDates("2019-01-01", "")},
		{"date:>2018-03-05", qDates("2018-03-06", "")},
		{"date:<2019", qDates("", "2018-12-31")},
		{"date:<2018-03", qDates("", "2018-02-28")},
		{"date:<=2018-06-30", qDates("", "2018-06-30")},
		{"date:<=2018-06", qDates("", "2018-06-30")},
		{"date:≤2018", qDates("", "2018-12-31")},
		{"date:2018..2019", qDates("2018-01-01", "2019-12-31")},
		{"date:2018-06..2018", qDates("2018-06-01", "2018-12-31")},
		{"date:2018-01..", qDates("2018-01-01", "")},
		{"date:..2018-06", qDates("", "2018-06-30")},
		{"date:7/9/2018", qDates("2018-09-07", "2018-09-07")},
		{"date:07/09/2018..31/12/2018", qDates("2018-09-07", "2018-12-31")},
		{`date:"2018-01 .. 2018-06"`, qDates("2018-01-01", "2018-06-30")},
		{"kind:funding year:2018 amount:>=10000", qAnd(
			Term{Field: "kind", Text: "funding"},
			qDates("2018-01-01", "2018-12-31"),
			NumberRange{Field: "amount", Min: qNum(10000), MinInclusive: true},
		)},
	}
	for _, tt := range tests {
		got, err := ParseQuery(tt.q)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.q, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseQuery(%q) mismatch (-want +got):\n%s", tt.q, diff)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		q    string
		pos  int
		want string // in the message
	}{
		// Quotes.
		{`"flood`, 0, "unclosed quote"},
		{`flood "risk`, 6, "unclosed quote"},
		{`“flood`, 0, "unclosed quote"},
		{`title:"flood`, 6, "unclosed quote"},
		{`""`, 0, "empty quotes"},
		{`flood "  "`, 6, "empty quotes"},
		{`title:""`, 6, "empty quotes"},

		// Parentheses.
		{"(flood", 0, "never closed"},
		{"a (b (c)", 2, "never closed"},
		{"(a OR b", 0, "never closed"},
		{"flood)", 5, "no matching ("},
		{")", 0, "no matching ("},
		{"(a) b)", 5, "no matching ("},
		{"()", 0, "empty parentheses"},
		{"a ( ) b", 2, "empty parentheses"},
		{"(())", 1, "empty parentheses"},
		{strings.Repeat("(", MaxQueryDepth+1) + "a" + strings.Repeat(")", MaxQueryDepth+1), MaxQueryDepth, "nested too deeply"},

		// Operators without operands.
		{"flood AND", 6, "AND needs something to search for after it"},
		{"AND flood", 0, "AND needs something to search for before it"},
		{"(AND flood)", 1, "AND needs something to search for before it"},
		{"a AND OR b", 2, "AND needs something to search for after it"},
		{"a AND AND b", 2, "AND needs something to search for after it"},
		{"(a AND) b", 3, "AND needs something to search for after it"},
		{"OR flood", 0, "OR needs something to search for before it"},
		{"flood OR", 6, "OR needs something to search for after it"},
		{"a OR OR b", 2, "OR needs something to search for after it"},
		{"(OR a)", 1, "OR needs something to search for before it"},
		{"(a OR) b", 3, "OR needs something to search for after it"},
		{"NOT", 0, "NOT needs something to search for after it"},
		{"flood NOT", 6, "NOT needs something to search for after it"},
		{"NOT OR a", 0, "NOT needs something to search for after it"},
		{"(NOT) a", 1, "NOT needs something to search for after it"},
		{"-AND", 0, "- needs something to search for after it"},

		// Fields.
		{"title:", 0, "title: needs a value straight after the colon"},
		{"title: flood", 0, "needs a value straight after the colon"},
		{"flood amount:", 6, "amount: needs a value"},
		{"title:(a b)", 0, "needs a value"},
		{"number:(a)", 0, "quote them or repeat the field"},
		{"title:,", 6, "title: needs a value"},
		{"ammount:5000", 0, `unknown field "ammount" (did you mean amount?)`},
		{"flood Bodyy:x", 6, `unknown field "Bodyy" (did you mean body?)`},
		{`foo:"bar"`, 0, "unknown field"},
		{"zzzzzz:x", 0, "the fields are amount, author, body, date"},
		{"re:flood", 0, "unknown field"},
		{"C:x", 0, `unknown field "C"; the fields`}, // no far-fetched suggestion

		// Prefixes.
		{"f*", 0, "at least 2 characters"},
		{"flood a*", 6, "at least 2 characters"},
		{"title:*", 6, "at least 2 characters"},
		{"title:f*", 6, "at least 2 characters"},

		// Kinds.
		{"kind:bogus", 5, `unknown kind "bogus"; the kinds are agenda_item, minute`},
		{`a kind:"agenda"`, 7, "unknown kind"},
		{"kind:fund*", 5, "unknown kind"},

		// Numbers.
		{"amount:lots", 7, `"lots" is not a number`},
		{"amount:>=", 7, "needs a number after >="},
		{"amount:<", 7, "needs a number after <"},
		{"amount:>=lots", 9, `"lots" is not a number`},
		{"amount:5000..1000", 7, "back to front"},
		{"amount:£1m..£1k", 7, "back to front"},
		{"amount:..", 7, "at least one side"},
		{"amount:10..x", 11, `"x" is not a number`},
		{"amount:x..10", 7, `"x" is not a number`},
		{"amount:-5", 7, "negative"},
		{"amount:-Inf", 7, "negative"},
		{"amount:Inf", 7, "not a number"},
		{"amount:NaN", 7, "not a number"},
		{"amount:1e5", 7, "not a number"},
		{"amount:0x10", 7, "not a number"},
		{"amount:1.2.3", 7, "not a number"},
		{"amount:1,,000", 7, "not a number"},
		{"amount:,100", 7, "not a number"},
		{"amount:10,00", 7, "not a number"},
		{"amount:1,0000", 7, "not a number"},
		{"amount:1000,", 7, "not a number"},
		{"amount:£", 7, "not a number"},
		{"amount:k", 7, "not a number"},
		{"amount:1000-5000", 7, "amount:1000..5000"},
		{"amount:" + strings.Repeat("9", 400), 7, "too large"},
		{"page:two", 5, "not a number"},

		// Dates.
		{"date:2018-13-01", 5, "no such month"},
		{"date:2018-00", 5, "no such month"},
		{"date:2018-02-30", 5, "no such day"},
		{"date:2018-02-00", 5, "no such day"},
		{"date:2019..2018", 5, "back to front"},
		{"date:2018-06-02..2018-06-01", 5, "back to front"},
		{"date:soon", 5, `"soon" is not a date`},
		{"date:18", 5, "not a date"},
		{"date:0999", 5, "no such year"},
		{"date:2018-01-01-01", 5, "not a date"},
		{"date:2018/19", 5, "period:2018/19"},
		{"date:31/02/2018", 5, "no such day"},
		{"date:2018/01/31", 5, "day/month/year"},
		{"date:>=", 5, "needs a date after >="},
		{"date:>soon", 6, "not a date"},
		{"date:2018-01..x", 14, `"x" is not a date`},
		{"date:..", 5, "at least one side"},
		{"year:", 0, "year: needs a value"},

		// Limits and encoding.
		{strings.Repeat("a ", 500) + "b", MaxQueryBytes, "too long"},
		{"flood \xff", 6, "UTF-8"},
	}
	for _, tt := range tests {
		got, err := ParseQuery(tt.q)
		if err == nil {
			t.Errorf("ParseQuery(%q) = %#v, want an error", tt.q, got)
			continue
		}
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%q): error %T %v is not a *QueryError", tt.q, err, err)
			continue
		}
		if !errors.Is(err, ErrBadRequest) {
			t.Errorf("ParseQuery(%q): error does not wrap ErrBadRequest", tt.q)
		}
		if got != nil {
			t.Errorf("ParseQuery(%q) returned a Node %#v with its error", tt.q, got)
		}
		if qe.Query != tt.q {
			t.Errorf("ParseQuery(%q): QueryError.Query = %q", tt.q, qe.Query)
		}
		if qe.Pos != tt.pos {
			t.Errorf("ParseQuery(%q): Pos = %d, want %d (%s)", tt.q, qe.Pos, tt.pos, qe.Msg)
		}
		if !strings.Contains(qe.Msg, tt.want) {
			t.Errorf("ParseQuery(%q): Msg = %q, want it to contain %q", tt.q, qe.Msg, tt.want)
		}
	}
}

// The limit is on bytes, so exactly MaxQueryBytes is still fine.
func TestParseQueryLengthLimit(t *testing.T) {
	q := strings.Repeat("a", MaxQueryBytes)
	got, err := ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery of %d bytes: %v", len(q), err)
	}
	if diff := cmp.Diff(Node(qWord(q)), got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// A deep chain of NOTs is within the byte limit and must neither fail nor
// grow the tree: NOT cancels in pairs.
func TestParseQueryNotChain(t *testing.T) {
	for _, n := range []int{1, 2, 99, 100, 249} {
		q := strings.Repeat("NOT ", n) + "a"
		got, err := ParseQuery(q)
		if err != nil {
			t.Fatalf("%d NOTs: %v", n, err)
		}
		var want Node = qWord("a")
		if n%2 == 1 {
			want = qAnd(MatchAll{}, qNot(qWord("a")))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%d NOTs mismatch (-want +got):\n%s", n, diff)
		}
	}
}

func TestQueryErrorString(t *testing.T) {
	_, err := ParseQuery(`flood "risk`)
	want := `query "flood \"risk": at character 7: unclosed quote: add a closing "`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}
