package funding

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/internal/textscan"
	"panelpapers/ingest/model"
)

// columns is what an awards table's header says each column holds.
type columns struct {
	name       int // recipient or grant-name column, -1 if none
	nameIsFund bool
	purpose    int
	fund       int
	amounts    []amountColumn
}

type amountColumn struct {
	col    int
	period string
	scale  float64 // pounds per unit of a bare figure; 0 when the header names no money
}

// Why the guards: every header of every table is asked; each guard is
// words one of its expression's alternatives needs.
var (
	amountHeader = textscan.Guard(regexp.MustCompile(`(?i)amount|£|value|award|grant\b|allocation|funding|sum|total|donation|contribution`),
		textscan.Or(textscan.Any("£"), textscan.Fold("amount", "value", "award", "grant", "allocation", "funding", "sum", "total", "donation", "contribution")))
	recipientHeader = textscan.Guard(regexp.MustCompile(`(?i)organi[sz]ation|recipient|applicant|group|body|charity|name|grantee|beneficiary|club|partner|payee|paid\s+to|to\s+whom|details|description`),
		textscan.Fold("organi", "recipient", "applicant", "group", "body", "charity", "name", "grantee", "beneficiary", "club", "partner", "payee", "paid", "whom", "details", "description"))
	grantNameHeader = textscan.Guard(regexp.MustCompile(`(?i)grant|fund|scheme|stream|programme`), textscan.Fold("grant", "fund", "scheme", "stream", "programme"))
	purposeHeader   = textscan.Guard(regexp.MustCompile(`(?i)project|purpose|activity|scheme|\bfor\b|use`), textscan.Fold("project", "purpose", "activity", "scheme", "for", "use"))
	fundHeader      = textscan.Guard(regexp.MustCompile(`(?i)\bfund\b|funding\s+source|\bsource\b|\bpot\b`), textscan.Fold("fund", "source", "pot"))
	// a header or caption about awards
	awardsHeader = textscan.Guard(regexp.MustCompile(`(?i)\b(?:awards?|awarded|grants?|donations?|recipients?|grantees?|beneficiar(?:y|ies)|allocations?|allocated|contributions?|funding\s+(?:agreed|approved|awarded))\b`),
		textscan.Fold("award", "grant", "donation", "recipient", "beneficiar", "allocat", "contribution", "funding"))
	// a header about risks, costs, budgets or spending: not an awards table
	notAwardsHeader = textscan.Guard(regexp.MustCompile(`(?i)\b(?:risks?|exposure|costs?|spend|spending|savings?|pressures?|budget|variance|forecast|outturn|income|expenditure|reserves?|balance|fees?|charges?|prices?|tariff|capital\s+programme)\b`),
		textscan.Fold("risk", "exposure", "cost", "spend", "saving", "pressure", "budget", "variance", "forecast", "outturn", "income", "expenditure", "reserve", "balance", "fee", "charge", "price", "tariff", "capital"))
	paymentsHeader = textscan.Guard(regexp.MustCompile(`(?i)\b(?:payee|cheque|chq|invoice|supplier|paid\s+to|payments?)\b`),
		textscan.Fold("payee", "cheque", "chq", "invoice", "supplier", "paid", "payment"))
)

// readColumns finds the name and amount columns of a table from its
// header.
func readColumns(t *model.TableData) *columns {
	h := &columns{name: -1, purpose: -1, fund: -1}
	for i, c := range t.Columns {
		head := strings.TrimSpace(c.Header)
		money := c.Role == model.MoneyColumn || c.Role == model.YearColumn
		switch {
		case money && (amountHeader.MatchString(head) || c.Scale > 0 || findPeriod(head) != "" || head == ""):
			scale := c.Scale
			if scale == 0 && (strings.Contains(head, "£") || amountHeader.MatchString(head)) {
				scale = 1
			}
			h.amounts = append(h.amounts, amountColumn{col: i, period: findPeriod(head), scale: scale})
		case h.name < 0 && recipientHeader.MatchString(head) && !purposeOnly(head):
			h.name = i
		case h.fund < 0 && fundHeader.MatchString(head):
			h.fund = i
		case h.purpose < 0 && purposeHeader.MatchString(head):
			h.purpose = i
		case h.name < 0 && grantNameHeader.MatchString(head):
			h.name, h.nameIsFund = i, true
		}
	}
	if h.name < 0 && h.fund >= 0 {
		h.name, h.nameIsFund, h.fund = h.fund, true, -1
	}
	if h.name < 0 {
		// No header names it: the first text column names the row.
		for i, c := range t.Columns {
			if c.Role == model.TextColumn {
				h.name = i
				break
			}
		}
	}
	if len(h.amounts) == 0 || h.name < 0 {
		return nil
	}
	return h
}

// purposeOnly: "Description" over a column of what the money is for, in a
// table that also has a name column, is the purpose.
func purposeOnly(head string) bool {
	return strings.EqualFold(strings.TrimSpace(head), "description") || strings.EqualFold(strings.TrimSpace(head), "details")
}

