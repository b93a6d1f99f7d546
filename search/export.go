package search

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"panelpapers/corpus"
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

// NewExporter returns an exporter of format writing to w. link gives each
// item's citation link (a CSV travels, so it should be absolute); nil means
// the server-relative Citation.
func NewExporter(format string, w *bufio.Writer, link func(Hit) string) (Exporter, error) {
	if link == nil {
		link = func(h Hit) string { return Citation(h.Item, h.Document) }
	}
	switch format {
	case ExportCSV:
		return newCSVExporter(w, csvColumns, link)
	case ExportJSON:
		return &jsonExporter{w: w, enc: json.NewEncoder(w)}, nil
	case Export360Giving:
		return newCSVExporter(w, giving360Columns, link)
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

// giving360Columns are 360Giving's flat-file column titles
// (https://standard.threesixtygiving.org) for the fields papers knows, plus
// where each award was read. Identifier must be unique across publishers, so
// it carries a papers prefix and the item ID; the funding organisation is the
// body whose papers record the award, the best papers knows.
var giving360Columns = []column{
	{"Identifier", func(h Hit) string { return "360G-papers-" + h.Item.ID }},
	{"Title", func(h Hit) string { return giving360Title(h.Item) }},
	{"Description", func(h Hit) string { return firstNonEmpty(h.Item.Purpose, h.Item.Text) }},
	{"Currency", func(h Hit) string { return firstNonEmpty(h.Item.Currency, "GBP") }},
	{"Amount Awarded", func(h Hit) string { return amountText(h.Item) }},
	{"Award Date", func(h Hit) string { return firstNonEmpty(h.Item.Date, h.Item.MeetingDate, h.Document.MeetingDate) }},
	{"Recipient Org:Name", func(h Hit) string { return h.Item.Recipient }},
	{"Funding Org:Name", func(h Hit) string { return firstNonEmpty(h.Item.Body, h.Document.Body) }},
	{"Grant Programme:Title", func(h Hit) string { return h.Item.Fund }},
	{"Planned Dates:Duration (months)", func(h Hit) string { return "" }},
	{"Source Document", func(h Hit) string { return firstNonEmpty(h.Document.Title, baseName(h.Document.Path)) }},
	{"Source Document ID", func(h Hit) string { return h.Document.ID }},
	{"Source Page", func(h Hit) string { return pageText(h.Item.Page) }},
	{"Source URL", nil},
	{"Period", func(h Hit) string { return h.Item.Period }},
}

func giving360Title(it corpus.Item) string {
	switch {
	case it.Recipient != "" && it.Fund != "":
		return fmt.Sprintf("%s grant to %s", it.Fund, it.Recipient)
	case it.Recipient != "":
		return "Grant to " + it.Recipient
	case it.Fund != "":
		return it.Fund + " grant"
	default:
		return firstNonEmpty(it.Title, "Grant")
	}
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
	base := "http://" + r.Host
	exp, err := NewExporter(format, bw, func(h Hit) string { return base + Citation(h.Item, h.Document) })
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
