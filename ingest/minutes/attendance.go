package minutes

import (
	"regexp"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/model"
)

var (
	// An attendance label, alone or followed by its list.
	attendanceRe = regexp.MustCompile(`(?i)^#*\s*(members\s+present|councillors\s+present|present|officers\s+present|officers\s+in\s+attendance|officers|others\s+present|also\s+present|also\s+in\s+attendance|in\s+attendance(?:\s+virtually|\s+remotely|\s+online)?|panel\s+support|public|members\s+of\s+the\s+public|apologies(?:\s+for\s+absence)?(?:\s+(?:were|was|had\s+been)\s+(?:received|submitted|tendered|given|reported))?(?:\s+from)?|absent)\b\s*(?:[:\t–-]\s*|\s+)?(.*)$`)
	// "Apologies were received from Mrs C Bell."
	apologiesRe = regexp.MustCompile(`(?i)\bapologies(?:\s+for\s+absence)?(?:\s+(?:were|had\s+been|was))?(?:\s+(?:received|submitted|tendered|given|reported))?(?:\s+from)?\s*[:–-]?\s+(.+)`)
	honorific   = regexp.MustCompile(`^(?i:(?:county\s+|borough\s+|district\s+|town\s+|parish\s+|community\s+)?(?:councillors?|cllrs?)\.?|mr|mrs|ms|miss|dr|prof|professor|sir|dame|lady|lord|rev|reverend)\.?\s+`)
	parenRe     = regexp.MustCompile(`\(([^()]*)\)`)
	roleWords   = regexp.MustCompile(`(?i)\b(?:chair|chairman|chairperson|chairwoman|vice|member|officer|director|commissioner|executive|head|manager|clerk|leader|mayor|analyst|constable|counsel|accountant|lead|secretary|treasurer|adviser|advisor|solicitor|deputy|superintendent|inspector|portfolio|cabinet|monitoring|scrutiny|auditor|controller|coordinator|co-ordinator|representative|observer|minute taker|governance|services|strategic|planning|legal|democratic)\b`)
	orgWords    = regexp.MustCompile(`(?i)\b(?:council|police|office|unit|authority|service|commission|trust|board|association|partnership|team|department|directorate|agency|ltd|limited|plc|group|university|college|nhs|fire|ofpcc|opcc)\b`)
	leadRole    = regexp.MustCompile(`^(?i:(vice[- ]chair(?:man|person)?|chair(?:man|person|woman)?|mayor|deputy mayor|leader))\s+`)
	// "Councillor X declared a personal interest in …"
	declaredRe = textscan.Guard(regexp.MustCompile(`(?i)^(.{2,160}?)\s+(?:declared|declares|registered|disclosed|indicated)\s+(?:an?\s+|their\s+|his\s+|her\s+)?((?:[\w'-]+\s+){0,5}interests?\b.*)$`),
		textscan.Fold("declare", "registered", "disclosed", "indicated"))
	// "The following declared interest in …: Cllr A (x, y) Cllr B (z)".
	followingDeclared = regexp.MustCompile(`(?i)^the\s+following\s+(?:again\s+)?declared\s+(?:an?\s+)?interests?\b[^:]*:\s*(.+)$`)
	noDeclarations    = regexp.MustCompile(`(?i)^(?:(?:there\s+were\s+)?no\s+(?:declarations|interests|disclosures)|none\b|nil\b)`)
	declarationsTitle = textscan.Guard(regexp.MustCompile(`(?i)\b(?:declarations?|disclosures?)\s+of\s+(?:members'?\s+|pecuniary\s+|disclosable\s+)?interests?|\binterests?\s+declared|\bdeclarations?\b`),
		textscan.Fold("declar", "disclos", "interest"))
)

