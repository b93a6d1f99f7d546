package pdftext

import (
	"strings"
	"unicode"

	"panelpapers/ingest/layout"
)

// ScanReason says why a page's text layer is not usable, so that the page
// has to be read from its image (OCR).
type ScanReason string

const (
	// ScanNoText is a page that draws images and no text: a scan.
	ScanNoText ScanReason = "no text layer"
	// ScanInvisible is a page whose only text is invisible (render mode 3
	// or 7) over an image: an earlier OCR's hidden layer, which papers
	// does not trust over its own reading.
	ScanInvisible ScanReason = "only invisible text"
	// ScanGarbage is a page whose glyphs do not decode to words (a font
	// with no usable encoding): what it shows can only be read from it.
	ScanGarbage ScanReason = "unreadable glyphs"
	// ScanFewWords is a page covered by an image with a few words of text
	// over it: a scan with a stamped page number or header.
	ScanFewWords ScanReason = "page-sized image with few words"
)

// Scan is a page whose text layer is not usable.
type Scan struct {
	Page   int // 1-based
	Reason ScanReason
}

// Thresholds of the scan tests.
const (
	// pageImageCover is the share of a page an image must cover to be
	// the page (a scan), not a picture on it.
	pageImageCover = 0.5
	// fewWords is the most words of text a page-sized image may carry and
	// still be read as a scan: a page number, a date stamp, a short
	// header. A title page over a photograph has about as many; reading it
	// by OCR costs a second and loses nothing.
	fewWords = 8
	// garbageMinTokens is how much text the garbage test needs to judge.
	garbageMinTokens = 10
	// garbageSample is how much of a page's text garbage reads.
	garbageSample = 4000
)

// scanReason tells whether a page's text layer is usable, from its glyphs,
// its lines and the images it draws.
func scanReason(gs []glyph, lines []layout.Line, images int, imageCover float64) ScanReason {
	visible, invisible := 0, 0
	for _, g := range gs {
		if g.space || g.text == "" {
			continue
		}
		if g.invisible {
			invisible++
		} else {
			visible++
		}
	}
	switch {
	case visible+invisible == 0:
		if images > 0 {
			return ScanNoText
		}
		return "" // a blank page
	case visible == 0:
		if images > 0 {
			return ScanInvisible
		}
		return "" // hidden text over nothing: there is nothing to read
	}
	// Garbage shows in a page's first lines as in all of them: a few
	// thousand bytes decide it (every page is asked).
	var text strings.Builder
	for _, l := range lines {
		if text.Len() > garbageSample {
			break
		}
		text.WriteString(l.Text)
		text.WriteByte('\n')
	}
	if garbage(text.String()) {
		return ScanGarbage
	}
	if images > 0 && imageCover >= pageImageCover {
		words := 0
		for _, l := range lines {
			words += len(strings.Fields(l.Text))
		}
		// Invisible text does not count: only what a reader sees over
		// the image.
		if words*visible/(visible+invisible) < fewWords {
			return ScanFewWords
		}
	}
	return ""
}

// garbage reports whether text is mostly not words: replacement and
// control characters (glyphs with no Unicode mapping), or tokens that are
// mostly punctuation and symbols ("!"#$%&'", what a subset font's codes
// give when read as ASCII). Tables of figures, dashes and pound signs stay
// text: a figure is a word here.
func garbage(text string) bool {
	tokens, wordlike := 0, 0
	runes, bad := 0, 0
	for _, tok := range strings.Fields(text) {
		tokens++
		n, alnum := 0, 0
		for _, r := range tok {
			n++
			switch {
			case r == unicode.ReplacementChar || unicode.IsControl(r):
				bad++
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				alnum++
			case unicode.Is(unicode.Co, r):
				// Private-use glyphs are Symbol fonts' bullets: neither
				// word nor garbage.
				n--
			}
		}
		runes += n
		if n == 0 || alnum > 0 && 2*alnum >= n {
			wordlike++
		}
	}
	if runes >= 2*garbageMinTokens && 4*bad > runes {
		return true
	}
	return tokens >= garbageMinTokens && 2*wordlike < tokens
}
