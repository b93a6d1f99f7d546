package recommend

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
)

const (
	srcTable    = "monitoring-table"
	srcReport   = "report-recommendation"
	srcExternal = "external-report"
)

var (
	// A "Recommendation(s)" heading, optionally numbered: "5. RECOMMENDATIONS".
	recHeading = regexp.MustCompile(`(?i)^(?:\d+(?:\.\d+)*\.?\s+)?recommendations?\b(?:\s+(?:to|for)\b[^.]*)?\s*[:.]?$`)
	// List markers at the start of an item: "1.", "2)", "(a)", "b)", "(iv)", "1.2", bullets.
	marker = regexp.MustCompile(`^(\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,5})[.)]|\d{1,2}\.\d{1,2}|[•·▪◦●\-–*])\s+`)
	// Inline parts: "(i) notes …; (ii) approves …".
	inlinePart = regexp.MustCompile(`(?:^|[\s:;,])\(((?:[ivx]{1,5})|[a-z]|\d{1,2})\)\s+`)

	askedTo     = textscan.Guard(regexp.MustCompile(`(?i)\b(?:is|are)\s+(?:therefore\s+|now\s+|also\s+)?(?:asked|requested|invited|recommended|requested)\s+to\b`), recCue)
	itIsRecd    = textscan.Guard(regexp.MustCompile(`(?i)\bit\s+is\s+(?:\w+\s+)?recommended\b`), textscan.Fold("recommended"))
	recdThat    = textscan.Guard(regexp.MustCompile(`(?i)\brecommend(?:ed|s)?\s+that\b`), textscan.Fold("recommend"))
	ownRecLead  = regexp.MustCompile(`(?i)^(?:that\b|it\s+is\s+(?:\w+\s+)?recommended|(?:\w+\s+){1,6}(?:is|are)\s+(?:\w+\s+)?(?:asked|requested|invited|recommended)\s+to\b|(?:to\s+)?(?:note|notes|noting|approve|approves|agree|agrees|endorse|endorses|consider|considers|delegate|authorise|authorize|adopt|receive|comment|support|recommend)\b)`)
	sentenceEnd = regexp.MustCompile(`[.!?]["'’”)]?\s+`)
)

// recCue holds when text has a word that askedTo, itIsRecd or recdThat
// needs: without one, no sentence of it recommends.
var recCue = textscan.Fold("recommend", "asked", "requested", "invited")

// terminal reports whether s ends as `[.:;!?]["'’”)]?$` matches: a stop,
// colon, semicolon, ! or ?, perhaps closed by one quote or bracket.
// Why not the expression: anchored only at its end, it scanned the whole of
// a growing paragraph for every line added to it.
func terminal(s string) bool {
	const stops = ".:;!?"
	for _, q := range []string{`"`, `'`, "’", "”", ")"} {
		if t, ok := strings.CutSuffix(s, q); ok {
			return t != "" && strings.IndexByte(stops, t[len(t)-1]) >= 0
		}
	}
	return s != "" && strings.IndexByte(stops, s[len(s)-1]) >= 0
}

// para is a paragraph or list item with where its text came from.
type para struct {
	text   string
	number string
	pages  []int // page of each line start
	starts []int // byte offset of each line in text
	topic  string
	isHead bool
	// heading typography, when isHead
	size float64
	bold bool
}

func (p *para) pageAt(off int) int {
	pg := p.pages[0]
	for i, s := range p.starts {
		if s <= off {
			pg = p.pages[i]
		}
	}
	return pg
}

func (p *para) add(text string, page int) {
	if p.text != "" {
		if strings.HasSuffix(p.text, "-") && !strings.HasSuffix(p.text, " -") {
		} else {
			p.text += " "
		}
	}
	p.starts = append(p.starts, len(p.text))
	p.pages = append(p.pages, page)
	p.text += text
}