// attendanceLabel reads an attendance label: the status it sets and the
// list that follows it.
func attendanceLabel(t string) (status, rest string, ok bool) {
	t = strings.TrimSpace(t)
	if lead := leadingNote.FindString(t); lead != "" {
		t = t[len(lead):] // "(19:15 TO 19:25) PRESENT:": the times the members sat
	}
	m := attendanceRe.FindStringSubmatch(t)
	if m == nil {
		return "", "", false
	}
	label := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
	rest = strings.TrimSpace(m[2])
	if after := strings.TrimLeft(t[len(m[1]):], " \t"); strings.HasSuffix(label, "public") &&
		!strings.HasPrefix(after, ":") && !strings.HasPrefix(after, "–") && !strings.HasPrefix(after, "-") {
		return "", "", false // "Public Forum:", "Public Question Time": a minute, not a list
	}
	switch {
	case strings.HasPrefix(label, "apolog") || label == "absent":
		status = "apologies"
	case strings.HasPrefix(label, "officer") || strings.HasPrefix(label, "in attendance") || strings.HasPrefix(label, "panel support"):
		status = "officer"
	case strings.HasPrefix(label, "others") || strings.HasPrefix(label, "also") || strings.HasPrefix(label, "public") || strings.HasPrefix(label, "members of the public"):
		// "Also in attendance: the Police and Crime Commissioner, …";
		// "Public – Mr Dave Tuffery": people at the meeting who are
		// neither its members nor its officers (an officer among them
		// is told by the post: see people).
		status = "other"
	default:
		status = "present"
	}
	// A sentence that only starts with the word ("Present to get
	// feedback…", "Apologies for the delay") is not a label.
	if rest != "" && !strings.ContainsAny(t[:min(len(t), len(m[1])+3)], ":\t–-") && !strings.HasPrefix(status, "apolog") {
		if r := []rune(rest)[0]; unicode.IsLower(r) || strings.HasPrefix(strings.ToLower(rest), "to ") {
			return "", "", false
		}
	}
	return status, rest, true
}

// leadingNote is a bracketed note before an attendance label.
var leadingNote = regexp.MustCompile(`^\([^()]{1,60}\)\s*`)

// apologiesFrom finds the list in a sentence that reports apologies.
var apologiesFrom = regexp.MustCompile(`(?i)\bapologies\s+(?:for\s+absence\s+)?(?:were\s+|had\s+been\s+|was\s+)?(?:received\s+|submitted\s+|tendered\s+|given\s+|reported\s+)?from\s+(.+)`)

// inlineLabel finds an attendance label with its colon inside a
// paragraph.
var inlineLabel = regexp.MustCompile(`(?i)\b(?:(?:members\s+present|councillors\s+present|present|officers\s+present|officers\s+in\s+attendance|officers|others\s+present|also\s+present|also\s+in\s+attendance|in\s+attendance|panel\s+support|apologies(?:\s+for\s+absence)?)\s*:|(?:members\s+of\s+the\s+)?public\s*[:–-]\s)`)

// inlineLabels cuts a paragraph at the attendance labels inside it; the
// text before the first belongs to none.
func inlineLabels(text string) []string {
	locs := inlineLabel.FindAllStringIndex(text, -1)
	var out []string
	for k, loc := range locs {
		end := len(text)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		out = append(out, strings.TrimSpace(text[loc[0]:end]))
	}
	return out
}

func attendanceStart(t string) bool {
	_, _, ok := attendanceLabel(strings.TrimSpace(t))
	return ok
}

