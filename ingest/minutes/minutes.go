package minutes

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/dates"
	"panelpapers/ingest/model"
)

// Extract returns the agenda items, minutes, attendees, declarations,
// decisions and questions of a document. meetingDate (YYYY-MM-DD or "") is
// the date of the meeting the file is for; minutes that state their own
// meeting's date carry that instead.
func Extract(d *model.Doc, meetingDate string) []corpus.Item {
	var out []corpus.Item
	for k := range d.Papers {
		p := &d.Papers[k]
		switch p.Kind {
		case model.AgendaPaper:
			out = append(out, agenda(d, p)...)
		case model.MinutesPaper:
			m := readMinutes(d, p, meetingDate)
			out = append(out, m.items()...)
		case model.QuestionsPaper:
			// Questions put and the answers given: no minutes of its own.
			m := &set{d: d, p: p, date: meetingDate, first: p.Start}
			out = append(out, m.questions()...)
		case model.DecisionPaper:
			// One decision-maker's record of a decision: its decision, no
			// minutes.
			out = append(out, formDecisions(d, p.Start, p.End, "", "", meetingDate, nil)...)
		default:
			// A report may carry a decision form ("Decision: As Cabinet
			// Member I agree to …") or a questions table.
			out = append(out, formDecisions(d, p.Start, p.End, "", "", "", nil)...)
		}
	}
	return out
}

// minute is one minute of a set of minutes: the block that heads it and the
// blocks it runs over.
type minute struct {
	head       int // the heading (or numbered) block
	end        int // one past its last block
	number     string
	title      string
	rest       string // the heading block's own text after the title (a run-in minute)
	page       int
	unnumbered bool
}

// set is one set of minutes (or a record of decisions, or a questions
// paper) being read.
type set struct {
	d       *model.Doc
	p       *model.Paper
	date    string
	minutes []minute
	first   int // the first block of the first minute (the end of the header)
}

var (
	// A minutes heading's own date: "Minutes of … held on Friday, 7 September 2018".
	heldOn = regexp.MustCompile(`(?i)\b(?:held|meeting)\b`)
	// A resolution keyword ending what reads as a run-in title.
	resolvedTail = regexp.MustCompile(`(?:^|\s)(?:RESOLVED|AGREED|DECIDED|RECOMMENDED)$`)
	// "(Item 6)" after a minute's title.
	itemNote = regexp.MustCompile(`(?i)\s*\((?:agenda\s+)?item\s+\d+[a-z]?\)\s*$`)
	// The end of a set of minutes.
	closing = regexp.MustCompile(`(?i)^(?:there being no (?:further|other) business|the meeting (?:closed|ended|concluded|finished|terminated|rose)\b|meeting (?:closed|ended) at|the meeting was closed)`)
	// Headings that are the furniture of minutes, not minutes.
	furniture = regexp.MustCompile(`(?i)^(?:(?:un)?restricted items?|exempt items?|part\s+(?:1|2|i|ii|one|two)\b.*|open session|closed session|present|apologies|members present|officers present|others present|in attendance|also present|minutes?|items?|agenda|resolved|agreed|decided|decisions?|noted|recommended|recommendations?|questions?|answers?|response|action|actions)[:.]?$`)
)

func readMinutes(d *model.Doc, p *model.Paper, meetingDate string) *set {
	s := &set{d: d, p: p, date: ownDate(d, p)}
	if s.date == "" {
		s.date = meetingDate
	}
	s.minutes = mainSequence(d, p)
	s.first = p.End
	if len(s.minutes) > 0 {
		s.first = s.minutes[0].head
	}
	return s
}

