package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"panelpapers/ingest/layout"

	"github.com/ledongthuc/pdf"
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
	Pages []layout.Page
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
	// Scans lists the pages whose text layer is not usable, in page
	// order: no text over an image, only invisible text, garbage glyphs,
	// or a page-sized image under a few words. Recognise reads them from
	// their images.
	Scans []Scan
	// Recognised lists the pages Recognise read from their images, in
	// page order, with how the reading went.
	Recognised []Recognised

	// pts are the pages before running headers and footers were taken
	// out: Recognise lays out a page again and repeats that step.
	pts []pageText

	// dropped holds, per page, the running header/footer and page-number
	// lines removed from Pages. Tests compare against extractors that keep
	// them.
	dropped [][]layout.Line
}

// PageError is a failure confined to one page.
type PageError struct {
	Page int // 1-based
	Err  error
}

func (e PageError) Error() string { return fmt.Sprintf("page %d: %v", e.Page, e.Err) }

func (e PageError) Unwrap() error { return e.Err }

// document holds one open file and the caches shared by its pages. Pages
// may run in parallel: the library's Reader only reads (each lookup parses
// afresh from the io.ReaderAt), and mu guards the caches.
type document struct {
	r        *pdf.Reader
	mu       sync.Mutex
	fonts    map[string]*font
	cmaps    map[string]*cmap
	streams  map[string][]byte
	fallback *font
	fbOnce   sync.Once
	badPages []error                 // why each placeholder page of pageList could not be read
	parents  map[[2]uint64]pdf.Value // resolved /Parent by reference, see ancestors
	// orderSensitive is set when a cached stream was too large: the first
	// reader of such a stream gets the error and later ones the truncated
	// data, so the output depends on the order pages are read in.
	orderSensitive bool
}

func newDocument(r *pdf.Reader) *document {
	return &document{r: r, fonts: map[string]*font{}, cmaps: map[string]*cmap{}, streams: map[string][]byte{}}
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
	return extract(ctx, data, min(runtime.GOMAXPROCS(0), maxPageWorkers))
}

// extract is Extract reading up to workers pages at once.
func extract(ctx context.Context, data []byte, workers int) (res *Result, err error) {
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
	shape, err := checkXref(data)
	if err != nil {
		return nil, err
	}
	// Why: merge tools write a trailer /Size short of their table, and the
	// library drops every object past it; see xrefsize.go.
	data = fixXrefSize(data, shape)
	r, err := pdf.NewReader(ctxReaderAt{ctx, bytes.NewReader(data)}, int64(len(data)))
	if err != nil {
		return nil, classifyOpenError(err)
	}
	d := newDocument(r)
	res = &Result{}
	d.info(res)
	pages, err := d.pageList()
	if err != nil {
		return nil, err
	}
	// A placeholder page (see walkKid) takes the next unreadable-page
	// error, in page order.
	pageErr := make([]error, len(pages))
	for i, pv := range pages {
		if pv.Kind() != pdf.Dict && len(d.badPages) > 0 {
			pageErr[i], d.badPages = d.badPages[0], d.badPages[1:]
		}
	}
	workers = min(workers, len(pages))
	pts, errs, done := d.readPages(ctx, pages, pageErr, workers)
	if workers > 1 && d.orderSensitive {
		// Rare (a form or CMap decoding past maxDecodedStream): read the
		// pages again, in order, as the sequential reading defines.
		d = newDocument(r)
		pts, errs, done = d.readPages(ctx, pages, pageErr, 1)
	}
	for i := range pages {
		if !done[i] {
			return nil, fmt.Errorf("pdftext: page %d: %w", i+1, ctx.Err())
		}
		if errs[i] != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("pdftext: page %d: %w", i+1, ctx.Err())
			}
			res.PageErrors = append(res.PageErrors, PageError{Page: i + 1, Err: errs[i]})
		}
		if pts[i].images > 0 && !pts[i].hasText {
			res.ImagePages++
		}
		if pts[i].scan != "" {
			res.Scans = append(res.Scans, Scan{Page: i + 1, Reason: pts[i].scan})
		}
	}
	res.Pages, res.dropped = finishPages(pts)
	res.pts = pts
	return res, nil
}

// maxPageWorkers bounds the pages of one document read at once; each holds
// its page's glyphs and content.
const maxPageWorkers = 4

