package minutes

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
)

// seg is one line of a minute's body.
type seg struct {
	text  string
	page  int
	block int // page*100000+block: lines of one paragraph share it
	line  ln
}

func (p *parser) segs(s *span) []seg {
	var out []seg
	if s.first != "" {
		out = append(out, seg{text: s.first, page: s.item.Page, block: -1 - s.head, line: p.lines[s.head]})
	}
	for k := s.start; k < s.end; k++ {
		l := p.lines[k]
		out = append(out, seg{text: plain(l.text), page: l.page, block: l.page*100000 + l.Block, line: l})
	}
	return out
}

var (
	// "RESOLVED", "UNANIMOUSLY RESOLVED", "It was RESOLVED that", "AGREED that".
	// (Its guard: every match has one of these words, in this case.)
	resolvedRe = textscan.Guard(regexp.MustCompile(`\bIt\s+was\s+(?:(?:unanimously|UNANIMOUSLY)\s+)?(?:RESOLVED|resolved|AGREED)\b|\b(?:UNANIMOUSLY\s+)?RESOLVED\b|\bAGREED\b`),
		textscan.Any("RESOLVED", "resolved", "AGREED"))
	// "Resolved: …", "Agreed – …", "Resolved that …" at the start of a line.
	resolvedLead = regexp.MustCompile(`^(Resolved|Agreed)(?:\s*[:\-–—]|\s+that\b|$)`)
	listMarker   = regexp.MustCompile(`^\(?(\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)]\s`)
	parenMarker  = regexp.MustCompile(`(?:^|[\s;:,])\((\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)\s`)
	lineMarker   = regexp.MustCompile(`(?m)^(\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)]\s`)
)

// trigger returns where the decision text starts in t, or -1.
func trigger(t string) int {
	if m := resolvedLead.FindStringSubmatchIndex(t); m != nil {
		return m[3]
	}
	if loc := resolvedRe.FindStringIndex(t); loc != nil {
		return loc[1]
	}
	return -1
}

func (p *parser) decisions(s *span) []corpus.Item {
	segs := p.segs(s)
	var out []corpus.Item
	for k := 0; k < len(segs); k++ {
		at := trigger(segs[k].text)
		if at < 0 {
			continue
		}
		body := strings.TrimSpace(strings.TrimLeft(segs[k].text[at:], " :-–—,."))
		var lines []string
		if body != "" {
			lines = append(lines, body)
		}
		j := k + 1
		blk := segs[k].block
		if body == "" && j < len(segs) {
			blk = segs[j].block
		}
		for j < len(segs) && segs[j].block == blk && trigger(segs[j].text) < 0 && !p.larger(segs[j].line) {
			lines = append(lines, segs[j].text)
			j++
		}
		// A list introduced by a colon runs on over the blocks of its items.
		inList := len(lines) > 0 && strings.HasSuffix(lines[len(lines)-1], ":")
		for inList && j < len(segs) && listMarker.MatchString(segs[j].text) && trigger(segs[j].text) < 0 {
			b := segs[j].block
			for j < len(segs) && segs[j].block == b && trigger(segs[j].text) < 0 {
				lines = append(lines, segs[j].text)
				j++
			}
		}
		if len(lines) == 0 {
			continue
		}
		for _, part := range splitParts(strings.Join(lines, "\n")) {
			out = append(out, corpus.Item{Kind: corpus.KindDecision, Text: part, Number: s.item.Number,
				Date: s.item.Date, Page: segs[k].page, Topic: s.item.Title})
		}
		k = j - 1
	}
	return out
}

type marker struct {
	label      string
	start, end int
}

// next reports whether b follows a in a list: 1→2, a→b (either case), i→ii.
func nextMarker(a, b string) bool {
	if ra, ok := roman(a); ok {
		if rb, ok := roman(b); ok && rb == ra+1 {
			return true
		}
	}
	if len(a) == 1 && len(b) == 1 && isLetter(a[0]) && isLetter(b[0]) {
		return lower(b[0]) == lower(a[0])+1
	}
	na, nb := leadingInt(a), leadingInt(b)
	return isDigits(a) && isDigits(b) && nb == na+1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}