// ownDate reads the date of a set of minutes from its own heading ("Minutes
// of the Panel held on Friday, 7 September 2018"), never from a date in
// passing.
func ownDate(d *model.Doc, p *model.Paper) string {
	for i := p.Start; i < p.End && i < p.Start+8; i++ {
		t := d.Blocks[i].Text
		if !heldOn.MatchString(t) && !strings.Contains(strings.ToLower(t), "minutes") && !strings.Contains(strings.ToLower(t), "meeting") {
			continue
		}
		if ms := dates.Find(t); len(ms) > 0 {
			return ms[0].Date.Format("2006-01-02")
		}
	}
	// A date alone on a line at the head of the minutes.
	for i := p.Start; i < p.End && i < p.Start+6; i++ {
		t := strings.TrimSpace(d.Blocks[i].Text)
		if model.Words(t) <= 6 {
			if ms := dates.Find(t); len(ms) == 1 {
				return ms[0].Date.Format("2006-01-02")
			}
		}
	}
	return ""
}

// candidate is a numbered block that may head a minute.
type candidate struct {
	i      int
	m      model.Marker
	weight int
}

// mainSequence finds the minutes of a paper: the longest run of numbered
// blocks, of one numbering style, whose numbers increase — headings count
// double, so that numbered paragraphs inside a minute do not outweigh the
// minutes themselves. Unnumbered headings ranked with the numbered ones are
// minutes too, and a paper with no numbered minutes is minuted by its
// headings.
func mainSequence(d *model.Doc, p *model.Paper) []minute {
	byStyle := map[string][]candidate{}
	for i := p.Start; i < p.End; i++ {
		b := &d.Blocks[i]
		m := b.Marker
		if !m.Valid() || m.Style == model.Bullet || m.Weak && b.Kind != model.Heading && m.Style != model.Ref {
			continue
		}
		w := 0
		switch {
		case b.Kind == model.Heading:
			w = 3
		case b.Kind == model.ListItem && d.Blocks[i].Level == 0:
			w = 1
			if b.Style.Bold || runIn(b.Text) {
				w = 2
			}
		default:
			continue
		}
		if m.Style == model.Dotted && m.Depth > 1 {
			continue
		}
		key := seriesKey(m)
		byStyle[key] = append(byStyle[key], candidate{i, m, w})
	}
	var best []candidate
	bestWeight := 0
	// In a fixed order, so that a tie goes the same way every time.
	keys := make([]string, 0, len(byStyle))
	for k := range byStyle {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		cs := byStyle[key]
		seq := increasing(cs)
		// Numbered headings are the minutes when they run in sequence:
		// numbered paragraphs count only where they carry that sequence
		// on (a run-in minute between headed ones), never instead of it.
		var heads []candidate
		for _, c := range cs {
			if d.Blocks[c.i].Kind == model.Heading {
				heads = append(heads, c)
			}
		}
		if hs := increasing(heads); len(hs) >= 2 && !containsAll(seq, hs) {
			seq = hs
		}
		w := 0
		for _, c := range seq {
			w += c.weight
		}
		if w > bestWeight || w == bestWeight && len(seq) > len(best) {
			best, bestWeight = seq, w
		}
	}
	if len(best) < 2 && !(len(best) == 1 && d.Blocks[best[0].i].Kind == model.Heading) {
		best = nil
	}
	// A paper may hold two sets of minutes numbered in their own series
	// ("C45…C53" then "AG21…AG25"): take every other series that runs
	// clear of the chosen one.
	if len(best) >= 2 {
		for _, key := range keys {
			cs := byStyle[key]
			if len(cs) < 2 || seriesKey(cs[0].m) == seriesKey(best[0].m) {
				continue
			}
			seq := increasing(cs)
			if len(seq) < 2 || d.Blocks[seq[0].i].Kind != model.Heading && d.Blocks[best[0].i].Kind == model.Heading {
				continue
			}
			if seq[0].i > best[len(best)-1].i || seq[len(seq)-1].i < best[0].i {
				best = append(best, seq...)
			}
		}
		sort.Slice(best, func(a, b int) bool { return best[a].i < best[b].i })
	}
	var out []minute
	headLevel := 0
	for _, c := range best {
		b := &d.Blocks[c.i]
		if b.Kind == model.Heading && (headLevel == 0 || b.Level < headLevel) {
			headLevel = b.Level
		}
	}
	numbered := map[int]bool{}
	for _, c := range best {
		numbered[c.i] = true
	}
	for i := p.Start; i < p.End; i++ {
		b := &d.Blocks[i]
		switch {
		case numbered[i]:
			out = append(out, minuteAt(d, i, false))
		case b.Kind == model.Heading && !b.Marker.Valid() && (headLevel > 0 && b.Level == headLevel || len(best) == 0 && b.Level <= 2+minLevel(d, p)) &&
			i != p.Head && !furniture.MatchString(strings.TrimRight(b.Text, ":")) && !attendanceStart(b.Text) && model.Words(b.Text) <= 20 && i > p.Start+1 &&
			!runningHead(d, p, i):
			out = append(out, minuteAt(d, i, true))
		}
	}
	// Each minute runs to the next, or to the paper's closing.
	for k := range out {
		end := p.End
		if k+1 < len(out) {
			end = out[k+1].head
		}
		head := &d.Blocks[out[k].head]
		for j := out[k].head + 1; j < end; j++ {
			if closing.MatchString(d.Blocks[j].Text) {
				end = j + 1
				break
			}
			if n := &d.Blocks[j]; head.Kind == model.Heading && n.Kind == model.Heading && n.Level < head.Level && k+1 == len(out) {
				end = j // the last minute ends at a heading above the minutes' own: an action log after them
				break
			}
		}
		out[k].end = end
	}
	return out
}

