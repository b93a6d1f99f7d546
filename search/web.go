package search

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"panelpapers/corpus"
)

// The web page: server-rendered HTML over the same Library and the same
// parameter names as the API, so /?q=flood&kind=funding and
// /api/search?q=flood&kind=funding ask for the same thing. Pages work
// without JavaScript; /static/app.js only adds niceties.
//
// Document text is untrusted. Templates escape everything; the one
// template.HTML is markHTML's output, which re-escapes every character of a
// highlight fragment and lets through only its <mark> tags.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// contentSecurityPolicy allows nothing inline and nothing from elsewhere:
// even if hostile text slipped past escaping, it could not run.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"

// webLimit is how many hits a search page shows when the URL names no limit.
const webLimit = 20

// fundingRows caps the awards table; the exports have every row.
const fundingRows = 500

// totalsRows caps each totals table.
const totalsRows = 100

// pages holds one parsed template set per page, each the layout plus the page.
var pages = map[string]*template.Template{}

func init() {
	for _, name := range []string{"search", "item", "document", "funding", "recommendations", "documents", "help", "error", "entity", "entities"} {
		pages[name] = template.Must(template.New("layout.html").Funcs(webFuncs).
			ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/"+name+".html"))
	}
}

var webFuncs = template.FuncMap{
	"dateText": dateText,
	"docURL":   docURL,
	"static":   staticURL,
	"count":    countText,
	"totalsOf": func(heading, key string, t totalsTable) totalsView {
		return totalsView{Heading: heading, Key: key, Table: t}
	},
	"rowsOf": func(key string, rows []totalRow) totalsPart { return totalsPart{Key: key, Rows: rows} },
}

// totalsPart is part of a totals table's rows, for the totalsRows template.
type totalsPart struct {
	Key  string
	Rows []totalRow
}

// totalsView is one totals table with its heading, for the totals template.
type totalsView struct {
	Heading, Key string
	Table        totalsTable
}

func (s *Server) webRoutes() {
	s.mux.HandleFunc("GET /{$}", s.servePage)
	s.mux.HandleFunc("GET /help", s.serveHelp)
	s.mux.HandleFunc("GET /items/{id}", s.serveItemPage)
	s.mux.HandleFunc("GET /documents", s.serveDocumentsPage)
	s.mux.HandleFunc("GET /documents/{id}", s.serveDocumentPage)
	s.mux.HandleFunc("GET /funding", s.serveFundingPage)
	s.mux.HandleFunc("GET /recommendations", s.serveRecommendationsPage)
	s.mux.HandleFunc("GET /entities", s.serveEntitiesPage)
	s.mux.HandleFunc("GET /entities/{id}", s.serveEntityPage)
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(static)
	s.mux.HandleFunc("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		http.StripPrefix("/static", files).ServeHTTP(w, r)
	})
	// Everything else that is not the API is a page that does not exist.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.renderError(w, r, http.StatusMethodNotAllowed, "This address only answers GET.")
			return
		}
		s.renderError(w, r, http.StatusNotFound, "There is no page at "+r.URL.Path+".")
	})
}

// layout is what every page's frame needs.
type layout struct {
	Title      string // the <title>, before " — papers"
	Nav        string // the active nav entry: search, funding, recommendations, documents, help
	Error      string // shown prominently at the top of the main content
	ErrorTitle string // what went wrong, in a word, above Error
	// FeedURL, when set, is the page's Atom feed (the same search, newest
	// first), announced in the head for feed readers.
	FeedURL   string
	FeedTitle string
}

func (l layout) Layout() layout { return l }

// render writes page with data and status. A template error is a bug: it is
// logged and answered with a plain 500, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].Execute(&buf, data); err != nil {
		s.log.Error("render page", "page", page, "path", r.URL.Path, "err", err)
		setPageHeaders(w)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	setPageHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Cache-Control", "no-cache")
}

type errorPage struct {
	layout
	Status  int
	Heading string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	heading := http.StatusText(status)
	if status == http.StatusNotFound {
		heading = "Not found"
	}
	s.render(w, r, status, "error", errorPage{layout: layout{Title: heading, Error: msg}, Status: status, Heading: heading})
}

// errorMessage is what a page shows for err: the caller's mistakes in full
// (a query error says where it went wrong), server trouble only in general.
func (s *Server) errorMessage(r *http.Request, err error) (int, string) {
	status := statusOf(err)
	switch {
	case status == http.StatusBadRequest:
		var qe *QueryError
		if errors.As(err, &qe) {
			// Not its Error(), which quotes the query the Go way.
			return status, fmt.Sprintf("At character %d: %s.", qe.Pos+1, strings.TrimSuffix(qe.Msg, "."))
		}
		msg := err.Error() // "index: bad query: bad request: cursor …"
		if _, after, ok := strings.Cut(msg, ErrBadRequest.Error()+": "); ok {
			msg = after
		}
		return status, msg
	case status == http.StatusNotFound:
		return status, "Not found."
	case status == http.StatusServiceUnavailable:
		return status, "The search took too long. Try a narrower query."
	default:
		if status >= 500 {
			s.log.Error("page failed", "path", r.URL.Path, "err", err)
		}
		return status, "Something went wrong on the server. Please try again."
	}
}

func errorTitle(status int) string {
	if status == http.StatusBadRequest {
		return "Your search could not be run"
	}
	return "The search failed"
}

// --- search ----------------------------------------------------------------

