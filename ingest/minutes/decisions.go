package minutes

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/model"
)

var (
	// A resolution's lead: "RESOLVED that", "Resolved:", "AGREED –",
	// "DECIDED:", "Decision:", "RECOMMENDED to County Council that".
	resolvedLead = regexp.MustCompile(`^(?:it\s+was\s+(?:unanimously\s+)?|(?:the\s+)?(?:[A-Z][\w-]*\s+){1,4})?(RESOLVED|AGREED|DECIDED|NOTED|RECOMMENDED|Resolved|Agreed|Decided)\b(?:\s+(?:unanimously|UNANIMOUSLY))?\s*(?:[:.–—-]+\s*|\s+(?:that|to|That|To)\b|\s+(?:to\s+)?[A-Za-z(]|$)`)
	// Prose decisions: "It was resolved that", "Council agreed to",
	// "Members unanimously agreed", "Cllrs agreed that".
	agreedSentence = textscan.Guard(regexp.MustCompile(`(?i)^(?:it\s+was\s+(?:(?:then|therefore|also|further)\s+)?(?:unanimously\s+)?(?:resolved|agreed|decided)\b|(?:the\s+)?(?:council|councillors|cllrs|members|committee|panel|cabinet|board|meeting|sub-committee)\s+(?:then\s+|also\s+|unanimously\s+)?(?:resolved|agreed|decided|approved)\s+(?:that|to|the|unanimously)\b|(?:this|the\s+(?:motion|amendment|recommendation|proposal|report))\s+was\s+(?:unanimously\s+)?(?:agreed|approved|carried|accepted)\b)`),
		textscan.Fold("resolved", "agreed", "decided", "approved", "carried", "accepted"))
	// "proposed by Cllr X, seconded by Cllr Y and all approved".
	proposed   = regexp.MustCompile(`(?i)\bproposed\b`)
	seconded   = regexp.MustCompile(`(?i)\bseconded\b`)
	resultWord = regexp.MustCompile(`(?i)\b(?:agreed|approved|carried|accepted|resolved|all\s+in\s+favou?r|lost|defeated|fell|rejected|not\s+carried)\b`)
	// "– all approved", "All agreed.", "Agreed unanimously."
	bareResult = regexp.MustCompile(`(?i)^[–—-]?\s*(?:all\s+(?:approved|agreed|in\s+favou?r)|(?:agreed|approved|carried)\s+unanimously|unanimously\s+(?:agreed|approved|carried|resolved))\.?$`)
	// A resolution keyword in capitals inside a block.
	midResolved = textscan.Guard(regexp.MustCompile(`[\s)](?:RESOLVED|AGREED|DECIDED)\b`), textscan.Any("RESOLVED", "AGREED", "DECIDED"))
	// A sentence opening with the decision: "Approved and signed as
	// correct.", "Agreed that …", "Resolved to …".
	opensAgreed = regexp.MustCompile(`^(?:Approved|Agreed|Resolved|Decided|Carried|Accepted)\b`)
	// A decision reported inside a sentence: "… and it was agreed this is
	// needed", "Cllr Cobb was proposed and all Cllrs were in agreement",
	// "Both payments approved.", "Mr Thomas and Mr Davies were appointed".
	decidedInside = textscan.Guard(regexp.MustCompile(`(?i)\bproposed\s+and\s+(?:agreed|approved|accepted)\b|\bit\s+was\s+(?:\w+\s+){0,2}(?:agreed|resolved|decided)\b|\b(?:was|were|been)\s+(?:(?:unanimously|duly|formally|therefore|all)\s+)?(?:agreed|approved|resolved|appointed|elected)\b|\b(?:motion|amendment|proposal|recommendation)s?\s+(?:was|were)\s+(?:\w+\s+)?carried\b|\bin\s+agreement\s+(?:with\s+this|that)\b|\b(?:councillors|cllrs|members|council|committee|panel|cabinet)\s+(?:(?:then|also|unanimously|all|duly)\s+)?(?:agreed|approved|resolved|decided)\b|\b(?:approved|agreed)\.?$`),
		textscan.Fold("agree", "approved", "accepted", "resolved", "decided", "appointed", "elected", "carried"))
	// "The Committee NOTED the report." — noting, in capitals, is the
	// meeting's decision; "noted" in prose is not.
	// "The report was noted.", "The update was otherwise noted.": the
	// meeting's decision on a paper it received.
	reportNoted   = regexp.MustCompile(`(?i)^(?:the\s+)?(?:report|update|presentation|information|work\s+programme|minutes|briefing|paper|contents?\s+of\s+the\s+report)\s+(?:was|were)\s+(?:\w+\s+)?noted\.?$`)
	notedSentence = regexp.MustCompile(`^(?:The\s+)?(?:[A-Z][\w-]*\s+){1,4}NOTED\b`)
	// "The Chairman put the substantive motion … to the vote".
	voteRe = textscan.Guard(regexp.MustCompile(`(?i)\bput\b.{0,60}\b(?:motion|amendment|recommendations?|proposal)\b.{0,100}\bto\s+(?:the\s+|a\s+)?vote\b`),
		textscan.All(textscan.Fold("put"), textscan.Fold("vote")))
	// What was proposed: "seconded the following amendment to the
	// substantive motion" proposes an amendment.
	proposedNoun = regexp.MustCompile(`(?i)\b(?:proposed|moved|seconded|put)\b[^.]{0,80}?\b(motion|amendment)\b`)
	amendmentRe  = regexp.MustCompile(`(?i)\bamendment\b`)
	wholeMotion  = regexp.MustCompile(`(?i)\b(?:amendments?|motions?|recommendations?|proposals?|proposition|observations|comments|representations|responses)\b`)
	agreedWord   = regexp.MustCompile(`(?i)\b(?:agreed|approved|resolved|awarded|decided)\b`)
	moved        = regexp.MustCompile(`(?i)\bmoved\b`)
	// A motion or amendment and its fate.
	motionRe = textscan.Guard(regexp.MustCompile(`(?i)\b(?:moved|proposed)\b.{0,200}\b(?:motion|amendment)\b|\b(?:motion|amendment)\b.{0,120}\b(?:moved|proposed)\b`),
		textscan.All(textscan.Fold("moved", "proposed"), textscan.Fold("motion", "amendment")))
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
			number, topic = s.itemAt(j, m)
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
		if (motionRe.MatchString(text) || voteRe.MatchString(text)) && !resolvedLead.MatchString(text) {
			// Its result: the first later block that gives the fate of
			// this kind of proposal (an amendment moved meanwhile is a
			// decision of its own).
			noun := "motion"
			if m := proposedNoun.FindStringSubmatch(text); m != nil {
				noun = strings.ToLower(m[1])
			} else if amendmentRe.MatchString(text) && !strings.Contains(strings.ToLower(text), "motion") {
				noun = "amendment"
			}
			end := -1
			if motionOutcome.MatchString(text) {
				end = j
			}
			for k := j + 1; end < 0 && k < s.p.End && k <= j+60; k++ {
				n := &d.Blocks[k]
				if n.Kind == model.Heading || s.minuteOf(k) != m {
					break
				}
				if motionRe.MatchString(n.Text) && !voteRe.MatchString(n.Text) {
					continue // another proposal, read on its own
				}
				if o := motionOutcome.FindString(n.Text); o != "" && strings.Contains(strings.ToLower(o), noun) {
					end = k
				}
			}
			if end >= 0 {
				var parts []string
				for _, k := range []int{j, end} {
					if !used[k] {
						parts = append(parts, d.Blocks[k].Full())
						used[k] = true
					}
				}
				// The proposal's own text and vote between them are read
				// with it; another proposal moved meanwhile is not.
				for k := j + 1; k < end; k++ {
					t := d.Blocks[k].Text
					if o := motionOutcome.FindString(t); o != "" && !strings.Contains(strings.ToLower(o), noun) {
						continue // the fate of the other proposal
					}
					if !motionRe.MatchString(t) || voteRe.MatchString(t) && noun == "amendment" {
						used[k] = true
					}
				}
				add(strings.Join(parts, "\n"), b.Page)
				continue
			}
		}
		if parts, ok := s.resolution(j, text, used); ok {
			for _, p := range parts {
				add(p.text, p.page)
			}
			continue
		}
		// A resolution inside the block: "MINUTES OF … (Agenda item 3)
		// RESOLVED: That …".
		if loc := midResolved.FindStringIndex(text); loc != nil && loc[0] > 0 {
			// From the start of the sentence the keyword is in: "The
			// notes … were AGREED as a correct record".
			sents, offs := model.Sentences(text)
			from := loc[0] + 1
			for k := range sents {
				if offs[k] <= loc[0] {
					from = offs[k]
				}
			}
			if from < loc[0]+1 && !strings.Contains(text[from:loc[0]+1], ")") && !model.Caps(text[from:loc[0]+1]) {
				add(text[from:], b.Page)
				continue
			}
			if parts, ok := s.resolution(j, text[loc[0]+1:], used); ok {
				for _, p := range parts {
					add(p.text, p.page)
				}
				continue
			}
		}
		// Prose: "It was resolved that …", "proposed … seconded … all
		// approved", "Agreed unanimously.", "Approved and signed as correct."
		sents, _ := model.Sentences(text)
		for k := 0; k < len(sents); k++ {
			sent := sents[k]
			if !mayDecide(sent) {
				continue // no word any of the rules below needs
			}
			switch {
			case notedSentence.MatchString(sent), reportNoted.MatchString(sent):
				add(sent, b.Page)
			case (agreedSentence.MatchString(sent) || decidedInside.MatchString(sent)) && k+1 < len(sents) && proposed.MatchString(sents[k+1]) && seconded.MatchString(sents[k+1]):
				// "Councillors were all in agreement that TCC give £1,000.
				// Proposed by Cllr X, seconded by Cllr Y."
				add(sent+" "+sents[k+1], b.Page)
				k++
			case bracketNote.MatchString(sent):
				// "[In relation to Minute No.10 – Topical Issues, that
				// “Exploitation” be added as work programme theme in
				// 2019 …]": a decision added to the minutes.
				add(strings.Trim(sent, "[] "), b.Page)
			case reportedDecision.MatchString(sent) || planningNotice(b, sent):
				// "These two items had been agreed at the Finance
				// Committee"; "DM/2018/00098 – New signage – approved":
				// decisions taken elsewhere, reported here.
			case anaphoricResult.MatchString(sent) && k > 0 && s.proposalBefore(sents[:k]):
				// "Cllr Richards proposed TCC give £1,000 and Cllr Hayward
				// seconded this. All Councillors were in agreement and this
				// was agreed.": the proposal and its result.
				from := k - 1
				for f := k - 1; f >= 0 && f >= k-3; f-- {
					if proposed.MatchString(sents[f]) || moved.MatchString(sents[f]) {
						from = f
						break
					}
				}
				add(strings.Join(sents[from:k+1], " "), b.Page)
			case (agreedSentence.MatchString(sent) || opensAgreed.MatchString(sent) || decidedInside.MatchString(sent) || listAfterColon(sent) != nil) &&
				!(bareResult.MatchString(sent) && k > 0 && s.proposalBefore(sents[:k])):
				if list := listAfterColon(sent); len(list) > 0 {
					for _, x := range list {
						add(x, b.Page)
					}
				} else if strings.HasSuffix(sent, ":") {
					parts := s.following(j, used)
					switch {
					case len(parts) == 0:
						add(sent, b.Page)
					case wholeMotion.MatchString(sent):
						// An amendment or a set of recommendations agreed
						// as one: one decision, with its parts.
						all := []string{sent}
						for _, p := range parts {
							all = append(all, p.text)
						}
						add(strings.Join(all, "\n"), b.Page)
					default:
						for _, p := range parts {
							add(p.text, p.page)
						}
					}
				} else {
					add(sent, b.Page)
				}
			case proposed.MatchString(sent) && seconded.MatchString(sent) && resultWord.MatchString(sent):
				add(sent, b.Page)
			case bareResult.MatchString(sent) && k > 0:
				// The result closes what was proposed a sentence or two
				// before: "Mr X proposed … No other nominations were
				// received. Agreed unanimously."
				from := k - 1
				for f := k - 1; f >= 0 && f >= k-3; f-- {
					if proposed.MatchString(sents[f]) || moved.MatchString(sents[f]) {
						from = f
						break
					}
				}
				add(strings.Join(sents[from:k+1], " "), b.Page)
			case bareResult.MatchString(sent) && k == 0 && j > s.p.Start:
				// "Agreed unanimously." closing a proposal a block or two
				// above; "– all approved." after a list of payments: the
				// list and its approval.
				from := -1
				for f := j - 1; f >= s.p.Start && f >= j-3 && s.minuteOf(f) == m; f-- {
					if proposed.MatchString(d.Blocks[f].Text) || moved.MatchString(d.Blocks[f].Text) {
						from = f
						break
					}
				}
				prev := &d.Blocks[j-1]
				switch {
				case from >= 0:
					var all []string
					for f := from; f <= j; f++ {
						all = append(all, d.Blocks[f].Full())
					}
					add(strings.Join(all, "\n"), d.Blocks[from].Page)
				case s.minuteOf(j-1) != nil && s.minuteOf(j-1).head == j-1 && s.minuteOf(j-1).rest == "":
					add(s.minuteOf(j-1).title+" "+sent, b.Page)
				default:
					add(lastLine(prev.Text)+" "+sent, b.Page)
				}
			}
		}
	}
	return out
}

