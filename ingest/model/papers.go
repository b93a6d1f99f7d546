package model

import (
	"regexp"
	"sort"
	"strings"

	"panelpapers/ingest/internal/textscan"
)

// PaperKind is what one paper of a file is.
type PaperKind uint8

const (
	OtherPaper PaperKind = iota
	AgendaPaper
	MinutesPaper
	ReportPaper
	DecisionPaper // a record of a decision taken by one person or a meeting
	QuestionsPaper
)

var paperNames = [...]string{"other", "agenda", "minutes", "report", "decision", "questions"}

func (k PaperKind) String() string { return paperNames[k] }

// Paper is one paper of a file — a pack holds a front sheet (the agenda),
// the minutes of the last meeting and the reports — as a range of blocks.
type Paper struct {
	Kind       PaperKind
	Start, End int // blocks [Start, End)
	// Head is the block that announced the paper ("AGENDA", "Minutes of a
	// meeting of …", "Report to …"); -1 when the paper has none.
	Head int
}

// midPages is a page range printed after an agenda item's title, with
// its description run on after it.
var midPages = regexp.MustCompile(`\s\d{1,3}\s?[-–]\s?\d{1,3}\s+[A-Z]`)

var (
	agendaStart = regexp.MustCompile(`(?i)^(?:(?:summons\s+to\s+and\s+)?agenda(?:\s+(?:and\s+reports?|for|of)\b.*)?|a\s?g\s?e\s?n\s?d\s?a|agenda\s+items?|order\s+of\s+business|notice\s+of\s+(?:the\s+)?meeting.*|you\s+are\s+(?:hereby\s+)?summoned\b.*)[:.]?$`)
	summoned    = textscan.Guard(regexp.MustCompile(`(?i)\b(?:you\s+are\s+(?:hereby\s+)?(?:summoned|requested|invited)\s+to\s+attend|summons\s+to\s+(?:and\s+agenda|attend)|will\s+be\s+held\b.*\bto\s+(?:deal\s+with|transact|consider)\s+the\s+following\s+business)|^a\s+meeting\s+of\s+(?:the\s+)?[\w ,&'-]{3,80}\s+will\s+be\s+held\b`),
		textscan.Or(textscan.Phrase("to", "attend"), textscan.Phrase("summons", "to"), textscan.Phrase("will", "be", "held")))
	// "PRESENT:" opening a set of minutes that has no "Minutes" heading.
	presentLabel = regexp.MustCompile(`(?i)^(?:\([^)]*\)\s*)?(?:members\s+)?present\s*:?$`)
	// "… held their meeting on …", "… PRESENT": the opening of minutes that
	// carry no "Minutes" heading (a community council's).
	heldMeeting   = regexp.MustCompile(`(?i)\bheld\s+(?:their|its)\s+(?:\w+\s+)?meeting\b|\bPRESENT:?$`)
	minutesInside = regexp.MustCompile(`(?i)\bminutes\s+of\s+(?:a|an|the)\s+(?:\w+\s+)?meeting\b`)
	formLabel     = regexp.MustCompile(`(?i)^(?:(?:proposed\s+)?record\s+of\s+(?:executive\s+|officer\s+|key\s+)?decision|decision\s+(?:no|number|ref)\b\.?|key\s+decision\s+(?:no|number)\b)`)
	minutesStart  = regexp.MustCompile(`(?i)^(?:(?:draft\s+|unconfirmed\s+|confirmed\s+|approved\s+|printed\s+)?(?:minutes|notes|record)\s+of\s+(?:a|an|the)\b.*|(?:draft\s+|unconfirmed\s+)?minutes|(?:meeting\s+|action\s+)notes|record\s+of\s+(?:the\s+)?decisions?\b.*|decision\s+notice|notes\s+of\s+(?:the\s+)?meeting\b.*)$`)
	appendixHead  = regexp.MustCompile(`(?i)^(?:appendix|annex|annexe)\s+[a-z0-9]{1,3}\b`)
	// "Paper C", "Agenda Item 6" alone on a line label a paper however
	// they are set.
	// A body's name run into the minutes' title in one block.
	mastheadMinutes = textscan.Guard(regexp.MustCompile(`(?i)^(?:[\w&'’,.-]+\s+){1,8}(?:panel|council|committee|board|cabinet|authority)\s+(?:record\s+of\s+(?:the\s+)?decisions|minutes)\s+of\s+(?:the|a)\s+meeting\b`),
		textscan.All(textscan.Fold("meeting"), textscan.Fold("minutes", "decisions")))
	paperLabel   = regexp.MustCompile(`(?i)^(?:paper\s+[a-z0-9]{1,2}|(?:agenda\s+)?item\s+\d{1,3}[a-z]?)$`)
	reportStart  = regexp.MustCompile(`(?i)^(?:(?:(?:agenda\s+)?item\s+\d{1,3}[a-z]?|paper\s+[a-z0-9]{1,2}|appendix\s+[a-z0-9]{1,3})$|report\s+(?:to|of|by|for)\b|(?:[a-z]+\s+){0,6}report\s+to\s+(?:the\s+)?|title\s*(?:of\s+report)?\s*:|subject\s*:|purpose\s+of\s+(?:the\s+)?report|executive\s+summary$|appendix\s+[a-z0-9]+\b|annex\s+[a-z0-9]+\b|office\s+of\s+the\s+police\b)`)
	decisionForm = textscan.Guard(regexp.MustCompile(`(?i)\b(?:record\s+of\s+(?:executive\s+|officer\s+|key\s+)?decision|proposed\s+record\s+of\s+decision|decision\s+(?:no|number|ref)\b\.?|key\s+decision\s+(?:no|number)\b)`),
		textscan.Fold("decision"))
	questionsStart = regexp.MustCompile(`(?i)^(?:(?:(?:agenda\s+)?item\s+\d{1,3}[a-z]?\s*[:.–-]\s*)?(?:(?:members'?|public|written)\s+)?questions?\s+(?:put|asked|submitted|received|and\s+answers?)\b|questions\s+to\s+(?:the\s+)?(?:leader|cabinet|executive))`)
	blankPage      = regexp.MustCompile(`(?i)^this\s+page\s+(?:is\s+)?(?:has\s+been\s+)?(?:intentionally|deliberately)\s+(?:left\s+)?blank\.?$`)
)

