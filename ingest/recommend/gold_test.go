package recommend

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/pdftext"
)

const shared = "../../../shared"

func readPDF(t *testing.T, path string) []corpus.Page {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("shared file absent: %v", err)
	}
	res, err := pdftext.Extract(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	return res.Pages
}

type goldReport struct {
	Title    string   `json:"title_contains"`
	Date     *string  `json:"date"`
	DateAlt  []string `json:"date_alt"`
	Author   *string  `json:"author_contains"`
	Page     int      `json:"page_chromium"`
	Optional bool     `json:"optional"`
}

type goldRec struct {
	Text     string  `json:"text_contains"`
	Topic    *string `json:"topic"`
	Source   string  `json:"source"`
	Response *string `json:"response_contains"`
	Page     int     `json:"page_chromium"`
	Optional bool    `json:"optional"`
}

type gold struct {
	Reports         []goldReport `json:"reports"`
	Recommendations []goldRec    `json:"recommendations"`
}

var fold = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"", "–", "-", "—", "-")

// gnorm is the gold README's normalisation.
func gnorm(s string) string { return strings.ToLower(fold.Replace(norm(s))) }

func has(hay, needle string) bool { return strings.Contains(gnorm(hay), gnorm(needle)) }

func eitherContains(a, b string) bool { return a != "" && b != "" && (has(a, b) || has(b, a)) }

func reportMatches(g goldReport, it corpus.Item) bool {
	if !has(it.Title, g.Title) {
		return false
	}
	dateOK := false
	if g.Date == nil {
		dateOK = it.Date == ""
	} else {
		dateOK = it.Date == *g.Date
	}
	for _, a := range g.DateAlt {
		dateOK = dateOK || it.Date == a
	}
	if !dateOK {
		return false
	}
	return g.Author == nil || has(it.Author, *g.Author)
}

func recMatches(g goldRec, it corpus.Item) bool {
	if !has(it.Text, g.Text) {
		return false
	}
	if g.Response != nil && !has(it.Response, *g.Response) {
		return false
	}
	return g.Topic == nil || eitherContains(it.Topic, *g.Topic)
}

type score struct {
	recall, precision, pageOK float64
	matched, want, got        int
	missed                    []string
}

// scoreGold scores one render; checkPages says whether page numbers hold.
func scoreGold(t *testing.T, pages []corpus.Page, checkPages bool) (rep, rec score, resolved int) {
	b, err := os.ReadFile(filepath.Join(shared, "corpus/tvpcp-2018-11-16-pack.gold.json"))
	if err != nil {
		t.Skipf("gold absent: %v", err)
	}
	var g gold
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	items := Extract(pages)
	var reps, recs []corpus.Item
	for _, it := range items {
		switch it.Kind {
		case corpus.KindReport:
			reps = append(reps, it)
		case corpus.KindRecommendation:
			recs = append(recs, it)
		}
	}
	// Reports.
	usedR := map[int]bool{}
	pageHits := 0
	for _, gr := range g.Reports {
		found := -1
		for i, it := range reps {
			if !usedR[i] && reportMatches(gr, it) {
				found = i
				break
			}
		}
		if gr.Optional {
			if found >= 0 {
				usedR[found] = true
			}
			continue
		}
		rep.want++
		if found < 0 {
			rep.missed = append(rep.missed, gr.Title)
			continue
		}
		usedR[found] = true
		rep.matched++
		if reps[found].Page == gr.Page {
			pageHits++
		}
	}
	rep.got = len(reps)
	rep.recall = float64(rep.matched) / float64(rep.want)
	rep.precision = float64(rep.matched) / float64(max(1, rep.got-countOptional(usedR, reps, g.Reports)))
	rep.pageOK = float64(pageHits) / float64(max(1, rep.matched))
	// Recommendations.
	usedC := map[int]bool{}
	pageHits = 0
	optMatched := 0
	for _, gr := range g.Recommendations {
		if gr.Source == "resolved" {
			resolved++
			continue
		}
		found := -1
		for i, it := range recs {
			if !usedC[i] && recMatches(gr, it) {
				found = i
				break
			}
		}
		if gr.Optional {
			if found >= 0 {
				usedC[found] = true
				optMatched++
			}
			continue
		}
		rec.want++
		if found < 0 {
			rec.missed = append(rec.missed, gr.Source+": "+gr.Text)
			continue
		}
		usedC[found] = true
		rec.matched++
		if recs[found].Page == gr.Page {
			pageHits++
		}
	}
	rec.got = len(recs)
	rec.recall = float64(rec.matched) / float64(rec.want)
	rec.precision = float64(rec.matched) / float64(max(1, rec.got-optMatched))
	rec.pageOK = float64(pageHits) / float64(max(1, rec.matched))
	if testing.Verbose() {
		for _, it := range items {
			t.Logf("%s p%d-%d n=%q title=%q date=%s author=%q topic=%q src=%s status=%q\n   text=%.160q\n   resp=%.120q", it.Kind, it.Page, it.PageEnd, it.Number, it.Title, it.Date, it.Author, it.Topic, it.Source, it.Status, it.Text, it.Response)
		}
	}
	return rep, rec, resolved
}

func countOptional(used map[int]bool, reps []corpus.Item, g []goldReport) int {
	n := 0
	for i := range reps {
		if !used[i] {
			continue
		}
		for _, gr := range g {
			if gr.Optional && reportMatches(gr, reps[i]) {
				n++
				break
			}
		}
	}
	return n
}

func logScore(t *testing.T, name string, s score) {
	t.Logf("%-16s recall %5.1f%% (%d/%d)  precision %5.1f%% (%d items)  page right %5.1f%%", name, 100*s.recall, s.matched, s.want, 100*s.precision, s.got, 100*s.pageOK)
	for _, m := range s.missed {
		t.Logf("   missed: %s", m)
	}
}

func TestGoldChromium(t *testing.T) {
	pages := readPDF(t, filepath.Join(shared, "corpus/tvpcp-2018-11-16-pack.pdf"))
	rep, rec, resolved := scoreGold(t, pages, true)
	logScore(t, "reports", rep)
	logScore(t, "recommendations", rec)
	t.Logf("%d gold entries with source \"resolved\" are left to decision items", resolved)
	if rep.recall < 0.95 {
		t.Errorf("report recall %.1f%% < 95%%", 100*rep.recall)
	}
	if rec.recall < 0.95 {
		t.Errorf("recommendation recall %.1f%% < 95%%", 100*rec.recall)
	}
	if rep.pageOK < 0.98 || rec.pageOK < 0.98 {
		t.Errorf("page right: reports %.1f%%, recommendations %.1f%%; want ≥ 98%%", 100*rep.pageOK, 100*rec.pageOK)
	}
}

func TestGoldLibreOffice(t *testing.T) {
	cr := readPDF(t, filepath.Join(shared, "corpus/tvpcp-2018-11-16-pack.pdf"))
	lo := readPDF(t, filepath.Join(shared, "corpus/tvpcp-2018-11-16-pack-libreoffice.pdf"))
	crRep, crRec, _ := scoreGold(t, cr, true)
	loRep, loRec, _ := scoreGold(t, lo, false)
	logScore(t, "LO reports", loRep)
	logScore(t, "LO recommendations", loRec)
	if d := 100 * (crRep.recall - loRep.recall); d > 2 {
		t.Errorf("LibreOffice report recall %.1f points below Chromium", d)
	}
	if d := 100 * (crRec.recall - loRec.recall); d > 2 {
		t.Errorf("LibreOffice recommendation recall %.1f points below Chromium", d)
	}
}
