package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/goldtest"
)

// These tests score the whole pipeline (ingest.File) against hand-written
// gold: the sample pack's (../shared/corpus) and ours for real papers and
// style packs (testdata/gold, testdata/packs). The matching rules live in
// internal/goldtest.

func logScores(t *testing.T, title string, scores []goldtest.Score, verbose bool) {
	t.Helper()
	t.Log(title)
	for _, s := range scores {
		t.Log("   ", s)
		if verbose {
			for _, m := range s.Misses {
				t.Log("        missed:", m)
			}
			for _, e := range s.Extras {
				t.Log("        extra: ", e)
			}
		}
	}
}

func verbose() bool { return os.Getenv("GOLD_VERBOSE") != "" }

func TestGoldSamplePack(t *testing.T) {
	g, err := goldtest.Load(filepath.Join(shared, "corpus", "tvpcp-2018-11-16-pack.gold.json"))
	if err != nil {
		t.Skipf("gold not available: %v", err)
	}
	chromium := parseShared(t, "corpus/tvpcp-2018-11-16-pack.pdf")
	libre := parseShared(t, "corpus/tvpcp-2018-11-16-pack-libreoffice.pdf")
	cs := goldtest.ScoreItems(g, chromium.Items, goldtest.Options{CheckPages: true})
	ls := goldtest.ScoreItems(g, libre.Items, goldtest.Options{})
	logScores(t, "Chromium render:", cs, verbose())
	logScores(t, "LibreOffice render (pages not scored):", ls, verbose())
	// The bars of issue 3.
	bars := map[string]float64{"agenda items": 1, "minutes": 1, "reports": 0.95, "recommendations": 0.95, "funding": 0.98}
	for i, s := range cs {
		bar, ok := bars[s.Kind]
		if !ok {
			continue
		}
		if s.Recall() < bar {
			t.Errorf("%s: recall %.1f%% below the bar %.0f%%", s.Kind, 100*s.Recall(), 100*bar)
		}
		if s.Found > 0 && s.PageRate() < 0.98 {
			t.Errorf("%s: page right for %.1f%% of matched items; want >= 98%%", s.Kind, 100*s.PageRate())
		}
		if d := s.Recall() - ls[i].Recall(); d > 0.02 || d < -0.02 {
			t.Errorf("%s: LibreOffice recall %.1f%% is more than 2 points from Chromium's %.1f%%", s.Kind, 100*ls[i].Recall(), 100*s.Recall())
		}
		if s.Kind == "funding" && s.Precision() < 0.95 {
			t.Errorf("funding precision %.1f%% below 95%%", 100*s.Precision())
		}
	}
	for _, p := range []*corpus.Parsed{chromium, libre} {
		if bad := goldtest.NotFunding(g, p.Items); len(bad) > 0 {
			t.Errorf("%s: funding items that are not funding: %v", filepath.Base(p.Document.Path), bad)
		}
	}
}

// realGold lists our gold files for real papers.
func realGold(t *testing.T) []string {
	files, err := filepath.Glob("testdata/gold/*.gold.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no gold files: %v", err)
	}
	sort.Strings(files)
	return files
}