// attendees reads the attendance of a set of minutes: the labelled lists
// in its header and in its apologies minute, and attendance tables.
func (s *set) attendees() []corpus.Item {
	var out []corpus.Item
	d := s.d
	for j := s.p.Start; j < s.p.End; j++ {
		b := &d.Blocks[j]
		inHeader := j < s.first
		m := s.minuteOf(j)
		if b.Kind == model.Table && inHeader {
			found := s.attendanceTable(j)
			if len(found) == 0 {
				var status string
				found, status = s.labelledRows(j)
				// The last row's list carries on below the table, where
				// the layout cut it.
				for status != "" && j+1 < s.first {
					n := &d.Blocks[j+1]
					if n.Kind != model.Paragraph || attendanceStart(n.Text) || !nameList(n.Text) && !postList(n.Text) {
						break
					}
					found = append(found, people(n.Text, status, n.Page, s.date)...)
					j++
				}
			}
			out = append(out, found...)
			continue
		}
		text := strings.TrimSpace(b.Full())
		if m != nil && m.head == j && m.rest != "" {
			// "2726. Apologies for absence: Cllr Hoskins."
			text = m.title + ": " + m.rest
		}
		status, rest, ok := attendanceLabel(text)
		if inHeader && (!ok || len(inlineLabels(text)) > 1) {
			// "Minutes of the meeting held on … Present: Councillor A Khan
			// (Chair), …": the header run into one paragraph; each label
			// in it starts a list.
			if segs := inlineLabels(text); len(segs) > 0 {
				for _, seg := range segs {
					if st, r, ok := attendanceLabel(seg); ok && r != "" {
						// The list is the segment's first sentence: "… PCSO
						// Kate Rees (for item 2674). Public – 3 members of
						// the public."
						out = append(out, people(firstSentence(r), st, b.Page, s.date)...)
					}
				}
				continue
			}
		}
		if !ok && m != nil && m.head != j {
			if am := apologiesRe.FindStringSubmatch(text); am != nil && strings.HasPrefix(strings.ToLower(text), "apologies") {
				status, rest, ok = "apologies", am[1], true
			} else if st, _, isLabel := attendanceLabel(m.title); isLabel && st == "apologies" {
				// "The Democratic Services Manager reported apologies from
				// Mr Beaney, Mr Campkin, …" in the apologies minute.
				if am := apologiesFrom.FindStringSubmatch(text); am != nil {
					status, rest, ok = "apologies", am[1], true
				}
			}
		}
		if !ok {
			continue
		}
		if !inHeader && status != "apologies" && !(m != nil && attendanceStart(m.title)) {
			continue // "present" in the text of a minute is not the attendance
		}
		if rest == "" && j+1 < s.p.End {
			// A label standing alone: its list is the next block.
			n := &d.Blocks[j+1]
			if n.Kind == model.Table {
				out = append(out, s.peopleTable(j+1, status)...)
				j++
				continue
			}
			if !attendanceStart(n.Text) && n.Kind != model.Heading {
				rest = n.Full()
				j++
			}
		}
		if status == "apologies" {
			rest = firstSentence(rest)
		} else {
			// The list carries on in the blocks after the label's, where
			// the layout cut it ("PRESENT: Mr N Baker, … Mrs B Bruneau,"
			// then "Mrs S Chandler, Mr N J D Chard, …"), and in names set
			// in a column to the right.
			rest = withSideNames(rest, b)
			for j+1 < s.p.End {
				n := &d.Blocks[j+1]
				if n.Kind != model.Paragraph || attendanceStart(n.Text) || !nameList(n.Text) && !postList(n.Text) || s.minuteOf(j+1) != m {
					break
				}
				rest = strings.TrimRight(rest, " ,") + ", " + withSideNames(n.Text, n)
				j++
			}
		}
		out = append(out, people(rest, status, b.Page, s.date)...)
	}
	return out
}

// withSideNames adds to a list the names the layout set apart in a column
// to its right.
func withSideNames(text string, b *model.Block) string {
	for _, side := range b.Side {
		if side = strings.TrimSpace(side); honorific.MatchString(side) {
			text = strings.TrimRight(text, " ,") + ", " + side
		}
	}
	return text
}

// nameList reports a paragraph that is a list of people: most of its
// comma-separated pieces start with a title ("Mr", "Cllr", "Mrs").
func nameList(text string) bool {
	pieces := splitTop(text)
	if len(pieces) == 0 {
		return false
	}
	titled, counted := 0, 0
	for _, p := range pieces {
		p = strings.TrimSpace(strings.Trim(strings.TrimPrefix(strings.TrimSpace(p), "and "), ".,"))
		if p == "" || len(p) <= 4 && strings.ToUpper(p) == p {
			continue // "MBE", "OBE": letters after the name before
		}
		counted++
		if honorific.MatchString(p) {
			titled++
		}
	}
	return counted > 0 && titled*2 > counted
}

