package funding

import (
	"regexp"
	"strings"
	"unicode"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/model"
)

// Extract returns the funding awards in a document: one item of kind
// funding per award, with Recipient, Amount (pounds), Approximate, Funder,
// Fund, Period, Purpose, Text (the sentence, list entry or table row) and
// Page. body is the council or panel whose paper it is: the funder of the
// donations its own minutes record. Ingest assigns IDs.
//
// Agendas are skipped: what an agenda lists is business to come, not money
// given.
func Extract(d *model.Doc, body string) []corpus.Item {
	x := &extractor{d: d, body: body, giver: grantMaker(body, d), paid: map[int]bool{}, blockOf: map[int]int{}}
	for i := range d.Blocks {
		if p := d.PaperAt(i); p != nil && p.Kind == model.AgendaPaper {
			continue
		}
		if x.done[i] {
			continue
		}
		start := len(x.items)
		switch d.Blocks[i].Kind {
		case model.Table:
			x.table(i)
		default:
			x.block(i)
		}
		if start == len(x.items) {
			continue
		}
		payments := x.scopeOf(i).payments || d.Blocks[i].Kind == model.Table && x.paymentsTable(i)
		for k := start; k < len(x.items); k++ {
			x.paid[k] = payments
			x.blockOf[k] = i
		}
	}
	return x.dropPayments()
}

// dropPayments removes the cheques that pay out an award the same paper
// records as decided: "Cruse Bereavement - £50.00" agreed under
// Donations, then "Cruse Bereavement Care, Donation, Chq No 1298 50.00"
// under Accounts for payment is the same money, and counting it twice
// would double a journalist's total.
func (x *extractor) dropPayments() []corpus.Item {
	var out []corpus.Item
	for k, it := range x.items {
		if x.paid[k] && x.decidedElsewhere(k) {
			continue
		}
		// Whichever rule named the recipient, a list label is not part of
		// it, and what is left must name a body ("10iii) Further
		// information had been received from …": not a recipient).
		if r := listLabel.ReplaceAllString(it.Recipient, ""); r != it.Recipient {
			if !usableRecipient(r) {
				continue
			}
			it.Recipient = r
		}
		out = append(out, it)
	}
	return out
}

func (x *extractor) decidedElsewhere(k int) bool {
	it := x.items[k]
	paper := x.d.PaperAt(x.blockOf[k])
	for j, o := range x.items {
		if j == k || x.paid[j] || o.Amount != it.Amount || x.d.PaperAt(x.blockOf[j]) != paper {
			continue
		}
		if sharesName(o.Recipient, it.Recipient) {
			return true
		}
	}
	return false
}

// sharesName reports two names with a distinctive word in common
// ("Carms Fed of YFCs", "Carmarthenshire Federation of YFCs").
func sharesName(a, b string) bool {
	words := map[string]bool{}
	for _, w := range strings.Fields(a) {
		if w = strings.ToLower(strings.Trim(w, ".,()'’")); len(w) >= 4 && !commonOrgWord[w] {
			words[w] = true
		}
	}
	for _, w := range strings.Fields(b) {
		if words[strings.ToLower(strings.Trim(w, ".,()'’"))] {
			return true
		}
	}
	return false
}

var commonOrgWord = map[string]bool{
	"club": true, "church": true, "community": true, "council": true, "association": true, "society": true,
	"trust": true, "committee": true, "group": true, "fund": true, "festival": true, "school": true,
	"hall": true, "village": true, "care": true, "support": true, "the": true, "and": true, "donation": true,
	"chapel": true, "centre": true, "project": true, "federation": true, "friends": true,
}

type extractor struct {
	d    *model.Doc
	body string
	// giver is who gives the money when a line does not say (grantMaker).
	giver string
	items []corpus.Item
	done  map[int]bool // blocks read as part of an earlier one
	// paid marks items read under a payments heading; block is the block
	// each item came from.
	paid    map[int]bool
	blockOf map[int]int
}

