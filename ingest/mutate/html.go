package mutate

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"unicode/utf16"
)

// HostileFile is a hand-made hostile file. Want says what a robust reader
// does with it: "indexed" (it is a readable paper, however odd) or
// "failed" (one error line, and the batch goes on).
type HostileFile struct {
	Name string
	Data []byte
	Want string
	// Why is a short description for test output.
	Why string
}

const minutesBody = `<h1>Planning Committee</h1>
<p>Minutes of the meeting held on 12 March 2024 at County Hall.</p>
<h2>1. Apologies</h2>
<p>Apologies were received from Councillor Smith.</p>
<h2>2. Flood defence scheme</h2>
<p>RESOLVED: that the flood defence scheme be approved, at a cost of £250,000.</p>`

// HTML returns hostile HTML documents. nest is the size in bytes of the
// deeply nested one (50 MB for the long run).
func HTML(seed uint64, nest int) []HostileFile {
	r := rand.New(rand.NewPCG(seed, 0x68746d6c))
	var out []HostileFile
	add := func(name, want, why string, data []byte) {
		out = append(out, HostileFile{Name: name, Data: data, Want: want, Why: why})
	}

	add("unclosed-tags.html", "indexed", "no tag is ever closed",
		[]byte("<html><head><title>Unclosed minutes</title><body><div><p>Planning committee <b>flood <i>scheme <table><tr><td>Item 1 <ul><li>Apologies <li>Flood defence scheme approved <div><span><a href='x'>more <p>Final words of the minutes"))

	var nested bytes.Buffer
	nested.Grow(nest + 100)
	nested.WriteString("<html><body><p>Nested minutes start here.</p>")
	for nested.Len() < nest-40 {
		nested.WriteString("<div>")
	}
	nested.WriteString("deep text at the bottom")
	add("nested-divs.html", "indexed", "tens of MB of unclosed <div>", nested.Bytes())

	// Declares Shift_JIS but is UTF-8: valid UTF-8 must win.
	add("charset-lie-utf8.html", "indexed", "declares shift_jis, is UTF-8",
		[]byte(`<html><head><meta charset="shift_jis"><title>Café minutes</title></head><body>`+minutesBody+`<p>Naïve café résumé — £5</p></body></html>`))
	// Declares Shift_JIS but is windows-1252 (é = 0xE9, £ = 0xA3).
	add("charset-lie-1252.html", "indexed", "declares shift_jis, is windows-1252",
		[]byte("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=shift_jis\"><title>Caf\xe9 minutes</title></head><body>"+minutesBody+"<p>Na\xefve caf\xe9 r\xe9sum\xe9 \xa35</p></body></html>"))
	// Declares UTF-8 but is windows-1252.
	add("charset-lie-utf8-decl.html", "indexed", "declares utf-8, is windows-1252",
		[]byte("<html><head><meta charset=\"utf-8\"><title>Caf\xe9</title></head><body>"+minutesBody+"<p>caf\xe9 \xa35</p></body></html>"))
	// Declares a charset nobody knows.
	add("charset-unknown.html", "indexed", "declares x-no-such-charset",
		[]byte(`<html><head><meta charset="x-no-such-charset"></head><body>`+minutesBody+`</body></html>`))

	doc := "<html><head><title>BOM minutes</title></head><body>" + minutesBody + "</body></html>"
	add("bom-utf8.html", "indexed", "UTF-8 byte order mark", append([]byte("\xef\xbb\xbf"), doc...))
	add("bom-utf16le.html", "indexed", "UTF-16LE byte order mark", utf16Bytes(doc, true, true))
	add("bom-utf16be.html", "indexed", "UTF-16BE byte order mark", utf16Bytes(doc, false, true))
	add("utf16le-no-bom.html", "indexed", "UTF-16LE without a byte order mark", utf16Bytes(doc, true, false))
	// A UTF-8 BOM in front of UTF-16 text: the BOM lies.
	add("bom-lie.html", "failed", "UTF-8 BOM in front of UTF-16 text", append([]byte("\xef\xbb\xbf"), utf16Bytes(doc, true, false)...))

	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(r.UintN(256))
	}
	add("binary-junk.html", "failed", "64 KB of random bytes", junk)
	// Junk that starts like HTML: the sniffer says HTML, the reader must
	// still refuse it (NUL bytes) rather than index garbage.
	add("junk-after-tag.html", "failed", "an <html> tag, then binary", append([]byte("<html><body>"), junk[:4096]...))
	add("only-markup.html", "failed", "markup and no text", []byte("<html><head></head><body><div><span></span></div><script>var x = 1;</script></body></html>"))
	return out
}

func utf16Bytes(s string, little, bom bool) []byte {
	var b []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	for _, u := range units {
		if little {
			b = append(b, byte(u), byte(u>>8))
		} else {
			b = append(b, byte(u>>8), byte(u))
		}
	}
	return b
}

// Impostors returns files whose extension lies about their content: a PDF
// named .html, HTML named .pdf, a PNG and a zip named .pdf, text named
// .pdf. pdf and html are healthy files to disguise.
func Impostors(pdf, html []byte) []HostileFile {
	var out []HostileFile
	out = append(out,
		HostileFile{Name: "pdf-named.html", Data: pdf, Want: "indexed", Why: "a PDF named .html"},
		HostileFile{Name: "html-named.pdf", Data: html, Want: "indexed", Why: "HTML named .pdf"},
		HostileFile{Name: "png-named.pdf", Data: pngBytes(), Want: "failed", Why: "a PNG named .pdf"},
		HostileFile{Name: "zip-named.pdf", Data: zipBytes(pdf), Want: "failed", Why: "a zip (holding a PDF) named .pdf"},
		HostileFile{Name: "pdf-header-only.pdf", Data: []byte("%PDF-1.7\n"), Want: "failed", Why: "a PDF header and nothing else"},
		HostileFile{Name: "nul-bytes.pdf", Data: make([]byte, 4096), Want: "failed", Why: "4 KB of NUL bytes"},
		HostileFile{Name: "text-named.pdf", Data: []byte(strings.Repeat("These are plain text minutes, not a PDF.\n", 20)), Want: "failed", Why: "plain text named .pdf"},
	)
	return out
}

func pngBytes() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range 16 {
		img.Set(i, i, color.Black)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func zipBytes(content []byte) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("minutes.pdf")
	w.Write(content)
	z.Close()
	return b.Bytes()
}