// paperStart is where a paper starts: its first block (the top of its
// page) and the block that announced it.
type paperStart struct {
	at, head int
	kind     PaperKind
}

// findPapers cuts the document into papers. A paper starts at the top of a
// page (or of the file) whose first blocks announce it: an agenda heading or
// a summons, a minutes heading, a report's header ("Report to", "From: …
// To: … Subject:"), a record of decision, a questions paper. Everything up
// to the next paper's start belongs to it. A file with no announced paper
// is one paper of its own kind, a report when it has a title.
func findPapers(d *Doc) []Paper {
	var starts []paperStart
	pageTop := -1
	page := 0
	lastKind := OtherPaper
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Page != page {
			page, pageTop = b.Page, i
		}
		kind, ok := announces(d, i)
		if !ok {
			continue
		}
		if kind == ReportPaper && lastKind == ReportPaper && appendixHead.MatchString(strings.TrimSpace(b.Text)) {
			continue // a report's appendix is part of the report
		}
		at := pageTop
		if i-pageTop > 6 && d.HasBoxes && len(starts) > 0 {
			// Mid-page, only a prominent heading, or a heading after a
			// blank-page note or a signature, starts a paper (renderers
			// that ignore page breaks run papers on).
			prev := &d.Blocks[i-1]
			headerTable := b.Kind == Table && kind != OtherPaper
			opensMinutes := headerTable || kind == MinutesPaper && (strings.HasPrefix(strings.ToLower(strings.TrimSpace(b.Text)), "minutes of") || mastheadMinutes.MatchString(strings.TrimSpace(b.Text)))
			if !(b.Kind == Heading && b.Level <= 3 || opensMinutes || BlankPage(prev.Text) || signature.MatchString(strings.TrimSpace(prev.Text))) {
				continue
			}
			at = i
			for at > pageTop && d.Blocks[at-1].Kind == Heading && !signature.MatchString(strings.TrimSpace(d.Blocks[at-1].Text)) {
				at--
			}
		}
		for j := i - 1; j >= at; j-- {
			if t := strings.TrimSpace(d.Blocks[j].Text); BlankPage(t) || signature.MatchString(t) {
				at = j + 1
				break
			}
		}
		// The paper's masthead is the headings and short lines just above
		// the announcement; text above them belongs to the paper before
		// (renderers that ignore page breaks run papers on).
		if at < i && len(starts) > 0 {
			j := i
			for j > at && masthead(&d.Blocks[j-1]) {
				j--
			}
			at = j
		}
		if !d.HasBoxes {
			at = i // one HTML page: start where it is announced
			for j := i - 1; j >= 0 && j >= i-3 && d.Blocks[j].Kind == Heading; j-- {
				at = j
			}
		}
		if len(starts) > 0 {
			last := &starts[len(starts)-1]
			samePlace := d.Blocks[last.head].Page == b.Page
			if !d.HasBoxes {
				samePlace = i-last.head <= 8
			}
			if last.at == at || (last.kind == kind && kind != ReportPaper) && samePlace {
				// The same paper announced twice on its first page
				// ("AGENDA" over "You are summoned").
				if last.kind == OtherPaper || last.kind == ReportPaper && kind != ReportPaper {
					last.kind, last.head = kind, i
				}
				continue
			}
			if kind == ReportPaper && last.kind == ReportPaper && samePlace {
				continue
			}
		}
		starts = append(starts, paperStart{at: at, head: i, kind: kind})
		lastKind = kind
	}
	if len(starts) > 0 && d.HasBoxes {
		announced := starts
		var extra []paperStart
		for _, u := range append(unannounced(d, starts[0].at), agendaTitled(d, announced)...) {
			near := false
			for _, a := range announced {
				if u.at >= a.at-8 && u.at <= a.head+8 {
					near = true
				}
			}
			if !near {
				extra = append(extra, u)
			}
		}
		starts = append(append([]paperStart(nil), announced...), extra...)
		sort.SliceStable(starts, func(a, b int) bool { return starts[a].at < starts[b].at })
		// A title repeated at the top of each page is a running head, not
		// a paper per page.
		kept := starts[:0]
		for k, st := range starts {
			if k > 0 && st.kind == kept[len(kept)-1].kind && sameOpening(d, st.head, kept[len(kept)-1].head) {
				continue
			}
			kept = append(kept, st)
		}
		starts = kept
	}
	var out []Paper
	if len(starts) == 0 || starts[0].at > 0 {
		end := len(d.Blocks)
		if len(starts) > 0 {
			end = starts[0].at
		}
		kind := OtherPaper
		if len(starts) == 0 {
			kind = guessKind(d)
		}
		out = append(out, Paper{Kind: kind, Start: 0, End: end, Head: -1})
	}
	for k, s := range starts {
		end := len(d.Blocks)
		if k+1 < len(starts) {
			end = starts[k+1].at
		}
		out = append(out, Paper{Kind: s.kind, Start: s.at, End: end, Head: s.head})
	}
	return out
}

