package funding

import (
	"regexp"
	"strings"
	"unicode"

	"panelpapers/ingest/internal/textscan"
)

// cueKind says which way an award cue points, which decides where the
// recipient is: the subject of "X received £N", the object of "£N awarded
// to Y".
type cueKind int

const (
	cueReceive cueKind = iota + 1 // X invested / received / was awarded / contributed £N
	cueGive                       // allocated / provided / awarded (by) / a grant of £N
	cueShare                      // the Council's allocation / share ... is £N
)

type cue struct {
	ok     bool
	kind   cueKind
	verbAt int // byte offset in the sentence where the cue word starts (-1: after the amount)
	strong bool
}

var (
	// negativeHard: money that is never an award, whatever else the
	// sentence says — cuts, savings, per-head figures, costs, overspends,
	// confiscations, balances, precepts.
	// (Its guard: a stem of each of its words.)
	negBefore = textscan.Guard(regexp.MustCompile(`(?i)(?:\bcuts?\b|cut by|reduc\w*|\bsav(?:e|ed|es|ing|ings)\b|\bcost(?:s|ing)?\b|\bcosted\b|confiscat\w*|seiz\w*|overspen\w*|\bdeficit|shortfall|\bbalance\b|\bprecept\b|\bspent\b|\bspend(?:ing)?\b|\blos(?:s|t)\b|\bdebt\b|decreas\w*|would amount to|amount to|difference of|\bowed\b|pressures?\b|\bworth\b|\bloan\b|from insecure|\bexposure\b|estimated shortfall|\bfell\b|\bfall\b)[^£]{0,30}$`),
		textscan.Fold("cut", "reduc", "sav", "cost", "confiscat", "seiz", "spen", "deficit", "fall", "balance", "precept", "los", "debt", "decreas", "amount to", "difference of", "owed", "pressure", "worth", "loan", "from insecure", "exposure", "fell"))
	negAfter = regexp.MustCompile(`(?i)^[^£.;]{0,12}(?:per\s+(?:head|capita|person|resident|pupil|household|officer|property|band)|worth of cuts|of cuts|\bcuts?\b|over budget|under budget|overspen\w*|underspen\w*|\bsavings?\b|(?:was|were|has been)\s+confiscat\w*|is thought to have been spent|\bspent on|\bdeficit|\bshortfall|multiplied|\breduction|\bin real terms|\bcost\b|\bto the economy)`)
	// payment cues lose to an explicit donation or grant: "Reissue of
	// cheque for Annual Graveyard donation - £250 (Ch. No. 300127)".
	negPayment = textscan.Guard(regexp.MustCompile(`(?i)\b(?:salary|salaries|wages|expenses|invoice|fees?|cheque|chq|ch\.\s?no|membership|subscription|insurance|rent|bill|purchase|payment to|paid to)\b`),
		textscan.Fold("salar", "wages", "expenses", "invoice", "fee", "cheque", "chq", "ch.", "membership", "subscription", "insurance", "rent", "bill", "purchase", "payment to", "paid to"))
	negativeHard = regexp.MustCompile(`(?i)\b(?:salary|wages|expenses|balance|precept|invoice)\b`)

	// Award cues before the amount, ending within a few words of it.
	posBefore = textscan.Guard(regexp.MustCompile(`(?i)\b(invest(?:ed|s|ing)?|receiv(?:ed|es|ing)|award(?:ed|s|ing)?|grants?\s+of|a\s+grant|granted|allocat(?:ed|es|ing|ion|ions)|donat(?:ed|es|ing|ion|ions)|contribut(?:ed|es|ing|ion|ions)|funding|funded|secured|won|bid|sponsor(?:ed|ship)?|provid(?:ed|es|ing)\b[^£]{0,40}\bwith)\b([^£.;]{0,60})$`),
		textscan.Fold("invest", "receiv", "award", "grant", "allocat", "donat", "contribut", "funding", "funded", "secured", "won", "bid", "sponsor", "provid"))
	// Award cues after the amount, within a few words.
	posAfter = textscan.Guard(regexp.MustCompile(`(?i)^[^£.;]{0,60}?\b(invested|awarded|allocated|granted|donated|provided\s+to|given\s+to|(?:of|in)\s+(?:[\w-]+\s+){0,4}funding|funding\s+(?:has|have|was|were)|donations?\b|to\s+be\s+awarded|was\s+approved|has\s+been\s+approved|were\s+approved)`),
		textscan.Fold("invested", "awarded", "allocated", "granted", "donated", "provided", "given", "funding", "donation", "approved"))
	shareRe = textscan.Guard(regexp.MustCompile(`(?i)(?:allocation|share)\b(?:[^.;]|\.\d){0,90}\b(?:is|was|of|at|to|be|remains)\s+(?:an?\s+)?(?:\w+\s+)?$`), textscan.Fold("allocation", "share"))
	// words in the cue window that stop a before-cue reaching the amount:
	// "received a report. ... £5" is not "received £5".
	receiveVerbs = regexp.MustCompile(`(?i)^(?:invest(?:ed|s|ing)?|receiv(?:ed|es|ing)|contribut(?:ed|es|ing)|secured|won)$`)
	passiveAward = regexp.MustCompile(`(?i)\b(?:was|were|has been|have been|had been|is|are|been)\s+(?:\w+\s+)?awarded\s*$`)
)

