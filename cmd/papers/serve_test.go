package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"panelpapers/corpus"
)

// startServer runs papers serve on a free port over the index at dir and
// returns its URL; the server stops when the test ends.
func startServer(t *testing.T, dir string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, indexLocation{Path: dir, Explicit: true}, serveOptions{Addr: "127.0.0.1:0", Workers: 2, Timeout: time.Minute},
			io.Discard, func(u string) { urls <- u })
	}()
	var u string
	select {
	case u = <-urls:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, serveInfoName)); !os.IsNotExist(err) {
			t.Errorf("serve.json left behind after a clean stop: %v", err)
		}
	})
	return u
}

// While papers serve holds the index, ingest, search, funding and export go
// through it, and what the ingest added is searchable at once.
func TestCommandsGoThroughTheRunningServer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	samples, err := corpus.WriteSamples(filepath.Join(t.TempDir(), "samples"))
	if err != nil {
		t.Fatal(err)
	}
	var pdf, htmls []string
	for _, p := range samples {
		if strings.HasSuffix(p, ".pdf") {
			pdf = append(pdf, p)
		} else {
			htmls = append(htmls, p)
		}
	}
	if _, stderr, err, _ := run(t, "--index", dir, "ingest", "-q", htmls[0]); err != nil {
		t.Fatalf("ingest before serving: %v\n%s", err, stderr)
	}
	base := startServer(t, dir)

	info, err := os.Stat(filepath.Join(dir, serveInfoName))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("serve.json: %v, mode %v; want it readable by its owner only", err, info.Mode())
	}

	// Ingest hands the pack to the server: the index is locked, yet it works.
	out, stderr, err, _ := run(t, "--index", dir, "ingest", "--json", pdf[0], htmls[1])
	if err != nil {
		t.Fatalf("ingest through the server: %v\n%s", err, stderr)
	}
	sum := ingestSummaryOf(t, out)
	if sum.Files != 2 || sum.Added != 2 || sum.Items == 0 {
		t.Errorf("ingest through the server: %+v", sum)
	}
	if !strings.Contains(stderr, "[2/2]") {
		t.Errorf("ingest through the server printed no progress lines:\n%s", stderr)
	}

	// Search sees the new pack through the server.
	out, stderr, err, _ = run(t, "--index", dir, "search", "--json", "--kind", "funding", `"Community Safety Fund"`)
	if err != nil {
		t.Fatalf("search through the server: %v\n%s", err, stderr)
	}
	var res struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total == 0 {
		t.Fatalf("search through the server: %v, %d hits", err, res.Total)
	}

	// Funding totals from the CLI equal the API's.
	out, _, err, _ = run(t, "--index", dir, "funding", "--json", "--group-by", "fund")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + "/api/funding/totals?group_by=fund")
	if err != nil {
		t.Fatal(err)
	}
	api, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var cliTotals, apiTotals []map[string]any
	json.Unmarshal([]byte(out), &cliTotals)
	json.Unmarshal(api, &apiTotals)
	if len(cliTotals) == 0 || len(cliTotals) != len(apiTotals) {
		t.Errorf("funding: CLI %d groups, API %d", len(cliTotals), len(apiTotals))
	}

	// The 360Giving export has one row per funding line, with links to the server.
	out, _, err, _ = run(t, "--index", dir, "export", "--format", "360giving")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("360giving export: %v, %d rows", err, len(rows))
	}
	source := slices.Index(rows[0], "Data Source")
	if source < 0 || !strings.HasPrefix(rows[1][source], base+"/api/documents/") {
		t.Errorf("Data Source (column %d) of %q does not point at the server", source, rows[1])
	}
}

func TestServeRefusesASecondServerOnTheSameIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if _, _, err, _ := run(t, "--index", dir, "ingest", "-q", filepath.Join(sharedOrSkip(t), "corpus")); err != nil {
		t.Fatal(err)
	}
	startServer(t, dir)
	start := time.Now()
	_, _, err, code := run(t, "--index", dir, "serve", "--addr", "127.0.0.1:0")
	if err == nil || code != exitLocked || time.Since(start) > 10*time.Second {
		t.Errorf("second serve: %v, exit %d after %v; want exit %d quickly", err, code, time.Since(start), exitLocked)
	}
}

func sharedOrSkip(t *testing.T) string {
	needShared(t)
	return shared
}