// form is the state of the search form and the links derived from it.
type form struct {
	Path   string     // the page the form submits to
	Values url.Values // the request's parameters, empty ones dropped
	Query  string
	Kind   string // the kind select's value: one kind, or several joined by commas
	Body   string
	Fund   string
	From   string
	To     string
	Min    string
	Max    string
	Sort   string
	Order  string // the order the hits are in, as the sort box names it
	Copies bool   // copies=include: the items of copies are searched too
	// Recipient and Funder have no box of their own (totals rows link to
	// them): kept through the form as hidden fields.
	Recipient, Funder string
	Kinds             []option
	Bodies            []option
	Sorts             []option
	Active            []activeFilter
	ClearTo           string // the page with the query but no filters

	SearchLabel string
	Placeholder string
	ShowKind    bool // the kind select; the funding and recommendations pages fix the kind
	ShowFund    bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type activeFilter struct {
	Label, Value, RemoveURL string
}

func newForm(path string, q url.Values) form {
	v := cleanValues(q)
	f := form{
		Path: path, Values: v,
		Query: v.Get(ParamQuery), Body: v.Get(ParamBody), Fund: v.Get(ParamFund),
		From: v.Get(ParamDateFrom), To: v.Get(ParamDateTo),
		Min: v.Get(ParamAmountMin), Max: v.Get(ParamAmountMax), Sort: v.Get(ParamSort),
		Copies: v.Get(ParamCopies) == CopiesInclude, Recipient: v.Get(ParamRecipient), Funder: v.Get(ParamFunder),
	}
	var kinds []string
	for _, k := range v[ParamKind] {
		for _, part := range strings.Split(k, ",") {
			if part = strings.TrimSpace(part); part != "" {
				kinds = append(kinds, part)
			}
		}
	}
	f.Kind = strings.Join(kinds, ",")
	switch path {
	case "/funding":
		f.SearchLabel, f.Placeholder, f.ShowFund = "Search funding lines", `e.g. youth OR "community safety"`, true
	case "/recommendations":
		f.SearchLabel, f.Placeholder = "Search recommendations and responses", `e.g. "roads policing" status:accepted`
	default:
		f.SearchLabel, f.Placeholder, f.ShowKind, f.ShowFund = "Search the papers", `e.g. "county lines" or precept date:2018`, true, true
	}
	f.Kinds = []option{{Value: "", Label: "Any kind"}}
	found := f.Kind == ""
	for _, k := range corpus.Kinds {
		sel := f.Kind == string(k)
		found = found || sel
		f.Kinds = append(f.Kinds, option{Value: string(k), Label: kindLabel(k), Selected: sel})
	}
	if !found { // several kinds, or one ParseRequest will refuse: keep it visible
		labels := make([]string, len(kinds))
		for i, k := range kinds {
			labels[i] = kindLabel(corpus.Kind(k))
		}
		f.Kinds = append(f.Kinds, option{Value: f.Kind, Label: strings.Join(labels, " or "), Selected: true})
	}
	// The box shows the order the hits are in. Its first choice, no sort,
	// is the index's default (Request.Sort): best match for a search, newest
	// first for a listing, largest amount on the funding page; it is named
	// for what it does on this page, and a search typed into a listing's box
	// still gets the best match.
	order := f.Sort
	if order == "" {
		switch {
		case path == "/funding":
			order = string(SortAmountDesc)
		case f.Query == "":
			order = string(SortDateDesc)
		default:
			order = string(SortRelevance)
		}
	}
	byDefault := map[string]string{"/funding": string(SortAmountDesc)}[path]
	if byDefault == "" && f.Query == "" {
		byDefault = string(SortDateDesc)
	}
	first := option{Value: "", Label: "Best match", Selected: order == string(SortRelevance)}
	f.Sorts = nil
	for _, o := range []option{
		{Value: string(SortDateDesc), Label: "Newest first"},
		{Value: string(SortDate), Label: "Oldest first"},
		{Value: string(SortAmountDesc), Label: "Largest amount"},
		{Value: string(SortAmount), Label: "Smallest amount"},
	} {
		o.Selected = o.Value == order
		if o.Value == byDefault {
			first = option{Value: "", Label: o.Label, Selected: o.Selected}
			continue
		}
		f.Sorts = append(f.Sorts, o)
	}
	f.Sorts = append([]option{first}, f.Sorts...)
	for _, o := range f.Sorts {
		if o.Selected {
			f.Order = o.Label
		}
	}
	if !slices.ContainsFunc(f.Sorts, func(o option) bool { return o.Selected }) {
		f.Sorts = append(f.Sorts, option{Value: f.Sort, Label: strings.ToUpper(f.Sort[:1]) + f.Sort[1:], Selected: true})
		f.Order = f.Sorts[len(f.Sorts)-1].Label
	}
	f.Active = activeFilters(path, v, kinds)
	clear := url.Values{}
	if f.Query != "" {
		clear.Set(ParamQuery, f.Query)
	}
	for _, keep := range []string{ParamSort, "decisions"} {
		if val := v.Get(keep); val != "" {
			clear.Set(keep, val)
		}
	}
	f.ClearTo = pageURL(path, clear)
	return f
}

// setBodies fills the body select from the body facet, keeping the chosen
// body even when the facet does not list it.
func (f *form) setBodies(facet []FacetValue) {
	f.Bodies = []option{{Value: "", Label: "Any body"}}
	found := f.Body == ""
	for _, fv := range facet {
		sel := fv.Value == f.Body
		found = found || sel
		f.Bodies = append(f.Bodies, option{Value: fv.Value, Label: fv.Value, Selected: sel})
	}
	if !found {
		f.Bodies = append(f.Bodies, option{Value: f.Body, Label: f.Body, Selected: true})
	}
}

func activeFilters(path string, v url.Values, kinds []string) []activeFilter {
	var out []activeFilter
	for _, k := range kinds {
		rest := without(v, ParamKind, ParamCursor)
		others := []string{}
		for _, o := range kinds {
			if o != k {
				others = append(others, o)
			}
		}
		if len(others) > 0 {
			rest.Set(ParamKind, strings.Join(others, ","))
		}
		out = append(out, activeFilter{"Kind", kindLabel(corpus.Kind(k)), pageURL(path, rest)})
	}
	for _, p := range []struct{ param, label string }{
		{ParamBody, "Body"}, {ParamFund, "Fund"},
		{ParamDateFrom, "From"}, {ParamDateTo, "To"},
		{ParamAmountMin, "Amount at least"}, {ParamAmountMax, "Amount at most"},
		{ParamRecipient, "Recipient"}, {ParamFunder, "Funder"}, {ParamCopies, "Copies"},
	} {
		if val := v.Get(p.param); val != "" {
			out = append(out, activeFilter{p.label, val, pageURL(path, without(v, p.param, ParamCursor))})
		}
	}
	return out
}

// facetGroup is one sidebar list of facet values, each a link that adds it.
type facetGroup struct {
	Name   string
	Label  string
	Values []facetLink
}

type facetLink struct {
	Label  string
	Count  int
	URL    string
	Active bool
	// Variants are the other ways the papers wrote the name (names.Key),
	// counted in this row.
	Variants string
}

func facetGroups(path string, v url.Values, facets map[string][]FacetValue, names ...string) []facetGroup {
	labels := map[string]string{FacetKind: "Kind", FacetBody: "Body", FacetYear: "Year", FacetFund: "Fund"}
	var out []facetGroup
	for _, name := range names {
		vals := facets[name]
		if len(vals) == 0 {
			continue
		}
		g := facetGroup{Name: name, Label: labels[name]}
		for _, fv := range vals {
			if fv.Value == "" {
				continue
			}
			link := without(v, ParamCursor) // a cursor belongs to the request it came from
			var active bool
			label := fv.Value
			switch name {
			case FacetKind:
				link.Set(ParamKind, fv.Value)
				active = v.Get(ParamKind) == fv.Value
				label = kindLabel(corpus.Kind(fv.Value))
			case FacetBody:
				link.Set(ParamBody, fv.Value)
				active = v.Get(ParamBody) == fv.Value
			case FacetFund:
				link.Set(ParamFund, fv.Value)
				active = v.Get(ParamFund) == fv.Value
			case FacetYear:
				from, to := fv.Value+"-01-01", fv.Value+"-12-31"
				link.Set(ParamDateFrom, from)
				link.Set(ParamDateTo, to)
				active = v.Get(ParamDateFrom) == from && v.Get(ParamDateTo) == to
			}
			g.Values = append(g.Values, facetLink{Label: label, Count: fv.Count, URL: pageURL(path, link), Active: active,
				Variants: otherVariants(fv.Value, fv.Variants)})
		}
		if len(g.Values) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// webHit is a hit as a results list shows it.
type webHit struct {
	ID        string
	URL       string
	Title     string
	Kind      corpus.Kind
	KindLabel string
	Number    string
	Date      string
	Body      string
	DocTitle  string
	DocURL    string
	Amount    string
	Recipient string
	Fund      string
	Funder    string
	Period    string
	// The entity pages of the names the item gives ("" for none).
	RecipientURL, FundURL, FunderURL, BodyURL string
	Response                                  string
	Status                                    string
	Author                                    string
	Source                                    string
	Snippets                                  []template.HTML
	Excerpt                                   string // the opening of the text, when no fragment matched
	Text                                      string
	Cite                                      citeLink
	Partial                                   bool // has most of the query's words, not all
	// ThreadStatus is what became of a recommendation (Threads), on the
	// pages that show it.
	ThreadStatus string
	// OCR is the mean word confidence ("91%") of the scanned pages the
	// item was read from by OCR; empty for an item of a text layer.
	OCR string
}

type citeLink struct {
	Text string
	URL  string
}

func toWebHit(h Hit, link entityLinks) webHit {
	it, doc := h.Item, h.Document
	w := webHit{
		ID: it.ID, URL: itemURL(it.ID), Title: itemTitle(it), Kind: it.Kind, KindLabel: kindLabel(it.Kind),
		Number: it.Number, Date: firstNonEmpty(it.Date, it.MeetingDate, doc.MeetingDate),
		Body: firstNonEmpty(it.Body, doc.Body), DocTitle: docTitle(doc), DocURL: docURL(doc.ID),
		Recipient: it.Recipient, Fund: it.Fund, Funder: it.Funder, Period: it.Period,
		Response: it.Response, Status: it.Status, Author: it.Author, Source: it.Source,
		Text: it.Text, Cite: citeOf(it, doc), Partial: h.Partial, OCR: ocrLabel(it),
	}
	w.RecipientURL, w.FundURL = link.url(EntityRecipient, it.Recipient), link.url(EntityFund, it.Fund)
	w.FunderURL, w.BodyURL = link.url(EntityFunder, it.Funder), link.url(EntityBody, w.Body)
	if it.Amount != 0 {
		w.Amount = moneyText(it.Amount, it.Currency)
	}
	for _, field := range []string{"text", "title"} {
		for _, f := range h.Highlights[field] {
			w.Snippets = append(w.Snippets, markHTML(f))
		}
	}
	if len(w.Snippets) == 0 {
		w.Excerpt = excerpt(it.Text, 300)
	}
	return w
}

type searchPage struct {
	layout
	Form     form
	Heading  string // the page's heading when the search failed
	Home     *home  // no search and no filters: the papers to browse
	Searched bool
	Total    uint64
	// FirstPartial is the index of the first hit with most of the words
	// but not all (-1: none), where the page says so.
	FirstPartial int
	Ignored      []string
	Expansions   []Expansion
	TookMS       string
	Hits         []webHit
	Facets       []facetGroup
	NextURL      string
	FirstURL     string
	ExportCSV    string
	APIURL       string
}

// home is what the page shows before a search: how much there is, the
// newest papers, and the facets to browse by; not a list of items, which
// newest first would be the fragments of the last agenda.
type home struct {
	Documents int
	Items     uint64
	Recent    []webDoc
}

// homeDocs is how many of the newest papers the home page lists.
const homeDocs = 12

// isHome reports whether q asks for nothing: no search, filter or order.
func isHome(q url.Values) bool {
	for _, vals := range cleanValues(q) {
		if len(vals) > 0 {
			return false
		}
	}
	return true
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := searchPage{layout: layout{Title: "Search", Nav: "search"}, Form: newForm("/", q)}
	if p.Form.Query != "" {
		p.Title = p.Form.Query + " — search"
	}
	status := http.StatusOK
	req, err := ParseRequest(q)
	if err == nil && isHome(q) {
		err = s.fillHome(r.Context(), &p)
	} else if err == nil {
		if req.Limit == 0 {
			req.Limit = webLimit
		}
		req.Facets = true
		var res Result
		res, err = s.lib.Search(r.Context(), req)
		if err == nil {
			p.fill(res, s.links())
		}
	}
	if err != nil {
		status, p.Error = s.errorMessage(r, err)
		p.Heading = errorTitle(status) // the page's heading says it, under the search box
	}
	p.Form.setBodies(bodyFacet(p.Facets))
	s.render(w, r, status, "search", p)
}

// fillHome fills the page shown before any search: counts, the newest
// papers and the facets.
func (s *Server) fillHome(ctx context.Context, p *searchPage) error {
	res, err := s.lib.Search(ctx, Request{Limit: 1, Facets: true})
	if err != nil {
		return err
	}
	docs, err := s.lib.Documents(ctx)
	if err != nil {
		return err
	}
	h := &home{Items: res.Total}
	for _, d := range docs {
		if d.CopyOf != "" {
			continue // listed under its original's name already
		}
		h.Documents++
		if len(h.Recent) < homeDocs {
			h.Recent = append(h.Recent, toWebDoc(d))
		}
	}
	p.Home = h
	p.Facets = facetGroups("/", p.Form.Values, res.Facets, FacetKind, FacetBody, FacetYear, FacetFund)
	return nil
}

func (p *searchPage) fill(res Result, link entityLinks) {
	v := p.Form.Values
	p.Searched = true
	p.Total = res.Total
	p.TookMS = tookText(res)
	p.FirstPartial = -1
	for i, h := range res.Hits {
		if h.Partial && p.FirstPartial < 0 {
			p.FirstPartial = i
		}
		p.Hits = append(p.Hits, toWebHit(h, link))
	}
	p.Ignored, p.Expansions = res.Ignored, res.Expansions
	p.Facets = facetGroups("/", v, res.Facets, FacetKind, FacetBody, FacetYear, FacetFund)
	if res.NextCursor != "" && len(res.Hits) > 0 {
		next := without(v)
		next.Set(ParamCursor, res.NextCursor)
		p.NextURL = pageURL("/", next)
	}
	if v.Get(ParamCursor) != "" {
		p.FirstURL = pageURL("/", without(v, ParamCursor))
	}
	exp := without(v, ParamCursor, ParamLimit)
	exp.Set("format", ExportCSV)
	p.ExportCSV = pageURL("/api/export", exp)
	p.APIURL = pageURL("/api/search", v)
	p.FeedURL = pageURL("/api/feed", feedParams(v))
	p.FeedTitle = "papers: " + firstNonEmpty(p.Form.Query, "this search") + " (newest first)"
}

// --- item and document ------------------------------------------------------

type field struct {
	Label, Value string
	Long         bool   // shown as a block of text
	URL          string // the value's entity page, for a name
}

type itemPage struct {
	layout
	Item          corpus.Item
	Hit           webHit
	Fields        []field
	Doc           corpus.Document
	DocTitle      string
	DocFile       string
	Siblings      []sibling // the items around this one in its document
	SiblingsCut   bool      // Siblings is a window of the document's items
	SiblingsStart int       // the first sibling's number in the document
	Prev, Next    *sibling
	HasDoc        bool
	IsRec         bool
	APIURL        string
	ItemCount     int
	// Thread is what became of the item (a recommendation, or a decision
	// on one): the items linked to it, oldest first. Empty when nothing is.
	Thread       []threadEntry
	ThreadStatus string
	ThreadAPI    string
}

// threadEntry is one item of a thread on the item page.
type threadEntry struct {
	Hit        webHit
	Date       string
	Relation   string // as the page says it: "Decision", "Adopted", "Response" …
	Reason     string
	Confidence string // "0.95"
	Status     string
	Current    bool
}

// relationLabels say on the page how an item bears on a recommendation.
var relationLabels = map[string]string{
	"recommendation": "Recommendation", "decision": "Decision", "adopted": "Decision (adopts the report)",
	"restated": "Printed again", "response": "Response", "quoted": "Quoted",
}

type sibling struct {
	URL, Title, KindLabel, Page string
	Current                     bool
}

func (s *Server) serveItemPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	it, err := s.lib.Item(ctx, r.PathValue("id"))
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			s.renderError(w, r, http.StatusNotFound, "There is no item with that ID. It may have been re-ingested under a new one; try searching for it.")
			return
		}
		status, msg := s.errorMessage(r, err)
		s.renderError(w, r, status, msg)
		return
	}
	doc, err := s.lib.Document(ctx, it.DocID)
	hasDoc := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		status, msg := s.errorMessage(r, err)
		s.renderError(w, r, status, msg)
		return
	}
	if !hasDoc {
		doc = corpus.Document{ID: it.DocID}
	}
	p := itemPage{
		layout: layout{Title: itemTitle(it), Nav: "search"},
		Item:   it, Hit: toWebHit(Hit{Item: it, Document: doc}, s.links()), Fields: itemFields(it, s.links(), doc),
		Doc: doc, DocTitle: docTitle(doc), DocFile: "/api/documents/" + url.PathEscape(doc.ID) + "/file",
		HasDoc: hasDoc, IsRec: it.Kind == corpus.KindRecommendation || it.Kind == corpus.KindDecision,
		APIURL: "/api/items/" + url.PathEscape(it.ID),
	}
	if hasDoc {
		items, err := s.lib.ItemsOf(ctx, doc.ID)
		if err != nil {
			status, msg := s.errorMessage(r, err)
			s.renderError(w, r, status, msg)
			return
		}
		p.ItemCount = len(items)
		p.Siblings, p.SiblingsStart, p.SiblingsCut = nearby(siblings(items, it.ID), siblingWindow)
		for i, sib := range p.Siblings {
			if sib.Current {
				if i > 0 {
					p.Prev = &p.Siblings[i-1]
				}
				if i+1 < len(p.Siblings) {
					p.Next = &p.Siblings[i+1]
				}
			}
		}
	}
	if s.threads != nil {
		p.ThreadAPI = "/api/items/" + url.PathEscape(it.ID) + "/thread"
		t, err := s.threads.Thread(ctx, it.ID)
		switch {
		case err != nil:
			// The item page stands without its thread; the API says why.
			s.log.Warn("thread", "item", it.ID, "err", err)
		case len(t.Links) > 1:
			p.ThreadStatus = t.Status
			for _, l := range t.Links {
				e := threadEntry{Hit: toWebHit(Hit{Item: l.Item, Document: l.Document}, s.links()), Date: l.Date,
					Relation: firstNonEmpty(relationLabels[l.Relation], kindLabel(l.Item.Kind)), Reason: l.Reason,
					Confidence: strconv.FormatFloat(l.Confidence, 'f', 2, 64), Status: l.Status, Current: l.Item.ID == it.ID}
				p.Thread = append(p.Thread, e)
			}
		}
	}
	s.render(w, r, http.StatusOK, "item", p)
}

