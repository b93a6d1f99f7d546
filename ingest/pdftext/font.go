package pdftext

import (
	"math"
	"regexp"
	"strings"
	"sync"

	"github.com/ledongthuc/pdf"
)

// font is what the interpreter needs of a font dictionary: how to split a
// string into codes, each code's text and advance width, and the style.
// Fonts are parsed once per document and shared by every page and form that
// uses them (the library would re-parse the ToUnicode CMap on every Tf).
type font struct {
	bold, italic bool

	composite bool  // Type0: multi-byte codes, CID widths
	enc       *cmap // Type0: embedded encoding CMap (codespace, CIDs), nil for Identity
	ucs2      bool  // Type0 with a predefined Uni*-UCS2/UTF16 encoding: the code is the text
	toUni     *cmap

	simpleText [256]string  // simple fonts: text of each code from the encoding
	widths     [256]float64 // simple fonts: advance per unit font size
	missing    float64      // width of codes outside /Widths

	cidW map[int]float64 // Type0: /W, per unit font size
	dw   float64         // Type0: /DW, per unit font size
	// cidDense is cidW as a table when its CIDs are small, NaN where cidW
	// has none: a map lookup per glyph cost more than the rest of decode.
	cidDense []float64
}

// maxDenseCID bounds the CIDs of a dense width table (512 KiB).
const maxDenseCID = 1 << 16

// denseWidths fills cidDense from cidW when every CID in it is in
// [0, maxDenseCID) and no width is NaN.
func (f *font) denseWidths() {
	top := -1
	for cid, w := range f.cidW {
		if cid < 0 || cid >= maxDenseCID || math.IsNaN(w) {
			return
		}
		top = max(top, cid)
	}
	d := make([]float64, top+1)
	for i := range d {
		d[i] = math.NaN()
	}
	for cid, w := range f.cidW {
		d[cid] = w
	}
	f.cidDense = d
}

// cidWidth returns the advance of a CID per unit font size.
func (f *font) cidWidth(cid int) float64 {
	if f.cidDense != nil {
		if uint(cid) < uint(len(f.cidDense)) && !math.IsNaN(f.cidDense[cid]) {
			return f.cidDense[cid]
		}
		return f.dw
	}
	if w, ok := f.cidW[cid]; ok {
		return w
	}
	return f.dw
}

// codeCaches holds, per font, the text of the codes decoded so far. Fonts
// are shared by pages read in parallel and never change once loaded; each
// goroutine has its own caches.
type codeCaches map[*font]map[uint32]string

func (c *codeCaches) of(f *font) map[uint32]string {
	if *c == nil {
		*c = codeCaches{}
	}
	m := (*c)[f]
	if m == nil {
		m = map[uint32]string{}
		(*c)[f] = m
	}
	return m
}

var (
	boldName   = regexp.MustCompile(`(?i)bold|black|heavy|semibold|demi|,bold`)
	italicName = regexp.MustCompile(`(?i)italic|oblique|,italic`)
)

// Font descriptor flags (PDF 32000-1 §9.8.2).
const (
	flagSymbolic  = 1 << 2
	flagItalic    = 1 << 6
	flagForceBold = 1 << 18
)

// defaultWidth is used when a font has no widths at all (a standard-14
// font without /Widths): half an em is close to the average Latin glyph.
const defaultWidth = 0.5

// fallbackFont is used for text drawn before any Tf, or with a font that
// cannot be read: it decodes bytes as WinAnsi.
func (d *document) fallbackFont() *font {
	d.fbOnce.Do(func() {
		f := &font{missing: defaultWidth}
		f.simpleText = winAnsiEnc
		for i := range f.widths {
			f.widths[i] = defaultWidth
		}
		d.fallback = f
	})
	return d.fallback
}

