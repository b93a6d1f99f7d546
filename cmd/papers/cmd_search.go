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
	"panelpapers/index"
	"panelpapers/ingest"
	"panelpapers/search"
)

type searchOptions struct {
	Kinds []string
	Body  string
	From  string
	To    string
	Limit int
	JSON  bool
	Color bool // highlight matches with ANSI bold
}

func searchCommand() *cli.Command {
	return &cli.Command{
		Name:      "search",
		Usage:     "search the index",
		ArgsUsage: "QUERY",
		Description: "QUERY: words, \"exact phrases\", +required, -excluded, field:value (kind:funding),\n" +
			"word~ (fuzzy). An empty query lists the newest items. Each hit shows its document and page.",
		Flags: []cli.Flag{
			indexFlag(),
			&cli.StringSliceFlag{Name: "kind", Usage: "only items of this kind (repeatable): " + kindList()},
			&cli.StringFlag{Name: "body", Usage: "only papers of this committee or panel (exact name)"},
			&cli.StringFlag{Name: "from", Usage: "only meetings on or after `DATE`"},
			&cli.StringFlag{Name: "to", Usage: "only meetings on or before `DATE`"},
			&cli.IntFlag{Name: "limit", Aliases: []string{"n"}, Value: search.DefaultLimit, Usage: "at most this many hits"},
			&cli.BoolFlag{Name: "json", Usage: "print the result as JSON"},
		},
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			opts := searchOptions{
				Kinds: c.StringSlice("kind"), Body: c.String("body"), From: c.String("from"), To: c.String("to"),
				Limit: c.Int("limit"), JSON: c.Bool("json"), Color: isTerminal(c.App.Writer),
			}
			// Check what was typed before touching the index, so a typo is a
			// usage error even where there is no index yet.
			req, err := opts.toRequest(strings.Join(c.Args().Slice(), " "))
			if err != nil {
				return err
			}
			return withReadIndex(c, func(ix *index.Index, _ indexLocation) error {
				return runSearch(c.Context, ix, req, opts, c.App.Writer)
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
	req := search.Request{Query: query, Body: o.Body, Limit: o.Limit}
	if o.Limit < 1 || o.Limit > search.MaxLimit {
		return req, usagef("--limit %d: want 1 to %d", o.Limit, search.MaxLimit)
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
	if len(res.Hits) == 0 {
		fmt.Fprintln(stdout, "no hits")
		return nil
	}
	fmt.Fprintf(stdout, "%d hits (%s), showing %d\n\n", res.Total, res.Took.Round(time.Microsecond), len(res.Hits))
	for i, h := range res.Hits {
		writeHit(stdout, i+1, h, opts.Color)
	}
	return nil
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
	for _, s := range h.Snippets {
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
	parts = append(parts, d.Path)
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
