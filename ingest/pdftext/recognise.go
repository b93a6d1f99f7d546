package pdftext

import (
	"context"
	"fmt"
	"sync"

	"panelpapers/ingest/layout"
)

// Pages read from their images (OCR) go through the same layout as the
// text layer: each word read becomes a glyph at its place on the page, and
// layoutPage makes the lines, blocks, table rows and reading order of them
// as it does of a PDF's glyphs; running headers and page numbers are then
// taken out over the whole document again. So a scanned page reaches the
// document model as any other page does, and the structure rules need no
// second reading of their own.

// Word is one word read from a page's image.
type Word struct {
	Text string
	// X0 and X1 are its left and right edges and Baseline the y of its
	// line's baseline there, in points from the page's top-left as
	// displayed (the coordinates of the text layer).
	X0, X1, Baseline float64
	Size             float64 // the font size it is set in, in points
	Bold             bool
}

// Rule is a straight ruling line found on a page's image, in the same
// coordinates as Word: a table's borders.
type Rule struct{ X0, Y0, X1, Y1 float64 }

// PageImage is what reading one page's image gave: its words in reading
// order (the words of a line one after another), its ruling lines, and the
// reader's mean confidence in the words (0-100).
type PageImage struct {
	Words      []Word
	Rules      []Rule
	Confidence float64
}

// ReadImage reads page n (1-based) of the document from its image; width
// and height are the page's displayed size in points.
type ReadImage func(ctx context.Context, n int, width, height float64) (PageImage, error)

// Recognised is one page read from its image.
type Recognised struct {
	Page       int        // 1-based
	Reason     ScanReason // why it was read; empty for a page whose text layer was good
	Words      int
	Confidence float64 // mean word confidence, 0-100
	Err        error   // the page could not be read; it keeps its text layer
}

// Recognise reads pages (1-based numbers) from their images with read, up
// to workers at once, and puts their words in place of the pages' text
// layer. A page that fails keeps the text it had and is listed with its
// error in Recognised; the other pages go on. It returns ctx's error if
// ctx ended before every page was tried.
func (r *Result) Recognise(ctx context.Context, pages []int, workers int, read ReadImage) error {
	reasons := map[int]ScanReason{}
	for _, s := range r.Scans {
		reasons[s.Page] = s.Reason
	}
	var todo []int
	for _, n := range pages {
		if n >= 1 && n <= len(r.pts) {
			todo = append(todo, n)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	out := make([]Recognised, len(todo))
	lines := make([][]layout.Line, len(todo))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(workers, len(todo))) {
		wg.Go(func() {
			for k := range jobs {
				n := todo[k]
				pt := r.pts[n-1]
				out[k] = Recognised{Page: n, Reason: reasons[n]}
				img, err := readSafely(ctx, read, n, pt.width, pt.height)
				if err != nil {
					out[k].Err = err
					continue
				}
				out[k].Words, out[k].Confidence = len(img.Words), img.Confidence
				lines[k] = layoutImage(ctx, img, pt.width, pt.height)
			}
		})
	}
	stopped := false
	for k := range todo {
		if ctx.Err() != nil {
			stopped = true
			break
		}
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	if stopped || ctx.Err() != nil {
		return fmt.Errorf("pdftext: reading page images: %w", ctx.Err())
	}
	for k, n := range todo {
		if out[k].Err == nil {
			r.pts[n-1].lines = lines[k]
		}
	}
	r.Recognised = append(r.Recognised, out...)
	r.Pages, r.dropped = finishPages(r.pts)
	return nil
}

// readSafely calls read, turning a panic into the page's error.
func readSafely(ctx context.Context, read ReadImage, n int, w, h float64) (img PageImage, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("page %d: reading its image crashed: %v", n, v)
		}
	}()
	img, err = read(ctx, n, w, h)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return img, err
}

// layoutImage lays out the words read from a page as layoutPage lays out
// its glyphs. Each word is one glyph followed by a space, so a word is
// never run into the next whatever the gap between their boxes.
func layoutImage(ctx context.Context, img PageImage, w, h float64) []layout.Line {
	gs := make([]glyph, 0, 2*len(img.Words))
	for _, wd := range img.Words {
		if wd.Text == "" || wd.Size <= 0 || wd.X1 < wd.X0 {
			continue
		}
		gs = append(gs,
			glyph{x: wd.X0, y: wd.Baseline, w: wd.X1 - wd.X0, size: wd.Size, text: wd.Text, bold: wd.Bold},
			glyph{x: wd.X1, y: wd.Baseline, w: 0.25 * wd.Size, size: wd.Size, text: " ", space: true})
	}
	rules := make([]rule, 0, len(img.Rules))
	for _, rl := range img.Rules {
		rules = append(rules, rule{rl.X0, rl.Y0, rl.X1, rl.Y1}.norm())
	}
	return layoutPage(ctx, gs, rules, w, h)
}