// blockIsHeading: every line of the block is set as a heading, the block is
// short, and it does not read as a recommendation sentence.
func blockIsHeading(ls []corpus.Line, body float64) bool {
	total := ""
	for _, l := range ls {
		if !headingStyle(l, body) {
			return false
		}
		total += " " + l.Text
	}
	t := norm(total)
	if words(t) > 25 || askedTo.MatchString(t) || itIsRecd.MatchString(t) || marker.MatchString(t) && words(t) > 8 {
		return false
	}
	return true
}

// paragraphs turns the pages into headings and paragraphs, skipping lines
// that belong to tracker tables (skip[page][line]).
func paragraphs(pages []corpus.Page, body float64, skip map[[2]int]bool) []*para {
	var out []*para
	var cur *para
	topic := ""
	maxLen := 0
	lastLen := 0
	for pi, pg := range pages {
		// group lines into blocks
		for i := 0; i < len(pg.Lines); {
			j := i + 1
			for j < len(pg.Lines) && pg.Lines[j].Block == pg.Lines[i].Block {
				j++
			}
			blk := pg.Lines[i:j]
			bi := i
			i = j
			var keep []corpus.Line
			for k, l := range blk {
				if !skip[[2]int{pi, bi + k}] && strings.TrimSpace(l.Text) != "" {
					keep = append(keep, l)
				}
			}
			if len(keep) == 0 {
				continue
			}
			if blockIsHeading(keep, body) {
				t := ""
				for _, l := range keep {
					t += " " + l.Text
				}
				t = norm(t)
				topic = t
				cur = nil
				out = append(out, &para{text: t, pages: []int{pg.Number}, starts: []int{0}, isHead: true, size: keep[0].Size, bold: keep[0].Bold, topic: t})
				continue
			}
			// A paragraph broken by a page: continue it when the previous
			// one did not end a sentence and this block starts in lower case.
			first := norm(keep[0].Text)
			cont := cur != nil && cur.pages[len(cur.pages)-1] != pg.Number && !terminal(cur.text) &&
				first != "" && strings.ToLower(first[:1]) == first[:1] && !marker.MatchString(first)
			if !cont {
				cur = nil
			}
			maxLen = 0
			for _, l := range keep {
				if n := len(norm(l.Text)); n > maxLen {
					maxLen = n
				}
			}
			for _, l := range keep {
				nt := norm(l.Text)
				t := nt
				m := marker.FindStringSubmatch(t)
				brk := cur == nil || m != nil ||
					(terminal(cur.text) && lastLen < maxLen*3/4 && maxLen > 40)
				if len(l.Cells) > 1 {
					brk = true
				}
				if brk {
					cur = &para{topic: topic}
					out = append(out, cur)
					if m != nil {
						cur.number = strings.Trim(m[1], "()")
						t = strings.TrimSpace(t[len(m[0]):])
						if strings.ContainsAny(cur.number, "•·▪◦●-–*") {
							cur.number = ""
						}
					}
				}
				cur.add(t, pg.Number)
				lastLen = len(nt)
			}
		}
	}
	return out
}

// sentences splits text at sentence ends, returning each sentence's offset.
func sentences(text string) (out []string, offs []int) {
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(text, -1) {
		s := text[start:m[1]]
		// Do not split after abbreviations or initials ("e.g.", "No.", "J.").
		w := strings.Fields(s)
		last := w[len(w)-1]
		if len(last) <= 3 && strings.HasSuffix(strings.TrimRight(last, "\"'’”)"), ".") && !strings.ContainsAny(last[:1], "0123456789") {
			continue
		}
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
			offs = append(offs, start)
		}
		start = m[1]
	}
	if strings.TrimSpace(text[start:]) != "" {
		out = append(out, strings.TrimSpace(text[start:]))
		offs = append(offs, start)
	}
	return
}

// classify says whose recommendation a sentence or list item is.
func classify(lead, text string) string {
	if ownRecLead.MatchString(strings.TrimSpace(lead)) || ownRecLead.MatchString(strings.TrimSpace(text)) {
		return srcReport
	}
	return srcExternal
}