// classify decides whether the amount m in sentence s is an award.
func classify(s string, m money) cue {
	before := s[:m.start]
	after := s[m.end:]
	near := before
	if len(near) > 90 {
		near = near[len(near)-90:]
	}
	strong := strongCueRe.MatchString(near + " " + firstN(after, 60))
	if negBefore.MatchString(near) || negAfter.MatchString(after) {
		// "invested £2,160 in running costs of X": the cost is the
		// purpose, not the money's nature, when an award verb is adjacent.
		if !(adjacentVerb(before) && !negAfter.MatchString(after)) {
			return cue{}
		}
	}
	if negPayment.MatchString(near+" "+firstN(after, 40)) && !strong {
		return cue{}
	}
	if loc := shareRe.FindStringIndex(near); loc != nil {
		return cue{ok: true, kind: cueShare, verbAt: len(before) - len(near) + loc[0], strong: strong}
	}
	// the cue nearest the amount wins: "awards): X received £5"
	var sm []int
	for off := 0; off < len(near); {
		loc := posBefore.FindStringSubmatchIndex(near[off:])
		if loc == nil {
			break
		}
		for k := range loc {
			if loc[k] >= 0 {
				loc[k] += off
			}
		}
		sm = loc
		off = loc[3]
	}
	if sm != nil {
		word := strings.ToLower(near[sm[2]:sm[3]])
		at := len(before) - len(near) + sm[2]
		gap := near[sm[3]:]
		if word == "bid" && fundRe.FindString(s) == "" {
			return cue{}
		}
		if word == "funding" && !fundingOfRe.MatchString(gap) && !posAfter.MatchString(after) {
			return cue{}
		}
		kind := cueGive
		switch {
		case receiveVerbs.MatchString(word):
			kind = cueReceive
		case passiveAward.MatchString(before[:at+len(word)]):
			kind = cueReceive
		case strings.HasPrefix(word, "grant") && passiveAward.MatchString(strings.TrimSuffix(before[:at], " a ")+" "):
			kind = cueReceive
		}
		if strings.HasPrefix(word, "grant") {
			// "were awarded a grant of £55,224"
			if passiveAward.MatchString(strings.TrimRight(strings.TrimSuffix(strings.TrimSpace(before[:at]), " a"), " ") + " ") {
				kind = cueReceive
			}
		}
		return cue{ok: true, kind: kind, verbAt: at, strong: strong}
	}
	if sm := posAfter.FindStringSubmatchIndex(after); sm != nil {
		word := strings.ToLower(after[sm[2]:sm[3]])
		kind := cueGive
		if word == "invested" && !investedByRe.MatchString(after[sm[2]:]) {
			kind = cueGive
		}
		return cue{ok: true, kind: kind, verbAt: -1, strong: strong}
	}
	if toNamed.MatchString(after) {
		// "included £250k to the Kent Community Foundation": money to a
		// body named.
		return cue{ok: true, kind: cueGive, verbAt: -1, strong: strong}
	}
	return cue{}
}

