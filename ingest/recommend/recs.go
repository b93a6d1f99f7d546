package recommend

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/model"
)

// Where a recommendation came from, in Item.Source.
const (
	srcTracker   = "monitoring-table"
	srcActionLog = "action-log"
	srcReport    = "report-recommendation"
	srcExternal  = "external-report"
)

var (
	// A recommendations heading: "5. Recommendations", "RECOMMENDATION(S)",
	// "Recommendations to Cabinet", "Recommendation:".
	recHeading = regexp.MustCompile(`(?i)^(?:\d+(?:\.\d+)*\.?\s*[|:–—-]?\s+)?(?:recommendations?(?:\s*\(s\))?|recommended\s+(?:decisions?|actions?|resolutions?))(?:\s+(?:to|for)\b[^.]{0,60})?\s*[:.]?$`)
	// A sentence that makes this paper's recommendation.
	askedTo = regexp.MustCompile(`(?i)\b(?:council|cabinet|committee|panel|board|members?|commissioner|pcc|executive|leader|sub-committee|authority|meeting|partnership|group|forum|you)\s+(?:is|are)\s+(?:therefore\s+|now\s+)?(?:being\s+)?(?:asked|recommended|requested|invited)\s+to\b|\bit\s+is\s+(?:therefore\s+)?recommended\s+that\b|^recommendations?\s*:`)
	// A sentence reporting another body's recommendation: "It was strongly
	// recommended that …", "the Committee recommends that …".
	recdThat = regexp.MustCompile(`(?i)\bit\s+(?:was|has\s+been)\s+(?:\w+\s+)?recommended\s+that\b|\b(?:report|review|committee|inquiry|panel|inspectorate|government|auditor)\s+(?:\w+\s+)?recommends?\s+that\b`)
	// Headings that talk about recommendations without making them.
	notRecs = regexp.MustCompile(`(?i)\breasons?\s+for\b|\bbackground\b|\bimplications?\b|\bprogress\b|\bmonitoring\b|\btracker\b|\bresponses?\b|\bupdate\b`)
	// Tracker table headers.
	hdrRec    = regexp.MustCompile(`(?i)recommendation`)
	hdrResp   = regexp.MustCompile(`(?i)response|update|progress|action\s+taken|reply|comment|outcome`)
	hdrStatus = regexp.MustCompile(`(?i)status|assessment|\brag\b|complete`)
	// Action log headers: the action (not "Mitigating actions" of a risk
	// register) and the minute or reference it came from.
	hdrAction = regexp.MustCompile(`(?i)^(?:agreed\s+|required\s+)?actions?(?:\s+(?:required|agreed|point|to\s+be\s+taken))?$`)
	hdrRef    = regexp.MustCompile(`(?i)^(?:minute|min\.?|ref(?:erence)?|no\.?|item)(?:\s+(?:no\.?|ref(?:erence)?))?$`)
	// The start of a recommendation inside a tracker cell.
	thatStart = regexp.MustCompile(`(?:^|[\s.;:])(That|To)\s`)
)

// recommendations reads a paper's recommendations: its recommendations
// sections, its recommending sentences and its tracker tables.
//
// title is the paper's title, when it is a report or a decision form: what
// recommendations under a heading that only says "Recommendations" are
// about.
func recommendations(d *model.Doc, p *model.Paper, title string) []corpus.Item {
	var out []corpus.Item
	done := map[int]bool{}
	start := len(out)
	for i := p.Start; i < p.End; i++ {
		b := &d.Blocks[i]
		if b.Kind == model.Table {
			if items, ok := tracker(d, i); ok {
				out = append(out, items...)
				done[i] = true
			}
			continue
		}
		if b.Kind == model.Heading && recHeading.MatchString(strings.TrimSpace(b.Text)) && !notRecs.MatchString(b.Text) && p.Kind != model.MinutesPaper {
			out = append(out, section(d, i, min(d.End(i), p.End), done)...)
		}
	}
	for i := p.Start; i < p.End; i++ {
		if done[i] {
			continue
		}
		b := &d.Blocks[i]
		if b.Kind == model.Table || b.Kind == model.Heading && model.Words(b.Text) < 8 {
			continue
		}
		out = append(out, sentences(d, i, p, done)...)
	}
	// "Recommendations" says what the parts are, not what they are about:
	// in a report they are about the report's subject.
	if title != "" {
		for k := start; k < len(out); k++ {
			if t := out[k].Topic; title != "" && (t == "" || genericTopic(t)) {
				out[k].Title = strings.TrimRight(t, ": ") // the section it was under
				out[k].Topic = title
			}
		}
	}
	return out
}

