package index

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"panelpapers/search"
)

// A cursor carries Bleve's search-after values of the last hit of a page,
// base64 each because Bleve's numeric and date sort values are binary. It
// also carries a fingerprint of the search it came from: a cursor pasted into
// another search would otherwise page through it from an arbitrary point.
type cursor struct {
	Fingerprint string   `json:"f"`
	After       [][]byte `json:"a"`
}

func encodeCursor(after []string, fingerprint string) string {
	c := cursor{Fingerprint: fingerprint, After: make([][]byte, len(after))}
	for i, a := range after {
		c.After[i] = []byte(a)
	}
	b, _ := json.Marshal(c) // cannot fail: strings and byte slices
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, fingerprint string) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(s) > 4096 {
		return nil, fmt.Errorf("%w: cursor is not one papers gave out", ErrBadQuery)
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || len(c.After) == 0 || len(c.After) > 4 {
		return nil, fmt.Errorf("%w: cursor is not one papers gave out", ErrBadQuery)
	}
	if c.Fingerprint != fingerprint {
		return nil, fmt.Errorf("%w: cursor belongs to another search (query, filters or sort changed); start again without it", ErrBadQuery)
	}
	after := make([]string, len(c.After))
	for i, a := range c.After {
		after[i] = string(a)
	}
	return after, nil
}

// requestFingerprint identifies the result list a request pages through:
// everything but the limit and the cursor.
func requestFingerprint(req search.Request, order search.Sort) string {
	h := fnv.New64a()
	write := func(s string) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	write(req.Query)
	for _, k := range req.Kinds {
		write(string(k))
	}
	write("|")
	write(req.Body)
	write(req.Fund)
	write(dayOf(req.From))
	write(dayOf(req.To))
	write(amountOf(req.AmountMin))
	write(amountOf(req.AmountMax))
	write(string(order))
	return strconv.FormatUint(h.Sum64(), 36)
}

func dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func amountOf(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}
