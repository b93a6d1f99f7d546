package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// searchMix is a typical load on the API: plain words, phrases, fields,
// filters, sorts and a second page, with facets, plus the web page and the
// funding totals.
var searchMix = []string{
	"/api/search?q=county+lines",
	"/api/search?q=%22Community+Safety+Fund%22&kind=funding&sort=-amount&limit=5",
	"/api/search?q=precept&body=Thames+Valley+Police+and+Crime+Panel&date_from=2018-01-01&date_to=2018-12-31",
	"/api/search?sort=-date&limit=20",
	"/api/search?q=policing&kind=recommendation&kind=decision",
	"/api/search?q=kind:funding+amount:%3E%3D1000&sort=amount",
	"/api/search?q=(youth+OR+young)+AND+crime&facets=false",
	"/api/search?q=council+-draft&sort=date&limit=50",
	"/api/search?q=budget&date_from=2019-01-01", // followed by its next page, when it has one
	"/api/funding/totals?group_by=fund",
	"/api/documents",
	"/?q=county+lines",
}

// TestSearchesKeepAnsweringDuringIngest runs an ingest of ../shared/corpus
// and ../shared/realdocs through a running server while clients search it
// in a loop: every answer must be a 200 with a body that decodes, and the
// latencies during the ingest are reported (docs/hardening.md).
//
// PAPERS_SEARCH_CLIENTS sets the number of clients (default 4).
func TestSearchesKeepAnsweringDuringIngest(t *testing.T) {
	paths := sharedPapers(t)
	dir := filepath.Join(t.TempDir(), "ix")
	if _, stderr, err, _ := run(t, append([]string{"--index", dir, "ingest", "-q"}, samplePapers(t)...)...); err != nil {
		t.Fatalf("seed the index with the samples: %v\n%s", err, stderr)
	}
	base := startServer(t, dir)
	clients := 4
	if n, err := strconv.Atoi(os.Getenv("PAPERS_SEARCH_CLIENTS")); err == nil && n > 0 {
		clients = n
	}

	type sample struct {
		path   string
		took   time.Duration
		during bool
	}
	var (
		mu        sync.Mutex
		samples   []sample
		failures  []string
		ingesting atomic.Bool
		stop      atomic.Bool
	)
	// A generous timeout: this test is about errors and hangs; slowness is
	// reported, and on a starved machine a request can take seconds.
	httpc := &http.Client{Timeout: 2 * time.Minute}
	get := func(u string) (map[string]any, error) {
		resp, err := httpc.Get(u)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
		}
		if !strings.Contains(resp.Header.Get("Content-Type"), "json") {
			if !strings.Contains(string(body), "</html>") {
				return nil, fmt.Errorf("a page that does not end: %.200s", body)
			}
			return nil, nil
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, fmt.Errorf("body does not decode: %v", err)
		}
		m, _ := v.(map[string]any)
		return m, nil
	}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := c; !stop.Load(); i++ {
				path := searchMix[i%len(searchMix)]
				during := ingesting.Load()
				start := time.Now()
				res, err := get(base + path)
				if err == nil {
					if next, _ := res["next_cursor"].(string); next != "" && strings.Contains(path, "q=budget") {
						_, err = get(base + path + "&cursor=" + url.QueryEscape(next))
					}
				}
				took := time.Since(start)
				mu.Lock()
				if err != nil {
					failures = append(failures, fmt.Sprintf("%s: %v", path, err))
				} else {
					samples = append(samples, sample{path, took, during && ingesting.Load()})
				}
				mu.Unlock()
			}
		})
	}

	// Let the clients warm up on the seeded index, then ingest through the
	// server while they go on.
	time.Sleep(300 * time.Millisecond)
	ingesting.Store(true)
	start := time.Now()
	out, stderr, err, _ := run(t, append([]string{"--index", dir, "ingest", "--quiet", "--json"}, paths...)...)
	ingestTook := time.Since(start)
	ingesting.Store(false)
	time.Sleep(200 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("ingest through the server: %v\n%s", err, stderr)
	}
	sum := ingestSummaryOf(t, out)
	if sum.Files != 17 || sum.Failed != 0 || sum.Added+sum.Unchanged != 17 {
		t.Errorf("ingest through the server: %+v", sum)
	}

	if len(failures) > 0 {
		t.Errorf("%d searches failed during the run, e.g. %v", len(failures), failures[:min(5, len(failures))])
	}
	var during, other []time.Duration
	byPath := map[string][]time.Duration{}
	for _, s := range samples {
		if s.during {
			during = append(during, s.took)
			byPath[s.path] = append(byPath[s.path], s.took)
		} else {
			other = append(other, s.took)
		}
	}
	if len(during) < clients {
		t.Fatalf("only %d searches answered during the %v ingest", len(during), ingestTook)
	}
	sortDurations(during)
	sortDurations(other)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
	t.Logf("ingest of %d files (%d items) through the server took %v", sum.Files, sum.Items, ingestTook.Round(time.Millisecond))
	t.Logf("during it: %d requests from %d clients, 0 errors: p50 %s, p95 %s, p99 %s, max %s",
		len(during), clients, ms(percentile(during, 50)), ms(percentile(during, 95)), ms(percentile(during, 99)), ms(during[len(during)-1]))
	type pathMax struct {
		path string
		max  time.Duration
	}
	var slow []pathMax
	for p, ds := range byPath {
		sortDurations(ds)
		slow = append(slow, pathMax{p, ds[len(ds)-1]})
	}
	sort.Slice(slow, func(i, j int) bool { return slow[i].max > slow[j].max })
	var slowest []string
	for _, s := range slow[:min(4, len(slow))] {
		slowest = append(slowest, ms(s.max)+" "+s.path)
	}
	t.Logf("slowest during it, by request (max): %s", strings.Join(slowest, "; "))
	if len(other) > 0 {
		t.Logf("before and after it: %d requests: p50 %s, p99 %s", len(other), ms(percentile(other, 50)), ms(percentile(other, 99)))
	}
}
