package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"panelpapers/corpus"
)

// apiEntity is an entity as GET /api/entities lists it.
type apiEntity struct {
	ID       string      `json:"id"`
	Type     EntityType  `json:"type"`
	Name     string      `json:"name"`
	Variants []string    `json:"variants"`
	Total    json.Number `json:"total,omitempty"` // recipients, funders and funds: exact, in currency
	Currency string      `json:"currency,omitempty"`
	Totals   []apiMoney  `json:"totals,omitempty"` // every currency's sum, when there is more than one
	Count    int         `json:"count"`
	// CountOf says what count counts: "funding_lines", or "papers" for a body.
	CountOf   string  `json:"count_of"`
	FirstDate *string `json:"first_date"` // null when nothing is dated
	LastDate  *string `json:"last_date"`
	URL       string  `json:"url"` // the entity's page
}

type apiMoney struct {
	Currency string      `json:"currency"`
	Total    json.Number `json:"total"`
}

// apiEntityDetail is GET /api/entities/{id}: the entity with what it holds,
// year by year.
type apiEntityDetail struct {
	apiEntity
	Years     []apiEntityYear `json:"years"`
	SearchURL string          `json:"search_url"` // the web page of its items
	FeedURL   string          `json:"feed_url"`   // its items as an Atom feed
}

type apiEntityYear struct {
	Year   *string          `json:"year"` // null: undated
	Count  int              `json:"count"`
	Total  json.Number      `json:"total,omitempty"`
	Items  []apiEntityLine  `json:"items,omitempty"`  // funding lines
	Papers []apiEntityPaper `json:"papers,omitempty"` // a body's papers
}

type apiEntityLine struct {
	ID          string      `json:"id"`
	URL         string      `json:"url"`
	Title       string      `json:"title,omitempty"`
	Date        string      `json:"date,omitempty"`
	Amount      json.Number `json:"amount,omitempty"`
	Currency    string      `json:"currency,omitempty"`
	Approximate bool        `json:"approximate,omitempty"`
	Recipient   string      `json:"recipient,omitempty"`
	Funder      string      `json:"funder,omitempty"`
	Fund        string      `json:"fund,omitempty"`
	Period      string      `json:"period,omitempty"`
	Purpose     string      `json:"purpose,omitempty"`
	Body        string      `json:"body,omitempty"`
	Document    apiDocRef   `json:"document"`
	Citation    citation    `json:"citation"`
}

type apiEntityPaper struct {
	ID          string        `json:"id"`
	URL         string        `json:"url"`
	Title       string        `json:"title,omitempty"`
	MeetingDate string        `json:"meeting_date,omitempty"`
	Format      corpus.Format `json:"format"`
	Pages       int           `json:"pages"`
	FileURL     string        `json:"file_url"`
}

func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toAPIEntity(e *Entity) apiEntity {
	out := apiEntity{
		ID: e.ID, Type: e.Type, Name: e.Name, Variants: e.Variants, Count: e.Count, CountOf: "funding_lines",
		FirstDate: optionalString(e.FirstDate), LastDate: optionalString(e.LastDate), URL: entityURL(e.ID),
	}
	if e.Type.Money() {
		out.Total, out.Currency = json.Number(PenceString(e.Pence)), cmp.Or(e.Currency, "GBP")
		for _, m := range e.Totals {
			out.Totals = append(out.Totals, apiMoney{m.Currency, json.Number(PenceString(m.Pence))})
		}
	} else {
		out.CountOf = "papers"
	}
	return out
}

func entityURL(id string) string { return "/entities/" + url.PathEscape(id) }

// lineCitation is the link that opens a line's document at its page.
func lineCitation(l *EntityLine) citation {
	return citation{Page: l.Page, URL: Citation(corpus.Item{Page: l.Page}, corpus.Document{ID: l.DocID, Format: l.DocFormat})}
}