// announces reports whether block i opens a paper, and of which kind.
func announces(d *Doc, i int) (PaperKind, bool) {
	b := &d.Blocks[i]
	text := strings.TrimSpace(b.Text)
	if b.Marker.Valid() {
		return OtherPaper, false // an item of a list: "12. Report of the Complaints Sub-Committee"
	}
	if b.Kind == Table {
		// A report's header table: "From: … To: … Subject: …", or a
		// decision form's.
		labels, form := 0, false
		for _, r := range b.Table.Rows {
			if len(r.Cells) == 0 {
				continue
			}
			if formLabel.MatchString(flatten(r.Cells[0])) {
				form = true
				continue
			}
			if reportField.MatchString(r.Cells[0]) && !formLabel.MatchString(r.Cells[0]) {
				labels++
			}
		}
		// "From: … To: … Subject: … Decision no: …" is a report that
		// carries its decision's number; a form with the number and
		// little else records the decision.
		switch {
		case labels >= 3 || labels >= 2 && !form:
			return ReportPaper, true
		case form:
			return DecisionPaper, true
		}
		return OtherPaper, false
	}
	if Words(text) > 40 {
		if summoned.MatchString(text) {
			return AgendaPaper, true
		}
		// A long block may open with the announcement: "Minutes of the
		// meeting held on … Present: …" run together.
		if len(b.Lines) > 0 && minutesStart.MatchString(b.Lines[0].Text) && strings.HasPrefix(strings.ToLower(b.Lines[0].Text), "minutes of") {
			return MinutesPaper, true
		}
		return OtherPaper, false
	}
	if mastheadMinutes.MatchString(text) {
		return MinutesPaper, true // "North Wessex Police and Crime Panel Record of decisions of the meeting held …"
	}
	if presentLabel.MatchString(text) && (b.Kind == Heading || b.Style.Bold || b.Style.Caps || strings.Contains(text, "PRESENT")) {
		return MinutesPaper, true
	}
	if mayHold(text) && heldMeeting.MatchString(text) {
		return MinutesPaper, true
	}
	prominent := b.Kind == Heading || b.Style.Bold || b.Style.Caps || d.BodySize > 0 && b.Style.Size >= d.BodySize*1.15
	switch {
	case agendaMinutes.MatchString(text) && prominent:
		return MinutesPaper, true // a meeting page: "Agenda and minutes"
	case agendaStart.MatchString(strings.TrimRight(text, "*")) && (prominent || Words(text) <= 3):
		return AgendaPaper, true
	case summoned.MatchString(text):
		return AgendaPaper, true
	case b.Kind == Heading && minutesInside.MatchString(text):
		return MinutesPaper, true // "Audit Committee Minutes of the meeting held on …"
	case minutesStart.MatchString(text) && (prominent || strings.HasPrefix(text, "MINUTES") || strings.HasPrefix(text, "Minutes of a") || strings.HasPrefix(text, "Minutes of the") || strings.HasPrefix(text, "Record of decisions")):
		// "Record of decisions of the meeting held on …" minutes a
		// meeting; "Record of decision" with a decision number is one
		// decision-maker's form.
		if formLabel.MatchString(text) && !strings.Contains(strings.ToLower(text), "meeting") {
			return DecisionPaper, true
		}
		return MinutesPaper, true
	case Words(text) <= 12 && decisionForm.MatchString(text):
		return DecisionPaper, true
	case prominent && questionsStart.MatchString(text):
		return QuestionsPaper, true
	case reportStart.MatchString(text) && (prominent || reportField.MatchString(text) || paperLabel.MatchString(text)):
		return ReportPaper, true
	}
	return OtherPaper, false
}

