package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/search"
)

func showCommand() *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "print one item in full with its citation",
		ArgsUsage: "ID",
		Flags: []cli.Flag{
			indexFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the item and its document as JSON"},
			&cli.StringFlag{Name: "query", Usage: "the search that found the item: say how papers read it (words left out, acronyms and long forms also searched) and whether the item has all its words"},
		},
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			if c.NArg() != 1 {
				return usagef("show: name one item id (search prints them)")
			}
			return withLibrary(c, func(lib search.Library, _ string) error {
				return runShow(c.Context, lib, showOptions{JSON: c.Bool("json"), Query: c.String("query")}, c.App.Writer, c.Args().First())
			})
		},
	}
}

type showOptions struct {
	JSON  bool
	Query string // the search that found the item, if given
}

func runShow(ctx context.Context, lib search.Library, opts showOptions, stdout io.Writer, id string) error {
	asJSON := opts.JSON
	it, err := lib.Item(ctx, id)
	if errors.Is(err, search.ErrNotFound) {
		return fmt.Errorf("show: no item %q", id)
	}
	if err != nil {
		return err
	}
	doc, err := lib.Document(ctx, it.DocID)
	if err != nil {
		return fmt.Errorf("show %s: its document: %w", id, err)
	}
	var q *queryReading
	if opts.Query != "" {
		if q, err = readQuery(ctx, lib, opts.Query, it); err != nil {
			return err
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Item     corpus.Item     `json:"item"`
			Document corpus.Document `json:"document"`
			Query    *queryReading   `json:"query,omitempty"`
		}{it, doc, q})
	}
	title := it.Title
	if title == "" {
		title = "(untitled " + string(it.Kind) + ")"
	}
	fmt.Fprintf(stdout, "%s  [%s]\n%s\n\n", stripControl(title), it.Kind, stripControl(citation(doc, it)))
	for _, f := range []struct{ name, value string }{
		{"number", it.Number}, {"date", it.Date}, {"time", it.Time}, {"pages", it.Pages},
		{"recipient", it.Recipient}, {"funder", it.Funder}, {"fund", it.Fund}, {"period", it.Period}, {"purpose", it.Purpose},
		{"person", it.Person}, {"role", it.Role}, {"interest", it.Interest}, {"topic", it.Topic},
		{"status", it.Status}, {"source", it.Source}, {"author", it.Author},
	} {
		if f.value != "" {
			fmt.Fprintf(stdout, "%s: %s\n", f.name, stripControl(f.value))
		}
	}
	if it.Amount != 0 {
		fmt.Fprintf(stdout, "amount: %s %s\n", formatPounds(it.Amount), it.Currency)
	}
	if it.Text != "" {
		fmt.Fprintf(stdout, "\n%s\n", stripControl(it.Text))
	}
	if it.Response != "" {
		fmt.Fprintf(stdout, "\nresponse:\n%s\n", stripControl(it.Response))
	}
	if q != nil {
		fmt.Fprintf(stdout, "\nquery %q:\n", stripControl(q.Query))
		writeQueryNotes(stdout, search.Result{Ignored: q.Ignored, Expansions: q.Expansions})
		switch {
		case q.Matches && q.Partial:
			fmt.Fprintln(stdout, "this item has most of its words, not all")
		case q.Matches:
			fmt.Fprintln(stdout, "this item has all its words")
		default:
			fmt.Fprintln(stdout, "this item is not among its first 1,000 hits")
		}
	}
	return nil
}

// queryReading is how a search read its query, and where an item stands
// in it.
type queryReading struct {
	Query      string             `json:"query"`
	Ignored    []string           `json:"ignored,omitempty"`
	Expansions []search.Expansion `json:"expansions,omitempty"`
	Matches    bool               `json:"matches"`           // the item is among the first 1,000 hits
	Partial    bool               `json:"partial,omitempty"` // ... with most of the words, not all
}

// readQuery runs query (with copies, so that an item of a copy is found)
// and looks for it among the hits.
func readQuery(ctx context.Context, lib search.Library, query string, it corpus.Item) (*queryReading, error) {
	res, err := lib.Search(ctx, search.Request{Query: query, Limit: search.MaxLimit, Copies: true})
	if err != nil {
		return nil, fmt.Errorf("show --query: %w", err)
	}
	q := &queryReading{Query: query, Ignored: res.Ignored, Expansions: res.Expansions}
	for _, h := range res.Hits {
		if h.Item.ID == it.ID {
			q.Matches, q.Partial = true, h.Partial
			break
		}
	}
	return q, nil
}