// postList reports a paragraph that lists people by name and post:
// "Caroline Holland (Director of Corporate Services), Grant Miles (Head of
// Finance), …", "Suresh Patel, Lindsay Mallors and Kelly Jupp (Audit
// Commission)".
func postList(text string) bool {
	pieces := splitTop(text)
	if len(pieces) < 2 || !strings.Contains(text, "(") {
		return false
	}
	names := 0
	for _, p := range pieces {
		p = strings.TrimSpace(strings.Trim(strings.TrimPrefix(strings.TrimSpace(p), "and "), ".,"))
		if plausibleName(strings.TrimSpace(parenRe.ReplaceAllString(p, " "))) {
			names++
		}
	}
	return names*4 >= len(pieces)*3
}

// labelledRows reads a table whose rows are attendance labels and their
// lists: "ALSO PRESENT: | Councillors Chris Edge, …".
// It returns the status of the last row's list, "" when no row was one.
func (s *set) labelledRows(j int) ([]corpus.Item, string) {
	var out []corpus.Item
	last := ""
	for _, r := range s.d.Blocks[j].Table.Rows {
		last = ""
		if len(r.Cells) < 2 {
			continue
		}
		if status, rest, ok := attendanceLabel(r.Cells[0]); ok && rest == "" {
			out = append(out, people(strings.Join(r.Cells[1:], ", "), status, r.Page, s.date)...)
			last = status
		}
	}
	return out, last
}

// attendanceTable reads a table of attendance: Name | Role | Present/Apologies.
func (s *set) attendanceTable(j int) []corpus.Item {
	t := s.d.Blocks[j].Table
	nameCol, statusCol, roleCol := -1, -1, -1
	for c, col := range t.Columns {
		h := strings.ToLower(col.Header)
		switch {
		case strings.Contains(h, "name") || strings.Contains(h, "member") || strings.Contains(h, "councillor"):
			if nameCol < 0 {
				nameCol = c
			}
		case strings.Contains(h, "attend") || strings.Contains(h, "present") || strings.Contains(h, "apolog") || strings.Contains(h, "status"):
			statusCol = c
		case strings.Contains(h, "role") || strings.Contains(h, "position") || strings.Contains(h, "representing"):
			roleCol = c
		}
	}
	if nameCol < 0 || statusCol < 0 {
		return nil
	}
	var out []corpus.Item
	for _, r := range t.Rows {
		if r.Header || nameCol >= len(r.Cells) || statusCol >= len(r.Cells) {
			continue
		}
		st := strings.ToLower(r.Cells[statusCol])
		status := "present"
		switch {
		case strings.Contains(st, "apolog") || strings.Contains(st, "absent"):
			status = "apologies"
		case strings.Contains(st, "present") || strings.Contains(st, "yes") || strings.Contains(st, "attended") || st == "y" || st == "✓":
		default:
			continue
		}
		for _, it := range people(r.Cells[nameCol], status, r.Page, s.date) {
			if roleCol >= 0 && roleCol < len(r.Cells) {
				if it.Role == "" {
					it.Role = r.Cells[roleCol]
				}
				if status == "present" {
					it.Status = roleStatus(r.Cells[nameCol], r.Cells[roleCol])
				}
			}
			out = append(out, it)
		}
	}
	return out
}

// peopleTable reads a table of names after an attendance label.
// A table with a header names its columns ("Panel member | Representing"):
// the people are in the name column, the others say what they represent.
// Without one, every cell is names (a list set out in columns).
func (s *set) peopleTable(j int, status string) []corpus.Item {
	t := s.d.Blocks[j].Table
	nameCol, roleCol := -1, -1
	for c, col := range t.Columns {
		h := strings.ToLower(col.Header)
		switch {
		case nameCol < 0 && (strings.Contains(h, "name") || strings.Contains(h, "member") || strings.Contains(h, "councillor")):
			nameCol = c
		case roleCol < 0 && (strings.Contains(h, "role") || strings.Contains(h, "position") || strings.Contains(h, "representing") || strings.Contains(h, "organisation")):
			roleCol = c
		}
	}
	var out []corpus.Item
	for _, r := range t.Rows {
		if r.Header || len(r.Cells) == 0 {
			continue
		}
		if nameCol < 0 || nameCol >= len(r.Cells) {
			out = append(out, people(strings.Join(r.Cells, ", "), status, r.Page, s.date)...)
			continue
		}
		for _, it := range people(r.Cells[nameCol], status, r.Page, s.date) {
			if roleCol >= 0 && roleCol < len(r.Cells) && it.Topic == "" {
				it.Topic = strings.TrimSpace(r.Cells[roleCol])
			}
			out = append(out, it)
		}
	}
	return out
}