// unannounced finds the papers of a pack that start with no header: a
// heading at the top of a page, after a page that stopped well short of
// the bottom (a hard page break) or was left blank. Only packs (files where
// some paper announced itself) are cut this way: in a single report, a
// section that starts a page is still the same report.
func unannounced(d *Doc, from int) []paperStart {
	bottom := map[int]float64{} // each page's lowest baseline
	first := map[int]int{}      // each page's first block
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if _, ok := first[b.Page]; !ok {
			first[b.Page] = i
		}
		for _, l := range b.Lines {
			if l.Y > bottom[l.Page] {
				bottom[l.Page] = l.Y
			}
		}
	}
	var bottoms []float64
	for _, y := range bottom {
		bottoms = append(bottoms, y)
	}
	sort.Float64s(bottoms)
	if len(bottoms) < 3 {
		return nil
	}
	usual := bottoms[len(bottoms)*9/10]
	var out []paperStart
	for i := from + 1; i < len(d.Blocks); i++ {
		b := &d.Blocks[i]
		prevText := strings.TrimSpace(d.Blocks[i-1].Text)
		if b.Marker.Valid() || Words(b.Text) > 20 || strings.HasSuffix(strings.TrimSpace(b.Text), ":") {
			continue // "Primary School Commissioning Intentions:" leads into its table
		}
		if b.Kind != Heading && !(b.Kind == Paragraph && titleLike(b.Text) && (BlankPage(prevText) || first[b.Page] == i)) {
			continue
		}
		pageTop := first[b.Page] == i
		start := false
		switch {
		case pageTop:
			// After a page that stopped well short of the bottom, or
			// was left blank.
			prev := b.Page - 1
			pi, had := first[prev]
			start = !had || bottom[prev] < 0.75*usual || BlankPage(d.Blocks[pi].Text) || BlankPage(prevText)
		case BlankPage(prevText) || signature.MatchString(prevText):
			start = true
		case d.BodySize > 0 && b.Style.Size >= 1.5*d.BodySize:
			start = true // a title set far larger than the text
		}
		if !start && (pageTop || signature.MatchString(prevText)) && i+1 < len(d.Blocks) {
			// A titled table: a tracker, a work programme.
			if n := d.Blocks[i+1]; n.Kind == Table && len(n.Table.Columns) >= 2 {
				start = true
			}
		}
		if start {
			kind := ReportPaper
			if attendanceNear(d, i) {
				// "(19:28 TO 20:24) PRESENT: …" under the title: a note of
				// a meeting, not a report.
				kind = OtherPaper
			}
			out = append(out, paperStart{at: i, head: i, kind: kind})
		}
	}
	return out
}