// font returns the parsed font for a font dictionary, from the document
// cache when the same dictionary was seen before. The key is the
// dictionary's printed form, which names its indirect parts (descriptor,
// widths, ToUnicode) by object number, so it is stable and cheap.
func (d *document) font(v pdf.Value) (f *font) {
	if v.Kind() != pdf.Dict {
		return d.fallbackFont()
	}
	key := v.String()
	d.mu.Lock()
	f, ok := d.fonts[key]
	d.mu.Unlock()
	if ok {
		return f
	}
	defer func() {
		if r := recover(); r != nil {
			f = d.fallbackFont()
		}
		f = storeFirst(&d.mu, d.fonts, key, f)
	}()
	return d.loadFont(v)
}

func (d *document) loadFont(v pdf.Value) *font {
	f := &font{}
	subtype := v.Key("Subtype").Name()
	base := v.Key("BaseFont").Name()
	desc := v.Key("FontDescriptor")
	if subtype == "Type0" {
		df := v.Key("DescendantFonts").Index(0)
		desc = df.Key("FontDescriptor")
		d.loadCIDWidths(f, df)
	}
	f.bold = boldName.MatchString(base)
	f.italic = italicName.MatchString(base)
	flags := int(desc.Key("Flags").Int64())
	if flags&flagForceBold != 0 || desc.Key("FontWeight").Float64() >= 600 {
		f.bold = true
	}
	if flags&flagItalic != 0 || desc.Key("ItalicAngle").Float64() < -4 {
		f.italic = true
	}
	if fn := desc.Key("FontName").Name(); fn != "" && !f.bold {
		f.bold = boldName.MatchString(fn)
	}

	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.toUni = d.cmap(tu)
	}

	if subtype == "Type0" {
		f.composite = true
		enc := v.Key("Encoding")
		switch enc.Kind() {
		case pdf.Name:
			n := enc.Name()
			f.ucs2 = strings.Contains(n, "UCS2") || strings.Contains(n, "UTF16")
		case pdf.Stream:
			f.enc = d.cmap(enc)
		}
		return f
	}

	// Simple font: widths, then the encoding.
	scale := 0.001
	if subtype == "Type3" {
		if fm := v.Key("FontMatrix"); fm.Len() == 6 {
			scale = fm.Index(0).Float64()
		}
	}
	first := int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	f.missing = desc.Key("MissingWidth").Float64() * scale
	if ws.Kind() != pdf.Array || ws.Len() == 0 {
		f.missing = defaultWidth
		if strings.Contains(strings.ToLower(base), "courier") {
			f.missing = 0.6
		}
	}
	for i := range f.widths {
		f.widths[i] = f.missing
	}
	for i := 0; i < ws.Len(); i++ {
		if c := first + i; c >= 0 && c < 256 {
			f.widths[c] = ws.Index(i).Float64() * scale
		}
	}

	symbolic := flags&flagSymbolic != 0
	baseEnc := standardEnc
	switch {
	case strings.Contains(base, "Symbol"), strings.Contains(base, "Dingbats"):
		baseEnc = symbolEnc
	case subtype == "TrueType" || symbolic:
		baseEnc = winAnsiEnc
	}
	enc := v.Key("Encoding")
	var diffs pdf.Value
	switch enc.Kind() {
	case pdf.Name:
		baseEnc = namedEncoding(enc.Name(), baseEnc)
	case pdf.Dict:
		baseEnc = namedEncoding(enc.Key("BaseEncoding").Name(), baseEnc)
		diffs = enc.Key("Differences")
	}
	f.simpleText = baseEnc
	code := 0
	for i := 0; i < diffs.Len(); i++ {
		e := diffs.Index(i)
		switch e.Kind() {
		case pdf.Integer, pdf.Real:
			code = int(e.Float64())
		case pdf.Name:
			if code >= 0 && code < 256 {
				f.simpleText[code] = glyphText(e.Name())
			}
			code++
		}
	}
	return f
}