func parsePath(t *testing.T, path string) *corpus.Parsed {
	t.Helper()
	p, err := File(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

// goldBars are issue 12's bars for real papers and style packs, per kind:
// recall, precision.
var goldBars = map[string][2]float64{
	"agenda items":    {1, 1},
	"minutes":         {1, 1},
	"decisions":       {0.95, 0.90},
	"recommendations": {0.95, 0.90},
	"reports":         {0.95, 0.90},
	"funding":         {0.95, 0.95},
}

func checkBars(t *testing.T, what string, totals []goldtest.Score) {
	t.Helper()
	for _, s := range totals {
		bar, ok := goldBars[s.Kind]
		if !ok || !s.Scored {
			continue
		}
		if s.Recall() < bar[0] {
			t.Errorf("%s %s: recall %.1f%% below %.0f%%", what, s.Kind, 100*s.Recall(), 100*bar[0])
		}
		if s.Precision() < bar[1] {
			t.Errorf("%s %s: precision %.1f%% below %.0f%%", what, s.Kind, 100*s.Precision(), 100*bar[1])
		}
	}
}

// checkRecipients holds funding's "recipients right" to the recall bar:
// an award found with the wrong recipient is no use to a journalist.
func checkRecipients(t *testing.T, what string, right, named int) {
	t.Helper()
	if named > 0 && float64(right) < 0.95*float64(named) {
		t.Errorf("%s funding: recipients right for %d of %d awards, below 95%%", what, right, named)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// partial reports a run over some of the gold only (GOLD_ONLY), whose
// totals the bars do not apply to.
func partial() bool { return os.Getenv("GOLD_ONLY") != "" }

func totals(all [][]goldtest.Score) []goldtest.Score {
	var out []goldtest.Score
	for _, k := range goldtest.Kinds {
		if tot := goldtest.Total(k, all...); tot.Scored {
			out = append(out, tot)
		}
	}
	return out
}

func TestGoldRealPapers(t *testing.T) {
	if _, err := os.Stat(filepath.Join(shared, "realdocs")); err != nil {
		t.Skipf("real papers not available: %v", err)
	}
	var all [][]goldtest.Score
	right, named := 0, 0
	fRight, fNamed := 0, 0
	dates, bodies, docs := 0, 0, 0
	for _, f := range realGold(t) {
		if only := os.Getenv("GOLD_ONLY"); only != "" && !strings.Contains(f, only) {
			continue
		}
		g, err := goldtest.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		p := parsePath(t, filepath.Join("..", g.Path))
		scores := goldtest.ScoreItems(g, p.Items, goldtest.Options{CheckPages: true})
		all = append(all, scores)
		if verbose() {
			logScores(t, filepath.Base(f)+":", scores, true)
		}
		for _, bad := range goldtest.NotFunding(g, p.Items) {
			t.Errorf("%s: a funding line on money the gold says is not an award: %s", filepath.Base(f), bad)
		}
		r, n := goldtest.RecipientsRight(g, p.Items)
		right, named = right+r, named+n
		fr, fn := goldtest.FundersRight(g, p.Items)
		fRight, fNamed = fRight+fr, fNamed+fn
		if verbose() && fr < fn {
			t.Logf("%s: funders right %d/%d", filepath.Base(f), fr, fn)
		}
		dOK, bOK := goldtest.DocumentRight(g, p.Document)
		dates, bodies, docs = dates+b2i(dOK), bodies+b2i(bOK), docs+1
		if verbose() && (!dOK || !bOK) {
			t.Logf("%s: document %q %s; gold %q %v", filepath.Base(f), p.Document.Body, p.Document.MeetingDate, g.Document.Body, deref(g.Document.MeetingDate))
		}
	}
	tot := totals(all)
	logScores(t, fmt.Sprintf("all %d real papers:", len(all)), tot, false)
	t.Logf("    funding recipients right: %d/%d, funders right: %d/%d", right, named, fRight, fNamed)
	t.Logf("    meeting date right: %d/%d, body right: %d/%d", dates, docs, bodies, docs)
	if !partial() {
		checkBars(t, "real papers", tot)
		checkRecipients(t, "real papers", right, named)
	}
}

// renders are a style pack's three renders.
var renders = []string{"chromium.pdf", "libreoffice.pdf", "pack.html"}

func TestGoldStylePacks(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/packs/*/gold.json")
	if len(dirs) == 0 {
		t.Fatal("no style packs")
	}
	sort.Strings(dirs)
	var all [][]goldtest.Score
	right, named := 0, 0
	fRight, fNamed := 0, 0
	dates, bodies, docs := 0, 0, 0
	for _, f := range dirs {
		if only := os.Getenv("GOLD_ONLY"); only != "" && !strings.Contains(f, only) {
			continue
		}
		g, err := goldtest.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Dir(f)
		for _, r := range renders {
			p := parsePath(t, filepath.Join(dir, r))
			scores := goldtest.ScoreItems(g, p.Items, goldtest.Options{CheckPages: r == "chromium.pdf"})
			rr, rn := goldtest.RecipientsRight(g, p.Items)
			right, named = right+rr, named+rn
			fr, fn := goldtest.FundersRight(g, p.Items)
			fRight, fNamed = fRight+fr, fNamed+fn
			if verbose() && fr < fn {
				t.Logf("%s/%s: funders right %d/%d", filepath.Base(dir), r, fr, fn)
			}
			dOK, bOK := goldtest.DocumentRight(g, p.Document)
			dates, bodies, docs = dates+b2i(dOK), bodies+b2i(bOK), docs+1
			if verbose() && (!dOK || !bOK) {
				t.Logf("%s/%s: document %q %s; gold %q %v", filepath.Base(dir), r, p.Document.Body, p.Document.MeetingDate, g.Document.Body, deref(g.Document.MeetingDate))
			}
			all = append(all, scores)
			if verbose() {
				logScores(t, filepath.Base(dir)+"/"+r+":", scores, true)
			}
			for _, bad := range goldtest.NotFunding(g, p.Items) {
				t.Errorf("%s/%s: a funding line on money the gold says is not an award: %s", filepath.Base(dir), r, bad)
			}
		}
	}
	tot := totals(all)
	logScores(t, fmt.Sprintf("all %d style pack renders:", len(all)), tot, false)
	t.Logf("    funding recipients right: %d/%d, funders right: %d/%d", right, named, fRight, fNamed)
	t.Logf("    meeting date right: %d/%d, body right: %d/%d", dates, docs, bodies, docs)
	if !partial() {
		checkBars(t, "style packs", tot)
		checkRecipients(t, "style packs", right, named)
		// The funder is who gave the money, read from the paper or its
		// body's organisation; a report whose masthead names no council
		// (county-report) leaves it empty, so the bar is below the rest.
		if fRight*10 < fNamed*6 {
			t.Errorf("style packs: funders right %d/%d, want at least 60%%", fRight, fNamed)
		}
	}
}

func TestRenderAgreement(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/packs/*")
	sort.Strings(dirs)
	worst := 1.0
	for _, dir := range dirs {
		var parsed [][]corpus.Item
		for _, r := range renders {
			parsed = append(parsed, parsePath(t, filepath.Join(dir, r)).Items)
		}
		for a := 0; a < len(renders); a++ {
			for b := a + 1; b < len(renders); b++ {
				agree, diff := goldtest.Agreement(parsed[a], parsed[b])
				worst = min(worst, agree)
				t.Logf("%s: %s vs %s: agreement %.3f", filepath.Base(dir), renders[a], renders[b], agree)
				if verbose() {
					for _, d := range diff {
						t.Log("      ", d)
					}
				}
			}
		}
	}
	t.Logf("lowest agreement %.3f", worst)
	if !partial() && worst < 0.95 {
		t.Errorf("render agreement %.3f below 0.95", worst)
	}
}
