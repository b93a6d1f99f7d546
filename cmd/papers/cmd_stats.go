package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/index"
)

func statsCommand() *cli.Command {
	return &cli.Command{
		Name:  "stats",
		Usage: "count the documents and items in the index",
		Flags: []cli.Flag{
			indexFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the counts as JSON"},
		},
		Action: func(c *cli.Context) error {
			return withReadIndex(c, func(ix index.Store, _ indexLocation) error {
				return runStats(c.Context, ix, ix.Path(), c.Bool("json"), c.App.Writer)
			})
		},
	}
}

func runStats(ctx context.Context, ix index.Store, path string, asJSON bool, stdout io.Writer) error {
	st, err := ix.Stats(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(stdout).Encode(struct {
			Index string `json:"index"`
			index.Stats
		}{path, st})
	}
	fmt.Fprintf(stdout, "index:     %s\ndocuments: %d\nitems:     %d\n", path, st.Documents, st.Items)
	if st.Copies > 0 {
		fmt.Fprintf(stdout, "copies:    %d documents (%d items) are copies of others, left out of searches\n", st.Copies, st.CopyItems)
	}
	for _, k := range corpus.Kinds {
		if n := st.ItemsByKind[k]; n > 0 {
			fmt.Fprintf(stdout, "  %-15s %d\n", k, n)
		}
	}
	fmt.Fprintf(stdout, "disk:      %.1f MiB\n", float64(st.DiskBytes)/(1<<20))
	return nil
}
