package minutes

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/dates"
	"panelpapers/ingest/internal/textscan"
)

var (
	// "11.10am 6. Title", "12.10pm 9. Title": a time before the item number.
	timeLead = regexp.MustCompile(`(?i)^(\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\d{1,2}[.:]\d{2}(?:\s?hrs)?)\s+(.+)$`)
	// "6. Title", "6 Title", "6) Title", "6a. Title"
	agendaNumbered = regexp.MustCompile(`^(\d{1,3}[a-z]?)(?:[.)])?[\t ]+(\S.*)$`)
	agendaBare     = regexp.MustCompile(`^(\d{1,3}[a-z]?)[.)]?$`)
	// A trailing page range: "17 - 24", "(Pages 11 - 84)", "pp. 3-9".
	trailingPages = textscan.Guard(regexp.MustCompile(`(?i)\s*\(?\s*(?:pages?|pp?\.?)?\s*(\d{1,4})\s*(?:-|–|—|to)\s*(\d{1,4})\s*\)?\s*$`), textscan.All(textscan.Digit, textscan.Or(textscan.Any("-", "–", "—"), textscan.Fold("to"))))
	pagesOnly     = regexp.MustCompile(`(?i)^\(?\s*(?:pages?|pp?\.?)?\s*(\d{1,4})(?:\s*(?:-|–|—|to)\s*(\d{1,4}))?\s*\)?$`)
	bullet        = regexp.MustCompile(`^[•▪●◦·*\-–]\s+`)
	stars         = textscan.Guard(regexp.MustCompile(`\*+$`), textscan.Any("*"))
	connector     = regexp.MustCompile(`(?i)\b(?:of|and|the|to|for|on|in|with|a|an|&|-|–|/|,)$`)
)

type agendaState struct {
	p           *parser
	items       []corpus.Item
	cur         *corpus.Item
	curLine     ln
	titleOpen   bool // the title may still run on
	cellItem    bool
	descStarted bool
	desc        []string
	pendingTime string
	cols        map[string]int // table header: column index by role
	// explicit is set under an "Agenda" heading. A numbered list met
	// without one is kept only if most of its items carry pages or times:
	// otherwise it is a report's numbered sections, not an agenda.
	explicit bool
}

// titleLike reports whether s can be an item's title: words, or a
// reference number followed by words ("24/00108 - Revenue Budget").
func titleLike(s string) bool {
	return startsTitle(s) || wordy(s) && !pagesOnly.MatchString(s) && !trailingPages.MatchString(s) || wordy(trailingPages.ReplaceAllString(s, ""))
}

func (a *agendaState) hasItems() bool { return len(a.items) > 0 || a.cur != nil }

func (a *agendaState) lastNumber() int {
	if a.cur != nil {
		return leadingInt(a.cur.Number)
	}
	if len(a.items) > 0 {
		return leadingInt(a.items[len(a.items)-1].Number)
	}
	return 0
}

