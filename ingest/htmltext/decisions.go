package htmltext

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html/atom"
)

// Decisions are read from two places: a "Decision:" block, which is all
// decision, and a "Minutes:" block, where only what follows a RESOLVED,
// AGREED or DECIDED marker is.
//
// After a marker the lines that belong to it are: the first line; numbered
// parts ("(1)", "1.", "(a)", "ii)"); items of the same list; lines starting
// "That"; and any line after one ending with ":". The first line that is
// none of these ends the resolution, so the narrative after it ("This item
// was withdrawn ...") stays out; so do a heading and a top-level number that
// does not follow on ("25." after "(2)" is the next minute). One decision is
// returned per top-level part:
// parts numbered in another style (the "(a)" under a "(1)") stay with their
// parent, and a single line that numbers its parts inline, "(1) That ...;
// (2) That ...", is split at them. Unnumbered paragraphs of a "Decision:"
// block are one decision, joined by "\n".
//
// An item with a "Decision:" block takes its decisions from there only: the
// RESOLVED parts of its minutes usually repeat them in other words.

var (
	upperMarkerRE = regexp.MustCompile(`^(?:(?i:it\s+was|the\s+[a-z]+(?:\s+[a-z\-]+)?)\s+)?(?:(?i:unanimously)\s+)?(?:RESOLVED|AGREED|DECIDED)\b(?:\s*\((?i:unanimously|nem\.?\s*con\.?)\)|\s+UNANIMOUSLY)?\s*[:\-–—.,]?\s*`)
	partRE        = regexp.MustCompile(`^\(?([0-9]{1,2}|[a-z]|[ivx]{1,5})[.)]\s+(\S.*)$`)
	inlinePartRE  = regexp.MustCompile(`(?:^|\s)\((\d{1,2}|[a-z])\)\s`)
)

// resolvedMarker reports whether s opens a resolution and returns the text
// after the marker.
func resolvedMarker(s string) (string, bool) {
	if loc := upperMarkerRE.FindStringIndex(s); loc != nil {
		return strings.TrimSpace(s[loc[1]:]), true
	}
	word, after, _ := strings.Cut(s, " ")
	word = strings.TrimRight(word, ":-–—")
	switch word {
	case "Resolved", "Agreed", "Decided", "Decision", "Decisions":
	default:
		return "", false
	}
	rest := strings.TrimSpace(s[len(word):])
	switch {
	case rest == "":
		return "", true
	case strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "–") || strings.HasPrefix(rest, "—"):
		return strings.TrimSpace(strings.TrimLeft(rest, ":-–— ")), true
	case strings.HasPrefix(strings.ToLower(after), "that "):
		return strings.TrimSpace(after), true
	}
	return "", false
}

// numbered splits a numbered part into its numbering style ("1", "a", "i")
// and body. top is the style of the parts met so far, which settles whether
// "i" is a letter or a roman numeral.
func numbered(s, top string) (string, string, bool) {
	m := partRE.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	mark := m[1]
	switch {
	case mark[0] >= '0' && mark[0] <= '9':
		return "1", m[2], true
	case strings.Trim(mark, "ivx") == "" && (len(mark) > 1 || top != "a"):
		return "i", m[2], true
	case len(mark) == 1:
		return "a", m[2], true
	}
	return "", "", false
}

// resolutions returns the decisions recorded in a minutes block.
func resolutions(ls []line) []string {
	var out []string
	for i := 0; i < len(ls); {
		rest, ok := resolvedMarker(ls[i].Text)
		if !ok {
			i++
			continue
		}
		r := newResolution()
		low := strings.ToLower(strings.TrimSpace(rest))
		if low == "that" || low == "that:" || low == ":" {
			rest = ""
		}
		if rest != "" {
			r.consume(line{Line: ls[i].Line, owner: ls[i].owner}, rest)
		}
		j := i + 1
		for ; j < len(ls); j++ {
			if _, ok := resolvedMarker(ls[j].Text); ok {
				break
			}
			if !r.consume(ls[j], ls[j].Text) {
				break
			}
		}
		out = append(out, r.parts()...)
		i = j
	}
	return out
}

