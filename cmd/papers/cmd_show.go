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
		},
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			if c.NArg() != 1 {
				return usagef("show: name one item id (search prints them)")
			}
			return withLibrary(c, func(lib search.Library, _ string) error {
				return runShow(c.Context, lib, c.Bool("json"), c.App.Writer, c.Args().First())
			})
		},
	}
}

func runShow(ctx context.Context, lib search.Library, asJSON bool, stdout io.Writer, id string) error {
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
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Item     corpus.Item     `json:"item"`
			Document corpus.Document `json:"document"`
		}{it, doc})
	}
	title := it.Title
	if title == "" {
		title = "(untitled " + string(it.Kind) + ")"
	}
	fmt.Fprintf(stdout, "%s  [%s]\n%s\n\n", stripControl(title), it.Kind, stripControl(citation(doc, it)))
	for _, f := range []struct{ name, value string }{
		{"number", it.Number}, {"date", it.Date}, {"time", it.Time}, {"pages", it.Pages},
		{"recipient", it.Recipient}, {"fund", it.Fund}, {"period", it.Period}, {"purpose", it.Purpose},
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
	return nil
}
