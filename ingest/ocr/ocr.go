// Package ocr reads the words of scanned PDF pages: it renders a page with
// poppler's pdftoppm, reads the image with Tesseract's hOCR output (words
// with their boxes, lines with their baselines, confidences), and gives the
// words in the page's own coordinates, straightened, for pdftext to lay out
// as it lays out a text layer. Readings are cached by the hash of the page's
// image, so a page is read once whatever file it comes back in.
//
// Both programs are run as commands, under a time limit per page; a page
// that fails costs that page. docs/ocr.md says why pdftoppm, how pages are
// chosen and what it measures.
package ocr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"panelpapers/ingest/pdftext"
)

// Mode says when pages are read by OCR.
type Mode string

const (
	// Auto reads the pages with no usable text layer, where Tesseract is
	// installed; where it is not, such pages are reported as needing OCR.
	Auto Mode = "auto"
	// Off never runs OCR: pages with no usable text layer need OCR.
	Off Mode = "off"
	// Force reads every page of a PDF from its image, whatever its text
	// layer says, and fails at start-up if Tesseract is not installed.
	Force Mode = "force"
)

// ParseMode reads a --ocr value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case Auto, Off, Force:
		return m, nil
	case "":
		return Auto, nil
	}
	return "", fmt.Errorf("ocr: mode %q: want auto, off or force", s)
}

// Defaults.
const (
	// DefaultDPI is the resolution pages are rendered at. Tesseract's
	// models are trained on text of about 20-30 pixels x-height; at 300
	// dpi a 10-point body is 28.
	DefaultDPI = 300
	// DefaultPageTimeout bounds the reading of one page. A dense A4 page
	// takes Tesseract 2-4 s on this project's machines; a page that takes
	// a minute is a hostile or broken image.
	DefaultPageTimeout = 60 * time.Second
	// maxPixels bounds the longer side of a rendered page: a PDF may say
	// its page is a hundred metres long, and 300 dpi of that is no image
	// any program should be asked to make. A0 at 300 dpi is 14,000.
	maxPixels = 10000
)

// InstallHint says what OCR needs, for messages where it is missing.
const InstallHint = "install Tesseract and poppler (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-cym poppler-utils)"

// ErrNotInstalled means tesseract or pdftoppm is not on the PATH.
var ErrNotInstalled = errors.New("ocr: tesseract or pdftoppm not found; " + InstallHint)

// Config steers OCR. The zero value of a field takes its default.
type Config struct {
	Mode Mode
	// Languages are Tesseract's language codes joined by "+" ("eng+cym").
	// Empty: English, plus Welsh where its model is installed (Welsh
	// councils publish bilingual papers).
	Languages   string
	DPI         int
	PageTimeout time.Duration
	// CacheDir holds the readings of pages by the hash of their image.
	// Empty: no cache.
	CacheDir string
	// Parallel is how many pages are read at once in the whole process
	// (Tesseract is run with one thread each). 0: one per CPU.
	Parallel int
}

// Engine reads page images. One Engine is shared by every document of a
// process: it bounds the Tesseract processes running at once across all
// of them. It is safe for concurrent use.
type Engine struct {
	cfg       Config
	tesseract string
	pdftoppm  string
	version   string // Tesseract's, part of every cache key
	slots     chan struct{}

	runs      atomic.Int64 // Tesseract runs, for tests and the benchmark
	cacheHits atomic.Int64
}

// New finds the programs OCR needs and checks the languages. With mode
// Off it returns nil and no error: there is no engine. With mode Auto and
// a program missing it returns nil and an error for which
// errors.Is(err, ErrNotInstalled): callers warn and go on without OCR.
// With mode Force that is the same error, which callers should treat as
// fatal.
func New(cfg Config) (*Engine, error) {
	if cfg.Mode == "" {
		cfg.Mode = Auto
	}
	if _, err := ParseMode(string(cfg.Mode)); err != nil {
		return nil, err
	}
	if cfg.Mode == Off {
		return nil, nil
	}
	tess, err1 := exec.LookPath("tesseract")
	ppm, err2 := exec.LookPath("pdftoppm")
	if err1 != nil || err2 != nil {
		return nil, ErrNotInstalled
	}
	e := &Engine{cfg: cfg, tesseract: tess, pdftoppm: ppm}
	if e.cfg.DPI <= 0 {
		e.cfg.DPI = DefaultDPI
	}
	if e.cfg.PageTimeout <= 0 {
		e.cfg.PageTimeout = DefaultPageTimeout
	}
	if e.cfg.Parallel <= 0 {
		e.cfg.Parallel = runtime.NumCPU()
	}
	e.slots = make(chan struct{}, e.cfg.Parallel)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, tess, "--version").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("ocr: %s --version: %w", tess, err)
	}
	e.version = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	installed, err := e.languages(ctx)
	if err != nil {
		return nil, err
	}
	if e.cfg.Languages == "" {
		e.cfg.Languages = "eng"
		if installed["cym"] {
			e.cfg.Languages = "eng+cym"
		}
	}
	for _, l := range strings.Split(e.cfg.Languages, "+") {
		if !installed[l] {
			return nil, fmt.Errorf("ocr: language %q is not installed for Tesseract (installed: %s); Debian packages them as tesseract-ocr-%s",
				l, strings.Join(slices.Sorted(maps.Keys(installed)), ", "), l)
		}
	}
	return e, nil
}

