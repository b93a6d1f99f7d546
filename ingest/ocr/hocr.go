package ocr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Tesseract's hOCR (hocr.info): nested elements whose class says what they
// are and whose title holds their properties ("bbox 120 300 980 342;
// baseline 0.004 -9; x_size 43; x_descenders 10; x_ascenders 8"). Only
// lines and words matter here: the layout is made again from where the
// words are, as for a text layer. TSV gives the same words and boxes but
// not the baseline, which is what straightens a skewed page.

// hocrPage is a page's lines as Tesseract read them, in its reading order.
type hocrPage struct {
	w, h  float64 // the image, in pixels
	lines []hocrLine
}

type hocrLine struct {
	box [4]float64 // x0, y0, x1, y1 in pixels, y down
	// The baseline is y = box[3] + offset + slope×(x - box[0]).
	slope, offset float64
	// xSize is the height of the line's type, ascenders to descenders,
	// in pixels.
	xSize float64
	words []hocrWord
}

type hocrWord struct {
	box  [4]float64
	conf float64 // 0-100
	text string
}

// lineClasses are the hOCR classes of a line of text.
var lineClasses = map[string]bool{"ocr_line": true, "ocr_header": true, "ocr_caption": true, "ocr_textfloat": true}

// parseHOCR reads Tesseract's hOCR.
func parseHOCR(data []byte) (*hocrPage, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.AutoClose = xml.HTMLAutoClose
	page := &hocrPage{}
	var line *hocrLine
	var word *hocrWord
	var text strings.Builder
	depth, lineDepth, wordDepth := 0, -1, -1
	seenPage := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			class, title := "", ""
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "class":
					class = a.Value
				case "title":
					title = a.Value
				}
			}
			props := parseTitle(title)
			switch {
			case class == "ocr_page":
				b := props["bbox"]
				if len(b) == 4 {
					page.w, page.h = b[2]-b[0], b[3]-b[1]
				}
				seenPage = true
			case lineClasses[class]:
				page.lines = append(page.lines, hocrLine{})
				line, lineDepth = &page.lines[len(page.lines)-1], depth
				copy(line.box[:], props["bbox"])
				if bl := props["baseline"]; len(bl) == 2 {
					line.slope, line.offset = bl[0], bl[1]
				}
				if xs := props["x_size"]; len(xs) == 1 {
					line.xSize = xs[0]
				}
			case class == "ocrx_word" && line != nil:
				line.words = append(line.words, hocrWord{})
				word, wordDepth = &line.words[len(line.words)-1], depth
				copy(word.box[:], props["bbox"])
				if c := props["x_wconf"]; len(c) == 1 {
					word.conf = c[0]
				}
				text.Reset()
			}
		case xml.CharData:
			if word != nil {
				text.Write(t)
			}
		case xml.EndElement:
			if depth == wordDepth && word != nil {
				word.text = strings.TrimSpace(text.String())
				word, wordDepth = nil, -1
			}
			if depth == lineDepth {
				line, lineDepth = nil, -1
			}
			depth--
		}
	}
	if !seenPage {
		return nil, fmt.Errorf("no ocr_page in %d bytes", len(data))
	}
	return page, nil
}

// parseTitle reads an hOCR title's numeric properties; others (image
// "-") are skipped.
func parseTitle(title string) map[string][]float64 {
	props := map[string][]float64{}
	for _, part := range strings.Split(title, ";") {
		f := strings.Fields(part)
		if len(f) < 2 {
			continue
		}
		vals := make([]float64, 0, len(f)-1)
		for _, s := range f[1:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				vals = nil
				break
			}
			vals = append(vals, v)
		}
		if vals != nil {
			props[f[0]] = vals
		}
	}
	return props
}