func firstSentence(s string) string {
	for k := 0; k < len(s); k++ {
		if s[k] == '.' && (k+1 == len(s) || s[k+1] == ' ') {
			// "Mrs C. Bell": an initial is not a sentence end.
			if k >= 2 && s[k-2] == ' ' && s[k-1] >= 'A' && s[k-1] <= 'Z' {
				continue
			}
			if k >= 1 && k < 3 || k >= 3 && strings.EqualFold(s[k-3:k], "Mrs") || k >= 2 && (strings.EqualFold(s[k-2:k], "Mr") || strings.EqualFold(s[k-2:k], "Dr") || strings.EqualFold(s[k-2:k], "Ms")) {
				continue
			}
			if k >= 4 && strings.EqualFold(s[k-4:k], "Cllr") {
				continue
			}
			return s[:k]
		}
	}
	return s
}

// splitTop splits s at commas, semicolons, " and " and " & " outside brackets.
func splitTop(s string) []string {
	var out []string
	depth, last := 0, 0
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',', ';':
			if depth == 0 {
				out = append(out, s[last:k])
				last = k + 1
			}
		case ' ':
			if depth == 0 {
				for _, sep := range []string{" and ", " & "} {
					if strings.HasPrefix(s[k:], sep) {
						out = append(out, s[last:k])
						last = k + len(sep)
						k += len(sep) - 1
						break
					}
				}
			}
		}
	}
	return append(out, s[last:])
}

// people reads a list of attendees: "Councillor Trevor Egleton (Chairman -
// South Bucks District Council), Julia Girling (Independent Member) and …",
// "Cllrs Hayward, Hillard & Richards".
func people(text, status string, page int, date string) []corpus.Item {
	var out []corpus.Item
	pieces := splitTop(text)
	// "Present: Cllrs Hayward, Hoskins, … & the Clerk, Mr. David James,
	// MHA": among councillors, someone without the title is a visitor.
	councillors := false
	for _, p := range pieces {
		if councillorTitle.MatchString(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "and "))) {
			councillors = true
		}
	}
	for _, piece := range pieces {
		piece = strings.TrimSpace(strings.Trim(strings.TrimSpace(piece), ".:"))
		if piece == "" {
			continue
		}
		original := piece
		visiting := status == "present" && councillors && honorific.MatchString(piece+" ") && !councillorTitle.MatchString(piece+" ") &&
			!strings.Contains(strings.ToLower(piece), "member") && !strings.Contains(strings.ToLower(piece), "chair")
		role, topic, post := "", "", ""
		if m := parenRe.FindStringSubmatch(piece); m != nil {
			outside := strings.TrimSpace(parenRe.ReplaceAllString(piece, " "))
			if inner := strings.TrimSpace(m[1]); honorific.MatchString(inner+" ") && roleWords.MatchString(outside) && !honorific.MatchString(outside+" ") {
				// "the Clerk (Mrs Gwenllian Parry)": the post, then who
				// holds it.
				role, piece = strings.TrimPrefix(strings.TrimPrefix(outside, "the "), "The "), inner
			} else {
				role, topic = roleAndTopic(m[1])
				piece = outside
			}
			post = m[1]
		}
		st := status
		if st == "other" && officerRole.MatchString(strings.ToLower(role)) && !orgWords.MatchString(post) && !councillorTitle.MatchString(piece) {
			// "Also present: … Grant Miles (Head of Finance)": a post of
			// the council's own; "(Chief Finance Officer, OPCC)" is
			// another body's.
			st = "officer"
		}
		if visiting {
			st = "other"
		}
		if st == "officer" && (councillorTitle.MatchString(piece) || policeTitle.MatchString(piece)) {
			// "In attendance: County Cllr Tom Harris and PCSO Kate Rees":
			// councillors of other councils and the police attend; they
			// are not the council's officers.
			st = "other"
		}
		for {
			if m := leadRole.FindStringSubmatch(piece); m != nil {
				if role == "" {
					role = m[1]
				}
				piece = strings.TrimSpace(piece[len(m[0]):])
				continue
			}
			if loc := honorific.FindStringIndex(piece); loc != nil {
				piece = strings.TrimSpace(piece[loc[1]:])
				continue
			}
			break
		}
		// "David James, MHA": letters after a name.
		piece = strings.Join(strings.Fields(piece), " ")
		if loc := honorific.FindStringIndex(piece + " "); loc != nil && loc[1] >= len(piece) {
			continue // "Mr" of "Mr & Mrs M. Stubbs": the couple is one entry
		}
		if !plausibleName(piece) || orgWords.MatchString(piece) && !honorific.MatchString(original+" ") {
			continue // "…, Wessex Downs Council": whose the posts before are
		}
		out = append(out, corpus.Item{Kind: corpus.KindAttendee, Person: piece, Role: role, Topic: topic, Status: st, Page: page, Date: date})
	}
	return out
}