func siblings(items []corpus.Item, current string) []sibling {
	out := make([]sibling, 0, len(items))
	for _, o := range items {
		out = append(out, sibling{
			URL: itemURL(o.ID), Title: itemTitle(o), KindLabel: kindLabel(o.Kind),
			Page: pageLabel(o), Current: o.ID == current,
		})
	}
	return out
}

// siblingWindow is how many items either side of the current one the item
// page lists; the document page lists them all.
const siblingWindow = 8

// nearby cuts sibs to the window around the current item.
// It returns the window, the 1-based number of its first item, and whether
// it is a cut.
func nearby(sibs []sibling, n int) ([]sibling, int, bool) {
	cur := slices.IndexFunc(sibs, func(s sibling) bool { return s.Current })
	if cur < 0 || len(sibs) <= 2*n+1 {
		return sibs, 1, false
	}
	lo, hi := max(0, cur-n), min(len(sibs), cur+n+1)
	return sibs[lo:hi], lo + 1, true
}

// ocrLabel is the confidence shown on an item read by OCR.
func ocrLabel(it corpus.Item) string {
	if !it.OCR {
		return ""
	}
	return fmt.Sprintf("%.0f%%", it.OCRConfidence)
}

// itemFields lists every field of it that has a value, in reading order;
// the names it gives (recipient, funder, fund, body) link to their entity
// pages.
func itemFields(it corpus.Item, link entityLinks, doc corpus.Document) []field {
	var out []field
	add := func(label, value string, long bool) {
		if strings.TrimSpace(value) != "" {
			out = append(out, field{Label: label, Value: value, Long: long})
		}
	}
	name := func(label, value string, t EntityType) {
		if strings.TrimSpace(value) != "" {
			out = append(out, field{Label: label, Value: value, URL: link.url(t, value)})
		}
	}
	add("Kind", kindLabel(it.Kind), false)
	add("Number", it.Number, false)
	add("Title", it.Title, false)
	if it.Amount != 0 {
		add("Amount", moneyText(it.Amount, it.Currency), false)
	}
	add("Currency", it.Currency, false)
	name("Recipient", it.Recipient, EntityRecipient)
	name("Funder", it.Funder, EntityFunder)
	name("Fund", it.Fund, EntityFund)
	add("Period", it.Period, false)
	add("Purpose", it.Purpose, true)
	add("Topic", it.Topic, false)
	add("Response", it.Response, true)
	add("Status", it.Status, false)
	add("Source", it.Source, false)
	add("Author", it.Author, false)
	add("Person", it.Person, false)
	add("Role", it.Role, false)
	add("Interest", it.Interest, true)
	add("Date", dateText(it.Date), false)
	add("Time", it.Time, false)
	add("Meeting date", dateText(it.MeetingDate), false)
	if it.Body != "" {
		name("Body", it.Body, EntityBody)
	} else if doc.Body != "" {
		name("Body", doc.Body, EntityBody)
	}
	add("Page", pageLabel(it), false)
	add("Pages as printed", it.Pages, false)
	if it.OCR {
		add("Read by OCR", fmt.Sprintf("from a scanned page; mean word confidence %.1f%%: the text may hold misread words", it.OCRConfidence), false)
	}
	add("Text", it.Text, true)
	add("ID", it.ID, false)
	return out
}