// readPages reads every page with the given number of goroutines, which
// take pages in order. done[i] is false for a page skipped because ctx was
// done. A panic that escapes a page (page recovers its own) is re-raised
// here, in the caller's goroutine, where Extract recovers it.
func (d *document) readPages(ctx context.Context, pages []pdf.Value, pageErr []error, workers int) (pts []pageText, errs []error, done []bool) {
	n := len(pages)
	pts, errs, done = make([]pageText, n), make([]error, n), make([]bool, n)
	work := func(sc *scratch, i int) {
		if ctx.Err() != nil {
			return
		}
		pts[i], errs[i] = d.page(ctx, pages[i], pageErr[i], sc)
		done[i] = true
	}
	if workers <= 1 {
		sc := &scratch{}
		for i := range n {
			if work(sc, i); !done[i] {
				break
			}
		}
		return pts, errs, done
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var panicked atomic.Pointer[any]
	for range workers {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					panicked.CompareAndSwap(nil, &r)
				}
			}()
			sc := &scratch{}
			for i := int(next.Add(1)) - 1; i < n && panicked.Load() == nil; i = int(next.Add(1)) - 1 {
				if work(sc, i); !done[i] {
					return
				}
			}
		})
	}
	wg.Wait()
	if p := panicked.Load(); p != nil {
		panic(*p)
	}
	return pts, errs, done
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
	if key == "" {
		return readStream(nil, v)
	}
	d.mu.Lock()
	b, ok := d.streams[key]
	d.mu.Unlock()
	if ok {
		return b, nil
	}
	data, err = readStream(nil, v)
	if err == nil || err == errStreamTooLarge {
		d.mu.Lock()
		if _, ok := d.streams[key]; ok {
			// Another page read it meanwhile: as in page order, only
			// the first reader sees the error.
			err = nil
		} else {
			d.streams[key] = data
		}
		if err == errStreamTooLarge {
			d.orderSensitive = true
		}
		d.mu.Unlock()
	}
	return data, err
}

// readStream appends a stream's decoded bytes to dst; on error dst comes
// back as it was. A nil dst gets a right-sized slice (it may be cached);
// a page's content is appended to a buffer reused from page to page.
func readStream(dst []byte, v pdf.Value) (data []byte, err error) {
	n0 := len(dst)
	defer func() {
		if r := recover(); r != nil {
			data, err = dst[:n0], fmt.Errorf("pdftext: read stream: %w", errPanic(r))
		}
	}()
	if err := checkDecodeParms(v); err != nil {
		return dst[:n0], err
	}
	rc := v.Reader()
	defer rc.Close()
	// Why the limit: a deflate bomb inflates a small stream to gigabytes.
	lr := io.LimitReader(rc, maxDecodedStream+1)
	if dst == nil {
		data, err = io.ReadAll(lr)
	} else {
		data, err = appendAll(dst, lr)
	}
	if err != nil && len(data) == n0 {
		return dst[:n0], fmt.Errorf("pdftext: read stream: %w", err)
	}
	if len(data)-n0 > maxDecodedStream {
		return data[:n0+maxDecodedStream], errStreamTooLarge
	}
	// A truncated or slightly corrupt stream still yields what decoded.
	return data, nil
}

// appendAll is io.ReadAll appending to b.
func appendAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
	}
}

// pageText is one page after interpretation and layout, before running
// headers and footers are removed (that needs all pages).
type pageText struct {
	lines   []layout.Line
	width   float64
	height  float64
	images  int
	hasText bool
	// scan is why the page's text layer is not usable and the page should
	// be read from its image (scan.go); empty when its text is good.
	scan ScanReason
}

// scratch is what one goroutine reuses from page to page.
type scratch struct {
	content []byte
	glyphs  []glyph
	codes   codeCaches
	lexers  []*lexer // by form depth: a form runs inside its page's run
}

// lexer returns a lexer over b for a content stream run at form depth,
// reusing that depth's buffers.
func (sc *scratch) lexer(depth int, b []byte) *lexer {
	for len(sc.lexers) <= depth {
		sc.lexers = append(sc.lexers, &lexer{})
	}
	lx := sc.lexers[depth]
	buf, stack := lx.buf[:0], lx.stack[:0]
	if cap(buf) > 64<<10 || cap(stack) > 2*maxArena {
		buf, stack = nil, nil // an odd stream's; not worth keeping
	}
	*lx = lexer{b: b, buf: buf, stack: stack, arena: true}
	return lx
}

// Buffers above these sizes are dropped after a page rather than kept for
// the next: one odd page should not pin its memory for the whole document.
const (
	maxKeptContent = 4 << 20
	maxKeptGlyphs  = 1 << 16
)

