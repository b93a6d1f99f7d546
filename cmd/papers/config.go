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
	"strings"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/index/osindex"
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
	if ctx := givenContext(c, "merges", "PAPERS_MERGES"); ctx.IsSet("merges") {
		if p := ctx.String("merges"); p != "" {
			return names.OpenMergeFile(p, true, onErr)
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

// Backends: where the index is kept.
const (
	backendBleve      = "bleve"      // a directory on this machine (the default)
	backendOpenSearch = "opensearch" // an index in an OpenSearch cluster
)

// backendFlags choose the backend. They are on the app and on every
// command that opens the index, so "papers serve --backend opensearch
// --opensearch-url URL" and "papers --backend opensearch serve" both work.
func backendFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "backend", Value: backendBleve, EnvVars: []string{"PAPERS_BACKEND"},
			Usage: "where the index is kept: `bleve` (a directory, --index) or opensearch (a cluster, --opensearch-url)"},
		&cli.StringFlag{Name: "opensearch-url", EnvVars: []string{"PAPERS_OPENSEARCH_URL"},
			Usage: "with --backend opensearch: the cluster's node `URLs`, comma-separated (http://user:pass@host:9200)"},
		&cli.StringFlag{Name: "opensearch-index", Value: osindex.DefaultIndex, EnvVars: []string{"PAPERS_OPENSEARCH_INDEX"},
			Usage: "with --backend opensearch: the index `NAME` in the cluster"},
		&cli.IntFlag{Name: "opensearch-shards", Value: 1, EnvVars: []string{"PAPERS_OPENSEARCH_SHARDS"},
			Usage: "with --backend opensearch: primary shards of an index papers creates"},
		&cli.IntFlag{Name: "opensearch-replicas", Value: 0, EnvVars: []string{"PAPERS_OPENSEARCH_REPLICAS"},
			Usage: "with --backend opensearch: replicas of each shard of an index papers creates"},
	}
}

// indexLocation is where the index lives and whether the user chose it.
type indexLocation struct {
	Path     string
	Explicit bool // named by --index or PAPERS_INDEX
	// OpenSearch is set when the index is in a cluster (--backend
	// opensearch); Path is then unused.
	OpenSearch *osindex.Config
}

// locateBackend reads the backend flags wherever they were given. A flag
// on the command line, before the command or after it, beats the
// environment: urfave/cli counts a flag set from its environment variable
// as set in every context that has the flag, so "papers --backend X stats"
// would otherwise read PAPERS_BACKEND through stats' own copy of the flag.
// givenContext returns the context of c's lineage (the command, then the
// app) where flag name was given on the command line, else one where its
// environment variable env set it, else c. urfave/cli counts the
// environment as setting every copy of a flag, the app's and the
// command's, so the nearest copy that is "set" may hold the environment's
// value while the app's holds what was typed: typed wins.
func givenContext(c *cli.Context, name, env string) *cli.Context {
	envValue, fromEnv := os.LookupEnv(env)
	for _, ctx := range c.Lineage() {
		if ctx.IsSet(name) && (!fromEnv || fmt.Sprint(ctx.Value(name)) != envValue) {
			return ctx
		}
	}
	for _, ctx := range c.Lineage() {
		if ctx.IsSet(name) {
			return ctx
		}
	}
	return c
}

func locateBackend(c *cli.Context, loc *indexLocation) error {
	envOf := map[string]string{}
	for _, f := range backendFlags() {
		if ev, ok := f.(interface{ GetEnvVars() []string }); ok && len(ev.GetEnvVars()) > 0 {
			envOf[f.Names()[0]] = ev.GetEnvVars()[0]
		}
	}
	get := func(name string) *cli.Context { return givenContext(c, name, envOf[name]) }
	switch b := get("backend").String("backend"); b {
	case backendBleve:
		return nil
	case backendOpenSearch:
		cfg := osindex.Config{
			URLs:     osindex.ParseURLs(get("opensearch-url").String("opensearch-url")),
			Index:    get("opensearch-index").String("opensearch-index"),
			Shards:   get("opensearch-shards").Int("opensearch-shards"),
			Replicas: get("opensearch-replicas").Int("opensearch-replicas"),
		}
		if err := cfg.Validate(); err != nil {
			return usagef("%v", err)
		}
		loc.OpenSearch, loc.Explicit = &cfg, true
		return nil
	default:
		return usagef("--backend %q: want bleve or opensearch", b)
	}
}

// locateIndex finds --index wherever it was given: before the command
// ("papers --index X search") or after it ("papers search --index X").
func locateIndex(c *cli.Context) (indexLocation, error) {
	var loc indexLocation
	if err := locateBackend(c, &loc); err != nil || loc.OpenSearch != nil {
		return loc, err
	}
	if ctx := givenContext(c, "index", "PAPERS_INDEX"); ctx.IsSet("index") {
		if p := ctx.String("index"); p != "" {
			return indexLocation{Path: p, Explicit: true}, nil
		}
	}
	dir, err := userDataDir()
	if err != nil {
		return indexLocation{}, fmt.Errorf("find the index: %w (set --index or PAPERS_INDEX)", err)
	}
	return indexLocation{Path: filepath.Join(dir, "papers", "index")}, nil
}

// openForWriting opens the index for writing, creating it when missing.
func openForWriting(ctx context.Context, loc indexLocation) (index.Store, error) {
	if loc.OpenSearch != nil {
		return osindex.Open(ctx, *loc.OpenSearch, true)
	}
	return index.Open(loc.Path, index.ReadWrite)
}

// where names the index in messages.
func (loc indexLocation) where() string {
	if loc.OpenSearch != nil {
		return strings.Join(loc.OpenSearch.URLs, ",") + " index " + loc.OpenSearch.Index
	}
	return loc.Path
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
func openForReading(ctx context.Context, loc indexLocation, stderr io.Writer) (index.Store, error) {
	if loc.OpenSearch != nil {
		return osindex.Open(ctx, *loc.OpenSearch, false)
	}
	ix, err := index.Open(loc.Path, index.ReadOnly)
	if err == nil {
		return ix, nil
	}
	if !errors.Is(err, index.ErrNoIndex) || loc.Explicit {
		return nil, err // not ix: a nil *index.Index in a Store is no nil Store
	}
	fmt.Fprintf(stderr, "papers: no index at %s yet; building it from the bundled sample papers\n", loc.Path)
	if err := seedSamples(ctx, loc.Path, stderr); err != nil {
		return nil, err
	}
	return index.Open(loc.Path, index.ReadOnly)
}

// withReadIndex opens the index the command names for reading, runs fn and
// closes it: the shape of every read-only command.
func withReadIndex(c *cli.Context, fn func(index.Store, indexLocation) error) error {
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