// scope is what the headings and lead-ins above a block say about the money
// in it.
type scope struct {
	fund, period string
	// awards: a heading or lead-in says the money under it is given away
	// ("DONATIONS", "Financial requests", "the following grants were
	// agreed:"). payments: it says the money is paid out for the council's
	// own running ("Accounts for payment", "Payments", "Cheques").
	awards, payments bool
	// recipient is the body an item's title names as asking for or getting
	// money ("Request for funding towards the Ways of Peace Festival",
	// "Manordeilo Reading Room Committee, request for a contribution").
	recipient string
	// title is the block's own run-in title ("Village Hall Committee").
	title string
}

var (
	awardsTitle = textscan.Guard(regexp.MustCompile(`(?i)\b(?:donations?|grants?\b|awards?\b|financial\s+(?:requests?|assistance|support)|requests?\s+for\s+(?:funding|financial|a\s+(?:grant|donation|contribution)|donations?|support)|section\s+137|s\.?\s?137\b|contributions?\b|sponsorship|funding\s+(?:requests?|applications?|awarded|allocat))`),
		textscan.Fold("donation", "grant", "award", "financial", "request", "137", "contribution", "sponsorship", "funding"))
	paymentsTitle = textscan.Guard(regexp.MustCompile(`(?i)\b(?:accounts?\s+(?:for|to\s+be)\s+(?:payment|paid)|payments?\b|cheques?\b|invoices?\b|bills?\s+for\s+payment|schedule\s+of\s+payments|expenditure\b)`),
		textscan.Fold("account", "payment", "cheque", "invoice", "bill", "expenditure"))
	// A title naming who asks: "Request for funding towards the Ways of
	// Peace Festival", "Letter from Tintern Village Hall requesting a
	// donation", "Grant application – Wyeside Show".
	requestFrom    = regexp.MustCompile(`(?i)\b(?:request|application|letter|appeal|bid)s?\b[^:;.]{0,40}?\b(?:from|by)\s+(?:the\s+)?([A-Z][^,;:.()]{2,80})`)
	requestTowards = regexp.MustCompile(`(?i)\b(?:request|application)s?\s+for\s+(?:\w+\s+){0,3}?(?:towards|to|for)\s+(?:the\s+)?([A-Z][^,;:.()]{2,80})`)
	// "Manordeilo Reading Room Committee, request for a contribution":
	// the asker first.
	askerFirst = regexp.MustCompile(`^([A-Z][^,;:.()]{2,80}?)\s*(?:,|\s[-–—]\s)\s*(?:a\s+)?(?:request|application|letter|appeal)s?\b`)
)

// scopeOf reads the titles governing block i, nearest first: its own run-in
// title, then its parents'.
func (x *extractor) scopeOf(i int) scope {
	var sc scope
	var titles []string
	b := &x.d.Blocks[i]
	if t := runIn(b.Text); t != "" {
		titles = append(titles, t)
		sc.title = t
	}
	for p := b.Parent; p >= 0; p = x.d.Blocks[p].Parent {
		a := &x.d.Blocks[p]
		switch {
		case a.Kind == model.Heading:
			titles = append(titles, a.Text)
		case strings.HasSuffix(strings.TrimSpace(a.Text), ":"):
			titles = append(titles, a.Text) // a lead-in: "the following donations were agreed:"
		default:
			if t := runIn(a.Text); t != "" {
				titles = append(titles, t)
			}
		}
	}
	if b.Kind != model.Table {
		// "Carmarthen and District Youth Opera, request for financial
		// support for their 2016 Production."
		if first, _ := model.Sentences(b.Text); len(first) > 0 {
			if a := askerIn(first[0]); a != "" {
				sc.recipient = a
				titles = append([]string{first[0]}, titles...)
			}
		}
	}
	kindSet := false
	for _, t := range titles {
		if sc.fund == "" {
			sc.fund = fundIn(t, 0, headingFundRe)
		}
		if sc.period == "" {
			sc.period = findPeriod(t)
		}
		if !kindSet {
			switch {
			case paymentsTitle.MatchString(t):
				sc.payments, kindSet = true, true
			case awardsTitle.MatchString(t):
				sc.awards, kindSet = true, true
			}
		}
		if sc.recipient == "" {
			sc.recipient = askerIn(t)
		}
	}
	{
		// "2017/18:" on a line of its own, over the paragraphs of that
		// year, is nearer than any heading.
		for j := i - 1; j >= 0 && j >= i-40; j-- {
			o := &x.d.Blocks[j]
			if o.Kind == model.Heading || o.Parent != b.Parent && j < b.Parent {
				break
			}
			if periodLine.MatchString(strings.TrimSpace(o.Full())) {
				sc.period = findPeriod(o.Full())
				break
			}
		}
	}
	return sc
}

