package funding

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
)

// tableHeader is the column layout of an awards table.
type tableHeader struct {
	cols       int
	amounts    []int     // columns holding money
	periods    []string  // period of each amount column, if its header names one
	units      []float64 // unit of each amount column (1, 1e3, 1e6)
	pounds     []bool    // header says £, so bare figures are pounds
	name       int       // recipient or grant-name column, -1 if none
	nameIsFund bool      // the name column names grants, not recipients
	purpose    int
	fund       int
}

// Why the guards: every row of every table is asked whether it is a header;
// each guard is words one of its expression's alternatives needs.
var (
	amountHeader = textscan.Guard(regexp.MustCompile(`(?i)amount|£|value|award|grant\b|allocation|funding|sum|total|\b(?:19|20)\d{2}\s?[/-]\s?\d{2}`),
		textscan.Or(textscan.Any("£"), textscan.Fold("amount", "value", "award", "grant", "allocation", "funding", "sum", "total"), textscan.All(textscan.Any("19", "20"), textscan.Any("/", "-"))))
	recipientHeader = textscan.Guard(regexp.MustCompile(`(?i)organi[sz]ation|recipient|applicant|group|body|charity|name|grantee|beneficiary|club|partner`),
		textscan.Fold("organi", "recipient", "applicant", "group", "body", "charity", "name", "grantee", "beneficiary", "club", "partner"))
	grantNameHeader = textscan.Guard(regexp.MustCompile(`(?i)grant|fund|scheme|stream|programme`), textscan.Fold("grant", "fund", "scheme", "stream", "programme"))
	purposeHeader   = textscan.Guard(regexp.MustCompile(`(?i)project|purpose|description|activity|scheme|for\b`), textscan.Fold("project", "purpose", "description", "activity", "scheme", "for"))
	fundHeader      = textscan.Guard(regexp.MustCompile(`(?i)\bfund\b|funding source|source|scheme|pot`), textscan.Fold("fund", "source", "scheme", "pot"))
	// a header about risks, costs or spending is not an awards table
	notAwardsHeader = textscan.Guard(regexp.MustCompile(`(?i)risk|exposure|cost|spend|saving|budget pressure|payment|invoice|cheque|supplier|payee`),
		textscan.Fold("risk", "exposure", "cost", "spend", "saving", "budget pressure", "payment", "invoice", "cheque", "supplier", "payee"))
)

func headerUnit(h string) (pounds bool, unit float64) {
	l := strings.ToLower(h)
	switch {
	case strings.Contains(l, "£m") || strings.Contains(l, "£ m") || strings.Contains(l, "£million"):
		return true, 1e6
	case strings.Contains(l, "£000") || strings.Contains(l, "£'000") || strings.Contains(l, "£k"):
		return true, 1e3
	case strings.Contains(l, "£") || strings.Contains(l, "pounds") || strings.Contains(l, "gbp"):
		return true, 1
	}
	return false, 1
}

// readHeader recognises the header row of an awards table: an amount
// column and a column naming the recipient or the grant, and nothing about
// risks, costs or payments.
func readHeader(cells []string) *tableHeader {
	h := &tableHeader{cols: len(cells), name: -1, purpose: -1, fund: -1}
	joined := strings.Join(cells, " ")
	if strings.Contains(joined, "£") && len(findMoney(joined)) > 0 {
		return nil // a data row, not a header
	}
	if notAwardsHeader.MatchString(joined) {
		return nil
	}
	for i, c := range cells {
		c = strings.TrimSpace(c)
		switch {
		case h.name < 0 && recipientHeader.MatchString(c):
			h.name = i
		case amountHeader.MatchString(c) && (strings.Contains(c, "£") || !grantNameHeader.MatchString(c) || findPeriod(c) != ""):
			pounds, unit := headerUnit(c)
			h.amounts = append(h.amounts, i)
			h.periods = append(h.periods, findPeriod(c))
			h.units = append(h.units, unit)
			h.pounds = append(h.pounds, pounds || findPeriod(c) != "")
		case h.fund < 0 && fundHeader.MatchString(c):
			h.fund = i
		case h.purpose < 0 && purposeHeader.MatchString(c):
			h.purpose = i
		case h.name < 0 && grantNameHeader.MatchString(c):
			h.name, h.nameIsFund = i, true
		}
	}
	if h.name < 0 && h.fund >= 0 && len(h.amounts) > 0 {
		// "Grant | 2024-25 | 2025-26": the only name column is the grant
		h.name, h.nameIsFund, h.fund = h.fund, true, -1
	}
	if len(h.amounts) == 0 || h.name < 0 {
		return nil
	}
	return h
}

// row reads one table row: a header sets the layout for the rows below;
// a data row under a known header becomes one item per amount column; any
// other row is read cell by cell as prose.
func (x *extractor) row(l corpus.Line, page int) {
	if h := readHeader(l.Cells); h != nil {
		x.table = h
		return
	}
	h := x.table
	if h == nil || len(l.Cells) != h.cols {
		for _, c := range l.Cells {
			x.prose(c, page)
		}
		return
	}
	cell := func(i int) string {
		if i < 0 || i >= len(l.Cells) {
			return ""
		}
		return strings.TrimSpace(l.Cells[i])
	}
	name := cell(h.name)
	if name == "" || totalRowRe.MatchString(name) {
		return
	}
	for k, col := range h.amounts {
		a, _, ok := ParseCell(cell(col), h.pounds[k], h.units[k])
		if !ok || a == 0 {
			continue
		}
		it := corpus.Item{
			Kind:     corpus.KindFunding,
			Amount:   a,
			Currency: "GBP",
			Text:     strings.Join(l.Cells, " | "),
			Page:     page,
			Purpose:  cell(h.purpose),
			Fund:     cell(h.fund),
			Period:   h.periods[k],
		}
		if h.nameIsFund {
			it.Fund = name
		} else {
			it.Recipient = name
		}
		if it.Fund == "" {
			it.Fund = x.fund
		}
		if it.Period == "" {
			if it.Period = findPeriod(it.Text); it.Period == "" {
				it.Period = x.period
			}
		}
		x.items = append(x.items, it)
	}
}

// Patterns used per money figure, compiled once.
var (
	totalRowRe = regexp.MustCompile(`(?i)^(?:sub-?)?totals?\b`)
)
