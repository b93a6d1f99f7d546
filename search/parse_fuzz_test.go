package search

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzParseQuery feeds ParseQuery what people type into a public search box.
// Whatever arrives, it must not panic, must fail only with a *QueryError
// that points inside the query, and must otherwise return a tree the index
// can compile without further checks (see checkQueryTree).
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{
		"",
		"   ",
		"flood",
		"flood risk",
		"flood AND risk",
		"flood and risk",
		"flood OR drainage",
		"a b OR c",
		"(flood OR drainage) AND kind:funding",
		"flood -draft",
		"-draft",
		"NOT kind:section",
		`"flood risk"`,
		`“flood risk” OR “surface water”`,
		`-"flood risk"`,
		"-(a OR b)",
		"+flood +risk",
		"flood~ drainag~2 flo*",
		"*",
		"title:flood",
		`title:"flood risk"`,
		`body:"Thames Valley Police and Crime Panel"`,
		"recipient:mind purpose:counselling",
		"kind:funding",
		`kind:"agenda item"`,
		"kind:agenda-item kind:Minutes",
		"status:approved",
		"number:23/19",
		"period:2018/19",
		"doc:3f2a*",
		"amount:10000",
		"amount:>=10000",
		"amount:>£10,000",
		"amount:<5000",
		"amount:<=5000",
		"amount:1000..5000",
		"amount:1000..",
		"amount:..5000",
		"amount:£250k",
		"amount:£1.2m..10bn",
		"amount:£2,000.00",
		`amount:"£1,000 .. £5,000"`,
		"page:12",
		"date:2018-01-01..2018-12-31",
		"date:2018",
		"year:2019",
		"date:2018-03",
		"date:>2018-03",
		"date:<2019",
		"date:<=2018-06-30",
		"date:2018..2019",
		"date:2018-01..",
		"date:..2018-06",
		"date:07/09/2018",
		"kind:funding amount:>=10000 year:2018 -recipient:council",
		"10:30 http://example.org 23/19 e-mail o'neill £250k",
		"Ynys Môn",
		"flood, risk? (see above)",
		"flood - risk -- rain",
		"NOT NOT draft",
		"a OR -b",
		"((((flood))))",
		// Errors.
		`"flood`,
		"(flood",
		"flood)",
		"()",
		"flood AND",
		"OR flood",
		"NOT",
		"title:",
		`title:""`,
		`""`,
		"ammount:5000",
		"kind:bogus",
		"f*",
		"amount:lots",
		"amount:>=",
		"amount:5000..1000",
		"amount:-Inf",
		"amount:NaN",
		"date:2018-13-01",
		"date:2019..2018",
		"date:soon",
		"date:2018-02-30",
		"flood \xff",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n, err := ParseQuery(q)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q): error %T %v is not a *QueryError", q, err, err)
			}
			if qe.Pos < 0 || qe.Pos > len(q) {
				t.Fatalf("ParseQuery(%q): Pos %d outside 0..%d", q, qe.Pos, len(q))
			}
			if qe.Query != q || qe.Msg == "" || !errors.Is(err, ErrBadRequest) {
				t.Fatalf("ParseQuery(%q): bad QueryError %#v", q, qe)
			}
			if n != nil {
				t.Fatalf("ParseQuery(%q): returned %#v with an error", q, n)
			}
			return
		}
		if n == nil {
			t.Fatalf("ParseQuery(%q) = nil, nil", q)
		}
		if _, ok := n.(Not); ok {
			t.Fatalf("ParseQuery(%q) = %#v: a bare Not at the top", q, n)
		}
		if err := checkQueryTree(n, 0); err != nil {
			t.Fatalf("ParseQuery(%q) = %#v: %v", q, n, err)
		}
		again, err := ParseQuery(q)
		if err != nil || !cmp.Equal(n, again) {
			t.Fatalf("ParseQuery(%q) is not deterministic: %#v, then %#v, %v", q, n, again, err)
		}
	})
}