// periodLine is a line that is only a financial year, set over the text
// about that year: "2017/18:".
var periodLine = regexp.MustCompile(`^\(?(?:19|20)\d{2}\s?[/–-]\s?\d{2,4}\)?:?$`)

// mayAsk holds for a title with a word the asker expressions need.
var mayAsk = textscan.Fold("request", "application", "letter", "appeal", "bid")

// askerIn returns the body a title names as asking for money, or "".
func askerIn(t string) string {
	if !mayAsk(t) {
		return ""
	}
	for _, re := range []*regexp.Regexp{askerFirst, requestFrom, requestTowards} {
		if m := re.FindStringSubmatch(t); m != nil {
			name := cleanName(m[1])
			if i := strings.LastIndex(name, " for "); i > 0 {
				name = name[i+5:] // "Proposed Staging for Village Hall"
			}
			if looksLikeName(name) {
				return name
			}
		}
	}
	return ""
}

// runIn returns the title a paragraph opens with, "Financial requests:" or
// "Village Hall Committee – ...", when it is short; else "".
func runIn(text string) string {
	text = strings.TrimSpace(text)
	cut := -1
	for _, sep := range []string{": ", " – ", " - ", " — "} {
		if i := strings.Index(text, sep); i > 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut < 0 {
		if strings.HasSuffix(text, ":") || strings.HasSuffix(text, ":-") {
			return "" // the whole block is a lead-in, read as a title by the caller
		}
		return ""
	}
	t := strings.TrimSpace(text[:cut])
	if model.Words(t) > 12 || strings.Contains(t, "£") || !startsUpper(t) || strings.ContainsAny(t, ".;") && !abbrevOnly(t) {
		return ""
	}
	return t
}

// abbrevOnly reports whether every full stop in t closes an abbreviation
// or an initial ("C.C.C.", "Cllr.").
func abbrevOnly(t string) bool {
	for _, w := range strings.Fields(t) {
		if strings.HasSuffix(w, ".") {
			lw := strings.ToLower(strings.TrimSuffix(w, "."))
			if !abbreviations[lw] && len([]rune(lw)) > 1 && !strings.Contains(lw, ".") {
				return false
			}
		}
	}
	return !strings.Contains(t, ";")
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	return false
}

// block finds the awards in a paragraph, list item or heading.
func (x *extractor) block(i int) {
	text := x.blockText(i)
	if !moneyCue(text) {
		return
	}
	sc := x.scopeOf(i)
	x.prose(i, text, sc)
}

// blockText is the block's text with amounts set beside it in a right-hand
// column put back on their lines, and, for a lead-in ending in a colon
// whose parts carry no money ("invested £13,393 in:"), the parts appended:
// they are what the money is for.
func (x *extractor) blockText(i int) string {
	b := &x.d.Blocks[i]
	text := b.Text
	if sideMoney(b) {
		var lines []string
		for _, l := range b.Lines {
			t := l.Text
			for _, s := range l.Side {
				if moneyCue(s) || bareRe.MatchString(strings.TrimSpace(s)) {
					if !moneyCue(s) {
						s = "£" + strings.TrimSpace(s)
					}
					t += " " + s
				}
			}
			lines = append(lines, t)
		}
		text = strings.Join(lines, " ")
	}
	if strings.HasSuffix(strings.TrimSpace(text), ":") && moneyCue(text) {
		kids := x.d.Children(i)
		var parts []string
		for _, k := range kids {
			if moneyCue(x.d.Blocks[k].Text) {
				return text
			}
			parts = append(parts, strings.TrimRight(x.d.Blocks[k].Text, ";,. "))
		}
		if len(parts) > 0 {
			text += " " + strings.Join(parts, "; ")
		}
	}
	return text
}

func sideMoney(b *model.Block) bool {
	for _, l := range b.Lines {
		for _, s := range l.Side {
			if moneyCue(s) || bareRe.MatchString(strings.TrimSpace(s)) && strings.ContainsAny(s, ".,") {
				return true
			}
		}
	}
	return false
}

// prose finds the awards in a block's text: a run of "Name - £N" entries
// where it opens with one, then sentence by sentence.
func (x *extractor) prose(i int, text string, sc scope) {
	// "St Michael's Church PCC – Reissue of cheque for donation - £250" is
	// an entry whole; "Financial requests: Wales Air Ambulance - £100" is
	// one after its title.
	body := text
	var es []entry
	rest := text
	if !listIntroRe.MatchString(text) {
		es, rest = entryList(text, false)
	}
	if len(es) == 0 {
		if t := runIn(text); t != "" {
			stripped := strings.TrimLeft(strings.TrimSpace(text[len(t):]), ":-–— ")
			if es, rest = entryList(stripped, false); len(es) > 0 {
				body = stripped
			}
		}
	}
	if len(es) > 0 {
		for _, e := range es {
			x.items = append(x.items, x.entryItems(i, e, body, sc)...)
		}
		body = rest
	}
	prev := ""
	start := len(x.items)
	for _, s := range sentences(body) {
		for _, it := range x.sentence(i, s, sc, prev) {
			if it.Recipient != "" {
				prev = it.Recipient
			}
			if x.repeats(start, it) {
				continue
			}
			x.items = append(x.items, it)
		}
	}
}

// repeats reports an item that says again what one found since start (in
// the same block) said: the same amount to the same recipient, with nothing
// new about what for.
func (x *extractor) repeats(start int, it corpus.Item) bool {
	for _, o := range x.items[start:] {
		if o.Amount == it.Amount && strings.EqualFold(o.Recipient, it.Recipient) &&
			(it.Purpose == o.Purpose || it.Purpose == "" || o.Purpose == "" || it.Purpose == it.Text || o.Purpose == o.Text) {
			return true
		}
	}
	return false
}

// pageOf returns the page of block i on which the text around an amount is
// printed.
func (x *extractor) pageOf(i int, near string) int {
	b := &x.d.Blocks[i]
	near = strings.TrimSpace(near)
	if near != "" {
		for _, l := range b.Lines {
			if strings.Contains(l.Text, near) {
				return l.Page
			}
		}
	}
	return b.Page
}

// sentence returns the awards in one sentence.
func (x *extractor) sentence(i int, s string, sc scope, prevRecipient string) []corpus.Item {
	ms := findMoney(s)
	if len(ms) == 0 || negatedRe.MatchString(s) {
		return nil
	}
	// "... agreed to make the following donations: A £100, B £150 and C £75."
	// The lead-in nearest the list: "Donations: It was agreed to make the
	// following donations: A £100, …".
	if locs := listIntroRe.FindAllStringIndex(s, -1); len(locs) > 0 {
		loc := locs[len(locs)-1]
		if es, _ := entryList(s[loc[1]:], true); len(es) > 0 {
			lead := sc
			lead.awards, lead.payments = true, false
			var out []corpus.Item
			for _, e := range es {
				e.start += loc[1]
				e.end += loc[1]
				e.m.start += loc[1]
				e.m.end += loc[1]
				out = append(out, x.entryItems(i, e, s, lead)...)
			}
			return out
		}
	}
	if mayRequest(s) && requestOnly.MatchString(s) && !decidedRe.MatchString(s) {
		return nil // "They asked whether TCC would consider contributing £1,000"
	}
	if mayPrice(s) && priceRe.MatchString(s) && !giftRe.MatchString(s) {
		return nil // a quotation or an invoice: a price, not a gift
	}
	var out []corpus.Item
	skipUntil := -1
	for _, m := range ms {
		if m.start < skipUntil {
			continue
		}
		c := classify(s, m)
		statement := !c.ok && sc.fund != "" && grantStatement.MatchString(s)
		if statement {
			// "The grant for 2025-26 is the same value ... (£50m)", under
			// the grant's heading: the paper's own allocation.
			c = cue{ok: true, kind: cueShare, verbAt: -1}
		}
		gave := agreedGift(s, m)
		// Most figures have no cue at all; the rules that take a cued one
		// out of the running are run only on those that have.
		if !c.ok && !gave || notAward(s, m) {
			continue
		}
		if !c.ok {
			c = cue{ok: true, kind: cueGive, verbAt: -1}
		}
		it := x.newItem(i, s, m, sc)
		it.Recipient = recipient(s, m, c, prevRecipient)
		if statement {
			it.Recipient = x.selfName(i)
		}
		if m := possessiveAsk.FindStringSubmatch(it.Recipient); m != nil {
			it.Recipient = m[1] // "The Committee's application to the Fund"
		}
		if m := thisBody.FindStringSubmatch(it.Recipient); m != nil {
			it.Recipient = "the " + m[1] // "This Council's share": the Council
		}
		if !usableRecipient(it.Recipient) {
			it.Recipient = ""
		}
		if it.Recipient == "" || genericRecipient(it.Recipient) {
			// Who the item is about: "Carmarthen and District Youth Opera,
			// request for financial support ... it was decided to make a
			// donation of £50"; "Village Hall – ... TCC give £1,000".
			switch {
			case sc.recipient != "" && usableRecipient(sc.recipient):
				it.Recipient = sc.recipient
			case sc.title != "" && looksLikeName(sc.title) && nameEnd(sc.title) && usableRecipient(sc.title):
				it.Recipient = sc.title
			case it.Recipient == "":
				if subj := sentenceSubject(s); usableRecipient(subj) {
					it.Recipient = subj
				}
			}
		}
		if supplier(it.Recipient) || internalRe.MatchString(it.Recipient) {
			continue
		}
		if x.isBody(it.Recipient) && selfGiftRe.MatchString(s) {
			continue // "TCC ... have already contributed £1,000": the giver, not a recipient
		}
		if it.Recipient == "" {
			continue // money to no one named: a figure, not an award
		}
		rest := s[m.end:]
		// "£7.3m spend budget (split £4.0m TVP / £3.3m HC) to fund ...":
		// the parts are awards of the same money to the bodies named.
		parts, skip := splitParts(rest, it)
		if skip > 0 {
			skipUntil = m.end + skip
			rest = rest[skip:]
		}
		it.Purpose = purpose(s, m, rest)
		it.Funder = x.funder(s, m, it.Recipient)
		for j := range parts {
			parts[j].Purpose = it.Purpose
			parts[j].Funder = it.Funder
		}
		out = append(out, it)
		out = append(out, parts...)
	}
	return out
}

// splitParts reads "(split £4.0m TVP / £3.3m HC)" just after an amount: the
// shares of it and whom they go to. skip is how far the brackets run.
func splitParts(rest string, it corpus.Item) (parts []corpus.Item, skip int) {
	open := strings.Index(rest, "(")
	if open < 0 || open >= 30 {
		return nil, 0
	}
	closing := strings.Index(rest[open:], ")")
	if closing <= 0 {
		return nil, 0
	}
	inner := rest[open : open+closing+1]
	partMs := findMoney(inner)
	if len(partMs) < 2 || !splitPartsRe.MatchString(inner) {
		return nil, 0
	}
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
		p.Approximate = pm.approx
		p.Recipient = name
		parts = append(parts, p)
	}
	return parts, open + closing + 1
}