func toAPIEntityDetail(e *Entity) apiEntityDetail {
	out := apiEntityDetail{apiEntity: toAPIEntity(e), SearchURL: entitySearchURL(e), FeedURL: entityFeedURL(e)}
	for _, y := range e.Years {
		ay := apiEntityYear{Year: optionalString(y.Year), Count: y.Count}
		if e.Type.Money() {
			ay.Total = json.Number(PenceString(y.Pence))
		}
		for _, l := range y.Lines {
			al := apiEntityLine{
				ID: l.ID, URL: itemURL(l.ID), Title: l.Title, Date: l.Date, Currency: l.Currency, Approximate: l.Approximate,
				Recipient: l.Recipient, Funder: l.Funder, Fund: l.Fund, Period: l.Period, Purpose: l.Purpose, Body: l.Body,
				Document: apiDocRef{ID: l.DocID, Title: l.DocTitle, Format: l.DocFormat}, Citation: lineCitation(l),
			}
			if l.Amount != 0 {
				al.Amount = json.Number(PenceString(l.Pence))
			}
			ay.Items = append(ay.Items, al)
		}
		for _, p := range y.Papers {
			ay.Papers = append(ay.Papers, apiEntityPaper{ID: p.ID, URL: docURL(p.ID), Title: p.Title, MeetingDate: p.Date,
				Format: p.Format, Pages: p.Pages, FileURL: "/api/documents/" + url.PathEscape(p.ID) + "/file"})
		}
		out.Years = append(out.Years, ay)
	}
	if out.Years == nil {
		out.Years = []apiEntityYear{}
	}
	return out
}

// entityFilter is the request parameter that finds an entity's items.
func entityFilter(t EntityType) string {
	return map[EntityType]string{EntityRecipient: ParamRecipient, EntityFunder: ParamFunder, EntityFund: ParamFund, EntityBody: ParamBody}[t]
}

// entityQuery is the filters of an entity's items: its name (which the
// filter matches however it was written, merges included), and funding
// lines only for money entities.
func entityQuery(e *Entity) url.Values {
	v := url.Values{entityFilter(e.Type): {e.Name}}
	if e.Type.Money() {
		v.Set(ParamKind, string(corpus.KindFunding))
	}
	return v
}

// entitySearchURL is the web page of an entity's items: the funding page
// for money, a search for a body.
func entitySearchURL(e *Entity) string {
	v := entityQuery(e)
	if e.Type.Money() {
		v.Del(ParamKind)
		return pageURL("/funding", v)
	}
	return pageURL("/", v)
}

func entityFeedURL(e *Entity) string { return pageURL("/api/feed", entityQuery(e)) }

// entityListParams reads GET /api/entities's type, q and limit.
func entityListParams(v url.Values) (EntityType, string, int, error) {
	for name, vals := range v {
		for _, s := range vals {
			if len(s) > maxParamLen {
				return "", "", 0, badParam(name, "longer than %d bytes", maxParamLen)
			}
		}
	}
	t := EntityType(strings.TrimSpace(v.Get("type")))
	if t != "" && !t.Valid() {
		return "", "", 0, badParam("type", "%q: want recipient, funder, fund or body", t)
	}
	limit := 0
	if s := strings.TrimSpace(v.Get(ParamLimit)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return "", "", 0, badParam(ParamLimit, "%q: want a whole number from 1", s)
		}
		limit = n
	}
	return t, strings.TrimSpace(v.Get(ParamQuery)), limit, nil
}

func (s *Server) serveEntities(w http.ResponseWriter, r *http.Request) {
	q, err := queryValues(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, text, limit, err := entityListParams(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ents, err := s.entities.Get(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list := ents.List(t, text)
	if limit > 0 && len(list) > limit {
		list = list[:limit]
	}
	out := make([]apiEntity, len(list))
	for i, e := range list {
		out[i] = toAPIEntity(e)
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) serveEntity(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if t, _, _ := strings.Cut(id, "-"); !EntityType(t).Valid() {
		s.fail(w, r, fmt.Errorf("%w: entity %q: IDs start with recipient-, funder-, fund- or body-", ErrNotFound, id))
		return
	}
	ents, err := s.entities.Get(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, ok := ents.Get(id)
	if !ok {
		s.fail(w, r, fmt.Errorf("%w: no entity %q", ErrNotFound, id))
		return
	}
	s.writeJSON(w, r, http.StatusOK, toAPIEntityDetail(e))
}

// MarshalJSON writes an entity as GET /api/entities lists it.
func (e *Entity) MarshalJSON() ([]byte, error) { return json.Marshal(toAPIEntity(e)) }

// DetailJSON is an entity as GET /api/entities/{id} shows it: with its
// funding lines or papers by year.
func (e *Entity) DetailJSON() any { return toAPIEntityDetail(e) }
