package names

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseMergesJoinsSetsAndNamesThemByTheirFirstName(t *testing.T) {
	m, err := ParseMerges(strings.NewReader(`
# comment
Kent County Council = KCC
KCC = Kent CC
Thames Valley Police = TVP
`), "test")
	if err != nil {
		t.Fatal(err)
	}
	k := Key("Kent CC")
	if got, want := m.Canon(k), Key("Kent County Council"); got != want {
		t.Errorf("Canon(%q) = %q, want %q: lines that share a name are one set", k, got, want)
	}
	if got := m.Name(Key("kcc")); got != "Kent County Council" {
		t.Errorf("Name = %q, want the first name of the set's first line", got)
	}
	// The canonical key first, then the others sorted.
	if got, want := m.Keys(Key("KCC")), []string{"kent county council", "kcc", "kent cc"}; !slices.Equal(got, want) {
		t.Errorf("Keys = %q, want %q", got, want)
	}
	if m.Canon(Key("Thames Valley Police")) == m.Canon(k) {
		t.Error("two lines with no name in common were joined")
	}
	if got := m.Keys("nobody"); !slices.Equal(got, []string{"nobody"}) {
		t.Errorf("an unmerged key's Keys = %q, want itself", got)
	}
	if m.Sets() != 2 {
		t.Errorf("Sets = %d, want 2", m.Sets())
	}
	var none *Merges
	if none.Canon("x") != "x" || none.Name("x") != "" || !slices.Equal(none.Keys("x"), []string{"x"}) {
		t.Error("a nil *Merges must merge nothing")
	}
}

func TestParseMergesRefusesWhatCannotBeAMerge(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"Kent County Council\n", "f:1: one name"},
		{"# c\n\nKCC = ...\n", `f:3: "..." has no letters`},
		{"A = \n", `f:1: "" has no letters`},
	} {
		_, err := ParseMerges(strings.NewReader(tc.text), "f")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseMerges(%q) = %v, want an error with %q", tc.text, err, tc.want)
		}
	}
}

func TestCombineKeepsTheEarlierSetsName(t *testing.T) {
	user, err := ParseMerges(strings.NewReader("Kent Council = KCC\nAcme = Acme Widgets\n"), "user")
	if err != nil {
		t.Fatal(err)
	}
	m := Combine(Bundled(), user)
	if got := m.Name(Key("Kent Council")); got != "Kent County Council" {
		t.Errorf("Name = %q, want the bundled set's name", got)
	}
	if m.Canon(Key("Acme Widgets")) != Key("Acme") {
		t.Error("the user's own set is missing")
	}
	if Bundled().Canon(Key("Kent Council")) == Bundled().Canon(Key("KCC")) {
		t.Error("Combine changed the bundled merges")
	}
}

func TestBundledMergesParse(t *testing.T) {
	if Bundled().Sets() < 10 {
		t.Errorf("bundled merges hold %d sets", Bundled().Sets())
	}
}

func TestMergeFileRereadsAnEditedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "merges.txt")
	var heard []error
	f, err := OpenMergeFile(path, false, func(err error) { heard = append(heard, err) })
	if err != nil {
		t.Fatalf("a missing optional file: %v", err)
	}
	f.every = 0
	if f.Merges().Canon(Key("Acme Widgets")) == Key("Acme") {
		t.Fatal("merged before the file existed")
	}
	write := func(text string, age time.Duration) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		when := time.Now().Add(-age)
		os.Chtimes(path, when, when)
	}
	write("Acme = Acme Widgets\n", 2*time.Hour)
	if f.Merges().Canon(Key("Acme Widgets")) != Key("Acme") {
		t.Fatal("the new file was not read")
	}
	if f.Merges().Canon(Key("KCC")) != Key("Kent County Council") {
		t.Fatal("the bundled merges were dropped")
	}
	write("Acme\n", time.Hour) // broken: the last good merges stay
	if f.Merges().Canon(Key("Acme Widgets")) != Key("Acme") || len(heard) != 1 {
		t.Fatalf("a broken edit: merges dropped or not reported (%v)", heard)
	}
	write("Acme = Acme Widgets = Acme Co\n", 0)
	if f.Merges().Canon(Key("Acme Co")) != Key("Acme") {
		t.Fatal("the fixed file was not read")
	}
	if _, err := OpenMergeFile(filepath.Join(t.TempDir(), "none.txt"), true, nil); err == nil {
		t.Error("a missing required file is not an error")
	}
}

// goldGroups reads testdata/merges_gold.json: groups of names as the shared
// papers write them, each group one organisation, fund or body.
func goldGroups(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile("testdata/merges_gold.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Groups []struct{ Names []string }
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	var out [][]string
	seen := map[string]bool{}
	for _, gr := range g.Groups {
		for _, n := range gr.Names {
			if seen[n] {
				t.Fatalf("gold: %q is in two groups", n)
			}
			seen[n] = true
		}
		out = append(out, gr.Names)
	}
	return out
}

// pairScore counts, over every pair of gold names, the pairs one entity
// (same canonical key) that the gold says are one (tp), says are not (fp),
// and that the gold joins but the merges do not (fn).
func pairScore(groups [][]string, m *Merges) (tp, fp, fn int, falseMerges, missed []string) {
	type name struct {
		text  string
		group int
	}
	var all []name
	for i, g := range groups {
		for _, n := range g {
			all = append(all, name{n, i})
		}
	}
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			same := all[i].group == all[j].group
			merged := m.Canon(Key(all[i].text)) == m.Canon(Key(all[j].text))
			switch {
			case same && merged:
				tp++
			case merged:
				fp++
				falseMerges = append(falseMerges, all[i].text+" = "+all[j].text)
			case same:
				fn++
				missed = append(missed, all[i].text+" = "+all[j].text)
			}
		}
	}
	return
}

// TestMergesGold measures merges on the hand-checked gold of the shared
// papers' names: precision and recall over pairs of names. The automatic
// rules (Key) must merge nothing the gold keeps apart and join at least a
// third of the pairs; with the bundled merges, nothing false and 95%. The
// bundled merges were written from the same papers as the gold, so the
// rules' figure is the one that says how papers does on names it has not
// seen.
func TestMergesGold(t *testing.T) {
	groups := goldGroups(t)
	for _, tc := range []struct {
		name         string
		merges       *Merges
		minPrecision float64
		minRecall    float64
	}{
		{"rules", nil, 1.0, 0.33},
		{"rules+bundled", Bundled(), 1.0, 0.95},
	} {
		tp, fp, fn, falseMerges, missed := pairScore(groups, tc.merges)
		p := float64(tp) / float64(max(1, tp+fp))
		r := float64(tp) / float64(max(1, tp+fn))
		t.Logf("%s: %d names in %d groups; pairs joined right %d, wrongly %d, missed %d: precision %.3f, recall %.3f",
			tc.name, countNames(groups), len(groups), tp, fp, fn, p, r)
		if testing.Verbose() {
			for _, s := range missed {
				t.Logf("  %s: missed %s", tc.name, s)
			}
		}
		for _, s := range falseMerges {
			t.Errorf("%s: wrongly merged %s", tc.name, s)
		}
		if p < tc.minPrecision || r < tc.minRecall {
			t.Errorf("%s: precision %.3f recall %.3f, want at least %.2f and %.2f", tc.name, p, r, tc.minPrecision, tc.minRecall)
		}
	}
}

func countNames(groups [][]string) int {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	return n
}