func (x *extractor) newItem(i int, s string, m money, sc scope) corpus.Item {
	it := corpus.Item{
		Kind:        corpus.KindFunding,
		Amount:      m.amount,
		Approximate: m.approx,
		Currency:    "GBP",
		Text:        s,
		Fund:        fundIn(s, m.start, fundRe),
		Period:      findPeriod(s),
		Page:        x.pageOf(i, s[m.start:m.end]),
	}
	if it.Fund == "" {
		it.Fund = sc.fund
	}
	if it.Period == "" {
		it.Period = sc.period
	}
	return it
}

var (
	listIntroRe = textscan.Guard(regexp.MustCompile(`(?i)(?:following|these|further)\s+(?:\w+\s+){0,3}(?:donations?|grants?|awards?|allocations?|contributions?|payments?)\b[^:£]{0,100}:|(?:donations?|grants?|awards?|allocations?|contributions?)\s+(?:\w+\s+){0,6}(?:were|was|are|have been|be)\s+(?:\w+\s+)?(?:agreed|approved|awarded|made|allocated|given|paid)\b[^:£]{0,60}:|(?:donations?|grants?|awards?|contributions?)\s*(?:to|for)?\s*:`),
		textscan.All(textscan.Any(":"), textscan.Fold("donation", "grant", "award", "allocation", "contribution", "payment")))
	splitPartsRe = regexp.MustCompile(`^\s*\((?:split\s+|of which\s+)?`)
	// negatedRe: a sentence that says money was not given.
	negatedRe = textscan.Guard(regexp.MustCompile(`(?i)\b(?:none\s+of|no\s+share|received\s+none|received\s+nothing|did\s+not\s+(?:receive|get|benefit|qualify)|not\s+(?:be\s+|been\s+)?(?:awarded|approved|granted|successful|supported|funded|eligible)|(?:was|were|has\s+been|have\s+been)\s+(?:declined|refused|rejected|turned\s+down|withdrawn|deferred)|unsuccessful|(?:amendment|motion)\s+(?:was|is)\s+(?:lost|defeated|not\s+carried))\b`),
		textscan.Fold("none", "no share", "nothing", "did not", "not ", "declined", "refused", "rejected", "turned down", "withdrawn", "deferred", "unsuccessful", "lost", "defeated"))
	// agreedGift: "It was agreed to give £250", "agreed to donate £100".
	agreedGiftRe = regexp.MustCompile(`(?i)\b(?:give|giving|gave|donate|donating|award|grant|make\s+a\s+(?:donation|grant|contribution)\s+of)\s+(?:\w+\s+){0,4}$`)
)

