package osindex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/search"
)

// Bulk requests are sent at whichever limit comes first. A put of a few
// files (papers ingest writes up to 2,000 items at once) is one request:
// its items, its document records and the deletes of the versions they
// replace together.
const (
	bulkMaxOps   = 2500
	bulkMaxBytes = 32 << 20
)

// Put stores one parsed document and its items; see PutAll.
func (ix *Index) Put(ctx context.Context, p corpus.Parsed) (index.Outcome, error) {
	outcomes, err := ix.PutAll(ctx, []corpus.Parsed{p})
	if err != nil {
		return "", err
	}
	return outcomes[0], nil
}

// PutAll stores documents as index.(*Index).PutAll does, with the same
// outcomes and the same order of writes, so the same promises hold (the
// ones of docs/hardening.md):
//
//  1. the new items go first, in as many bulk requests as they need;
//  2. then, in the last request, the deletes of the old versions (found by
//     path) and the new document records.
//
// So every document record has all its items, and an old version stays
// whole until the request that replaces it. Within the cluster nothing of a
// put is visible until it ends: the index refreshes only when told
// (refresh_interval -1), and a put refreshes once, after its last request.
// Searches go on answering meanwhile, from the state before the put.
// A put that fails part way leaves items without a document record,
// invisible until the next refresh and overwritten by the re-run (IDs are
// deterministic). (Several writers share the refreshes: one's refresh can
// show another's items before their document record, as a Bleve index
// does after a crash.)
func (ix *Index) PutAll(ctx context.Context, ps []corpus.Parsed) ([]index.Outcome, error) {
	paths := map[string]bool{}
	for _, p := range ps {
		if p.Document.ID == "" {
			return nil, fmt.Errorf("opensearch: put %s: document has no ID", describe([]corpus.Parsed{p}))
		}
		if path := p.Document.Path; path != "" && paths[path] && len(ps) > 1 {
			return ix.putEach(ctx, ps) // the later replaces the earlier, which must be stored first
		}
		paths[p.Document.Path] = true
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, fmt.Errorf("opensearch: put %s: index is closed", describe(ps))
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("opensearch: put %s: %w", describe(ps), err)
	}
	ps = slices.Clone(ps)
	originals, err := ix.originals(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = docPrefix + p.Document.ID
	}
	stored, err := ix.existing(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("opensearch: put %s: %w", describe(ps), err)
	}
	outcomes := make([]index.Outcome, len(ps))
	seen := map[string]bool{}
	var todo []int
	for i, p := range ps {
		if stored[ids[i]] || seen[p.Document.ID] {
			outcomes[i] = index.Unchanged
			continue
		}
		seen[p.Document.ID] = true
		todo = append(todo, i)
		outcomes[i] = index.Added
	}
	prepared, err := prepareAll(ctx, ps, todo)
	if err != nil {
		return nil, err
	}

	var stale []string // records to delete: old versions and their items
	var staleDocs []string
	fresh := map[string]bool{}
	for _, i := range todo {
		d := ps[i].Document
		if d.Path != "" {
			olds, err := ix.collectIDs(ctx, boolQ([]q{termQ(fType, typeDocument), termQ(fPath, d.Path)}, nil, nil))
			if err != nil {
				return nil, fmt.Errorf("opensearch: put %s: find old versions: %w", d.Path, err)
			}
			for _, old := range olds {
				oldID := strings.TrimPrefix(old, docPrefix)
				items, err := ix.collectIDs(ctx, boolQ([]q{termQ(fType, typeItem), termQ(fDocID, oldID)}, nil, nil))
				if err != nil {
					return nil, fmt.Errorf("opensearch: put %s: find old items: %w", d.Path, err)
				}
				stale = append(append(stale, items...), old)
				staleDocs = append(staleDocs, oldID)
				outcomes[i] = index.Updated
			}
		}
		candidates := slices.DeleteFunc(slices.Clone(originals), func(o index.Original) bool { return slices.Contains(staleDocs, o.ID) })
		if orig, ok := index.CopyOf(prepared[i].Sketch, candidates); ok {
			ps[i].Document.CopyOf = orig.ID
		} else {
			originals = append(originals, index.Original{ID: d.ID, Path: d.Path, Sketch: prepared[i].Sketch})
		}
		for _, it := range prepared[i].Items {
			fresh[it.Item.ID] = true
		}
	}

	var bulk bulkBody
	for _, i := range todo {
		d := ps[i].Document
		for _, it := range prepared[i].Items {
			if err := bulk.index(it.Item.ID, itemSource(it, d)); err != nil {
				return nil, err
			}
			if bulk.full() {
				if err := ix.sendBulk(ctx, &bulk); err != nil {
					return nil, fmt.Errorf("opensearch: put %s: %w", describe(ps), err)
				}
			}
		}
	}
	// The last request: old versions go, new records come. An old item
	// whose ID the new version reuses was overwritten already.
	for _, id := range stale {
		if !fresh[id] {
			bulk.delete(id)
		}
	}
	var defs []map[string]map[string]bool
	for _, i := range todo {
		def := index.AcronymDefinitions(ps[i])
		defs = append(defs, def)
		src, err := documentSource(ps[i].Document, prepared[i].Sketch, def)
		if err != nil {
			return nil, err
		}
		if err := bulk.index(docPrefix+ps[i].Document.ID, src); err != nil {
			return nil, err
		}
	}
	if err := ix.sendBulk(ctx, &bulk); err != nil {
		ix.sketches = nil // read again from the index
		return nil, fmt.Errorf("opensearch: put %s: %w", describe(ps), err)
	}
	if !ix.cfg.BulkLoad {
		if err := ix.refresh(ctx); err != nil {
			return nil, err
		}
	}
	originals = slices.DeleteFunc(originals, func(o index.Original) bool { return slices.Contains(staleDocs, o.ID) })
	ix.sketches = &originals
	ix.learn(defs)
	return outcomes, nil
}

