package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"panelpapers/corpus"
	"panelpapers/ingest/dates"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/model"
	"panelpapers/ingest/ocr"
	"panelpapers/ingest/pdftext"
)

// DefaultTimeout is how long one document may take before it is abandoned.
// A healthy 80-page pack takes well under a second; a file that takes a
// minute is hostile or broken, and must not hold up the rest of a batch.
const DefaultTimeout = 60 * time.Second

var (
	// ErrNeedsOCR marks a document with no text that could be read: a
	// scan, where OCR was off, is not installed or failed. The document is
	// still returned (flagged NeedsOCR) so that it can be listed and
	// counted; it has no items. A document of which only some pages could
	// not be read is flagged NeedsOCR too, but returned without error.
	ErrNeedsOCR = errors.New("needs OCR: no text layer (scanned pages)")
	// ErrUnsupported is a file that is neither PDF nor HTML.
	ErrUnsupported = errors.New("not a PDF or HTML file")
	// ErrTimeout is a document that took longer than Options.Timeout.
	ErrTimeout = errors.New("took too long, abandoned")
	// ErrEmpty is a file with no bytes.
	ErrEmpty = errors.New("empty file")
	// ErrNotRegular is a path that is not a regular file: a named pipe
	// (reading it would block for ever), a device (/dev/zero never ends),
	// a socket, a directory.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge is a file bigger than MaxFileSize.
	ErrTooLarge = errors.New("file too large")
	// ErrKnown is a file Options.Known says is stored already: it was not
	// parsed.
	ErrKnown = errors.New("already in the index")
)

// MaxFileSize bounds one paper. Papers are read whole into memory, and
// several are parsed at once; the largest real agenda packs (scanned) are a
// few hundred MB.
const MaxFileSize = 512 << 20

// maxPageWarnings is how many page errors of one document are listed.
const maxPageWarnings = 3

// Options steer one ingest. The zero value is ready to use.
type Options struct {
	Body    string        // overrides the body read from the document
	Date    string        // YYYY-MM-DD; overrides the meeting date read from the document
	Timeout time.Duration // per document; 0 means DefaultTimeout
	Now     func() time.Time
	// OCR, when set, reads the pages of PDFs that have no usable text
	// layer (scans) from their images, or every page in ocr.Force mode.
	// Each page sent to it adds its page limit to the document's Timeout.
	// Nil: such pages are marked as needing OCR.
	OCR *ocr.Engine
	// Known, when set, is asked whether the document with a file's ID (its
	// content hash, DocumentID) is stored already; if so the file is not
	// parsed, and File and Bytes return an error for which
	// errors.Is(err, ErrKnown). A re-run over a folder then costs a read
	// and a hash per unchanged file, not a parse.
	Known func(id string) bool
}

// Validate checks the options a person typed.
func (o Options) Validate() error {
	if o.Date != "" {
		if _, err := time.Parse("2006-01-02", o.Date); err != nil {
			return fmt.Errorf("ingest: --date %q: want YYYY-MM-DD", o.Date)
		}
	}
	if o.Timeout < 0 {
		return fmt.Errorf("ingest: timeout %v is negative", o.Timeout)
	}
	return nil
}

// File reads one paper from disk. See Bytes.
// Only regular files are read (checked before opening: opening a named pipe
// blocks until someone writes to it, outside any time limit), and at most
// MaxFileSize bytes.
func File(ctx context.Context, path string, opts Options) (*corpus.Parsed, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, &fileError{path, err}
	}
	return Bytes(ctx, path, data, opts)
}

func readFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, shortPathError(err, path)
	}
	if err := regular(info); err != nil {
		return nil, err
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("%w: %s; papers reads at most %s", ErrTooLarge, byteSize(info.Size()), byteSize(MaxFileSize))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, shortPathError(err, path)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil {
		if err := regular(info); err != nil { // replaced since the first look
			return nil, err
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, shortPathError(err, path)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%w: more than %s", ErrTooLarge, byteSize(MaxFileSize))
	}
	return data, nil
}

// regular refuses anything but a regular file, saying what it is.
func regular(info fs.FileInfo) error {
	m := info.Mode()
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "type " + m.Type().String()
	}
	return fmt.Errorf("%w (%s)", ErrNotRegular, what)
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Bytes parses one paper held in memory. The format is decided by the
// content, not the name: a PDF saved as .html is still a PDF. Parsing runs
// under a time limit and recovers from parser panics, so one hostile file
// costs an error, never the batch. A scanned document comes back flagged
// NeedsOCR together with an error for which errors.Is(err, ErrNeedsOCR).
func Bytes(ctx context.Context, path string, data []byte, opts Options) (*corpus.Parsed, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, &fileError{path, ErrEmpty}
	}
	if opts.Known != nil && opts.Known(DocumentID(data)) {
		return nil, &fileError{path, ErrKnown}
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, limit := withLimit(ctx, timeout)
	defer limit.stop()

	type outcome struct {
		parsed *corpus.Parsed
		err    error
	}
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- outcome{err: fmt.Errorf("parser crashed: %v", r)}
			}
		}()
		p, pages, err := parse(ctx, data, ocrStep{engine: opts.OCR, extend: limit.extend})
		if err == nil {
			// Why here: the structure rules are per-document work too,
			// and must be inside the time limit like the parse.
			finish(p, pages, path, data, opts)
		}
		done <- outcome{p, err}
	}()
	var out outcome
	select {
	case out = <-done:
	case <-ctx.Done():
		// The parser checks ctx and will stop soon; if it is stuck inside
		// the PDF library it is left behind rather than holding the batch.
		out.err = ctx.Err()
	}
	if out.err != nil {
		if limit.expired() || errors.Is(out.err, context.DeadlineExceeded) && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			out.err = fmt.Errorf("%w (limit %v)", ErrTimeout, limit.total())
		}
		return nil, &fileError{path, out.err}
	}
	p := out.parsed
	if p.Document.NeedsOCR && !anyText(p.Pages) {
		return p, &fileError{path, ErrNeedsOCR}
	}
	return p, nil
}

// sniff decides the format from the first bytes.
func sniff(data []byte) (corpus.Format, bool) {
	head := data[:min(len(data), 1024)]
	if bytes.Contains(head, []byte("%PDF-")) {
		return corpus.FormatPDF, true
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := bytes.ToLower(trimmed)
	if bytes.HasPrefix(lower, []byte("<")) || bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<body")) {
		return corpus.FormatHTML, true
	}
	// UTF-16 HTML starts with a byte order mark.
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return corpus.FormatHTML, true
	}
	return "", false
}

// parse reads a file's pages: the document as far as its format tells,
// and the pages with their layout, which the model is built from.
func parse(ctx context.Context, data []byte, ocr ocrStep) (*corpus.Parsed, []layout.Page, error) {
	format, ok := sniff(data)
	if !ok {
		return nil, nil, fmt.Errorf("%w (starts with %q)", ErrUnsupported, printablePrefix(data, 16))
	}
	switch format {
	case corpus.FormatPDF:
		return parsePDF(ctx, data, ocr)
	default:
		return parseHTML(data)
	}
}

func printablePrefix(data []byte, n int) string {
	b := data[:min(len(data), n)]
	if utf8.Valid(b) {
		return string(b)
	}
	return fmt.Sprintf("% x", b)
}

func parsePDF(ctx context.Context, data []byte, ocr ocrStep) (*corpus.Parsed, []layout.Page, error) {
	res, err := pdftext.Extract(ctx, data)
	if err != nil {
		return nil, nil, err
	}
	p := &corpus.Parsed{
		Document: corpus.Document{
			Format:   corpus.FormatPDF,
			Title:    cleanPDFTitle(res.Title),
			Pages:    len(res.Pages),
			Producer: res.Producer,
		},
	}
	// Why the cap: a broken file can fail on every one of hundreds of
	// pages; a few examples and a count say as much as a screenful. Each
	// warning is one printable line (errors may quote the file's bytes).
	for i, pe := range res.PageErrors {
		if i == maxPageWarnings && len(res.PageErrors) > maxPageWarnings+1 {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%d more pages could not be read in full", len(res.PageErrors)-i))
			break
		}
		p.Warnings = append(p.Warnings, oneLine(pe.Error(), maxErrorDetail))
	}
	if len(res.PageErrors) == len(res.Pages) && len(res.Pages) > 0 && !hasText(res.Pages) {
		return nil, nil, fmt.Errorf("no page could be read: %w", res.PageErrors[0])
	}
	if err := ocr.run(ctx, data, res, p); err != nil {
		return nil, nil, err
	}
	return p, res.Pages, nil
}

