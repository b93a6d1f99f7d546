package search

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"panelpapers/corpus"
	"panelpapers/names"
)

// 360Giving (https://standard.threesixtygiving.org): the funding lines as
// the standard's flat CSV, one row per award.
//
//   - Identifier: "360G-papers-" and the item ID, stable for as long as the
//     item is (a re-ingest of the same file keeps it).
//   - Organisation identifiers (org-id.guide): a charity number the paper
//     gives beside the name is GB-CHC-n (England and Wales), GB-SC-SCn
//     (Scotland) or GB-NIC-n (Northern Ireland); a company number GB-COH-n,
//     eight characters; else "360G-papers-org-" and the name's key after the
//     merges, so one organisation has one identifier however it was written.
//   - Funding Org is the line's funder, who gave the money (corpus.Item.
//     Funder), never the body whose meeting recorded it. When the paper
//     names no funder the columns are empty and the description says so.
//   - Data Source is the citation: the server's link to the original at
//     its page, never a path on the machine that exported it.
//   - An approximate amount ("just under £100,000") is flagged at the start
//     of the description.

// Giving360Required are the columns the 360Giving standard requires.
var Giving360Required = []string{
	"Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
	"Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name",
}

// OrgNumbers are the register numbers a paper gives for an organisation.
type OrgNumbers struct {
	Charity string // as registered: "1085002", "SC012345", "NIC100002"
	Company string // Companies House, eight characters: "01234567", "SC123456"
}

// A register number needs its label: "Registered Charity No. 1085002",
// "charity number: SC012345", "Company No 1234567", "registered in England
// and Wales no. 01234567". A bare number is not read as one.
var (
	charityNumberRe = regexp.MustCompile(`(?i)\b(?:registered\s+charity|charity\s+(?:registration\s+)?(?:no\b\.?|number|num\b\.?|reg\b\.?(?:\s*no\b\.?)?))\s*(?:no\b\.?|number)?\s*[:.]?\s*((?:SC|NIC)\s?\d{5,6}|\d{6,7})\b`)
	companyNumberRe = regexp.MustCompile(`(?i)\b(?:(?:registered\s+)?company\s+(?:registration\s+)?(?:no\b\.?|number|num\b\.?|reg\b\.?(?:\s*no\b\.?)?)|registered\s+in\s+(?:england|scotland|wales|northern\s+ireland)(?:\s+(?:and|&)\s+wales)?(?:\s+(?:as\s+a\s+company\s+)?(?:no\b\.?|number|with\s+(?:company\s+)?number))?)\s*[:.]?\s*((?:SC|NI|OC|SO|NC|NF|NL|R0|FC|IP|SP|LP|SL|GE|RC|SA|SF|SR|RS|CE|CS|ZC|AC)?\s?\d{5,8})\b`)
	sentenceEnd     = regexp.MustCompile(`[.;!?]\s+[A-Z(]|\n\s*\n`)
)

// ReadOrgNumbers reads the charity and company numbers text gives for the
// organisation named name: a number counts when name is the nearest of the
// names (name, others) before it in its sentence ("£5,000 to Age UK
// Oxfordshire (registered charity 1085002)").
func ReadOrgNumbers(text, name string, others ...string) OrgNumbers {
	var out OrgNumbers
	if name == "" {
		return out
	}
	for _, r := range []struct {
		re  *regexp.Regexp
		set func(string)
	}{
		{charityNumberRe, func(n string) { out.Charity = normaliseCharity(n) }},
		{companyNumberRe, func(n string) { out.Company = normaliseCompany(n) }},
	} {
		for _, m := range r.re.FindAllStringSubmatchIndex(text, -1) {
			if nearestName(text[sentenceStart(text, m[0]):m[0]], name, others) {
				r.set(text[m[2]:m[3]])
				break
			}
		}
	}
	return out
}

// sentenceStart is where the sentence holding text[i] starts (a sentence
// starts with the capital after a full stop, so text[i] is looked at too).
func sentenceStart(text string, i int) int {
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(text[:min(len(text), i+1)], -1) {
		start = m[1] - 1
	}
	return max(0, start)
}

// nearestName reports whether name is written in before, and after any
// of others.
func nearestName(before, name string, others []string) bool {
	lower := strings.ToLower(before)
	at := strings.LastIndex(lower, strings.ToLower(name))
	if at < 0 {
		return false
	}
	for _, o := range others {
		if o != "" && !strings.EqualFold(o, name) && strings.LastIndex(lower, strings.ToLower(o)) > at {
			return false
		}
	}
	return true
}

func normaliseCharity(n string) string {
	return strings.ToUpper(strings.ReplaceAll(n, " ", ""))
}

// normaliseCompany writes a Companies House number as its eight
// characters: digits padded with zeros ("1234567" is "01234567"), a prefix
// ("SC") followed by six digits.
func normaliseCompany(n string) string {
	n = strings.ToUpper(strings.ReplaceAll(n, " ", ""))
	i := 0
	for i < len(n) && (n[i] < '0' || n[i] > '9') {
		i++
	}
	prefix, digits := n[:i], n[i:]
	if len(prefix)+len(digits) > 8 {
		return n
	}
	return prefix + strings.Repeat("0", 8-len(prefix)-len(digits)) + digits
}

