package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"

	"panelpapers/corpus"
)

// Errors callers branch on. Both are returned wrapped; test with errors.Is.
var (
	// ErrEncrypted means the file is encrypted in a way the PDF library
	// cannot read (AES-256, revisions 5 and 6, or another security handler).
	ErrEncrypted = errors.New("pdftext: encrypted PDF not supported")
	// ErrNotPDF means the data is not a PDF file (no header, no trailer).
	ErrNotPDF = errors.New("pdftext: not a PDF file")
)

// Result is the text of one PDF.
type Result struct {
	// Pages has one entry per physical page, in order; Number is the
	// 1-based index. A page that failed is present with no Lines.
	Pages []corpus.Page
	// Producer is /Info /Producer, or /Creator when there is no producer.
	Producer string
	// Title is /Info /Title, if any.
	Title string
	// PageErrors lists pages that failed; the rest of the document is
	// still returned.
	PageErrors []PageError
	// ImagePages counts pages that draw images but have no text: scans
	// that need OCR.
	ImagePages int

	// dropped holds, per page, the running header/footer and page-number
	// lines removed from Pages. Tests compare against extractors that keep
	// them.
	dropped [][]corpus.Line
}

// PageError is a failure confined to one page.
type PageError struct {
	Page int // 1-based
	Err  error
}

func (e PageError) Error() string { return fmt.Sprintf("page %d: %v", e.Page, e.Err) }

func (e PageError) Unwrap() error { return e.Err }

// document holds one open file and the caches shared by its pages.
type document struct {
	r        *pdf.Reader
	fonts    map[string]*font
	cmaps    map[string]*cmap
	streams  map[string][]byte
	fallback *font
	badPages []error // why each placeholder page of pageList could not be read
}

// Limits of the page tree walk: real trees are a few levels deep.
const (
	maxTreeDepth = 64
	maxPages     = 100000
)

// Extract reads a PDF held in memory and returns its pages' text.
// It never panics: library panics are recovered and returned as errors
// (whole-document problems) or PageErrors (one page).
// It checks ctx between pages and periodically inside long content streams,
// returning ctx.Err() wrapped when done.
func Extract(ctx context.Context, data []byte) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("pdftext: malformed PDF: %w", errPanic(r))
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdftext: %w", err)
	}
	data, err = repair(data)
	if err != nil {
		return nil, err
	}
	// Why: some hostile cross-reference data crashes or hangs the library
	// in ways recover cannot catch; see guard.go.
	data = clampColumns(data)
	if err := checkXref(data); err != nil {
		return nil, err
	}
	r, err := pdf.NewReader(ctxReaderAt{ctx, bytes.NewReader(data)}, int64(len(data)))
	if err != nil {
		return nil, classifyOpenError(err)
	}
	d := &document{r: r, fonts: map[string]*font{}, cmaps: map[string]*cmap{}, streams: map[string][]byte{}}
	res = &Result{}
	d.info(res)
	pages, err := d.pageList()
	if err != nil {
		return nil, err
	}
	pts := make([]pageText, len(pages))
	for i, pv := range pages {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pdftext: page %d: %w", i+1, err)
		}
		pt, err := d.page(ctx, pv)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("pdftext: page %d: %w", i+1, ctx.Err())
			}
			res.PageErrors = append(res.PageErrors, PageError{Page: i + 1, Err: err})
		}
		if pt.images > 0 && !pt.hasText {
			res.ImagePages++
		}
		pts[i] = pt
	}
	res.Pages, res.dropped = finishPages(pts)
	return res, nil
}

// repair makes cheap fixes the library would otherwise reject: junk before
// the header, a %PDF-2.0 (or other unknown) version, and bytes after the
// last %%EOF. It works on a copy; data is never modified.
func repair(data []byte) ([]byte, error) {
	i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if i < 0 {
		return nil, ErrNotPDF
	}
	data = data[i:]
	eof := bytes.LastIndex(data, []byte("%%EOF"))
	if eof < 0 {
		return nil, fmt.Errorf("%w: missing %%%%EOF", ErrNotPDF)
	}
	end := eof + len("%%EOF")
	if len(bytes.TrimRight(data[end:], "\r\n\t \x00")) > 0 {
		data = data[:end]
	}
	ok := len(data) > 9 && data[5] == '1' && data[6] == '.' && data[7] >= '0' && data[7] <= '7' && (data[8] == '\r' || data[8] == '\n')
	if !ok {
		// Rewrite the header as %PDF-1.7 plus a newline, in place of the
		// same number of bytes, so no offset moves. The header line is
		// "%PDF-x.y" followed by an end of line; we overwrite bytes 5..8.
		if len(data) < 10 {
			return nil, ErrNotPDF
		}
		c := make([]byte, len(data))
		copy(c, data)
		copy(c[5:], "1.7")
		if c[8] != '\r' && c[8] != '\n' {
			c[8] = '\n'
		}
		data = c
	}
	return data, nil
}

