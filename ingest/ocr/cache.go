package ocr

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
)

// The cache keeps Tesseract's hOCR of each page image it read, gzipped,
// under a key made of the image's SHA-256, the languages and Tesseract's
// version: the same page rendered the same way is read once, whichever
// file it comes in (a re-ingest, a paper republished with one page
// changed, the same scan in two packs). The hOCR is kept rather than the
// words made of it, so a change in how words are placed needs no new
// reading. A cache that cannot be read or written costs only time.

// cacheFormat changes when the key's recipe or the rendering does.
const cacheFormat = "papers-ocr-1"

func (e *Engine) cacheKey(image []byte) string {
	h := sha256.New()
	io.WriteString(h, cacheFormat+"\x00"+e.version+"\x00"+e.cfg.Languages+"\x00")
	h.Write(image)
	return hex.EncodeToString(h.Sum(nil))
}

func (e *Engine) cachePath(key string) string {
	return filepath.Join(e.cfg.CacheDir, key[:2], key+".hocr.gz")
}

func (e *Engine) cacheGet(key string) ([]byte, bool) {
	if e.cfg.CacheDir == "" {
		return nil, false
	}
	f, err := os.Open(e.cachePath(key))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, false // a torn entry: read the page again
	}
	return data, true
}

// cachePut writes an entry whole or not at all: to a temporary file that
// is renamed into place, so a reader never sees half of one.
func (e *Engine) cachePut(key string, hocr []byte) {
	if e.cfg.CacheDir == "" {
		return
	}
	path := e.cachePath(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(hocr)
	if zw.Close() != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(buf.Bytes())
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}
