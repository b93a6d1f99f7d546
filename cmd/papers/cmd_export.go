package main

import (
	"bufio"
	"cmp"
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
			"--format 360giving writes funding lines only, in 360Giving's flat CSV columns (identifiers\n" +
			"by the standard's rules, the funder as Funding Org) plus the source document and page. Its\n" +
			"links are the server's: the running server's address, else --base-url, else " + defaultBaseURL + ".",
		Flags: append([]cli.Flag{
			indexFlag(),
			&cli.StringFlag{Name: "format", Value: search.ExportCSV, Usage: "csv, json (one object per line) or 360giving"},
			baseURLFlag("the address papers serve is reached at, for the links of a 360giving export made without a running server (default: " + defaultBaseURL + ")"),
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
			base := c.String("base-url")
			if err := checkBaseURL(base); err != nil {
				return err
			}
			merges, err := loadMerges(c, nil)
			if err != nil {
				return err
			}
			return withLibrary(c, func(lib search.Library, server string) error {
				opts := search.ExportOptions{BaseURL: cmp.Or(server, base, defaultBaseURL), Merges: merges.Merges()}
				// The csv format's citation column: the server's link when
				// going through one, else the file where it lies, which is
				// what someone with the papers on this machine can open.
				if server == "" {
					opts.Link = func(h search.Hit) string {
						if h.Document.Format == corpus.FormatPDF && h.Item.Page > 0 {
							return fmt.Sprintf("%s#page=%d", h.Document.Path, h.Item.Page)
						}
						return h.Document.Path
					}
				}
				return runExport(c.Context, lib, req, format, opts, c.App.Writer)
			})
		},
	}
}

// runExport writes the export; opts say how its rows link back.
func runExport(ctx context.Context, lib search.Library, req search.Request, format string, opts search.ExportOptions, stdout io.Writer) error {
	if format == search.Export360Giving {
		req.Kinds = []corpus.Kind{corpus.KindFunding}
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	exp, err := search.NewExporter(format, bw, opts)
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
