package search

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"panelpapers/corpus"
	"panelpapers/names"
)

// Export formats.
const (
	ExportCSV       = "csv"
	ExportJSON      = "json"      // one JSON object per line (NDJSON)
	Export360Giving = "360giving" // funding lines only, 360Giving's flat CSV columns
)

// Exporter writes hits one at a time, so an export of every item never holds
// them all in memory.
type Exporter interface {
	Write(Hit) error
	Close() error // flushes
}

// ExportOptions say how an export links back to the papers.
type ExportOptions struct {
	// BaseURL is the address the server is reached at
	// ("http://127.0.0.1:8080"). A 360Giving export needs it: its links
	// (each award's page, and its Data Source, the citation) are absolute
	// URLs, never paths.
	BaseURL string
	// Link gives the citation column of the csv format (a CSV travels, so
	// it should be absolute); nil means BaseURL and Citation.
	Link func(Hit) string
	// Merges join the names of one organisation under one identifier
	// (360Giving); nil means the bundled merges.
	Merges *names.Merges
}

// NewExporter returns an exporter of format writing to w.
func NewExporter(format string, w *bufio.Writer, opts ExportOptions) (Exporter, error) {
	base := strings.TrimRight(opts.BaseURL, "/")
	link := opts.Link
	if link == nil {
		link = func(h Hit) string { return base + Citation(h.Item, h.Document) }
	}
	switch format {
	case ExportCSV:
		return newCSVExporter(w, csvColumns, link)
	case ExportJSON:
		return &jsonExporter{w: w, enc: json.NewEncoder(w)}, nil
	case Export360Giving:
		if u, err := url.Parse(base); err != nil || !u.IsAbs() || u.Host == "" {
			return nil, fmt.Errorf("%w: a 360Giving export needs the server's address for its links (got %q)", ErrBadRequest, opts.BaseURL)
		}
		m := opts.Merges
		if m == nil {
			m = names.Bundled()
		}
		return newCSVExporter(w, giving360{base: base, merges: m}.columns(), link)
	default:
		return nil, fmt.Errorf("%w: format %q: want csv, json or 360giving", ErrBadRequest, format)
	}
}

type column struct {
	name  string
	value func(Hit) string // nil for the citation link column
}

func amountText(it corpus.Item) string {
	if it.Amount == 0 {
		return ""
	}
	return strconv.FormatFloat(it.Amount, 'f', 2, 64)
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func pageText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

var csvColumns = []column{
	{"id", func(h Hit) string { return h.Item.ID }},
	{"kind", func(h Hit) string { return string(h.Item.Kind) }},
	{"number", func(h Hit) string { return h.Item.Number }},
	{"title", func(h Hit) string { return h.Item.Title }},
	{"date", func(h Hit) string { return firstNonEmpty(h.Item.Date, h.Item.MeetingDate, h.Document.MeetingDate) }},
	{"body", func(h Hit) string { return firstNonEmpty(h.Item.Body, h.Document.Body) }},
	{"amount", func(h Hit) string { return amountText(h.Item) }},
	{"currency", func(h Hit) string { return h.Item.Currency }},
	{"recipient", func(h Hit) string { return h.Item.Recipient }},
	{"fund", func(h Hit) string { return h.Item.Fund }},
	{"period", func(h Hit) string { return h.Item.Period }},
	{"purpose", func(h Hit) string { return h.Item.Purpose }},
	{"response", func(h Hit) string { return h.Item.Response }},
	{"status", func(h Hit) string { return h.Item.Status }},
	{"author", func(h Hit) string { return h.Item.Author }},
	{"person", func(h Hit) string { return h.Item.Person }},
	{"role", func(h Hit) string { return h.Item.Role }},
	{"source", func(h Hit) string { return h.Item.Source }},
	{"text", func(h Hit) string { return h.Item.Text }},
	{"document_id", func(h Hit) string { return h.Document.ID }},
	{"document_title", func(h Hit) string { return h.Document.Title }},
	{"page", func(h Hit) string { return pageText(h.Item.Page) }},
	{"printed_page", func(h Hit) string { return h.Item.PrintedPage }},
	{"citation", nil},
}

type csvExporter struct {
	w    *csv.Writer
	cols []column
	link func(Hit) string
	row  []string
}

func newCSVExporter(w *bufio.Writer, cols []column, link func(Hit) string) (*csvExporter, error) {
	e := &csvExporter{w: csv.NewWriter(w), cols: cols, link: link, row: make([]string, len(cols))}
	for i, c := range cols {
		e.row[i] = c.name
	}
	return e, e.w.Write(e.row)
}

func (e *csvExporter) Write(h Hit) error {
	for i, c := range e.cols {
		if c.value == nil {
			e.row[i] = e.link(h)
			continue
		}
		e.row[i] = csvSafe(c.value(h))
	}
	return e.w.Write(e.row)
}

func (e *csvExporter) Close() error {
	e.w.Flush()
	return e.w.Error()
}

// csvSafe defuses formula injection: a cell a spreadsheet would evaluate
// (=, +, -, @ first) gets a leading apostrophe. Document text is untrusted.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}

type jsonExporter struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func (e *jsonExporter) Write(h Hit) error {
	return e.enc.Encode(toAPIHit(Hit{Item: h.Item, Document: h.Document}))
}

func (e *jsonExporter) Close() error { return nil }

// serveExport streams every item matching the filters. Headers go out
// before the first item, so an error after that can only cut the stream
// short: the last line then says so.
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	q, err := queryValues(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := q.Get("format")
	if format == "" {
		format = ExportCSV
	}
	req, err := ParseRequest(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := ParseQuery(req.Query); err != nil { // while a 400 can still be sent
		s.fail(w, r, err)
		return
	}
	if format == Export360Giving {
		req.Kinds = []corpus.Kind{corpus.KindFunding}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	exp, err := NewExporter(format, bw, ExportOptions{BaseURL: s.absoluteBase(r), Merges: s.entities.Merges()})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ext, ctype := "csv", "text/csv; charset=utf-8"
	if format == ExportJSON {
		ext, ctype = "ndjson", "application/x-ndjson"
	}
	// An export of a big index takes longer than the server's write timeout.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(30 * time.Minute))
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="papers-%s.%s"`, format, ext))
	err = s.lib.Each(r.Context(), req, exp.Write)
	if cerr := exp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		s.log.Error("export cut short", "err", err)
		fmt.Fprintf(bw, "\n# export incomplete: %v\n", err)
		bw.Flush()
	}
}
