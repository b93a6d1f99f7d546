package minutes

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/dates"
	"panelpapers/ingest/internal/textscan"
)

// ln is one line of the document with the physical page it sits on.
type ln struct {
	corpus.Line
	page int
	text string // Text with whitespace collapsed, typographic quirks kept
}

type mode int

const (
	modeNone    mode = iota
	modeAgenda       // inside an agenda list
	modeMinutes      // inside a set of minutes
	modeAfter        // past the end of a set of minutes (the reports of a pack)
)

// span is one minute: its heading and the lines of its body.
type span struct {
	item  corpus.Item
	first string // the text after the heading's colon ("2724. Title: first words")
	head  int    // index of the heading's first line
	start int    // first body line
	end   int    // one past the last body line
}

type parser struct {
	lines   []ln
	body    float64
	date    string // default meeting date
	items   []corpus.Item
	agenda  []corpus.Item
	minutes []*span

	// attendance regions: minutes-mode lines outside headings, with their date
	inMinutes []bool
	lineDate  []string
	isHeading []bool
}

// Extract returns the agenda_item, minute, attendee, declaration, decision and question items found in a
// document's pages. Items carry Kind, Page (physical, 1-based) and PageEnd where relevant, and the fields listed
// in the issue; ingest assigns IDs, DocID, Body and MeetingDate. meetingDate (YYYY-MM-DD or "") is the
// document's own meeting date, used as the default date of minutes that don't state theirs.
func Extract(pages []corpus.Page, meetingDate string) []corpus.Item {
	p := &parser{date: meetingDate}
	for _, pg := range pages {
		for _, l := range pg.Lines {
			t := collapse(l.Text)
			if t == "" {
				continue
			}
			p.lines = append(p.lines, ln{Line: l, page: pg.Number, text: t})
		}
	}
	p.body = corpus.BodySize(pages)
	p.inMinutes = make([]bool, len(p.lines))
	p.lineDate = make([]string, len(p.lines))
	p.isHeading = make([]bool, len(p.lines))
	p.segment()

	out := append([]corpus.Item(nil), p.agenda...)
	for _, s := range p.minutes {
		out = append(out, s.item)
	}
	out = append(out, p.attendees()...)
	for _, s := range p.minutes {
		out = append(out, p.declarations(s)...)
	}
	for _, s := range p.minutes {
		out = append(out, p.decisions(s)...)
	}
	for _, s := range p.minutes {
		out = append(out, p.questions(s)...)
	}
	return out
}

// collapse returns s with its white space collapsed. (The tabs it pads
// with spaces are white space to strings.Fields, so they do not survive:
// this has always been strings.Join(strings.Fields(s), " ").)
// Why textscan.Norm: the same result, without three allocations a line.
func collapse(s string) string {
	return textscan.Norm(s)
}

// plain returns s with tabs turned to spaces.
// Why textscan.Norm: it is strings.Join(strings.Fields(s), " ") without the
// allocations for a line that is plain already, and plain runs on every
// line several times.
func plain(s string) string { return textscan.Norm(s) }

func (p *parser) larger(l ln) bool { return p.body > 0 && l.Size >= p.body+1.5 }

func mostlyCapitals(s string) bool {
	upper, lower := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper >= 3 && lower*10 <= upper
}

var (
	agendaHeading = regexp.MustCompile(`(?i)^(?:agenda|agenda items?|business|order of business|contents)$`)
	// "Minutes of the X held on Friday, 7 September 2018", "MINUTES of a meeting of …"
	minutesHeader = regexp.MustCompile(`(?i)^minutes\s+of\s+(?:a|an|the)\b`)
	minutesWord   = regexp.MustCompile(`(?i)^minutes$`)
	recordWords   = regexp.MustCompile(`(?i)\b(?:were|was|be)\s+(?:agreed|approved|confirmed|signed|accepted)\b`)
	// "CHAIRMAN", "Signed ………… Chairman": the signature block that closes minutes.
	endSignature = regexp.MustCompile(`(?i)^(?:signed\s*)?(?:\(?(?:chair(?:man|person|woman)?|signed)\)?)$`)
	signFill     = regexp.MustCompile(`[.…_]{3,}|\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4}`)
	endClosing   = regexp.MustCompile(`(?i)^(?:there being no (?:further|other) business|the meeting (?:closed|ended|concluded|finished|terminated) at|meeting (?:closed|ended) at)`)
	itemRef      = textscan.Guard(regexp.MustCompile(`(?i)\s*\((?:agenda\s+)?item\s+\d+[a-z]?\)\s*`), textscan.All(textscan.Any("("), textscan.Fold("item")))
)