// splitDecisionBlock returns the decisions of a block that is all decision.
func splitDecisionBlock(ls []line) []string {
	if len(ls) == 0 {
		return nil
	}
	for _, l := range ls {
		if _, ok := resolvedMarker(l.Text); ok {
			if rs := resolutions(ls); len(rs) > 0 {
				return rs
			}
			break
		}
	}
	structured := false
	for _, l := range ls {
		if _, _, ok := numbered(l.Text, ""); ok || l.owner != nil && l.owner.DataAtom == atom.Li {
			structured = true
			break
		}
	}
	if !structured {
		if len(ls) == 1 {
			return splitInline(ls[0].Text)
		}
		return []string{joinLines(ls)}
	}
	r := newResolution()
	r.all = true
	for _, l := range ls {
		r.consume(l, l.Text)
	}
	return r.parts()
}

type resolution struct {
	list    []string
	top     string
	lastNum int
	intro   string
	lastLI  *line
	started bool
	all     bool // take every line (a Decision: block)
}

func newResolution() *resolution { return &resolution{} }

func (r *resolution) add(s string) { r.list = append(r.list, s) }

func (r *resolution) appendToLast(s string) {
	if len(r.list) == 0 {
		r.add(s)
		return
	}
	r.list[len(r.list)-1] += " " + s
}

// consume takes the next line of a resolution, or reports that it is not part of it.
func (r *resolution) consume(l line, text string) bool {
	first := !r.started
	r.started = true
	isLI := l.owner != nil && l.owner.DataAtom == atom.Li
	defer func() {
		if isLI {
			r.lastLI = &l
		} else {
			r.lastLI = nil
		}
	}()
	if l.Level > 0 && !first {
		return false // a heading starts the next item
	}
	if ps := splitInline(text); len(ps) > 1 {
		// "(1) That A; (2) That B" on one line: each is a top-level part.
		if r.top == "" {
			r.top, _, _ = numbered(text, "")
		}
		r.list = append(r.list, ps...)
		r.lastNum += len(ps)
		return true
	}
	if style, body, ok := numbered(text, r.top); ok {
		if r.top == "" {
			r.top = style
		}
		if style == r.top {
			if style == "1" {
				// Top-level numbers count up; "25." after "(2)" is the next minute.
				n, _ := strconv.Atoi(strings.Trim(strings.Fields(text)[0], "()."))
				if n != r.lastNum+1 && !r.all {
					return false
				}
				r.lastNum = n
			}
			r.add(body)
		} else {
			r.appendToLast(text)
		}
		return true
	}
	switch {
	case first && strings.HasSuffix(text, ":") && !isLI:
		r.intro = text
		r.started = false // the parts are still to come
		return true
	case first:
		r.add(text)
		return true
	case isLI && r.lastLI != nil && r.lastLI.owner.Parent == l.owner.Parent:
		r.add(text)
		return true
	case isLI && len(r.list) == 0:
		r.add(text)
		return true
	case strings.HasPrefix(text, "That ") || strings.HasPrefix(text, "that "):
		r.add(text)
		return true
	case len(r.list) > 0 && strings.HasSuffix(r.list[len(r.list)-1], ":"):
		r.appendToLast(text)
		return true
	case r.all:
		r.appendToLast(text)
		return true
	}
	return false
}

func (r *resolution) parts() []string {
	if len(r.list) == 0 && r.intro != "" {
		return []string{strings.TrimSuffix(r.intro, ":")}
	}
	var out []string
	for _, p := range r.list {
		out = append(out, splitInline(p)...)
	}
	return out
}

// splitInline splits "(1) That A; (2) That B" at its inline part numbers,
// when they start at the beginning and count up from 1 (or a).
func splitInline(s string) []string {
	s = strings.TrimSpace(s)
	locs := inlinePartRE.FindAllStringSubmatchIndex(s, -1)
	var cuts []int // start of each "(n)"
	want := ""
	for _, loc := range locs {
		mark := s[loc[2]:loc[3]]
		if want == "" {
			if mark != "1" && mark != "a" {
				continue
			}
			if strings.TrimSpace(s[:loc[2]-1]) != "" {
				return []string{s} // does not start with its first part
			}
			want = mark
		}
		if mark != want {
			continue
		}
		cuts = append(cuts, loc[2]-1)
		want = next(want)
	}
	if len(cuts) < 2 {
		return []string{s}
	}
	var out []string
	for i, c := range cuts {
		end := len(s)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		part := strings.TrimSpace(s[c:end])
		part = strings.TrimSpace(part[strings.Index(part, ")")+1:])
		part = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(part, " and")), ";")
		if part != "" {
			out = append(out, strings.TrimSpace(part))
		}
	}
	return out
}

func next(mark string) string {
	if n, err := strconv.Atoi(mark); err == nil {
		return strconv.Itoa(n + 1)
	}
	return string(rune(mark[0] + 1))
}