func containsAll(seq, sub []candidate) bool {
	in := map[int]bool{}
	for _, c := range seq {
		in[c.i] = true
	}
	for _, c := range sub {
		if !in[c.i] {
			return false
		}
	}
	return true
}

func minLevel(d *model.Doc, p *model.Paper) int {
	lvl := 0
	for i := p.Start; i < p.End; i++ {
		if b := &d.Blocks[i]; b.Kind == model.Heading && (lvl == 0 || b.Level < lvl) {
			lvl = b.Level
		}
	}
	return lvl
}

// seriesKey names a numbering series: its style, and for references their
// letters ("AG" of "AG21", "PL." of "PL.41", "/19" of "23/19").
func seriesKey(m model.Marker) string {
	switch m.Style {
	case model.Ref:
		return "ref:" + m.Number[:prefixLen(m.Number)]
	case model.Slash:
		return "slash:" + m.Number[strings.IndexByte(m.Number, '/'):]
	}
	return m.Style.String()
}

// increasing returns the heaviest subsequence of candidates whose values
// strictly increase, in steps of at most 20 (minutes skip numbers that
// were agenda items of other meetings, never hundreds).
func increasing(cs []candidate) []candidate {
	n := len(cs)
	if n == 0 {
		return nil
	}
	score := make([]int, n)
	prev := make([]int, n)
	bestEnd := 0
	for i := range cs {
		score[i], prev[i] = cs[i].weight, -1
		for j := 0; j < i; j++ {
			step := cs[i].m.Value - cs[j].m.Value
			if step <= 0 || step > 20 || !sameSeries(cs[j].m, cs[i].m) {
				continue
			}
			if score[j]+cs[i].weight > score[i] {
				score[i], prev[i] = score[j]+cs[i].weight, j
			}
		}
		if score[i] > score[bestEnd] {
			bestEnd = i
		}
	}
	var out []candidate
	for i := bestEnd; i >= 0; i = prev[i] {
		out = append(out, cs[i])
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// sameSeries: "23/19" and "24/19" are one series; "23/19" and "5/20" are not.
func sameSeries(a, b model.Marker) bool {
	if a.Style != model.Slash && a.Style != model.Ref {
		return true
	}
	ia, ib := strings.LastIndexByte(a.Number, '/'), strings.LastIndexByte(b.Number, '/')
	if a.Style == model.Ref {
		ia, ib = prefixLen(a.Number), prefixLen(b.Number)
	}
	return ia >= 0 && ib >= 0 && a.Number[:ia] == b.Number[:ib] || a.Style == model.Slash && a.Number[ia:] == b.Number[ib:]
}

func prefixLen(s string) int {
	i := 0
	for i < len(s) && (s[i] < '0' || s[i] > '9') {
		i++
	}
	return i
}

// runIn reports a minute written run-in: "Police Report: No Police presence."
func runIn(text string) bool {
	title, _ := splitRunIn(text)
	return title != ""
}

// splitRunIn splits a run-in minute into its title and text: the title
// ends at the first colon (or ":-", or a dash set off by spaces) within the
// first fifteen words.
func splitRunIn(text string) (title, rest string) {
	for _, sep := range []string{":-", ":", " – ", " - "} {
		if k := strings.Index(text, sep); k > 0 {
			head := text[:k]
			if sep != ":" && sep != ":-" && model.Words(head) == 1 {
				continue // "24/00109 - Transfer …": a reference, then the title
			}
			if model.Words(head) <= 15 && !strings.ContainsAny(head, ".;") {
				return strings.TrimSpace(head), strings.TrimSpace(strings.TrimPrefix(text[k+len(sep):], "-"))
			}
		}
	}
	return "", text
}

// runningHead reports a heading that repeats one of the paper's opening
// headings: the title printed again at the top of a later page.
func runningHead(d *model.Doc, p *model.Paper, i int) bool {
	f := model.Fold(d.Blocks[i].Text)
	for j := p.Start; j < p.End && j < p.Start+4 && j < i; j++ {
		if model.Fold(d.Blocks[j].Text) == f {
			return true
		}
	}
	return false
}

// minuteAt reads the minute headed by block i.
func minuteAt(d *model.Doc, i int, unnumbered bool) minute {
	b := &d.Blocks[i]
	m := minute{head: i, page: b.Page, unnumbered: unnumbered}
	if !unnumbered {
		m.number = b.Marker.Number
	}
	text := strings.TrimSpace(b.Text)
	text = strings.TrimSpace(strings.TrimRight(text, "*"))
	switch {
	case b.Kind == model.Heading:
		m.title = text
		if k := strings.Index(text, ": "); k > 0 && model.Words(text[:k]) <= 10 && model.Terminal(text) {
			// "Apologies for absence: As above." set as one heading
			m.title, m.rest = strings.TrimSpace(text[:k]), strings.TrimSpace(text[k+2:])
		}
		// A heading that wrapped into the next block: "Draft Revenue
		// Budget … Capital Programme" over "2025-35 and Treasury … (Item 6)".
		if i+1 < len(d.Blocks) {
			if n := &d.Blocks[i+1]; n.Kind == model.Paragraph && n.Page == b.Page && itemNote.MatchString(n.Text) && model.Words(n.Text) <= 15 {
				m.title += " " + strings.TrimSpace(itemNote.ReplaceAllString(n.Text, ""))
			}
		}
	case b.Style.Bold && model.Words(text) <= 30 && !model.Terminal(text):
		m.title = text // a bold title the model did not set as a heading
	case !strings.Contains(text, ":") && model.Words(text) <= 15 && !model.Terminal(text) && len(b.Lines) == 1:
		// "Hackney carriage table of fares – outcome of consultation":
		// a title alone, dash and all.
		m.title = text
	case !d.HasBoxes && len(b.Lines) > 1 && model.Words(b.Lines[0].Text) <= 12 && !model.Terminal(b.Lines[0].Text) && !strings.Contains(b.Lines[0].Text, ":"):
		// A page's line break after the title: "AG21 Declarations of
		// Interest<br>There were no declarations of interest."
		m.title = b.Lines[0].Text
		if mk, rest := model.ParseMarker(m.title); mk.Valid() && mk.Number == b.Marker.Number {
			m.title = rest
		}
		m.rest = strings.TrimSpace(strings.Join(linesText(b.Lines[1:]), " "))
	default:
		if t, rest := splitRunIn(text); t != "" {
			m.title, m.rest = t, rest
			if k := resolvedTail.FindStringIndex(t); k != nil {
				// "MINUTES OF … (Agenda item 3) RESOLVED: That …": the
				// keyword opens the text, not the title's end.
				m.title, m.rest = strings.TrimSpace(t[:k[0]]), strings.TrimSpace(t[k[0]:])+": "+rest
			}
		} else if len(b.Lines) > 1 && b.Lines[0].Bold && !b.Lines[1].Bold {
			m.title = b.Lines[0].Text
			m.rest = strings.TrimSpace(strings.TrimPrefix(text, m.title))
		} else if model.Words(text) <= 15 {
			m.title = text
		} else {
			sents, _ := model.Sentences(text)
			m.title = firstWords(sents[0], 12)
			m.rest = text
		}
	}
	m.title = strings.TrimSpace(itemNote.ReplaceAllString(m.title, ""))
	m.title = strings.TrimRight(m.title, ":-– ")
	return m
}

func linesText(ls []model.Line) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Text)
	}
	return out
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// text returns a minute's whole text: its heading's run-in text and every
// block it runs over.
func (s *set) text(m minute) string {
	var parts []string
	if m.rest != "" {
		parts = append(parts, m.rest)
	}
	for j := m.head + 1; j < m.end; j++ {
		parts = append(parts, s.d.Blocks[j].Full())
	}
	return strings.Join(parts, "\n")
}

