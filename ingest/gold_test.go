package ingest

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"panelpapers/corpus"
)

// The gold file is a hand-checked list of what the sample pack contains;
// ../shared/corpus/README.md says how its entries match. These tests score
// the whole pipeline (ingest.File) against it.

type goldFile struct {
	AgendaItems []struct {
		Number        string  `json:"number"`
		TitleContains string  `json:"title_contains"`
		Time          *string `json:"time"`
		Pages         *string `json:"pages"`
	} `json:"agenda_items"`
	Minutes struct {
		MeetingDate string `json:"meeting_date"`
		Items       []struct {
			Number        string `json:"number"`
			TitleContains string `json:"title_contains"`
			Page          int    `json:"page_chromium"`
		} `json:"items"`
		Present      []string `json:"present"`
		Declarations []struct {
			PersonContains   string `json:"person_contains"`
			InterestContains string `json:"interest_contains"`
		} `json:"declarations"`
	} `json:"minutes"`
	Reports []struct {
		TitleContains  string   `json:"title_contains"`
		Date           *string  `json:"date"`
		DateAlt        []string `json:"date_alt"`
		AuthorContains *string  `json:"author_contains"`
		Page           int      `json:"page_chromium"`
		Optional       bool     `json:"optional"`
	} `json:"reports"`
	Recommendations []struct {
		TextContains     string  `json:"text_contains"`
		Topic            *string `json:"topic"`
		Source           string  `json:"source"`
		ResponseContains *string `json:"response_contains"`
		Page             *int    `json:"page_chromium"`
		Optional         bool    `json:"optional"`
	} `json:"recommendations"`
	Funding []struct {
		Recipient       *string  `json:"recipient"`
		RecipientAlt    []string `json:"recipient_alt"`
		Amount          *float64 `json:"amount_gbp"`
		AmountMin       *float64 `json:"amount_min_gbp"`
		Approximate     bool     `json:"approximate"`
		Fund            *string  `json:"fund"`
		PurposeContains string   `json:"purpose_contains"`
		Page            *int     `json:"page_chromium"`
		Optional        bool     `json:"optional"`
	} `json:"funding"`
	NotFunding []struct {
		TextContains string `json:"text_contains"`
	} `json:"not_funding"`
}