// toNamed: an amount followed by "to" and a capitalised name.
var toNamed = regexp.MustCompile(`^\s*(?:(?:a\s+year|each|per\s+annum|p\.a\.)\s+)?(?:\([^)]{0,40}\)\s+)?to\s+(?:the\s+)?[A-Z]`)

func adjacentVerb(before string) bool {
	return giveVerbBeforeRe.MatchString(before)
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

var (
	// verbs that follow "to" in a purpose, so "to support families" is
	// not a recipient called "support families".
	infinitives = map[string]bool{
		"support": true, "fund": true, "help": true, "tackle": true, "enable": true, "deliver": true,
		"provide": true, "improve": true, "extend": true, "develop": true, "increase": true,
		"reduce": true, "prevent": true, "run": true, "pay": true, "cover": true, "meet": true,
		"continue": true, "employ": true, "create": true, "address": true, "purchase": true,
		"buy": true, "establish": true, "promote": true, "raise": true, "assist": true,
		"reflect": true, "be": true, "allow": true, "ensure": true, "encourage": true, "work": true,
		"train": true, "expand": true, "launch": true, "set": true, "make": true, "carry": true,
		"undertake": true, "offer": true, "maintain": true, "build": true, "replace": true,
		"repair": true, "install": true, "hire": true, "recruit": true, "boost": true, "give": true,
		"finance": true, "match": true, "date": true, "cope": true, "deal": true, "mitigate": true,
		"keep": true, "bring": true, "take": true, "look": true, "put": true, "go": true,
	}
	toRe      = regexp.MustCompile(`(?i)\b(?:to|toward|towards)\s+`)
	byRe      = regexp.MustCompile(`(?i)^\s*(?:\)\s*)?(?:has\s+been\s+|have\s+been\s+|was\s+|were\s+|is\s+|are\s+|being\s+)?(invested|received|awarded|allocated|granted|donated|provided|given|contributed)\s+by\s+`)
	ownerRe   = regexp.MustCompile(`((?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*)['’]s\s+(?:[\w-]+\s+){0,5}(?:allocation|share)\b`)
	forOwner  = regexp.MustCompile(`(?i)\b(?:allocation|share)\s+for\s+(the\s+[A-Z][\w]*(?:\s+[A-Z][\w]*){0,3}|[A-Z][\w]*(?:\s+[A-Z][\w]*){0,3})`)
	genericNP = regexp.MustCompile(`(?i)^(?:the|this|that|these|those|its|their|his|her)\s+(?:\w+\s+){0,2}(?:project|scheme|programme|work|initiative|system|fund|budget|service|post|plan|activity|activities|pot|cause)s?$`)
	auxTail   = regexp.MustCompile(`(?i)\s+(?:has|have|had|were|was|is|are|been|will|would|also|now|all|each|both|jointly|already|recently|successfully|further|then)$`)
	finite    = regexp.MustCompile(`(?i)\s(?:agreed|has|have|had|is|are|was|were|will|would|say|says|said|approved|allocated|awarded|invested|received|provided|granted|donated|decided|resolved|announced|confirmed|can|could|may|might|should|must|made|gave|gives|continues|continued)\b`)
	leadAdv   = regexp.MustCompile(`^(?:[A-Z][a-z]+,\s+)?(?:(?:on|in|at|by|during|since|from|following|after)\s+[^,]*?\b\d{4},?\s+)?`)
)

// recipient finds who gets the money.
func recipient(s string, m money, c cue, prev string) string {
	after := s[m.end:]
	// "…; Kent has been allocated £5,046,624": given to the subject of the
	// clause the amount closes.
	if loc := passiveGrant.FindStringIndex(s[:m.start]); loc != nil {
		if subj := clauseSubject(s[:loc[0]]); subj != "" {
			return subj
		}
	}
	// "£24,500 invested by Oxfordshire CSP in ...", "awarded by the PCC to X"
	if loc := byRe.FindStringSubmatchIndex(after); loc != nil {
		verb := strings.ToLower(after[loc[2]:loc[3]])
		by := cutNP(after[loc[1]:])
		if verb == "invested" || verb == "received" || verb == "contributed" {
			return by
		}
		if to := toObject(after[loc[1]:]); to != "" {
			return to
		}
		if sb := supportedBodies(after); sb != "" {
			return sb
		}
		if by != "" {
			// no recipient named: the awarding body, whom a reader asks
			return by
		}
		c.kind = cueGive
	}
	// "Name - £50" in a payments or awards list
	if listDashRe.MatchString(s[:m.start]) {
		seg := s[:m.start]
		if i := strings.LastIndexAny(seg, ";:)"); i >= 0 && i < len(seg)-3 {
			seg = seg[i+1:]
		}
		seg = strings.TrimSpace(seg)
		if i := strings.IndexAny(seg, "–—"); i > 0 {
			seg = seg[:i]
		} else if i := strings.Index(seg, " - "); i > 0 {
			seg = seg[:i]
		}
		if n := strings.TrimSpace(strings.Trim(seg, "-–—: ")); n != "" && len(strings.Fields(n)) <= 10 {
			return n
		}
	}
	switch c.kind {
	case cueShare:
		if o := ownerRe.FindStringSubmatch(s[:m.start]); o != nil {
			return strings.TrimSpace(o[1])
		}
		if o := forOwner.FindStringSubmatch(s[:m.start]); o != nil {
			return strings.TrimSpace(o[1])
		}
	case cueReceive:
		if c.verbAt >= 0 {
			if subj := clauseSubject(s[:c.verbAt]); subj != "" {
				return subj
			}
		}
	}
	if to := toObject(after); to != "" {
		return to
	}
	if sb := supportedBodies(after); sb != "" {
		return sb
	}
	if c.verbAt >= 0 && c.kind == cueReceive {
		return prev
	}
	// "A further £40,000 has been invested in ...": the paragraph's last
	// recipient.
	if prev != "" && furtherRe.MatchString(strings.TrimSpace(s[:m.start])) {
		return prev
	}
	return ""
}

// passiveGrant is a grant's verb in the passive, just before the amount:
// "has been allocated", "was awarded", "were granted".
var passiveGrant = regexp.MustCompile(`(?i)\b(?:has|have|had)\s+been\s+(?:allocated|awarded|granted|given|offered)\s*(?:a\s+(?:total\s+of\s+|grant\s+of\s+|sum\s+of\s+))?$|\b(?:was|were|is|are)\s+(?:allocated|awarded|granted|offered)\s*(?:a\s+(?:total\s+of\s+|grant\s+of\s+|sum\s+of\s+))?$`)

// notRecipientTo: "according to", "due to", "in addition to": a "to"
// that does not name whom money goes to.
var notRecipientTo = regexp.MustCompile(`(?i)\b(?:according|due|owing|prior|subject|compared|equivalent|similar|relating|related|linked|addition|line|up|back|close|next|respect|regard|contrast|reference|pursuant)\s*$`)

// toObject returns the body named after "to" ("awarded to Age UK",
// "provided to local authorities across the Thames Valley"), skipping
// infinitives ("to support", "to be awarded to") and generic objects ("to
// the project").
func toObject(after string) string {
	for _, loc := range toRe.FindAllStringIndex(after, -1) {
		rest := after[loc[1]:]
		w := strings.ToLower(strings.Trim(firstWord(rest), ",.;:"))
		if infinitives[w] || w == "" || notRecipientTo.MatchString(after[:loc[0]]) {
			continue
		}
		kw := strings.ToLower(after[loc[0]:loc[1]])
		np := cutNP(rest)
		if !nounStart(w, firstWord(rest)) {
			continue
		}
		if np == "" || genericNP.MatchString(np) || strings.HasPrefix(kw, "toward") {
			if strings.HasPrefix(kw, "toward") {
				continue
			}
			return ""
		}
		return np
	}
	return ""
}

// determiners and quantifiers that open a noun phrase after "to".
var npOpeners = regexp.MustCompile(`^(?:the|a|an|local|all|each|every|several|various|both|their|its|our|his|her|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|community|voluntary|national|regional|other|selected|eligible|successful|new)$`)

// orgNoun marks a phrase that names bodies, so "to support local projects /
// organisations" names recipients while "to support families" does not.
var orgNoun = regexp.MustCompile(`(?i)\b(?:organi[sz]ations?|groups?|charit(?:y|ies)|projects?|partners(?:hips?)?|authorit(?:y|ies)|schools?|clubs?|trusts?|associations?|councils?|bodies|providers?)\b`)

// nounStart reports whether the word after "to" opens a noun phrase.
func nounStart(lower, orig string) bool {
	if orig == "" {
		return false
	}
	r := []rune(orig)[0]
	if unicode.IsUpper(r) || unicode.IsDigit(r) || npOpeners.MatchString(lower) {
		return true
	}
	return strings.HasSuffix(lower, "s") && !strings.HasSuffix(lower, "ss") && !infinitives[lower]
}

// supportedBodies reads "to support local projects / organisations
// providing ...": bodies named as what the money supports.
func supportedBodies(after string) string {
	m := toSupportRe.FindStringIndex(after)
	if m == nil {
		return ""
	}
	np := cutNP(after[m[1]:])
	if orgNoun.MatchString(np) && len(strings.Fields(np)) <= 6 {
		return np
	}
	return ""
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

var npStop = regexp.MustCompile(`(?i)(?:[,;:.(]|\s(?:to|for|in|on|towards?|which|who|that|whose|so|as|with|from|over|during|through|because|since|until|after|before|if|but|by)\s|\s\p{Ll}[\p{L}-]*ing\s|\sout\s+of\s|\s-\s|\s–\s)`)

// cutNP cuts a noun phrase off the text that follows it.
func cutNP(s string) string {
	s = strings.TrimSpace(s)
	if loc := npStop.FindStringIndex(" " + s + " "); loc != nil {
		end := loc[0] - 1
		if end < 0 {
			end = 0
		}
		if end <= len(s) {
			// keep a bracketed qualifier that belongs to the name: "DrugFAM (Oxfordshire)"
			s = s[:end]
		}
	}
	s = strings.TrimSpace(strings.Trim(s, " ,;:"))
	if len(strings.Fields(s)) > 12 {
		return ""
	}
	return s
}

// clauseSubject returns the noun phrase just before a verb: the text from
// the last clause break up to the verb, less auxiliaries.
func clauseSubject(before string) string {
	s := " " + before
	for _, sep := range []string{", ", "; ", ": ", " that ", " with ", " which ", " while ", " whilst ", " where ", " when ", " and then "} {
		if i := strings.LastIndex(s, sep); i >= 0 {
			s = " " + s[i+len(sep):]
		}
	}
	s = strings.TrimSpace(s)
	for {
		t := auxTail.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = strings.TrimSpace(t)
	}
	if s == "" || strings.ContainsAny(s, "£") || len(strings.Fields(s)) > 12 {
		return ""
	}
	if r := []rune(s)[0]; unicode.IsLower(r) && !lowerNPStartRe.MatchString(s) {
		return ""
	}
	return s
}

// sentenceSubject returns the subject of a sentence: after a leading
// adverb and date phrase, up to the first finite verb.
func sentenceSubject(s string) string {
	s = leadAdv.ReplaceAllString(s, "")
	loc := finite.FindStringIndex(s)
	if loc == nil {
		return ""
	}
	subj := strings.TrimSpace(s[:loc[0]])
	if subj == "" || strings.ContainsAny(subj, "£") || len(strings.Fields(subj)) > 10 {
		return ""
	}
	// "A Home Office spokesman said: ... £460m": whoever speaks is quoting
	// the money, not receiving it.
	if speechVerbRe.MatchString(s[loc[0]:]) {
		return ""
	}
	return subj
}

var speechVerbRe = regexp.MustCompile(`(?i)^\s*(?:said|says|told|added|explained|commented|stated|noted|warned|claimed)\b`)

var purposeLead = regexp.MustCompile(`(?i)^[\s),]*(?:(?:has|have|had)\s+been\s+|was\s+|were\s+|is\s+|are\s+|being\s+)?(?:(?:invested|awarded|allocated|granted|donated|provided|given|contributed|received)(?:\s+by\s+[^,]*?\s(?:in|on|to|for|towards?|into)\s)?\s*)?(?:of\s+(?:[\w-]+\s+){0,4}funding\s+)?(?:(?:has|have)\s+been\s+\w+\s+)?(?:(?:towards?|on|in|into|for|to\s+fund|to\s+cover|to)\s)?\s*:?\s*`)

// purpose is what the money is for: the rest of the sentence after the
// amount and its verb ("towards a Youth Offending Service ..."). An
// amount in brackets ("bid (£400K)") is an aside, so the whole sentence is
// the purpose.
func purpose(s string, m money, rest string) string {
	if i := strings.LastIndex(s[:m.start], "("); i >= 0 && !strings.Contains(s[i:m.start], ")") {
		return strings.TrimSpace(s)
	}
	p := purposeLead.ReplaceAllString(rest, "")
	p = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p), "."))
	if len(strings.Fields(p)) < 2 {
		return strings.TrimSpace(s)
	}
	return p
}

