package funding

import (
	"regexp"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
)

// Extract returns the funding items found in a document's pages: Kind
// funding, Recipient, Amount (pounds), Currency "GBP", Fund, Period,
// Purpose, Text (the sentence or table row), Page. Ingest assigns IDs etc.
func Extract(pages []corpus.Page) []corpus.Item {
	x := &extractor{}
	for _, p := range pages {
		x.page(p)
	}
	x.release()
	return x.items
}

type extractor struct {
	items  []corpus.Item
	fund   string // fund named by the nearest heading above
	period string // period named by the nearest heading or period line above
	table  *tableHeader
	// held is a paragraph with money in it that stopped mid-sentence or at
	// a colon, at the end of a block or page: it continues in the next
	// paragraph ("invested £13,393 in:" and its bullets; a sentence
	// broken by a page break).
	held     string
	heldPage int
}

// release processes the held paragraph on its own.
func (x *extractor) release() {
	if x.held != "" {
		h, p := x.held, x.heldPage
		x.held = ""
		x.prose(h, p)
	}
}

// openEnd reports whether text ends as `(?:[^.!?"”’)]|:)$` matches: in
// anything but a full stop, !, ?, closing quote or bracket. Why not the
// expression: anchored only at its end, it scanned the whole paragraph.
func openEnd(text string) bool {
	return text != "" && !strings.ContainsRune(`.!?")`, rune(text[len(text)-1])) &&
		!strings.HasSuffix(text, "”") && !strings.HasSuffix(text, "’")
}

// paragraph processes one paragraph, joining it to a held one.
func (x *extractor) paragraph(text string, page int) {
	if x.held != "" {
		if strings.HasSuffix(x.held, ":") || startsLower(text) || x.heldPage != page {
			text = x.held + " " + text
			page = x.heldPage
			x.held = ""
		} else {
			x.release()
		}
	}
	if openEnd(text) {
		x.held, x.heldPage = text, page
		return
	}
	x.prose(text, page)
}

// page walks a page's blocks in reading order. The lines of one block are
// gathered even when a table layout interleaves them with other blocks.
func (x *extractor) page(p corpus.Page) {
	type block struct {
		lines []corpus.Line
	}
	var order []int
	blocks := map[int]*block{}
	for _, l := range p.Lines {
		b, ok := blocks[l.Block]
		if !ok || l.Block == 0 {
			b = &block{}
			key := l.Block
			if key == 0 { // HTML and unknown layouts: every line its own block
				key = -len(order) - 1
			}
			blocks[key] = b
			order = append(order, key)
		}
		b.lines = append(b.lines, l)
	}
	for _, k := range order {
		var para []string
		flush := func() {
			if len(para) > 0 {
				x.paragraph(joinLines(para), p.Number)
				para = nil
			}
		}
		for _, l := range blocks[k].lines {
			t := strings.TrimSpace(l.Text)
			switch {
			case len(l.Cells) > 1:
				flush()
				x.release()
				x.row(l, p.Number)
			case periodLineRe.MatchString(t):
				flush()
				x.release()
				x.period = findPeriod(t)
			case isHeading(lineish{Text: t, Cells: l.Cells, Bold: l.Bold, Level: l.Level}) &&
				!(len(para) > 0 && startsLower(t)):
				flush()
				x.release()
				x.fund = fundIn(t, 0, headingFundRe)
				x.period = findPeriod(t)
			default:
				para = append(para, t)
			}
		}
		flush()
	}
}

// prose finds the awards in one paragraph.
func (x *extractor) prose(para string, page int) {
	if !moneyCue(para) {
		return // no sentence of it has an amount, so none is an award
	}
	prevRecipient := ""
	var all []string
	// a bullet ending in a colon owns the bullets under it that carry no
	// money of their own: "invested £13,393 in: • A hotel watch ... • ..."
	var pieces []string
	for _, item := range bulletRe.Split(para, -1) {
		if n := len(pieces); n > 0 && strings.Contains(pieces[n-1], ":") && !strings.Contains(item, "£") &&
			strings.HasSuffix(strings.TrimSpace(pieces[n-1]), ":") || n > 0 && pieces[n-1] != "" && strings.HasPrefix(pieces[n-1], "\x00") && !strings.Contains(item, "£") {
			pieces[n-1] = strings.TrimSuffix(pieces[n-1], " ") + " " + item
			if !strings.HasPrefix(pieces[n-1], "\x00") {
				pieces[n-1] = "\x00" + pieces[n-1]
			}
			continue
		}
		pieces = append(pieces, item)
	}
	for _, item := range pieces {
		all = append(all, sentences(strings.TrimPrefix(item, "\x00"))...)
	}
	for _, s := range all {
		for _, it := range x.sentence(s, prevRecipient) {
			it.Page = page
			x.items = append(x.items, it)
			if it.Recipient != "" {
				prevRecipient = it.Recipient
			}
		}
	}
}

