// Package synth builds realistic synthetic papers in volume, for measuring
// the index and the server at scale. It recombines real papers: their items,
// sentences and money lines, under varied bodies and dates, so that term
// frequencies, item kinds, text lengths and funding amounts follow real
// papers rather than a word list.
package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"panelpapers/corpus"
)

// Bodies are real UK committees and Police and Crime Panels; synthetic packs
// are spread over them, so body facets and filters have realistic spread.
var Bodies = []string{
	"Thames Valley Police and Crime Panel", "Kent and Medway Police and Crime Panel", "Surrey Police and Crime Panel",
	"West Midlands Police and Crime Panel", "Greater Manchester Police, Fire and Crime Panel", "Avon and Somerset Police and Crime Panel",
	"Hampshire and Isle of Wight Police and Crime Panel", "Essex Police, Fire and Crime Panel", "Devon and Cornwall Police and Crime Panel",
	"Lancashire Police and Crime Panel", "North Yorkshire Police, Fire and Crime Panel", "Dyfed-Powys Police and Crime Panel",
	"Kent County Council Cabinet", "Merton Council Cabinet", "Kirklees Council Cabinet", "Oxfordshire County Council Cabinet",
	"Buckinghamshire Council Cabinet", "Leeds City Council Executive Board", "Bristol City Council Cabinet",
	"Tintern Community Council", "Manordeilo and Salem Community Council", "Cornwall Council Cabinet",
	"Norfolk County Council Cabinet", "Cardiff Council Cabinet", "Birmingham City Council Cabinet",
}

// Generator makes synthetic packs from seed papers. It is deterministic:
// the same seeds and seed number give the same packs.
type Generator struct {
	byKind     map[corpus.Kind][]corpus.Item
	kinds      []corpus.Kind // weighted: a kind appears as often as in the seeds
	sentences  []string
	recipients []string
	funds      []string
	seed       uint64
}

// New returns a generator over the items of seeds. It needs at least one
// item with text.
func New(seeds []corpus.Parsed, seed uint64) (*Generator, error) {
	g := &Generator{byKind: map[corpus.Kind][]corpus.Item{}, seed: seed}
	seenRecipient, seenFund := map[string]bool{}, map[string]bool{}
	for _, p := range seeds {
		for _, it := range p.Items {
			g.byKind[it.Kind] = append(g.byKind[it.Kind], it)
			g.kinds = append(g.kinds, it.Kind)
			for _, s := range splitSentences(it.Text) {
				if len(s) > 30 {
					g.sentences = append(g.sentences, s)
				}
			}
			if it.Recipient != "" && !seenRecipient[it.Recipient] {
				seenRecipient[it.Recipient] = true
				g.recipients = append(g.recipients, it.Recipient)
			}
			if it.Fund != "" && !seenFund[it.Fund] {
				seenFund[it.Fund] = true
				g.funds = append(g.funds, it.Fund)
			}
		}
	}
	if len(g.sentences) == 0 || len(g.kinds) == 0 {
		return nil, fmt.Errorf("synth: the seed papers have no text to recombine")
	}
	return g, nil
}

func splitSentences(s string) []string {
	var out []string
	for _, part := range strings.SplitAfter(strings.Join(strings.Fields(s), " "), ". ") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// Pack returns synthetic pack number n with about items items. Its ID and
// its items' IDs are derived from the generator's seed and n.
func (g *Generator) Pack(n, items int) corpus.Parsed {
	rng := rand.New(rand.NewPCG(g.seed, uint64(n)))
	sum := sha256.Sum256([]byte(fmt.Sprintf("synth %d %d", g.seed, n)))
	id := hex.EncodeToString(sum[:])
	body := Bodies[rng.IntN(len(Bodies))]
	day := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(17*365))
	date := day.Format(time.DateOnly)
	doc := corpus.Document{
		ID:          id,
		Path:        fmt.Sprintf("synthetic/%s/pack-%07d.pdf", slug(body), n),
		Format:      corpus.FormatPDF,
		Title:       fmt.Sprintf("%s - Agenda - %s", body, day.Format("2 January 2006")),
		Body:        body,
		MeetingDate: date,
		Producer:    "papers synth",
		IngestedAt:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	out := corpus.Parsed{Document: doc, Items: make([]corpus.Item, 0, items)}
	page := 1
	for i := range items {
		src := g.pick(rng)
		it := src
		it.ID = fmt.Sprintf("%s-%04d", id[:16], i+1)
		it.DocID = id
		it.Body = body
		it.MeetingDate = date
		if it.Date != "" {
			it.Date = date
		}
		it.Text = g.text(rng, src.Text)
		it.Page = page
		it.PageEnd = 0
		it.PrintedPage = strconv.Itoa(page)
		if rng.IntN(3) == 0 {
			page++
		}
		if it.Kind == corpus.KindFunding {
			g.money(rng, &it, day)
		}
		out.Items = append(out.Items, it)
	}
	out.Document.Pages = page
	return out
}

func (g *Generator) pick(rng *rand.Rand) corpus.Item {
	items := g.byKind[g.kinds[rng.IntN(len(g.kinds))]]
	return items[rng.IntN(len(items))]
}

// text keeps the source's length roughly but recombines sentences, so no
// two packs repeat each other word for word.
func (g *Generator) text(rng *rand.Rand, src string) string {
	n := len(splitSentences(src))
	if n == 0 {
		return ""
	}
	n = max(1, n/2+rng.IntN(n+1))
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.sentences[rng.IntN(len(g.sentences))]
	}
	return strings.Join(parts, " ")
}

// money varies an award: amount scaled and rounded as papers round, a
// recipient and fund from the real ones, the financial year of the meeting.
func (g *Generator) money(rng *rand.Rand, it *corpus.Item, day time.Time) {
	base := it.Amount
	if base == 0 {
		base = 1000
	}
	v := base * math.Exp(rng.NormFloat64()*0.7)
	switch {
	case v >= 1e6:
		v = math.Round(v/1e5) * 1e5
	case v >= 1e4:
		v = math.Round(v/100) * 100
	default:
		v = math.Round(v*100) / 100
	}
	it.Amount = v
	it.Currency = "GBP"
	if len(g.recipients) > 0 && rng.IntN(4) > 0 {
		it.Recipient = g.recipients[rng.IntN(len(g.recipients))]
	}
	if len(g.funds) > 0 && rng.IntN(3) > 0 {
		it.Fund = g.funds[rng.IntN(len(g.funds))]
	}
	y := day.Year()
	if day.Month() < time.April {
		y--
	}
	it.Period = fmt.Sprintf("%d/%02d", y, (y+1)%100)
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// TextBytes is the raw text an item carries: what a person could search
// for, the measure the index's size is judged against.
func TextBytes(it corpus.Item) int {
	return len(it.Title) + len(it.Text) + len(it.Recipient) + len(it.Fund) + len(it.Purpose) +
		len(it.Response) + len(it.Topic) + len(it.Person) + len(it.Author) + len(it.Number) + len(it.Status)
}