var (
	// bracketNote: a bracketed note in minutes that records a decision in
	// the "that … be …" form.
	bracketNote = textscan.Guard(regexp.MustCompile(`^(?:\[[^\]]*\bthat\s+[^\]]{0,120}?\bbe\s+(?:\w+ed|made|taken|given|set|put|sent|held)\b[^\]]*\]?|[^\[\]]*\bthat\s+[^\]]{0,120}?\bbe\s+(?:\w+ed|made|taken|given|set|put|sent|held)\b[^\[\]]*\])\.?$`), textscan.All(textscan.Any("[", "]"), textscan.Fold("that")))
	// anaphoricResult: a result that points back at what was proposed.
	anaphoricResult = textscan.Guard(regexp.MustCompile(`(?i)\b(?:this|it|the\s+proposal|the\s+motion)\s+was\s+(?:unanimously\s+)?(?:agreed|approved|carried|accepted)\b|\bin\s+agreement\b`), textscan.Fold("agree", "approved", "carried", "accepted"))
	// reportedDecision: a decision taken at another time or meeting.
	reportedDecision = textscan.Guard(regexp.MustCompile(`(?i)\bhad\s+(?:already\s+)?(?:been\s+)?(?:agreed|approved|resolved|decided)\b|^at\s+(?:that|the|its|their)\s+(?:previous\s+|last\s+|earlier\s+)?meeting\b`), textscan.Fold("had", "meeting"))
	planningRef      = regexp.MustCompile(`\b[A-Z]{1,4}/\d{2,4}/\d{2,6}\b`)
	planningResult   = regexp.MustCompile(`(?i)[–—-]\s*(?:approved|refused|granted|permitted|withdrawn|conditional\s+approval)\.?$`)
)