func classifyOpenError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "encrypt") || errors.Is(err, pdf.ErrInvalidPassword):
		return fmt.Errorf("%w: %v", ErrEncrypted, err)
	case strings.Contains(msg, "not a PDF"):
		return fmt.Errorf("%w: %v", ErrNotPDF, err)
	}
	return fmt.Errorf("pdftext: open: %w", err)
}

// info fills Producer and Title from the /Info dictionary.
func (d *document) info(res *Result) {
	defer func() { _ = recover() }() // metadata is optional
	info := d.r.Trailer().Key("Info")
	res.Producer = strings.TrimSpace(info.Key("Producer").Text())
	if res.Producer == "" {
		res.Producer = strings.TrimSpace(info.Key("Creator").Text())
	}
	res.Title = strings.TrimSpace(info.Key("Title").Text())
}

// pageList walks the page tree itself instead of using Reader.Page, which
// loops forever on a cyclic /Kids and re-walks the tree for every page.
// Intermediate nodes are visited once (keyed by their printed form, which
// lists their kids and parent by object number), depth is bounded.
func (d *document) pageList() (pages []pdf.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdftext: page tree: %w", errPanic(r))
		}
	}()
	root := d.r.Trailer().Key("Root").Key("Pages")
	if root.Kind() != pdf.Dict {
		return nil, fmt.Errorf("pdftext: no page tree")
	}
	seen := map[string]bool{}
	leaves := map[string]int{}
	repeated := false
	var walk func(n pdf.Value, depth int)
	walk = func(n pdf.Value, depth int) {
		if depth > maxTreeDepth || len(pages) >= maxPages || repeated || n.Kind() != pdf.Dict {
			return
		}
		kids := n.Key("Kids")
		if n.Key("Type").Name() == "Page" || (kids.Kind() != pdf.Array && n.Key("Contents").Kind() != pdf.Null) {
			// Why count: a page has one parent, but /Kids can list the
			// same page 100,000 times; each copy costs a page of layout
			// and memory (the mutation run saw 1.2 GB for one file).
			key := n.String()
			if leaves[key]++; leaves[key] > maxPageRepeats {
				repeated = true
				return
			}
			pages = append(pages, n)
			return
		}
		key := n.String()
		if seen[key] {
			return
		}
		seen[key] = true
		for i := 0; i < kids.Len() && !repeated; i++ {
			d.walkKid(func() { walk(kids.Index(i), depth+1) }, &pages)
		}
	}
	walk(root, 0)
	if repeated {
		return nil, fmt.Errorf("pdftext: page tree lists one page more than %d times", maxPageRepeats)
	}
	return pages, nil
}

// walkKid walks one kid of a page tree node. Why: an unreadable kid (a
// page dictionary the library cannot parse) must cost that page, not the
// document; it becomes a placeholder page that page() reports. Running
// out of time still ends the whole walk.
func (d *document) walkKid(walk func(), pages *[]pdf.Value) {
	defer func() {
		if r := recover(); r != nil {
			err := errPanic(r)
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				panic(r)
			}
			*pages = append(*pages, pdf.Value{})
			d.badPages = append(d.badPages, fmt.Errorf("pdftext: unreadable page object: %w", err))
		}
	}()
	walk()
}

// streamData returns a stream's decoded bytes, cached under key when key is
// not empty. Unsupported filters make the library panic; that is an error.
func (d *document) streamData(v pdf.Value, key string) (data []byte, err error) {
	if key != "" {
		if b, ok := d.streams[key]; ok {
			return b, nil
		}
	}
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("pdftext: read stream: %w", errPanic(r))
		}
		if key != "" && (err == nil || err == errStreamTooLarge) {
			d.streams[key] = data
		}
	}()
	if err := checkDecodeParms(v); err != nil {
		return nil, err
	}
	rc := v.Reader()
	defer rc.Close()
	// Why the limit: a deflate bomb inflates a small stream to gigabytes.
	data, err = io.ReadAll(io.LimitReader(rc, maxDecodedStream+1))
	if err != nil && len(data) == 0 {
		return nil, fmt.Errorf("pdftext: read stream: %w", err)
	}
	if len(data) > maxDecodedStream {
		return data[:maxDecodedStream], errStreamTooLarge
	}
	// A truncated or slightly corrupt stream still yields what decoded.
	return data, nil
}