var (
	// requestOnly: a sentence that asks for money or says someone will.
	requestOnly = regexp.MustCompile(`(?i)\b(?:asked\s+(?:whether|if|for)|whether\s+\w+\s+would|would\s+consider|requesting|requested|request(?:s)?\s+(?:for|of)|(?:are|is|were|was)\s+applying|applying\s+to|applied\s+to|(?:are|is)\s+seeking|hope\s+to\s+(?:receive|secure|obtain)|may\s+be\s+able)\b`)
	decidedRe   = regexp.MustCompile(`(?i)\b(?:agreed|approved|resolved|decided|awarded|granted|was\s+successful|unanimously)\b`)
	// priceRe: a sentence about what something costs to buy.
	priceRe = regexp.MustCompile(`(?i)\b(?:quot(?:e|es|ed|ation|ations)|tenders?|invoices?d?)\b`)
	// internalRe: a council's own service or budget line ("Adult Social
	// Care", "the Highways budget"), which money is allocated to without
	// leaving the council.
	internalRe = regexp.MustCompile(`(?i)^(?:the\s+)?(?:(?:adults?['’]?\s+social\s+care|children['’]s\s+(?:social\s+care|services)|[\w\s,&]*\b(?:directorate|department|budget|capital\s+programme|revenue\s+budget|reserves?|general\s+fund|account))$|(?:net|total|overall|gross|additional|extra)\b)`)
	selfGiftRe = regexp.MustCompile(`(?i)\b(?:contribut\w*|give|gave|given|giving|donat\w*|paid|pay)\b`)
)

