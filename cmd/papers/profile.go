package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/urfave/cli/v2"
)

// The hidden --cpuprofile flag exists so that performance work profiles the
// real command on real files (docs/performance.md), not a benchmark's idea
// of them.

func startCPUProfile(c *cli.Context) error {
	path := c.String("cpuprofile")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("cpu profile %s: %w", path, err)
	}
	c.App.Metadata = map[string]any{"cpuprofile": f}
	return nil
}

func stopCPUProfile(c *cli.Context) error {
	f, ok := c.App.Metadata["cpuprofile"].(*os.File)
	if !ok {
		return nil
	}
	pprof.StopCPUProfile()
	return f.Close()
}

// serverGCPercent is the GOGC a server, and an ingest, runs with unless
// GOGC is set. A
// search allocates a few megabytes (postings, hits, facets) against a live
// heap of tens, so at the default 100 the collector ran every few searches;
// at 400 search latency fell by about a third (docs/performance.md), for a
// heap that stays small.
const serverGCPercent = 400

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
}
