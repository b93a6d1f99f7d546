package index

import (
	"context"
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
// in-memory map, and its memory grows with the documents in it.
const (
	batchMaxDocs  = 500
	batchMaxBytes = 32 << 20
)

// Put stores one parsed document and its items.
//
// A document whose ID (content hash) is already stored is "unchanged" and nothing
// is written: two copies of one file are one document, kept under the first path
// seen. A different document stored under the same Path is replaced: its items and
// its document record are deleted and the new ones written in the same batches
// ("updated"). Otherwise the document is "added".
//
// The document record is written last, in the final batch, so a Put that fails or
// is cancelled half way leaves no document record and a later Put of the same file
// writes it again (item IDs are deterministic, so its partial items are overwritten).
func (ix *Index) Put(ctx context.Context, p corpus.Parsed) (Outcome, error) {
	d := p.Document
	if d.ID == "" {
		return "", errors.New("index: put: document has no ID")
	}
	if ix.mode != ReadWrite {
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

	// Records to delete: documents stored under this path, and their items.
	var stale []string
	if d.Path != "" {
		olds, err := ix.collectIDs(ctx, bleve.NewConjunctionQuery(termQ(fType, typeDocument), termQ(fPath, d.Path)))
		if err != nil {
			return "", fmt.Errorf("index: put %s: find old versions: %w", d.Path, err)
		}
		for _, old := range olds {
			items, err := ix.collectIDs(ctx, bleve.NewConjunctionQuery(termQ(fType, typeItem), termQ(fDocID, strings.TrimPrefix(old, docPrefix))))
			if err != nil {
				return "", fmt.Errorf("index: put %s: find old items: %w", d.Path, err)
			}
			stale = append(stale, items...)
			stale = append(stale, old)
		}
	}

	fresh := make(map[string]bool, len(p.Items))
	for _, it := range p.Items {
		fresh[it.ID] = true
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
		return nil
	}
	// Deletes go first: a Batch is a map keyed by ID, so an old item whose ID the
	// new version reuses must not be deleted after it is rewritten.
	for _, id := range stale {
		if fresh[id] {
			continue
		}
		b.Delete(id)
		if err := flush(false); err != nil {
			return "", fmt.Errorf("index: put %s: %w", d.Path, err)
		}
	}
	for _, it := range p.Items {
		if it.ID == "" {
			return "", fmt.Errorf("index: put %s: an item of kind %s has no ID", d.Path, it.Kind)
		}
		if it.DocID == "" {
			it.DocID = d.ID
		}
		rec, err := itemRecord(it, d)
		if err != nil {
			return "", err
		}
		if err := b.Index(it.ID, rec); err != nil {
			return "", fmt.Errorf("index: put %s: item %s: %w", d.Path, it.ID, err)
		}
		if err := flush(false); err != nil {
			return "", fmt.Errorf("index: put %s: %w", d.Path, err)
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
