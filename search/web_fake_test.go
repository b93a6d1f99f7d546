package search

import (
	"context"
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"

	"panelpapers/corpus"
)

// fakeLibrary is an in-memory Library over a few hand-made items, enough
// for the web page's tests: words match case-insensitively anywhere in an
// item's title or text, and highlights are escaped like Bleve's.
type fakeLibrary struct {
	docs  []corpus.Document
	items []corpus.Item
	// lastReq is the last request Search was asked.
	lastReq Request
}

const (
	fakeBody    = "Thames Valley Police and Crime Panel"
	fakeBody2   = "Kent Cabinet"
	hostileText = `Report on <script>alert(1)</script> and a link javascript:alert(1) for Smith &amp; Sons, county lines`
)

func newFakeLibrary() *fakeLibrary {
	docs := []corpus.Document{
		{ID: "doc1", Path: "/papers/tvpcp-2018-11-16-pack.pdf", Format: corpus.FormatPDF, Title: "Agenda pack, 16 November 2018",
			Body: fakeBody, MeetingDate: "2018-11-16", Pages: 80},
		{ID: "doc2", Path: "/papers/kent.html", Format: corpus.FormatHTML, Title: "Kent Cabinet minutes",
			Body: fakeBody2, MeetingDate: "2019-01-30", Pages: 1},
		{ID: "doc3", Path: "/papers/hostile.html", Format: corpus.FormatHTML, Title: `<script>alert(1)</script> pack`,
			Body: fakeBody, MeetingDate: "2017-05-01", Pages: 1},
	}
	items := []corpus.Item{
		{ID: "doc1-0001", DocID: "doc1", Kind: corpus.KindAgendaItem, Number: "5", Title: "County lines update",
			Text: "The panel heard about county lines drug dealing and youth diversion.", Page: 25, PrintedPage: "23",
			Body: fakeBody, MeetingDate: "2018-11-16"},
		{ID: "doc1-0002", DocID: "doc1", Kind: corpus.KindFunding, Title: "Youth diversion grant",
			Text: "Grant to Youth Offending Service for youth diversion.", Page: 40, PrintedPage: "38",
			Amount: 1234.56, Currency: "GBP", Recipient: "Youth Offending Service", Fund: "Community Safety Fund",
			Period: "2018/19", Body: fakeBody, MeetingDate: "2018-11-16"},
		{ID: "doc1-0003", DocID: "doc1", Kind: corpus.KindFunding, Title: "Unnamed award",
			Text: "An award with no recipient named.", Page: 41,
			Amount: 1000000, Fund: "Community Safety Fund", Period: "2018/19", Body: fakeBody, MeetingDate: "2018-11-16"},
		{ID: "doc1-0004", DocID: "doc1", Kind: corpus.KindRecommendation, Number: "R3", Title: "Roads policing recommendation",
			Text: "The Commissioner should publish roads policing data.", Response: "Accepted; data to be published quarterly.",
			Status: "accepted", Source: "Scrutiny report", Author: "Panel Chair", Page: 60, PrintedPage: "58",
			Body: fakeBody, MeetingDate: "2018-11-16"},
		{ID: "doc2-0001", DocID: "doc2", Kind: corpus.KindDecision, Title: "Decision on youth services",
			Text: "Cabinet agreed the youth services plan.", Page: 1, Body: fakeBody2, MeetingDate: "2019-01-30"},
		{ID: "doc2-0002", DocID: "doc2", Kind: corpus.KindMinute, Number: "12", Title: "Minutes of the last meeting",
			Text: "Agreed as a correct record.", Page: 1, Body: fakeBody2, MeetingDate: "2019-01-30"},
		{ID: "doc3-0001", DocID: "doc3", Kind: corpus.KindSection, Title: `<script>alert(1)</script> javascript:alert(1) &amp; title`,
			Text: hostileText, Page: 1, Body: fakeBody, MeetingDate: "2017-05-01"},
	}
	return &fakeLibrary{docs: docs, items: items}
}

func (f *fakeLibrary) doc(id string) (corpus.Document, bool) {
	for _, d := range f.docs {
		if d.ID == id {
			return d, true
		}
	}
	return corpus.Document{}, false
}

// words are the query's words, lower-cased; "(" is a syntax error.
func (f *fakeLibrary) words(q string) ([]string, error) {
	if strings.ContainsAny(q, "()") {
		return nil, &QueryError{Query: q, Pos: strings.IndexAny(q, "()"), Msg: "unbalanced bracket"}
	}
	var out []string
	for _, w := range strings.Fields(strings.ToLower(q)) {
		out = append(out, strings.Trim(w, `"`))
	}
	return out, nil
}

