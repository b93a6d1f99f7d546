package recommend

import (
	"regexp"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/dates"
	"panelpapers/ingest/internal/textscan"
)

// Extract returns the report and recommendation items found in a document's pages. Items carry Kind, Page
// (physical, 1-based), PageEnd where relevant and the fields below; ingest assigns IDs, DocID, Body, MeetingDate.
func Extract(pages []corpus.Page) []corpus.Item {
	body := corpus.BodySize(pages)
	items := findReports(pages, body)
	return append(items, findRecommendations(pages, body)...)
}

// Why textscan: norm and words run on every line many times over; these
// give the same results without allocating.
func norm(s string) string { return textscan.Norm(s) }

func words(s string) int { return textscan.Words(s) }

func mostlyCapitals(s string) bool {
	up, low := 0, 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			up++
		} else if unicode.IsLower(r) {
			low++
		}
	}
	return up >= 4 && low*10 <= up
}

// headingStyle: set apart by size, weight, HTML level or capitals.
func headingStyle(l corpus.Line, body float64) bool {
	t := strings.TrimSpace(l.Text)
	n := words(t)
	if n == 0 || n > 20 || len(l.Cells) > 1 {
		return false
	}
	if l.Level > 0 {
		return true
	}
	if strings.HasSuffix(t, ".") && n > 6 {
		return false
	}
	return (body > 0 && l.Size >= body*1.1) || l.Bold || (mostlyCapitals(t) && n <= 10)
}

// Why the guards: a necessary condition of each expression (textscan)
// spares running it on the many lines that cannot match.
var (
	reportLine = textscan.Guard(regexp.MustCompile(`(?i)\breport\s+(to|of|for|by)\b|^report\b`), textscan.Fold("report"))
	labelLine  = regexp.MustCompile(`(?i)^(title|subject|report title|date|author|report of|report author|contact officer|contact|lead officer|report by)\s*[:\-–]\s*(.*)$`)
	blankPage  = textscan.Guard(regexp.MustCompile(`(?i)intentionally\s+(been\s+)?left\s+blank`), textscan.Fold("intentionally"))
	nameLine   = regexp.MustCompile(`^(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Sir)\.?\s+)?[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]*\.?){1,3}$`)
	// Why one ^ outside the alternation: ^A|^B is the same expression, but
	// regexp only sees it is anchored (and stops trying every offset) so.
	onlyDateLine = regexp.MustCompile(`^(?:[^a-zA-Z]*$|(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}\.?$)`)
)

// isBlank reports whether a page has no text or only a "left blank" notice.
func isBlank(p corpus.Page) bool {
	// Why the count first: a page of more than 12 words is not blank, and
	// building its text to ask the expression was most of isBlank's time.
	n := 0
	for _, l := range p.Lines {
		if n += words(l.Text); n > 12 {
			return false
		}
	}
	return n == 0 || blankPage.MatchString(norm(p.Text()))
}

type reportStart struct {
	page  int // index into pages
	line  int // first line on that page, when the paper starts mid-page
	title string
	date  string
	auth  string
	text  string
	hdate string // a date in the heading lines
}

// head returns the lines at the top of a page, before the body text starts:
// at most n lines.
func head(p corpus.Page, n int) []corpus.Line {
	if len(p.Lines) < n {
		return p.Lines
	}
	return p.Lines[:n]
}