// genericTopic reports a heading that names a kind of section rather than
// a subject: "Recommendations", "2. Recommendation(s):", "Summary".
func genericTopic(t string) bool {
	_, rest := model.ParseMarker(strings.TrimSpace(t))
	rest = strings.TrimRight(strings.TrimSpace(rest), ":.-– ")
	return recHeading.MatchString(rest) || genericHeading.MatchString(rest)
}

var genericHeading = regexp.MustCompile(`(?i)^(?:summary|executive\s+summary|introduction|background|purpose(?:\s+of\s+(?:the\s+)?report)?|decision(?:\(s\))?|proposals?|conclusions?|next\s+steps|the\s+report|report)$`)

// rec makes a recommendation item.
func rec(d *model.Doc, i int, text, topic, source string) corpus.Item {
	b := &d.Blocks[i]
	number := ""
	if b.Marker.Valid() && b.Marker.Style != model.Bullet {
		number = b.Marker.Number
	}
	return corpus.Item{Kind: corpus.KindRecommendation, Text: strings.TrimSpace(text), Number: number, Topic: topic, Source: source, Page: b.Page}
}

// topicOf is the heading a block sits under.
func topicOf(d *model.Doc, i int) string {
	if h := d.Heading(i); h >= 0 {
		return strings.TrimSpace(d.Blocks[h].Text)
	}
	return ""
}

// section reads a recommendations section (blocks [h+1, end)): the parts
// of its list, or its paragraphs when it has none.
func section(d *model.Doc, h, end int, done map[int]bool) []corpus.Item {
	var out []corpus.Item
	topic := strings.TrimSpace(d.Blocks[h].Text)
	var items []int
	for j := h + 1; j < end; j++ {
		if b := &d.Blocks[j]; b.Kind == model.ListItem && (b.Parent == h || b.Parent >= 0 && d.Blocks[b.Parent].Kind != model.ListItem) {
			items = append(items, j)
		}
	}
	if len(items) > 0 {
		for j := h + 1; j < end; j++ {
			done[j] = true
		}
		for _, j := range items {
			out = append(out, parts(d, j, topic, srcOf(d, h, j))...)
		}
		return out
	}
	for j := h + 1; j < end; j++ {
		b := &d.Blocks[j]
		done[j] = true
		t := strings.TrimSpace(b.Text)
		if b.Kind == model.Heading || b.Kind == model.Table || t == "" || strings.HasSuffix(t, ":") || model.Words(t) < 4 {
			continue
		}
		if _, ps := model.SplitInline(t); len(ps) >= 2 {
			for _, x := range ps {
				out = append(out, rec(d, j, x.Text, topic, srcReport))
			}
			continue
		}
		out = append(out, rec(d, j, t, topic, srcOf(d, h, j)))
	}
	return out
}

// srcOf says whose recommendation a section's part is: this paper's, unless
// the section reports another body's ("It was strongly recommended …").
func srcOf(d *model.Doc, h, j int) string {
	t := d.Blocks[j].Text
	if recdThat.MatchString(t) && !askedTo.MatchString(t) {
		return srcExternal
	}
	return srcReport
}

