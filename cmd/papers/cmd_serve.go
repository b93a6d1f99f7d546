package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"time"

	"github.com/urfave/cli/v2"

	"panelpapers/index"
	"panelpapers/ingest"
	"panelpapers/names"
	"panelpapers/search"
	"panelpapers/search/thread"
)

type serveOptions struct {
	Addr    string
	Workers int
	Timeout time.Duration
	BaseURL string           // the address others reach the server at, for absolute links
	Merges  *names.MergeFile // nil: the bundled merges only
	OCR     ocrOptions
}

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve the search page and the JSON API",
		Description: "Serves http://ADDR/ (the search page) and /api/ (see /api/openapi.json). The server holds\n" +
			"the index for writing: papers ingest and papers search, run while it serves, go through it.\n" +
			"It listens on 127.0.0.1 unless --addr says otherwise, and stops cleanly on Ctrl-C or SIGTERM.",
		Flags: append([]cli.Flag{
			indexFlag(),
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen on `HOST:PORT` (port 0 picks a free one)"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "documents parsed at once by ingests sent to the server"},
			&cli.DurationFlag{Name: "timeout", Value: ingest.DefaultTimeout, Usage: "give up on one ingested document after this long"},
			baseURLFlag("the address others reach this server at, for the absolute links of feeds and exports (default: the address each request came to)"),
			mergesFlag(),
		}, ocrFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("serve: takes no arguments")
			}
			tuneGC()
			loc, err := locateIndex(c)
			if err != nil {
				return err
			}
			opts := serveOptions{Addr: c.String("addr"), Workers: c.Int("workers"), Timeout: c.Duration("timeout"), BaseURL: c.String("base-url"), OCR: ocrOptionsOf(c)}
			if err := checkBaseURL(opts.BaseURL); err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(c.App.ErrWriter, &slog.HandlerOptions{Level: slog.LevelInfo}))
			if opts.Merges, err = loadMerges(c, func(err error) { log.Warn("merge file", "err", err) }); err != nil {
				return err
			}
			return runServe(c.Context, loc, opts, c.App.ErrWriter, nil)
		},
	}
}

// runServe serves until ctx ends. ready, when set, receives the server's URL
// once it accepts connections (tests listen on port 0).
func runServe(ctx context.Context, loc indexLocation, opts serveOptions, stderr io.Writer, ready func(url string)) error {
	exists := true
	if loc.OpenSearch == nil {
		var err error
		if exists, err = index.Exists(loc.Path); err != nil {
			return err
		}
	}
	if !exists && !loc.Explicit {
		fmt.Fprintf(stderr, "papers: no index at %s yet; building it from the bundled sample papers\n", loc.Path)
		if err := seedSamples(ctx, loc.Path, stderr); err != nil {
			return err
		}
	}
	setup, err := newOCR(opts.OCR)
	if err != nil {
		return err
	}
	ix, err := openForWriting(ctx, loc)
	if err != nil {
		return err
	}
	defer ix.Close()
	var merges names.MergeSource = names.Bundled()
	if opts.Merges != nil {
		merges = opts.Merges
	}
	ix.SetMerges(merges)

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	url := "http://" + ln.Addr().String()
	token, err := newToken(32)
	if err != nil {
		ln.Close()
		return err
	}
	instance, err := newToken(8)
	if err != nil {
		ln.Close()
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv := search.NewServer(ix, search.Options{
		Log:         log,
		Ingest:      serverIngester(ix, opts.Workers, opts.Timeout, setup),
		IngestToken: token,
		Instance:    instance,
		Threads:     thread.NewCache(ix),
		Merges:      merges,
		BaseURL:     opts.BaseURL,
	})
	hs := search.NewHTTPServer(opts.Addr, srv.Handler())
	hs.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	// A directory index is written by this process only: ingests and
	// searches find the server through serve.json. A cluster's index needs
	// no such hand-over.
	if loc.OpenSearch == nil {
		if err := writeServeInfo(loc.Path, serveInfo{URL: url, Token: token, Instance: instance, PID: os.Getpid(), Started: time.Now().UTC()}); err != nil {
			ln.Close()
			return err
		}
		defer removeServeInfo(loc.Path)
	}

	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stderr, "papers: serving %s on %s (Ctrl-C to stop)\n", loc.where(), url)
	if ready != nil {
		ready(url)
	}
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Stop taking requests and let running ones finish, then close the index
	// (the deferred Close) so that every ingested batch is on disk.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(stderr, "papers: stopped")
	return nil
}
