package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/ingest"
)

type extractOptions struct {
	Text bool
	Body string
	Date string
	OCR  ocrOptions
}

func extractCommand() *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "parse one paper and print what papers reads in it, without indexing",
		ArgsUsage: "FILE",
		Description: "--json (the default) prints {\"document\": {...}, \"items\": [...]}.\n" +
			"--text prints the page text in reading order with a form feed between pages,\n" +
			"as pdftotext does, so it can be diffed against poppler's output.",
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print the document and its items as JSON (default)"},
			&cli.BoolFlag{Name: "text", Usage: "print the page text, pages separated by form feeds"},
			&cli.StringFlag{Name: "body", Usage: "the committee or panel, when the paper does not say"},
			&cli.StringFlag{Name: "date", Usage: "meeting date `YYYY-MM-DD`, when the paper does not say"},
		}, ocrFlags()...),
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			if c.NArg() != 1 {
				return usagef("extract: name one file")
			}
			if c.Bool("json") && c.Bool("text") {
				return usagef("extract: --json and --text exclude each other")
			}
			opts := extractOptions{Text: c.Bool("text"), Body: c.String("body"), Date: c.String("date"), OCR: ocrOptionsOf(c)}
			return runExtract(c.Context, opts, c.App.Writer, c.App.ErrWriter, c.Args().First())
		},
	}
}

// extractOutput is the published JSON shape of "papers extract --json".
type extractOutput struct {
	Document corpus.Document `json:"document"`
	Items    []corpus.Item   `json:"items"`
	Warnings []string        `json:"warnings,omitempty"`
}

func runExtract(ctx context.Context, opts extractOptions, stdout, stderr io.Writer, path string) error {
	iopts, err := toIngestOptions(opts.Body, opts.Date)
	if err != nil {
		return err
	}
	setup, err := newOCR(opts.OCR)
	if err != nil {
		return err
	}
	iopts.OCR = setup.engine
	p, err := ingest.File(ctx, path, iopts)
	if err != nil && !errors.Is(err, ingest.ErrNeedsOCR) {
		return err
	}
	if err != nil {
		fmt.Fprintf(stderr, "papers: warning: %v\n", err)
	}
	if p.Document.NeedsOCR && setup.hint() != "" {
		fmt.Fprintf(stderr, "papers: %s\n", setup.hint())
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(stderr, "papers: warning: %s: %s\n", path, w)
	}
	if opts.Text {
		return writePageText(stdout, p.Pages)
	}
	items := p.Items
	if items == nil {
		items = []corpus.Item{}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(extractOutput{Document: p.Document, Items: items, Warnings: p.Warnings})
}

// writePageText writes pages as pdftotext does: lines in reading order, each
// page ended by a form feed.
func writePageText(w io.Writer, pages []corpus.Page) error {
	for _, p := range pages {
		text := p.Text
		if text != "" {
			text += "\n"
		}
		if _, err := io.WriteString(w, text+"\f"); err != nil {
			return err
		}
	}
	return nil
}