// pageText is one page after interpretation and layout, before running
// headers and footers are removed (that needs all pages).
type pageText struct {
	lines   []corpus.Line
	height  float64
	images  int
	hasText bool
}

// page interprets and lays out one page. Panics are confined to it.
func (d *document) page(ctx context.Context, pv pdf.Value) (pt pageText, err error) {
	defer func() {
		if r := recover(); r != nil {
			pt.lines = nil
			err = errPanic(r)
		}
	}()
	if pv.Kind() != pdf.Dict && len(d.badPages) > 0 { // a placeholder from walkKid, in order
		err, d.badPages = d.badPages[0], d.badPages[1:]
		return pt, err
	}
	box := inheritedBox(pv)
	rot := int(inherited(pv, "Rotate").Int64())
	base, w, h := pageMatrix(box, rot)
	pt.height = h

	contents := pv.Key("Contents")
	var buf []byte
	var readErr error
	switch contents.Kind() {
	case pdf.Stream:
		buf, readErr = d.streamData(contents, "")
	case pdf.Array:
		for i := 0; i < contents.Len(); i++ {
			b, err := d.streamData(contents.Index(i), "")
			if err != nil {
				readErr = err
				if err != errStreamTooLarge {
					continue
				}
			}
			buf = append(buf, b...)
			buf = append(buf, '\n')
		}
	}
	in := &interp{ctx: ctx, doc: d}
	runErr := in.run(buf, inherited(pv, "Resources"), base, 0)
	pt.images = in.images
	for _, g := range in.glyphs {
		if !g.space && g.text != "" {
			pt.hasText = true
			break
		}
	}
	if err := ctx.Err(); err != nil {
		return pt, err // the document is abandoned: skip the layout
	}
	pt.lines = layoutPage(ctx, in.glyphs, w, h)
	if runErr != nil {
		return pt, runErr
	}
	if err := ctx.Err(); err != nil {
		return pt, err // layout was cut short
	}
	if readErr != nil && (len(buf) == 0 || readErr == errStreamTooLarge) {
		return pt, readErr
	}
	return pt, nil
}

func inherited(pv pdf.Value, key string) pdf.Value {
	for i, v := 0, pv; i < maxTreeDepth && v.Kind() == pdf.Dict; i, v = i+1, v.Key("Parent") {
		if r := v.Key(key); r.Kind() != pdf.Null {
			return r
		}
	}
	return pdf.Value{}
}

// inheritedBox returns the visible page box: CropBox, else MediaBox, else
// US Letter.
func inheritedBox(pv pdf.Value) [4]float64 {
	for _, k := range []string{"CropBox", "MediaBox"} {
		b := inherited(pv, k)
		if b.Len() == 4 {
			x0, y0, x1, y1 := b.Index(0).Float64(), b.Index(1).Float64(), b.Index(2).Float64(), b.Index(3).Float64()
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			if y1 < y0 {
				y0, y1 = y1, y0
			}
			if x1-x0 > 1 && y1-y0 > 1 {
				return [4]float64{x0, y0, x1, y1}
			}
		}
	}
	return [4]float64{0, 0, 612, 792}
}

// pageMatrix maps default user space to page space as displayed: origin at
// the top-left, y down, after /Rotate (clockwise quarter turns). It returns
// the matrix and the displayed width and height.
func pageMatrix(b [4]float64, rot int) (matrix, float64, float64) {
	w, h := b[2]-b[0], b[3]-b[1]
	switch ((rot % 360) + 360) % 360 {
	case 90:
		return matrix{0, 1, 1, 0, -b[1], -b[0]}, h, w
	case 180:
		return matrix{-1, 0, 0, 1, b[2], -b[1]}, w, h
	case 270:
		return matrix{0, -1, -1, 0, b[3], b[2]}, h, w
	}
	return matrix{1, 0, 0, -1, -b[0], b[3]}, w, h
}
