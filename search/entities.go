package search

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"panelpapers/corpus"
	"panelpapers/names"
)

// Entities: the recipients, funders, funds and bodies the papers name, each
// one thing however the papers wrote it (names.Key and the manual merges),
// with what the papers record of it over time. They are computed on top of
// a Library (Each over the funding lines, Documents for bodies), so every
// backend has them, and cached by EntityCache until the next ingest.

// EntityType is what kind of name an entity is.
type EntityType string

const (
	EntityRecipient EntityType = "recipient"
	EntityFunder    EntityType = "funder"
	EntityFund      EntityType = "fund"
	EntityBody      EntityType = "body"
)

// EntityTypes lists the entity types, in the order pages show them.
var EntityTypes = []EntityType{EntityRecipient, EntityFunder, EntityFund, EntityBody}

// Valid reports whether t is one of EntityTypes.
func (t EntityType) Valid() bool { return slices.Contains(EntityTypes, t) }

// Money reports whether entities of type t are counted in funding lines
// and money (recipients, funders, funds); a body is counted in papers.
func (t EntityType) Money() bool { return t != EntityBody }

// Entity is one recipient, funder, fund or body.
//
// For recipients, funders and funds, Count is the funding lines that name
// it and Pence their sum in Currency, exactly; lines in another currency
// are counted, and summed in Totals. For a body, Count is the papers
// (documents) it published and there is no money. Copies of documents are
// left out, as totals leave them out. Dates are an item's own date, else
// its meeting's (a paper's meeting date for a body).
type Entity struct {
	ID        string
	Type      EntityType
	Name      string   // as its merge names it, else as written most often
	Key       string   // the canonical key: names.Key, then Merges.Canon
	Variants  []string // every way the papers wrote it, most often first
	Count     int
	Pence     int64
	Currency  string
	Totals    []Money // every currency's sum, largest first, when there is more than one
	FirstDate string  // YYYY-MM-DD, "" when nothing is dated
	LastDate  string
	Years     []EntityYear // oldest first; undated lines or papers last, with Year ""
}

// Money is a sum in one currency.
type Money struct {
	Currency string
	Pence    int64
}

// EntityYear is what one year holds of an entity.
type EntityYear struct {
	Year   string // "2018"; "" for undated
	Count  int    // funding lines, or papers for a body
	Pence  int64  // in the entity's Currency
	Lines  []*EntityLine
	Papers []EntityPaper
}

// EntityLine is a funding line as an entity lists it: enough to show and
// cite it without fetching the item.
type EntityLine struct {
	ID          string
	Title       string
	Date        string
	Amount      float64
	Pence       int64
	Currency    string
	Approximate bool
	Recipient   string
	Funder      string
	Fund        string
	Period      string
	Purpose     string
	Body        string
	Page        int
	DocID       string
	DocTitle    string
	DocFormat   corpus.Format
}

// EntityPaper is a paper (document) of a body.
type EntityPaper struct {
	ID     string
	Title  string
	Date   string
	Format corpus.Format
	Pages  int
}

// Entities is every entity of a library at one moment.
type Entities struct {
	byType map[EntityType][]*Entity // largest first (money), else most papers
	byID   map[string]*Entity       // also under the IDs of keys merged into it
	merges *names.Merges
	Built  time.Time
	Took   time.Duration
	Lines  int // funding lines read
	Papers int // documents read (copies left out)
}

// EntityID is the ID of the entity of type t with canonical key key:
// "recipient-oxfordshire-community-safety-partnership". It depends on the
// name only, so it stays the same across restarts and re-ingests. A key too
// long for an address is cut, with a hash of the whole key after it.
func EntityID(t EntityType, key string) string {
	return string(t) + "-" + keySlug(key)
}

