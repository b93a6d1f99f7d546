package funding

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/model"
)

// entry is one "Name - £N (note)" in a list of payments or awards.
type entry struct {
	name       string // who, without the list's punctuation
	desc       string // what, when the entry says: "Village Hall – room hire"
	note       string // the bracket after the amount: "(Ch. No. 300060)"
	m          money
	start, end int  // the entry's span in the text it came from
	sep        bool // a dash, colon or comma set the name off from the amount
}

var (
	entryTail = regexp.MustCompile(`^(?:\s*each\b)?(?:\s*(?:p\.a\.|per\s+annum|a\s+year))?(?:\s*\([^)]{0,120}\))?`)
	// a sentence break or a verb inside what should be a name
	nameBreak = regexp.MustCompile(`[.!?]\s+[A-Z]|[.!?]$`)
)

// entryList reads text from its start as a run of "Name - £N" entries:
// "Sacred Sight & Sound Festival - £500 (Ch. No.300060) Merlin Waste - £30",
// "Wales Air Ambulance £100, Llanfedw Church £100 and Capel Bethesda £75".
// It returns the entries and the text after them. One entry alone counts
// only with a separator between name and amount, or when inline (the tail
// of a lead-in, where names need none).
func entryList(text string, inline bool) ([]entry, string) {
	var out []entry
	pos := 0
	for _, m := range findMoney(text) {
		if m.start < pos {
			continue
		}
		seg := text[pos:m.start]
		sep := sepBeforeAmount.MatchString(seg)
		name := cleanName(seg)
		desc := ""
		if n, d, ok := cutDesc(name); ok {
			name, desc = n, d
		}
		if desc != "" {
			sep = true // "Cylch Meithrin, Donation, Chq No 1291 50.00"
		}
		if loc := nameBreak.FindAllStringIndex(seg, -1); loc != nil {
			// "- all approved. Gwyn James Solicitors - £1,200": a remark
			// between entries; the name starts after it.
			last := loc[len(loc)-1]
			if len(out) == 0 || !sep || last[1] >= len(seg) {
				break
			}
			pos += last[1] - 1
			seg = text[pos:m.start]
			name = cleanName(seg)
			desc = ""
			if n, d, ok := cutDesc(name); ok {
				name, desc = n, d
			}
		}
		if !looksLikeName(name) || !nameEnd(name) {
			if len(out) >= 2 && sep {
				// "Cllr Evans travelling expenses to meeting - £13.19" in a
				// run of entries: not a name, but the run goes on.
				pos = m.end + len(entryTail.FindString(text[m.end:]))
				continue
			}
			break
		}
		if !inline && !sep && len(out) == 0 && strings.TrimSpace(text[m.end+len(entryTail.FindString(text[m.end:])):]) != "" {
			// "Kent Community Foundation £250k" opening a sentence: only a
			// run of them is a list.
			if next := findMoney(text[m.end:]); len(next) == 0 {
				break
			}
		}
		if toNamed.MatchString(text[m.end:]) {
			break // "Partnership – a grant of £15,000 to Street Pastors": a sentence
		}
		end := m.end + len(entryTail.FindString(text[m.end:]))
		note := strings.TrimSpace(text[m.end:end])
		out = append(out, entry{name: name, desc: desc, note: note, m: m, start: pos, end: end, sep: sep})
		pos = end
	}
	if len(out) == 1 && !inline && !out[0].sep && strings.Trim(text[pos:], " .,;") != "" {
		return nil, text // "West Berkshire CSP invested £73,547 towards ...": a sentence
	}
	if len(out) == 0 {
		return nil, text
	}
	return out, strings.TrimLeft(text[pos:], " .,;")
}

var sepBeforeAmount = regexp.MustCompile(`[-–—:=]\s*$`)

// cleanName trims a list's punctuation and joining words from a name.
func cleanName(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimSpace(strings.Trim(s, "-–—:=,;•·*"))
		t = strings.TrimPrefix(t, "and ")
		t = strings.TrimPrefix(t, "& ")
		t = strings.TrimSuffix(t, " for")
		t = strings.TrimSuffix(t, " of")
		if t == s {
			return t
		}
		s = t
	}
}

// nameEnd reports a name that ends as names do, in a capitalised word, a
// figure or a bracket: not "West Berkshire CSP invested".
func nameEnd(name string) bool {
	f := strings.Fields(name)
	if len(f) == 0 {
		return false
	}
	last := strings.TrimRight(f[len(f)-1], ".,'’")
	return startsUpper(last) || strings.HasSuffix(last, ")") || last == "" || !model.HasLetter(last)
}