// norm folds a string the way the gold README says: whitespace collapsed,
// case ignored, typographic quotes and dashes made ASCII.
func norm(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`, "–", "-", "—", "-", "\u00a0", " ").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

func contains(field, want string) bool { return strings.Contains(norm(field), norm(want)) }

func eitherContains(a, b string) bool {
	a, b = norm(a), norm(b)
	return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
}

// score is recall and precision for one section of the gold.
type score struct {
	name                       string
	wanted, found, got, pageOK int
	precisionMatched           int
	misses                     []string
}

func (s score) recall() float64 { return ratio(s.found, s.wanted) }
func (s score) precision() float64 {
	if s.got == 0 {
		return 0
	}
	return ratio(s.precisionMatched, s.got)
}
func (s score) pages() float64 { return ratio(s.pageOK, s.found) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s score) String() string {
	return fmt.Sprintf("%-16s recall %3d/%-3d %5.1f%%  precision %5.1f%% (of %d)  page right %5.1f%%",
		s.name, s.found, s.wanted, 100*s.recall(), 100*s.precision(), s.got, 100*s.pages())
}

func loadGold(t *testing.T) goldFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(shared, "corpus", "tvpcp-2018-11-16-pack.gold.json"))
	if err != nil {
		t.Skipf("gold not available: %v", err)
	}
	var g goldFile
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func ofKind(items []corpus.Item, kinds ...corpus.Kind) []corpus.Item {
	var out []corpus.Item
	for _, it := range items {
		for _, k := range kinds {
			if it.Kind == k {
				out = append(out, it)
			}
		}
	}
	return out
}

func trimNumber(n string) string { return strings.TrimRight(strings.TrimSpace(n), ".") }

func amountMatches(got, want float64, approx bool, min *float64) bool {
	if min != nil {
		return got >= *min*0.99 && got <= want*1.01
	}
	if approx {
		return math.Abs(got-want) <= want*0.01
	}
	return math.Abs(got-want) < 0.005
}

// scoreGold scores parsed items against the gold. checkPages is false for
// renders whose page breaks differ from the Chromium one.
func scoreGold(g goldFile, items []corpus.Item, checkPages bool) []score {
	pageOK := func(page int, want *int) bool { return !checkPages || want == nil || page == *want }
	var scores []score

	// Agenda items: number, title, time and pages all right.
	agenda := score{name: "agenda items"}
	parsed := ofKind(items, corpus.KindAgendaItem)
	agenda.got = len(parsed)
	for _, w := range g.AgendaItems {
		agenda.wanted++
		hit := false
		for _, it := range parsed {
			if trimNumber(it.Number) == w.Number && contains(it.Title, w.TitleContains) &&
				it.Time == deref(w.Time) && it.Pages == deref(w.Pages) {
				hit = true
				break
			}
		}
		if hit {
			agenda.found++
			agenda.pageOK++
			agenda.precisionMatched++
		} else {
			agenda.misses = append(agenda.misses, fmt.Sprintf("%s %q time %v pages %v", w.Number, w.TitleContains, deref(w.Time), deref(w.Pages)))
		}
	}
	scores = append(scores, agenda)

	minutes := score{name: "minute items"}
	parsed = ofKind(items, corpus.KindMinute)
	minutes.got = len(parsed)
	for _, w := range g.Minutes.Items {
		minutes.wanted++
		found := false
		for _, it := range parsed {
			if trimNumber(it.Number) == w.Number && contains(it.Title, w.TitleContains) {
				found = true
				minutes.precisionMatched++
				if pageOK(it.Page, &w.Page) {
					minutes.pageOK++
				}
				break
			}
		}
		if found {
			minutes.found++
		} else {
			minutes.misses = append(minutes.misses, w.Number+" "+w.TitleContains)
		}
	}
	scores = append(scores, minutes)

	reports := score{name: "reports"}
	parsed = ofKind(items, corpus.KindReport)
	reports.got = len(parsed)
	for _, w := range g.Reports {
		if w.Optional {
			continue
		}
		reports.wanted++
		found := false
		for _, it := range parsed {
			if !contains(it.Title, w.TitleContains) {
				continue
			}
			if w.AuthorContains != nil && !contains(it.Author, *w.AuthorContains) {
				continue
			}
			dateOK := it.Date == deref(w.Date) || (w.Date == nil && it.Date == "")
			for _, alt := range w.DateAlt {
				dateOK = dateOK || it.Date == alt
			}
			if !dateOK {
				continue
			}
			found = true
			reports.precisionMatched++
			if pageOK(it.Page, &w.Page) {
				reports.pageOK++
			}
			break
		}
		if found {
			reports.found++
		} else {
			reports.misses = append(reports.misses, w.TitleContains)
		}
	}
	scores = append(scores, reports)

	recs := score{name: "recommendations"}
	parsed = ofKind(items, corpus.KindRecommendation, corpus.KindDecision)
	recs.got = len(parsed)
	matchedParsed := map[int]bool{}
	for _, w := range g.Recommendations {
		match := func(it corpus.Item) bool {
			if !contains(it.Text, w.TextContains) {
				return false
			}
			if w.ResponseContains != nil && !contains(it.Response, *w.ResponseContains) {
				return false
			}
			// A decision's topic is its minute's title; both must agree
			// with the heading the gold names, when it names one.
			return w.Topic == nil || eitherContains(it.Topic, *w.Topic) || eitherContains(it.Title, *w.Topic)
		}
		idx := -1
		for i, it := range parsed {
			if match(it) {
				idx = i
				break
			}
		}
		if idx >= 0 {
			matchedParsed[idx] = true
		}
		if w.Optional {
			continue
		}
		recs.wanted++
		if idx < 0 {
			recs.misses = append(recs.misses, w.Source+": "+w.TextContains)
			continue
		}
		recs.found++
		if pageOK(parsed[idx].Page, w.Page) {
			recs.pageOK++
		}
	}
	recs.precisionMatched = len(matchedParsed)
	scores = append(scores, recs)

	funding := score{name: "funding"}
	parsed = ofKind(items, corpus.KindFunding)
	funding.got = len(parsed)
	used := map[int]bool{}
	// A parsed line matches a gold entry on the amount plus either the
	// recipient or the purpose.
	fundingMatch := func(it corpus.Item, i int) bool {
		w := g.Funding[i]
		if w.Amount == nil || !amountMatches(it.Amount, *w.Amount, w.Approximate, w.AmountMin) {
			return false
		}
		recipientOK := false
		if w.Recipient != nil {
			recipientOK = eitherContains(it.Recipient, *w.Recipient)
			for _, alt := range w.RecipientAlt {
				recipientOK = recipientOK || eitherContains(it.Recipient, alt)
			}
		}
		return recipientOK || contains(it.Text, w.PurposeContains) || contains(it.Purpose, w.PurposeContains)
	}
	for i, w := range g.Funding {
		best := -1
		for j, it := range parsed {
			if used[j] || !fundingMatch(it, i) {
				continue
			}
			if best < 0 || (checkPages && w.Page != nil && it.Page == *w.Page) {
				best = j
			}
		}
		if best >= 0 {
			used[best] = true
		}
		if w.Optional {
			continue
		}
		funding.wanted++
		if best < 0 {
			amount := 0.0
			if w.Amount != nil {
				amount = *w.Amount
			}
			funding.misses = append(funding.misses, fmt.Sprintf("£%.0f %s: %s", amount, deref(w.Recipient), w.PurposeContains))
			continue
		}
		funding.found++
		if pageOK(parsed[best].Page, w.Page) {
			funding.pageOK++
		}
	}
	funding.precisionMatched = len(used)
	scores = append(scores, funding)
	return scores
}

// notFunding returns the parsed funding items that match a not_funding entry.
func notFunding(g goldFile, items []corpus.Item) []string {
	var bad []string
	for _, it := range ofKind(items, corpus.KindFunding) {
		for _, nf := range g.NotFunding {
			if contains(it.Text, nf.TextContains) {
				bad = append(bad, fmt.Sprintf("£%s %q", strconv.FormatFloat(it.Amount, 'f', -1, 64), nf.TextContains))
			}
		}
	}
	return bad
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestGoldSamplePack(t *testing.T) {
	g := loadGold(t)
	chromium := parseShared(t, "corpus/tvpcp-2018-11-16-pack.pdf")
	libre := parseShared(t, "corpus/tvpcp-2018-11-16-pack-libreoffice.pdf")
	cs := scoreGold(g, chromium.Items, true)
	ls := scoreGold(g, libre.Items, false)
	t.Log("Chromium render:")
	for _, s := range cs {
		t.Log("  ", s)
		for _, m := range s.misses {
			t.Log("      missed:", m)
		}
	}
	t.Log("LibreOffice render (pages not scored):")
	for _, s := range ls {
		t.Log("  ", s)
	}
	bars := map[string]float64{"agenda items": 1, "minute items": 1, "reports": 0.95, "recommendations": 0.95, "funding": 0.98}
	for i, s := range cs {
		if s.recall() < bars[s.name] {
			t.Errorf("%s: recall %.1f%% below the bar %.0f%%", s.name, 100*s.recall(), 100*bars[s.name])
		}
		if s.found > 0 && s.pages() < 0.98 {
			t.Errorf("%s: page right for %.1f%% of matched items; want >= 98%%", s.name, 100*s.pages())
		}
		if d := s.recall() - ls[i].recall(); d > 0.02 || d < -0.02 {
			t.Errorf("%s: LibreOffice recall %.1f%% is more than 2 points from Chromium's %.1f%%", s.name, 100*ls[i].recall(), 100*s.recall())
		}
		if s.name == "funding" && s.precision() < 0.95 {
			t.Errorf("funding precision %.1f%% below 95%%", 100*s.precision())
		}
	}
	for _, p := range []*corpus.Parsed{chromium, libre} {
		if bad := notFunding(g, p.Items); len(bad) > 0 {
			t.Errorf("%s: funding items that are not funding: %v", filepath.Base(p.Document.Path), bad)
		}
	}
}