// segment walks the lines once, deciding the region each is in and cutting
// agenda items and minutes out of them.
func (p *parser) segment() {
	m := modeNone
	ag := &agendaState{p: p}
	var last []int // number of the last minute in the current set
	var cur *span
	minDate := ""
	closeMinute := func(end int) {
		if cur != nil {
			cur.end = end
			p.finishSpan(cur)
			cur = nil
		}
	}
	startMinutes := func(date string) {
		ag.close()
		m = modeMinutes
		last = nil
		minDate = date
		if minDate == "" {
			minDate = p.date
		}
	}
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		t := plain(l.text)
		// Region switches.
		if agendaHeading.MatchString(strings.TrimRight(t, ":")) && (l.Bold || p.larger(l) || l.Level > 0 || mostlyCapitals(t)) {
			closeMinute(i)
			ag.close()
			ag.explicit = true
			m = modeAgenda
			continue
		}
		{
			styled := l.Bold || p.larger(l) || l.Level > 0 || strings.HasPrefix(t, "MINUTES")
			if minutesHeader.MatchString(t) && !recordWords.MatchString(p.blockText(i, 3)) && (styled || p.nearTop(i) && !ag.hasItems()) {
				closeMinute(i)
				hdr := p.blockText(i, 3)
				date := ""
				if ds := dates.Find(hdr); len(ds) > 0 {
					date = ds[0].Date.Format("2006-01-02")
				}
				startMinutes(date)
				p.isHeading[i] = true
				continue
			}
		}
		if minutesWord.MatchString(t) && (l.Bold || p.larger(l) || l.Level > 0) && m != modeMinutes {
			closeMinute(i)
			startMinutes("")
			continue
		}
		if m != modeMinutes {
			if status, _, ok := attendanceLabel(t); ok && status == "present" {
				closeMinute(i)
				startMinutes(p.dateAbove(i))
			}
		}

		switch m {
		case modeNone, modeAgenda:
			if m == modeNone {
				m = modeAgenda
			}
			i = ag.line(i)
		case modeMinutes:
			p.inMinutes[i] = true
			p.lineDate[i] = minDate
			if p.signature(i) {
				closeMinute(i)
				m = modeAfter
				continue
			}
			if s, next, ok := p.minuteHeading(i, last); ok {
				closeMinute(i)
				s.item.Date = minDate
				cur = s
				last = numParts(s.item.Number)
				for k := i; k < next; k++ {
					p.isHeading[k] = true
					p.inMinutes[k] = true
					p.lineDate[k] = minDate
				}
				i = next - 1
				continue
			}
			if endClosing.MatchString(t) {
				closeMinute(i + 1)
				m = modeAfter
				continue
			}
		}
	}
	closeMinute(len(p.lines))
	ag.close()
}

func (p *parser) nearTop(i int) bool {
	n := 0
	for k := i - 1; k >= 0 && p.lines[k].page == p.lines[i].page; k-- {
		n++
	}
	return n < 6
}

// blockText joins line i with up to n following lines of its block.
func (p *parser) blockText(i, n int) string {
	var b strings.Builder
	b.WriteString(plain(p.lines[i].text))
	for k := i + 1; k < len(p.lines) && k <= i+n; k++ {
		if p.lines[k].page != p.lines[i].page || p.lines[k].Block != p.lines[i].Block {
			break
		}
		b.WriteByte(' ')
		b.WriteString(plain(p.lines[k].text))
	}
	return b.String()
}

