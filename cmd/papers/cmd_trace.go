package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"panelpapers/search"
	"panelpapers/search/thread"
)

func traceCommand() *cli.Command {
	return &cli.Command{
		Name:      "trace",
		Usage:     "follow a recommendation over time: the decisions, responses and later papers about it, and its status",
		ArgsUsage: "ID",
		Description: "Prints the thread of one item, oldest first: for a recommendation, the decisions that adopted,\n" +
			"amended or rejected it, the tracker and action log rows that answered it and the later papers\n" +
			"that quote it, each with its citation, why it was linked and how sure the link is. For a\n" +
			"decision, the recommendations it decided. The status is what the latest evidence says.",
		Flags: []cli.Flag{
			indexFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the thread as JSON (the API's GET /api/items/{id}/thread)"},
		},
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			if c.NArg() != 1 {
				return usagef("trace: name one item id (search prints them; try --kind recommendation)")
			}
			return withLibrary(c, func(lib search.Library, _ string) error {
				return runTrace(c.Context, lib, c.Bool("json"), c.App.Writer, c.Args().First())
			})
		},
	}
}

// threader is what trace reads a thread from: a running server answers
// it; an index builds the graph here.
type threader interface {
	Thread(ctx context.Context, id string) (search.Thread, error)
}

func runTrace(ctx context.Context, lib search.Library, asJSON bool, stdout io.Writer, id string) error {
	var src threader
	if t, ok := lib.(threader); ok {
		src = t // a running server
	} else {
		src = thread.NewCache(lib)
	}
	t, err := src.Thread(ctx, id)
	if errors.Is(err, search.ErrNotFound) {
		return fmt.Errorf("trace: no item %q", id)
	}
	if err != nil {
		return fmt.Errorf("trace %s: %w", id, err)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(t)
	}
	head := strings.TrimSpace(t.Item.Title)
	if head == "" || t.Item.Kind == "recommendation" || t.Item.Kind == "decision" {
		head = clipText(t.Item.Text, 100)
	}
	fmt.Fprintf(stdout, "%s  [%s]", stripControl(head), t.Item.Kind)
	if t.Status != "" {
		fmt.Fprintf(stdout, "  status: %s", t.Status)
	}
	fmt.Fprintln(stdout)
	if len(t.Links) <= 1 {
		fmt.Fprintln(stdout, "\nNo later paper says anything of it yet.")
		return nil
	}
	for _, l := range t.Links {
		mark := "  "
		if l.Item.ID == t.Item.ID {
			mark = "> "
		}
		fmt.Fprintf(stdout, "\n%s%s  %s", mark, orDash(l.Date), l.Relation)
		if l.Status != "" {
			fmt.Fprintf(stdout, " (%s)", l.Status)
		}
		if l.Item.ID != t.Item.ID {
			fmt.Fprintf(stdout, "  confidence %.2f", l.Confidence)
		}
		fmt.Fprintf(stdout, "\n    %s\n    %s\n    id %s\n", stripControl(clipText(l.Item.Text, 160)), stripControl(citation(l.Document, l.Item)), l.Item.ID)
		if l.Item.Response != "" {
			fmt.Fprintf(stdout, "    response: %s\n", stripControl(clipText(l.Item.Response, 200)))
		}
		if l.Reason != "" {
			fmt.Fprintf(stdout, "    why: %s\n", stripControl(l.Reason))
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "----------"
	}
	return s
}

// clipText is s on one line, cut at n runes.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
