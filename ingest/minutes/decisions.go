package minutes

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/model"
)

var (
	// A resolution's lead: "RESOLVED that", "Resolved:", "AGREED –",
	// "DECIDED:", "Decision:", "RECOMMENDED to County Council that".
	resolvedLead = regexp.MustCompile(`^(?:it\s+was\s+(?:unanimously\s+)?|(?:the\s+)?(?:[A-Z][\w-]*\s+){1,4})?(RESOLVED|AGREED|DECIDED|NOTED|RECOMMENDED|Resolved|Agreed|Decided)\b(?:\s+(?:unanimously|UNANIMOUSLY))?\s*(?:[:.–—-]+\s*|\s+(?:that|to|That|To)\b|\s+(?:to\s+)?[A-Za-z(])`)
	// Prose decisions: "It was resolved that", "Council agreed to",
	// "Members unanimously agreed", "Cllrs agreed that".
	agreedSentence = regexp.MustCompile(`(?i)^(?:it\s+was\s+(?:(?:then|therefore|also|further)\s+)?(?:unanimously\s+)?(?:resolved|agreed|decided)\b|(?:the\s+)?(?:council|councillors|cllrs|members|committee|panel|cabinet|board|meeting|sub-committee)\s+(?:then\s+|also\s+|unanimously\s+)?(?:resolved|agreed|decided|approved)\s+(?:that|to|the|unanimously)\b|(?:this|the\s+(?:motion|amendment|recommendation|proposal|report))\s+was\s+(?:unanimously\s+)?(?:agreed|approved|carried|accepted)\b)`)
	// "proposed by Cllr X, seconded by Cllr Y and all approved".
	proposed   = regexp.MustCompile(`(?i)\bproposed\b`)
	seconded   = regexp.MustCompile(`(?i)\bseconded\b`)
	resultWord = regexp.MustCompile(`(?i)\b(?:agreed|approved|carried|accepted|resolved|all\s+in\s+favou?r|lost|defeated|fell|rejected|not\s+carried)\b`)
	// "– all approved", "All agreed.", "Agreed unanimously."
	bareResult = regexp.MustCompile(`(?i)^[–—-]?\s*(?:all\s+(?:approved|agreed|in\s+favou?r)|(?:agreed|approved|carried)\s+unanimously|unanimously\s+(?:agreed|approved|carried|resolved))\.?$`)
	// A motion or amendment and its fate.
	motionRe      = regexp.MustCompile(`(?i)\b(?:moved|proposed)\b.{0,200}\b(?:motion|amendment)\b|\b(?:motion|amendment)\b.{0,120}\b(?:moved|proposed)\b`)
	motionOutcome = regexp.MustCompile(`(?i)\b(?:motion|amendment)\b[^.]{0,80}\b(?:was\s+|were\s+)?(?:carried|lost|defeated|fell|agreed|not\s+carried|rejected|withdrawn)\b|^(?:the\s+)?(?:substantive\s+)?(?:motion|amendment)\s+(?:was\s+)?(?:carried|lost|defeated|agreed)\b`)
	// A decision-maker's form: "Decision:", "I agree to:".
	decisionLabel = regexp.MustCompile(`(?i)^(?:proposed\s+)?decisions?\s*(?:taken)?\s*:\s*(.*)$`)
	iAgree        = regexp.MustCompile(`(?i)\b(?:I|we)\s+(?:agree|have\s+agreed|approve|have\s+decided|decide)\b`)
	// "That the presenters be thanked …" — the form a resolution's text takes.
	thatForm = regexp.MustCompile(`^(?:That|THAT)\s`)
)