// table reads a table block: each row under an awards header (or a
// heading about awards) is an award to the body its name column names;
// under a payments header, only rows that pass the list-entry test; cells
// of prose are read as prose.
func (x *extractor) table(i int) {
	b := &x.d.Blocks[i]
	t := b.Table
	if t == nil {
		return
	}
	sc := x.scopeOf(i)
	var heads []string
	for _, c := range t.Columns {
		heads = append(heads, c.Header)
	}
	header := strings.Join(heads, " | ")
	context := header + " " + t.Caption
	if h := x.d.Heading(i); h >= 0 {
		context += " " + x.d.Blocks[h].Text
	}
	h := readColumns(t)
	if h == nil {
		x.proseCells(i, t, sc)
		return
	}
	awards := awardsHeader.MatchString(context) || sc.awards
	payments := paymentsHeader.MatchString(header) || sc.payments && !awardsHeader.MatchString(header)
	if notAwardsHeader.MatchString(context) && !awardsHeader.MatchString(header+" "+t.Caption) {
		return // a budget, a cost or a fee table
	}
	if years := max(yearColumns(t), len(distinctPeriods(header))); years >= 3 && !awardsHeader.MatchString(header) {
		return // a plan over years: budget lines, not awards
	}
	if len(h.amounts) > 4 && !awardsHeader.MatchString(header+" "+t.Caption) || negativeCells(t) >= 3 {
		return // a budget matrix (services by columns), or a table of changes: awards are not negative
	}
	rowScope := sc
	rowScope.awards, rowScope.payments = awards && !payments, payments
	if f := fundIn(t.Caption, 0, headingFundRe); f != "" {
		rowScope.fund = f
	}
	if p := findPeriod(t.Caption); p != "" {
		rowScope.period = p
	}
	for _, r := range t.Rows {
		if r.Header {
			continue
		}
		cell := func(c int) string {
			if c < 0 || c >= len(r.Cells) {
				return ""
			}
			return strings.TrimSpace(strings.ReplaceAll(r.Cells[c], "\n", " "))
		}
		name := cell(h.name)
		if name == "" || totalName.MatchString(name) {
			continue
		}
		for _, ac := range h.amounts {
			a, approx, ok := ParseCell(cell(ac.col), ac.scale > 0, max(ac.scale, 1))
			if !ok || a == 0 {
				continue
			}
			rec, desc := name, ""
			if h.nameIsFund {
				rec = ""
			} else if n, d, ok := cutDesc(name); ok {
				rec, desc = n, d
			}
			e := entry{name: rec, desc: desc + " " + cell(h.purpose), m: money{amount: a, approx: approx}}
			if !h.nameIsFund && !isGift(e, rowScope) {
				continue
			}
			if h.nameIsFund && !awards {
				continue
			}
			it := corpus.Item{
				Kind:        corpus.KindFunding,
				Amount:      a,
				Approximate: approx,
				Currency:    "GBP",
				Recipient:   rec,
				Text:        rowText(r.Cells),
				Page:        r.Page,
				Purpose:     cell(h.purpose),
				Fund:        cell(h.fund),
				Period:      ac.period,
			}
			if it.Purpose == "" {
				it.Purpose = desc
			}
			if h.nameIsFund {
				it.Fund = name
			}
			if it.Fund == "" {
				it.Fund = rowScope.fund
			}
			if it.Period == "" {
				if it.Period = findPeriod(it.Text); it.Period == "" {
					it.Period = rowScope.period
				}
			}
			if x.giver != "" && !strings.EqualFold(x.giver, rec) {
				it.Funder = x.giver
			}
			if it.Page == 0 {
				it.Page = b.Page
			}
			x.items = append(x.items, it)
		}
	}
}

// proseCells reads the cells of a table that is not an awards table and
// hold sentences with money in them: a tracker's or a front sheet's cells.
func (x *extractor) proseCells(i int, t *model.TableData, sc scope) {
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			c = strings.TrimSpace(strings.ReplaceAll(c, "\n", " "))
			if !moneyCue(c) || model.Words(c) < 4 {
				continue
			}
			x.prose(i, c, sc)
		}
	}
}

func rowText(cells []string) string {
	var parts []string
	for _, c := range cells {
		c = strings.TrimSpace(strings.ReplaceAll(c, "\n", " "))
		if c != "" {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, " | ")
}

// yearColumns counts the columns headed by a year or a financial year.
func yearColumns(t *model.TableData) int {
	n := 0
	for _, c := range t.Columns {
		if c.Role == model.YearColumn || findPeriod(c.Header) != "" {
			n++
		}
	}
	return n
}

// distinctPeriods lists the financial years a header names: one header
// cell may name three ("2025-26 2026-27 2027-28 £000's £000's £000's").
func distinctPeriods(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, loc := range periodRe.FindAllStringIndex(s, -1) {
		if p := findPeriod(s[loc[0]:loc[1]]); p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// negativeCells counts the cells of t that hold a negative figure
// ("-19,878.0", "(1,250)").
func negativeCells(t *model.TableData) int {
	n := 0
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if negativeFigure.MatchString(strings.TrimSpace(c)) {
				n++
			}
		}
	}
	return n
}

var negativeFigure = regexp.MustCompile(`^(?:[-−–]\s?£?\d[\d,]*(?:\.\d+)?|\(£?\d[\d,]*(?:\.\d+)?\))$`)

// paymentsTable reports a table headed as a list of payments.
func (x *extractor) paymentsTable(i int) bool {
	t := x.d.Blocks[i].Table
	if t == nil {
		return false
	}
	var heads []string
	for _, c := range t.Columns {
		heads = append(heads, c.Header)
	}
	return paymentsHeader.MatchString(strings.Join(heads, " | "))
}
