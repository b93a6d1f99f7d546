package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"panelpapers/search"
)

// Mode says how Open opens an index.
type Mode int

const (
	// ReadOnly opens an existing index with a shared lock. It sees the index as it
	// was when opened and excludes any writer for as long as it stays open.
	ReadOnly Mode = iota
	// ReadWrite opens, or creates, an index with an exclusive lock.
	ReadWrite
	// BulkLoad is ReadWrite for building a big index in one go: a batch
	// returns once it is searchable, not once it is on disk, and Close
	// waits until the last one is. It is several times faster for many small
	// batches, but a crash loses the batches not yet persisted, and the
	// crash-safety order Put keeps (docs/hardening.md) no longer holds. For
	// benchmarks and first loads that can be redone, not for ingest.
	BulkLoad
)

func (m Mode) String() string {
	switch m {
	case ReadWrite:
		return "read-write"
	case BulkLoad:
		return "bulk-load"
	}
	return "read-only"
}

func (m Mode) writable() bool { return m == ReadWrite || m == BulkLoad }

// lockTimeout is how long Open waits for a lock another process holds.
const lockTimeout = "2s"

var (
	// ErrNotFound is returned by Item and Document for an unknown ID. It
	// wraps search.ErrNotFound, which the HTTP layer maps to 404.
	ErrNotFound = fmt.Errorf("index: %w", search.ErrNotFound)
	// ErrNoIndex is returned by a ReadOnly Open of a path that holds no index.
	ErrNoIndex = errors.New("index: no index")
	// ErrBadQuery wraps query syntax errors and broken cursors, which are
	// the caller's fault. It wraps search.ErrBadRequest.
	ErrBadQuery = fmt.Errorf("index: bad query: %w", search.ErrBadRequest)
	// ErrMappingVersion is returned by Open for an index that another version of
	// papers built with a different field layout. It must be rebuilt.
	ErrMappingVersion = errors.New("index: mapping version mismatch")
)

// Index is an open papers index. It is safe for concurrent use; Put calls are
// serialised.
type Index struct {
	path string
	mode Mode
	idx  *store

	mu     sync.Mutex // serialises Put and Close
	closed bool

	// vocab expands queries: the shipped terms and the acronyms learnt
	// from the papers (vocab.go).
	vocab *vocab
	// hasCopies is set once the index holds a copy's items, whose search
	// must then leave them out (copies.go); until then that costs nothing.
	hasCopies atomic.Bool
	// sketches are the shingle sketches of the documents that are not
	// copies, read at the first Put (copies.go); guarded by mu.
	sketches *[]original
	// Merges: the manual merges of names that name filters, facets and
	// totals apply when they read.
	MergeSetting
}

var analysisOnce sync.Once

