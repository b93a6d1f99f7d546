package search

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"panelpapers/corpus"
	"panelpapers/names"
)

// Server serves the JSON API and the web page over one Library. Build it with
// NewServer and mount Handler; the caller owns the http.Server (see
// NewHTTPServer for the timeouts papers uses) and the Library's lifetime.
type Server struct {
	lib         Library
	log         *slog.Logger
	ingest      Ingester
	ingestToken string
	instance    string
	threads     Threads
	baseURL     string // absolute links (feeds, exports) start so; "" means from the request
	entities    *EntityCache
	mux         *http.ServeMux
	apiRoutes   []string // the patterns api registered, for APIRoutes
}

// Options configures a Server. Every field is optional.
type Options struct {
	Log *slog.Logger // default: discard
	// Ingest, with IngestToken, enables POST /api/admin/ingest: papers ingest
	// hands files to the running server through it, because the server holds
	// the index's write lock. Only loopback clients that present the token
	// (written next to the index, readable by its owner only) may call it.
	Ingest      Ingester
	IngestToken string
	// Instance names this run of the server in /healthz, so that a client
	// that found its address in serve.json can tell it from another process
	// that took the port after this one died.
	Instance string
	// Threads, when set, follows recommendations over time: the thread API,
	// the thread on the item page and the status on /recommendations. If it
	// has an Invalidate method, the server calls it after each ingest.
	Threads Threads
	// Merges are the manual merges of names that entities group by (give
	// the Library the same source). Default: the bundled merges.
	Merges names.MergeSource
	// BaseURL is the server's address as others reach it
	// ("https://papers.example.org"), for the absolute links of feeds and
	// exports. Default: the scheme and Host of each request.
	BaseURL string
}

// Ingester ingests the files a request names, reporting each step to events.
type Ingester func(ctx context.Context, req IngestRequest, events func(IngestEvent)) error

// IngestRequest is the body of POST /api/admin/ingest.
type IngestRequest struct {
	Paths []string `json:"paths"` // absolute paths of files or folders on the server's machine
	Body  string   `json:"body,omitempty"`
	Date  string   `json:"date,omitempty"`
}

// IngestEvent is one line of the NDJSON stream POST /api/admin/ingest answers.
type IngestEvent struct {
	Type    string          `json:"type"` // "start", "file", "warning", "error" or "summary"
	Path    string          `json:"path,omitempty"`
	Status  string          `json:"status,omitempty"` // file: added, updated, unchanged, needs OCR
	Pages   int             `json:"pages,omitempty"`
	Done    int             `json:"done,omitempty"`
	Total   int             `json:"total,omitempty"`
	Message string          `json:"message,omitempty"`
	Summary json.RawMessage `json:"summary,omitempty"`
}