// parts returns the recommendations of list item j: the item, or its
// sub-parts when it only leads into them.
func parts(d *model.Doc, j int, topic, source string) []corpus.Item {
	b := &d.Blocks[j]
	kids := d.Children(j)
	text := strings.TrimSpace(b.Text)
	// Paragraphs that carry the item on (not sub-parts) belong to it.
	for k := j + 1; k < d.End(j); k++ {
		if n := &d.Blocks[k]; n.Parent == j && n.Kind != model.ListItem {
			text += " " + strings.TrimSpace(n.Text)
		}
	}
	if len(kids) == 0 {
		if _, ps := model.SplitInline(text); len(ps) >= 2 {
			var out []corpus.Item
			for _, x := range ps {
				out = append(out, rec(d, j, x.Text, topic, source))
			}
			return out
		}
		return []corpus.Item{rec(d, j, text, topic, source)}
	}
	var out []corpus.Item
	if !strings.HasSuffix(text, ":") && !strings.HasSuffix(text, ":-") && model.Words(text) > 5 {
		out = append(out, rec(d, j, text, topic, source))
	}
	for _, k := range kids {
		out = append(out, parts(d, k, topic, source)...)
	}
	return out
}

// mayRecommend holds for text with a word askedTo or recdThat needs.
var mayRecommend = textscan.Fold("asked", "recommend", "requested", "invited")

// sentences reads the recommending sentences of block i.
func sentences(d *model.Doc, i int, p *model.Paper, done map[int]bool) []corpus.Item {
	b := &d.Blocks[i]
	text := strings.TrimSpace(b.Text)
	if !mayRecommend(text) || !askedTo.MatchString(text) && !recdThat.MatchString(text) {
		return nil
	}
	if p.Kind == model.MinutesPaper && !strings.Contains(text, "RECOMMENDED") {
		// Minutes report what was recommended; their decisions are read
		// as decisions. Only "RECOMMENDED to Council that …" is one.
		return nil
	}
	var out []corpus.Item
	topic := topicOf(d, i)
	sents, _ := model.Sentences(text)
	for k, s := range sents {
		src := ""
		switch {
		case askedTo.MatchString(s):
			src = srcReport
		case recdThat.MatchString(s):
			src = srcExternal
		default:
			continue
		}
		if strings.HasSuffix(s, ":") || strings.HasSuffix(s, ":-") {
			// It leads into a list: one item per part.
			if k == len(sents)-1 {
				if ps := listAfter(d, i, done); len(ps) > 0 {
					for _, j := range ps {
						out = append(out, parts(d, j, topic, src)...)
					}
					continue
				}
			}
		}
		if _, ps := model.SplitInline(s); len(ps) >= 2 {
			for _, x := range ps {
				out = append(out, rec(d, i, x.Text, topic, src))
			}
			continue
		}
		if strings.HasSuffix(s, ":") {
			continue // a lead-in with nothing after it
		}
		out = append(out, rec(d, i, s, topic, src))
	}
	return out
}

// listAfter returns the items of the list that block i leads into: its
// children, else the items of one list straight after it.
func listAfter(d *model.Doc, i int, done map[int]bool) []int {
	if kids := d.Children(i); len(kids) > 0 {
		for k := i + 1; k < d.End(i); k++ {
			done[k] = true
		}
		return kids
	}
	var out []int
	var first *model.Block
	for k := i + 1; k < len(d.Blocks); k++ {
		n := &d.Blocks[k]
		if n.Kind != model.ListItem {
			if n.Kind == model.Paragraph && len(out) > 0 && n.Parent == out[len(out)-1] {
				continue
			}
			break
		}
		if first == nil {
			first = n
		} else if !n.Marker.SameList(first.Marker) || n.Level < first.Level {
			break
		} else if n.Level > first.Level {
			continue
		}
		out = append(out, k)
		for x := k; x < d.End(k); x++ {
			done[x] = true
		}
	}
	return out
}

