package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/ingest"
	"panelpapers/search"
)

type searchOptions struct {
	filterOptions
	Limit int
	JSON  bool
	Color bool // highlight matches with ANSI bold
}

// filterOptions are the filters search, funding and export share.
type filterOptions struct {
	Kinds     []string
	Body      string
	Fund      string
	Recipient string
	Funder    string
	Copies    bool
	From      string
	To        string
	AmountMin string
	AmountMax string
	Sort      string
}

func filterFlags(withKind bool) []cli.Flag {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "body", Usage: "only papers of this committee or panel (case, punctuation, OPCC/PCC prefixes, Ltd and known short forms do not matter; nor do the names --merges joins)"},
		&cli.StringFlag{Name: "fund", Usage: "only funding from this fund (compared as --body)"},
		&cli.StringFlag{Name: "recipient", Usage: "only funding to this recipient (compared as --body)"},
		&cli.StringFlag{Name: "funder", Usage: "only funding from this funder (compared as --body)"},
		&cli.BoolFlag{Name: "copies", Usage: "also the items of documents recorded as copies of another (left out by default)"},
		&cli.StringFlag{Name: "from", Usage: "only items dated on or after `DATE`"},
		&cli.StringFlag{Name: "to", Usage: "only items dated on or before `DATE`"},
		&cli.StringFlag{Name: "min-amount", Usage: "only amounts of at least `AMOUNT` (10000, 250k, 1.2m)"},
		&cli.StringFlag{Name: "max-amount", Usage: "only amounts of at most `AMOUNT`"},
		&cli.StringFlag{Name: "sort", Usage: "relevance, date, -date, amount or -amount (default: relevance, or -date without a query)"},
		mergesFlag(),
	}
	if withKind {
		flags = append([]cli.Flag{&cli.StringSliceFlag{Name: "kind", Usage: "only items of this kind (repeatable): " + kindList()}}, flags...)
	}
	return flags
}

func readFilterFlags(c *cli.Context) filterOptions {
	return filterOptions{
		Kinds: c.StringSlice("kind"), Body: c.String("body"), Fund: c.String("fund"),
		Recipient: c.String("recipient"), Funder: c.String("funder"), Copies: c.Bool("copies"),
		From: c.String("from"), To: c.String("to"),
		AmountMin: c.String("min-amount"), AmountMax: c.String("max-amount"), Sort: c.String("sort"),
	}
}

func searchCommand() *cli.Command {
	return &cli.Command{
		Name:      "search",
		Usage:     "search the index",
		ArgsUsage: "QUERY",
		Description: "QUERY: words (all must match), \"exact phrases\", AND / OR / NOT and parentheses, -word,\n" +
			"field:value (kind:funding, body:\"Thames Valley\", fund:\"Community Safety Fund\", number:23/19),\n" +
			"amount:>=10000, date:2018-01-01..2018-12-31, word~ (fuzzy), word* (prefix). An empty query\n" +
			"lists the newest items. Each hit shows its document and page. While papers serve holds the\n" +
			"index, the search goes through it.",
		Flags: append([]cli.Flag{
			indexFlag(),
			&cli.IntFlag{Name: "limit", Aliases: []string{"n"}, Value: search.DefaultLimit, Usage: "at most this many hits"},
			&cli.BoolFlag{Name: "json", Usage: "print the result as JSON"},
		}, filterFlags(true)...),
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			opts := searchOptions{
				filterOptions: readFilterFlags(c),
				Limit:         c.Int("limit"), JSON: c.Bool("json"), Color: isTerminal(c.App.Writer),
			}
			// Check what was typed before touching the index, so a typo is a
			// usage error even where there is no index yet.
			req, err := opts.toRequest(strings.Join(c.Args().Slice(), " "))
			if err != nil {
				return err
			}
			return withLibrary(c, func(lib search.Library, _ string) error {
				return runSearch(c.Context, lib, req, opts, c.App.Writer)
			})
		},
	}
}

