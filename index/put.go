package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"panelpapers/corpus"
)

// Outcome says what Put did with a document.
type Outcome string

const (
	Added     Outcome = "added"     // a new document
	Updated   Outcome = "updated"   // replaced another document stored under the same path
	Unchanged Outcome = "unchanged" // this document (same content hash) was already stored
)

// Batches are flushed at whichever limit comes first: Bleve's batch is an
// in-memory map, and its memory grows with the documents in it. The record
// limit is above what papers ingest writes in one PutAll of several files
// (at most 2,000 items, their chunks and 32 documents), so that such a
// group is one batch: written whole or not at all, it leaves no items
// without their document when a write fails. They are variables only so that tests can make one Put span
// many batches.
var (
	batchMaxDocs  = 2500
	batchMaxBytes = uint64(32 << 20)
)

// afterBatch, when set (by tests only), is called after each batch Put has
// written: the crash tests kill the process there.
var afterBatch func()

// Put stores one parsed document and its items.
//
// A document whose ID (content hash) is already stored is "unchanged" and nothing
// is written: two copies of one file are one document, kept under the first path
// seen. A different document stored under the same Path is replaced: its items and
// its document record are deleted ("updated"). Otherwise the document is "added".
//
// A document may need several Bleve batches, and a process can die between any
// two (kill -9, a full disk, a cancelled context). Each batch is atomic and on
// disk when Batch returns, so what survives is the batches before the failure.
// Hence the order:
//
//  1. the new items, in as many batches as they need;
//  2. in one final batch, the new document record together with the deletes of
//     the old version (its items, then its record).
//
// So every document record in the index has all its items: a new record is
// written only after all its items, and an old version stays whole until the
// batch that replaces it. A Put that stops half way leaves only items without a
// document record; as the "unchanged" test is the document record, a re-run of
// the same file puts it again, overwriting those items (item IDs are
// deterministic) and finding the old version by path as before.
func (ix *Index) Put(ctx context.Context, p corpus.Parsed) (Outcome, error) {
	outcomes, err := ix.PutAll(ctx, []corpus.Parsed{p})
	if err != nil {
		return "", err
	}
	return outcomes[0], nil
}