// tracker reads a tracker table: a recommendation column and a response
// column, one row per recommendation (or per numbered part of a row).
func tracker(d *model.Doc, i int) ([]corpus.Item, bool) {
	t := d.Blocks[i].Table
	recCol, respCol, statCol := -1, -1, -1
	for c, col := range t.Columns {
		h := strings.ToLower(col.Header)
		switch {
		case recCol < 0 && hdrRec.MatchString(h) && !strings.HasPrefix(h, "response"):
			recCol = c
		case respCol < 0 && hdrResp.MatchString(h):
			respCol = c
		case statCol < 0 && hdrStatus.MatchString(h):
			statCol = c
		}
	}
	if recCol < 0 {
		return actionLog(d, i)
	}
	if respCol < 0 {
		return nil, false
	}
	var out []corpus.Item
	lastTopic := ""
	// A table carried over from the page before may have its first
	// group's title left just above it.
	if i > 0 {
		if p := &d.Blocks[i-1]; p.Kind != model.Table && groupTitle(p.Text) && i > 1 && d.Blocks[i-2].Kind == model.Table {
			lastTopic = strings.TrimSpace(p.Text)
		}
	}
	for _, r := range t.Rows {
		if recCol >= len(r.Cells) {
			continue
		}
		cell := strings.TrimSpace(r.Cells[recCol])
		if cell == "" {
			continue
		}
		if groupRow(r.Cells) && groupTitle(cell) {
			// "Meeting of 6 February 2025 – Budget and Precept": a row
			// across the table naming the rows under it.
			lastTopic = cell
			continue
		}
		if r.Header {
			continue
		}
		resp := ""
		if respCol < len(r.Cells) {
			resp = strings.TrimSpace(strings.ReplaceAll(r.Cells[respCol], "\n", " "))
		}
		status := ""
		if statCol >= 0 && statCol < len(r.Cells) {
			status = strings.TrimSpace(strings.ReplaceAll(r.Cells[statCol], "\n", " "))
		}
		topic, recs := splitTrackerCell(cell)
		if topic == "" {
			// A row that carries on its topic's recommendations ("3. That
			// …" under "Local Criminal Justice Board").
			topic = lastTopic
		}
		lastTopic = topic
		for _, x := range recs {
			if x.topic != "" {
				topic, lastTopic = x.topic, x.topic
			}
			if !trackerRecText(x) {
				continue
			}
			it := corpus.Item{Kind: corpus.KindRecommendation, Text: x.text, Number: x.number, Topic: topic, Response: resp, Status: status, Source: srcTracker, Page: r.Page}
			out = append(out, it)
		}
	}
	return out, len(out) > 0
}

// trackerRecText reports whether a piece of a tracker's recommendation
// cell reads as a recommendation. The cell also carries what was said about
// it ("Actions include :- • The Chief Superintendent commented that …",
// "In terms of how outcomes were assessed the Chief Constable reported
// that …"), and a render that splits the table's rows across a page
// leaves fragments: a label ("Action"), a bullet, a clause carried on
// ("whether this operation would be repeated.").
func trackerRecText(x trackerRec) bool {
	t := strings.TrimSpace(x.text)
	if len(strings.Fields(t)) < 3 {
		return false
	}
	if x.number == "" {
		if r, _ := utf8.DecodeRuneInString(t); unicode.IsLower(r) {
			return false
		}
	}
	return recStart.MatchString(t) || !reportedSpeech.MatchString(t)
}

var (
	// reportedSpeech: someone reporting, not the panel recommending.
	reportedSpeech = regexp.MustCompile(`(?i)^.{0,80}?\b(?:commented|reported|said|stated|explained|advised|confirmed|added|replied|responded|referred\s+to)\b`)
	// recStart: the openings of a recommendation, which may go on to
	// report ("That the PCC reports that …").
	recStart = regexp.MustCompile(`(?i)^(?:that|to)\b`)
)

// actionLog reads an action log: an action column and a status or
// progress column, one row per action agreed at a meeting. Its rows are
// recommendations carried into action, with their progress, so that
// what became of a recommendation can be followed into it.
func actionLog(d *model.Doc, i int) ([]corpus.Item, bool) {
	t := d.Blocks[i].Table
	actCol, statCol, progCol, refCol := -1, -1, -1, -1
	for c, col := range t.Columns {
		h := strings.TrimSpace(strings.ToLower(col.Header))
		switch {
		case actCol < 0 && hdrAction.MatchString(h):
			actCol = c
		case statCol < 0 && hdrStatus.MatchString(h):
			statCol = c
		case progCol < 0 && hdrResp.MatchString(h):
			progCol = c
		case refCol < 0 && hdrRef.MatchString(h):
			refCol = c
		}
	}
	if actCol < 0 || statCol < 0 && progCol < 0 {
		return nil, false
	}
	topic := t.Caption
	if p := d.Blocks[i].Parent; p >= 0 && d.Blocks[p].Kind == model.Heading {
		topic = strings.TrimSpace(d.Blocks[p].Text)
	}
	cell := func(r model.Row, c int) string {
		if c < 0 || c >= len(r.Cells) {
			return ""
		}
		return strings.TrimSpace(strings.ReplaceAll(r.Cells[c], "\n", " "))
	}
	var out []corpus.Item
	for _, r := range t.Rows {
		action := cell(r, actCol)
		if r.Header || action == "" {
			continue
		}
		out = append(out, corpus.Item{Kind: corpus.KindRecommendation, Text: action, Number: cell(r, refCol), Topic: topic,
			Response: cell(r, progCol), Status: cell(r, statCol), Source: srcActionLog, Page: r.Page})
	}
	return out, len(out) > 0
}