// checkQueryTree checks the promises ParseQuery makes about its trees: no
// nils, no empty or single-child Ands and Ors, nesting already flattened,
// every negation with something positive beside it, known fields and
// ranges that can match.
func checkQueryTree(n Node, depth int) error {
	if depth > 2*MaxQueryBytes {
		return errors.New("tree too deep")
	}
	switch n := n.(type) {
	case And:
		if len(n.Nodes) < 2 {
			return fmt.Errorf("And with %d nodes", len(n.Nodes))
		}
		positive := false
		for i, c := range n.Nodes {
			switch c.(type) {
			case And:
				return errors.New("And inside And")
			case MatchAll:
				if i != 0 {
					return errors.New("MatchAll not first in And")
				}
			}
			if _, ok := c.(Not); !ok {
				positive = true
			}
			if err := checkQueryTree(c, depth+1); err != nil {
				return err
			}
		}
		if !positive {
			return errors.New("And of only Nots")
		}
	case Or:
		if len(n.Nodes) < 2 {
			return fmt.Errorf("Or with %d nodes", len(n.Nodes))
		}
		for _, c := range n.Nodes {
			switch c.(type) {
			case Or:
				return errors.New("Or inside Or")
			case Not:
				return errors.New("bare Not in Or")
			case MatchAll:
				return errors.New("MatchAll in Or")
			}
			if err := checkQueryTree(c, depth+1); err != nil {
				return err
			}
		}
	case Not:
		switch n.Node.(type) {
		case nil:
			return errors.New("Not of nil")
		case Not:
			return errors.New("Not of Not")
		}
		return checkQueryTree(n.Node, depth+1)
	case MatchAll:
	case Term:
		if err := checkQueryTextField(n.Field); err != nil {
			return err
		}
		if n.Text == "" || !utf8.ValidString(n.Text) {
			return fmt.Errorf("bad term text %q", n.Text)
		}
		if n.Fuzzy < 0 || n.Fuzzy > 2 {
			return fmt.Errorf("fuzzy %d", n.Fuzzy)
		}
		if n.Prefix && utf8.RuneCountInString(n.Text) < 2 {
			return fmt.Errorf("prefix %q too short", n.Text)
		}
		if n.Field == "kind" && (n.Fuzzy != 0 || n.Prefix) {
			return errors.New("kind with a modifier")
		}
	case Phrase:
		if err := checkQueryTextField(n.Field); err != nil {
			return err
		}
		if n.Text == "" || !utf8.ValidString(n.Text) {
			return fmt.Errorf("bad phrase text %q", n.Text)
		}
	case NumberRange:
		if Fields[n.Field] != FieldNumber {
			return fmt.Errorf("number range on %q", n.Field)
		}
		if n.Min == nil && n.Max == nil {
			return errors.New("number range open at both ends")
		}
		for _, v := range []*float64{n.Min, n.Max} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || *v < 0) {
				return fmt.Errorf("bad bound %v", *v)
			}
		}
		if n.Min != nil && n.Max != nil && *n.Min > *n.Max {
			return errors.New("min above max")
		}
	case DateRange:
		if n.Field != "date" {
			return fmt.Errorf("date range on %q", n.Field)
		}
		if n.From.IsZero() && n.To.IsZero() {
			return errors.New("date range open at both ends")
		}
		for _, d := range []time.Time{n.From, n.To} {
			if !d.IsZero() && (d.Location() != time.UTC || !d.Equal(d.Truncate(24*time.Hour))) {
				return fmt.Errorf("date %v is not midnight UTC", d)
			}
		}
		if !n.From.IsZero() && !n.To.IsZero() && n.From.After(n.To) {
			return errors.New("from after to")
		}
	default:
		return fmt.Errorf("unexpected node %T", n)
	}
	return nil
}

func checkQueryTextField(f string) error {
	if f == "" {
		return nil
	}
	if ft, ok := Fields[f]; !ok || (ft != FieldText && ft != FieldKeyword) {
		return fmt.Errorf("text search on field %q", f)
	}
	return nil
}
