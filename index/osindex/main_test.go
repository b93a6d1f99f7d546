package osindex

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"panelpapers/corpus"
	"panelpapers/index/osindex/osnode"
)

// The tests that need a cluster share one single-node cluster, started
// once for the package (TestFault starts its own three). Where Java or
// Maven is missing they skip, saying why; PAPERS_OPENSEARCH_URL names a
// running cluster to use instead.
var (
	node      *osnode.Cluster
	nodeURLs  []string
	nodeError error
	indexes   atomic.Int64
)

func TestMain(m *testing.M) {
	flag.Parse() // for testing.Short, before m.Run
	if u := os.Getenv("PAPERS_OPENSEARCH_URL"); u != "" {
		nodeURLs = ParseURLs(u)
	} else if !testing.Short() {
		node, nodeError = osnode.Start(context.Background(), osnode.Options{Nodes: 1, Log: os.Stderr})
		if nodeError == nil {
			nodeURLs = node.URLs()
		}
	}
	code := m.Run()
	if node != nil {
		node.Close()
	}
	os.Exit(code)
}

// needNode skips t where no node could be started, and fails it where one
// should have been.
func needNode(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("needs an OpenSearch node: not in -short")
	}
	if nodeError != nil {
		if osnode.Unavailable(nodeError) {
			t.Skipf("no OpenSearch node here: %v", nodeError)
		}
		t.Fatalf("start an OpenSearch node: %v", nodeError)
	}
}

// newIndex opens a new, empty index on the shared node.
func newIndex(t *testing.T, cfg Config) *Index {
	t.Helper()
	needNode(t)
	if len(cfg.URLs) == 0 {
		cfg.URLs = nodeURLs
	}
	cfg.Index = fmt.Sprintf("test-%d-%d", os.Getpid(), indexes.Add(1))
	ctx := context.Background()
	if err := Delete(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ix.Close()
		_ = Delete(context.Background(), cfg)
	})
	return ix
}

// fakeDoc is a parsed document of n minutes at path; word makes its text
// (and so its content hash, the document ID) its own.
func fakeDoc(path, word string, n int) corpus.Parsed {
	sum := sha256.Sum256([]byte(path + "\x00" + word))
	id := hex.EncodeToString(sum[:])
	d := corpus.Document{ID: id, Path: path, Format: corpus.FormatPDF, Title: "Minutes " + word,
		Body: "Test Panel", MeetingDate: "2020-01-02", Pages: n/10 + 1}
	p := corpus.Parsed{Document: d}
	for i := range n {
		p.Items = append(p.Items, corpus.Item{
			ID: fmt.Sprintf("%s-%04d", id[:16], i), DocID: id, Kind: corpus.KindMinute, Number: fmt.Sprint(i + 1),
			Title: fmt.Sprintf("Item %d", i+1), Page: i/10 + 1,
			Text: fmt.Sprintf("The panel noted %s report number %d on the %s scheme, %s %d.", word, i, word, word, i*7919%104729),
		})
	}
	return p
}