func hasText(pages []layout.Page) bool {
	for _, pg := range pages {
		if len(pg.Lines) > 0 {
			return true
		}
	}
	return false
}

// cleanPDFTitle drops the titles producers write by default
// ("Microsoft Word - report.docx", "untitled", the name of the Word template
// a paper was made from).
func cleanPDFTitle(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	for _, prefix := range []string{"Microsoft Word - ", "Microsoft Excel - ", "Microsoft PowerPoint - "} {
		t = strings.TrimPrefix(t, prefix)
	}
	lower := strings.ToLower(t)
	if lower == "untitled" || strings.Contains(lower, "template") || strings.HasSuffix(lower, ".doc") || strings.HasSuffix(lower, ".docx") ||
		strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".pdf") || !model.HasLetter(t) {
		return ""
	}
	return t
}

// finish fills in what every format shares: identity, the pages' text,
// metadata read from the text where the parser found none, the items, and
// their ids.
func finish(p *corpus.Parsed, pages []layout.Page, path string, data []byte, opts Options) {
	p.Pages = pageTexts(pages, p.Pages)
	doc := &p.Document
	doc.ID = DocumentID(data)
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	doc.Path = path
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	doc.IngestedAt = now().UTC().Truncate(time.Second)

	d := model.Build(pages)
	fsBody, fsDate := frontSheet(d)
	if doc.Body == "" {
		doc.Body = fsBody
		// A council's name on the masthead gives way to the meeting the
		// papers name ("Minutes of a meeting of the Cabinet held on").
		if named := detectBody(pages); doc.Body == "" || !meetingBody.MatchString(doc.Body) && meetingBody.MatchString(named) {
			doc.Body = named
		}
	}
	if doc.MeetingDate == "" {
		doc.MeetingDate = fsDate
	}
	if doc.MeetingDate == "" {
		doc.MeetingDate = detectDate(pages, filepath.Base(path))
	}
	if opts.Body != "" {
		doc.Body = opts.Body
	}
	if opts.Date != "" {
		doc.MeetingDate = opts.Date
	}
	if doc.Title == "" {
		doc.Title = detectTitle(pages, doc.Body)
	} else {
		doc.Title = qualifyTitle(doc.Title, doc.Body)
	}
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	if !hasText(pages) {
		return
	}
	p.Items = Sections(d)
	p.Items = append(p.Items, typedItems(p, d)...)
	markOCR(p.Items, p.Pages)
	for i := range p.Items {
		it := &p.Items[i]
		it.ID = fmt.Sprintf("%s-%04d", doc.ID[:16], i+1)
		it.DocID = doc.ID
		it.Body = doc.Body
		it.MeetingDate = doc.MeetingDate
	}
}

// pageTexts is the pages as they leave ingest: their text, with what the
// parser marked on them (marks, when it has one per page: read by OCR,
// needing it).
func pageTexts(pages []layout.Page, marks []corpus.Page) []corpus.Page {
	out := make([]corpus.Page, len(pages))
	for i, pg := range pages {
		if len(marks) == len(pages) {
			out[i] = marks[i]
		}
		out[i].Number, out[i].Printed, out[i].Text = pg.Number, pg.Printed, pg.Text()
	}
	return out
}

// DocumentID is the ID of the document a file's bytes hold: their SHA-256,
// in hex. The same paper saved twice is one document.
func DocumentID(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ParseDate reads a date as people write it on the command line or in a
// paper ("2018-11-16", "16 November 2018", "16/11/2018") as YYYY-MM-DD.
func ParseDate(s string) (string, bool) {
	t, ok := dates.Parse(s)
	if !ok {
		return "", false
	}
	return t.Format("2006-01-02"), true
}