// trackerRec is one recommendation of a tracker cell; topic is set when
// the cell names a new topic part-way down (two rows run together).
type trackerRec struct{ number, text, topic string }

// groupRow reports a row whose text is all in its first cell, or that
// has one cell spanning the table.
func groupRow(cells []string) bool {
	if len(cells) == 0 || strings.TrimSpace(cells[0]) == "" {
		return false
	}
	for _, c := range cells[1:] {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// groupTitle reports text that names a group of recommendations rather
// than making one: short, no full stop, not "That …".
func groupTitle(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" || model.Words(t) > 20 || model.Terminal(t) || recOpener.MatchString(t) {
		return false
	}
	if m, _ := model.ParseMarker(t); m.Valid() && !m.Weak {
		return false
	}
	return true
}

var recOpener = regexp.MustCompile(`(?i)^(?:that|to|the\s+panel\s+recommend)`)

// splitTrackerCell splits a tracker's recommendation cell into its topic
// (the words before its first recommendation: "Local Policing Model") and
// its recommendations: each numbered part, or each paragraph in the "That
// …"/"To …" form. Addressee lines ("To Panel Members", "To PCC") are not
// recommendations.
func splitTrackerCell(cell string) (topic string, out []trackerRec) {
	var lines []string
	for _, l := range strings.Split(cell, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		// "… previous year 1. That" over "the PCC/Chief Constable …": an
		// opener left at a line's end goes on with the next line.
		if n := len(lines); n > 0 && danglingOpener.MatchString(lines[n-1]) {
			lines[n-1] += " " + l
			continue
		}
		lines = append(lines, l)
	}
	// Where recommendations start in a line: a label, or "That"/"To".
	startAt := func(l string) int {
		if m, rest := model.ParseMarker(l); m.Valid() && !m.Weak && m.Style != model.Bullet && rest != "" {
			return 0
		}
		if loc := inlineLabel.FindStringIndex(l); loc != nil {
			return loc[0] + 1 // "Taxi Licensing … year 1. That the PCC …"
		}
		if loc := thatStart.FindStringIndex(l); loc != nil {
			if loc[0] == 0 {
				return 0
			}
			return loc[0] + 1
		}
		return -1
	}
	// The topic: a short first paragraph set apart, or what comes before
	// the first recommendation.
	var body []string
	if len(lines) > 1 && model.Words(lines[0]) <= 10 && !model.Terminal(lines[0]) && startAt(lines[0]) < 0 {
		topic, lines = lines[0], lines[1:]
		if startAt(lines[0]) < 0 {
			body = lines
		}
	}
	if body == nil && len(lines) > 0 && startAt(lines[0]) < 0 {
		// "Female Genital Mutilation Update on this would be helpful …":
		// a title in capitals run into a sentence.
		if t, rest, ok := titleRunIn(lines[0]); ok {
			topic, lines = t, append([]string{rest}, lines[1:]...)
			body = lines
		}
	}
	for k, l := range lines {
		if body != nil {
			break
		}
		at := startAt(l)
		if at < 0 {
			topic = strings.TrimSpace(topic + " " + l)
			continue
		}
		topic = strings.TrimSpace(topic + " " + l[:at])
		body = append([]string{l[at:]}, lines[k+1:]...)
		break
	}
	if body == nil || model.Words(topic) > 15 {
		return "", []trackerRec{{"", strings.Join(strings.Fields(strings.Join(lines, " ")), " "), ""}}
	}
	// Units: a new one at each label, or at a line in the "That" form.
	var cur *trackerRec
	newTopic := ""
	for k, l := range body {
		m, rest := model.ParseMarker(l)
		switch {
		case k > 0 && len(out) > 0 && cellTitle(l) && !addressee.MatchString(l):
			// "Complaints Sub-Committee" after the last part of the row
			// above: the next row's topic, run into this cell.
			newTopic, cur = l, nil
			continue
		case m.Valid() && !m.Weak && rest != "":
			if m.Style == model.Bullet {
				m.Number = ""
			}
			out = append(out, trackerRec{m.Number, rest, newTopic})
			cur, newTopic = &out[len(out)-1], ""
		case strings.HasPrefix(l, "That ") || strings.HasPrefix(l, "To ") && model.Words(l) > 4:
			out = append(out, trackerRec{"", l, newTopic})
			cur, newTopic = &out[len(out)-1], ""
		case addressee.MatchString(l):
			cur = nil // "To PCC": whom the next recommendations are to
		case cur != nil:
			cur.text += " " + l
		default:
			out = append(out, trackerRec{"", l, newTopic})
			cur, newTopic = &out[len(out)-1], ""
		}
	}
	// A numbered unit that runs into the next number: "1. That … 2. That …"
	// set as one paragraph.
	for k := 0; k < len(out); k++ {
		u := out[k]
		if !isNumber(u.number) {
			continue
		}
		next := itoa(atoi(u.number) + 1)
		re := regexp.MustCompile(`\s` + next + `[.)]\s+`)
		if loc := re.FindStringIndex(u.text); loc != nil {
			out[k].text = strings.TrimSpace(u.text[:loc[0]])
			rest := trackerRec{next, strings.TrimSpace(u.text[loc[1]:]), ""}
			out = append(out[:k+1], append([]trackerRec{rest}, out[k+1:]...)...)
		}
	}
	// Inline parts of a single unit.
	if len(out) == 1 {
		if _, ps := model.SplitInline(out[0].text); len(ps) >= 2 {
			out = out[:0]
			for _, x := range ps {
				out = append(out, trackerRec{x.Marker.Number, x.Text, ""})
			}
		}
	}
	return topic, out
}

var (
	danglingOpener = regexp.MustCompile(`(?:^|\s)(?:That|To|\d{1,2}[.)])$`)
	inlineLabel    = regexp.MustCompile(`\s\d{1,2}[.)]\s+(?:That|To)\s`)
	titleWords     = regexp.MustCompile(`^((?:[A-Z][\w’'-]*\s+){1,5}?)([A-Z][a-z]+(?:\s+[a-z][\w’'-]*){3,}.*)$`)
)

// titleRunIn splits "Female Genital Mutilation Update on this would be
// helpful …" into its title and its sentence: capitalised words, then a
// capitalised word opening a run of lower-case ones.
func titleRunIn(l string) (title, rest string, ok bool) {
	m := titleWords.FindStringSubmatch(l)
	if m == nil || model.Words(m[1]) < 2 {
		return "", "", false
	}
	return strings.TrimSpace(m[1]), m[2], true
}

// cellTitle reports a line of a tracker cell that names a topic: short,
// in title case, not a sentence, not a part.
func cellTitle(l string) bool {
	if model.Words(l) > 6 || model.Terminal(l) || strings.HasSuffix(l, ":") || thatStart.MatchString(l) {
		return false
	}
	if m, _ := model.ParseMarker(l); m.Valid() {
		return false
	}
	caps, n := 0, 0
	for _, w := range strings.Fields(l) {
		switch strings.ToLower(w) {
		case "of", "and", "the", "for", "on", "in", "–", "-", "&":
			continue
		}
		n++
		if r := []rune(w)[0]; r >= 'A' && r <= 'Z' {
			caps++
		}
	}
	return n > 0 && caps == n
}

// addressee is a line naming whom a tracker's recommendations are for.
var addressee = regexp.MustCompile(`(?i)^to\s+(?:the\s+)?(?:[\w&]+\s*){1,3}$`)

func isNumber(s string) bool {
	if s == "" || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
