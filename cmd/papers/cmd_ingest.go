package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/ingest"
)

type ingestOptions struct {
	Index   string
	Body    string
	Date    string
	Timeout time.Duration
	Workers int
	JSON    bool
	Quiet   bool // no per-file progress
}

func ingestCommand() *cli.Command {
	return &cli.Command{
		Name:      "ingest",
		Usage:     "read papers (PDF, HTML) into the index",
		ArgsUsage: "PATH...",
		Description: "Files and directories (searched recursively for .pdf, .html and .htm). A file that\n" +
			"cannot be read is reported and skipped; the rest go in. Re-ingesting an unchanged file\n" +
			"changes nothing; a changed file at the same path replaces its old items.",
		Flags: []cli.Flag{
			indexFlag(),
			&cli.StringFlag{Name: "body", Usage: "the committee or panel, when the papers do not say"},
			&cli.StringFlag{Name: "date", Usage: "meeting date `YYYY-MM-DD`, when the papers do not say"},
			&cli.DurationFlag{Name: "timeout", Value: ingest.DefaultTimeout, Usage: "give up on one document after this long"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "documents parsed at once"},
			&cli.BoolFlag{Name: "json", Usage: "print the summary as JSON"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no per-file progress"},
		},
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			if c.NArg() == 0 {
				return usagef("ingest: name at least one file or directory")
			}
			loc, err := locateIndex(c)
			if err != nil {
				return err
			}
			opts := ingestOptions{
				Index: loc.Path, Body: c.String("body"), Date: c.String("date"),
				Timeout: c.Duration("timeout"), Workers: c.Int("workers"),
				JSON: c.Bool("json"), Quiet: c.Bool("quiet") || !isTerminal(c.App.ErrWriter),
			}
			sum, err := runIngest(c.Context, opts, c.App.Writer, c.App.ErrWriter, c.Args().Slice())
			if opts.JSON {
				if jerr := json.NewEncoder(c.App.Writer).Encode(sum); jerr != nil && err == nil {
					err = jerr
				}
			} else if sum.Files > 0 || sum.Failed > 0 {
				fmt.Fprintln(c.App.Writer, sum)
			}
			return err
		},
	}
}

// ingestSummary counts what a batch did.
type ingestSummary struct {
	Files     int     `json:"files"`
	Added     int     `json:"added"`
	Updated   int     `json:"updated"`
	Unchanged int     `json:"unchanged"`
	Failed    int     `json:"failed"`
	NeedsOCR  int     `json:"needs_ocr"`
	Pages     int     `json:"pages"`
	Items     int     `json:"items"`
	Seconds   float64 `json:"seconds"`
}

func (s ingestSummary) String() string {
	return fmt.Sprintf("%d files: %d added, %d updated, %d unchanged, %d failed, %d needs OCR (%d pages, %d items, %.1fs)",
		s.Files, s.Added, s.Updated, s.Unchanged, s.Failed, s.NeedsOCR, s.Pages, s.Items, s.Seconds)
}

// parsedFile is one file's parse result on its way to the index writer.
type parsedFile struct {
	path   string
	parsed *corpus.Parsed
	err    error
}

// runIngest parses files in parallel and writes them to the index from one
// goroutine, in the order they were named, so that output is stable and the
// index has a single writer.
func runIngest(ctx context.Context, opts ingestOptions, stdout, stderr io.Writer, paths []string) (ingestSummary, error) {
	start := time.Now()
	var sum ingestSummary
	iopts, err := toIngestOptions(opts.Body, opts.Date)
	if err != nil {
		return sum, err
	}
	iopts.Timeout = opts.Timeout

	files, problems := ingest.Collect(paths)
	for _, p := range problems {
		fmt.Fprintf(stderr, "papers: %v\n", p)
	}
	sum.Failed += len(problems)
	sum.Files = len(files) + len(problems)

	ix, err := index.Open(opts.Index, index.ReadWrite)
	if err != nil {
		return sum, err
	}
	defer ix.Close()

	results := parseAll(ctx, files, iopts, max(1, opts.Workers))
	for i, r := range results {
		res := <-r
		progress := func(status string) {
			if !opts.Quiet {
				fmt.Fprintf(stderr, "[%d/%d] %-9s %s\n", i+1, len(files), status, res.path)
			}
		}
		if ctx.Err() != nil {
			return sum, ctx.Err()
		}
		if res.err != nil && !errors.Is(res.err, ingest.ErrNeedsOCR) {
			sum.Failed++
			fmt.Fprintf(stderr, "papers: %v\n", res.err)
			continue
		}
		for _, w := range res.parsed.Warnings {
			fmt.Fprintf(stderr, "papers: warning: %s: %s\n", res.path, w)
		}
		outcome, err := ix.Put(ctx, *res.parsed)
		if err != nil {
			sum.Failed++
			fmt.Fprintf(stderr, "papers: ingest %s: %v\n", res.path, err)
			continue
		}
		if res.parsed.Document.NeedsOCR {
			sum.NeedsOCR++
			fmt.Fprintf(stderr, "papers: warning: %s: needs OCR: no text layer; listed but not searchable\n", res.path)
		}
		switch outcome {
		case index.Added:
			sum.Added++
		case index.Updated:
			sum.Updated++
		default:
			sum.Unchanged++
		}
		sum.Pages += res.parsed.Document.Pages
		sum.Items += len(res.parsed.Items)
		progress(string(outcome))
	}
	sum.Seconds = time.Since(start).Seconds()
	if sum.Failed > 0 {
		return sum, fmt.Errorf("%d of %d files failed", sum.Failed, sum.Files)
	}
	return sum, nil
}

// parseAll starts workers that parse files; result i arrives on channel i.
func parseAll(ctx context.Context, files []string, opts ingest.Options, workers int) []chan parsedFile {
	results := make([]chan parsedFile, len(files))
	for i := range results {
		results[i] = make(chan parsedFile, 1)
	}
	jobs := make(chan int)
	for range min(workers, max(1, len(files))) {
		go func() {
			for i := range jobs {
				p, err := ingest.File(ctx, files[i], opts)
				results[i] <- parsedFile{path: files[i], parsed: p, err: err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-ctx.Done():
				for j := i; j < len(files); j++ {
					results[j] <- parsedFile{path: files[j], err: ctx.Err()}
				}
				return
			}
		}
	}()
	return results
}

// isTerminal reports whether w is a character device (a terminal), so
// progress is shown to people and kept out of pipes and logs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// rejectFlagsAfterArgs catches "papers search flood --limit 5": urfave/cli
// stops reading flags at the first argument and would search for "--limit".
func rejectFlagsAfterArgs(c *cli.Context) error {
	known := map[string]bool{}
	for _, f := range c.Command.Flags {
		for _, name := range f.Names() {
			known[name] = true
		}
	}
	for _, a := range c.Args().Slice() {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && known[name] {
			return usagef("%s: flag %s after an argument; put flags first (papers %s [flags] ARGS)", c.Command.Name, a, c.Command.Name)
		}
	}
	return nil
}
