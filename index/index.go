package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"

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
)

func (m Mode) String() string {
	if m == ReadWrite {
		return "read-write"
	}
	return "read-only"
}

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
	idx  bleve.Index

	mu     sync.Mutex // serialises Put and Close
	closed bool
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
		idx, err = bleve.NewUsing(path, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore,
			map[string]any{"bolt_timeout": lockTimeout})
		if errors.Is(err, bleve.ErrorIndexPathExists) {
			// Another process created it between our check and now.
			idx, err = openBleve(path, mode)
		} else if err == nil {
			if err = idx.SetInternal(versionKey, []byte(mappingVersion)); err != nil {
				idx.Close()
				return nil, fmt.Errorf("index: create %s: %w", path, err)
			}
		}
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
	ix := &Index{path: path, mode: mode, idx: idx}
	if mode == ReadWrite {
		if err := writeOwner(path); err != nil {
			idx.Close()
			return nil, err
		}
	}
	return ix, nil
}

func openBleve(path string, mode Mode) (bleve.Index, error) {
	cfg := map[string]any{"bolt_timeout": lockTimeout}
	if mode == ReadOnly {
		cfg["read_only"] = true
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
	if ix.mode == ReadWrite {
		errs = append(errs, removeOwner(ix.path))
	}
	if err := ix.idx.Close(); err != nil {
		errs = append(errs, fmt.Errorf("index: close %s: %w", ix.path, err))
	}
	return errors.Join(errs...)
}
