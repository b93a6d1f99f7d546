package search

import (
	"net/http"
	"net/url"
	"strings"

	"panelpapers/corpus"
	"panelpapers/names"
)

// The entity pages: /entities lists the recipients, funders, funds and
// bodies; /entities/{id} shows one over time, with its timeline drawn as
// inline SVG (no script) and every line or paper it is named in.

var entityTypeLabels = map[EntityType][2]string{
	EntityRecipient: {"Recipient", "Recipients"},
	EntityFunder:    {"Funder", "Funders"},
	EntityFund:      {"Fund", "Funds"},
	EntityBody:      {"Body", "Bodies"},
}

// entityLinks makes the links from an item's names to their entity pages.
type entityLinks struct{ m *names.Merges }

// url is the page of the entity of type t that name belongs to, or "" for
// a name with nothing to compare by.
func (l entityLinks) url(t EntityType, name string) string {
	id := EntityIDOf(t, name, l.m)
	if id == "" {
		return ""
	}
	return entityURL(id)
}

func (s *Server) links() entityLinks { return entityLinks{s.entities.Merges()} }

type entitiesPage struct {
	layout
	Type   EntityType
	Label  string // "Recipients"
	Tabs   []entityTab
	Query  string
	Rows   []entityRow
	Money  bool
	APIURL string
}

type entityTab struct {
	Label, URL string
	Active     bool
	Count      int
}

type entityRow struct {
	URL, Name, Variants, Total string
	Count                      int
	First, Last                string
}

// entityListRows caps the list page; the API has every entity.
const entityListRows = 500

func (s *Server) serveEntitiesPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t := EntityType(strings.TrimSpace(q.Get("type")))
	if t == "" {
		t = EntityRecipient
	}
	if !t.Valid() {
		s.renderError(w, r, http.StatusBadRequest, "There is no list of "+string(t)+"; choose recipients, funders, funds or bodies.")
		return
	}
	text := strings.TrimSpace(q.Get(ParamQuery))
	p := entitiesPage{layout: layout{Title: entityTypeLabels[t][1], Nav: "entities"}, Type: t, Label: entityTypeLabels[t][1],
		Query: text, Money: t.Money()}
	api := url.Values{"type": {string(t)}}
	if text != "" {
		api.Set(ParamQuery, text)
	}
	p.APIURL = pageURL("/api/entities", api)
	ents, err := s.entities.Get(r.Context())
	if err != nil {
		status, msg := s.errorMessage(r, err)
		s.renderError(w, r, status, msg)
		return
	}
	for _, typ := range EntityTypes {
		v := url.Values{"type": {string(typ)}}
		if text != "" {
			v.Set(ParamQuery, text)
		}
		p.Tabs = append(p.Tabs, entityTab{Label: entityTypeLabels[typ][1], URL: pageURL("/entities", v), Active: typ == t, Count: len(ents.List(typ, text))})
	}
	for i, e := range ents.List(t, text) {
		if i == entityListRows {
			break
		}
		row := entityRow{URL: entityURL(e.ID), Name: e.Name, Variants: otherVariants(e.Name, e.Variants), Count: e.Count,
			First: e.FirstDate, Last: e.LastDate}
		if t.Money() {
			row.Total = FormatPence(e.Pence, e.Currency)
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, "entities", p)
}

type entityPage struct {
	layout
	Entity    *Entity
	TypeLabel string
	Plural    string
	Variants  string
	Total     string // money entities: the sum, exact
	Unit      [2]string
	Chart     timeline
	Years     []entityYearView
	ListURL   string
	SearchURL string
	FeedURL   string
	APIURL    string
}

type entityYearView struct {
	Year   string // "" undated
	Count  int
	Total  string
	Lines  []entityLineView
	Papers []webDoc
}

type entityLineView struct {
	URL, Title, Date, Amount string
	Approximate              bool
	Purpose, Period          string
	Names                    []entityName // the line's other entities: recipient, fund, funder, body
	Cite                     citeLink
	DocTitle, DocURL         string
}

type entityName struct {
	Role, Name, URL string
}

func (s *Server) serveEntityPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ents, err := s.entities.Get(r.Context())
	if err != nil {
		status, msg := s.errorMessage(r, err)
		s.renderError(w, r, status, msg)
		return
	}
	e, ok := ents.Get(id)
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "There is no recipient, funder, fund or body with that ID. Names are matched as the papers write them; try the lists under Entities.")
		return
	}
	if e.ID != id { // a name merged into this entity since the link was made
		http.Redirect(w, r, entityURL(e.ID), http.StatusMovedPermanently)
		return
	}
	labels := entityTypeLabels[e.Type]
	p := entityPage{
		layout: layout{Title: e.Name, Nav: "entities", FeedURL: entityFeedURL(e), FeedTitle: e.Name + " — papers"},
		Entity: e, TypeLabel: labels[0], Plural: labels[1], Variants: otherVariants(e.Name, e.Variants),
		Unit: [2]string{"funding line", "funding lines"}, Chart: newTimeline(e),
		ListURL: pageURL("/entities", url.Values{"type": {string(e.Type)}}), SearchURL: entitySearchURL(e),
		FeedURL: entityFeedURL(e), APIURL: "/api/entities/" + url.PathEscape(e.ID),
	}
	if e.Type.Money() {
		p.Total = FormatPence(e.Pence, e.Currency)
	} else {
		p.Unit = [2]string{"paper", "papers"}
	}
	link := s.links()
	for i := len(e.Years) - 1; i >= 0; i-- { // newest first: what came lately is what a follower wants
		y := e.Years[i]
		v := entityYearView{Year: y.Year, Count: y.Count}
		if e.Type.Money() {
			v.Total = FormatPence(y.Pence, e.Currency)
		}
		for _, l := range y.Lines {
			v.Lines = append(v.Lines, lineView(l, e, link))
		}
		for _, paper := range y.Papers {
			v.Papers = append(v.Papers, toWebDoc(corpus.Document{ID: paper.ID, Title: paper.Title, MeetingDate: paper.Date, Format: paper.Format, Pages: paper.Pages}))
		}
		p.Years = append(p.Years, v)
	}
	s.render(w, r, http.StatusOK, "entity", p)
}

// lineView is a funding line on an entity's page, with links to the other
// entities it names.
func lineView(l *EntityLine, e *Entity, link entityLinks) entityLineView {
	it := corpus.Item{ID: l.ID, Title: l.Title, Page: l.Page, Recipient: l.Recipient, Fund: l.Fund, Amount: l.Amount, Kind: corpus.KindFunding}
	doc := corpus.Document{ID: l.DocID, Format: l.DocFormat}
	v := entityLineView{URL: itemURL(l.ID), Title: itemTitle(it), Date: l.Date, Approximate: l.Approximate,
		Purpose: l.Purpose, Period: l.Period, Cite: citeOf(it, doc), DocTitle: l.DocTitle, DocURL: docURL(l.DocID)}
	if l.Amount != 0 {
		v.Amount = FormatPence(l.Pence, l.Currency)
	}
	for _, n := range []struct {
		t    EntityType
		role string
		name string
	}{{EntityRecipient, "to", l.Recipient}, {EntityFund, "from the fund", l.Fund}, {EntityFunder, "given by", l.Funder}, {EntityBody, "in the papers of", l.Body}} {
		if n.name == "" {
			continue
		}
		u := link.url(n.t, n.name)
		if n.t == e.Type && EntityIDOf(n.t, n.name, link.m) == e.ID {
			u = "" // this page
		}
		v.Names = append(v.Names, entityName{Role: n.role, Name: n.name, URL: u})
	}
	return v
}