func (f *fakeLibrary) matching(req Request) ([]corpus.Item, []string, error) {
	words, err := f.words(req.Query)
	if err != nil {
		return nil, nil, err
	}
	var out []corpus.Item
	for _, it := range f.items {
		hay := strings.ToLower(it.Title + " " + it.Text + " " + it.Recipient + " " + it.Response)
		ok := true
		for _, w := range words {
			ok = ok && strings.Contains(hay, w)
		}
		if len(req.Kinds) > 0 && !slices.Contains(req.Kinds, it.Kind) {
			ok = false
		}
		if req.Body != "" && it.Body != req.Body {
			ok = false
		}
		if req.Fund != "" && it.Fund != req.Fund {
			ok = false
		}
		date := firstNonEmpty(it.Date, it.MeetingDate)
		if !req.From.IsZero() && date < req.From.Format("2006-01-02") {
			ok = false
		}
		if !req.To.IsZero() && date > req.To.Format("2006-01-02") {
			ok = false
		}
		if req.AmountMin != nil && it.Amount < *req.AmountMin {
			ok = false
		}
		if req.AmountMax != nil && it.Amount > *req.AmountMax {
			ok = false
		}
		if ok {
			out = append(out, it)
		}
	}
	switch req.Sort {
	case SortAmountDesc:
		slices.SortStableFunc(out, func(a, b corpus.Item) int { return -cmpFloat(a.Amount, b.Amount) })
	case SortAmount:
		slices.SortStableFunc(out, func(a, b corpus.Item) int { return cmpFloat(a.Amount, b.Amount) })
	case SortDate:
		slices.SortStableFunc(out, func(a, b corpus.Item) int { return strings.Compare(a.MeetingDate, b.MeetingDate) })
	case SortDateDesc, "":
		if req.Sort == SortDateDesc || req.Query == "" {
			slices.SortStableFunc(out, func(a, b corpus.Item) int { return -strings.Compare(a.MeetingDate, b.MeetingDate) })
		}
	}
	return out, words, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// highlight escapes s like Bleve's HTML formatter and marks the words.
func highlight(s string, words []string) string {
	esc := html.EscapeString(s)
	for _, w := range words {
		w = html.EscapeString(w)
		if i := strings.Index(strings.ToLower(esc), w); i >= 0 && w != "" {
			esc = esc[:i] + "<mark>" + esc[i:i+len(w)] + "</mark>" + esc[i+len(w):]
		}
	}
	if !strings.Contains(esc, "<mark>") {
		return ""
	}
	return esc
}

func (f *fakeLibrary) Search(ctx context.Context, req Request) (Result, error) {
	f.lastReq = req
	items, words, err := f.matching(req)
	if err != nil {
		return Result{}, err
	}
	start := 0
	if req.Cursor != "" {
		if start, err = strconv.Atoi(req.Cursor); err != nil {
			return Result{}, fmt.Errorf("%w: cursor: broken", ErrBadRequest)
		}
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	res := Result{Total: uint64(len(items))}
	for i := start; i < len(items) && i < start+limit; i++ {
		it := items[i]
		d, _ := f.doc(it.DocID)
		h := Hit{Item: it, Document: d, Score: 1}
		if len(words) > 0 {
			h.Highlights = map[string][]string{}
			if frag := highlight(it.Text, words); frag != "" {
				h.Highlights["text"] = []string{frag}
			}
			if frag := highlight(it.Title, words); frag != "" {
				h.Highlights["title"] = []string{frag}
			}
		}
		res.Hits = append(res.Hits, h)
	}
	if start+limit < len(items) {
		res.NextCursor = strconv.Itoa(start + limit)
	}
	if req.Facets {
		res.Facets = map[string][]FacetValue{}
		count := func(name, v string) {
			if v == "" {
				return
			}
			for i := range res.Facets[name] {
				if res.Facets[name][i].Value == v {
					res.Facets[name][i].Count++
					return
				}
			}
			res.Facets[name] = append(res.Facets[name], FacetValue{Value: v, Count: 1})
		}
		for _, it := range items {
			count(FacetKind, string(it.Kind))
			count(FacetBody, it.Body)
			count(FacetFund, it.Fund)
			if len(it.MeetingDate) >= 4 {
				count(FacetYear, it.MeetingDate[:4])
			}
		}
	}
	return res, nil
}

func (f *fakeLibrary) Item(ctx context.Context, id string) (corpus.Item, error) {
	for _, it := range f.items {
		if it.ID == id {
			return it, nil
		}
	}
	return corpus.Item{}, fmt.Errorf("fake: item %s: %w", id, ErrNotFound)
}

func (f *fakeLibrary) Document(ctx context.Context, id string) (corpus.Document, error) {
	if d, ok := f.doc(id); ok {
		return d, nil
	}
	return corpus.Document{}, fmt.Errorf("fake: document %s: %w", id, ErrNotFound)
}

func (f *fakeLibrary) Documents(ctx context.Context) ([]corpus.Document, error) {
	return f.docs, nil
}

func (f *fakeLibrary) ItemsOf(ctx context.Context, docID string) ([]corpus.Item, error) {
	var out []corpus.Item
	for _, it := range f.items {
		if it.DocID == docID {
			out = append(out, it)
		}
	}
	return out, nil
}

func (f *fakeLibrary) FundingTotals(ctx context.Context, req Request, by GroupBy) ([]Total, error) {
	req.Kinds = []corpus.Kind{corpus.KindFunding}
	items, _, err := f.matching(req)
	if err != nil {
		return nil, err
	}
	var out []Total
	for _, it := range items {
		key := it.Recipient
		if by == ByFund {
			key = it.Fund
		}
		i := slices.IndexFunc(out, func(t Total) bool { return t.Key == key })
		if i < 0 {
			out = append(out, Total{Key: key, Currency: "GBP"})
			i = len(out) - 1
		}
		out[i].Count++
		out[i].Pence += int64(math.Round(it.Amount * 100))
	}
	slices.SortFunc(out, func(a, b Total) int { return cmpFloat(float64(b.Pence), float64(a.Pence)) })
	return out, nil
}

func (f *fakeLibrary) Each(ctx context.Context, req Request, fn func(Hit) error) error {
	items, _, err := f.matching(req)
	if err != nil {
		return err
	}
	for _, it := range items {
		d, _ := f.doc(it.DocID)
		if err := fn(Hit{Item: it, Document: d}); err != nil {
			return err
		}
	}
	return nil
}