// mayRequest and mayPrice hold for text with a word requestOnly or
// priceRe needs.
var (
	mayRequest = textscan.Fold("ask", "whether", "would", "request", "apply", "applied", "applic", "seek", "hope", "may be")
	mayPrice   = textscan.Fold("quot", "tender", "invoice")
)

// isBody reports whether r names the publishing body itself, in full or
// by its initials ("TCC" for Tintern Community Council).
func (x *extractor) isBody(r string) bool {
	if x.body == "" || r == "" {
		return false
	}
	if strings.EqualFold(strings.TrimPrefix(r, "the "), x.body) {
		return true
	}
	initials := ""
	for _, w := range strings.Fields(x.body) {
		if startsUpper(w) {
			initials += w[:1]
		}
	}
	return len(initials) >= 2 && r == initials
}

func agreedGift(s string, m money) bool {
	before := s[:m.start]
	if len(before) > 60 {
		before = before[len(before)-60:]
	}
	return agreedGiftRe.MatchString(before)
}

// funder returns who gives the money in sentence s: the body named by
// "by" after the award verb, a body the money comes "from", else the
// organisation behind the publishing body (grantMaker) when it is not the
// recipient.
func (x *extractor) funder(s string, m money, recipient string) string {
	after := s[m.end:]
	if loc := byRe.FindStringSubmatchIndex(after); loc != nil {
		if by := resolveRole(cutNP(after[loc[1]:]), x.giver); by != "" && !strings.EqualFold(by, recipient) {
			return by
		}
	}
	if f := fromBody.FindStringSubmatch(s); f != nil {
		name := f[1]
		if loc := lowerTail.FindStringIndex(name); loc != nil {
			name = name[:loc[0]] // "the Department for Work and Pensions for debt advice"
		}
		name = cleanName(name)
		if looksLikeName(name) && !strings.EqualFold(name, recipient) && !fundRe.MatchString(name) {
			return name
		}
	}
	if passiveGrant.MatchString(s[:m.start]) {
		return "" // "Kent has been allocated £5m": given to the council, by someone the sentence does not name
	}
	if x.giver != "" && !strings.EqualFold(x.giver, recipient) {
		return x.giver
	}
	return ""
}