// decisions reads what the meeting decided, minute by minute.
func (s *set) decisions() []corpus.Item {
	var out []corpus.Item
	d := s.d
	used := map[int]bool{}
	for j := s.p.Start; j < s.p.End; j++ {
		if used[j] {
			continue
		}
		m := s.minuteOf(j)
		topic, number := "", ""
		if m != nil {
			topic, number = m.title, m.number
		}
		b := &d.Blocks[j]
		text := strings.TrimSpace(b.Text)
		if m != nil && m.head == j {
			if m.rest == "" {
				continue
			}
			text = m.rest
		}
		if text == "" || b.Kind == model.Table || decisionLabel.MatchString(text) {
			continue // a decision form's label: formDecisions reads it
		}
		add := func(t string, page int) {
			t = strings.TrimSpace(t)
			if t == "" {
				return
			}
			out = append(out, corpus.Item{Kind: corpus.KindDecision, Number: number, Title: topic, Topic: topic, Text: t, Page: page, Date: s.date})
		}
		// A motion or amendment, to its result.
		if motionRe.MatchString(text) && !resolvedLead.MatchString(text) {
			end := j
			for k := j; k < s.p.End && k <= j+8; k++ {
				if k > j && (d.Blocks[k].Kind == model.Heading || motionRe.MatchString(d.Blocks[k].Text) && !motionOutcome.MatchString(d.Blocks[k].Text)) {
					break
				}
				if motionOutcome.MatchString(d.Blocks[k].Text) {
					end = k
					break
				}
			}
			if end > j || motionOutcome.MatchString(text) {
				var parts []string
				for k := j; k <= end; k++ {
					parts = append(parts, d.Blocks[k].Full())
					used[k] = true
				}
				add(strings.Join(parts, "\n"), b.Page)
				j = end
				continue
			}
		}
		if parts, ok := s.resolution(j, text, used); ok {
			for _, p := range parts {
				add(p.text, p.page)
			}
			continue
		}
		// Prose: "It was resolved that …", "proposed … seconded … all
		// approved", "Agreed unanimously."
		sents, _ := model.Sentences(text)
		for k, sent := range sents {
			switch {
			case agreedSentence.MatchString(sent):
				add(sent, b.Page)
			case proposed.MatchString(sent) && seconded.MatchString(sent) && resultWord.MatchString(sent):
				add(sent, b.Page)
			case proposed.MatchString(sent) && seconded.MatchString(sent) && k+1 < len(sents) && bareResult.MatchString(sents[k+1]):
				add(sent+" "+sents[k+1], b.Page)
			case bareResult.MatchString(sent) && k > 0 && !(proposed.MatchString(sents[k-1]) && seconded.MatchString(sents[k-1])):
				add(sents[k-1]+" "+sent, b.Page)
			case bareResult.MatchString(sent) && k == 0 && j > s.p.Start:
				// "– all approved." after a list of payments: the list
				// and its approval.
				prev := &d.Blocks[j-1]
				if pm := s.minuteOf(j - 1); pm != nil && pm.head == j-1 && pm.rest == "" {
					add(pm.title+" "+sent, b.Page)
				} else {
					add(lastLine(prev.Text)+" "+sent, b.Page)
				}
			}
		}
	}
	return out
}

type part struct {
	text string
	page int
}

// resolution reads a resolution starting at block j: the statement after
// "RESOLVED that", or one part per item of the list it leads into, or of
// an inline list "(1) … (2) …".
func (s *set) resolution(j int, text string, used map[int]bool) ([]part, bool) {
	d := s.d
	b := &d.Blocks[j]
	loc := resolvedLead.FindStringSubmatchIndex(text)
	if loc == nil || loc[0] != 0 {
		// "That the presenters be thanked …" straight after a bare
		// "RESOLVED" heading is the resolution itself.
		return nil, false
	}
	word := text[loc[2]:loc[3]]
	// The lead must be the meeting deciding: a capitalised keyword, or
	// "Resolved"/"Agreed" opening the block; "Noted" only in capitals.
	if (word == "NOTED" || word == "RECOMMENDED") && text[:loc[2]] == "" && !strings.HasPrefix(text, word) {
		return nil, false
	}
	if strings.EqualFold(word, "noted") && word != "NOTED" {
		return nil, false
	}
	rest := strings.TrimSpace(text[loc[1]:])
	lead := strings.TrimSpace(text[:loc[1]])
	// Parts: list items under the block, or after it.
	var items []int
	if kids := d.Children(j); len(kids) > 0 {
		items = kids
	} else if rest == "" || strings.HasSuffix(text, ":") || strings.HasSuffix(text, ":-") || strings.HasSuffix(strings.ToLower(text), "that") {
		for k := j + 1; k < s.p.End; k++ {
			n := &d.Blocks[k]
			if n.Kind == model.ListItem && n.Marker.Style != model.Bullet || n.Kind == model.ListItem && len(items) > 0 {
				if len(items) > 0 && !n.Marker.SameList(d.Blocks[items[0]].Marker) && n.Level <= d.Blocks[items[0]].Level {
					break
				}
				if len(items) > 0 && n.Level > d.Blocks[items[len(items)-1]].Level {
					continue // a sub-part stays with its part
				}
				items = append(items, k)
				continue
			}
			if len(items) == 0 && n.Kind == model.ListItem && n.Marker.Style == model.Bullet {
				items = append(items, k)
				continue
			}
			break
		}
	}
	if len(items) > 0 {
		var out []part
		for _, k := range items {
			t := d.TextOf(k, d.End(k))
			if m, r := model.ParseMarker(t); m.Valid() {
				t = r
			}
			out = append(out, part{t, d.Blocks[k].Page})
			for x := k; x < d.End(k); x++ {
				used[x] = true
			}
		}
		if rest != "" && !strings.HasSuffix(rest, ":") && !strings.HasSuffix(strings.ToLower(rest), "that") && model.Words(rest) > 6 {
			out = append([]part{{text, b.Page}}, out...)
		}
		return out, true
	}
	if _, parts := model.SplitInline(rest); len(parts) >= 2 {
		var out []part
		for _, p := range parts {
			out = append(out, part{p.Text, b.Page})
		}
		return out, true
	}
	if rest == "" {
		// "RESOLVED" alone: the paragraphs that follow in the "That …"
		// form are the resolution.
		var out []part
		for k := j + 1; k < s.p.End && k <= j+4; k++ {
			n := &d.Blocks[k]
			if n.Kind == model.Heading || !thatForm.MatchString(n.Text) && len(out) > 0 {
				break
			}
			out = append(out, part{n.Full(), n.Page})
			used[k] = true
			if !thatForm.MatchString(n.Text) {
				break
			}
		}
		return out, len(out) > 0
	}
	_ = lead
	return []part{{text, b.Page}}, true
}