// sameOpening reports two paper starts whose first two blocks read the
// same: a title and the header under it repeated on each page, not a
// masthead two papers share.
func sameOpening(d *Doc, a, b int) bool {
	if d.Blocks[a].Kind == Table || a+1 >= len(d.Blocks) || b+1 >= len(d.Blocks) {
		return false
	}
	head := func(i int) string {
		t := Fold(d.Blocks[i].Text)
		if len(t) > 60 {
			t = t[:60]
		}
		return t
	}
	pa, pb := d.Blocks[a].Page, d.Blocks[b].Page
	return head(a) == head(b) && head(a+1) == head(b+1) && (pa == pb+1 || pb == pa+1)
}

// attendanceNear reports an attendance label in the blocks just after i.
func attendanceNear(d *Doc, i int) bool {
	for j := i + 1; j < len(d.Blocks) && j <= i+3; j++ {
		b := &d.Blocks[j]
		if b.Kind == Table && len(b.Table.Rows) > 0 && len(b.Table.Rows[0].Cells) > 0 {
			if presentLabel.MatchString(flatten(b.Table.Rows[0].Cells[0])) {
				return true
			}
			continue
		}
		if presentLabel.MatchString(strings.TrimSpace(b.Text)) {
			return true
		}
	}
	return false
}

// signature matches the line that closes minutes or a report.
var signature = regexp.MustCompile(`(?i)^(?:signed\b.*|chair(?:man|person|woman)?\.?|\.{4,}.*|…+.*|date[d]?\s*:?\s*[.…_]*)$`)

// masthead reports a block that can head a paper: a heading, or a short
// line that is not a sentence.
func masthead(b *Block) bool {
	return b.Kind == Heading || b.Kind == Paragraph && titleLike(b.Text) && !b.Marker.Valid()
}

// titleLike reports a short line that reads as a title: capitalised, a few
// words, not a sentence.
func titleLike(s string) bool {
	s = strings.TrimSpace(s)
	n := Words(s)
	if n == 0 || n > 15 || Terminal(s) || strings.HasSuffix(s, ":") || startsLower(s) || BlankPage(s) {
		return false
	}
	return HasLetter(s)
}

// agendaTitled finds the papers of a pack that carry no header but are
// titled as an item of the pack's agenda ("13. Recommendation Monitoring"
// on the front sheet, "Panel Recommendation Monitoring" over its table).
func agendaTitled(d *Doc, announced []paperStart) []paperStart {
	var titles []string
	agendaEnd := -1
	for k, a := range announced {
		if a.kind != AgendaPaper {
			continue
		}
		end := len(d.Blocks)
		if k+1 < len(announced) {
			end = announced[k+1].at
		}
		agendaEnd = end
		for i := a.at; i < end; i++ {
			b := &d.Blocks[i]
			if !b.Marker.Valid() || b.Marker.Style == Bullet {
				continue
			}
			t := b.Text
			if len(b.Lines) > 1 && b.Lines[1].X > b.Lines[0].X+3 {
				t = b.Lines[0].Text
			}
			if loc := midPages.FindStringIndex(t); loc != nil {
				t = t[:loc[0]] // "Recommendation Monitoring 67 - 76 Response to …"
			}
			t = strings.TrimRight(trailingPages.ReplaceAllString(t, ""), "* ")
			if f := Fold(t); Words(f) >= 2 && len(f) >= 10 && !procedural.MatchString(f) {
				titles = append(titles, f)
			}
		}
		break
	}
	if len(titles) == 0 {
		return nil
	}
	inMinutes := func(i int) bool {
		for k, a := range announced {
			end := len(d.Blocks)
			if k+1 < len(announced) {
				end = announced[k+1].at
			}
			if a.kind == MinutesPaper && i >= a.at && i < end {
				return true
			}
		}
		return false
	}
	var out []paperStart
	for i := max(agendaEnd, 0); i < len(d.Blocks); i++ {
		b := &d.Blocks[i]
		if b.Marker.Valid() || b.Kind == Table || b.Kind == ListItem || !(b.Kind == Heading || titleLike(b.Text)) || inMinutes(i) {
			continue
		}
		f := Fold(b.Text)
		for _, t := range titles {
			if strings.Contains(f, t) && len(f) < 3*len(t)+20 {
				out = append(out, paperStart{at: i, head: i, kind: ReportPaper})
				break
			}
		}
	}
	return out
}

