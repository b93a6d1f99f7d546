package ingest

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"panelpapers/ingest/dates"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/layout"
	"panelpapers/ingest/model"
)

// bodyWords end the names of the bodies whose papers we read. A candidate
// body name must end in one of them, which keeps "the Minutes of the report
// held on..." from passing as a committee.
const bodyWords = `(?i:Council|Committee|Sub-Committee|Panel|Cabinet|Board|Commission|Authority|Executive|Forum|Partnership|Assembly|Group|Trust)`

// bodyName captures a body's name: capitalised words (small joining words
// allowed) ending in one of bodyWords. Requiring capitals keeps "the above
// Council" and "go to full Council" out.
const bodyName = `((?:[\p{Lu}0-9&][\w&'’.#-]*\s+(?:(?:and|of|for|the|on|in|&)\s+)?){0,9}` + bodyWords + `)`

// bodyWordsLower are bodyWords as textscan looks for them.
var bodyWordsLower = []string{"council", "committee", "panel", "cabinet", "board", "commission", "authority", "executive", "forum", "partnership", "assembly", "group", "trust"}

// Why the guards: these expressions, run over every page and line, were
// most of the time spent on metadata; each guard is a necessary condition
// of its expression matching (textscan), so what they find is unchanged.
var (
	// "Minutes of a meeting of the Cabinet held in...", "Minutes of the X Panel held on..."
	minutesOfBody = textscan.Guard(regexp.MustCompile(`(?i:minutes\s+of\s+(?:an?\s+|the\s+)?(?:(?:extraordinary|special|annual|ordinary)\s+)?(?:meeting\s+of\s+)?(?:the\s+)?)`+bodyName+`\s+(?i:held|meeting)\b`),
		textscan.All(textscan.Phrase("minutes", "of"), textscan.Fold(bodyWordsLower...), textscan.Fold("held", "meeting")))
	// "A meeting of the Audit Committee will be held", "meeting of the X on"
	meetingOfBody = textscan.Guard(regexp.MustCompile(`\b(?i:meeting\s+of\s+(?:the\s+)?)`+bodyName+`\s+(?i:will\s+be\s+held|held|to\s+be\s+held|on)\b`),
		textscan.All(textscan.Phrase("meeting", "of"), textscan.Fold(bodyWordsLower...)))
	// "REPORT TO THE X PANEL 16 November 2018", "To: County Council, 13 March 2025"
	reportToBody = textscan.Guard(regexp.MustCompile(`(?i:\breport\s+to|^to:)\s+(?i:the\s+)?`+bodyName+`\b`),
		textscan.All(textscan.Or(textscan.Phrase("report", "to"), textscan.Fold("to:")), textscan.Fold(bodyWordsLower...)))
	// A front-sheet line that is only a body name: "Audit Committee", "CABINET".
	bodyLine = textscan.Guard(regexp.MustCompile(`^(?i:the\s+)?`+bodyName+`$`), textscan.Fold(bodyWordsLower...))

	dateLabel = regexp.MustCompile(`(?i)^(?:date(?:\s+of\s+meeting)?|meeting\s+date)\s*[:\-–]\s*(.+)$`)
	// Text just before a date that says it is some other meeting's date
	// ("To agree the Minutes of the Meeting held on 9th January 2025").
	otherMeeting = regexp.MustCompile(`(?i)\bprevious\b|\b(?:last|next)\s+meeting|\b(?:agree|approv|confirm|sign)\w*\s+(?:the\s+)?minutes`)
)

// bodyVote is one sighting of a possible body name.
type bodyVote struct {
	name  string
	votes float64
	first int // order of first sighting
}