// languages lists the language models Tesseract has.
func (e *Engine) languages(ctx context.Context) (map[string]bool, error) {
	out, err := exec.CommandContext(ctx, e.tesseract, "--list-langs").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("ocr: %s --list-langs: %w", e.tesseract, err)
	}
	langs := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n")[1:] {
		if l = strings.TrimSpace(l); l != "" && l != "osd" {
			langs[l] = true
		}
	}
	return langs, nil
}

// Mode is the engine's mode: Auto or Force.
func (e *Engine) Mode() Mode { return e.cfg.Mode }

// Languages are the languages pages are read in ("eng+cym").
func (e *Engine) Languages() string { return e.cfg.Languages }

// PageTimeout is the limit on reading one page.
func (e *Engine) PageTimeout() time.Duration { return e.cfg.PageTimeout }

// Parallel is how many pages the engine reads at once.
func (e *Engine) Parallel() int { return e.cfg.Parallel }

// Runs is how many times Tesseract has been run; CacheHits how many pages
// were read from the cache instead.
func (e *Engine) Runs() int64      { return e.runs.Load() }
func (e *Engine) CacheHits() int64 { return e.cacheHits.Load() }

// Document is one PDF whose pages are being read. pdftoppm reads files,
// so the PDF is written to a temporary file for as long as the Document
// is open; Close removes it.
type Document struct {
	e    *Engine
	file string // the temporary copy; "" once closed
}

// Open prepares the PDF in data for reading its pages.
func (e *Engine) Open(data []byte) (*Document, error) {
	f, err := os.CreateTemp("", "papers-ocr-*.pdf")
	if err != nil {
		return nil, fmt.Errorf("ocr: temporary copy of the PDF: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("ocr: temporary copy of the PDF: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return nil, fmt.Errorf("ocr: temporary copy of the PDF: %w", err)
	}
	return &Document{e: e, file: f.Name()}, nil
}

// Close removes the temporary copy.
func (d *Document) Close() error {
	if d.file == "" {
		return nil
	}
	err := os.Remove(d.file)
	d.file = ""
	return err
}

// ReadPage reads page n (1-based) of the document; width and height are
// its displayed size in points, as pdftext measures it. It is a
// pdftext.ReadImage. The page's limit runs from when a Tesseract slot is
// free, and never past ctx's own deadline.
func (d *Document) ReadPage(ctx context.Context, n int, width, height float64) (pdftext.PageImage, error) {
	e := d.e
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return pdftext.PageImage{}, ctx.Err()
	}
	defer func() { <-e.slots }()
	ctx, cancel := context.WithTimeout(ctx, e.cfg.PageTimeout)
	defer cancel()

	img, err := d.render(ctx, n, width, height)
	if err != nil {
		return pdftext.PageImage{}, err
	}
	key := e.cacheKey(img.data)
	hocr, ok := e.cacheGet(key)
	if ok {
		e.cacheHits.Add(1)
	} else {
		hocr, err = e.recognise(ctx, img)
		if err != nil {
			return pdftext.PageImage{}, fmt.Errorf("page %d: %w", n, err)
		}
		e.cachePut(key, hocr)
	}
	page, err := parseHOCR(hocr)
	if err != nil {
		return pdftext.PageImage{}, fmt.Errorf("page %d: tesseract output: %w", n, err)
	}
	return page.image(img, width, height), nil
}

// render draws page n as an 8-bit grey image (PGM).
func (d *Document) render(ctx context.Context, n int, width, height float64) (*gray, error) {
	dpi := float64(d.e.cfg.DPI)
	if long := max(width, height); long > 0 && long/72*dpi > maxPixels {
		dpi = maxPixels * 72 / long
	}
	// -cropbox: pdftext measures pages by their crop box (else the media
	// box), and so must the image, or words would land off their place.
	cmd := exec.CommandContext(ctx, d.e.pdftoppm, "-r", fmt.Sprintf("%.2f", dpi), "-gray", "-cropbox",
		"-f", fmt.Sprint(n), "-l", fmt.Sprint(n), d.file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("page %d: rendering: %w", n, ctx.Err())
		}
		return nil, fmt.Errorf("page %d: pdftoppm: %w: %s", n, err, firstLine(stderr.String()))
	}
	img, err := decodePGM(out)
	if err != nil {
		return nil, fmt.Errorf("page %d: pdftoppm output: %w", n, err)
	}
	img.widthPt = width
	return img, nil
}

// recognise runs Tesseract on the image, giving its hOCR.
func (e *Engine) recognise(ctx context.Context, img *gray) ([]byte, error) {
	e.runs.Add(1)
	dpi := 72 * float64(img.w) / img.widthPt
	cmd := exec.CommandContext(ctx, e.tesseract, "stdin", "stdout",
		"--dpi", fmt.Sprint(int(dpi+0.5)), "-l", e.cfg.Languages, "hocr")
	// One thread per Tesseract: pages are read in parallel instead, which
	// uses the cores better than Tesseract's OpenMP threads do.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdin = bytes.NewReader(img.data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("reading the image: %w", ctx.Err())
		}
		return nil, fmt.Errorf("tesseract: %w: %s", err, firstLine(stderr.String()))
	}
	return out, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