type documentsPage struct {
	layout
	Docs []webDoc
}

type webDoc struct {
	ID, URL, FileURL, Title, Body, Date, Format, FileName string
	Pages                                                 int
	NeedsOCR                                              bool
	OCRPages                                              int
	NeedsOCRPages                                         string // "3, 5-7" when only some pages need OCR
}

func toWebDoc(d corpus.Document) webDoc {
	return webDoc{
		ID: d.ID, URL: docURL(d.ID), FileURL: "/api/documents/" + url.PathEscape(d.ID) + "/file",
		Title: docTitle(d), Body: d.Body, Date: d.MeetingDate, Format: strings.ToUpper(string(d.Format)),
		FileName: baseName(d.Path), Pages: d.Pages, NeedsOCR: d.NeedsOCR,
		OCRPages: d.OCRPages, NeedsOCRPages: corpus.PageRanges(d.NeedsOCRPages),
	}
}

func (s *Server) serveDocumentsPage(w http.ResponseWriter, r *http.Request) {
	docs, err := s.lib.Documents(r.Context())
	if err != nil {
		status, msg := s.errorMessage(r, err)
		s.renderError(w, r, status, msg)
		return
	}
	p := documentsPage{layout: layout{Title: "Documents", Nav: "documents"}}
	for _, d := range docs {
		p.Docs = append(p.Docs, toWebDoc(d))
	}
	s.render(w, r, http.StatusOK, "documents", p)
}