// grantStatement opens a sentence stating a grant's value for a year.
var grantStatement = regexp.MustCompile(`^(?:The|This|Our|Its)\s+(?:\w+\s+){0,3}?(?:grant|allocation)\s+(?:for|in)\s+(?:19|20)\d\d\S*\s+(?:is|was|will\s+be|remains)\b`)

// selfName is how the paper holding block i names the council it is
// written for: "the Council" when it says so, else the publishing body.
func (x *extractor) selfName(i int) string {
	from, to := 0, len(x.d.Blocks)
	if p := x.d.PaperAt(i); p != nil {
		from, to = p.Start, p.End
	}
	for j := from; j < to; j++ {
		if strings.Contains(x.d.Blocks[j].Text, "the Council") {
			return "the Council"
		}
	}
	return x.body
}

var thisBody = regexp.MustCompile(`^(?:This|That|Our|The)\s+([A-Z]\w+)$`)

var possessiveAsk = regexp.MustCompile(`^(.{2,60}?)['’]s\s+(?:successful\s+)?(?:application|bid|request|appeal)\b`)

// listLabel is a minute's list label read into the name that follows it
// ("5vii) The Manordeilo Reading Room Committee", "(b) Age UK").
var listLabel = regexp.MustCompile(`^(?:\d{1,4}[a-z]{0,6}\)|\([a-z0-9]{1,6}\))\s+`)

// lowerTail is where a giver's name ends and the sentence goes on: a
// preposition before a word in lower case ("for debt advice"; "for Work"
// is still the name).
var lowerTail = regexp.MustCompile(`\s(?:for|to|towards|in|on|as|at|under|with)\s+\p{Ll}`)

var fromBody = regexp.MustCompile(`\b(?:from|by)\s+(?:the\s+)?((?:Department|Ministry|Home Office|DfE|DWP|DLUHC|MHCLG|Government|National Lottery|Arts Council|Sport England|Lottery)[^,;.()]{0,60})`)
