package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/index/osindex"
	"panelpapers/index/osindex/osnode"
)

// The command line against an OpenSearch cluster: --backend opensearch
// and the cluster's URL (a node started here, or PAPERS_OPENSEARCH_URL),
// through ingest, a second ingest from "another machine", search, stats
// and export. Skips where no node can be started (no Java or Maven).
func TestCommandsAgainstOpenSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an OpenSearch node")
	}
	ctx := context.Background()
	url := os.Getenv("PAPERS_OPENSEARCH_URL")
	if url == "" {
		cl, err := osnode.Start(ctx, osnode.Options{Nodes: 1, Log: os.Stderr})
		if osnode.Unavailable(err) {
			t.Skipf("no OpenSearch node here: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		url = cl.URLs()[0]
	}
	name := "cli-test-" + filepath.Base(t.TempDir())
	defer osindex.Delete(ctx, osindex.Config{URLs: []string{url}, Index: name})
	backend := []string{"--backend", "opensearch", "--opensearch-url", url, "--opensearch-index", name}
	paths, err := corpus.WriteSamples(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}

	out, stderr, err, _ := run(t, append(append([]string{"ingest"}, backend...), append([]string{"--json"}, paths...)...)...)
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	first := ingestSummaryOf(t, out)
	if first.Added != len(paths) || first.Items == 0 {
		t.Fatalf("ingest: %+v", first)
	}
	// Another writer, as another machine would be: the global flags and
	// the environment work as well, and nothing is written twice.
	t.Setenv("PAPERS_BACKEND", "opensearch")
	t.Setenv("PAPERS_OPENSEARCH_URL", url)
	t.Setenv("PAPERS_OPENSEARCH_INDEX", name)
	out, stderr, err, _ = run(t, append([]string{"ingest", "--json"}, paths...)...)
	if err != nil {
		t.Fatalf("second ingest: %v\n%s", err, stderr)
	}
	if again := ingestSummaryOf(t, out); again.Unchanged != len(paths) || again.Added != 0 {
		t.Errorf("second ingest: %+v; want every file unchanged", again)
	}

	out, stderr, err, _ = run(t, "search", "--json", "--limit", "5", `"county lines"`)
	if err != nil {
		t.Fatalf("search: %v\n%s", err, stderr)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Highlights map[string][]string `json:"highlights"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total == 0 || !strings.Contains(strings.ToLower(strings.Join(res.Hits[0].Highlights["text"], " ")), "<mark>county</mark>") {
		t.Errorf("search: %v: %.300s", err, out)
	}
	out, _, err, _ = run(t, "stats", "--json")
	if err != nil || !strings.Contains(out, `"items":`+itoa(first.Items)) {
		t.Errorf("stats: %v: %s (want %d items)", err, out, first.Items)
	}
	out, _, err, _ = run(t, "export", "--format", "csv", "--kind", "funding")
	if err != nil || strings.Count(out, "\n") < 10 {
		t.Errorf("export: %v: %d lines", err, strings.Count(out, "\n"))
	}
	if _, _, err, code := run(t, "--backend", "elastic", "stats"); err == nil || code != exitUsage {
		t.Errorf("--backend elastic: %v, exit %d; want a usage error", err, code)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