func kindList() string {
	names := make([]string, len(corpus.Kinds))
	for i, k := range corpus.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// toRequest checks what the user typed and builds the search request.
func (o searchOptions) toRequest(query string) (search.Request, error) {
	if o.Limit < 1 || o.Limit > search.MaxLimit {
		return search.Request{}, usagef("--limit %d: want 1 to %d", o.Limit, search.MaxLimit)
	}
	req, err := o.filterOptions.toRequest(query)
	req.Limit = o.Limit
	return req, err
}

// toRequest checks the filters and the query's syntax and builds the request.
func (o filterOptions) toRequest(query string) (search.Request, error) {
	req := search.Request{Query: query, Body: o.Body, Fund: o.Fund, Recipient: o.Recipient, Funder: o.Funder,
		Copies: o.Copies, Sort: search.Sort(o.Sort)}
	if _, err := search.ParseQuery(query); err != nil {
		return req, usagef("%v", err)
	}
	if !req.Sort.Valid() {
		return req, usagef("--sort %q: want relevance, date, -date, amount or -amount", o.Sort)
	}
	for _, k := range o.Kinds {
		for _, part := range strings.Split(k, ",") {
			kind := corpus.Kind(strings.TrimSpace(part))
			if !kind.Valid() {
				return req, usagef("--kind %q: want one of %s", part, kindList())
			}
			req.Kinds = append(req.Kinds, kind)
		}
	}
	for _, d := range []struct {
		flag, value string
		into        *time.Time
	}{{"from", o.From, &req.From}, {"to", o.To, &req.To}} {
		if d.value == "" {
			continue
		}
		t, err := parseFlagDate(d.value)
		if err != nil {
			return req, usagef("--%s %q: %v", d.flag, d.value, err)
		}
		*d.into = t
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return req, usagef("--to %s is before --from %s", o.To, o.From)
	}
	for _, a := range []struct {
		flag, value string
		into        **float64
	}{{"min-amount", o.AmountMin, &req.AmountMin}, {"max-amount", o.AmountMax, &req.AmountMax}} {
		if a.value == "" {
			continue
		}
		v, ok := search.ParseAmount(a.value)
		if !ok {
			return req, usagef("--%s %q: not an amount (want e.g. 10000, 250k, 1.2m)", a.flag, a.value)
		}
		*a.into = &v
	}
	if req.AmountMin != nil && req.AmountMax != nil && *req.AmountMax < *req.AmountMin {
		return req, usagef("--max-amount %s is less than --min-amount %s", o.AmountMax, o.AmountMin)
	}
	return req, nil
}

func parseFlagDate(s string) (time.Time, error) {
	d, ok := ingest.ParseDate(s)
	if !ok {
		return time.Time{}, fmt.Errorf("not a date (want YYYY-MM-DD)")
	}
	return time.Parse("2006-01-02", d)
}

func runSearch(ctx context.Context, s search.Searcher, req search.Request, opts searchOptions, stdout io.Writer) error {
	res, err := s.Search(ctx, req)
	if err != nil {
		return err
	}
	if opts.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	writeQueryNotes(stdout, res)
	if len(res.Hits) == 0 {
		fmt.Fprintln(stdout, "no hits")
		return nil
	}
	partial := 0
	for _, h := range res.Hits {
		if h.Partial {
			partial++
		}
	}
	fmt.Fprintf(stdout, "%d hits (%s), showing %d\n\n", res.Total, res.Took.Round(time.Microsecond), len(res.Hits)-partial)
	for i, h := range res.Hits {
		if h.Partial && (i == 0 || !res.Hits[i-1].Partial) {
			fmt.Fprintf(stdout, "Few hits have every word; these have most of them:\n\n")
		}
		writeHit(stdout, i+1, h, opts.Color)
	}
	return nil
}

// writeQueryNotes says how the query was read: the words left out as too
// common, and the words also searched as what they stand for.
func writeQueryNotes(w io.Writer, res search.Result) {
	if len(res.Ignored) > 0 {
		fmt.Fprintf(w, "too common to search for, left out: %s\n", strings.Join(res.Ignored, ", "))
	}
	for _, e := range res.Expansions {
		fmt.Fprintf(w, "also searched: %s = %s (%s)\n", stripControl(e.Term), stripControl(strings.Join(e.Also, ", ")), expansionSource(e.Source))
	}
	if len(res.Ignored)+len(res.Expansions) > 0 {
		fmt.Fprintln(w)
	}
}

func expansionSource(s string) string {
	if s == search.SourcePapers {
		return "defined in the papers"
	}
	return "UK local-government terms"
}

func writeHit(w io.Writer, n int, h search.Hit, color bool) {
	it := h.Item
	title := it.Title
	if title == "" {
		title = firstWords(it.Text, 12)
	}
	fmt.Fprintf(w, "%d. %s  [%s]\n", n, stripControl(title), it.Kind)
	if facts := itemFacts(it); facts != "" {
		fmt.Fprintf(w, "   %s\n", stripControl(facts))
	}
	fmt.Fprintf(w, "   %s\n", stripControl(citation(h.Document, it)))
	for _, s := range append(h.Highlights["text"], h.Highlights["title"]...) {
		fmt.Fprintf(w, "   %s\n", terminalSnippet(s, color))
	}
	fmt.Fprintf(w, "   id: %s\n\n", it.ID)
}

// itemFacts is the one line that says what a typed item is: who got how
// much from which fund, what became of a recommendation, who attended.
func itemFacts(it corpus.Item) string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+v)
		}
	}
	if it.Amount != 0 {
		add("", formatPounds(it.Amount))
	}
	add("to ", it.Recipient)
	add("from ", it.Funder)
	add("fund: ", it.Fund)
	add("period: ", it.Period)
	add("", it.Person)
	add("", it.Role)
	add("status: ", it.Status)
	add("response: ", firstWords(it.Response, 20))
	add("time: ", it.Time)
	add("pages: ", it.Pages)
	return strings.Join(parts, " · ")
}