// PutAll stores several documents as Put stores one, in the same batches:
// first the items of them all, then one final batch with all their
// document records and the deletes of their old versions. The crash-safety
// order above holds for each document, as a batch is atomic. Why: a batch
// of Bleve has a fixed cost (a segment written, synced and merged later),
// which for a batch of short papers was most of their ingest time.
//
// Outcomes are in the order of ps. A document whose ID appears earlier in ps
// is Unchanged. On an error nothing of ps is reported stored: items written
// before it stay without their record, and a re-run puts them again.
func (ix *Index) PutAll(ctx context.Context, ps []corpus.Parsed) ([]Outcome, error) {
	if !ix.mode.writable() {
		return nil, fmt.Errorf("index: put %s: index is open read-only", describe(ps))
	}
	paths := map[string]bool{}
	for _, p := range ps {
		if p.Document.ID == "" {
			return nil, fmt.Errorf("index: put %s: document has no ID", describe([]corpus.Parsed{p}))
		}
		if path := p.Document.Path; path != "" && paths[path] && len(ps) > 1 {
			// The later replaces the earlier, which must be stored first
			// to be found: one at a time.
			return ix.putEach(ctx, ps)
		}
		paths[p.Document.Path] = true
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil, fmt.Errorf("index: put %s: %w", describe(ps), bleve.ErrorIndexClosed)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("index: put %s: %w", describe(ps), err)
	}
	ps = slices.Clone(ps) // their items and documents are rewritten below, not the caller's
	originals, err := ix.originals(ctx)
	if err != nil {
		return nil, err
	}
	sketches := make([]sketch, len(ps))
	var staleDocs []string // IDs of the old versions replaced

	outcomes := make([]Outcome, len(ps))
	seen := map[string]bool{}
	rereads := map[string]bool{} // documents stored already, read again by OCR
	var todo []int               // indexes into ps of the documents to write
	for i, p := range ps {
		existing, err := ix.idx.Document(docPrefix + p.Document.ID)
		if err != nil {
			return nil, fmt.Errorf("index: put %s: %w", p.Document.Path, err)
		}
		if seen[p.Document.ID] {
			outcomes[i] = Unchanged
			continue
		}
		if existing != nil {
			if read, err := ix.readsMore(ctx, p.Document); err != nil || !read {
				outcomes[i] = Unchanged
				continue
			}
			// The stored version had pages that needed OCR, which this
			// reading read: it replaces that version (below, by path,
			// or here when the file moved).
			rereads[p.Document.ID] = true
		}
		seen[p.Document.ID] = true
		todo = append(todo, i)
		outcomes[i] = Added
	}
	prepared, err := prepareAll(ctx, ps, todo)
	if err != nil {
		return nil, err
	}

	var stale []string // records to delete: old versions, their items and chunks
	fresh := map[string]bool{}
	for _, i := range todo {
		p := ps[i]
		d := p.Document
		if d.Path != "" {
			olds, err := ix.collectIDs(ctx, bleve.NewConjunctionQuery(termQ(fType, typeDocument), termQ(fPath, d.Path)))
			if err != nil {
				return nil, fmt.Errorf("index: put %s: find old versions: %w", d.Path, err)
			}
			if rereads[d.ID] && !slices.Contains(olds, docPrefix+d.ID) {
				olds = append(olds, docPrefix+d.ID)
			}
			for _, old := range olds {
				parts, err := ix.collectIDs(ctx, bleve.NewDisjunctionQuery(
					bleve.NewConjunctionQuery(termQ(fType, typeItem), termQ(fDocID, strings.TrimPrefix(old, docPrefix))),
					bleve.NewConjunctionQuery(termQ(fType, typeChunk), termQ(fDocID, strings.TrimPrefix(old, docPrefix)))))
				if err != nil {
					return nil, fmt.Errorf("index: put %s: find old items: %w", d.Path, err)
				}
				stale = append(stale, parts...)
				stale = append(stale, old)
				staleDocs = append(staleDocs, strings.TrimPrefix(old, docPrefix))
				outcomes[i] = Updated
			}
		}
		// The same passage as two kinds is indexed once (prepared, below);
		// a document whose text is one already indexed is recorded as its
		// copy.
		p.Items = prepared[i].items
		sketches[i] = prepared[i].sketch
		candidates := slices.DeleteFunc(slices.Clone(originals), func(o original) bool { return slices.Contains(staleDocs, o.id) })
		if orig, ok := copyOf(sketches[i], candidates); ok {
			p.Document.CopyOf = orig.id
		} else {
			originals = append(originals, original{d.ID, d.Path, sketches[i]})
		}
		ps[i] = p
		fresh[docPrefix+d.ID] = true
		for j, it := range p.Items {
			fresh[it.ID] = true
			fresh[chunkID(d.ID, j/chunkItems)] = true
		}
	}

	b := ix.idx.NewBatch()
	flush := func(force bool) error {
		if b.Size() == 0 || (!force && b.Size() < batchMaxDocs && b.TotalDocsSize() < batchMaxBytes) {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := ix.idx.Batch(b); err != nil {
			return err
		}
		b.Reset()
		if afterBatch != nil {
			afterBatch()
		}
		return nil
	}
	for _, i := range todo {
		if err := batchRecords(b, ps[i].Document, prepared[i].records, flush); err != nil {
			return nil, err
		}
	}
	// The final batch (with the last items): the old versions go and the new
	// records come, at once. Deletes cost no analysis, so they all go in this
	// batch whatever the limits. An old item whose ID a new version reuses is
	// in this batch or an earlier one already and must not be deleted.
	for _, id := range stale {
		if !fresh[id] {
			b.Delete(id)
		}
	}
	var learnt []corpus.Parsed
	for _, i := range todo {
		learnt = append(learnt, ps[i])
	}
	if _, err := ix.vocab.learn(b, learnt); err != nil {
		return nil, err
	}
	copies := false
	for _, i := range todo {
		d := ps[i].Document
		copies = copies || d.CopyOf != ""
		rec, err := documentRecord(d)
		if err != nil {
			return nil, err
		}
		if len(sketches[i]) > 0 {
			rec[fSig] = sketches[i].encode()
		}
		if err := b.Index(docPrefix+d.ID, rec); err != nil {
			return nil, fmt.Errorf("index: put %s: %w", d.Path, err)
		}
	}
	if err := flush(true); err != nil {
		ix.sketches = nil         // read again from what is on disk
		_ = ix.vocab.load(ix.idx) // likewise
		return nil, fmt.Errorf("index: put %s: %w", describe(ps), err)
	}
	originals = slices.DeleteFunc(originals, func(o original) bool { return slices.Contains(staleDocs, o.id) && !rereads[o.id] })
	ix.sketches = &originals
	if copies {
		ix.hasCopies.Store(true)
	}
	return outcomes, nil
}

// Original returns the document that the document docID was recorded as a
// copy of (see copies.go), and false when it is no copy.
func (ix *Index) Original(ctx context.Context, docID string) (corpus.Document, bool, error) {
	return OriginalOf(ctx, docID, ix.Document)
}

// readsMore reports whether d is a new reading of the stored document of
// its ID that read pages by OCR which the stored one needed OCR for: a scan
// stored before Tesseract was installed, ingested again after.
func (ix *Index) readsMore(ctx context.Context, d corpus.Document) (bool, error) {
	if d.OCRPages == 0 {
		return false, nil
	}
	stored, err := ix.Document(ctx, d.ID)
	if err != nil {
		return false, err
	}
	return stored.NeedsOCR && d.OCRPages > stored.OCRPages, nil
}

func (ix *Index) putEach(ctx context.Context, ps []corpus.Parsed) ([]Outcome, error) {
	outcomes := make([]Outcome, len(ps))
	for i, p := range ps {
		o, err := ix.Put(ctx, p)
		if err != nil {
			return nil, err
		}
		outcomes[i] = o
	}
	return outcomes, nil
}

// preparedDoc is the work Put does on a document before Bleve sees it:
// its items without the passages read twice (dedupeItems), the sketch of
// its text (copies.go), and the records of its chunks and items.
type preparedDoc struct {
	items   []corpus.Item
	sketch  sketch
	records []idRecord
}

type idRecord struct {
	id  string
	rec record
}

// prepareAll prepares the documents ps[i] for i in todo, several at once:
// this work ran on the index writer alone, one document after another,
// while the parsers waited for it.
func prepareAll(ctx context.Context, ps []corpus.Parsed, todo []int) ([]preparedDoc, error) {
	out := make([]preparedDoc, len(ps))
	errs := make([]error, len(ps))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, i := range todo {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i], errs[i] = prepareDoc(ps[i])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, ctx.Err()
}

// prepareDoc prepares one document. Its item records are made as if the
// document were no copy; PutAll marks them when it finds it is one.
func prepareDoc(p corpus.Parsed) (preparedDoc, error) {
	items, blobs, headings, sk, err := prepareItems(p)
	if err != nil {
		return preparedDoc{}, err
	}
	prep := preparedDoc{items: items, sketch: sk}
	d := p.Document
	for start := 0; start < len(items); start += chunkItems {
		end := min(start+chunkItems, len(items))
		n := start / chunkItems
		// Each chunk goes in the batch before its items, so no item record
		// is ever on disk without the JSON it refers to.
		prep.records = append(prep.records, idRecord{chunkID(d.ID, n), chunkRecord(d.ID, blobs[start:end])})
		for k, it := range items[start:end] {
			ic := itemContext{heading: headings[start+k]}
			prep.records = append(prep.records, idRecord{it.ID, itemRecord(it, d, chunkRef(d.ID, n, k), ic)})
		}
	}
	return prep, nil
}

// prepareItems is the work on a document's items before they are stored:
// the passages read twice dropped (dedupeItems), each item's JSON (with
// its DocID), the heading of the section each is in, and the sketch of
// the document's text.
func prepareItems(p corpus.Parsed) (items []corpus.Item, blobs [][]byte, headings []string, sk sketch, err error) {
	items = dedupeItems(p.Items)
	sk = sketchOf(p)
	d := p.Document
	headings = sectionHeadings(items)
	blobs = make([][]byte, len(items))
	for k, it := range items {
		if it.ID == "" {
			return nil, nil, nil, nil, fmt.Errorf("index: put %s: an item of kind %s has no ID", d.Path, it.Kind)
		}
		if it.DocID == "" {
			it.DocID = d.ID
		}
		js, err := json.Marshal(it)
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("index: encode item %s: %w", it.ID, err)
		}
		blobs[k] = js
	}
	return items, blobs, headings, sk, nil
}

// batchRecords adds a document's prepared records to b, flushing as b
// fills; the item records of a copy are marked as such first.
func batchRecords(b *bleve.Batch, d corpus.Document, records []idRecord, flush func(force bool) error) error {
	for _, r := range records {
		if d.CopyOf != "" && r.rec[fType] == typeItem {
			r.rec[fCopy] = "1"
		}
		if err := b.Index(r.id, r.rec); err != nil {
			return fmt.Errorf("index: put %s: %s: %w", d.Path, r.id, err)
		}
		if r.rec[fType] != typeItem {
			continue // a chunk: its items follow it into the same batch
		}
		if err := flush(false); err != nil {
			return fmt.Errorf("index: put %s: %w", d.Path, err)
		}
	}
	return nil
}

// describe names the documents of a PutAll in an error: the path of one,
// the first path and a count of several.
func describe(ps []corpus.Parsed) string {
	switch len(ps) {
	case 0:
		return "(no documents)"
	case 1:
		return ps[0].Document.Path
	}
	return fmt.Sprintf("%s and %d more", ps[0].Document.Path, len(ps)-1)
}