// Open opens the index at path. ReadWrite creates it when missing. It never waits
// more than about two seconds for a lock another process holds: it then returns an
// error for which IsLocked is true, saying which process holds the index (from the
// owner file a writer leaves in the index directory) and what to do.
func Open(path string, mode Mode) (*Index, error) {
	analysisOnce.Do(func() {
		// Analysis runs on a process-wide queue of 4 workers by default. This runs
		// before this process has any index open, so no analysis is in flight on
		// the queue it replaces.
		bleve.Config.SetAnalysisQueueSize(runtime.NumCPU())
	})

	exists, err := hasIndex(path)
	if err != nil {
		return nil, err
	}
	var idx bleve.Index
	switch {
	case !exists && mode == ReadOnly:
		return nil, fmt.Errorf("%w at %s (ingest some papers to create it)", ErrNoIndex, path)
	case !exists:
		if err := checkEmptyDir(path); err != nil {
			return nil, err
		}
		if err := create(path); err != nil {
			return nil, err
		}
		idx, err = openBleve(path, mode)
	default:
		idx, err = openBleve(path, mode)
	}
	if err != nil {
		if isBoltTimeout(err) {
			return nil, lockedError(path, mode, err)
		}
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	if err := checkVersion(idx, path); err != nil {
		idx.Close()
		return nil, err
	}
	ix := &Index{path: path, mode: mode, idx: &store{idx: idx, path: path, mode: mode}}
	ix.vocab = newVocab(idx.Mapping().AnalyzerNamed(analyzerName))
	if err := ix.vocab.load(idx); err != nil {
		idx.Close()
		return nil, err
	}
	copies, err := idx.Search(bleve.NewSearchRequestOptions(termQ(fCopy, "1"), 0, 0, false))
	if err != nil {
		idx.Close()
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	}
	ix.hasCopies.Store(copies.Total > 0)
	if mode.writable() {
		if err := writeOwner(path); err != nil {
			idx.Close()
			return nil, err
		}
	}
	return ix, nil
}

// creatingInfix names the temporary directory an index is built in before it is
// renamed into place: ".NAME.creating-RANDOM" beside the index directory NAME.
const creatingInfix = ".creating-"

// create makes a new, empty index at path, with its mapping and version key.
//
// Why not bleve.NewUsing(path) directly: Bleve writes index_meta.json first,
// then the store, then the mapping, and we add the version key after that. A
// process killed in between (kill -9 of the first `papers ingest`) left an
// index_meta.json that made every later Open refuse the folder for good
// ("mapping version none", or "error parsing mapping JSON"), until someone
// deleted it by hand. So the index is built in a temporary directory beside
// path and renamed into place, complete: path holds either no index or a whole
// empty one. Where the rename cannot work (path is a mount point, or the
// parent is not writable) it falls back to building in place, as before.
func create(path string) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // rename would replace a symlink, not fill the folder it points to
	}
	clean := filepath.Clean(path)
	parent, base := filepath.Dir(clean), filepath.Base(clean)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("index: create %s: %w", path, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+creatingInfix+"*")
	if err != nil {
		return createIn(path)
	}
	defer os.RemoveAll(tmp) // gone already after a successful rename
	if err := createIn(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		if ok, _ := hasIndex(path); ok {
			return nil // another process created it first; use theirs
		}
		if err := checkEmptyDir(path); err != nil {
			return err
		}
		// EXDEV or EBUSY: path is a mount point; or an OS that will not
		// rename onto an existing directory.
		return createIn(path)
	}
	if d, err := os.Open(parent); err == nil {
		_ = d.Sync() // make the rename durable before anything is written
		d.Close()
	}
	sweepCreating(parent, base)
	return nil
}

// createIn builds a new, empty index in dir and closes it. An index another
// process created there meanwhile is not an error.
func createIn(dir string) error {
	idx, err := bleve.NewUsing(dir, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore,
		map[string]any{"bolt_timeout": lockTimeout})
	if errors.Is(err, bleve.ErrorIndexPathExists) {
		return nil
	}
	if err != nil {
		if isBoltTimeout(err) {
			return lockedError(dir, ReadWrite, err)
		}
		return fmt.Errorf("index: create %s: %w", dir, err)
	}
	if err := idx.SetInternal(versionKey, []byte(mappingVersion)); err != nil {
		idx.Close()
		return fmt.Errorf("index: create %s: %w", dir, err)
	}
	if err := idx.Close(); err != nil {
		return fmt.Errorf("index: create %s: %w", dir, err)
	}
	return nil
}

// sweepCreating removes temporary directories that creators killed mid-way
// left beside the index. Creating takes milliseconds, so one an hour old is
// nobody's.
func sweepCreating(parent, base string) {
	olds, _ := filepath.Glob(filepath.Join(parent, "."+base+creatingInfix+"*"))
	for _, old := range olds {
		if info, err := os.Lstat(old); err == nil && info.IsDir() && time.Since(info.ModTime()) > time.Hour {
			_ = os.RemoveAll(old)
		}
	}
}

func openBleve(path string, mode Mode) (bleve.Index, error) {
	cfg := map[string]any{"bolt_timeout": lockTimeout}
	switch mode {
	case ReadOnly:
		cfg["read_only"] = true
	case BulkLoad:
		cfg["unsafe_batch"] = true
	}
	return bleve.OpenUsing(path, cfg)
}

// Exists reports whether path holds an index.
func Exists(path string) (bool, error) { return hasIndex(path) }

// hasIndex reports whether path holds a Bleve index (its index_meta.json).
func hasIndex(path string) (bool, error) {
	_, err := os.Stat(filepath.Join(path, "index_meta.json"))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("index: open %s: %w", path, err)
	}
}