// NewServer builds a server over lib.
func NewServer(lib Library, opts Options) *Server {
	s := &Server{lib: lib, log: opts.Log, ingest: opts.Ingest, ingestToken: opts.IngestToken, instance: opts.Instance,
		threads: opts.Threads, baseURL: strings.TrimRight(opts.BaseURL, "/"), mux: http.NewServeMux()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.entities = NewEntityCache(lib, opts.Merges, func(e *Entities) {
		s.log.Info("entities built", "took", e.Took.Round(time.Millisecond), "funding_lines", e.Lines, "papers", e.Papers,
			"recipients", e.Count(EntityRecipient), "funders", e.Count(EntityFunder), "funds", e.Count(EntityFund), "bodies", e.Count(EntityBody))
	})
	s.routes()
	return s
}

// Handler returns the server's handler, with panic recovery and security headers.
func (s *Server) Handler() http.Handler {
	return s.recoverPanics(securityHeaders(s.mux))
}

// routes lists every endpoint. Every API route goes through api, so that
// APIRoutes, which TestOpenAPIDocumentsEveryRoute checks against
// openapi.json, cannot miss one.
func (s *Server) routes() {
	s.api("GET /healthz", s.serveHealth)
	s.api("GET /api/openapi.json", s.serveOpenAPI)
	s.api("GET /api/search", s.serveSearch)
	s.api("GET /api/items/{id}", s.serveItem)
	s.api("GET /api/items/{id}/thread", s.serveThread)
	s.api("GET /api/documents", s.serveDocuments)
	s.api("GET /api/documents/{id}", s.serveDocument)
	s.api("GET /api/documents/{id}/file", s.serveFile)
	s.api("GET /api/funding/totals", s.serveTotals)
	s.api("GET /api/export", s.serveExport)
	s.api("GET /api/entities", s.serveEntities)
	s.api("GET /api/entities/{id}", s.serveEntity)
	s.api("GET /api/feed", s.serveFeed)
	s.api("POST /api/admin/ingest", s.serveIngest)
	s.mux.HandleFunc("/api/", s.serveNoEndpoint)
	s.webRoutes()
}

// serveNoEndpoint answers what no API route matched, in JSON: 405 with
// Allow when the path exists under another method, else 404.
func (s *Server) serveNoEndpoint(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/api/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeError(w, r, http.StatusMethodNotAllowed, fmt.Errorf("%s %s: method not allowed; use %s", r.Method, r.URL.Path, strings.Join(allowed, " or ")))
		return
	}
	s.writeError(w, r, http.StatusNotFound, fmt.Errorf("no endpoint %s %s; see /api/openapi.json", r.Method, r.URL.Path))
}

func (s *Server) api(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, h)
	s.apiRoutes = append(s.apiRoutes, pattern)
}

// APIRoutes lists the API's method-and-path patterns, as registered.
func (s *Server) APIRoutes() []string { return append([]string(nil), s.apiRoutes...) }

// NewHTTPServer wraps h in an http.Server with the limits papers serves
// with: a slow or hostile client cannot hold a connection or send an
// unbounded header. Handlers that stream (exports, ingest) lift the write
// deadline themselves.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "SAMEORIGIN")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
				s.writeError(w, r, http.StatusInternalServerError, errors.New("internal error"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// writeJSON writes v as the response with status.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.log.Warn("write response", "path", r.URL.Path, "err", err)
	}
}

// writeError answers {"error": msg}. Server errors are logged with their
// detail but not shown to the client.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := clientMessage(err)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		msg = http.StatusText(status)
	}
	s.writeJSON(w, r, status, map[string]string{"error": msg})
}

// clientMessage is what a client is told about its mistake: the query
// error itself, without the layers it passed through on the way up.
func clientMessage(err error) string {
	var qe *QueryError
	if errors.As(err, &qe) {
		return qe.Error()
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ErrBadRequest.Error()+": "); i >= 0 {
		return msg[i+len(ErrBadRequest.Error())+2:]
	}
	return msg
}

// statusOf maps a Library error to an HTTP status.
func statusOf(err error) int {
	switch {
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, ErrBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled):
		return 499 // the client went away; nobody reads this
	default:
		return http.StatusInternalServerError
	}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.writeError(w, r, statusOf(err), err)
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok", "instance": s.instance})
}

// isLoopback reports whether the request came from this machine.
func isLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// authorised checks the ingest token in constant time.
func (s *Server) authorised(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && s.ingestToken != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.ingestToken)) == 1
}

// absoluteBase is the scheme and host links that leave the page start with:
// the configured BaseURL, else the request's own (https when it came over
// TLS or a proxy in front said so).
func (s *Server) absoluteBase(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// citation is where a hit can be checked: the page and a link that opens
// the original file there.
type citation struct {
	Page        int    `json:"page,omitempty"`
	PrintedPage string `json:"printed_page,omitempty"`
	URL         string `json:"url"`
}

// Citation returns the link to item's place in its original file: PDF
// viewers honour #page=N.
func Citation(it corpus.Item, doc corpus.Document) string {
	u := "/api/documents/" + doc.ID + "/file"
	if doc.Format == corpus.FormatPDF && it.Page > 0 {
		u += fmt.Sprintf("#page=%d", it.Page)
	}
	return u
}
