package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/ingest"
	"panelpapers/names"
)

func mergesFlag() cli.Flag {
	return &cli.StringFlag{
		Name: "merges",
		Usage: "`FILE` of names that are one organisation, fund or body, one set per line (\"Kent County Council = KCC\"), " +
			"added to the bundled merges and read again when it changes (default: papers/merges.txt in the user's config directory, if it exists)",
		EnvVars: []string{"PAPERS_MERGES"},
	}
}

// loadMerges reads the merge file the command names (--merges before or
// after the command, PAPERS_MERGES), else the default one if it exists,
// over the bundled merges. onErr hears of later edits that broke the file.
func loadMerges(c *cli.Context, onErr func(error)) (*names.MergeFile, error) {
	for _, ctx := range c.Lineage() {
		if ctx.IsSet("merges") {
			if p := ctx.String("merges"); p != "" {
				return names.OpenMergeFile(p, true, onErr)
			}
		}
	}
	path := ""
	if dir, err := os.UserConfigDir(); err == nil {
		path = filepath.Join(dir, "papers", "merges.txt")
	}
	return names.OpenMergeFile(path, false, onErr)
}

// defaultBaseURL is where papers serve listens unless told otherwise: the
// links of a 360Giving export made without a server point there.
const defaultBaseURL = "http://127.0.0.1:8080"

func baseURLFlag(usage string) cli.Flag {
	return &cli.StringFlag{Name: "base-url", Usage: usage, EnvVars: []string{"PAPERS_BASE_URL"}}
}

// checkBaseURL refuses a base URL that is not an absolute http(s) address.
func checkBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("--base-url %q: want an address such as https://papers.example.org", s)
	}
	return nil
}

func indexFlag() cli.Flag {
	return &cli.StringFlag{
		Name:    "index",
		Usage:   "index directory (default: the user's data directory, papers/index)",
		EnvVars: []string{"PAPERS_INDEX"},
	}
}

// indexLocation is where the index lives and whether the user chose it.
type indexLocation struct {
	Path     string
	Explicit bool // named by --index or PAPERS_INDEX
}

// locateIndex finds --index wherever it was given: before the command
// ("papers --index X search") or after it ("papers search --index X").
func locateIndex(c *cli.Context) (indexLocation, error) {
	for _, ctx := range c.Lineage() {
		if ctx.IsSet("index") {
			if p := ctx.String("index"); p != "" {
				return indexLocation{Path: p, Explicit: true}, nil
			}
		}
	}
	dir, err := userDataDir()
	if err != nil {
		return indexLocation{}, fmt.Errorf("find the index: %w (set --index or PAPERS_INDEX)", err)
	}
	return indexLocation{Path: filepath.Join(dir, "papers", "index")}, nil
}

// userDataDir follows the XDG base directory rules on Unix and the platform
// conventions elsewhere; Go's standard library has config and cache
// directories but no data directory.
func userDataDir() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%LocalAppData% is not set")
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support"), nil
	default:
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, ".local", "share"), nil
	}
}

// openForReading opens the index read-only. When the default index does not
// exist yet it is first built from the bundled sample papers, so that a
// fresh install can search something real straight away.
func openForReading(ctx context.Context, loc indexLocation, stderr io.Writer) (*index.Index, error) {
	ix, err := index.Open(loc.Path, index.ReadOnly)
	if err == nil || !errors.Is(err, index.ErrNoIndex) || loc.Explicit {
		return ix, err
	}
	fmt.Fprintf(stderr, "papers: no index at %s yet; building it from the bundled sample papers\n", loc.Path)
	if err := seedSamples(ctx, loc.Path, stderr); err != nil {
		return nil, err
	}
	return index.Open(loc.Path, index.ReadOnly)
}

// withReadIndex opens the index the command names for reading, runs fn and
// closes it: the shape of every read-only command.
func withReadIndex(c *cli.Context, fn func(*index.Index, indexLocation) error) error {
	loc, err := locateIndex(c)
	if err != nil {
		return err
	}
	ix, err := openForReading(c.Context, loc, c.App.ErrWriter)
	if err != nil {
		return err
	}
	defer ix.Close()
	return fn(ix, loc)
}

func seedSamples(ctx context.Context, indexPath string, stderr io.Writer) error {
	dir := filepath.Join(filepath.Dir(indexPath), "samples")
	paths, err := corpus.WriteSamples(dir)
	if err != nil {
		return err
	}
	sum, err := runIngest(ctx, ingestOptions{Index: indexPath, Progress: progressNone}, io.Discard, stderr, paths)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "papers: %s\n", sum)
	return nil
}

// toIngestOptions is shared by the commands that parse papers.
func toIngestOptions(body, date string) (ingest.Options, error) {
	opts := ingest.Options{Body: body}
	if date != "" {
		d, ok := ingest.ParseDate(date)
		if !ok {
			return opts, usagef("--date %q is not a date (want YYYY-MM-DD)", date)
		}
		opts.Date = d
	}
	return opts, nil
}
