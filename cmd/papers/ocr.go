package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"panelpapers/ingest/ocr"
)

// ocrOptions are the OCR flags of the commands that read papers.
type ocrOptions struct {
	Mode        string
	Languages   string
	CacheDir    string
	PageTimeout time.Duration
}

func ocrFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "ocr", Value: string(ocr.Auto), Usage: "read scanned pages with Tesseract: `auto` (pages with no usable text layer, where Tesseract is installed), off, or force (every page)"},
		&cli.StringFlag{Name: "ocr-lang", Usage: "Tesseract `LANGS` joined by + (default eng+cym where Welsh is installed, else eng)"},
		&cli.StringFlag{Name: "ocr-cache", EnvVars: []string{"PAPERS_OCR_CACHE"}, Usage: "keep pages' OCR in `DIR` (default: the user's cache directory, papers/ocr)"},
		&cli.DurationFlag{Name: "ocr-page-timeout", Value: ocr.DefaultPageTimeout, Usage: "give up on reading one page's image after this long (each page read adds this to the document's --timeout)"},
	}
}

func ocrOptionsOf(c *cli.Context) ocrOptions {
	return ocrOptions{Mode: c.String("ocr"), Languages: c.String("ocr-lang"), CacheDir: c.String("ocr-cache"), PageTimeout: c.Duration("ocr-page-timeout")}
}

// ocrSetup is the engine a batch uses, or why there is none.
type ocrSetup struct {
	engine *ocr.Engine
	// missing is set when OCR was wanted (auto) but Tesseract or pdftoppm
	// is not installed: scanned pages then need OCR, and the summary says
	// how to install it.
	missing bool
}

// newOCR makes the engine the options ask for. Auto without Tesseract is
// no engine (and a hint later); force without it, or a language that is not
// installed, is an error.
func newOCR(o ocrOptions) (ocrSetup, error) {
	mode, err := ocr.ParseMode(o.Mode)
	if err != nil {
		return ocrSetup{}, usagef("--ocr %q: want auto, off or force", o.Mode)
	}
	if o.PageTimeout < 0 {
		return ocrSetup{}, usagef("--ocr-page-timeout %v is negative", o.PageTimeout)
	}
	cache := o.CacheDir
	if cache == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(dir, "papers", "ocr")
		}
	}
	e, err := ocr.New(ocr.Config{Mode: mode, Languages: o.Languages, CacheDir: cache, PageTimeout: o.PageTimeout})
	switch {
	case errors.Is(err, ocr.ErrNotInstalled) && mode == ocr.Auto:
		return ocrSetup{missing: true}, nil
	case errors.Is(err, ocr.ErrNotInstalled):
		return ocrSetup{}, fmt.Errorf("--ocr force: %w", err)
	case err != nil:
		return ocrSetup{}, err
	}
	return ocrSetup{engine: e}, nil
}

// hint is what to tell the user after a batch with files that need OCR.
func (s ocrSetup) hint() string {
	if s.missing {
		return "scanned pages were not read: Tesseract is not installed; " + ocr.InstallHint + ", then ingest them again"
	}
	return ""
}
