package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/search"
)

// papers trace prints a recommendation's thread: the decision that
// endorsed it and the tracker rows that answered it, with its status;
// --json prints the API's thread.
func TestTraceFollowsARecommendation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	series := filepath.Join("..", "..", "search", "thread", "testdata", "series", "wessex-panel")
	if _, stderr, err, _ := run(t, "--index", dir, "ingest", "--quiet", series); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	out, _, err, _ := run(t, "--index", dir, "search", "--json", "--kind", "recommendation", `"twelve officers"`)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Hits []struct {
			Item struct{ ID, Text string } `json:"item"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v %q", err, out)
	}
	id := res.Hits[len(res.Hits)-1].Item.ID

	out, _, err, code := run(t, "--index", dir, "trace", id)
	if err != nil || code != 0 {
		t.Fatalf("trace: %v (exit %d)", err, code)
	}
	for _, want := range []string{"status: rejected", "endorsed and sent to the Commissioner", "response: Not accepted", "why: "} {
		if !strings.Contains(out, want) {
			t.Errorf("trace output lacks %q:\n%s", want, out)
		}
	}

	out, _, err, _ = run(t, "--index", dir, "trace", "--json", id)
	if err != nil {
		t.Fatal(err)
	}
	var th search.Thread
	if err := json.Unmarshal([]byte(out), &th); err != nil || th.Status != search.StatusRejected || len(th.Links) < 3 {
		t.Errorf("trace --json: %v, status %q, %d links", err, th.Status, len(th.Links))
	}

	if _, _, err, code := run(t, "--index", dir, "trace", "no-such-item"); err == nil || code == 0 {
		t.Errorf("trace of an unknown item: err %v, exit %d; want a failure", err, code)
	}
}
