package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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
// in-memory map, and its memory grows with the documents in it. They are
// variables only so that tests can make one Put span many batches.
var (
	batchMaxDocs  = 500
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
	d := p.Document
	if d.ID == "" {
		return "", errors.New("index: put: document has no ID")
	}
	if !ix.mode.writable() {
		return "", fmt.Errorf("index: put %s: index is open read-only", d.Path)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return "", fmt.Errorf("index: put %s: %w", d.Path, bleve.ErrorIndexClosed)
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("index: put %s: %w", d.Path, err)
	}

	existing, err := ix.idx.Document(docPrefix + d.ID)
	if err != nil {
		return "", fmt.Errorf("index: put %s: %w", d.Path, err)
	}
	if existing != nil {
		return Unchanged, nil
	}

	// Records to delete: documents stored under this path, and their items
	// and chunks.
	var stale []string
	if d.Path != "" {
		olds, err := ix.collectIDs(ctx, bleve.NewConjunctionQuery(termQ(fType, typeDocument), termQ(fPath, d.Path)))
		if err != nil {
			return "", fmt.Errorf("index: put %s: find old versions: %w", d.Path, err)
		}
		for _, old := range olds {
			parts, err := ix.collectIDs(ctx, bleve.NewDisjunctionQuery(
				bleve.NewConjunctionQuery(termQ(fType, typeItem), termQ(fDocID, strings.TrimPrefix(old, docPrefix))),
				bleve.NewConjunctionQuery(termQ(fType, typeChunk), termQ(fDocID, strings.TrimPrefix(old, docPrefix)))))
			if err != nil {
				return "", fmt.Errorf("index: put %s: find old items: %w", d.Path, err)
			}
			stale = append(stale, parts...)
			stale = append(stale, old)
		}
	}

	fresh := make(map[string]bool, len(p.Items)+len(p.Items)/chunkItems+1)
	for i, it := range p.Items {
		fresh[it.ID] = true
		fresh[chunkID(d.ID, i/chunkItems)] = true
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
	// Each chunk goes in the batch before its items, so no item record is
	// ever on disk without the JSON it refers to.
	for start := 0; start < len(p.Items); start += chunkItems {
		items := p.Items[start:min(start+chunkItems, len(p.Items))]
		n := start / chunkItems
		blobs := make([][]byte, len(items))
		for k, it := range items {
			if it.ID == "" {
				return "", fmt.Errorf("index: put %s: an item of kind %s has no ID", d.Path, it.Kind)
			}
			if it.DocID == "" {
				it.DocID = d.ID
			}
			js, err := json.Marshal(it)
			if err != nil {
				return "", fmt.Errorf("index: encode item %s: %w", it.ID, err)
			}
			blobs[k] = js
		}
		if err := b.Index(chunkID(d.ID, n), chunkRecord(d.ID, blobs)); err != nil {
			return "", fmt.Errorf("index: put %s: chunk %d: %w", d.Path, n, err)
		}
		for k, it := range items {
			if err := b.Index(it.ID, itemRecord(it, d, chunkRef(d.ID, n, k))); err != nil {
				return "", fmt.Errorf("index: put %s: item %s: %w", d.Path, it.ID, err)
			}
			if err := flush(false); err != nil {
				return "", fmt.Errorf("index: put %s: %w", d.Path, err)
			}
		}
	}
	// The final batch (with the last items): the old version goes and the new
	// record comes, at once. Deletes cost no analysis, so they all go in this
	// batch whatever the limits. An old item whose ID the new version reuses is
	// in this batch or an earlier one already and must not be deleted.
	for _, id := range stale {
		if !fresh[id] {
			b.Delete(id)
		}
	}
	rec, err := documentRecord(d)
	if err != nil {
		return "", err
	}
	if err := b.Index(docPrefix+d.ID, rec); err != nil {
		return "", fmt.Errorf("index: put %s: %w", d.Path, err)
	}
	if err := flush(true); err != nil {
		return "", fmt.Errorf("index: put %s: %w", d.Path, err)
	}
	if len(stale) > 0 {
		return Updated, nil
	}
	return Added, nil
}
