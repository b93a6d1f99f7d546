package search

import (
	"fmt"
	"time"
)

// The query language. ParseQuery turns what a person types into a Node tree;
// the index compiles the tree into its engine's queries. The grammar:
//
//	query   = or
//	or      = and { "OR" and }
//	and     = unary { ["AND"] unary }       adjacent terms are ANDed
//	unary   = ("NOT" | "-") unary | primary
//	primary = "(" or ")" | [field ":"] value
//	value   = word | word "~" [digit] | word "*" | "\"" phrase "\""
//	        | op number | range                for number and date fields
//
// AND, OR and NOT are operators only in capitals; "and" is a word. A field
// name is one of Fields; an unknown name is a syntax error, so a typo is
// never silently searched as text. A NOT-only query ("-draft") means
// "everything except".
type Node interface{ node() }

// And matches what all of its Nodes match.
type And struct{ Nodes []Node }

// Or matches what any of its Nodes match.
type Or struct{ Nodes []Node }

// Not matches what Node does not.
type Not struct{ Node Node }

// MatchAll matches everything (the empty query).
type MatchAll struct{}

// Term is one word, in a text field (Field "" means all the free text) or an
// exact keyword value.
type Term struct {
	Field  string // "" or a Fields name of type FieldText or FieldKeyword
	Text   string
	Fuzzy  int  // edit distance, 0 for exact; "word~" means 1, "word~2" means 2
	Prefix bool // "word*"
	// Expanded marks a term the query did not have, added because a word
	// of it stands for it (Thesaurus): it counts for less than a typed one.
	Expanded bool
}

// Phrase is words that must appear together in this order.
type Phrase struct {
	Field    string // "" or a Fields name of type FieldText or FieldKeyword (then the whole value)
	Text     string
	Expanded bool // as Term.Expanded
}

// NumberRange matches a number field between Min and Max; nil means open.
type NumberRange struct {
	Field        string
	Min, Max     *float64
	MinInclusive bool
	MaxInclusive bool
}

// DateRange matches a date field from From to To, both whole days and
// inclusive; a zero time means open.
type DateRange struct {
	Field    string
	From, To time.Time
}

func (And) node()         {}
func (Or) node()          {}
func (Not) node()         {}
func (MatchAll) node()    {}
func (Term) node()        {}
func (Phrase) node()      {}
func (NumberRange) node() {}
func (DateRange) node()   {}

// FieldType says how a field's values are written and matched.
type FieldType int

const (
	FieldText    FieldType = iota // analysed words: stemmed, case-insensitive
	FieldKeyword                  // one exact value, compared case-insensitively
	FieldNumber                   // amount:>=10000, amount:1000..5000, amount:£10k
	FieldDate                     // date:2018-01-01..2018-12-31, date:2018, date:>=2018-03
)

// Fields are the names a query may put before a colon.
var Fields = map[string]FieldType{
	"title":     FieldText,
	"text":      FieldText,
	"recipient": FieldText,
	"purpose":   FieldText,
	"response":  FieldText,
	"person":    FieldText,
	"author":    FieldText,
	"funder":    FieldText,
	"interest":  FieldText, // a declaration's interest
	"body":      FieldText, // body:"Thames Valley" finds the panel without its full name
	"fund":      FieldText,
	"kind":      FieldKeyword, // must be one of corpus.Kinds
	"status":    FieldKeyword,
	"number":    FieldKeyword, // a minute or item number as printed: number:23/19
	"period":    FieldKeyword, // 2018/19
	"doc":       FieldKeyword, // a document ID
	"amount":    FieldNumber,
	"page":      FieldNumber,
	"date":      FieldDate, // the item's date, else its meeting's
	"year":      FieldDate, // year:2018 is date:2018
}

// QueryError is a syntax error in a query, pointing at where it went wrong.
// It wraps ErrBadRequest.
type QueryError struct {
	Query string
	Pos   int // byte offset into Query
	Msg   string
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("query %q: at character %d: %s", e.Query, e.Pos+1, e.Msg)
}

func (e *QueryError) Unwrap() error { return ErrBadRequest }
