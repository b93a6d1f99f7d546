// Command papers-bench measures papers at scale: it builds indexes of
// synthetic packs recombined from real papers (corpus/synth) and times
// searches and funding totals on them. scripts/bench.sh runs the whole
// benchmark; see docs/performance.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/corpus/synth"
	"panelpapers/index"
	"panelpapers/index/osindex"
	"panelpapers/ingest"
	"panelpapers/search"
)

// backendFlags choose where the benchmark's index is: a Bleve directory
// (--index), or an index in an OpenSearch cluster (--opensearch-url, with
// --opensearch-index naming it).
func backendFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "opensearch-url", Usage: "build or query an index in this OpenSearch cluster instead of a directory"},
		&cli.StringFlag{Name: "opensearch-index", Value: "papers-bench", Usage: "the index name in the cluster"},
	}
}

// benchTarget is where the benchmark's index is.
type benchTarget struct {
	dir string
	os  *osindex.Config
}

func targetOf(c *cli.Context) (benchTarget, error) {
	if u := c.String("opensearch-url"); u != "" {
		cfg := osindex.Config{URLs: osindex.ParseURLs(u), Index: c.String("opensearch-index")}
		return benchTarget{os: &cfg}, cfg.Validate()
	}
	if c.String("index") == "" {
		return benchTarget{}, errors.New("--index or --opensearch-url is required")
	}
	return benchTarget{dir: c.String("index")}, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &cli.App{
		Name:  "papers-bench",
		Usage: "build synthetic indexes and time searches on them",
		Commands: []*cli.Command{
			{
				Name:  "build",
				Usage: "index synthetic packs recombined from real papers",
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "index", Usage: "index directory (must not exist)"},
					&cli.IntFlag{Name: "items", Value: 100_000, Usage: "items to generate"},
					&cli.IntFlag{Name: "per-pack", Value: 100, Usage: "items per pack"},
					&cli.Uint64Flag{Name: "seed", Value: 1},
					&cli.StringSliceFlag{Name: "seeds", Usage: "folders of real papers to recombine (default: ../shared/corpus and ../shared/realdocs, else the bundled samples)"},
				}, backendFlags()...),
				Action: func(c *cli.Context) error {
					t, err := targetOf(c)
					if err != nil {
						return err
					}
					return runBuild(c.Context, t, c.Int("items"), c.Int("per-pack"), c.Uint64("seed"), c.StringSlice("seeds"))
				},
			},
			{
				Name:  "query",
				Usage: "time typical searches and funding totals on an index",
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "index"},
					&cli.IntFlag{Name: "n", Value: 1000, Usage: "searches to time"},
					&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile of the timed searches to `FILE`"},
				}, backendFlags()...),
				Action: func(c *cli.Context) error {
					if path := c.String("cpuprofile"); path != "" {
						f, err := os.Create(path)
						if err != nil {
							return err
						}
						defer f.Close()
						if err := pprof.StartCPUProfile(f); err != nil {
							return err
						}
						defer pprof.StopCPUProfile()
					}
					if os.Getenv("GOGC") == "" {
						debug.SetGCPercent(400) // as papers serve does
					}
					t, err := targetOf(c)
					if err != nil {
						return err
					}
					return runQuery(c.Context, t, c.Int("n"))
				},
			},
		},
	}
	if err := app.RunContext(ctx, os.Args); err != nil {
		fmt.Fprintf(os.Stderr, "papers-bench: %v\n", err)
		os.Exit(1)
	}
}

// seedPapers parses the real papers the generator recombines.
func seedPapers(ctx context.Context, dirs []string) ([]corpus.Parsed, error) {
	if len(dirs) == 0 {
		for _, d := range []string{"../shared/corpus", "../shared/realdocs"} {
			if _, err := os.Stat(d); err == nil {
				dirs = append(dirs, d)
			}
		}
	}
	if len(dirs) == 0 {
		tmp, err := os.MkdirTemp("", "papers-bench-samples-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		if _, err := corpus.WriteSamples(tmp); err != nil {
			return nil, err
		}
		dirs = []string{tmp}
	}
	files, problems := ingest.Collect(dirs)
	for _, p := range problems {
		fmt.Fprintf(os.Stderr, "papers-bench: %v\n", p)
	}
	var out []corpus.Parsed
	for _, f := range files {
		p, err := ingest.File(ctx, f, ingest.Options{})
		if err != nil && !errors.Is(err, ingest.ErrNeedsOCR) {
			fmt.Fprintf(os.Stderr, "papers-bench: %v\n", err)
			continue
		}
		out = append(out, *p)
	}
	return out, nil
}

