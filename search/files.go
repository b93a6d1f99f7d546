package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"time"

	"panelpapers/corpus"
)

// maxServedFile bounds what the file endpoint reads into memory to check
// a document's hash; papers refuses bigger files at ingest anyway.
const maxServedFile = 512 << 20

// serveFile sends a document's original file. Only files that were
// ingested can be fetched, by document ID, and only while the file on disk
// still has the content that was indexed (the ID is its SHA-256): an ID can
// never name another file, and a file changed since is not passed off as
// the cited one.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	doc, err := s.lib.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := readIngested(doc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	switch doc.Format {
	case corpus.FormatPDF:
		h.Set("Content-Type", "application/pdf")
	case corpus.FormatHTML:
		// The council's page may carry scripts; sandboxed, they cannot
		// run in, or read from, this site's origin.
		h.Set("Content-Type", "text/html")
		h.Set("Content-Security-Policy", "sandbox")
	default:
		h.Set("Content-Type", "application/octet-stream")
	}
	h.Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", safeFileName(baseName(doc.Path))))
	h.Set("ETag", `"`+doc.ID+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

var errFileChanged = errors.New("file changed")

func readIngested(doc corpus.Document) ([]byte, error) {
	f, err := os.Open(doc.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: document %s: its file is no longer at the path it was ingested from", ErrNotFound, doc.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", doc.ID, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxServedFile+1))
	if err != nil {
		return nil, fmt.Errorf("document %s: read: %w", doc.ID, err)
	}
	sum := sha256.Sum256(data)
	if len(data) > maxServedFile || hex.EncodeToString(sum[:]) != doc.ID {
		return nil, fmt.Errorf("%w: document %s: %w since it was ingested; re-ingest it", ErrNotFound, doc.ID, errFileChanged)
	}
	return data, nil
}

// safeFileName keeps a header value printable.
func safeFileName(name string) string {
	out := []rune{}
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' {
			r = '_'
		}
		out = append(out, r)
	}
	return string(out)
}
