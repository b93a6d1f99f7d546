package funding

import (
	"regexp"
	"strings"

	"panelpapers/ingest/model"
)

// A line that names no giver is money of the organisation whose paper
// reports it: the donations in a community council's minutes are the
// council's. But the meeting body is often not that organisation. A
// committee or a cabinet spends its council's money, and a police and
// crime panel only scrutinises the commissioner, whose grants its papers
// report. 360Giving's Funding Org (and a journalist's question) is who
// gave the money, so the body is read for the organisation behind it; a
// body that names none ("Cabinet") is looked up in the paper's masthead,
// and where that does not say either, the funder is left empty rather
// than guessed.

var (
	panelBody = regexp.MustCompile(`(?i)^(?:the\s+)?(.+?)\s+Police,?\s+(?:and|&)\s+Crime\s+Panel\b`)
	// councilIn finds a council's name: proper words ending in Council or
	// Authority ("Merton Council Audit Committee" holds "Merton Council").
	councilIn = regexp.MustCompile(`\b((?:[A-Z][\p{L}'’&.-]*\s+(?:(?:and|&|upon|on|of)\s+)?){1,5}(?:Council|Authority))\b`)
	// generic words name a kind of council, not one.
	genericCouncilWord = map[string]bool{
		"the": true, "county": true, "borough": true, "district": true, "city": true, "town": true,
		"parish": true, "community": true, "full": true, "metropolitan": true, "unitary": true,
		"combined": true, "local": true, "this": true, "each": true, "every": true, "and": true,
		"&": true, "of": true, "on": true, "upon": true, "welsh": true, "english": true,
	}
	// giverRole is how a paper names the giver it is written for or to.
	giverRole = regexp.MustCompile(`(?i)^(?:the\s+)?(?:o?pcc|police\s+(?:and|&)\s+crime\s+commissioner|commissioner|council|county\s+council|authority)$`)
)

// grantMaker is who gives the money the paper d of body reports, when a
// line does not say: the council or authority the body names, the
// commissioner of a police and crime panel, else the council the paper's
// masthead names ("KENT COUNTY COUNCIL / CABINET / MINUTES"); "" when
// none does. The rest of the paper is no help: Kent's reports call their
// council "the Council" and name Dover District Council more often than
// their own.
func grantMaker(body string, d *model.Doc) string {
	if m := panelBody.FindStringSubmatch(body); m != nil && namesOne(m[1]) {
		return "Police and Crime Commissioner for " + strings.TrimSpace(m[1])
	}
	if org := councilName(body); org != "" {
		return org
	}
	if d == nil {
		return ""
	}
	for i, b := range d.Blocks {
		if b.Page > 1 || i >= mastheadBlocks {
			break
		}
		if org := councilName(capsToTitle(b.Text)); org != "" {
			return org
		}
	}
	return ""
}

// mastheadBlocks is how many blocks of the first page are read for the
// council's name: the masthead, not what the paper goes on to discuss.
const mastheadBlocks = 6

// capsToTitle writes words in capitals as titles ("KENT COUNTY COUNCIL"
// is "Kent County Council"), as mastheads print the council's name.
func capsToTitle(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if len(w) > 1 && strings.ToUpper(w) == w && strings.ToLower(w) != w {
			words[i] = w[:1] + strings.ToLower(w[1:])
		}
	}
	return strings.Join(words, " ")
}

// councilName is the council or authority s names, if it names one.
func councilName(s string) string {
	for _, m := range councilIn.FindAllStringSubmatch(s, -1) {
		if org := trimCouncil(m[1]); org != "" {
			return org
		}
	}
	return ""
}

// trimCouncil drops a leading "The" and refuses a name of generic words
// only ("County Council", "The Council").
func trimCouncil(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "The ")
	if !namesOne(strings.TrimSuffix(strings.TrimSuffix(s, "Council"), "Authority")) {
		return ""
	}
	return s
}

// namesOne reports whether s has a word that is not generic: "Thames
// Valley", "Merton"; not "County", "the".
func namesOne(s string) bool {
	for _, w := range strings.Fields(s) {
		if !genericCouncilWord[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// resolveRole writes a giver named by its role ("the PCC", "the Council")
// as the organisation the paper is about, when that is the same kind of
// giver; any other name is kept.
func resolveRole(name, maker string) string {
	if maker == "" || !giverRole.MatchString(strings.TrimSpace(name)) {
		return name
	}
	lower := strings.ToLower(name)
	isPCC := strings.Contains(lower, "pcc") || strings.Contains(lower, "commissioner")
	if isPCC == strings.Contains(maker, "Commissioner") {
		return maker
	}
	return name
}