var (
	councillorTitle = regexp.MustCompile(`^(?i:(?:county\s+|borough\s+|district\s+|town\s+|parish\s+|community\s+)?(?:councillors?|cllrs?)\.?)\s`)
	policeTitle     = regexp.MustCompile(`^(?:PCSO|PC|DC|Sgt|Sergeant|Insp|Inspector|Ch\.?\s*Insp|Chief\s+Inspector|Supt|Superintendent)\.?\s`)
)

// roleStatus is the attendance of someone a table lists as present in a
// role: a member of the body, one of its officers, or someone else
// (applicants, objectors, the police).
func roleStatus(name, role string) string {
	r := strings.ToLower(role)
	switch {
	case policeTitle.MatchString(name) || strings.Contains(r, "police") || strings.Contains(r, "constabulary"):
		return "other"
	case councillorTitle.MatchString(name) || memberRole.MatchString(r):
		return "present"
	case officerRole.MatchString(r):
		return "officer"
	}
	return "other"
}

var (
	memberRole  = regexp.MustCompile(`^(?:vice[- ]?)?(?:chair(?:man|person|woman)?|member|substitute(?:\s+member)?|councillor|cllr|mayor|leader)\b`)
	officerRole = regexp.MustCompile(`\b(?:officer|adviser|advisor|clerk|solicitor|lawyer|legal|democratic|director|manager|head\s+of|chief\s+executive|secretary|treasurer|accountant|auditor|analyst)\b`)
)

func plausibleName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 6 {
		return false
	}
	if r := []rune(s)[0]; !unicode.IsUpper(r) {
		return false
	}
	low := strings.ToLower(s)
	for _, w := range []string{"none", "no ", "nil", "the ", "all ", "n/a", "clerk", "members of the public"} {
		if strings.HasPrefix(low+" ", w) {
			return false
		}
	}
	// "OBE", "MHA": letters after a name, not a name.
	if len(f) == 1 && model.Caps(s+"XXXX") && len(s) <= 5 {
		return false
	}
	for _, w := range f[1:] {
		if w == strings.ToLower(w) && len(w) > 3 && !strings.Contains(w, "-") {
			return false // a sentence, not a name
		}
	}
	return true
}