// cutDesc splits "Pentre Wyeside Village Hall – room hire" into the payee
// and what the payment is for.
func cutDesc(s string) (name, desc string, ok bool) {
	// "Tintern Church Restoration Fund for toilets": a payee and, in lower
	// case, what for.
	if i := strings.Index(s, " for "); i > 0 && i+5 < len(s) && !startsUpper(s[i+5:]) && !strings.ContainsAny(s[:i], ",–-") &&
		model.Words(s[i+5:]) <= 5 && !finite.MatchString(" "+s[i+5:]) {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+5:]), true
	}
	for _, sep := range []string{" – ", " - ", " — ", ", "} {
		if i := strings.Index(s, sep); i > 0 {
			n, d := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):])
			if sep == ", " && (!serviceRe.MatchString(d) && !giftRe.MatchString(d) || finite.MatchString(" "+d)) {
				// "Macmillan Cancer Support, Marie Curie Nurses": names;
				// "Separately, the Council will pay a grant of": a clause.
				continue
			}
			return n, d, n != ""
		}
	}
	return s, "", false
}

// nameStop words may be lower case inside a proper name.
var nameStop = map[string]bool{
	"of": true, "and": true, "the": true, "for": true, "&": true, "in": true, "on": true, "at": true,
	"de": true, "y": true, "a": true, "an": true, "to": true, "-": true, "–": true, "(": true,
}

// looksLikeName reports a name as a list prints it: one to fourteen words,
// starting with a capital or digit, mostly capitalised, no sentence in it.
func looksLikeName(s string) bool {
	w := strings.Fields(s)
	if len(w) == 0 || len(w) > 14 || !startsUpper(s) || strings.Contains(s, "£") {
		return false
	}
	content, caps := 0, 0
	for _, f := range w {
		f = strings.Trim(f, "()'’\",")
		if f == "" || nameStop[strings.ToLower(f)] {
			continue
		}
		content++
		if startsUpper(f) {
			caps++
		}
	}
	return content > 0 && caps*3 >= content*2
}

var (
	// serviceRe: what a council pays for its own running, never a gift.
	serviceRe = textscan.Guard(regexp.MustCompile(`(?i)\b(?:salary|salaries|wages|expenses|allowance|paye|hmrc|tax|vat|fees?|hire|rent|training|course|subscriptions?|membership|insurance|invoices?|printing|print|newsletter|stationery|postage|stamps|cutting|maintenance|repairs?|works|supplies|electricity|energy|water\s+rates|gas|telephone|phone|broadband|website|hosting|audit|licen[cs]e|registration|refreshments|advert\w*|cleaning|contractor|quotation|quote|purchase\s+of|charges?|levy|precept|loan|balance|interest|transfer)\b|\b(?:ltd|limited|plc|llp)\b\.?`),
		textscan.Fold("salar", "wages", "expenses", "allowance", "paye", "hmrc", "tax", "vat", "fee", "hire", "rent", "training", "course", "subscription", "membership", "insurance", "invoice", "print", "newsletter", "stationery", "postage", "stamps", "cutting", "maintenance", "repair", "works", "supplies", "electricity", "energy", "water", "gas", "phone", "broadband", "website", "hosting", "audit", "licen", "registration", "refreshments", "advert", "cleaning", "contractor", "quot", "purchase", "charge", "levy", "precept", "loan", "balance", "interest", "transfer", "ltd", "limited", "plc", "llp"))
	// giftRe: an entry that says it is a gift.
	giftRe = textscan.Guard(regexp.MustCompile(`(?i)\b(?:donations?|grants?|contributions?|sponsorship|award|s\.?\s?137|section\s+137)\b`),
		textscan.Fold("donation", "grant", "contribution", "sponsorship", "award", "137"))
	// voluntaryRe: a payee that reads as a voluntary or community body,
	// the usual recipient of a small council's donations.
	voluntaryRe = textscan.Guard(regexp.MustCompile(`(?i)\b(?:festivals?|church(?:es|yards?)?|chapel|capel|eglwys|pcc|parochial|committee|association|club|society|trust|charity|appeal|foundation|hospice|ambulance|cancer|scouts?|guides|brownies|cubs|playgroup|cylch|meithrin|urdd|yfc|young\s+farmers|eisteddfod|show|carnival|village\s+hall|reading\s+room|memorial\s+hall|community\s+(?:centre|hall|group|association)|school|pta|friends\s+of|group|project|pantry|food\s?bank|shed|league|choir|band|bereavement|samaritans|marie\s+curie|macmillan|air\s+ambulance|rfc|afc|cc\b)\b`),
		textscan.Fold("festival", "church", "chapel", "capel", "eglwys", "pcc", "parochial", "committee", "association", "club", "society", "trust", "charity", "appeal", "foundation", "hospice", "ambulance", "cancer", "scout", "guides", "brownies", "cubs", "playgroup", "cylch", "meithrin", "urdd", "yfc", "young farmers", "eisteddfod", "show", "carnival", "hall", "reading room", "community", "school", "pta", "friends of", "group", "project", "pantry", "food", "shed", "league", "choir", "band", "bereavement", "samaritans", "marie curie", "macmillan", "rfc", "afc", "cc"))
	giftInName = regexp.MustCompile(`(?i)\bdonation\b`)
	sourceName = regexp.MustCompile(`(?i)^(?:\w+\s+){0,3}(?:grants|contributions|receipts|borrowing|loans?|reserves|funding|income)$`)
	totalName  = regexp.MustCompile(`(?i)^(?:(?:sub-?\s?)?totals?\b|grand\s+total|balance|net\b)`)
	eachRe     = regexp.MustCompile(`(?i)^\s*each\b`)
	// proposerNote: "(proposed by Cllr. W. Loynton, seconded by ...)" or a
	// cheque number, which say nothing of what the money is for.
	proposerNote = regexp.MustCompile(`(?i)^\((?:proposed|seconded|moved|ch\.?|chq|cheque|min\.?|minute)\b`)
)