// planningNotice reports a planning authority's decision reported to the
// meeting: an application's reference, then "– approved".
func planningNotice(b *model.Block, sent string) bool {
	return planningResult.MatchString(sent) && (planningRef.MatchString(sent) || planningRef.MatchString(b.Marker.Label))
}

// mayDecide holds for a sentence that has a word one of the prose
// decision rules needs: most sentences of minutes have none, and the
// rules' expressions are most of the time spent reading decisions.
var mayDecide = textscan.Or(textscan.Fold("agree", "resolv", "decid", "approv", "carri", "accept", "note", "elect", "appoint",
	"propos", "moved", "unanim", "lost", "defeat", "reject", "favo", "agreement"), textscan.Any(":", "[", "]"))

// proposalBefore reports a proposal in the few sentences before a bare
// result ("Mr X proposed … No other nominations. Agreed unanimously.").
func (s *set) proposalBefore(sents []string) bool {
	for f := len(sents) - 1; f >= 0 && f >= len(sents)-3; f-- {
		if proposed.MatchString(sents[f]) || moved.MatchString(sents[f]) {
			return true
		}
	}
	return false
}

// listAfterColon splits "the following donations were agreed: A - £50;
// B - £100." into its parts, when they are set out after the colon.
func listAfterColon(sent string) []string {
	lead, rest, ok := strings.Cut(sent, ":")
	if !ok || !agreedWord.MatchString(lead) {
		return nil
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ".")
	if !strings.Contains(rest, ";") {
		return nil
	}
	var out []string
	for _, x := range strings.Split(rest, ";") {
		if x = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(x), "and ")); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// following returns the parts set out after a decision that ends in a