// detectBody reads the committee or panel a document belongs to from the
// document itself. Sightings in sentences ("Minutes of the X held on",
// "Report to the X") count most; a name standing alone on the front sheet
// counts too. A shorter name contained in a longer one ("Police and Crime
// Panel" in "Thames Valley Police and Crime Panel") gives its votes to the
// longer, which is the more precise name for the same body.
func detectBody(pages []layout.Page) string {
	votes := map[string]*bodyVote{}
	order := 0
	vote := func(name string, weight float64) {
		name = cleanBodyName(name)
		if name == "" {
			return
		}
		key := strings.ToLower(name)
		v, ok := votes[key]
		if !ok {
			v = &bodyVote{name: name, first: order}
			votes[key] = v
			order++
		}
		v.votes += weight
		if hasLower(name) && !hasLower(v.name) {
			v.name = name // prefer "Cabinet" over "CABINET" for display
		}
	}
	for pi, page := range pages {
		text := page.Text()
		for _, re := range []*textscan.Regexp{minutesOfBody, meetingOfBody} {
			for _, m := range re.FindAllStringSubmatch(text, -1) {
				vote(m[1], 3)
			}
		}
		for _, l := range page.Lines {
			if m := reportToBody.FindStringSubmatch(strings.TrimSpace(l.Text)); m != nil {
				vote(m[1], 2)
			}
			if pi < 2 {
				if m := bodyLine.FindStringSubmatch(strings.TrimSpace(l.Text)); m != nil && len(strings.Fields(m[1])) <= 8 {
					vote(m[1], 1.5)
				}
			}
		}
	}
	if len(votes) == 0 {
		return ""
	}
	list := make([]*bodyVote, 0, len(votes))
	for _, v := range votes {
		list = append(list, v)
	}
	// Longer names absorb the votes of the names they contain.
	total := map[*bodyVote]float64{}
	for _, v := range list {
		total[v] = v.votes
		for _, w := range list {
			if w != v && len(w.name) < len(v.name) && strings.Contains(strings.ToLower(v.name), strings.ToLower(w.name)) {
				total[v] += w.votes
			}
		}
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if total[a] != total[b] {
			return total[a] > total[b]
		}
		if len(a.name) != len(b.name) {
			return len(a.name) > len(b.name)
		}
		return a.first < b.first
	})
	return list[0].name
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// cleanBodyName trims a captured body name and sets all-capitals names in
// title case ("THAMES VALLEY POLICE AND CRIME PANEL" → "Thames Valley Police
// and Crime Panel").
func cleanBodyName(name string) string {
	name = strings.Join(strings.Fields(name), " ")
	name = strings.Trim(name, " ,-–")
	if len(name) > 4 && strings.EqualFold(name[:4], "the ") {
		name = name[4:]
	}
	if name == "" || len(strings.Fields(name)) > 10 {
		return ""
	}
	if !hasLower(name) {
		name = titleCase(name)
	}
	return name
}

var smallWords = map[string]bool{"and": true, "of": true, "the": true, "for": true, "in": true, "on": true, "to": true, "&": true}

func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		if i > 0 && smallWords[w] {
			continue
		}
		parts := strings.Split(w, "-")
		for j, p := range parts {
			r := []rune(p)
			if len(r) > 0 {
				r[0] = unicode.ToUpper(r[0])
			}
			parts[j] = string(r)
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

// detectDate reads the date of the meeting a document was written for. A
// "Date:" label on the front sheet wins. A paper that names no meeting (an
// appendix, a table) may be filed under its meeting's date: fileName
// "cabinet_2025-01-30_….pdf" or "minutes_20180625.pdf". Then comes the
// first date on the first two pages that is not said to be another
// meeting's ("the Minutes of the Meeting held on..."): it wins over the
// file's date when it is not later than it (the minutes of the meeting
// before, filed in this one's pack), and loses when it is (a paper filed
// for a meeting is not about a later one: "the strategy runs until 31
// March 2030"). Only the first two pages are read: a pack quotes many
// other dates further in, including earlier meetings' minutes.
func detectDate(pages []layout.Page, fileName string) string {
	if d := labelledDate(pages); d != "" {
		return d
	}
	filed := ""
	// both dashes or neither
	if m := fileDate.FindStringSubmatch(fileName); m != nil && m[2] == m[4] {
		if t, ok := dates.Parse(m[1] + "-" + m[3] + "-" + m[5]); ok {
			filed = t.Format("2006-01-02")
		}
	}
	d := passingDate(pages)
	if filed != "" && (d == "" || d > filed) {
		return filed
	}
	return d
}

// labelledDate is a date on the first two pages on a line that says it is
// the meeting's ("Date: 30 January 2025").
func labelledDate(pages []layout.Page) string {
	limit := min(2, len(pages))
	for _, page := range pages[:limit] {
		for _, l := range page.Lines {
			if m := dateLabel.FindStringSubmatch(strings.TrimSpace(l.Text)); m != nil {
				if found := dates.Find(m[1]); len(found) > 0 {
					return found[0].Date.Format("2006-01-02")
				}
			}
		}
	}
	return ""
}

// passingDate is the first date on the first two pages that is not about
// another meeting: a guess, which a date in the file's name beats.
func passingDate(pages []layout.Page) string {
	limit := min(2, len(pages))
	for _, page := range pages[:limit] {
		text := page.Text()
		for _, d := range dates.Find(text) {
			// Only the same line speaks for a date: a neighbouring line
			// about the next meeting says nothing about this one.
			before := text[max(0, d.Start-80):d.Start]
			if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
				before = before[nl+1:]
			}
			if !otherMeeting.MatchString(before) {
				return d.Date.Format("2006-01-02")
			}
		}
	}
	return ""
}