// dateAbove finds the date written on the nearest of the few lines above i
// on its page: the "COMMITTEE / 24 SEPTEMBER 2009" heading of printed
// minutes, or "… held their meeting on the 6th February 2019".
func (p *parser) dateAbove(i int) string {
	for k := i - 1; k >= 0 && k >= i-6 && p.lines[k].page == p.lines[i].page; k-- {
		if ds := dates.Find(plain(p.lines[k].text)); len(ds) > 0 {
			return ds[0].Date.Format("2006-01-02")
		}
	}
	return ""
}

func (p *parser) finishSpan(s *span) {
	if s.end < s.start {
		s.end = s.start
	}
	var parts []string
	if s.first != "" {
		parts = append(parts, s.first)
	}
	lastPage := s.item.Page
	prevBlock, prevPage := -1, -1
	var para []string
	flush := func() {
		if len(para) > 0 {
			parts = append(parts, strings.Join(para, " "))
			para = nil
		}
	}
	for k := s.start; k < s.end; k++ {
		l := p.lines[k]
		if l.Block != prevBlock || l.page != prevPage {
			flush()
		}
		prevBlock, prevPage = l.Block, l.page
		para = append(para, plain(l.text))
		lastPage = l.page
	}
	flush()
	s.item.Text = strings.Join(parts, "\n")
	if lastPage > s.item.Page {
		s.item.PageEnd = lastPage
	}
	p.minutes = append(p.minutes, s)
}

var (
	// "16 TITLE", "45. Title", "23/19 Title", "4.1 Title", "2738: Title", "88.\tTitle"
	minuteNumbered = regexp.MustCompile(`^(\d{1,4}(?:[./]\d{1,3})?)(?:[.:)])?[\t ]+(\S.*)$`)
	minuteBare     = regexp.MustCompile(`^(\d{1,4}(?:[./]\d{1,3})?)[.:]?$`)
)

// numParts reads "23/19" as [23 19] and "4.1" as [4 1].
func numParts(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '/' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// follows reports whether minute number n may come after last: numbers
// increase, by a plausible step.
func follows(n, last []int) bool {
	if len(n) == 0 {
		return false
	}
	if last == nil {
		return true
	}
	for k := 0; k < len(n) && k < len(last); k++ {
		if n[k] != last[k] {
			if n[k] < last[k] {
				return false
			}
			return k > 0 || n[k]-last[k] <= 12
		}
	}
	return len(n) > len(last)
}

// colonTitle returns the title before a colon when the line reads
// "Title: text" with a short, capitalised title.
func colonTitle(s string) (title, rest string, ok bool) {
	i := strings.IndexAny(s, ":")
	if i <= 0 {
		return "", "", false
	}
	title = strings.TrimSpace(s[:i])
	rest = strings.TrimSpace(strings.TrimLeft(s[i+1:], ":-–— "))
	if len(strings.Fields(title)) > 12 || !startsUpper(title) {
		return "", "", false
	}
	return title, rest, true
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

func startsTitle(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r) || r == '“' || r == '"' || r == '‘' || r == '\''
	}
	return false
}

