package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"time"
)

// maxIngestBody bounds the request: a list of paths, not the files.
const maxIngestBody = 1 << 20

// serveIngest runs an ingest inside the server, which holds the index's
// write lock, for papers ingest on the same machine. The client names files
// by absolute path; the server reads them itself, so the bytes never cross
// the socket and the originals stay where the citations point. The answer
// is a stream of JSON lines, one per event, ending with a summary.
func (s *Server) serveIngest(w http.ResponseWriter, r *http.Request) {
	switch {
	case s.ingest == nil:
		s.writeError(w, r, http.StatusNotFound, errors.New("this server does not take ingests"))
		return
	case !isLoopback(r):
		s.writeError(w, r, http.StatusForbidden, errors.New("ingest is only open to this machine"))
		return
	case !s.authorised(r):
		s.writeError(w, r, http.StatusUnauthorized, errors.New("ingest needs the token the server wrote next to its index"))
		return
	}
	var req IngestRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxIngestBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		s.writeError(w, r, http.StatusBadRequest, fmt.Errorf("ingest request: %w", err))
		return
	}
	if len(req.Paths) == 0 {
		s.writeError(w, r, http.StatusBadRequest, errors.New("ingest request: no paths"))
		return
	}
	for _, p := range req.Paths {
		if !filepath.IsAbs(p) {
			s.writeError(w, r, http.StatusBadRequest, fmt.Errorf("ingest request: %q is not an absolute path", p))
			return
		}
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a big batch takes as long as it takes
	_ = rc.SetReadDeadline(time.Time{})
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	emit := func(ev IngestEvent) {
		mu.Lock()
		defer mu.Unlock()
		if err := enc.Encode(ev); err == nil {
			_ = rc.Flush()
		}
	}
	s.log.Info("ingest", "paths", len(req.Paths))
	// Whatever the ingest wrote, even if it failed half-way, the entities
	// must be counted again and the threads read the index again.
	defer s.entities.Invalidate()
	err := s.ingest(r.Context(), req, emit)
	if inv, ok := s.threads.(interface{ Invalidate() }); ok {
		inv.Invalidate()
	}
	if err != nil {
		emit(IngestEvent{Type: "error", Message: err.Error()})
	}
}