func leadingInt(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

func (a *agendaState) acceptNumber(num string) bool {
	n := leadingInt(num)
	last := a.lastNumber()
	if last == 0 && len(a.items) == 0 && a.cur == nil {
		return n >= 1 && n <= 5
	}
	return n >= last && n <= last+3
}

func (a *agendaState) finishItem() {
	if a.cur == nil {
		return
	}
	it := *a.cur
	it.Title = cleanTitle(it.Title)
	if it.Pages == "" {
		if m := trailingPages.FindStringSubmatch(it.Title); m != nil && !strings.Contains(it.Title[:len(it.Title)-len(m[0])], "\t") {
			it.Title = strings.TrimSpace(it.Title[:len(it.Title)-len(m[0])])
			it.Pages = m[1] + "-" + m[2]
		}
	}
	it.Title = strings.TrimRight(plain(it.Title), " -–:")
	it.Text = strings.TrimSpace(strings.Join(a.desc, " "))
	a.items = append(a.items, it)
	a.cur, a.desc, a.titleOpen, a.descStarted, a.cellItem = nil, nil, false, false, false
}

func cleanTitle(s string) string {
	s = strings.TrimSpace(stars.ReplaceAllString(strings.TrimSpace(s), ""))
	return s
}

// close ends the agenda, repairing a list whose renderer numbered its first
// items one too high ("2., 3., 3., 4." for "1., 2., 3., 4.").
func (a *agendaState) close() {
	a.finishItem()
	explicit := a.explicit
	a.explicit = false
	if len(a.items) == 0 {
		return
	}
	if !explicit {
		cued := 0
		for _, it := range a.items {
			if it.Pages != "" || it.Time != "" {
				cued++
			}
		}
		if cued*2 < len(a.items) {
			a.items = nil
			return
		}
	}
	nums := make([]int, len(a.items))
	for k, it := range a.items {
		nums[k] = leadingInt(it.Number)
	}
	for k := 0; k+1 < len(nums); k++ {
		if nums[k] != nums[k+1] {
			continue
		}
		ok := nums[0]-1 == 1
		for j := 1; j <= k && ok; j++ {
			ok = nums[j] == nums[0]+j
		}
		if ok {
			for j := 0; j <= k; j++ {
				if strconv.Itoa(nums[j]) == a.items[j].Number {
					a.items[j].Number = strconv.Itoa(nums[j] - 1)
				}
			}
		}
		break
	}
	a.p.agenda = append(a.p.agenda, a.items...)
	a.items = nil
}

func (a *agendaState) start(num, title, time string, l ln) {
	a.finishItem()
	if time == "" {
		time = a.pendingTime
	}
	a.pendingTime = ""
	a.cur = &corpus.Item{Kind: corpus.KindAgendaItem, Number: num, Title: title, Time: time, Page: l.page}
	a.curLine = l
	a.titleOpen = true
}

// line reads line i of an agenda region and returns the index of the last
// line it consumed.
func (a *agendaState) line(i int) int {
	p := a.p
	l := p.lines[i]
	if len(l.Cells) >= 2 {
		if a.tableRow(l) {
			return i
		}
	}
	t := plain(l.text)
	if m := bullet.FindString(t); m != "" && !(strings.ContainsAny(m, "-–") && len(t) > len(m) && t[len(m)] >= '0' && t[len(m)] <= '9') {
		t = strings.TrimSpace(t[len(m):])
	}
	if tm, ok := dates.ParseTime(strings.TrimSuffix(t, ":")); ok {
		a.pendingTime = tm
		a.titleOpen = false
		a.descStarted = a.cur != nil
		return i
	}
	if a.cur != nil && !a.descStarted && a.cur.Pages == "" {
		if m := pagesOnly.FindStringSubmatch(t); m != nil && (m[2] != "" || strings.ContainsAny(t, "Pp")) {
			a.cur.Pages = m[1]
			if m[2] != "" {
				a.cur.Pages += "-" + m[2]
			}
			a.titleOpen = false
			return i
		}
	}
	time := ""
	rest := t
	if m := timeLead.FindStringSubmatch(t); m != nil {
		if tm, ok := dates.ParseTime(m[1]); ok {
			time, rest = tm, m[2]
		}
	}
	if m := agendaNumbered.FindStringSubmatch(rest); m != nil && titleLike(m[2]) && a.acceptNumber(m[1]) {
		a.start(m[1], m[2], time, l)
		return i
	}
	if m := agendaBare.FindStringSubmatch(rest); m != nil && a.acceptNumber(m[1]) {
		// "15." alone, its title beside it or on the next line.
		for k := i + 1; k < len(p.lines) && k <= i+2 && p.lines[k].page == l.page; k++ {
			c := p.lines[k]
			ct := cleanTitle(plain(c.text))
			if (math.Abs(c.Y-l.Y) < 3 || k == i+1) && startsTitle(ct) {
				a.start(m[1], ct, time, l)
				a.curLine = c
				return k
			}
		}
	}
	if a.cur == nil {
		return i
	}
	if a.titleOpen && a.continuesTitle(l, t) {
		a.cur.Title += " " + t
		a.curLine.Y = l.Y
		if trailingPages.MatchString(cleanTitle(a.cur.Title)) {
			a.titleOpen = false
		}
		return i
	}
	a.titleOpen = false
	a.descStarted = true
	if p.larger(l) {
		a.finishItem()
		return i
	}
	a.desc = append(a.desc, t)
	return i
}

func (a *agendaState) continuesTitle(l ln, t string) bool {
	prev := a.curLine
	if l.page != prev.page && !(l.page == prev.page+1) {
		return false
	}
	near := l.page != prev.page || l.Y-prev.Y < 1.8*math.Max(l.Size, 8)
	if !near {
		return false
	}
	if prev.Bold {
		return l.Bold && math.Abs(l.Size-prev.Size) < 0.6
	}
	if a.cellItem {
		return l.X > prev.X+5 && len(l.Cells) == 0
	}
	return connector.MatchString(cleanTitle(a.cur.Title)) && l.Bold == prev.Bold
}

var headerWords = map[string]string{
	"item": "num", "no": "num", "no.": "num", "number": "num", "ref": "num", "agenda item": "num", "item no": "num", "item no.": "num",
	"subject": "title", "title": "title", "business": "title", "report": "title", "description": "title", "agenda item title": "title",
	"pages": "pages", "page": "pages", "page no": "pages", "page nos": "pages", "page numbers": "pages",
	"time": "time", "lead": "lead", "lead officer": "lead", "officer": "lead", "presenter": "lead", "contact": "lead",
}

// tableRow reads one row of an agenda table; it reports false when the row
// is not one.
func (a *agendaState) tableRow(l ln) bool {
	cells := make([]string, len(l.Cells))
	for k, c := range l.Cells {
		cells[k] = cleanTitle(plain(c))
	}
	// A header row sets the columns.
	cols := map[string]int{}
	for k, c := range cells {
		if role, ok := headerWords[strings.ToLower(strings.TrimRight(c, ":"))]; ok {
			if _, dup := cols[role]; !dup {
				cols[role] = k
			}
		}
	}
	if len(cols) >= 2 && len(cols) >= len(cells)-1 {
		a.cols = cols
		return true
	}
	get := func(role string) (string, bool) {
		if k, ok := a.cols[role]; ok && k < len(cells) {
			return cells[k], true
		}
		return "", false
	}
	var num, title, pages, time string
	if a.cols != nil {
		num, _ = get("num")
		title, _ = get("title")
		pages, _ = get("pages")
		time, _ = get("time")
	} else {
		// No header: number first (after an optional time), then the
		// title, then a page cell.
		k := 0
		if tm, ok := dates.ParseTime(cells[0]); ok && len(cells) > 2 {
			time, k = tm, 1
		}
		num = cells[k]
		for _, c := range cells[k+1:] {
			if title == "" && titleLike(c) {
				title = c
			} else if title != "" && pages == "" && pagesOnly.MatchString(c) {
				pages = c
			}
		}
	}
	num = strings.TrimRight(num, ".)")
	if tm, ok := dates.ParseTime(time); ok {
		time = tm
	} else {
		time = ""
	}
	if !agendaBare.MatchString(num) {
		if num == "" && a.cur != nil && title != "" {
			a.cur.Title += " " + title // a wrapped row
			return true
		}
		return false
	}
	if title == "" || !a.acceptNumber(num) {
		return false
	}
	a.start(num, title, time, l)
	a.cellItem = true
	if m := pagesOnly.FindStringSubmatch(pages); m != nil {
		a.cur.Pages = m[1]
		if m[2] != "" {
			a.cur.Pages += "-" + m[2]
		}
	}
	return true
}