type documentPage struct {
	layout
	Doc    webDoc
	Items  []sibling
	APIURL string
}

func (s *Server) serveDocumentPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc, err := s.lib.Document(ctx, r.PathValue("id"))
	if err == nil {
		var items []corpus.Item
		if items, err = s.lib.ItemsOf(ctx, doc.ID); err == nil {
			p := documentPage{
				layout: layout{Title: docTitle(doc), Nav: "documents"},
				Doc:    toWebDoc(doc), Items: siblings(items, ""),
				APIURL: "/api/documents/" + url.PathEscape(doc.ID),
			}
			s.render(w, r, http.StatusOK, "document", p)
			return
		}
	}
	if errors.Is(err, ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound, "There is no document with that ID.")
		return
	}
	status, msg := s.errorMessage(r, err)
	s.renderError(w, r, status, msg)
}

// --- funding ----------------------------------------------------------------

type fundingPage struct {
	layout
	Form         form
	Total        uint64
	Shown        int
	Truncated    bool
	Awards       []webHit
	ShowBody     bool   // the awards come from more than one body
	OneBody      string // else the one body they all come from
	ByRecipient  totalsTable
	ByFund       totalsTable
	GrandTotals  []string // one per currency
	Lines        int
	Facets       []facetGroup
	ExportCSV    string
	Export360    string
	ExportJSON   string
	SearchURL    string
	FundingLimit int
}