func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func roman(s string) (int, bool) {
	vals := map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
	v, ok := vals[strings.ToLower(s)]
	return v, ok
}

func isStart(s string) bool {
	switch s {
	case "1", "a", "A", "i", "I":
		return true
	}
	return false
}

// splitParts splits "(1) that A; (2) that B" into its parts. A lead-in
// ("Cabinet agree to:") is kept at the front of each part; text without a
// list comes back whole.
func splitParts(body string) []string {
	var cands []marker
	for _, re := range []*regexp.Regexp{parenMarker, lineMarker} {
		for _, m := range re.FindAllStringSubmatchIndex(body, -1) {
			cands = append(cands, marker{label: body[m[2]:m[3]], start: m[2], end: m[1]})
		}
	}
	// order by position
	for a := 1; a < len(cands); a++ {
		for b := a; b > 0 && cands[b].start < cands[b-1].start; b-- {
			cands[b], cands[b-1] = cands[b-1], cands[b]
		}
	}
	var chain []marker
	for _, c := range cands {
		if len(chain) == 0 {
			if isStart(c.label) {
				chain = append(chain, c)
			}
			continue
		}
		if nextMarker(chain[len(chain)-1].label, c.label) {
			chain = append(chain, c)
		}
	}
	whole := strings.Join(strings.Fields(body), " ")
	if len(chain) < 2 {
		return []string{whole}
	}
	// A marker's text starts after its closing bracket or dot.
	lead := strings.TrimSpace(body[:chain[0].start])
	lead = strings.TrimRight(strings.TrimSpace(strings.TrimSuffix(lead, "(")), " :;-–—")
	if len(strings.Fields(lead)) < 2 {
		lead = ""
	}
	var out []string
	for k, c := range chain {
		end := len(body)
		if k+1 < len(chain) {
			end = chain[k+1].start
			if end > 0 && body[end-1] == '(' {
				end--
			}
		}
		part := strings.Join(strings.Fields(body[c.end:end]), " ")
		part = strings.TrimSpace(part)
		for _, suf := range []string{"; and", ";and", " and", ";", ","} {
			part = strings.TrimSuffix(part, suf)
		}
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if lead != "" {
			part = lead + ": " + part
		}
		out = append(out, part)
	}
	return out
}

var (
	// "Councillor David Carroll declared a Personal Interest as …"
	// (Its guard: a match has one of its verbs, in this case, and "interest".)
	declRe = textscan.Guard(regexp.MustCompile(`((?:(?:County\s+)?(?:Councillor|Cllr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?)\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s+(?:declared|indicated|registered|disclosed|declares)\s+((?:an?\s+|their\s+|his\s+|her\s+)?[^.]*?(?i:interest)[^.]*)`),
		textscan.All(textscan.Any("declare", "indicated", "registered", "disclosed"), textscan.Fold("interest")))
	// "Cllr. Arwel Davies (Llandeilo Show)", "Cllrs Hillard & Hayward re 2733 - LWVBPT"
	declList  = regexp.MustCompile(`^((?:(?:County\s+)?(?:Councillors?|Cllrs?\.?)|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+[^()]+?)\s*(?:\((.+)\)|\s+(?:re|in respect of|regarding)\s+(.+?))\.?$`)
	declTitle = regexp.MustCompile(`(?i)declarations?|interests?`)
)