func (ix *Index) putEach(ctx context.Context, ps []corpus.Parsed) ([]index.Outcome, error) {
	outcomes := make([]index.Outcome, len(ps))
	for i, p := range ps {
		o, err := ix.Put(ctx, p)
		if err != nil {
			return nil, err
		}
		outcomes[i] = o
	}
	return outcomes, nil
}

// prepareAll prepares the documents ps[i] for i in todo, several at once.
func prepareAll(ctx context.Context, ps []corpus.Parsed, todo []int) ([]index.Prepared, error) {
	out := make([]index.Prepared, len(ps))
	errs := make([]error, len(ps))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, i := range todo {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i], errs[i] = index.Prepare(ps[i])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// itemSource is the record of an item: its search fields as Bleve's
// (index.Prepare), the facets split one field each, the funding groups as
// names with the amount in pence, and the item's JSON.
func itemSource(it index.PreparedItem, d corpus.Document) map[string]any {
	src := make(map[string]any, len(it.Fields)+8)
	for f, v := range it.Fields {
		switch {
		case f == fFacets:
			terms, _ := v.([]string)
			for _, t := range terms {
				if name, val, ok := strings.Cut(t, "\x1f"); ok {
					src[facetPrefix+name] = val
				}
			}
		case strings.HasPrefix(f, groupPrefix):
			// Bleve's "<key>\x1f<pence>\x1f<currency>": replaced below.
		default:
			src[f] = v
		}
	}
	src[fID] = it.Item.ID
	if d.CopyOf != "" {
		src[fCopy] = "1"
	}
	if it.Item.Kind == corpus.KindFunding {
		src[fPence] = int64(math.Round(it.Item.Amount * 100))
		cur := strings.TrimSpace(it.Item.Currency)
		if cur == "" {
			cur = "GBP"
		}
		src[fFundingCur] = cur
		for _, by := range search.GroupBys {
			src[groupPrefix+string(by)] = index.FundingGroupKey(it.Item, d, by)
		}
	}
	src[fItem] = json.RawMessage(it.JSON)
	return src
}

// documentSource is the record of a document.
func documentSource(d corpus.Document, sk index.Sketch, defs map[string]map[string]bool) (map[string]any, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("opensearch: encode document %s: %w", d.ID, err)
	}
	src := map[string]any{fType: typeDocument, fID: docPrefix + d.ID, fRaw: json.RawMessage(raw), fDocID: d.ID}
	for f, v := range map[string]string{fBody: d.Body, fPath: d.Path, fFormat: string(d.Format)} {
		if v != "" {
			src[f] = v
		}
	}
	if t, ok := parseDay(d.MeetingDate); ok {
		src[fMeetingDate] = t
	}
	if d.CopyOf != "" {
		src[fCopy] = "1"
	}
	if !sk.Empty() {
		src[fSig] = sk.Encode()
	}
	var acr []string
	for short, longs := range defs {
		for l := range longs {
			acr = append(acr, short+acronymSep+l)
		}
	}
	if len(acr) > 0 {
		slices.Sort(acr)
		src[fAcronyms] = acr
	}
	return src, nil
}

// bulkBody is the NDJSON of a bulk request being built.
type bulkBody struct {
	buf bytes.Buffer
	ops int
}