// Patterns used per money figure, compiled once.
var (
	strongCueRe      = textscan.Guard(regexp.MustCompile(`(?i)\b(?:donations?|grants?|awarded)\b`), textscan.Fold("donation", "grant", "awarded"))
	fundingOfRe      = regexp.MustCompile(`(?i)^\s*(?:of|totalling|worth)\b`)
	investedByRe     = regexp.MustCompile(`(?i)^invested\s+by`)
	giveVerbBeforeRe = regexp.MustCompile(`(?i)\b(?:invest(?:ed|s|ing)?|receiv(?:ed|es|ing)|awarded|allocated|granted|donated)\s+(?:\w+\s+){0,2}$`)
	listDashRe       = regexp.MustCompile(`\s[-–—:]\s*$`)
	furtherRe        = regexp.MustCompile(`(?i)^(?:a\s+further|an\s+additional|another|a\s+further\s+sum\s+of|also)\b`)
	toSupportRe      = regexp.MustCompile(`(?i)\bto\s+(?:support|help|fund|assist)\s+`)
	lowerNPStartRe   = regexp.MustCompile(`^(?:the|local|all|two|three|four|five|six|seven|eight|nine|ten|several|each|both)\b`)
)

var (
	// A range, a limit or a change of level: "up to £10,000", "between
	// £500 and £10,000", "from £5,000 to £10,000", "grants of £5,000 to
	// £50,000".
	rangeBefore = regexp.MustCompile(`(?i)(?:\bup\s+to|\bbetween|\bmaximum(?:\s+of)?|\bmax\.?|\blimit(?:ed)?\s+(?:of|to)|\bceiling\s+of|\bthreshold\s+of|\bno\s+more\s+than|\bnot\s+exceeding|\bin\s+excess\s+of|\bexpenditure\s+of\s+(?:more|over)\s+than|\bfrom\s+£[\d,.]+\s?(?:k|m|bn|million)?\s*(?:to|-|–)|£[\d,.]+\s?(?:k|m|bn|million)?\s*(?:and|to|-|–))\s*$`)
	rangeAfter  = regexp.MustCompile(`(?i)^\s*(?:(?:to|and|-|–)\s*£|(?:or\s+(?:more|less|over|under)|and\s+(?:above|over|below))\b)`)
	// A figure for the whole country, not money anyone here got.
	nationalNear = regexp.MustCompile(`\bnational(?:ly)?\b|\b(?:Nationally|Nationwide)\b|\bfor\s+England\b|\bacross\s+(?:England|the\s+country|the\s+UK|Wales)\b|\bnationwide\b|\bcountrywide\b`)
	// Money that is a fund, a pot or a budget rather than a payment out of
	// it: "a £7.6m fund", "The fund for 2024/25 was £412,000", "keep the
	// fund at £412,000", "with a budget of £84,000".
	potAfter  = regexp.MustCompile(`(?i)^\s*(?:[\w-]+\s+){0,2}?(?:fund|pot|budget|programme|package|scheme|reserve)\b(?:\s+(?:to|for|was|is|will|which))`)
	potBefore = regexp.MustCompile(`(?i)\b(?:fund|budget|pot|reserves?|balance)(?:['’]s)?(?:\s+(?:for|in|of)\s+[^\s,;£]+)?\s+(?:was|is|of|at|stood\s+at|stands\s+at|remains?\s+at|will\s+be|totall?ing|amounts?\s+to)\s+(?:an?\s+)?$|\b(?:a|an|the)\s+(?:new\s+|total\s+|additional\s+)?(?:fund|budget|pot)\s+of\s+$`)
	// A figure for what is left, set aside or spent, or a level that is
	// charged, not an award: reserves, balances, variances, spend, income,
	// charges and prices, per-head figures.
	stockNear = regexp.MustCompile(`(?i)\b(?:reserves?|earmarked|set\s+aside|budgeted|raised|quot(?:e|es|ed|ation|ations)|left\s+over|(?:the\s+)?remaining|£[\d,.]+\s?[mk]?\s+remained|unallocated|unspent|underspen\w*|overspen\w*|variances?|drawdown|drawn\s+from|borrowing|loans?|income|spend\s+to\s+date|spent|expenditure\s+(?:to\s+date|of)|savings?|deficit|shortfall|council\s+tax|band\s+d|precept|per\s+(?:pupil|head|capita|person|resident|household|mile|day|hour|week|month|member|place)|for\s+each\s+(?:member|councillor|ward|pupil|resident)|charges?|prices?|fares?|tariffs?|salary|wages)\b`)
)

