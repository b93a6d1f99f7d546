package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"panelpapers/corpus"
	"panelpapers/ingest/ocr"
	"panelpapers/ingest/pdftext"
)

// Scanned pages. pdftext says which pages have no usable text layer; with
// an OCR engine those pages (every page in force mode, and every page of a
// PDF with no text at all) are read from their images, page by page, and
// laid out as the text layer would be, before the model is built. Pages
// that could not be read are marked, and so is the document: NeedsOCR.

// ocrStep is the OCR part of one document's parse: the engine (nil for
// none) and the document's time limit, which each page sent to OCR raises
// by the page's own limit.
type ocrStep struct {
	engine *ocr.Engine
	extend func(time.Duration)
}

// run reads what needs reading of res from the page images and records on
// p, page by page, what was read and what still needs OCR.
func (s ocrStep) run(ctx context.Context, data []byte, res *pdftext.Result, p *corpus.Parsed) error {
	p.Pages = make([]corpus.Page, len(res.Pages))
	todo := s.pages(res)
	if len(todo) > 0 {
		if s.extend != nil {
			s.extend(time.Duration(len(todo)) * s.engine.PageTimeout())
		}
		doc, err := s.engine.Open(data)
		if err != nil {
			p.Warnings = append(p.Warnings, oneLine(err.Error(), maxErrorDetail))
		} else {
			err = res.Recognise(ctx, todo, s.engine.Parallel(), doc.ReadPage)
			doc.Close()
			if err != nil {
				return err
			}
		}
	}
	var failed []string
	for _, r := range res.Recognised {
		pg := &p.Pages[r.Page-1]
		if r.Err != nil {
			failed = append(failed, fmt.Sprintf("page %d: %v", r.Page, r.Err))
			continue
		}
		pg.OCR, pg.OCRConfidence = true, r.Confidence
		p.Document.OCRPages++
	}
	for _, sc := range res.Scans {
		if !p.Pages[sc.Page-1].OCR {
			p.Pages[sc.Page-1].NeedsOCR = true
		}
	}
	if !hasText(res.Pages) {
		// Nothing to read at all (a scan with no images pdftext could
		// see, text drawn as outlines): every page needs OCR.
		for i := range p.Pages {
			if !p.Pages[i].OCR {
				p.Pages[i].NeedsOCR = true
			}
		}
	}
	var needs []int
	for i, pg := range p.Pages {
		if pg.NeedsOCR {
			needs = append(needs, i+1)
		}
	}
	if len(needs) > 0 {
		p.Document.NeedsOCR = true
		if len(needs) < len(p.Pages) {
			p.Document.NeedsOCRPages = needs
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s with no usable text layer not read (needs OCR): %s",
				plural(len(needs), "page", "pages"), corpus.PageRanges(needs)))
		}
	}
	for i, f := range failed {
		if i == maxPageWarnings {
			p.Warnings = append(p.Warnings, fmt.Sprintf("OCR failed on %d more pages", len(failed)-i))
			break
		}
		p.Warnings = append(p.Warnings, "OCR "+oneLine(f, maxErrorDetail))
	}
	return nil
}

// pages are the pages to read by OCR: those with no usable text layer;
// every page in force mode or when the PDF has no text at all.
func (s ocrStep) pages(res *pdftext.Result) []int {
	if s.engine == nil {
		return nil
	}
	var todo []int
	if s.engine.Mode() == ocr.Force || !hasText(res.Pages) {
		for i := range res.Pages {
			todo = append(todo, i+1)
		}
		return todo
	}
	for _, sc := range res.Scans {
		todo = append(todo, sc.Page)
	}
	return todo
}

// markOCR marks the items on pages read by OCR, with the mean confidence
// of those pages.
func markOCR(items []corpus.Item, pages []corpus.Page) {
	for i := range items {
		it := &items[i]
		last := max(it.PageEnd, it.Page)
		sum, n := 0.0, 0
		for pg := it.Page; pg <= last && pg >= 1 && pg <= len(pages); pg++ {
			if pages[pg-1].OCR {
				sum += pages[pg-1].OCRConfidence
				n++
			}
		}
		if n > 0 {
			it.OCR = true
			it.OCRConfidence = float64(int(sum/float64(n)*10+0.5)) / 10
		}
	}
}

func anyText(pages []corpus.Page) bool {
	for _, pg := range pages {
		if strings.TrimSpace(pg.Text) != "" {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// docLimit is a document's time limit, which can be raised while the
// document is read (by OCR, which knows only after the text layer is read
// how many pages it has to read). When it runs out, the document's context
// is cancelled with errLimit as its cause.
type docLimit struct {
	mu      sync.Mutex
	timer   *time.Timer
	start   time.Time
	limit   time.Duration
	cancel  context.CancelCauseFunc
	ctx     context.Context
	stopped bool
}

var errLimit = errors.New("document time limit")

func withLimit(parent context.Context, d time.Duration) (context.Context, *docLimit) {
	ctx, cancel := context.WithCancelCause(parent)
	l := &docLimit{start: time.Now(), limit: d, cancel: cancel, ctx: ctx}
	l.timer = time.AfterFunc(d, func() { cancel(errLimit) })
	return ctx, l
}

// extend raises the limit by d.
func (l *docLimit) extend(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped || l.ctx.Err() != nil {
		return
	}
	l.limit += d
	l.timer.Reset(time.Until(l.start.Add(l.limit)))
}

func (l *docLimit) total() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit
}

// expired reports whether the document ran out of time (rather than its
// parent context ending).
func (l *docLimit) expired() bool {
	return errors.Is(context.Cause(l.ctx), errLimit)
}

func (l *docLimit) stop() {
	l.mu.Lock()
	l.stopped = true
	l.timer.Stop()
	l.mu.Unlock()
	l.cancel(context.Canceled)
}