func (b *bulkBody) index(id string, src any) error {
	meta, _ := json.Marshal(map[string]any{"index": map[string]string{"_id": id}})
	doc, err := json.Marshal(src)
	if err != nil {
		return fmt.Errorf("opensearch: encode %s: %w", id, err)
	}
	b.buf.Write(meta)
	b.buf.WriteByte('\n')
	b.buf.Write(doc)
	b.buf.WriteByte('\n')
	b.ops++
	return nil
}

func (b *bulkBody) delete(id string) {
	meta, _ := json.Marshal(map[string]any{"delete": map[string]string{"_id": id}})
	b.buf.Write(meta)
	b.buf.WriteByte('\n')
	b.ops++
}

func (b *bulkBody) full() bool { return b.ops >= bulkMaxOps || b.buf.Len() >= bulkMaxBytes }

// sendBulk sends b and empties it. Any record the cluster refused fails the
// request (a delete of a record already gone is no failure).
func (ix *Index) sendBulk(ctx context.Context, b *bulkBody) error {
	if b.ops == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var res struct {
		Errors bool `json:"errors"`
		Items  []map[string]struct {
			ID     string `json:"_id"`
			Status int    `json:"status"`
			Error  *struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"error"`
		} `json:"items"`
	}
	err := ix.c.do(ctx, "POST", "/"+ix.name+"/_bulk", nil, b.buf.Bytes(), &res)
	b.buf.Reset()
	b.ops = 0
	if err != nil {
		return err
	}
	if !res.Errors {
		return nil
	}
	var errs []string
	for _, it := range res.Items {
		for op, r := range it {
			if r.Error != nil && !(op == "delete" && r.Status == 404) {
				errs = append(errs, fmt.Sprintf("%s %s: %s: %s", op, r.ID, r.Error.Type, r.Error.Reason))
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	more := ""
	if len(errs) > 3 {
		more = fmt.Sprintf(" (and %d more)", len(errs)-3)
		errs = errs[:3]
	}
	return fmt.Errorf("bulk: %s%s", strings.Join(errs, "; "), more)
}

// existing reports which of the record IDs are stored, reading them by ID
// (real time: no refresh needed).
func (ix *Index) existing(ctx context.Context, ids []string) (map[string]bool, error) {
	var res struct {
		Docs []struct {
			ID    string `json:"_id"`
			Found bool   `json:"found"`
		} `json:"docs"`
	}
	if err := ix.c.do(ctx, "POST", "/"+ix.name+"/_mget", url.Values{"_source": {"false"}}, q{"ids": ids}, &res); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, d := range res.Docs {
		if d.Found {
			out[d.ID] = true
		}
	}
	return out, nil
}

// HasDocument reports whether the document with this content hash is stored.
func (ix *Index) HasDocument(id string) (bool, error) {
	got, err := ix.existing(context.Background(), []string{docPrefix + id})
	if err != nil {
		return false, fmt.Errorf("opensearch: document %s: %w", id, err)
	}
	return got[docPrefix+id], nil
}

// Original returns the document docID was recorded as a copy of.
func (ix *Index) Original(ctx context.Context, docID string) (corpus.Document, bool, error) {
	return index.OriginalOf(ctx, docID, ix.Document)
}

// originals are the sketches of the documents that are not copies, read
// once per process and kept up to date by puts. Called with ix.mu held.
func (ix *Index) originals(ctx context.Context) ([]index.Original, error) {
	if ix.sketches != nil {
		return *ix.sketches, nil
	}
	var out []index.Original
	query := boolQ([]q{termQ(fType, typeDocument)}, []q{termQ(fCopy, "1")}, nil)
	err := ix.scan(ctx, query, []string{fDocID, fPath, fSig}, []q{{fID: "asc"}}, func(_ string, src json.RawMessage) error {
		var d struct {
			DocID string `json:"doc_id"`
			Path  string `json:"path"`
			Sig   string `json:"sig"`
		}
		if err := json.Unmarshal(src, &d); err != nil {
			return err
		}
		if d.Sig != "" {
			out = append(out, index.Original{ID: d.DocID, Path: d.Path, Sketch: index.DecodeSketch(d.Sig)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("opensearch: read document sketches: %w", err)
	}
	ix.sketches = &out
	return out, nil
}

// describe names the documents of a put in an error.
func describe(ps []corpus.Parsed) string {
	switch len(ps) {
	case 0:
		return "(no documents)"
	case 1:
		return ps[0].Document.Path
	}
	return fmt.Sprintf("%s and %d more", ps[0].Document.Path, len(ps)-1)
}