var (
	trailingPages = regexp.MustCompile(`(?i)\s*\(?(?:pages?|pp\.?)?\s*\d+\s*[-–]\s*\d+\)?\s*$`)
	procedural    = regexp.MustCompile(`(?i)^(?:apologies|declarations?|(?:approval of )?(?:the )?minutes|public (?:question|forum|participation)|date (?:and time )?of (?:the )?next|any other (?:urgent )?business|chairman'?s? announcements|urgent business|exclusion of)`)
)

var agendaMinutes = regexp.MustCompile(`(?i)^(?:agenda,?\s+(?:decisions\s+)?and\s+(?:draft\s+)?minutes|minutes\s+and\s+agenda)$`)

// reportField matches the labels of a report's header: "From:", "To:",
// "Subject:", "Date:", "Author:", "Report of:", "Classification:".
var reportField = regexp.MustCompile(`(?i)^(?:(?:from|to|subject|date|author|report\s+(?:of|by|author)|classification|status|decision\s+(?:no|number)|key\s+decision|wards?|electoral\s+divisions?|contact\s+officer|purpose|summary|title)\s*:?$|(?:from|to|subject|date|author|title)\s*:)`)

// mayHold holds for text with a word heldMeeting needs.
func mayHold(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "held") || strings.Contains(l, "present")
}

// PaperAt returns the paper holding block i.
func (d *Doc) PaperAt(i int) *Paper {
	for k := range d.Papers {
		if p := &d.Papers[k]; i >= p.Start && i < p.End {
			return p
		}
	}
	return nil
}

// BlankPage reports "This page is intentionally left blank".
func BlankPage(text string) bool { return blankPage.MatchString(strings.TrimSpace(text)) }

// guessKind decides what an unannounced paper is from its main headings:
// a paper whose numbered headings are the business of a meeting
// (apologies, declarations, minutes, any other business…) is minutes when
// its items carry text, an agenda when they do not; anything else is a
// report.
func guessKind(d *Doc) PaperKind {
	business, items, words := 0, 0, 0
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if !b.Marker.Valid() || b.Marker.Style == Bullet || b.Kind != Heading && !(b.Kind == ListItem && b.Level == 0) {
			continue
		}
		items++
		if procedural.MatchString(Fold(b.Text)) || businessTitle.MatchString(Fold(b.Text)) {
			business++
		}
		words += Words(b.Text)
		for j := i + 1; j < len(d.Blocks) && !d.Blocks[j].Marker.Valid() && d.Blocks[j].Kind != Heading; j++ {
			words += Words(d.Blocks[j].Text)
		}
	}
	if business < 2 || items == 0 {
		return ReportPaper
	}
	if words/items > 15 {
		return MinutesPaper
	}
	return AgendaPaper
}

var businessTitle = regexp.MustCompile(`(?i)^(?:welcome|matters\s+arising|correspondence|planning|accounts\s+for\s+payment|financial\s+(?:report|requests)|to\s+confirm\s+the\s+minutes|police\s+report|chairman'?s?\s+(?:report|announcements)|clerk'?s?\s+report)`)