// colon: the list items (or short lines) after it, to the next heading.
func (s *set) following(j int, used map[int]bool) []part {
	d := s.d
	var out []part
	if kids := d.Children(j); len(kids) > 0 {
		for _, k := range kids {
			// Items of the same style nested under this one are its
			// siblings set deeper by the layout, each a part of its own.
			var same []int
			for x := k + 1; x < d.End(k); x++ {
				if n := &d.Blocks[x]; n.Kind == model.ListItem && n.Marker.Style == d.Blocks[k].Marker.Style {
					same = append(same, x)
				}
			}
			if len(same) == 0 {
				out = append(out, part{d.TextOf(k, d.End(k)), d.Blocks[k].Page})
			} else {
				out = append(out, part{d.TextOf(k, same[0]), d.Blocks[k].Page})
				for n, x := range same {
					end := d.End(k)
					if n+1 < len(same) {
						end = same[n+1]
					}
					out = append(out, part{d.TextOf(x, end), d.Blocks[x].Page})
				}
			}
			for x := k; x < d.End(k); x++ {
				used[x] = true
			}
		}
		return out
	}
	var first *model.Block
	for k := j + 1; k < s.p.End; k++ {
		if n := &d.Blocks[k]; n.Kind == model.ListItem {
			if first == nil {
				first = n
			} else if !n.Marker.SameList(first.Marker) || n.Level != first.Level {
				break
			}
		}
		n := &d.Blocks[k]
		if n.Kind == model.Heading || s.minuteOf(k) != s.minuteOf(j) || n.Kind == model.Table {
			break
		}
		if n.Kind != model.ListItem && !(n.Kind == model.Paragraph && len(n.Lines) <= 2 && !model.Terminal(n.Text)) {
			if len(out) > 0 {
				break
			}
			// Lines of one paragraph, one part each.
			for _, l := range n.Lines {
				out = append(out, part{l.Text, l.Page})
			}
			used[k] = true
			break
		}
		t := n.Text
		out = append(out, part{t, n.Page})
		used[k] = true
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
				if len(items) > 0 && !n.Marker.SameList(d.Blocks[items[0]].Marker) && n.Level <= d.Blocks[items[0]].Level &&
					!n.Marker.Under(d.Blocks[items[0]].Marker) {
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
		first := d.Blocks[items[0]].Marker
		inSub := false
		for _, k := range items {
			t := d.TextOf(k, d.End(k))
			// "(a) including …" under "(1) That …", set level with it: a
			// sub-part of the part before, not a decision of its own. A
			// sub-list starts at its first label; "b)" after "A)" is the
			// next part, its case misread.
			mk := d.Blocks[k].Marker
			inSub = len(out) > 0 && mk.Under(first) && (mk.Value == 1 || inSub)
			if inSub {
				out[len(out)-1].text += "\n" + t
				for x := k; x < d.End(k); x++ {
					used[x] = true
				}
				continue
			}
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
	// "RESOLVED: (A) That … ." over "(B) That …": the first part inline,
	// the others the list items after it.
	if first, firstText := model.ParseMarker(rest); first.Valid() && first.Style != model.Bullet && !first.Weak && firstText != "" {
		out := []part{{firstText, b.Page}}
		prev := first
		for k := j + 1; k < s.p.End; k++ {
			n := &d.Blocks[k]
			if n.Kind != model.ListItem || !n.Marker.SameList(first) || !n.Marker.Follows(prev) {
				break
			}
			t := d.TextOf(k, d.End(k))
			if mk, r := model.ParseMarker(t); mk.Valid() {
				t = r
			}
			out = append(out, part{t, n.Page})
			for x := k; x < d.End(k); x++ {
				used[x] = true
			}
			prev = n.Marker
			k = d.End(k) - 1
		}
		if len(out) > 1 {
			return out, true
		}
	}
	if _, parts := model.SplitInline(rest); len(parts) >= 2 {
		var out []part
		for _, p := range parts {
			out = append(out, part{p.Text, b.Page})
		}
		return out, true
	}
	if rest == "" && (word == "NOTED" || word == "AGREED" || word == "Agreed") && (j+1 >= s.p.End || !thatForm.MatchString(d.Blocks[j+1].Text)) {
		return []part{{text, b.Page}}, true // "NOTED": the decision is the word
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
// "Decision:" and the "I agree to: (a) … (b) …" that follows. at, when
// given, names the item a label at block j is under; else every decision
// takes number and topic.
func formDecisions(d *model.Doc, from, to int, number, topic, date string, at func(j int) (number, topic string)) []corpus.Item {
	var out []corpus.Item
	if topic == "" {
		topic = formTopic(d, from, to)
	}
	for j := from; j < to; j++ {
		b := &d.Blocks[j]
		number, topic := number, topic
		if at != nil {
			number, topic = at(j)
		}
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
			if n.Kind == model.Heading || reasonLabel.MatchString(n.Text) || decisionLabel.MatchString(n.Text) || fieldLabel.MatchString(n.Text) {
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

// formTitle is a decision form's subject: "Subject Matter / Title of
// Decision: …", "Subject: …", "Title of decision: …".
var formTitle = regexp.MustCompile(`(?i)^(?:subject(?:\s+matter)?\s*/\s*title\s+of\s+(?:the\s+)?decision\s*:?|(?:subject(?:\s+matter)?|title\s+of\s+(?:the\s+)?(?:decision|report)|decision\s+title|title)\s*:)\s*(.*)$`)

// formTopic reads the subject of the decision form in blocks [from, to).
func formTopic(d *model.Doc, from, to int) string {
	for j := from; j < to; j++ {
		b := &d.Blocks[j]
		if b.Kind == model.Table {
			for _, r := range b.Table.Rows {
				if len(r.Cells) >= 2 && formTitle.MatchString(strings.TrimSpace(r.Cells[0])+":") {
					if v := strings.TrimSpace(strings.ReplaceAll(r.Cells[1], "\n", " ")); v != "" {
						return v
					}
				}
			}
			continue
		}
		if m := formTitle.FindStringSubmatch(strings.TrimSpace(b.Text)); m != nil {
			if v := strings.TrimSpace(m[1]); v != "" {
				return v
			}
			if j+1 < to {
				return strings.TrimSpace(d.Blocks[j+1].Text)
			}
		}
	}
	return ""
}

// fieldLabel ends a decision too: the next field of an agenda item
// ("Minutes:", "Additional documents:"), alone in its paragraph.
var fieldLabel = regexp.MustCompile(`(?i)^(?:minutes|additional\s+documents|supporting\s+documents|documents|background\s+papers|appendices|attachments|report\s+author)\s*:?$`)

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
	// "Cabinet agree to: A) the Commissioning Plan …": one labelled part
	// after a lead-in.
	all := strings.Join(lines, " ")
	if lead, rest, ok := strings.Cut(all, ":"); ok && iAgree.MatchString(lead+" I agree") || ok && agreedWord.MatchString(lead) || ok && strings.Contains(strings.ToLower(lead), "agree") {
		if m, part := model.ParseMarker(strings.TrimSpace(rest)); m.Valid() && !m.Weak && part != "" {
			return []corpus.Item{mk(part)}
		}
	}
	return []corpus.Item{mk(all)}
}
