package minutes

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
)

var (
	// An attendance label, alone or followed by its list after a colon.
	attendanceRe = textscan.Guard(regexp.MustCompile(`(?i)^(members present|councillors present|present|officers present|officers in attendance|officers|others present|also present|also in attendance|in attendance(?: virtually| remotely)?|apologies(?: for absence)?(?: were received from)?)\s*(?:[:\t–-]\s*(.*))?$`),
		textscan.Fold("present", "officer", "attendance", "apologies"))
	// "Apologies were received from Mrs C Bell.", "Apologies for absence: Cllr Hoskins."
	apologiesRe = regexp.MustCompile(`(?i)\bapologies(?: for absence)?(?: were| had been| was)?(?: received| submitted| tendered| given| reported)?(?: from)?\s*[:–-]?\s+(.+)`)
	honorific   = regexp.MustCompile(`^(?i:(?:county\s+|borough\s+|district\s+|town\s+|parish\s+)?(?:councillors?|cllrs?)\.?)\s+`)
	parenRe     = regexp.MustCompile(`\(([^()]*)\)`)
	roleWords   = regexp.MustCompile(`(?i)\b(?:chair|chairman|chairperson|chairwoman|vice|member|officer|director|commissioner|executive|head|manager|clerk|leader|mayor|analyst|constable|counsel|accountant|lead|secretary|treasurer|adviser|advisor|solicitor|deputy|superintendent|inspector|portfolio|cabinet|monitoring|scrutiny|auditor|controller|coordinator|co-ordinator|representative|observer|minute taker|governance|services)\b`)
	orgWords    = regexp.MustCompile(`(?i)\b(?:council|police|office|unit|authority|service|commission|trust|board|association|partnership|team|department|directorate|agency|ltd|limited|plc|group|university|college|nhs|fire|ofpcc|opcc)\b`)
	leadRole    = regexp.MustCompile(`^(?i:(vice[- ]chair(?:man|person)?|chair(?:man|person|woman)?|mayor|deputy mayor|leader))\s+`)
)

// attendanceLabel reads an attendance label: the status it sets, the list
// that follows it on the line, and whether the line is one.
func attendanceLabel(t string) (status, rest string, ok bool) {
	m := attendanceRe.FindStringSubmatch(strings.TrimSpace(t))
	if m == nil {
		return "", "", false
	}
	label := strings.ToLower(m[1])
	switch {
	case strings.HasPrefix(label, "apolog"):
		status = "apologies"
	case strings.HasPrefix(label, "officer"):
		status = "officer"
	case strings.HasPrefix(label, "others") || strings.HasPrefix(label, "also") || strings.HasPrefix(label, "in attendance"):
		status = "other"
	default:
		status = "present"
	}
	return status, strings.TrimSpace(m[2]), true
}

// attendees reads the attendance lists of every set of minutes.
func (p *parser) attendees() []corpus.Item {
	var out []corpus.Item
	for i := 0; i < len(p.lines); i++ {
		if !p.inMinutes[i] {
			continue
		}
		l := p.lines[i]
		t := plain(l.text)
		status, rest, ok := attendanceLabel(t)
		if ok && !p.isHeading[i] {
			// Collect the list: the rest of the line and the rest of its
			// block, or (for a label standing alone) the next block.
			var parts []string
			if rest != "" {
				parts = append(parts, rest)
			}
			block, page := l.Block, l.page
			k := i + 1
			if rest == "" && k < len(p.lines) {
				if p.lines[k].page == page && p.lines[k].Block != block || p.lines[k].page != page {
					block, page = p.lines[k].Block, p.lines[k].page
				}
			}
			for ; k < len(p.lines) && p.inMinutes[k] && !p.isHeading[k]; k++ {
				c := p.lines[k]
				if c.page != page || c.Block != block {
					break
				}
				if _, _, lab := attendanceLabel(plain(c.text)); lab {
					break
				}
				parts = append(parts, plain(c.text))
			}
			text := strings.Join(parts, " ")
			if status == "apologies" {
				text = firstSentence(text)
			}
			out = append(out, people(text, status, l.page, p.lineDate[i])...)
			i = k - 1
			continue
		}
		if m := apologiesRe.FindStringSubmatch(p.sentenceAt(i)); m != nil && !ok && (!p.isHeading[i] || p.headingHasText(i)) {
			out = append(out, people(firstSentence(m[1]), "apologies", l.page, p.lineDate[i])...)
		}
	}
	return out
}

// sentenceAt returns line i joined with the rest of its block when the
// line opens with the apologies phrase; else the line itself.
func (p *parser) sentenceAt(i int) string {
	t := plain(p.lines[i].text)
	if !strings.Contains(strings.ToLower(t), "apologies") {
		return ""
	}
	return p.blockText(i, 4)
}

func firstSentence(s string) string {
	for k := 0; k < len(s); k++ {
		if s[k] == '.' && (k+1 == len(s) || s[k+1] == ' ') {
			// "Mrs C. Bell": an initial is not a sentence end.
			if k >= 2 && s[k-2] == ' ' && s[k-1] >= 'A' && s[k-1] <= 'Z' {
				continue
			}
			if k >= 1 && k < 3 {
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
// South Bucks District Council), Julia Girling (Independent Member) and …".
func people(text, status string, page int, date string) []corpus.Item {
	var out []corpus.Item
	for _, piece := range splitTop(text) {
		piece = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(piece), "."))
		if piece == "" {
			continue
		}
		role, topic := "", ""
		if m := parenRe.FindStringSubmatch(piece); m != nil {
			role, topic = roleAndTopic(m[1])
			piece = strings.TrimSpace(parenRe.ReplaceAllString(piece, " "))
		}
		if m := leadRole.FindStringSubmatch(piece); m != nil && role == "" {
			role = m[1]
			piece = strings.TrimSpace(piece[len(m[0]):])
		}
		piece = strings.TrimSpace(honorific.ReplaceAllString(piece, ""))
		piece = strings.Join(strings.Fields(piece), " ")
		if !plausibleName(piece) {
			continue
		}
		out = append(out, corpus.Item{Kind: corpus.KindAttendee, Person: piece, Role: role, Topic: topic, Status: status, Page: page, Date: date})
	}
	return out
}

func plausibleName(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 6 {
		return false
	}
	if !startsUpper(s) {
		return false
	}
	low := strings.ToLower(s)
	for _, w := range []string{"none", "no ", "nil", "the ", "all ", "n/a"} {
		if strings.HasPrefix(low+" ", w) {
			return false
		}
	}
	// "OBE", "MHA": letters after a name, not a name.
	if len(f) == 1 && mostlyCapitals(s) && len(s) <= 5 {
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

// headingHasText reports whether a minute heading line carries body text
// after its title ("2726. Apologies for absence: Cllr Hoskins.").
func (p *parser) headingHasText(i int) bool {
	for _, s := range p.minutes {
		if s.head == i {
			return s.first != ""
		}
	}
	return false
}