// items returns everything the set of minutes records.
func (s *set) items() []corpus.Item {
	var out []corpus.Item
	for _, m := range s.minutes {
		it := corpus.Item{
			Kind:   corpus.KindMinute,
			Number: m.number,
			Title:  m.title,
			Text:   s.text(m),
			Page:   m.page,
			Date:   s.date,
		}
		if end := s.d.Blocks[max(m.end-1, m.head)].PageEnd; end > it.Page {
			it.PageEnd = end
		}
		out = append(out, it)
	}
	out = append(out, s.attendees()...)
	out = append(out, s.declarations()...)
	decisions := s.decisions()
	for _, m := range s.minutes {
		at := func(j int) (string, string) { return s.itemAt(j, &m) }
		decisions = append(decisions, formDecisions(s.d, m.head, m.end, m.number, m.title, s.date, at)...)
	}
	decisions = append(decisions, formDecisions(s.d, s.p.Start, s.first, "", "", s.date, nil)...)
	out = append(out, restated(decisions)...)
	out = append(out, s.questions()...)
	return out
}

// itemAt names the item block j of minute m is under: the minute, or a
// numbered item inside it ("4.1 Treasury Management Strategy" under "4.
// Budget"), whose decisions are its own.
func (s *set) itemAt(j int, m *minute) (number, title string) {
	for p := s.d.Blocks[j].Parent; p > m.head && p < m.end; p = s.d.Blocks[p].Parent {
		if b := &s.d.Blocks[p]; b.Kind == model.Heading && b.Marker.Valid() && b.Marker.Style != model.Bullet && b.Text != "" {
			return b.Marker.Number, strings.TrimSpace(b.Text)
		}
	}
	return m.number, m.title
}

