package htmltext

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"panelpapers/ingest/layout"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// ErrNotHTML is returned for input that is not text at all (a PDF or image
// saved with an .html name, or binary junk).
var ErrNotHTML = errors.New("htmltext: not an HTML or text document")

// IsNotHTML reports whether err says the input was not an HTML document.
func IsNotHTML(err error) bool { return errors.Is(err, ErrNotHTML) }

// Result is what Read learns from one HTML paper.
type Result struct {
	Title   string        // <title>, or the first h1
	Lines   []layout.Line // block structure as lines, in document order
	Meeting *Meeting      // non-nil when the page is a modern.gov-style meeting or decision page
	Charset string        // the encoding the bytes were read in: "utf-8", "windows-1252", ...
}

// Meeting is a committee meeting as a modern.gov page shows it.
type Meeting struct {
	Body    string    // "Thames Valley Police and Crime Panel"
	Date    time.Time // from the meeting title or a "Date:" label; midnight UTC
	Time    string    // "11:00" (24-hour), if given
	Venue   string
	Contact string
}

// Read parses an HTML paper. It decodes any charset and never panics: a
// panic inside the parser is returned as an error.
func Read(data []byte) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("htmltext: read: %v", r)
		}
	}()
	text, cs, err := decode(data)
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return nil, ErrNotHTML
	}
	root, perr := html.Parse(bytes.NewReader(text))
	if perr != nil {
		// Nested deeper than x/net/html accepts: read the text flat.
		title, lines := tokenLines(text)
		return &Result{Title: title, Lines: lines, Charset: cs}, nil
	}

	w := &walker{b: newBuilder()}
	w.node(root, style{})
	w.b.flush()

	res = &Result{Charset: cs, Lines: make([]layout.Line, len(w.b.lines))}
	for i, l := range w.b.lines {
		res.Lines[i] = l.Line
	}
	doc := goquery.NewDocumentFromNode(root)
	res.Title = collapse(doc.FindMatcher(selTitle).Text())
	if res.Title == "" {
		for _, l := range res.Lines {
			if l.Level == 1 {
				res.Title = l.Text
				break
			}
		}
	}
	res.Meeting = readMeeting(doc, res.Title, w.b.lines)
	return res, nil
}
