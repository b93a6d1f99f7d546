package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"panelpapers/names"
	"panelpapers/search"
)

type entitiesOptions struct {
	Type  search.EntityType // "" for every type
	Query string
	ID    string // one entity, year by year
	Limit int    // 0: all
	JSON  bool
}

func entitiesCommand() *cli.Command {
	return &cli.Command{
		Name:      "entities",
		Usage:     "list the recipients, funders, funds and bodies the papers name, each one however it was written",
		ArgsUsage: "[WORDS]",
		Description: "Lists each recipient, funder, fund or body once, however the papers wrote its name (case,\n" +
			"punctuation, \"the\", Ltd, known short forms, and the names --merges joins), with the total of its\n" +
			"funding lines (bodies: its papers) and the first and last dates. WORDS keep the names that hold\n" +
			"them. --id shows one entity year by year, with every line and where it is.",
		Flags: []cli.Flag{
			indexFlag(),
			mergesFlag(),
			&cli.StringFlag{Name: "type", Usage: "recipient, funder, fund or body (default: all)"},
			&cli.StringFlag{Name: "id", Usage: "show the entity with this `ID` (the list prints them) year by year"},
			&cli.IntFlag{Name: "limit", Aliases: []string{"n"}, Usage: "at most this many (default: all)"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON, as the API does"},
		},
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			opts := entitiesOptions{Type: search.EntityType(c.String("type")), Query: strings.Join(c.Args().Slice(), " "),
				ID: c.String("id"), Limit: c.Int("limit"), JSON: c.Bool("json")}
			if opts.Type != "" && !opts.Type.Valid() {
				return usagef("--type %q: want recipient, funder, fund or body", opts.Type)
			}
			if opts.Limit < 0 {
				return usagef("--limit %d: want 1 or more", opts.Limit)
			}
			merges, err := loadMerges(c, nil)
			if err != nil {
				return err
			}
			return withLibrary(c, func(lib search.Library, _ string) error {
				return runEntities(c.Context, lib, merges.Merges(), opts, c.App.Writer)
			})
		},
	}
}

func runEntities(ctx context.Context, lib search.Library, m *names.Merges, opts entitiesOptions, stdout io.Writer) error {
	ents, err := search.BuildEntities(ctx, lib, m)
	if err != nil {
		return err
	}
	if opts.ID != "" {
		e, ok := ents.Get(opts.ID)
		if !ok {
			return fmt.Errorf("entities: no entity %q (papers entities lists them)", opts.ID)
		}
		return printEntity(e, opts.JSON, stdout)
	}
	list := ents.List(opts.Type, opts.Query)
	if opts.Limit > 0 && len(list) > opts.Limit {
		list = list[:opts.Limit]
	}
	if opts.JSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if list == nil {
			list = []*search.Entity{}
		}
		return enc.Encode(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "no entities match")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "type\tname\ttotal\tcount\tfirst\tlast\tid")
	for _, e := range list {
		total := ""
		if e.Type.Money() {
			total = search.FormatPence(e.Pence, e.Currency)
		}
		unit := plural(e.Count, "line", "lines")
		if !e.Type.Money() {
			unit = plural(e.Count, "paper", "papers")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d %s\t%s\t%s\t%s\n", e.Type, stripControl(truncate(e.Name, 50)), total, e.Count, unit,
			e.FirstDate, e.LastDate, e.ID)
	}
	return tw.Flush()
}

// printEntity writes one entity year by year.
func printEntity(e *search.Entity, asJSON bool, stdout io.Writer) error {
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(e.DetailJSON())
	}
	fmt.Fprintf(stdout, "%s (%s)\n", stripControl(e.Name), e.Type)
	if len(e.Variants) > 1 || e.Variants[0] != e.Name {
		fmt.Fprintf(stdout, "written: %s\n", stripControl(strings.Join(e.Variants, "; ")))
	}
	if e.Type.Money() {
		fmt.Fprintf(stdout, "total:   %s over %d funding lines\n", search.FormatPence(e.Pence, e.Currency), e.Count)
	} else {
		fmt.Fprintf(stdout, "papers:  %d\n", e.Count)
	}
	if e.FirstDate != "" {
		fmt.Fprintf(stdout, "dates:   %s to %s\n", e.FirstDate, e.LastDate)
	}
	for _, y := range e.Years {
		year := y.Year
		if year == "" {
			year = "undated"
		}
		if e.Type.Money() {
			fmt.Fprintf(stdout, "\n%s  %s, %d %s\n", year, search.FormatPence(y.Pence, e.Currency), y.Count, plural(y.Count, "line", "lines"))
		} else {
			fmt.Fprintf(stdout, "\n%s  %d %s\n", year, y.Count, plural(y.Count, "paper", "papers"))
		}
		for _, l := range y.Lines {
			amount := ""
			if l.Amount != 0 {
				amount = search.FormatPence(l.Pence, l.Currency)
				if l.Approximate {
					amount = "about " + amount
				}
			}
			fmt.Fprintf(stdout, "  %s  %-14s  to %s", l.Date, amount, stripControl(l.Recipient))
			if l.Fund != "" {
				fmt.Fprintf(stdout, " · %s", stripControl(l.Fund))
			}
			if l.Funder != "" {
				fmt.Fprintf(stdout, " · by %s", stripControl(l.Funder))
			}
			fmt.Fprintf(stdout, "\n    %s, page %d (%s)\n", stripControl(l.DocTitle), l.Page, l.ID)
		}
		for _, p := range y.Papers {
			fmt.Fprintf(stdout, "  %s  %s (%s)\n", p.Date, stripControl(p.Title), p.ID)
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