// restated drops the decisions that say again what an earlier one of the
// same item says: modern.gov pages give an item's "Decision:" and its
// minutes' RESOLVED, one of them the other's parts without their
// sub-parts. One decision is one item.
func restated(decisions []corpus.Item) []corpus.Item {
	keys := make([]string, len(decisions))
	for i, it := range decisions {
		keys[i] = foldWords(it.Text)
	}
	covered := func(i int) bool {
		for k, it := range decisions {
			if k == i || it.Number != decisions[i].Number || len(keys[i]) < minRestated {
				continue
			}
			longer := len(keys[k]) > len(keys[i]) || len(keys[k]) == len(keys[i]) && k < i
			if longer && strings.HasPrefix(keys[k], keys[i]) {
				return true
			}
		}
		return false
	}
	var out []corpus.Item
	for i, it := range decisions {
		if !covered(i) {
			out = append(out, it)
		}
	}
	return out
}

// minRestated is the shortest folded decision that restated drops: "Agreed"
// twice in a minute may be two decisions.
const minRestated = 24

// foldWords is s lower-cased with only its letters and digits, words parted
// by single spaces.
func foldWords(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// minuteOf returns the minute that holds block j, or nil.
func (s *set) minuteOf(j int) *minute {
	for k := range s.minutes {
		if m := &s.minutes[k]; j >= m.head && j < m.end {
			return m
		}
	}
	return nil
}