func namedEncoding(name string, def [256]string) [256]string {
	switch name {
	case "WinAnsiEncoding":
		return winAnsiEnc
	case "MacRomanEncoding":
		return macRomanEnc
	case "StandardEncoding":
		return standardEnc
	}
	return def
}

// loadCIDWidths reads /DW and /W of a CIDFont. /W mixes two forms:
// "c [w1 w2 ...]" and "cfirst clast w".
func (d *document) loadCIDWidths(f *font, df pdf.Value) {
	f.dw = 1.0
	if dw := df.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.dw = dw.Float64() / 1000
	}
	f.cidW = map[int]float64{}
	w := df.Key("W")
	n := w.Len()
	for i := 0; i < n; {
		c := int(w.Index(i).Float64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for k := 0; k < next.Len() && k < 65536; k++ {
				f.cidW[c+k] = next.Index(k).Float64() / 1000
			}
			i += 2
			continue
		}
		last := int(next.Float64())
		wv := w.Index(i+2).Float64() / 1000
		for k := c; k <= last && k-c < 65536; k++ {
			f.cidW[k] = wv
		}
		i += 3
	}
	f.denseWidths()
}

// cmap returns the parsed CMap of a stream, cached per document.
func (d *document) cmap(v pdf.Value) *cmap {
	key := v.String()
	d.mu.Lock()
	c, ok := d.cmaps[key]
	d.mu.Unlock()
	if ok {
		return c
	}
	data, err := d.streamData(v, key)
	if err == nil {
		c = parseCMap(data)
	}
	return storeFirst(&d.mu, d.cmaps, key, c)
}

// storeFirst stores v under key in m unless a value is there already, and
// returns the value stored. Pages read in parallel may load the same font
// or CMap at once; the first stored is the one used from then on.
func storeFirst[V any](mu *sync.Mutex, m map[string]V, key string, v V) V {
	mu.Lock()
	defer mu.Unlock()
	if prev, ok := m[key]; ok {
		return prev
	}
	m[key] = v
	return v
}

// decode splits s into codes and calls emit with each code's text, its
// advance per unit font size, and whether it is the single-byte code 32
// (which word spacing applies to). cache holds the text of codes already
// seen (see codeCaches).
func (f *font) decode(s string, cache map[uint32]string, emit func(text string, w float64, single32 bool)) {
	if !f.composite {
		for i := 0; i < len(s); i++ {
			c := s[i]
			emit(f.codeText(uint32(c), cache), f.widths[c], c == 32)
		}
		return
	}
	space := f.enc // nil for Identity-H/V and predefined CMaps: two bytes
	for i := 0; i < len(s); {
		code, n := space.split(s, i, 2)
		if n <= 0 {
			return
		}
		i += n
		cid := int(code)
		if f.enc != nil {
			if v, ok := f.enc.cidOf(code); ok {
				cid = v
			}
		}
		w := f.cidWidth(cid)
		emit(f.codeText(code, cache), w, n == 1 && code == 32)
	}
}

func (f *font) codeText(code uint32, cache map[uint32]string) string {
	if s, ok := cache[code]; ok {
		return s
	}
	s, ok := f.toUni.text(code)
	if !ok {
		switch {
		case !f.composite && code < 256:
			s = f.simpleText[code]
		case f.ucs2:
			s = string(rune(code))
		}
	}
	s = cleanText(s)
	cache[code] = s
	return s
}

// cleanText drops control characters and maps private-use bullets (Word's
// Symbol-font list markers) to a real bullet.
func cleanText(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || (r >= 0xe000 && r <= 0xf8ff) || r == 0xfffd || r == 0xfeff {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xfffd || r == 0xfeff:
		case r == 0xf0b7 || r == 0xf0a7 || r == 0xf0d8 || r == 0xf076 || r == 0xf0fc:
			b.WriteRune('•')
		case r >= 0xe000 && r <= 0xf8ff:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
