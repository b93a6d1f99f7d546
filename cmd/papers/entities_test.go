package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// papers entities lists each recipient once however the papers wrote it,
// --merges adds the user's merges (to entities, filters and totals alike),
// and --id shows one year by year.
func TestEntitiesCommandAndMergeFile(t *testing.T) {
	needShared(t)
	dir := filepath.Join(t.TempDir(), "ix")
	if _, stderr, err, _ := run(t, "--index", dir, "ingest", "-q", filepath.Join(shared, "corpus")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	type entity struct {
		ID       string      `json:"id"`
		Name     string      `json:"name"`
		Variants []string    `json:"variants"`
		Total    json.Number `json:"total"`
		Count    int         `json:"count"`
	}
	list := func(args ...string) []entity {
		t.Helper()
		out, stderr, err, _ := run(t, append([]string{"--index", dir, "entities", "--json", "--type", "recipient"}, args...)...)
		if err != nil {
			t.Fatalf("entities: %v\n%s", err, stderr)
		}
		var es []entity
		if err := json.Unmarshal([]byte(out), &es); err != nil {
			t.Fatalf("entities --json: %v: %s", err, out)
		}
		return es
	}
	es := list("drugfam")
	if len(es) != 1 || es[0].ID != "recipient-drugfam" || es[0].Count != 3 || len(es[0].Variants) != 3 {
		t.Fatalf("DrugFAM (bundled merge of three counties): %+v", es)
	}
	before := len(list())

	// A user's merge file joins two partnerships (for the test's sake).
	merges := filepath.Join(t.TempDir(), "merges.txt")
	if err := os.WriteFile(merges, []byte("# test\nOxford and Cherwell = Oxfordshire CSP = Cherwell CSP\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	joined := list("--merges", merges, "oxford and cherwell")
	if len(joined) != 1 || joined[0].Name != "Oxford and Cherwell" || len(list("--merges", merges)) != before-1 {
		t.Fatalf("with the merge file: %+v", joined)
	}
	// The same file before the command, or in PAPERS_MERGES, and the
	// filters and totals follow it.
	out, _, err, _ := run(t, "--index", dir, "--merges", merges, "funding", "--json", "--recipient", "Cherwell CSP")
	if err != nil {
		t.Fatal(err)
	}
	var totals []struct {
		Key   string `json:"key"`
		Count int    `json:"count"`
	}
	json.Unmarshal([]byte(out), &totals)
	if len(totals) != 1 || totals[0].Key != "Oxford and Cherwell" || totals[0].Count != joined[0].Count {
		t.Errorf("funding --recipient with the merge file: %+v, want one row of %d lines", totals, joined[0].Count)
	}
	t.Setenv("PAPERS_MERGES", merges)
	if got := list("oxford and cherwell"); len(got) != 1 {
		t.Errorf("PAPERS_MERGES: %+v", got)
	}
	t.Setenv("PAPERS_MERGES", "")

	out, _, err, _ = run(t, "--index", dir, "entities", "--id", "recipient-drugfam")
	if err != nil || !strings.Contains(out, "DrugFAM (recipient)") || !strings.Contains(out, "2018  £14,555.00, 3 lines") {
		t.Errorf("entities --id: %v\n%s", err, out)
	}
	for _, args := range [][]string{
		{"entities", "--type", "people"},
		{"entities", "--merges", filepath.Join(t.TempDir(), "missing.txt")},
		{"--merges", merges + ".none", "entities"},
	} {
		if _, _, err, code := run(t, append([]string{"--index", dir}, args...)...); err == nil || code == 0 {
			t.Errorf("papers %v: no error", args)
		}
	}
	if _, _, err, _ := run(t, "--index", dir, "entities", "--id", "recipient-nobody"); err == nil {
		t.Error("entities --id of nobody: no error")
	}

	// 360Giving without a server: links to --base-url, never a local path.
	out, _, err, _ = run(t, "--index", dir, "export", "--format", "360giving", "--base-url", "https://papers.example.org")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("360giving: %v", err)
	}
	source := slices.Index(rows[0], "Data Source")
	for _, row := range rows[1:] {
		if !strings.HasPrefix(row[source], "https://papers.example.org/api/documents/") {
			t.Fatalf("Data Source %q", row[source])
		}
	}
	if _, _, err, code := run(t, "--index", dir, "export", "--format", "360giving", "--base-url", "/home/me"); err == nil || code != exitUsage {
		t.Errorf("--base-url of a path: %v, exit %d", err, code)
	}
}