// isGift decides whether a list entry is an award. An entry that says
// what it is ("donation", "grant") is one unless it pays for a service;
// under a heading or lead-in about awards every entry is one except
// payments for services; in a list of payments only a payee that reads as
// a voluntary body, paid for nothing named as a service, is.
func isGift(e entry, sc scope) bool {
	all := e.name + " " + e.desc + " " + e.note
	if totalName.MatchString(e.name) || negativeHard.MatchString(all) {
		return false
	}
	// Under an awards heading the description says what the grant buys
	// ("Pitch hire for the winter season"); elsewhere it says what a
	// payment is for ("room hire").
	service := serviceRe.MatchString(e.name) || supplier(e.name) || !sc.awards && serviceRe.MatchString(e.desc)
	// "Grants" or "Developer Contributions" as a row's name is a source of
	// money, not a gift to anyone.
	gift := giftRe.MatchString(e.desc+" "+e.note) || giftInName.MatchString(e.name)
	if sourceName.MatchString(e.name) {
		return false
	}
	switch {
	case service && !(gift && !supplier(e.name)):
		return false
	case gift:
		return true
	case sc.awards:
		return true
	case sc.payments:
		return voluntaryRe.MatchString(e.name)
	}
	return false
}

// supplier reports a payee named as a company.
func supplier(name string) bool {
	return companyRe.MatchString(name)
}

var companyRe = regexp.MustCompile(`(?i)\b(?:ltd|limited|plc|llp|& co|and co)\b\.?`)

// entryItems turns one list entry into items: "A, B and C - £75 each" is
// one award to each.
func (x *extractor) entryItems(i int, e entry, text string, sc scope) []corpus.Item {
	if !isGift(e, sc) || notAward(text, e.m) {
		return nil
	}
	names := []string{e.name}
	if eachRe.MatchString(text[e.m.end:]) {
		names = splitNames(e.name)
	}
	span := strings.TrimSpace(text[e.start:e.end])
	purpose := e.desc
	if purpose == "" && e.note != "" && !proposerNote.MatchString(e.note) {
		purpose = strings.Trim(e.note, "() ")
	}
	var out []corpus.Item
	for _, n := range names {
		it := corpus.Item{
			Kind:        corpus.KindFunding,
			Amount:      e.m.amount,
			Approximate: e.m.approx,
			Currency:    "GBP",
			Recipient:   n,
			Text:        cleanName(span),
			Purpose:     purpose,
			Fund:        sc.fund,
			Period:      sc.period,
			Page:        x.pageOf(i, text[e.m.start:e.m.end]),
		}
		if p := findPeriod(span); p != "" {
			it.Period = p
		}
		if x.giver != "" && !strings.EqualFold(x.giver, n) {
			it.Funder = x.giver
		}
		out = append(out, it)
	}
	return out
}

var nameListSep = regexp.MustCompile(`\s*,\s*|\s+and\s+`)

// splitNames splits "Macmillan Cancer Support, Marie Curie Nurses and
// Tenovus Cancer Care" into its names.
func splitNames(s string) []string {
	var out []string
	for _, p := range nameListSep.Split(s, -1) {
		if p = cleanName(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return []string{s}
	}
	return out
}