var (
	// "totalling £58,900", "taking the total grant to £1.41bn": a sum of
	// other figures.
	totalBefore = regexp.MustCompile(`(?i)(?:\btotall?ing|\bin\s+total(?:\s+of)?|\ba\s+total\s+of|\btotal\b[^£.;]{0,50}\b(?:to|of|was|is|at)|\btook\s+the\s+total\b[^£.;]{0,50})\s*$`)
	// "increased allocations of the grant by £0.880bn", "an increase of
	// £12.5m": a change in a figure, not money given.
	changeBefore = regexp.MustCompile(`(?i)(?:\b(?:increas|decreas|reduc|rais|uplift|grow|grew|ris|cut|fell|fall)\w*\b[^£.;]{0,60}\bby|\b(?:increase|decrease|uplift|rise|growth|reduction|change)\s+of)\s*$`)
)

// wholeBefore: "the Council's share of the additional £0.880bn": the
// whole that a share is taken from.
var wholeBefore = regexp.MustCompile(`(?i)\b(?:share|allocation|proportion|part|portion|element)\s+of\s+(?:the\s+)?(?:\w+\s+)?$`)

var alreadyBefore = regexp.MustCompile(`(?i)\balready\s+(?:\w+\s+){0,2}$`)

// notAward applies the rules that take a figure out of the running
// whatever cue is near it: ranges and limits, national figures, funds and
// budgets as a whole, and stocks and levels (reserves, balances, spend,
// income, charges).
func notAward(s string, m money) bool {
	before := s[:m.start]
	after := s[m.end:]
	if len(before) > 80 {
		before = before[len(before)-80:]
	}
	near := before
	if len(near) > 45 {
		near = near[len(near)-45:]
	}
	afterNear := firstN(after, 45)
	switch {
	case rangeBefore.MatchString(before), rangeAfter.MatchString(after):
		return true
	case nationalNear.MatchString(near + " " + afterNear):
		return true
	case potAfter.MatchString(after) && !strings.Contains(firstN(after, 40), " to "), potBefore.MatchString(before):
		return true
	case stockNear.MatchString(near + " " + firstN(after, 30)):
		return true
	case alreadyBefore.MatchString(near):
		return true // "have also already contributed £1,000": past money recalled
	case totalBefore.MatchString(before), changeBefore.MatchString(before), wholeBefore.MatchString(before):
		return true
	case savingsOf.MatchString(before):
		return true // "total planned savings on core funded activities for 2024-25 of £88.9m"
	case investedIn.MatchString(afterNear) || investedIn.MatchString(near):
		return true // treasury: "had £130.90m invested in covered bonds"
	case prospective.MatchString(s):
		return true // money bid for, applied for or expected: not yet anyone's
	}
	return false
}

