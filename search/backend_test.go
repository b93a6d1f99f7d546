package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"panelpapers/index"
	"panelpapers/index/osindex"
	"panelpapers/index/osindex/osnode"
)

// The behaviour tests of this package are the conformance suite of the
// index backends: they run against Bleve by default and, with
// PAPERS_TEST_BACKEND=opensearch, unchanged against a real OpenSearch node
// (started here from tools/opensearch-node, or the cluster named by
// PAPERS_OPENSEARCH_URL). scripts/test.sh runs them both ways.

// testBackend names the backend under test: "bleve" or "opensearch".
func testBackend() string {
	if b := os.Getenv("PAPERS_TEST_BACKEND"); b != "" {
		return b
	}
	return "bleve"
}

var (
	cluster      *osnode.Cluster
	clusterURLs  []string
	clusterError error
	storeCount   atomic.Int64
)

// startBackend starts what the backend needs for the whole test process.
func startBackend() {
	if testBackend() != "opensearch" {
		return
	}
	if u := os.Getenv("PAPERS_OPENSEARCH_URL"); u != "" {
		clusterURLs = osindex.ParseURLs(u)
		return
	}
	cluster, clusterError = osnode.Start(context.Background(), osnode.Options{Nodes: 1, Log: os.Stderr})
	if osnode.Unavailable(clusterError) {
		fmt.Printf("SKIP: PAPERS_TEST_BACKEND=opensearch, but %v\n", clusterError)
		os.Exit(0)
	}
	if clusterError == nil {
		clusterURLs = cluster.URLs()
	}
}

func stopBackend() {
	if cluster != nil {
		cluster.Close()
	}
}

// openStore opens a new, empty index of the backend under test; dir is
// where Bleve keeps it.
func openStore(_ testing.TB, dir string) (index.Store, error) {
	switch testBackend() {
	case "bleve":
		return index.Open(dir, index.ReadWrite)
	case "opensearch":
		if clusterError != nil {
			return nil, clusterError
		}
		cfg := osindex.Config{URLs: clusterURLs, Index: fmt.Sprintf("papers-test-%d-%d-%s", os.Getpid(), storeCount.Add(1), filepath.Base(dir))}
		ctx := context.Background()
		if err := osindex.Delete(ctx, cfg); err != nil {
			return nil, err
		}
		return osindex.Open(ctx, cfg, true)
	}
	return nil, fmt.Errorf("PAPERS_TEST_BACKEND=%q: want bleve or opensearch", testBackend())
}