func recItem(text, number, topic, source string, page int) corpus.Item {
	return corpus.Item{Kind: corpus.KindRecommendation, Text: norm(text), Number: number, Topic: topic, Source: source, Page: page}
}

// splitInline splits "… the Committee: (i) notes …; (ii) approves …" into
// its parts, each prefixed with the lead-in. It returns nil when the text has
// fewer than two parts.
func splitInline(text string) (lead string, parts, nums []string) {
	ms := inlinePart.FindAllStringSubmatchIndex(text, -1)
	if len(ms) < 2 {
		return "", nil, nil
	}
	lead = strings.TrimSpace(text[:ms[0][0]+1])
	for i, m := range ms {
		end := len(text)
		if i+1 < len(ms) {
			end = ms[i+1][0] + 1
		}
		p := strings.TrimSpace(text[m[1]:end])
		p = strings.TrimSuffix(strings.TrimSuffix(p, ";"), " and")
		p = strings.TrimSuffix(strings.TrimSpace(p), ";")
		parts = append(parts, p)
		nums = append(nums, text[m[2]:m[3]])
	}
	return lead, parts, nums
}

// proseRecommendations reads recommendation sections and recommending sentences.
func proseRecommendations(ps []*para) []corpus.Item {
	var out []corpus.Item
	inSection := false
	var secHead *para
	lead := ""
	for idx, p := range ps {
		if p.isHead {
			if recHeading.MatchString(p.text) {
				inSection, secHead, lead = true, p, ""
				continue
			}
			// A lower-level heading inside the section (e.g. a bold
			// sub-heading under a large one) does not end it.
			if inSection && secHead != nil && secHead.size > 0 && p.size > 0 && p.size < secHead.size-0.5 && !p.bold {
				continue
			}
			inSection = false
			continue
		}
		if inSection {
			topic := secHead.text
			if p.number == "" && strings.HasSuffix(p.text, ":") && idx+1 < len(ps) && ps[idx+1].number != "" {
				lead = p.text
				continue
			}
			src := classify(lead, p.text)
			if l, parts, nums := splitInline(p.text); parts != nil {
				for i, part := range parts {
					out = append(out, recItem(l+" "+part, nums[i], topic, classify(l, part), p.pages[0]))
				}
				continue
			}
			text := p.text
			if lead != "" && p.number != "" {
				text = lead + " " + text
			}
			out = append(out, recItem(text, p.number, topic, src, p.pages[0]))
			continue
		}
		if !recCue(p.text) {
			continue // no sentence of it can recommend
		}
		ss, offs := sentences(p.text)
		for si, s := range ss {
			var src string
			switch {
			case itIsRecd.MatchString(s) || askedTo.MatchString(s):
				src = srcReport
			case recdThat.MatchString(s):
				src = srcExternal
			default:
				continue
			}
			// A sentence ending in ":" introduces a list: one item per part.
			if strings.HasSuffix(s, ":") && src == srcReport {
				k := idx + 1
				n := 0
				for ; k < len(ps) && !ps[k].isHead && ps[k].number != ""; k++ {
					out = append(out, recItem(s+" "+ps[k].text, ps[k].number, p.topic, classify(s, ps[k].text), ps[k].pages[0]))
					ps[k].text = "" // consumed
					n++
				}
				if n > 0 {
					continue
				}
			}
			if l, parts, nums := splitInline(s); parts != nil {
				for i, part := range parts {
					out = append(out, recItem(l+" "+part, nums[i], p.topic, src, p.pageAt(offs[si])))
				}
				continue
			}
			out = append(out, recItem(s, p.number, p.topic, src, p.pageAt(offs[si])))
		}
	}
	return out
}

func findRecommendations(pages []corpus.Page, body float64) []corpus.Item {
	tables, skip := trackerTables(pages, body)
	ps := paragraphs(pages, body, skip)
	return append(proseRecommendations(ps), tables...)
}