// bulletRe splits a paragraph at list bullets, which some renders keep
// as characters in the text.
var bulletRe = textscan.Guard(regexp.MustCompile(`(?:^|\s)[•▪◦●○■□➢►‣⁃](?:\s|$)`), textscan.Any("•", "▪", "◦", "●", "○", "■", "□", "➢", "►", "‣", "⁃"))

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

var (
	// listIntroRe introduces a list of awards: "the following donations
	// were agreed:", "grants were awarded as follows:".
	listIntroRe = textscan.Guard(regexp.MustCompile(`(?i)(?:following|these)\s+(?:\w+\s+){0,3}(?:donations?|grants?|awards?|allocations?|contributions?)\b[^:£]{0,80}:|(?:donations?|grants?|awards?|allocations?)\s+(?:were|was|are|have been)\s+(?:agreed|approved|awarded|made|allocated)\s+(?:as\s+follows\s*)?:`),
		textscan.All(textscan.Any(":"), textscan.Fold("donation", "grant", "award", "allocation", "contribution")))
	splitPartsRe = regexp.MustCompile(`^\s*\((?:split\s+|of which\s+)?`)
)

// sentence returns the awards in one sentence. prevRecipient is the
// recipient of the paragraph's previous award, for "A further £40,000 has
// been invested in ...".
func (x *extractor) sentence(s, prevRecipient string) []corpus.Item {
	ms := findMoney(s)
	if len(ms) == 0 {
		return nil
	}
	listFrom := -1
	if loc := listIntroRe.FindStringIndex(s); loc != nil {
		listFrom = loc[1]
	}
	var out []corpus.Item
	skipUntil := -1
	for i, m := range ms {
		if m.start < skipUntil {
			continue
		}
		if listFrom >= 0 && m.start > listFrom {
			if it, ok := x.listItem(s, listFrom, m); ok {
				out = append(out, it)
			}
			continue
		}
		c := classify(s, m)
		if !c.ok {
			continue
		}
		it := x.newItem(s, m)
		it.Recipient = recipient(s, m, c, prevRecipient)
		rest := s[m.end:]
		// "£7.3m spend budget (split £4.0m TVP / £3.3m HC) to fund ...":
		// the parts are awards of the same money to the bodies named.
		var parts []corpus.Item
		if open := strings.Index(rest, "("); open >= 0 && open < 30 {
			if close := strings.Index(rest[open:], ")"); close > 0 {
				inner := rest[open : open+close+1]
				partMs := findMoney(inner)
				if len(partMs) >= 2 && splitPartsRe.MatchString(inner) {
					for j, pm := range partMs {
						end := len(inner) - 1
						if j+1 < len(partMs) {
							end = partMs[j+1].start
						}
						name := strings.Trim(inner[pm.end:end], " /,;&)")
						name = strings.TrimSuffix(strings.TrimSpace(name), " and")
						if name == "" || len(strings.Fields(name)) > 6 {
							continue
						}
						p := it
						p.Amount = pm.amount
						p.Recipient = name
						parts = append(parts, p)
					}
					skipUntil = m.end + open + close + 1
					rest = rest[open+close+1:]
				}
			}
		}
		it.Purpose = purpose(s, m, rest)
		for j := range parts {
			parts[j].Purpose = it.Purpose
		}
		out = append(out, it)
		out = append(out, parts...)
		_ = i
	}
	return out
}

func (x *extractor) newItem(s string, m money) corpus.Item {
	it := corpus.Item{
		Kind:     corpus.KindFunding,
		Amount:   m.amount,
		Currency: "GBP",
		Text:     s,
		Fund:     fundIn(s, m.start, fundRe),
		Period:   findPeriod(s),
	}
	if it.Fund == "" {
		it.Fund = x.fund
	}
	if it.Period == "" {
		it.Period = x.period
	}
	return it
}

// listItem reads "Name - £50.00" from a list of awards introduced earlier
// in the sentence; items are separated by semicolons.
func (x *extractor) listItem(s string, from int, m money) (corpus.Item, bool) {
	seg := s[from:m.start]
	if i := strings.LastIndexAny(seg, ";:"); i >= 0 {
		seg = seg[i+1:]
	}
	// a previous item's amount may end the segment: "£50.00 Salem Club - "
	if ms := findMoney(seg); len(ms) > 0 {
		seg = seg[ms[len(ms)-1].end:]
	}
	name := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(seg), "-–—:=,"))
	if name == "" || negativeHard.MatchString(name) {
		return corpus.Item{}, false
	}
	it := x.newItem(s, m)
	it.Recipient = name
	it.Text = strings.TrimSpace(seg) + " " + s[m.start:m.end]
	return it, true
}