// roleAndTopic splits a bracket after a name: "Chairman - South Bucks DC",
// "Chief Constable, Thames Valley Police", "Scrutiny Officer", "Reading
// Borough Council".
func roleAndTopic(s string) (role, topic string) {
	s = strings.TrimSpace(s)
	for _, sep := range []string{" - ", " – ", " — "} {
		if a, b, ok := strings.Cut(s, sep); ok {
			return pick(strings.TrimSpace(a), strings.TrimSpace(b))
		}
	}
	if a, b, ok := strings.Cut(s, ","); ok && orgWords.MatchString(b) {
		return pick(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	if roleWords.MatchString(s) {
		return s, ""
	}
	return "", s
}

func pick(a, b string) (role, topic string) {
	if !roleWords.MatchString(a) && roleWords.MatchString(b) {
		return b, a
	}
	return a, b
}

// declarations reads the interests declared at the meeting.
func (s *set) declarations() []corpus.Item {
	var out []corpus.Item
	d := s.d
	for j := s.p.Start; j < s.p.End; j++ {
		m := s.minuteOf(j)
		b := &d.Blocks[j]
		text := strings.TrimSpace(b.Text)
		topic, number := "", ""
		inDeclMinute := false
		if m != nil {
			topic, number = m.title, m.number
			inDeclMinute = declarationsTitle.MatchString(m.title)
			if m.head == j {
				if m.rest == "" {
					continue
				}
				text = m.rest
			}
		}
		if noDeclarations.MatchString(text) {
			continue
		}
		if fm := followingDeclared.FindStringSubmatch(text); fm != nil {
			for _, part := range splitPeopleInterests(fm[1]) {
				out = append(out, corpus.Item{Kind: corpus.KindDeclaration, Number: number, Topic: topic, Person: part[0], Interest: part[1], Page: b.Page, Date: s.date, Text: text})
			}
			continue
		}
		sents, _ := model.Sentences(text)
		for _, sent := range sents {
			dm := declaredRe.FindStringSubmatch(sent)
			if dm == nil {
				continue
			}
			who := strings.TrimSpace(dm[1])
			if model.Words(who) > 12 {
				continue
			}
			for _, p := range people(who, "", b.Page, s.date) {
				out = append(out, corpus.Item{Kind: corpus.KindDeclaration, Number: number, Topic: topic, Person: p.Person, Interest: strings.TrimRight(dm[2], "."), Page: b.Page, Date: s.date, Text: sent})
			}
			if len(people(who, "", 0, "")) == 0 {
				out = append(out, corpus.Item{Kind: corpus.KindDeclaration, Number: number, Topic: topic, Person: who, Interest: strings.TrimRight(dm[2], "."), Page: b.Page, Date: s.date, Text: sent})
			}
		}
		firstOfMinute := m != nil && (m.head == j || j == m.head+1 && d.Blocks[m.head].Kind == model.Heading)
		if inDeclMinute && firstOfMinute && len(sents) > 0 && declaredRe.FindStringSubmatch(sents[0]) == nil {
			// "Declarations of interest: Cllrs Hillard & Hayward re 2733 -
			// LWVBPT."; "Cllr Richards re 2443. Cllr Cobb re 2440.": one
			// sentence per member.
			for _, sent := range sents {
				who, what, ok := strings.Cut(sent, " re ")
				if !ok {
					who, what, ok = strings.Cut(sent, " in ")
				}
				if !ok {
					continue
				}
				for _, p := range people(who, "", b.Page, s.date) {
					out = append(out, corpus.Item{Kind: corpus.KindDeclaration, Number: number, Topic: topic, Person: p.Person, Interest: strings.TrimRight(strings.TrimSpace(what), "."), Page: b.Page, Date: s.date, Text: sent})
				}
			}
		}
	}
	return out
}

var personInterest = regexp.MustCompile(`([^()]+?)\s*\(([^()]+)\)`)

// splitPeopleInterests reads "Cllr. Arwel Davies (Llandeilo Show, YFC).
// Cllr. A. Thomas (Llandeilo Show)" into person and interest pairs.
func splitPeopleInterests(s string) [][2]string {
	var out [][2]string
	for _, m := range personInterest.FindAllStringSubmatch(s, -1) {
		who := strings.Trim(strings.TrimSpace(m[1]), ".,;")
		for _, p := range people(who, "", 0, "") {
			out = append(out, [2]string{p.Person, strings.TrimSpace(m[2])})
		}
	}
	return out
}
