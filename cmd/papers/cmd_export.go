package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/search"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "write every matching item as CSV, JSON lines or 360Giving CSV",
		ArgsUsage: "[QUERY]",
		Description: "Writes every item matching QUERY and the filters to standard output, however many.\n" +
			"--format 360giving writes funding lines only, in 360Giving's flat CSV columns plus the\n" +
			"source document and page.",
		Flags: append([]cli.Flag{
			indexFlag(),
			&cli.StringFlag{Name: "format", Value: search.ExportCSV, Usage: "csv, json (one object per line) or 360giving"},
		}, filterFlags(true)...),
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			format := c.String("format")
			switch format {
			case search.ExportCSV, search.ExportJSON, search.Export360Giving:
			default:
				return usagef("--format %q: want csv, json or 360giving", format)
			}
			req, err := readFilterFlags(c).toRequest(strings.Join(c.Args().Slice(), " "))
			if err != nil {
				return err
			}
			return withLibrary(c, func(lib search.Library, server string) error {
				link := func(h search.Hit) string {
					if server != "" {
						return server + search.Citation(h.Item, h.Document)
					}
					if h.Document.Format == corpus.FormatPDF && h.Item.Page > 0 {
						return fmt.Sprintf("%s#page=%d", h.Document.Path, h.Item.Page)
					}
					return h.Document.Path
				}
				return runExport(c.Context, lib, req, format, link, c.App.Writer)
			})
		},
	}
}

// runExport writes the export. link makes each row's citation: the server's
// URL when going through one, else the file's path and page.
func runExport(ctx context.Context, lib search.Library, req search.Request, format string, link func(search.Hit) string, stdout io.Writer) error {
	if format == search.Export360Giving {
		req.Kinds = []corpus.Kind{corpus.KindFunding}
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	exp, err := search.NewExporter(format, bw, link)
	if err != nil {
		return err
	}
	if err := lib.Each(ctx, req, exp.Write); err != nil {
		return err
	}
	if err := exp.Close(); err != nil {
		return err
	}
	return bw.Flush()
}