var (
	savingsOf = textscan.Guard(regexp.MustCompile(`(?i)\bsavings?\b[^£.;]{0,70}\b(?:of|totall?ing|amounting\s+to)\s*$`), textscan.Fold("saving"))
	// investedIn: money the council holds in investments, not money it
	// gives: "invested in covered bonds", "in pooled funds".
	investedIn = textscan.Guard(regexp.MustCompile(`(?i)\binvested\s+in\s+(?:[\w-]+\s+){0,2}(?:bonds?|pooled\s+funds?|money\s+market|deposits?|gilts|equit(?:y|ies)|treasury|property\s+funds?|shares|banks?|building\s+societ(?:y|ies))\b`), textscan.Fold("invested"))
	// prospective: the money is a prize to compete for or a forecast, not
	// an award: "Local Authorities will bid for funding … with £7m expected
	// to be awarded", "apply for up to 5 to 10 large research funding
	// opportunities (up to or around £1 million".
	prospective = textscan.Guard(regexp.MustCompile(`(?i)\b(?:expected|likely|hoped|forecast|anticipated)\s+to\s+be\s+(?:awarded|allocated|granted|received)\b|\b(?:will|can|may|could|to)\s+bid\s+for\b|\bapply\s+for\b`), textscan.Fold("bid", "apply", "to be"))
)