func lastLine(s string) string {
	if k := strings.LastIndexByte(s, '\n'); k >= 0 {
		return s[k+1:]
	}
	return s
}

// formDecisions reads decisions from a decision-maker's form in any paper:
// "Decision:" and the "I agree to: (a) … (b) …" that follows.
func formDecisions(d *model.Doc, from, to int, number, topic, date string) []corpus.Item {
	var out []corpus.Item
	for j := from; j < to; j++ {
		b := &d.Blocks[j]
		text := strings.TrimSpace(b.Text)
		if b.Kind == model.Table {
			// A form's label cell: "Decision: | As Cabinet Member …".
			for _, r := range b.Table.Rows {
				if len(r.Cells) >= 2 && decisionLabel.MatchString(r.Cells[0]) {
					out = append(out, decisionParts(r.Cells[1], r.Page, number, topic, date)...)
				}
			}
			continue
		}
		m := decisionLabel.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		body := strings.TrimSpace(m[1])
		// The decision's text: the rest of the block, else the blocks
		// after the label up to the next heading or label.
		page := b.Page
		var parts []string
		if body != "" {
			parts = append(parts, body)
		}
		k := j + 1
		for ; k < to; k++ {
			n := &d.Blocks[k]
			if n.Kind == model.Heading || reasonLabel.MatchString(n.Text) || decisionLabel.MatchString(n.Text) {
				break
			}
			if body != "" && n.Kind != model.ListItem && !iAgree.MatchString(body) {
				break
			}
			parts = append(parts, n.Full())
			if page == 0 {
				page = n.Page
			}
		}
		j = k - 1
		out = append(out, decisionParts(strings.Join(parts, "\n"), page, number, topic, date)...)
	}
	return out
}

// reasonLabel ends a decision form's decision: the form's next field.
var reasonLabel = regexp.MustCompile(`(?i)^(?:reasons?\s+for\s+(?:the\s+)?decision|alternatives?\s+considered|options?\s+considered|any\s+interest|background|cabinet\s+committee|signed|date\s*:|conflicts?\s+of\s+interest)`)

// decisionParts splits a decision into its parts: "(a) … (b) …" one per
// part, the lead-in dropped.
func decisionParts(text string, page int, number, topic, date string) []corpus.Item {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	mk := func(t string) corpus.Item {
		return corpus.Item{Kind: corpus.KindDecision, Number: number, Title: topic, Topic: topic, Text: strings.TrimSpace(t), Page: page, Date: date}
	}
	lines := strings.Split(text, "\n")
	var labelled []string
	for _, l := range lines {
		if m, rest := model.ParseMarker(l); m.Valid() && m.Style != model.Bullet && !m.Weak {
			labelled = append(labelled, rest)
		} else if len(labelled) > 0 {
			labelled[len(labelled)-1] += " " + l
		}
	}
	if len(labelled) >= 2 {
		var out []corpus.Item
		for _, l := range labelled {
			out = append(out, mk(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(l), "; and"), ";")))
		}
		return out
	}
	if _, parts := model.SplitInline(strings.Join(lines, " ")); len(parts) >= 2 {
		var out []corpus.Item
		for _, p := range parts {
			out = append(out, mk(p.Text))
		}
		return out
	}
	return []corpus.Item{mk(strings.Join(lines, " "))}
}