func (p *parser) declarations(s *span) []corpus.Item {
	var out []corpus.Item
	seen := map[string]bool{}
	add := func(person, interest string, page int) {
		person = strings.TrimSpace(honorific.ReplaceAllString(strings.TrimSpace(person), ""))
		person = strings.TrimPrefix(person, "The ")
		interest = strings.TrimSpace(strings.TrimRight(interest, ". "))
		if person == "" || interest == "" || seen[person+"|"+interest] {
			return
		}
		seen[person+"|"+interest] = true
		out = append(out, corpus.Item{Kind: corpus.KindDeclaration, Person: person, Interest: interest,
			Number: s.item.Number, Date: s.item.Date, Page: page, Topic: s.item.Title})
	}
	segs := p.segs(s)
	// Sentences, paragraph by paragraph.
	for k := 0; k < len(segs); {
		j := k
		var para []string
		for j < len(segs) && segs[j].block == segs[k].block {
			para = append(para, segs[j].text)
			j++
		}
		text := strings.Join(para, " ")
		for _, m := range declRe.FindAllStringSubmatch(text, -1) {
			if strings.EqualFold(strings.Fields(m[1])[0], "No") {
				continue
			}
			add(m[1], m[2], segs[k].page)
		}
		k = j
	}
	// Lists under a declarations heading.
	if declTitle.MatchString(s.item.Title) {
		for _, sg := range segs {
			m := declList.FindStringSubmatch(sg.text)
			if m == nil {
				continue
			}
			interest := m[2] + m[3]
			for _, who := range splitTop(m[1]) {
				who = strings.TrimSpace(honorific.ReplaceAllString(strings.TrimSpace(who), ""))
				if plausibleName(who) {
					add(who, interest, sg.page)
				}
			}
		}
	}
	return out
}

var (
	questionsHeading = regexp.MustCompile(`(?i)^(?:public |members?'? |written |supplementary |councillors?'? )?questions?(?: (?:from|by|to|and answers)\b.*| time)?:?$`)
	numberedPara     = regexp.MustCompile(`^(\d{1,2})[.)]\s+(.+)$`)
	askedRe          = regexp.MustCompile(`(?i)\b(?:asked|queried|enquired|raised a question|question was)\b`)
	quoteStart       = regexp.MustCompile(`^[“"‘']`)
)

// questions reads numbered questions under a "Questions" sub-heading and
// quoted public questions with the answer that follows them.
func (p *parser) questions(s *span) []corpus.Item {
	segs := p.segs(s)
	var out []corpus.Item
	var cur *corpus.Item
	var resp []string
	respBlocks := 0
	lastBlock := 0
	flush := func() {
		if cur != nil {
			cur.Response = strings.Join(resp, " ")
			out = append(out, *cur)
		}
		cur, resp, respBlocks = nil, nil, 0
	}
	qMode := false
	for k := 0; k < len(segs); k++ {
		sg := segs[k]
		styled := sg.line.Bold || p.larger(sg.line)
		if questionsHeading.MatchString(sg.text) && styled {
			flush()
			qMode = true
			continue
		}
		if trigger(sg.text) >= 0 || styled && p.larger(sg.line) {
			flush()
			qMode = false
			continue
		}
		newBlock := sg.block != lastBlock
		lastBlock = sg.block
		if qMode && newBlock {
			if m := numberedPara.FindStringSubmatch(sg.text); m != nil {
				flush()
				cur = &corpus.Item{Kind: corpus.KindQuestion, Number: m[1], Text: m[2], Page: sg.page, Date: s.item.Date, Topic: s.item.Title}
				continue
			}
		}
		if newBlock && quoteStart.MatchString(sg.text) && k > 0 && strings.Contains(strings.ToLower(segs[k-1].text), "question") && strings.HasSuffix(segs[k-1].text, ":") {
			flush()
			cur = &corpus.Item{Kind: corpus.KindQuestion, Number: s.item.Number, Text: sg.text, Page: sg.page, Date: s.item.Date, Topic: s.item.Title}
			continue
		}
		if cur == nil {
			continue
		}
		if !newBlock && len(resp) == 0 {
			cur.Text += " " + sg.text
			continue
		}
		if newBlock {
			respBlocks++
			if !qMode && (respBlocks > 1 && askedRe.MatchString(firstSentence(sg.text)) || respBlocks > 6) {
				flush()
				continue
			}
		}
		resp = append(resp, sg.text)
	}
	flush()
	return out
}
