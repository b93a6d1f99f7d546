package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxErrorDetail bounds the problem part of a file's error line. Parser
// errors can quote whatever bytes they choke on (a whole dictionary, binary
// junk); a line of a few hundred characters is still one readable line.
const maxErrorDetail = 300

// fileError is what one failed file costs: one line, "ingest PATH:
// PROBLEM". The problem is kept on one line and printable whatever the
// file's bytes were (a parser may quote them: control characters, escape
// sequences, invalid UTF-8, newlines), and cut short if long; so is the path.
// errors.Is and errors.As see the underlying error.
type fileError struct {
	path string
	err  error
}

func (e *fileError) Error() string {
	return "ingest " + displayPath(e.path) + ": " + oneLine(e.err.Error(), maxErrorDetail)
}

func (e *fileError) Unwrap() error { return e.err }

// displayPath quotes a path that has anything unprintable in it (a newline
// in a file name would otherwise split the line).
func displayPath(p string) string {
	for _, r := range p {
		if !unicode.IsPrint(r) {
			return strconv.Quote(p)
		}
	}
	if !utf8.ValidString(p) {
		return strconv.Quote(p)
	}
	return p
}

// oneLine escapes what is not printable and cuts s to at most limit runes.
func oneLine(s string, limit int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		if n >= limit {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(" ")
		case !unicode.IsPrint(r) && r != ' ':
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		i += size
		n++
	}
	return b.String()
}

// shortPathError drops the path from an *fs.PathError about path itself,
// since the line already starts with it: "open: permission denied" rather
// than "open /long/path/x.pdf: permission denied".
func shortPathError(err error, path string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		return &opError{pe}
	}
	return err
}

type opError struct{ pe *fs.PathError }

func (e *opError) Error() string { return e.pe.Op + ": " + e.pe.Err.Error() }
func (e *opError) Unwrap() error { return e.pe }