// pronouns and other words that cannot name who got money.
var pronounRe = regexp.MustCompile(`(?i)^(?:it|this|that|these|those|they|them|he|she|we|us|you|which|who|there|here|its|their|his|her|such|each|all|both|some|one|other|others|another|the\s+(?:sum|amount|figure|money|total|funding|grant|award|balance|cost|budget))$`)

// usableRecipient reports whether a recipient the rules found names a
// body: not a pronoun, not a clause.
func usableRecipient(r string) bool {
	r = strings.TrimSpace(r)
	if r == "" || pronounRe.MatchString(r) {
		return false
	}
	if first := strings.ToLower(firstWord(r)); first == "it" || first == "this" || first == "there" || first == "which" {
		return false
	}
	if periodOnly.MatchString(r) || notARecipient.MatchString(r) || clauseEnd.MatchString(r) || finite.MatchString(" "+r) {
		return false
	}
	return !strings.ContainsAny(r, "£") && len(strings.Fields(r)) <= 12
}

var (
	// periodOnly: a year or financial year read where a name should be
	// ("2024-25 approved budget) of … £46.0m externally funded").
	periodOnly = regexp.MustCompile(`^(?:(?:19|20)\d\d(?:\s*[-/–]\s*(?:19|20)?\d\d)?|(?:FY|Q[1-4])\s*\S*)$`)
	// notARecipient: subjects that are a quantity, a plan or a heading, or
	// the council's own members, never a body given money: "The proposal
	// for 2025-26 is to use £8m", "Pressures on DSG", "the level of capital
	// receipts", "Updates", "Councillors agreed to give £50".
	notARecipient = regexp.MustCompile(`(?i)^(?:the\s+|a\s+|an\s+|this\s+|our\s+)?(?:(?:most|more|less|total|overall|net|further|proposed|planned|main|significant)\s+)*(?:proposals?|levels?|pressures?|increases?|decreases?|reductions?|savings?|totals?|elements?|amounts?|sums?|figures?|balances?|budgets?|forecasts?|positions?|variances?|updates?|growth|spend(?:ing)?|income|costs?|estimates?|plans?|strategy|following|further\s+information|information|councillors|members|officers|matters\s+arising|correspondence|finance|any\s+other\s+business|requests?)\b`)
	// clauseEnd: a subject cut off before its verb ("the level of capital
	// receipts forecast to be", "Following a discussion, it").
	clauseEnd = regexp.MustCompile(`(?i)(?:\bto\s+be|,\s*(?:it|they|this|he|she|we))$`)
)

// genericRecipient reports a recipient that points back to a body the
// paragraph named ("the Committee", "the group"), which the item's title
// names better.
func genericRecipient(r string) bool {
	return genericBodyRe.MatchString(strings.TrimSpace(r))
}

var genericBodyRe = regexp.MustCompile(`(?i)^(?:the|this|that|their|its)\s+(?:committee|group|club|organisation|organization|charity|trust|association|society|applicant|project|festival|hall|school|church)(?:['’]s)?$`)
