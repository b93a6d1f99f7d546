package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"panelpapers/search"
)

type fundingOptions struct {
	filterOptions
	GroupBy search.GroupBy
	CSV     bool
	JSON    bool
}

func fundingCommand() *cli.Command {
	return &cli.Command{
		Name:      "funding",
		Usage:     "total the funding lines that match, grouped",
		ArgsUsage: "[QUERY]",
		Description: "Sums the amounts of the funding lines matching QUERY and the filters, grouped by recipient,\n" +
			"fund, period, body or year, largest first. Totals are exact to the penny.",
		Flags: append([]cli.Flag{
			indexFlag(),
			&cli.StringFlag{Name: "group-by", Value: string(search.ByRecipient), Usage: "recipient, fund, period, body or year"},
			&cli.BoolFlag{Name: "csv", Usage: "print CSV"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON"},
		}, filterFlags(false)...),
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			opts := fundingOptions{filterOptions: readFilterFlags(c), GroupBy: search.GroupBy(c.String("group-by")),
				CSV: c.Bool("csv"), JSON: c.Bool("json")}
			if !opts.GroupBy.Valid() {
				return usagef("--group-by %q: want recipient, fund, period, body or year", opts.GroupBy)
			}
			if opts.CSV && opts.JSON {
				return usagef("funding: --csv or --json, not both")
			}
			req, err := opts.toRequest(strings.Join(c.Args().Slice(), " "))
			if err != nil {
				return err
			}
			return withLibrary(c, func(lib search.Library, _ string) error {
				return runFunding(c.Context, lib, req, opts, c.App.Writer)
			})
		},
	}
}

// fundingTotal is a total as the CLI prints it in JSON: as the API does.
type fundingTotal struct {
	Key      string      `json:"key"`
	Total    json.Number `json:"total"`
	Count    int         `json:"count"`
	Currency string      `json:"currency"`
}

func runFunding(ctx context.Context, lib search.Library, req search.Request, opts fundingOptions, stdout io.Writer) error {
	totals, err := lib.FundingTotals(ctx, req, opts.GroupBy)
	if err != nil {
		return err
	}
	switch {
	case opts.JSON:
		out := make([]fundingTotal, len(totals))
		for i, t := range totals {
			out[i] = fundingTotal{t.Key, json.Number(search.PenceString(t.Pence)), t.Count, t.Currency}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case opts.CSV:
		w := csv.NewWriter(stdout)
		w.Write([]string{string(opts.GroupBy), "count", "total", "currency"})
		for _, t := range totals {
			w.Write([]string{t.Key, fmt.Sprint(t.Count), search.PenceString(t.Pence), t.Currency})
		}
		w.Flush()
		return w.Error()
	}
	if len(totals) == 0 {
		fmt.Fprintln(stdout, "no funding lines match")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tlines\ttotal\t\n", opts.GroupBy)
	grand := map[string]int64{}
	lines := 0
	for _, t := range totals {
		key := t.Key
		if key == "" {
			key = "(no " + string(opts.GroupBy) + ")"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", stripControl(truncate(key, 60)), t.Count, search.FormatPence(t.Pence, t.Currency))
		grand[t.Currency] += t.Pence
		lines += t.Count
	}
	for cur, p := range grand {
		fmt.Fprintf(tw, "all\t%d\t%s\t\n", lines, search.FormatPence(p, cur))
	}
	return tw.Flush()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