type totalsTable struct {
	Rows    []totalRow // Head then Tail
	More    int
	APIURL  string
	GroupBy string
}

// totalsHead is how many rows of a totals table show before "Show more".
const totalsHead = 12

// Head is the rows shown at first; Tail the rest, folded away.
func (t totalsTable) Head() []totalRow { return t.Rows[:min(len(t.Rows), totalsHead)] }

func (t totalsTable) Tail() []totalRow { return t.Rows[min(len(t.Rows), totalsHead):] }

type totalRow struct {
	Key      string
	Variants string // the other ways the papers wrote the name
	Missing  bool   // "" key: lines without a recipient or fund
	Count    int
	Total    string
	URL      string // the funding page filtered to this key, when that is a filter
	// EntityURL is the key's entity page (recipient or fund over time).
	EntityURL string
}

// errEnough stops Each once the page has all the rows it shows.
var errEnough = errors.New("enough rows")

func (s *Server) serveFundingPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	q.Del(ParamKind) // this page is funding lines only, whatever the URL says
	p := fundingPage{layout: layout{Title: "Funding", Nav: "funding"}, Form: newForm("/funding", q), FundingLimit: fundingRows}
	if p.Form.Query != "" {
		p.Title = p.Form.Query + " — funding"
	}
	status := http.StatusOK
	err := s.fillFunding(ctx, &p, q)
	if err != nil {
		status, p.Error = s.errorMessage(r, err)
		p.ErrorTitle = errorTitle(status) + ":"
	}
	p.Form.setBodies(bodyFacet(p.Facets))
	s.render(w, r, status, "funding", p)
}