func findReports(pages []corpus.Page, body float64) []corpus.Item {
	var starts []reportStart
	for i, p := range pages {
		if len(p.Lines) == 0 || isBlank(p) {
			continue
		}
		afterBlank := i == 0 || isBlank(pages[i-1])
		from := 1
		if r, ok := reportAt(pages, i, body, afterBlank); ok {
			starts = append(starts, r)
			from = min(len(p.Lines), 8) // the paper's own front matter
		}
		// A renderer that does not start each paper on a new page (or a
		// "left blank" notice mid-page) leaves papers starting mid-page:
		// look for a strong heading below the top.
		for j := from; j < len(p.Lines); j++ {
			if !strongStart(p.Lines, j, body) {
				continue
			}
			pp := append([]corpus.Page(nil), pages...)
			ls := append([]corpus.Line(nil), p.Lines[j:]...)
			ls[0].Cells, ls[0].Text = nil, norm(ls[0].Text)
			pp[i].Lines = ls
			if r, ok := reportAt(pp, i, body, true); ok {
				r.line = j
				starts = append(starts, r)
				j += 7
			}
		}
	}
	var out []corpus.Item
	for k, s := range starts {
		// The paper's pages, cut where it starts and where the next starts.
		end, endLine := len(pages)-1, -1
		if k+1 < len(starts) {
			n := starts[k+1]
			if n.line > 0 {
				end, endLine = n.page, n.line
			} else {
				end = n.page - 1
			}
		}
		seg := append([]corpus.Page(nil), pages[s.page:end+1]...)
		if endLine >= 0 {
			seg[len(seg)-1].Lines = seg[len(seg)-1].Lines[:endLine]
		}
		seg[0].Lines = seg[0].Lines[min(s.line, len(seg[0].Lines)):]
		for len(seg) > 1 && isBlank(seg[len(seg)-1]) {
			seg = seg[:len(seg)-1]
		}
		date, author := s.date, s.auth
		sd, sa := signature(seg)
		if date == "" {
			date = sd
		}
		if author == "" {
			author = sa
		}
		if date == "" {
			date = s.hdate
		}
		it := corpus.Item{
			Kind:   corpus.KindReport,
			Title:  s.title,
			Date:   date,
			Author: author,
			Text:   opening(seg, 0, len(seg)-1),
			Page:   seg[0].Number,
		}
		if pe := seg[len(seg)-1].Number; pe != it.Page {
			it.PageEnd = pe
		}
		out = append(out, it)
	}
	return out
}

// strongStart: line j of a page opens a paper though it is not at the top:
// a report heading set larger than the body, a heading far larger than the
// body, a heading over a tracker table's header, or a heading after a "left
// blank" notice.
func strongStart(ls []corpus.Line, j int, body float64) bool {
	l := ls[j]
	if body <= 0 {
		return false
	}
	n := words(l.Text) // norm keeps the words; count before building it
	if n == 0 || n > 20 {
		return false
	}
	t := norm(l.Text)
	switch {
	case l.Size >= body*1.15 && (l.Bold || mostlyCapitals(t)) && reportLine.MatchString(t):
		return true
	case l.Size >= body*1.5 && len(l.Cells) < 2:
		return true
	case j+1 < len(ls) && len(ls[j+1].Cells) >= 2 && headingStyleOrShort(l, body) && tableHeader(ls[j+1]) != nil:
		return true
	case j > 0 && words(ls[j-1].Text) <= 12 && blankPage.MatchString(norm(ls[j-1].Text)) && headingStyleOrShort(l, body):
		return true
	}
	return false
}

// reportAt decides whether page i starts a paper and reads its front matter.
func reportAt(pages []corpus.Page, i int, body float64, afterBlank bool) (reportStart, bool) {
	p := pages[i]
	hl := head(p, 14)
	r := reportStart{page: i}
	start := false
	reportIdx := -1
	for j, l := range hl {
		t := norm(l.Text)
		if m := labelLine.FindStringSubmatch(t); m != nil && j < 12 {
			label := strings.ToLower(m[1])
			val := m[2]
			// A label's value may wrap onto the following lines of its block.
			for k := j + 1; k < len(p.Lines) && p.Lines[k].Block == l.Block && !labelLine.MatchString(norm(p.Lines[k].Text)); k++ {
				val += " " + norm(p.Lines[k].Text)
			}
			val = strings.TrimSpace(val)
			switch {
			case label == "title" || label == "subject" || label == "report title":
				if val != "" {
					r.title = val
					start = true
				}
			case label == "date":
				if ms := dates.Find(val); len(ms) > 0 {
					r.date = ms[0].Date.Format("2006-01-02")
				}
			default:
				if val != "" && r.auth == "" {
					r.auth = strings.TrimSpace(strings.SplitN(val, ",", 2)[0])
				}
			}
			continue
		}
		if j < 6 && headingStyle(l, body) && reportLine.MatchString(t) && reportIdx < 0 {
			start = true
			reportIdx = j
			// The heading block may carry the meeting date.
			txt := t
			for k := j + 1; k < len(hl) && hl[k].Block == l.Block; k++ {
				txt += " " + norm(hl[k].Text)
			}
			if ms := dates.Find(txt); len(ms) > 0 {
				r.hdate = ms[0].Date.Format("2006-01-02")
			}
		}
	}
	first := p.Lines[0]
	ft := norm(first.Text)
	switch {
	case start:
	case body > 0 && first.Size >= body*1.5 && words(ft) <= 20:
		start = true
	case afterBlank && headingStyleOrShort(first, body):
		start = true
	case headingStyleOrShort(first, body) && len(p.Lines) > 1 && tableHeader(p.Lines[1]) != nil:
		// A titled table opening a page: a tracker or work programme.
		start = true
	}
	if !start {
		return r, false
	}
	if r.title == "" {
		r.title = titleAfter(p, reportIdx, body)
	}
	return r, true
}