// checkEmptyDir refuses to create an index inside a directory that already holds
// other things: a mistyped --index pointing at the corpus folder should not get an
// index written into it.
func checkEmptyDir(path string) error {
	entries, err := os.ReadDir(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("index: create %s: %w", path, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("index: create %s: directory is not empty and holds no index; choose another path", path)
	}
	return nil
}

func checkVersion(idx bleve.Index, path string) error {
	v, err := idx.GetInternal(versionKey)
	if err != nil {
		return fmt.Errorf("index: open %s: read mapping version: %w", path, err)
	}
	if string(v) != mappingVersion {
		got := string(v)
		if got == "" {
			got = "none"
		}
		return fmt.Errorf("%w: %s has mapping version %s, this papers needs %s; rebuild it: delete the folder and re-ingest",
			ErrMappingVersion, path, got, mappingVersion)
	}
	return nil
}

// Path returns the directory the index lives in.
func (ix *Index) Path() string { return ix.path }

// Close flushes and closes the index and releases its lock. A writer removes its
// owner file first, while it still holds the lock.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	var errs []error
	if ix.mode.writable() {
		errs = append(errs, removeOwner(ix.path))
	}
	if err := ix.idx.Close(); err != nil {
		errs = append(errs, fmt.Errorf("index: close %s: %w", ix.path, err))
	}
	return errors.Join(errs...)
}

// ErrWrite is wrapped by the error of a Put whose batch could not be written
// to disk: the disk is full, the file system went read-only, an I/O error. It
// is not about the document, so the next Put will most likely fail too.
var ErrWrite = errors.New("index: write failed")

// storageErrnos are the errors of a file system that cannot take a write.
// Bleve formats the errors under it with %v, so they are matched by text.
var storageErrnos = []syscall.Errno{syscall.ENOSPC, syscall.EROFS, syscall.EIO, syscall.EDQUOT, syscall.EFBIG}

func isStorageError(err error) bool {
	for _, e := range storageErrnos {
		if errors.Is(err, e) || strings.Contains(err.Error(), e.Error()) {
			return true
		}
	}
	return false
}

// store is the Bleve index behind an Index, with the same methods, so that a
// failed write can swap it for a fresh one.
//
// Why: when a batch cannot be persisted (disk full...), Bleve has already
// applied it in memory and returns the error only after; its persister then
// retries in a loop, and its in-memory snapshot may keep a segment that the
// failed persist closed, so the next lookup or search panics ("assignment to
// entry in nil map" in zapx: seen with a full tmpfs). So after a failed
// Batch the store closes the Bleve index and opens it again from disk: the
// failed batch is gone, every batch before it is there (each was on disk when
// Batch returned), and searches go on. If it can no longer be opened for
// writing (a read-only remount), it is opened read-only, so searches still
// go on, and every later Batch fails at once with the reason.
type store struct {
	mu   sync.RWMutex // write-locked only while reopening
	idx  bleve.Index
	path string
	mode Mode // how it was opened: a reopen after a failed write keeps it
	// persisted hears when the last BulkLoad batch is on disk: scorch's
	// Close does not write batches that are only in memory.
	persisted chan error
	writeErr  error // set when the store was reopened read-only
	dead      error // set when it could not be reopened at all
}

// analyzer is the index mapping's analyser of that name.
func (s *store) analyzer(name string) analysis.Analyzer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.idx.Mapping().AnalyzerNamed(name)
}

func (s *store) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.dead != nil {
		return nil, s.dead
	}
	return s.idx.SearchInContext(ctx, req)
}

func (s *store) Document(id string) (bleveindex.Document, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.dead != nil {
		return nil, s.dead
	}
	return s.idx.Document(id)
}

func (s *store) SetInternal(key, val []byte) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.dead != nil {
		return s.dead
	}
	return s.idx.SetInternal(key, val)
}

func (s *store) NewBatch() *bleve.Batch {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.idx.NewBatch() // a Batch only uses its index for the mapping
}

// Batch writes b. On failure the index is reopened from disk (see store);
// the error wraps ErrWrite when the file system could not take the write.
func (s *store) Batch(b *bleve.Batch) error {
	s.mu.RLock()
	if err := errors.Join(s.dead, s.writeErr); err != nil {
		s.mu.RUnlock()
		return err
	}
	if s.mode == BulkLoad && b.Size() > 0 {
		// Scorch persists snapshots in order, so once the last batch is
		// on disk every earlier one is.
		done := make(chan error, 1)
		b.SetPersistedCallback(func(err error) { done <- err })
		s.persisted = done
	}
	err := s.idx.Batch(b)
	s.mu.RUnlock()
	if err == nil {
		return nil
	}
	s.reopen(err)
	if isStorageError(err) {
		return fmt.Errorf("%w: %w", ErrWrite, err)
	}
	return err
}