func (s *Server) fillFunding(ctx context.Context, p *fundingPage, q url.Values) error {
	req, err := ParseRequest(q)
	if err != nil {
		return err
	}
	req.Kinds = []corpus.Kind{corpus.KindFunding}
	if req.Sort == "" {
		req.Sort = SortAmountDesc
	}
	count := req
	count.Limit, count.Cursor, count.Facets = 1, "", true
	res, err := s.lib.Search(ctx, count)
	if err != nil {
		return err
	}
	v := p.Form.Values
	p.Total = res.Total
	p.Facets = facetGroups("/funding", v, res.Facets, FacetBody, FacetYear, FacetFund)

	all := req
	all.Cursor, all.Limit = "", 0
	link := s.links()
	err = s.lib.Each(ctx, all, func(h Hit) error {
		if len(p.Awards) >= fundingRows {
			p.Truncated = true
			return errEnough
		}
		p.Awards = append(p.Awards, toWebHit(h, link))
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	p.Shown = len(p.Awards)
	for _, a := range p.Awards {
		if a.Body != p.Awards[0].Body {
			p.ShowBody = true // one body for all is said once, not on every row
			break
		}
	}
	if !p.ShowBody && len(p.Awards) > 0 {
		p.OneBody = p.Awards[0].Body
	}
	if uint64(p.Shown) < p.Total {
		p.Truncated = true
	}

	filters := without(v, ParamCursor, ParamLimit, ParamSort)
	byRecipient, err := s.lib.FundingTotals(ctx, req, ByRecipient)
	if err != nil {
		return err
	}
	p.ByRecipient = totals(byRecipient, ByRecipient, filters, ParamRecipient, link)
	byFund, err := s.lib.FundingTotals(ctx, req, ByFund)
	if err != nil {
		return err
	}
	p.ByFund = totals(byFund, ByFund, filters, ParamFund, link)
	p.GrandTotals, p.Lines = grandTotals(byFund)

	exp := without(v, ParamCursor, ParamLimit)
	exp.Set(ParamKind, string(corpus.KindFunding))
	exp.Set("format", ExportCSV)
	p.ExportCSV = pageURL("/api/export", exp)
	exp.Set("format", ExportJSON)
	p.ExportJSON = pageURL("/api/export", exp)
	exp.Set("format", Export360Giving)
	p.Export360 = pageURL("/api/export", exp)
	search := without(v, ParamCursor)
	search.Set(ParamKind, string(corpus.KindFunding))
	p.SearchURL = pageURL("/", search)
	return nil
}

// otherVariants lists the ways of writing a name other than shown, for a
// row that counts them all: "" when there are none.
func otherVariants(shown string, variants []string) string {
	var out []string
	for _, v := range variants {
		if v != shown {
			out = append(out, v)
		}
	}
	return strings.Join(out, "; ")
}

func bodyFacet(groups []facetGroup) []FacetValue {
	for _, g := range groups {
		if g.Name == FacetBody {
			out := make([]FacetValue, len(g.Values))
			for i, v := range g.Values {
				out[i] = FacetValue{Value: v.Label, Count: v.Count}
			}
			return out
		}
	}
	return nil
}

func totals(ts []Total, by GroupBy, filters url.Values, param string, link entityLinks) totalsTable {
	api := without(filters)
	api.Set("group_by", string(by))
	t := totalsTable{APIURL: pageURL("/api/funding/totals", api), GroupBy: string(by)}
	for i, tot := range ts {
		if i == totalsRows {
			t.More = len(ts) - totalsRows
			break
		}
		row := totalRow{Key: tot.Key, Variants: otherVariants(tot.Key, tot.Variants), Missing: tot.Key == "", Count: tot.Count, Total: FormatPence(tot.Pence, tot.Currency)}
		if param != "" && tot.Key != "" {
			filter := without(filters)
			filter.Set(param, tot.Key)
			row.URL = pageURL("/funding", filter)
			row.EntityURL = link.url(map[GroupBy]EntityType{ByRecipient: EntityRecipient, ByFund: EntityFund, ByFunder: EntityFunder, ByBody: EntityBody}[by], tot.Key)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// grandTotals sums totals per currency, exactly, and counts the lines.
func grandTotals(ts []Total) ([]string, int) {
	sums := map[string]int64{}
	var order []string
	lines := 0
	for _, t := range ts {
		cur := firstNonEmpty(t.Currency, "GBP")
		if _, ok := sums[cur]; !ok {
			order = append(order, cur)
		}
		sums[cur] += t.Pence
		lines += t.Count
	}
	out := make([]string, len(order))
	for i, cur := range order {
		out[i] = FormatPence(sums[cur], cur)
	}
	return out, lines
}

// --- recommendations --------------------------------------------------------

type recommendationsPage struct {
	layout
	Form      form
	Decisions bool
	Total     uint64
	TookMS    string
	Hits      []webHit
	NextURL   string
	FirstURL  string
	Facets    []facetGroup
	ExportCSV string
	// Statuses offers the status filter when the server follows threads:
	// each status with how many of the matching recommendations have it.
	Statuses []statusOption
	Status   string // the status filtered on, if any
}

type statusOption struct {
	Value, Label string
	Count        int
	Selected     bool
}

// ParamStatus filters /recommendations by what became of each
// recommendation (search.Statuses).
const ParamStatus = "status"

// paramFrom pages a status-filtered list: the number of hits skipped.
const paramFrom = "from"

func (s *Server) serveRecommendationsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	q.Del(ParamKind)
	decisions := q.Get("decisions") == "1"
	p := recommendationsPage{
		layout: layout{Title: "Recommendations", Nav: "recommendations"},
		Form:   newForm("/recommendations", q), Decisions: decisions,
	}
	if p.Form.Query != "" {
		p.Title = p.Form.Query + " — recommendations"
	}
	status := http.StatusOK
	p.Status = strings.TrimSpace(q.Get(ParamStatus))
	var statuses map[string]string
	req, err := ParseRequest(without(q, ParamStatus, paramFrom))
	if err == nil && p.Status != "" && !slices.Contains(Statuses, p.Status) {
		err = badParam(ParamStatus, "%q is not a status; want one of %s", p.Status, strings.Join(Statuses, ", "))
	}
	if err == nil && s.threads != nil {
		if statuses, err = s.threads.Statuses(r.Context()); err != nil {
			err = fmt.Errorf("follow recommendations: %w", err)
		}
	}
	if err == nil {
		req.Kinds = []corpus.Kind{corpus.KindRecommendation}
		if decisions {
			req.Kinds = append(req.Kinds, corpus.KindDecision)
		}
		if req.Limit == 0 {
			req.Limit = webLimit
		}
		req.Facets = true
		if statuses != nil {
			p.Statuses, err = s.statusOptions(r.Context(), req, statuses, p.Status)
		}
	}
	if err == nil && p.Status != "" {
		// Only the index knows what matches, and only the threads what
		// became of it: the matches are read through, and paged here.
		err = s.filteredRecommendations(r.Context(), req, statuses, &p)
	} else if err == nil {
		var res Result
		if res, err = s.lib.Search(r.Context(), req); err == nil {
			v := p.Form.Values
			p.Total, p.TookMS = res.Total, tookText(res)
			for _, h := range res.Hits {
				wh := toWebHit(h, s.links())
				wh.ThreadStatus = statuses[h.Item.ID]
				p.Hits = append(p.Hits, wh)
			}
			p.Facets = facetGroups("/recommendations", v, res.Facets, FacetBody, FacetYear)
			if res.NextCursor != "" && len(res.Hits) > 0 {
				next := without(v)
				next.Set(ParamCursor, res.NextCursor)
				p.NextURL = pageURL("/recommendations", next)
			}
			if v.Get(ParamCursor) != "" {
				p.FirstURL = pageURL("/recommendations", without(v, ParamCursor))
			}
			exp := without(v, ParamCursor, ParamLimit, "decisions")
			exp.Set(ParamKind, string(corpus.KindRecommendation))
			if decisions {
				exp.Set(ParamKind, string(corpus.KindRecommendation)+","+string(corpus.KindDecision))
			}
			exp.Set("format", ExportCSV)
			p.ExportCSV = pageURL("/api/export", exp)
		}
	}
	if err != nil {
		status, p.Error = s.errorMessage(r, err)
		p.ErrorTitle = errorTitle(status) + ":"
	}
	p.Form.setBodies(bodyFacet(p.Facets))
	s.render(w, r, status, "recommendations", p)
}

// statusOptions counts the matching recommendations by status.
func (s *Server) statusOptions(ctx context.Context, req Request, statuses map[string]string, selected string) ([]statusOption, error) {
	counts := map[string]int{}
	err := s.lib.Each(ctx, req, func(h Hit) error {
		if h.Item.Kind == corpus.KindRecommendation {
			counts[cmp.Or(statuses[h.Item.ID], StatusProposed)]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []statusOption
	for _, st := range Statuses {
		out = append(out, statusOption{Value: st, Label: st, Count: counts[st], Selected: st == selected})
	}
	return out, nil
}

// filteredRecommendations fills p with the page of matching
// recommendations whose status is p.Status.
func (s *Server) filteredRecommendations(ctx context.Context, req Request, statuses map[string]string, p *recommendationsPage) error {
	v := p.Form.Values
	from, _ := strconv.Atoi(v.Get(paramFrom))
	from = max(from, 0)
	var page []Hit
	n := 0
	err := s.lib.Each(ctx, req, func(h Hit) error {
		if h.Item.Kind != corpus.KindRecommendation || cmp.Or(statuses[h.Item.ID], StatusProposed) != p.Status {
			return nil
		}
		if n >= from && len(page) < req.Limit {
			page = append(page, h)
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	p.Total = uint64(n)
	for _, h := range page {
		wh := toWebHit(h, s.links())
		wh.ThreadStatus = p.Status
		p.Hits = append(p.Hits, wh)
	}
	if from+len(page) < n {
		next := without(v, paramFrom)
		next.Set(paramFrom, strconv.Itoa(from+len(page)))
		p.NextURL = pageURL("/recommendations", next)
	}
	if from > 0 {
		p.FirstURL = pageURL("/recommendations", without(v, paramFrom))
	}
	return nil
}

// --- help -------------------------------------------------------------------

type helpPage struct {
	layout
	Fields []helpField
}

type helpField struct {
	Name, Type string
}

func (s *Server) serveHelp(w http.ResponseWriter, r *http.Request) {
	p := helpPage{layout: layout{Title: "Search syntax", Nav: "help"}}
	names := make([]string, 0, len(Fields))
	for name := range Fields {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		typ := map[FieldType]string{FieldText: "words", FieldKeyword: "exact value", FieldNumber: "number", FieldDate: "date"}[Fields[name]]
		p.Fields = append(p.Fields, helpField{name, typ})
	}
	s.render(w, r, http.StatusOK, "help", p)
}