// page interprets and lays out one page. Panics are confined to it.
// placeholderErr is the error of a page that pageList could not read.
func (d *document) page(ctx context.Context, pv pdf.Value, placeholderErr error, sc *scratch) (pt pageText, err error) {
	defer func() {
		if r := recover(); r != nil {
			pt.lines = nil
			err = errPanic(r)
		}
	}()
	if placeholderErr != nil {
		return pt, placeholderErr
	}
	anc := &ancestors{d: d, vs: []pdf.Value{pv}}
	box := anc.box()
	rot := int(anc.inherited("Rotate").Int64())
	base, w, h := pageMatrix(box, rot)
	pt.width, pt.height = w, h

	contents := pv.Key("Contents")
	buf := sc.content[:0]
	var readErr error
	switch contents.Kind() {
	case pdf.Stream:
		buf, readErr = readStream(buf, contents)
	case pdf.Array:
		for i := 0; i < contents.Len(); i++ {
			var err error
			buf, err = readStream(buf, contents.Index(i))
			if err != nil {
				readErr = err
				if err != errStreamTooLarge {
					continue
				}
			}
			buf = append(buf, '\n')
		}
	}
	if cap(buf) <= maxKeptContent {
		sc.content = buf[:0]
	}
	in := &interp{ctx: ctx, doc: d, glyphs: sc.glyphs[:0], sc: sc, pageW: w, pageH: h}
	runErr := in.run(buf, anc.inherited("Resources"), base, 0)
	if cap(in.glyphs) <= maxKeptGlyphs {
		defer func() { sc.glyphs = in.glyphs[:0] }()
	}
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
	pt.lines = layoutPage(ctx, in.glyphs, in.rules, w, h)
	pt.scan = scanReason(in.glyphs, pt.lines, in.images, in.imageCover)
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
	return (&ancestors{vs: []pdf.Value{pv}}).inherited(key)
}

func inheritedBox(pv pdf.Value) [4]float64 {
	return (&ancestors{vs: []pdf.Value{pv}}).box()
}

// ancestors is a page and its /Parent chain, resolved as far as lookups
// have needed. Why: the library parses an object afresh at every lookup,
// and a parent listing hundreds of /Kids is costly to parse again for each
// inherited attribute of each page (it made long documents quadratic).
type ancestors struct {
	d  *document   // remembers parents across pages; may be nil
	vs []pdf.Value // vs[0] is the page
}

func (a *ancestors) at(i int) pdf.Value {
	for len(a.vs) <= i {
		a.vs = append(a.vs, a.d.parent(a.vs[len(a.vs)-1]))
	}
	return a.vs[i]
}

// parent returns v.Key("Parent"), resolving each referenced parent once
// per document: the same reference always resolves to the same object.
func (d *document) parent(v pdf.Value) pdf.Value {
	ref, ok := rawRef(v, "Parent")
	if d == nil || !ok {
		return v.Key("Parent")
	}
	d.mu.Lock()
	p, ok := d.parents[ref]
	d.mu.Unlock()
	if ok {
		return p
	}
	p = v.Key("Parent")
	d.mu.Lock()
	if d.parents == nil {
		d.parents = map[[2]uint64]pdf.Value{}
	}
	d.parents[ref] = p
	d.mu.Unlock()
	return p
}

// rawRef returns the object reference (number, generation) stored under
// key in dictionary v, without resolving it. The library does not expose
// references, so this reads its representation through reflection; if
// that is not the one expected, ok is false and callers resolve as usual.
func rawRef(v pdf.Value, key string) (ref [2]uint64, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	d := reflect.ValueOf(v).FieldByName("data")
	if d.Kind() != reflect.Interface || d.IsNil() {
		return ref, false
	}
	d = d.Elem()
	if d.Kind() != reflect.Map || d.Type().Key().Kind() != reflect.String {
		return ref, false
	}
	e := d.MapIndex(reflect.ValueOf(key).Convert(d.Type().Key()))
	if e.Kind() == reflect.Interface && !e.IsNil() {
		e = e.Elem()
	}
	if e.Kind() != reflect.Struct || e.Type().Name() != "objptr" || e.NumField() != 2 ||
		!e.Field(0).CanUint() || !e.Field(1).CanUint() {
		return ref, false
	}
	return [2]uint64{e.Field(0).Uint(), e.Field(1).Uint()}, true
}

// inherited returns the value of key on the page or its nearest ancestor.
func (a *ancestors) inherited(key string) pdf.Value {
	for i := 0; i < maxTreeDepth; i++ {
		v := a.at(i)
		if v.Kind() != pdf.Dict {
			break
		}
		if r := v.Key(key); r.Kind() != pdf.Null {
			return r
		}
		a.at(i + 1) // resolved even at the depth limit, as it always was
	}
	return pdf.Value{}
}

// box returns the visible page box: CropBox, else MediaBox, else US
// Letter.
func (a *ancestors) box() [4]float64 {
	for _, k := range []string{"CropBox", "MediaBox"} {
		b := a.inherited(k)
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