// countTerms counts, over the records q matches, how many hold each term
// of field's DocValues. What a terms facet of Bleve counts, without its
// scoring and without turning every distinct term into a sorted result:
// at a million items, funding totals have over a hundred thousand terms,
// and that sort was a third of their time.
func (s *store) countTerms(ctx context.Context, q query.Query, field string) (map[string]*int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.dead != nil {
		return nil, s.dead
	}
	adv, err := s.idx.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	searcher, err := q.Searcher(ctx, reader, s.idx.Mapping(), blevesearch.SearcherOptions{Score: bleve.ScoreNone})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	dvr, err := reader.DocValueReader([]string{field})
	if err != nil {
		return nil, err
	}
	sctx := &blevesearch.SearchContext{
		DocumentMatchPool: blevesearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       reader,
	}
	counts := map[string]*int{}
	visit := func(_ string, term []byte) {
		if n := counts[string(term)]; n != nil { // no allocation for a term seen before
			*n++
			return
		}
		n := 1
		counts[string(term)] = &n
	}
	for i := 0; ; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			return counts, nil
		}
		if err := dvr.VisitDocValues(dm.IndexInternalID, visit); err != nil {
			return nil, err
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}

func (s *store) reopen(cause error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead != nil {
		return
	}
	closeQuietly(s.idx)
	idx, err := openBleve(s.path, s.mode)
	if err == nil {
		s.idx = idx
		return
	}
	if ro, rerr := openBleve(s.path, ReadOnly); rerr == nil {
		s.idx = ro
		s.writeErr = fmt.Errorf("%w: %s can no longer be opened for writing (%v), after: %w", ErrWrite, s.path, err, cause)
		return
	}
	s.dead = fmt.Errorf("index: %s could not be reopened (%v) after a failed write: %w", s.path, err, cause)
}

// closeQuietly closes a Bleve index whose state a failed write may have broken:
// a panic there must not take the process down.
func closeQuietly(idx bleve.Index) {
	defer func() { _ = recover() }()
	_ = idx.Close()
}

func (s *store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead != nil {
		return nil
	}
	var errs []error
	if s.persisted != nil {
		if err := <-s.persisted; err != nil {
			errs = append(errs, fmt.Errorf("index: persist %s: %w", s.path, err))
		}
		s.persisted = nil
	}
	return errors.Join(append(errs, s.idx.Close())...)
}

// Compact asks Bleve to merge the segments of the index at path into one:
// a freshly bulk-loaded index is tens of segments, each with its own term
// dictionary, so merged it is smaller and faster to search. (Segments
// written while the merge runs stay apart: a million-item index ended in
// three.) It takes the write lock, and can take minutes at a million items.
func Compact(ctx context.Context, path string) error {
	ix, err := Open(path, ReadWrite)
	if err != nil {
		return err
	}
	adv, err := ix.idx.idx.Advanced()
	if err != nil {
		ix.Close()
		return fmt.Errorf("index: compact %s: %w", path, err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		ix.Close()
		return fmt.Errorf("index: compact %s: not a scorch index", path)
	}
	// One force merge merges at most SegmentsPerMergeTask segments per
	// task, so a bulk build's many segments can take a few rounds.
	for prev := -1; ; {
		if err := sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			ix.Close()
			return fmt.Errorf("index: compact %s: %w", path, err)
		}
		n, _ := sc.StatsMap()["TotFileSegmentsAtRoot"].(uint64)
		if n <= 1 || (prev >= 0 && n >= uint64(prev)) {
			break
		}
		prev = int(n)
	}
	// The segments merged away stay on disk until the persister's cleanup,
	// which runs when it is idle; Close does not wait for it.
	for wait := time.Now(); time.Since(wait) < time.Minute && ctx.Err() == nil; time.Sleep(50 * time.Millisecond) {
		if zaps, _ := filepath.Glob(filepath.Join(path, "store", "*.zap")); len(zaps) <= 1 {
			break
		}
	}
	return ix.Close()
}