// keySlug writes a key for an address or an identifier: words joined by
// hyphens, a long key cut with a hash of the whole after it.
func keySlug(key string) string {
	slug := strings.ReplaceAll(key, " ", "-")
	const maxSlug, cut = 64, 48
	if len(slug) > maxSlug {
		sum := sha256.Sum256([]byte(key))
		short := slug[:cut]
		for len(short) > 0 && !utf8Start(slug[len(short)]) {
			short = short[:len(short)-1] // never half a letter
		}
		slug = strings.TrimRight(short, "-") + "-" + hex.EncodeToString(sum[:4])
	}
	return slug
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// EntityIDOf is the ID of the entity a name of type t belongs to under
// merges m, or "" for a name with nothing to compare by.
func EntityIDOf(t EntityType, name string, m *names.Merges) string {
	k := names.Key(name)
	if k == "" {
		return ""
	}
	return EntityID(t, m.Canon(k))
}

// entityAcc gathers one entity while the table is built.
type entityAcc struct {
	variants map[string]int
	totals   map[string]int64
	lines    []*EntityLine
	papers   []EntityPaper
}

// BuildEntities reads every funding line (Each) and every document of lib
// and gathers them into entities, merging names by names.Key and m.
func BuildEntities(ctx context.Context, lib Library, m *names.Merges) (*Entities, error) {
	start := time.Now()
	acc := map[EntityType]map[string]*entityAcc{}
	for _, t := range EntityTypes {
		acc[t] = map[string]*entityAcc{}
	}
	add := func(t EntityType, name string) *entityAcc {
		k := names.Key(name)
		if k == "" {
			return nil
		}
		k = m.Canon(k)
		a := acc[t][k]
		if a == nil {
			a = &entityAcc{variants: map[string]int{}, totals: map[string]int64{}}
			acc[t][k] = a
		}
		a.variants[name]++
		return a
	}
	e := &Entities{byType: map[EntityType][]*Entity{}, byID: map[string]*Entity{}, merges: m}
	err := lib.Each(ctx, Request{Kinds: []corpus.Kind{corpus.KindFunding}, Sort: SortDate}, func(h Hit) error {
		it, doc := h.Item, h.Document
		e.Lines++
		line := &EntityLine{
			ID: it.ID, Title: it.Title, Date: firstNonEmpty(it.Date, it.MeetingDate, doc.MeetingDate),
			Amount: it.Amount, Pence: int64(math.Round(it.Amount * 100)), Currency: cmp.Or(it.Currency, "GBP"),
			Approximate: it.Approximate, Recipient: it.Recipient, Funder: it.Funder, Fund: it.Fund,
			Period: it.Period, Purpose: it.Purpose, Body: firstNonEmpty(it.Body, doc.Body),
			Page: it.Page, DocID: doc.ID, DocTitle: docTitle(doc), DocFormat: doc.Format,
		}
		for t, name := range map[EntityType]string{EntityRecipient: it.Recipient, EntityFunder: it.Funder, EntityFund: it.Fund} {
			if a := add(t, name); a != nil {
				a.lines = append(a.lines, line)
				a.totals[line.Currency] += line.Pence
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: entities: funding lines: %w", err)
	}
	docs, err := lib.Documents(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: entities: documents: %w", err)
	}
	for _, d := range docs {
		if d.CopyOf != "" {
			continue
		}
		e.Papers++
		if a := add(EntityBody, d.Body); a != nil {
			a.papers = append(a.papers, EntityPaper{ID: d.ID, Title: docTitle(d), Date: d.MeetingDate, Format: d.Format, Pages: d.Pages})
		}
	}
	for t, byKey := range acc {
		for k, a := range byKey {
			ent := a.entity(t, k, m)
			e.byType[t] = append(e.byType[t], ent)
			e.byID[ent.ID] = ent
		}
		slices.SortFunc(e.byType[t], compareEntities)
	}
	// Old links: the ID a variant had before a merge joined it still finds
	// the entity (the page redirects to its ID).
	for _, ents := range e.byType {
		for _, ent := range ents {
			for _, v := range ent.Variants {
				if id := EntityID(ent.Type, names.Key(v)); e.byID[id] == nil {
					e.byID[id] = ent
				}
			}
		}
	}
	e.Built, e.Took = time.Now(), time.Since(start)
	return e, nil
}

// compareEntities orders a list: the most money first, then the most lines
// or papers, then by name.
func compareEntities(a, b *Entity) int {
	return cmp.Or(cmp.Compare(b.Pence, a.Pence), cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
}

func (a *entityAcc) entity(t EntityType, key string, m *names.Merges) *Entity {
	ent := &Entity{ID: EntityID(t, key), Type: t, Key: key}
	for v := range a.variants {
		ent.Variants = append(ent.Variants, v)
	}
	slices.SortFunc(ent.Variants, func(x, y string) int {
		return names.CompareVariants(x, a.variants[x], y, a.variants[y])
	})
	ent.Name = cmp.Or(m.Name(key), ent.Variants[0])
	for cur, p := range a.totals {
		ent.Totals = append(ent.Totals, Money{cur, p})
	}
	slices.SortFunc(ent.Totals, func(x, y Money) int {
		// GBP first: the papers are British; then the largest sum.
		return cmp.Or(boolOrder(y.Currency == "GBP", x.Currency == "GBP"), cmp.Compare(y.Pence, x.Pence), strings.Compare(x.Currency, y.Currency))
	})
	if len(ent.Totals) > 0 {
		ent.Currency, ent.Pence = ent.Totals[0].Currency, ent.Totals[0].Pence
	}
	if len(ent.Totals) < 2 {
		ent.Totals = nil
	}
	years := map[string]*EntityYear{}
	year := func(date string) *EntityYear {
		y := ""
		if len(date) >= 4 {
			y = date[:4]
		}
		if years[y] == nil {
			years[y] = &EntityYear{Year: y}
		}
		return years[y]
	}
	dated := func(date string) {
		if date == "" {
			return
		}
		if ent.FirstDate == "" || date < ent.FirstDate {
			ent.FirstDate = date
		}
		if date > ent.LastDate {
			ent.LastDate = date
		}
	}
	for _, l := range a.lines {
		ent.Count++
		dated(l.Date)
		y := year(l.Date)
		y.Count++
		y.Lines = append(y.Lines, l)
		if l.Currency == ent.Currency {
			y.Pence += l.Pence
		}
	}
	for _, p := range a.papers {
		ent.Count++
		dated(p.Date)
		y := year(p.Date)
		y.Count++
		y.Papers = append(y.Papers, p)
	}
	for _, y := range years {
		slices.SortStableFunc(y.Lines, func(x, z *EntityLine) int {
			return cmp.Or(strings.Compare(x.Date, z.Date), strings.Compare(x.ID, z.ID))
		})
		slices.SortStableFunc(y.Papers, func(x, z EntityPaper) int {
			return cmp.Or(strings.Compare(x.Date, z.Date), strings.Compare(x.ID, z.ID))
		})
		ent.Years = append(ent.Years, *y)
	}
	slices.SortFunc(ent.Years, func(x, z EntityYear) int {
		if (x.Year == "") != (z.Year == "") {
			return boolOrder(x.Year == "", z.Year == "") // undated last
		}
		return strings.Compare(x.Year, z.Year)
	})
	return ent
}

// boolOrder sorts false before true.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// List returns the entities of type t whose name or a variant holds q
// (compared by names.Key: "young farmers" finds "Carmarthenshire Federation
// of YFCs"), largest first; every type when t is "".
func (e *Entities) List(t EntityType, q string) []*Entity {
	qk := names.Key(q)
	var out []*Entity
	for _, typ := range EntityTypes {
		if t != "" && typ != t {
			continue
		}
		for _, ent := range e.byType[typ] {
			if qk == "" || ent.matches(qk) {
				out = append(out, ent)
			}
		}
	}
	return out
}

func (ent *Entity) matches(qk string) bool {
	if containsWords(ent.Key, qk) || containsWords(names.Key(ent.Name), qk) {
		return true
	}
	for _, v := range ent.Variants {
		if containsWords(names.Key(v), qk) {
			return true
		}
	}
	return false
}

// containsWords reports whether the words of q occur in key in a row, from
// the start of a word ("farm" finds "young farmers", "arm" does not).
func containsWords(key, q string) bool {
	for i := 0; ; {
		j := strings.Index(key[i:], q)
		if j < 0 {
			return false
		}
		if i+j == 0 || key[i+j-1] == ' ' {
			return true
		}
		i += j + 1
	}
}

// Get returns the entity with id, also under the ID a name merged into it
// had on its own (then the entity's ID differs from id).
func (e *Entities) Get(id string) (*Entity, bool) {
	ent, ok := e.byID[id]
	return ent, ok
}

// Count is the number of entities of type t.
func (e *Entities) Count(t EntityType) int { return len(e.byType[t]) }

// EntityCache keeps the entities of a library until Invalidate (an
// ingest) or until the merges change, and builds them once for all the
// requests that ask while they are built.
type EntityCache struct {
	lib    Library
	merges names.MergeSource
	onErr  func(error)
	onDone func(*Entities)

	mu     sync.Mutex
	gen    uint64 // Invalidate counts up
	cur    *Entities
	curGen uint64
	flight *entityFlight
}

type entityFlight struct {
	gen    uint64
	merges *names.Merges
	done   chan struct{}
	ent    *Entities
	err    error
}

// NewEntityCache caches the entities of lib under the merges src gives
// (nil: the bundled merges). built, if not nil, hears of each table built
// (the server logs how long it took).
func NewEntityCache(lib Library, src names.MergeSource, built func(*Entities)) *EntityCache {
	if src == nil {
		src = names.Bundled()
	}
	return &EntityCache{lib: lib, merges: src, onDone: built}
}

// Invalidate drops the entities: the library changed. The next Get builds
// them again.
func (c *EntityCache) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.mu.Unlock()
}

// Merges are the merges in force now.
func (c *EntityCache) Merges() *names.Merges { return c.merges.Merges() }

// Get returns the entities, building them if the library or the merges
// changed since they were last built. A caller whose ctx ends stops
// waiting; the build carries on for the next.
func (c *EntityCache) Get(ctx context.Context) (*Entities, error) {
	m := c.merges.Merges()
	c.mu.Lock()
	if c.cur != nil && c.curGen == c.gen && c.cur.merges == m {
		e := c.cur
		c.mu.Unlock()
		return e, nil
	}
	f := c.flight
	if f == nil || f.gen != c.gen || f.merges != m {
		f = &entityFlight{gen: c.gen, merges: m, done: make(chan struct{})}
		c.flight = f
		go c.build(f)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
		return f.ent, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// entityBuildTimeout bounds one build, which no request waits on alone.
const entityBuildTimeout = 5 * time.Minute

func (c *EntityCache) build(f *entityFlight) {
	defer close(f.done)
	defer func() {
		if v := recover(); v != nil {
			f.ent, f.err = nil, fmt.Errorf("search: entities: panic: %v", v)
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if f.err == nil && f.gen == c.gen {
			c.cur, c.curGen = f.ent, f.gen
		}
		if c.flight == f {
			c.flight = nil // a failed build is tried again by the next Get
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), entityBuildTimeout)
	defer cancel()
	f.ent, f.err = BuildEntities(ctx, c.lib, f.merges)
	if f.err == nil && c.onDone != nil {
		c.onDone(f.ent)
	}
}