// minuteHeading reads a minute heading starting at line i.
func (p *parser) minuteHeading(i int, last []int) (*span, int, bool) {
	l := p.lines[i]
	t := l.text
	var number, title string
	next := i + 1
	titleLine := l
	if m := minuteBare.FindStringSubmatch(plain(t)); m != nil {
		number = m[1]
		// The title sits beside the number (same baseline) or on the next line.
		found := -1
		for k := i + 1; k < len(p.lines) && k <= i+3 && p.lines[k].page == l.page; k++ {
			if math.Abs(p.lines[k].Y-l.Y) < 3 {
				found = k
				break
			}
		}
		if found < 0 {
			k := i + 1
			for k < len(p.lines) && itemRef.ReplaceAllString(p.lines[k].text, "") == "" {
				k++
			}
			if k < len(p.lines) && p.lines[k].page == l.page {
				found = k
			}
		}
		if found < 0 {
			return nil, 0, false
		}
		titleLine = p.lines[found]
		title = plain(titleLine.text)
		if minuteBare.MatchString(title) || !startsTitle(title) && !(titleLine.Bold && wordy(title)) {
			return nil, 0, false
		}
		next = found + 1
	} else if m := minuteNumbered.FindStringSubmatch(t); m != nil {
		number, title = m[1], plain(m[2])
		if tt := itemRef.ReplaceAllString(title, ""); !startsTitle(tt) && !((l.Bold || p.larger(l)) && wordy(tt)) {
			return nil, 0, false
		}
	} else {
		return nil, 0, false
	}
	if !follows(numParts(number), last) {
		return nil, 0, false
	}
	s := &span{head: i}
	title = strings.TrimSpace(itemRef.ReplaceAllString(title, " "))
	styled := titleLine.Bold || p.larger(titleLine) || titleLine.Level > 0 || mostlyCapitals(title)
	colon := false
	if ct, rest, ok := colonTitle(title); ok {
		title, s.first, colon = ct, rest, true
		styled = true
	}
	if !styled {
		return nil, 0, false
	}
	// "5 JUDGEMENT RESOLVED: That …": a decision run into the heading
	// belongs to the body.
	if at := resolvedRe.FindStringIndex(title); at != nil {
		s.first = strings.TrimSpace(title[at[0]:] + ": " + s.first)
		title = strings.TrimSpace(title[:at[0]])
		colon = true
	}
	// A title set in its own style may run on to the next lines.
	if !colon {
		prev := titleLine
		for k := next; k < len(p.lines) && k < next+3; k++ {
			c := p.lines[k]
			ct := plain(c.text)
			if itemRef.ReplaceAllString(ct, "") == "" {
				next = k + 1
				continue
			}
			if c.page != prev.page || c.Bold != titleLine.Bold || math.Abs(c.Size-titleLine.Size) > 0.6 ||
				c.Y-prev.Y > 1.9*math.Max(c.Size, 8) || minuteNumbered.MatchString(c.text) || minuteBare.MatchString(ct) {
				break
			}
			if !titleLine.Bold && !p.larger(titleLine) && !(mostlyCapitals(title) && mostlyCapitals(ct)) {
				break
			}
			if mostlyCapitals(title) != mostlyCapitals(ct) {
				break
			}
			title += " " + strings.TrimSpace(itemRef.ReplaceAllString(ct, " "))
			prev = c
			next = k + 1
		}
	}
	title = strings.TrimRight(strings.TrimSpace(title), ":-–— ")
	s.item = corpus.Item{Kind: corpus.KindMinute, Number: number, Title: title, Page: l.page}
	s.start = next
	return s, next, true
}

// wordy reports whether s has at least two words of letters.
func wordy(s string) bool {
	n := 0
	for _, f := range strings.Fields(s) {
		if len(f) > 1 && strings.IndexFunc(f, unicode.IsLetter) >= 0 {
			n++
		}
	}
	return n >= 2
}

func isSignature(t string) bool {
	// Why: endSignature needs "chair" or "signed", which the fill's removal
	// (each match becomes a space) cannot make; most lines have neither.
	if !textscan.ContainsAnyFold(t, "chair", "signed") {
		return false
	}
	return endSignature.MatchString(strings.Join(strings.Fields(signFill.ReplaceAllString(t, " ")), " "))
}

// signature reports whether line i is the chair's signature that closes a
// set of minutes: "CHAIRMAN", "Signed …… Chairman", alone in its block but
// for dotted lines and dates. A "Chair" in an action column, among "Clerk"
// and "Noted", is not one.
func (p *parser) signature(i int) bool {
	if !isSignature(p.lines[i].text) {
		return false
	}
	l := p.lines[i]
	for k := max(0, i-4); k < len(p.lines) && k <= i+4; k++ {
		c := p.lines[k]
		if k == i || c.page != l.page || c.Block != l.Block {
			continue
		}
		rest := strings.TrimSpace(signFill.ReplaceAllString(c.text, " "))
		if rest != "" && !isSignature(c.text) && !strings.HasPrefix(strings.ToLower(rest), "date") {
			return false
		}
	}
	return true
}