// formatPounds writes an amount as papers do: £73,547 or £2,000.50.
func formatPounds(v float64) string {
	pence := int64(math.Round(v * 100))
	whole, frac := pence/100, pence%100
	digits := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if frac != 0 {
		fmt.Fprintf(&b, ".%02d", frac)
	}
	return "£" + b.String()
}

// citation says where a reader can check an item: the document, its body and
// date, and the page.
func citation(d corpus.Document, it corpus.Item) string {
	var parts []string
	if d.Title != "" {
		parts = append(parts, d.Title)
	}
	if d.Body != "" && !strings.Contains(d.Title, d.Body) {
		parts = append(parts, d.Body)
	}
	if d.MeetingDate != "" {
		parts = append(parts, d.MeetingDate)
	}
	if it.Page > 0 && d.Format == corpus.FormatPDF {
		page := fmt.Sprintf("p. %d", it.Page)
		if it.PageEnd > it.Page {
			page = fmt.Sprintf("pp. %d-%d", it.Page, it.PageEnd)
		}
		if it.PrintedPage != "" && it.PrintedPage != fmt.Sprint(it.Page) {
			page += fmt.Sprintf(" (printed %s)", it.PrintedPage)
		}
		parts = append(parts, page)
	}
	if d.Path != "" {
		parts = append(parts, d.Path)
	}
	return strings.Join(parts, " — ")
}

// terminalSnippet turns the index's HTML snippet into terminal text: the
// <mark> tags become bold on a terminal and brackets elsewhere, entities are
// decoded, and line breaks are folded.
func terminalSnippet(s string, color bool) string {
	open, close := "[", "]"
	if color {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	s = stripControl(html.UnescapeString(s))
	s = strings.NewReplacer("<mark>", open, "</mark>", close).Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// stripControl removes control characters, so text from a paper cannot
// send escape sequences to the user's terminal.
func stripControl(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

func firstWords(s string, n int) string {
	words := strings.Fields(s)
	if len(words) > n {
		return strings.Join(words[:n], " ") + " …"
	}
	return strings.Join(words, " ")
}
