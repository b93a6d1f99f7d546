package htmltext

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

const fallbackCharset = "windows-1252"

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF16LE = []byte{0xFF, 0xFE}
)

// decode returns data as UTF-8, and the name of the encoding it was read in.
//
// Order: a BOM decides outright; bytes that are valid UTF-8 are used as they
// are; then the charset the document declares anywhere in its head (a
// declaration of UTF-8 or UTF-16 on bytes that are not valid UTF-8 is
// wrong, and ignored); then windows-1252.
func decode(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return bytes.ToValidUTF8(data[len(bomUTF8):], []byte("\uFFFD")), "utf-8", nil
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), data[2:], "utf-16le")
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), data[2:], "utf-16be")
	}
	if name := sniffUTF16(data); name != "" {
		order := unicode.LittleEndian
		if name == "utf-16be" {
			order = unicode.BigEndian
		}
		return decodeWith(unicode.UTF16(order, unicode.IgnoreBOM), data, name)
	}
	if looksBinary(data) {
		return nil, "", ErrNotHTML
	}
	if utf8.Valid(data) {
		return data, "utf-8", nil
	}
	if label := declaredCharset(data); label != "" {
		if e, name := charset.Lookup(label); e != nil && name != "utf-8" && !strings.HasPrefix(name, "utf-16") && name != "replacement" {
			if out, n, err := decodeWith(e, data, name); err == nil {
				return out, n, nil
			}
		}
	}
	return decodeWith(charmap.Windows1252, data, fallbackCharset)
}

func decodeWith(e encoding.Encoding, data []byte, name string) ([]byte, string, error) {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		// Single-byte decoders never fail; a failing multi-byte one falls
		// back to windows-1252, which reads every byte.
		out, err = charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", err
		}
		return out, fallbackCharset, nil
	}
	return out, name, nil
}

// sniffUTF16 recognises UTF-16 without a BOM: ASCII markup with a NUL in
// every other byte.
func sniffUTF16(data []byte) string {
	n := min(len(data), 1024) &^ 1
	if n < 16 {
		return ""
	}
	var evenNUL, oddNUL int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			evenNUL++
		}
		if data[i+1] == 0 {
			oddNUL++
		}
	}
	pairs := n / 2
	switch {
	case oddNUL*10 >= pairs*8 && evenNUL*20 <= pairs:
		return "utf-16le"
	case evenNUL*10 >= pairs*8 && oddNUL*20 <= pairs:
		return "utf-16be"
	}
	return ""
}

// looksBinary reports whether data is not a text file: it has NUL bytes, or
// more than 2% control characters, in its first 8 KB.
func looksBinary(data []byte) bool {
	sample := data[:min(len(data), 8192)]
	if len(sample) == 0 {
		return false
	}
	ctrl := 0
	for _, b := range sample {
		switch {
		case b == 0:
			return true
		case b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B:
			ctrl++
		}
	}
	return ctrl*50 > len(sample)
}

var xmlEncodingRE = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']`)

// declaredCharset returns the charset label the document declares in an XML
// declaration or in a <meta> element anywhere before <body> (or the end of
// the head), or "".
func declaredCharset(data []byte) string {
	if m := xmlEncodingRE.FindSubmatch(data[:min(len(data), 512)]); m != nil {
		return string(m[1])
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.EndTagToken:
			if name, _ := z.TagName(); string(name) == "head" {
				return ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
			default:
				continue
			}
			var httpEquiv, content, cs string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = strings.TrimSpace(string(v))
				case "http-equiv":
					httpEquiv = strings.ToLower(strings.TrimSpace(string(v)))
				case "content":
					content = string(v)
				}
			}
			if cs != "" {
				return cs
			}
			if httpEquiv == "content-type" {
				if label := charsetFromContentType(content); label != "" {
					return label
				}
			}
		}
	}
}

var contentCharsetRE = regexp.MustCompile(`(?i)charset\s*=\s*["']?([A-Za-z0-9._:\-]+)`)

func charsetFromContentType(s string) string {
	if m := contentCharsetRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}