// CharityIdentifier is the org-id of a charity number: GB-SC for
// Scotland's (SC…), GB-NIC for Northern Ireland's (NIC…), GB-CHC for
// England and Wales's.
func CharityIdentifier(number string) string {
	n := normaliseCharity(number)
	switch {
	case strings.HasPrefix(n, "SC"):
		return "GB-SC-" + n
	case strings.HasPrefix(n, "NIC"):
		return "GB-NIC-" + strings.TrimPrefix(n, "NIC")
	default:
		return "GB-CHC-" + strings.TrimLeft(n, "0")
	}
}

// OrgIdentifier is the 360Giving identifier of the organisation named name
// with the numbers nums: a registered number's org-id (charity first, as
// 360Giving's publishers mostly do), else a stable identifier of papers'
// own made from the name's key after the merges m. "" for no name.
func OrgIdentifier(name string, nums OrgNumbers, m *names.Merges) string {
	switch {
	case nums.Charity != "":
		return CharityIdentifier(nums.Charity)
	case nums.Company != "":
		return "GB-COH-" + nums.Company
	}
	k := names.Key(name)
	if k == "" {
		return ""
	}
	return "360G-papers-org-" + keySlug(m.Canon(k))
}

// giving360 makes the 360Giving columns of an export.
type giving360 struct {
	base   string // the server's address: links are absolute
	merges *names.Merges
}

func (g giving360) columns() []column {
	recipient := func(h Hit) OrgNumbers { return ReadOrgNumbers(h.Item.Text, h.Item.Recipient, h.Item.Funder) }
	funder := func(h Hit) OrgNumbers { return ReadOrgNumbers(h.Item.Text, h.Item.Funder, h.Item.Recipient) }
	return []column{
		{"Identifier", func(h Hit) string { return "360G-papers-" + h.Item.ID }},
		{"Title", func(h Hit) string { return giving360Title(h.Item) }},
		{"Description", giving360Description},
		{"Currency", func(h Hit) string { return firstNonEmpty(h.Item.Currency, "GBP") }},
		{"Amount Awarded", func(h Hit) string { return amountText(h.Item) }},
		{"Award Date", func(h Hit) string { return firstNonEmpty(h.Item.Date, h.Item.MeetingDate, h.Document.MeetingDate) }},
		{"URL", func(h Hit) string { return g.base + itemURL(h.Item.ID) }},
		{"Recipient Org:Identifier", func(h Hit) string { return OrgIdentifier(h.Item.Recipient, recipient(h), g.merges) }},
		{"Recipient Org:Name", func(h Hit) string { return h.Item.Recipient }},
		{"Recipient Org:Charity Number", func(h Hit) string { return recipient(h).Charity }},
		{"Recipient Org:Company Number", func(h Hit) string { return recipient(h).Company }},
		{"Funding Org:Identifier", func(h Hit) string { return OrgIdentifier(h.Item.Funder, funder(h), g.merges) }},
		{"Funding Org:Name", func(h Hit) string { return h.Item.Funder }},
		{"Grant Programme:Title", func(h Hit) string { return h.Item.Fund }},
		{"Last modified", func(h Hit) string {
			if h.Document.IngestedAt.IsZero() {
				return ""
			}
			return h.Document.IngestedAt.UTC().Format(time.RFC3339)
		}},
		{"Data Source", func(h Hit) string { return g.base + Citation(h.Item, h.Document) }},
		// papers' own, after the standard's: where the award was read
		{"Source Document", func(h Hit) string { return firstNonEmpty(h.Document.Title, baseName(h.Document.Path)) }},
		{"Source Page", func(h Hit) string { return pageText(h.Item.Page) }},
		{"Period", func(h Hit) string { return h.Item.Period }},
	}
}

// giving360Description is what the grant was for (else the line's text),
// after a flag on an approximate amount and a note when no funder is named.
func giving360Description(h Hit) string {
	it := h.Item
	var b strings.Builder
	if it.Approximate {
		fmt.Fprintf(&b, "Amount approximate: the paper gives about %s. ", moneyText(it.Amount, it.Currency))
	}
	if it.Funder == "" {
		b.WriteString("The paper does not say who gave the money. ")
	}
	b.WriteString(firstNonEmpty(it.Purpose, it.Text, it.Title))
	return strings.TrimSpace(b.String())
}

func giving360Title(it corpus.Item) string {
	switch {
	case it.Recipient != "" && it.Fund != "":
		return fmt.Sprintf("%s grant to %s", it.Fund, it.Recipient)
	case it.Recipient != "":
		return "Grant to " + it.Recipient
	case it.Fund != "":
		return it.Fund + " grant"
	default:
		return firstNonEmpty(it.Title, "Grant")
	}
}