func runBuild(ctx context.Context, t benchTarget, items, perPack int, seed uint64, seedDirs []string) error {
	if t.os == nil {
		if _, err := os.Stat(t.dir); err == nil {
			return fmt.Errorf("%s exists; give a new directory", t.dir)
		}
	}
	seeds, err := seedPapers(ctx, seedDirs)
	if err != nil {
		return err
	}
	g, err := synth.New(seeds, seed)
	if err != nil {
		return err
	}
	var ix index.Store
	if t.os != nil {
		// A new index each time, refreshed once at the end (BulkLoad), as
		// Bleve's BulkLoad persists once.
		if err := osindex.Delete(ctx, *t.os); err != nil {
			return err
		}
		cfg := *t.os
		cfg.BulkLoad = true
		ix, err = osindex.Open(ctx, cfg, true)
	} else {
		ix, err = index.Open(t.dir, index.BulkLoad)
	}
	if err != nil {
		return err
	}
	// Bleve takes a pack per write (each its own batch, as before);
	// OpenSearch a bulk request of up to 2,000 items, as papers ingest
	// groups files (a bulk request of one pack would measure round trips).
	group := 1
	if t.os != nil {
		group = max(1, 2000/perPack)
	}
	start := time.Now()
	var textBytes int64
	packs := (items + perPack - 1) / perPack
	var pending []corpus.Parsed
	for n := range packs {
		if ctx.Err() != nil {
			ix.Close()
			return ctx.Err()
		}
		p := g.Pack(n, min(perPack, items-n*perPack))
		for _, it := range p.Items {
			textBytes += int64(synth.TextBytes(it))
		}
		pending = append(pending, p)
		if len(pending) == group || n == packs-1 {
			if _, err := ix.PutAll(ctx, pending); err != nil {
				ix.Close()
				return err
			}
			pending = pending[:0]
		}
		if (n+1)%100 == 0 {
			el := time.Since(start).Seconds()
			fmt.Fprintf(os.Stderr, "\r%d/%d packs, %.0f items/s", n+1, packs, float64((n+1)*perPack)/el)
		}
	}
	if err := ix.Close(); err != nil { // Bleve: the last batch on disk; OpenSearch: the refresh
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(os.Stderr, "\ncompacting\n")
	compactStart := time.Now()
	var disk int64
	if t.os != nil {
		if err := osindex.Compact(ctx, *t.os); err != nil {
			return err
		}
		rx, err := osindex.Open(ctx, *t.os, false)
		if err != nil {
			return err
		}
		st, err := rx.Stats(ctx)
		rx.Close()
		if err != nil {
			return err
		}
		disk = st.DiskBytes
	} else {
		if err := index.Compact(ctx, t.dir); err != nil {
			return err
		}
		disk = dirSize(t.dir)
	}
	compact := time.Since(compactStart)
	fmt.Printf("items\t%d\npacks\t%d\nbuild_seconds\t%.1f\nitems_per_second\t%.0f\ncompact_seconds\t%.1f\ntext_bytes\t%d\nindex_bytes\t%d\nindex_to_text\t%.2f\n",
		items, packs, el.Seconds(), float64(items)/el.Seconds(), compact.Seconds(), textBytes, disk, float64(disk)/float64(textBytes))
	return nil
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// typicalRequests are what people search: two or three words, a phrase,
// with a kind or a date filter; facets and highlights on.
func typicalRequests(rng *rand.Rand) search.Request {
	words := []string{"county lines", "community safety", "police budget", "youth offending", "domestic abuse",
		"crime plan", "precept", "knife crime", "victims services", "rural crime", "council tax", "social care grant",
		"mental health", "road safety", "anti social behaviour", "complaints", "reserves", "estates strategy"}
	phrases := []string{`"police and crime plan"`, `"community safety fund"`, `"county lines"`, `"domestic abuse"`, `"council tax"`}
	var req search.Request
	switch rng.IntN(3) {
	case 0:
		req.Query = words[rng.IntN(len(words))]
	case 1:
		req.Query = phrases[rng.IntN(len(phrases))]
	default:
		req.Query = words[rng.IntN(len(words))] + " " + strings.Fields(words[rng.IntN(len(words))])[0]
	}
	if rng.IntN(2) == 0 {
		kinds := []corpus.Kind{corpus.KindFunding, corpus.KindMinute, corpus.KindRecommendation, corpus.KindSection, corpus.KindDecision}
		req.Kinds = []corpus.Kind{kinds[rng.IntN(len(kinds))]}
	} else {
		y := 2010 + rng.IntN(16)
		req.From = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		req.To = time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	req.Facets = true
	return req
}

func runQuery(ctx context.Context, t benchTarget, n int) error {
	var ix index.Store
	var err error
	if t.os != nil {
		ix, err = osindex.Open(ctx, *t.os, false)
	} else {
		ix, err = index.Open(t.dir, index.ReadOnly)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	rng := rand.New(rand.NewPCG(42, 42))
	// Warm up: the first searches page the index in.
	for range 50 {
		if _, err := ix.Search(ctx, typicalRequests(rng)); err != nil {
			return err
		}
	}
	lat := make([]time.Duration, 0, n)
	var hits uint64
	for range n {
		req := typicalRequests(rng)
		start := time.Now()
		res, err := ix.Search(ctx, req)
		if err != nil {
			return fmt.Errorf("search %+v: %w", req, err)
		}
		lat = append(lat, time.Since(start))
		hits += res.Total
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("searches\t%d\nmean_total_hits\t%d\nsearch_p50_ms\t%.2f\nsearch_p95_ms\t%.2f\nsearch_p99_ms\t%.2f\nsearch_max_ms\t%.2f\n",
		n, hits/uint64(n), ms(pct(0.50)), ms(pct(0.95)), ms(pct(0.99)), ms(lat[len(lat)-1]))

	for _, by := range []search.GroupBy{search.ByRecipient, search.ByFund} {
		var best time.Duration
		var lines int
		for i := range 5 {
			// OpenSearch would answer runs 2 to 5 from its request cache;
			// Bleve caches nothing, so each run computes the totals afresh.
			if t.os != nil {
				if err := osindex.ClearRequestCache(ctx, *t.os); err != nil {
					return err
				}
			}
			start := time.Now()
			totals, err := ix.FundingTotals(ctx, search.Request{}, by)
			if err != nil {
				return err
			}
			if d := time.Since(start); i == 0 || d < best {
				best = d
			}
			lines = 0
			for _, t := range totals {
				lines += t.Count
			}
		}
		fmt.Printf("totals_by_%s_ms\t%.1f\ttotals_lines\t%d\n", by, ms(best), lines)
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("heap_mb\t%.0f\n", float64(m.HeapAlloc)/(1<<20))
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
