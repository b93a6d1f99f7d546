package minutes

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/model"
)

var (
	// "Question 1 from Councillor X to the Cabinet Member for Y",
	// "Supplementary question", "Q3.", "Public question".
	questionLabel = regexp.MustCompile(`(?i)^(?:(?:supplementary|public|members?'?|written|oral)\s+)?(?:question|q)\s*(?:\d+[a-z]?)?\s*(?:from\b[^:]*)?\s*[:.–-]?\s*(.*)$`)
	questionWord  = regexp.MustCompile(`(?i)^(?:(?:supplementary|public|members?'?|written|oral)\s+)?(?:question|q\d)`)
	// "Answer:", "Reply from Councillor X:", "Response:", "Councillor X replied:".
	answerLabel = regexp.MustCompile(`(?i)^(?:(?:supplementary\s+)?(?:answer|reply|response)(?:\s+(?:from|by)\b[^:]{0,80})?\s*[:.–-]\s*|(?:the\s+)?(?:leader|chair(?:man)?|cabinet\s+member[^:]{0,60}|(?:councillor|cllr)\s+[\w' -]{1,40}|portfolio\s+holder|mayor)\s+(?:replied|responded|answered|said\s+in\s+reply)\s*(?:that|:)?\s*|in\s+(?:response|reply)[,:]?\s*)(.*)$`)
)

// unanswered is what minutes say of a question that got no answer.
var unanswered = regexp.MustCompile(`(?i)\b(?:was|were)\s+not\s+(?:reached|answered|put|asked)\b|\bnot\s+present\s+to\s+ask\b|\bquestion\s+(?:was|has\s+been)\s+withdrawn\b`)

// questions reads the questions put at the meeting, each with its answer:
// labelled questions and answers (a questions paper, or a table whose
// first column holds the labels), and a minute's numbered questions
// followed by their answers.
func (s *set) questions() []corpus.Item {
	var out []corpus.Item
	d := s.d
	type open struct {
		q      []string
		a      []string
		page   int
		m      *minute
		inAns  bool
		active bool
	}
	var cur open
	flush := func() {
		if cur.active && len(cur.q) > 0 && len(cur.a) > 0 && !unanswered.MatchString(strings.Join(cur.a, " ")) {
			it := corpus.Item{Kind: corpus.KindQuestion, Text: strings.Join(cur.q, "\n"), Response: strings.Join(cur.a, "\n"), Page: cur.page, Date: s.date}
			if cur.m != nil {
				it.Number, it.Topic = cur.m.number, cur.m.title
			}
			out = append(out, it)
		}
		cur = open{}
	}
	for j := s.p.Start; j < s.p.End; j++ {
		b := &d.Blocks[j]
		m := s.minuteOf(j)
		if b.Kind == model.Table {
			flush()
			out = append(out, s.questionTable(j, m)...)
			continue
		}
		text := strings.TrimSpace(b.Text)
		if m != nil && m.head == j {
			flush()
			if m.rest == "" {
				continue
			}
			text = m.rest
		}
		if qm := questionLabel.FindStringSubmatch(text); qm != nil && questionWord.MatchString(text) && (b.Kind == model.Heading || strings.ContainsAny(text[:min(len(text), 60)], ":.") || model.Words(text) <= 15) {
			flush()
			cur = open{active: true, page: b.Page, m: m}
			if q := strings.TrimSpace(qm[1]); q != "" && model.Words(q) > 3 {
				cur.q = append(cur.q, q)
			}
			continue
		}
		if am := answerLabel.FindStringSubmatch(text); am != nil && cur.active {
			cur.inAns = true
			if a := strings.TrimSpace(am[1]); a != "" {
				cur.a = append(cur.a, a)
			}
			continue
		}
		if cur.active {
			if b.Kind == model.Heading || m != cur.m {
				flush()
				continue
			}
			if cur.inAns {
				cur.a = append(cur.a, b.Full())
			} else {
				cur.q = append(cur.q, b.Full())
			}
			continue
		}
	}
	flush()
	out = append(out, s.numberedQuestions()...)
	return out
}

// questionTable reads a table whose first column labels its rows:
// Question | …, Answer | …, Supplementary question | ….
func (s *set) questionTable(j int, m *minute) []corpus.Item {
	var out []corpus.Item
	var q, a []string
	page := 0
	flush := func() {
		if len(q) > 0 && len(a) > 0 {
			it := corpus.Item{Kind: corpus.KindQuestion, Text: strings.Join(q, "\n"), Response: strings.Join(a, "\n"), Page: page, Date: s.date}
			if m != nil {
				it.Number, it.Topic = m.number, m.title
			}
			out = append(out, it)
		}
		q, a = nil, nil
	}
	for _, r := range s.d.Blocks[j].Table.Rows {
		if len(r.Cells) < 2 {
			continue
		}
		label := strings.TrimSpace(r.Cells[0])
		body := strings.Join(r.Cells[1:], " ")
		switch {
		case questionWord.MatchString(label) && model.Words(label) <= 6:
			flush()
			q, page = append(q, body), r.Page
		case answerLabel.MatchString(label+":") && model.Words(label) <= 6 || strings.EqualFold(label, "answer") || strings.EqualFold(label, "response") || strings.EqualFold(label, "reply"):
			a = append(a, body)
		}
	}
	flush()
	return out
}

// numberedQuestions reads a minute's numbered questions: a run of numbered
// paragraphs, most of them questions, each followed by unnumbered answer
// paragraphs.
func (s *set) numberedQuestions() []corpus.Item {
	var out []corpus.Item
	d := s.d
	for _, m := range s.minutes {
		var runs []int
		for j := m.head + 1; j < m.end; j++ {
			b := &d.Blocks[j]
			if b.Kind == model.ListItem && b.Marker.Style == model.Decimal && b.Level == 0 {
				runs = append(runs, j)
			}
		}
		if len(runs) < 2 {
			continue
		}
		asked := 0
		for _, j := range runs {
			if strings.Contains(d.Blocks[j].Text, "?") {
				asked++
			}
		}
		if asked*2 < len(runs) {
			continue
		}
		for k, j := range runs {
			end := m.end
			if k+1 < len(runs) {
				end = runs[k+1]
			}
			var ans []string
			for x := j + 1; x < end; x++ {
				n := &d.Blocks[x]
				if n.Kind == model.Heading || resolvedLead.MatchString(n.Text) {
					break
				}
				ans = append(ans, n.Full())
			}
			if len(ans) == 0 {
				continue
			}
			out = append(out, corpus.Item{Kind: corpus.KindQuestion, Number: d.Blocks[j].Marker.Number, Topic: m.title, Text: d.Blocks[j].Text, Response: strings.Join(ans, "\n"), Page: d.Blocks[j].Page, Date: s.date})
		}
	}
	return out
}
