package search

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"panelpapers/corpus"
)

// Parameter names shared by the API and the web page, so that a page's URL
// and the API call behind it read the same.
const (
	ParamQuery     = "q"
	ParamKind      = "kind"
	ParamBody      = "body"
	ParamFund      = "fund"
	ParamRecipient = "recipient"
	ParamFunder    = "funder"
	ParamCopies    = "copies" // "include"
	ParamDateFrom  = "date_from"
	ParamDateTo    = "date_to"
	ParamAmountMin = "amount_min"
	ParamAmountMax = "amount_max"
	ParamSort      = "sort"
	ParamLimit     = "limit"
	ParamCursor    = "cursor"
)

// CopiesInclude is the value of copies= that includes the items of copies.
const CopiesInclude = "include"

// maxParamLen bounds every parameter value: nothing legitimate is longer, and
// a megabyte query string would otherwise reach the query parser.
const maxParamLen = 2000

// ParseRequest reads a Request from URL parameters. Every mistake is an
// error wrapping ErrBadRequest that names the parameter. A limit above
// MaxLimit is capped, not refused.
func ParseRequest(v url.Values) (Request, error) {
	var req Request
	for name, vals := range v {
		for _, s := range vals {
			if len(s) > maxParamLen {
				return req, badParam(name, "longer than %d bytes", maxParamLen)
			}
		}
	}
	req.Query = strings.TrimSpace(v.Get(ParamQuery))
	for _, k := range v[ParamKind] {
		for _, part := range strings.Split(k, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			kind := corpus.Kind(part)
			if !kind.Valid() {
				return req, badParam(ParamKind, "%q is not a kind; want one of %s", part, kindNames())
			}
			req.Kinds = append(req.Kinds, kind)
		}
	}
	req.Body = strings.TrimSpace(v.Get(ParamBody))
	req.Fund = strings.TrimSpace(v.Get(ParamFund))
	req.Recipient = strings.TrimSpace(v.Get(ParamRecipient))
	req.Funder = strings.TrimSpace(v.Get(ParamFunder))
	switch c := strings.TrimSpace(v.Get(ParamCopies)); c {
	case "":
	case CopiesInclude:
		req.Copies = true
	default:
		return req, badParam(ParamCopies, "%q: want include, or leave it out", c)
	}
	var err error
	if req.From, err = dateParam(v, ParamDateFrom); err != nil {
		return req, err
	}
	if req.To, err = dateParam(v, ParamDateTo); err != nil {
		return req, err
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, badParam(ParamDateTo, "%s is before %s %s", v.Get(ParamDateTo), ParamDateFrom, v.Get(ParamDateFrom))
	}
	if req.AmountMin, err = amountParam(v, ParamAmountMin); err != nil {
		return req, err
	}
	if req.AmountMax, err = amountParam(v, ParamAmountMax); err != nil {
		return req, err
	}
	if req.AmountMin != nil && req.AmountMax != nil && *req.AmountMax < *req.AmountMin {
		return req, badParam(ParamAmountMax, "%s is less than %s %s", v.Get(ParamAmountMax), ParamAmountMin, v.Get(ParamAmountMin))
	}
	req.Sort = Sort(strings.TrimSpace(v.Get(ParamSort)))
	if !req.Sort.Valid() {
		return req, badParam(ParamSort, "%q is not a sort; want one of %s", req.Sort, joinSorts())
	}
	if s := strings.TrimSpace(v.Get(ParamLimit)); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err == nil && n >= 1:
			req.Limit = min(n, MaxLimit)
		case isOutOfRange(err) && !strings.HasPrefix(s, "-"):
			req.Limit = MaxLimit // capped like any other limit above MaxLimit
		case err == nil || isOutOfRange(err):
			return req, badParam(ParamLimit, "%s: want 1 to %d", s, MaxLimit)
		default:
			return req, badParam(ParamLimit, "%q is not a whole number", s)
		}
	}
	req.Cursor = strings.TrimSpace(v.Get(ParamCursor))
	return req, nil
}

func isOutOfRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func badParam(name, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrBadRequest, name, fmt.Sprintf(format, args...))
}

func dateParam(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, badParam(name, "%q is not a date (want YYYY-MM-DD)", s)
	}
	return t, nil
}

func amountParam(v url.Values, name string) (*float64, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil, nil
	}
	f, ok := ParseAmount(s)
	if !ok {
		return nil, badParam(name, "%q is not an amount (want e.g. 10000, 2500.50, £250k, 1.2m)", s)
	}
	return &f, nil
}

// ParseAmount reads an amount as people type one in a search: 10000,
// £10,000, 2,000.00, 250k, £1.2m, 3bn. It is the query language's reader
// (amount:>=£10k), so a filter and a query accept the same amounts.
func ParseAmount(s string) (float64, bool) {
	f, msg := queryParseNumber(strings.TrimSpace(s))
	return f, msg == ""
}

func kindNames() string {
	names := make([]string, len(corpus.Kinds))
	for i, k := range corpus.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

func joinSorts() string {
	names := make([]string, len(Sorts))
	for i, s := range Sorts {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}