// detectTitle names a document for people: the largest text on its first
// page, or failing that its first line.
func detectTitle(pages []layout.Page, body string) string {
	var title string
	if len(pages) > 0 {
		best := 0.0
		for _, l := range pages[0].Lines {
			t := strings.TrimSpace(l.Text)
			if !model.HasLetter(t) || len(strings.Fields(t)) > 16 {
				continue
			}
			if l.Level == 1 {
				title = t
				break
			}
			if l.Size > best+0.5 {
				best, title = l.Size, t
			}
		}
		if title == "" {
			for _, l := range pages[0].Lines {
				if t := strings.TrimSpace(l.Text); model.HasLetter(t) {
					title = t
					break
				}
			}
		}
	}
	return qualifyTitle(title, body)
}

// qualifyTitle tidies a title and puts the body before a one- or two-word
// title such as "Agenda" or "Minutes", which says little in a list of
// hundreds of papers.
func qualifyTitle(title, body string) string {
	title = strings.Join(strings.Fields(title), " ")
	if len([]rune(title)) > 160 {
		title = string([]rune(title)[:160])
	}
	if body != "" && len(strings.Fields(title)) <= 2 && !strings.Contains(strings.ToLower(title), strings.ToLower(body)) {
		if title == "" {
			return body
		}
		if !hasLower(title) {
			title = titleCase(title)
		}
		return body + " – " + title
	}
	return title
}

// frontSheet reads the meeting's body and date from the opening of a
// document's first paper, where the papers state them: a header field
// ("To: Cabinet – 30 January 2025", "Decision to be taken by: Cabinet",
// "Date of meeting: 10 February 2026") or a masthead that is only a body's
// name ("TINTERN COMMUNITY COUNCIL"). A body or a date found here wins over
// one mentioned in passing.
func frontSheet(d *model.Doc) (body, date string) {
	start, end := 0, len(d.Blocks)
	if len(d.Papers) > 0 {
		start, end = d.Papers[0].Start, d.Papers[0].End
	}
	end = min(end, start+25)
	var masthead []string
	field := func(label, value string) {
		label = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(label), ":")))
		value = strings.TrimSpace(strings.ReplaceAll(value, "\n", " "))
		if value == "" {
			return
		}
		if meetingField.MatchString(label) {
			if m := bodyAtStart.FindStringSubmatch(value); m != nil && body == "" {
				body = cleanBodyName(m[1])
			}
		}
		if meetingField.MatchString(label) || dateField.MatchString(label) {
			if found := dates.Find(value); len(found) > 0 && date == "" {
				date = found[0].Date.Format("2006-01-02")
			}
		}
	}
	for i := start; i < end; i++ {
		b := &d.Blocks[i]
		if b.Kind == model.Table && b.Table != nil {
			for ri, r := range b.Table.Rows {
				for c := 0; c+1 < len(r.Cells); c += 2 {
					field(r.Cells[c], r.Cells[c+1])
				}
				// labels across a row over their values below
				if ri+1 < len(b.Table.Rows) && len(b.Table.Rows[ri+1].Cells) == len(r.Cells) {
					for c, cell := range r.Cells {
						if meetingField.MatchString(strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cell), ":")))) {
							field(cell, b.Table.Rows[ri+1].Cells[c])
						}
					}
				}
			}
			continue
		}
		for _, l := range b.Lines {
			if k := strings.Index(l.Text, ":"); k > 0 && k < 40 {
				field(l.Text[:k], l.Text[k+1:])
			}
		}
		if i < start+4 && (b.Kind == model.Heading || b.Style.Bold || b.Style.Caps) {
			if m := bodyLine.FindStringSubmatch(strings.TrimSpace(b.Text)); m != nil && len(strings.Fields(m[1])) <= 8 {
				masthead = append(masthead, cleanBodyName(m[1]))
			}
		}
	}
	if body == "" {
		// Of the names on the masthead, the meeting's: "Cabinet" under
		// "Calderbrook Metropolitan Borough Council".
		for _, m := range masthead {
			if body == "" || meetingBody.MatchString(m) && !meetingBody.MatchString(body) {
				body = m
			}
		}
	}
	return body, date
}

// meetingBody is a name that ends as a meeting's does, not a council's or
// an outside body's.
var meetingBody = regexp.MustCompile(`(?i)\b(?:committee|sub-committee|panel|cabinet|board|executive|commission)$`)

var (
	// A header field naming the meeting or its decision-maker.
	meetingField = regexp.MustCompile(`^(?:to|report\s+to|meeting|committee|decision\s+(?:to\s+be\s+)?(?:taken|made)\s+by|decision[- ]maker)$`)
	dateField    = regexp.MustCompile(`^(?:date(?:\s+of\s+(?:the\s+)?meeting)?|meeting\s+date)$`)
	bodyAtStart  = regexp.MustCompile(`^(?:the\s+)?` + bodyName)
	// A date in a file's name: "cabinet_2025-01-30_agenda.pdf".
	fileDate = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)(-?)([01]\d)(-?)([0-3]\d)(?:[^0-9]|$)`)
)