// headingStyleOrShort: a heading, or a short line that does not read as a sentence.
func headingStyleOrShort(l corpus.Line, body float64) bool {
	t := norm(l.Text)
	if headingStyle(l, body) {
		return true
	}
	n := words(t)
	return n > 0 && n <= 12 && len(l.Cells) == 0 && !strings.HasSuffix(t, ".") && unicode.IsUpper([]rune(t)[0])
}

// titleAfter picks the title: the first heading block after the report line
// (when there is one), else the first heading block of the page.
func titleAfter(p corpus.Page, reportIdx int, body float64) string {
	from := 0
	if reportIdx >= 0 {
		b := p.Lines[reportIdx].Block
		from = reportIdx
		for from < len(p.Lines) && p.Lines[from].Block == b {
			from++
		}
		// The report line wrapped into a block of its own: same size and
		// weight, and short.
		rl := p.Lines[reportIdx]
		for from < len(p.Lines) && p.Lines[from].Size == rl.Size && p.Lines[from].Bold == rl.Bold && words(p.Lines[from].Text) <= 5 {
			from++
		}
	}
	for j := from; j < len(p.Lines) && j < from+6; j++ {
		l := p.Lines[j]
		if !headingStyle(l, body) {
			continue
		}
		t := norm(l.Text)
		for k := j + 1; k < len(p.Lines) && p.Lines[k].Block == l.Block && headingStyle(p.Lines[k], body); k++ {
			t += " " + norm(p.Lines[k].Text)
		}
		return t
	}
	// No heading after the report line: the report line's block is the title.
	if reportIdx >= 0 {
		t := ""
		for k := reportIdx; k < len(p.Lines) && p.Lines[k].Block == p.Lines[reportIdx].Block; k++ {
			t += " " + norm(p.Lines[k].Text)
		}
		return strings.TrimSpace(t)
	}
	return norm(p.Lines[0].Text)
}

// signature finds the last signature block of a paper: a line that is only a
// date, with a person's name in the few lines above it.
func signature(pages []corpus.Page) (date, author string) {
	for i := len(pages) - 1; i >= 0; i-- {
		ls := pages[i].Lines
		for j := len(ls) - 1; j >= 0; j-- {
			t := norm(ls[j].Text)
			if t == "" || !onlyDateLine.MatchString(t) {
				continue
			}
			ms := dates.Find(t)
			if len(ms) != 1 {
				continue
			}
			for k := j - 1; k >= 0 && k >= j-4; k-- {
				n := norm(ls[k].Text)
				if nameLine.MatchString(n) && words(n) <= 5 && !strings.ContainsAny(n, ":") && !mostlyCapitals(n) {
					return ms[0].Date.Format("2006-01-02"), n
				}
			}
			if date == "" {
				date = ms[0].Date.Format("2006-01-02")
			}
		}
		if date != "" {
			return date, ""
		}
	}
	return "", ""
}

// opening is the first few hundred characters of a paper's text.
func opening(pages []corpus.Page, from, to int) string {
	var b strings.Builder
	for i := from; i <= to && b.Len() < 600; i++ {
		for _, l := range pages[i].Lines {
			if b.Len() >= 600 {
				break
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(norm(l.Text))
		}
	}
	return b.String()
}
