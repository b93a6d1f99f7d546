package recommend

import (
	"regexp"
	"strings"

	"panelpapers/corpus"
	"panelpapers/ingest/dates"
	"panelpapers/ingest/model"
)

// Extract returns the report and recommendation items of a document.
func Extract(d *model.Doc) []corpus.Item {
	var out []corpus.Item
	for k := range d.Papers {
		p := &d.Papers[k]
		title := ""
		if p.Kind == model.ReportPaper || p.Kind == model.DecisionPaper {
			if it, ok := report(d, p); ok {
				title = it.Title
				if p.Kind == model.ReportPaper {
					out = append(out, it)
				}
			}
		}
		if p.Kind != model.AgendaPaper {
			out = append(out, recommendations(d, p, title)...)
		}
	}
	return out
}

var (
	// A report header's labels: "Title:", "Subject:", "Date:", "Author:",
	// "Report of:", "From:", "Contact officer:".
	fieldRe = regexp.MustCompile(`(?i)^(title(?:\s+of\s+report)?|report\s+title|subject(?:\s+matter)?|date(?:\s+of\s+(?:meeting|report))?|meeting\s+date|authors?|report\s+(?:of|by|authors?)|from|contact(?:\s+officer)?|lead\s+officer)\s*[:\-–]\s*(.*)$`)
	// Mastheads: lines above a report's title that are not its title.
	masthead = regexp.MustCompile(`(?i)^(?:(?:[\w'&,.-]+\s+){0,6}(?:council|authority|panel|committee|commissioner(?:\s+for\s+[\w\s]+)?|cabinet)(?:\s*[–—,-]\s*(?:\w+day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\s+\d{4})?$|(?:agenda\s+)?item\s+\d+|appendix\s+\w+|annex\s+\w+|paper\s+\w{1,2}|part\s+(?:1|2|i|ii)\b|(?:[\w&]+\s+){0,8}report\s+to\b.*|report\s+(?:of|by)\s+(?:the\s+)?(?:[\w&'-]+\s+){0,5}?(?:director|officer|head|chief|executive|commissioner|member|leader|manager|clerk|secretary|treasurer|solicitor|portfolio\s+holder|cabinet|council|committee|panel)\b.*|office\s+of\s+the\b.*|for\s+publication|unrestricted|restricted|exempt|not\s+for\s+publication|(?:key\s+)?decision\b.*|summary|executive\s+summary|recommendations?)$`)
	// A line that is only a date, as a signature block ends.
	onlyDate = regexp.MustCompile(`^(?:(?:Date[d]?\s*:?\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}\.?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})$`)
	// A person's name: two to four capitalised words, an honorific allowed.
	nameLine = regexp.MustCompile(`^(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Sir)\.?\s+)?[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]*\.?){1,3}$`)
)

// report reads a report paper's title, date, author and opening.
func report(d *model.Doc, p *model.Paper) (corpus.Item, bool) {
	it := corpus.Item{Kind: corpus.KindReport, Page: d.Blocks[p.Start].Page}
	var reportOf, person string
	mastDate := ""
	setField := func(label, value string) {
		label = strings.ToLower(label)
		value = strings.TrimSpace(strings.ReplaceAll(value, "\n", " "))
		if value == "" {
			return
		}
		switch {
		case strings.HasPrefix(label, "title") || strings.HasPrefix(label, "report title") || strings.HasPrefix(label, "subject"):
			if it.Title == "" {
				it.Title = value
			}
		case strings.HasPrefix(label, "date") || label == "meeting date":
			if it.Date == "" {
				if ms := dates.Find(value); len(ms) > 0 {
					it.Date = ms[0].Date.Format("2006-01-02")
				}
			}
		case strings.HasPrefix(label, "report of") || strings.HasPrefix(label, "report by") || label == "from":
			if reportOf == "" {
				reportOf = value
			}
		default: // author, contact officer, lead officer
			if person == "" {
				person = value
			}
		}
	}
	// The header, and the contact details many reports end with.
	readFields := func(from, to int) {
		for i := from; i < to; i++ {
			b := &d.Blocks[i]
			if b.Kind == model.Table {
				rows := b.Table.Rows
				for ri, r := range rows {
					// "Report Author | Relevant Director" over the names:
					// labels across a row, values in the row below.
					across := ri+1 < len(rows) && len(r.Cells) > 1 && len(rows[ri+1].Cells) == len(r.Cells) &&
						label(r.Cells[0]) != "" && personIn(rows[ri+1].Cells[0]) && !personIn(r.Cells[1])
					for c := 0; !across && c+1 < len(r.Cells); c += 2 {
						if f := label(r.Cells[c]); f != "" && label(r.Cells[c+1]) == "" {
							setField(f, r.Cells[c+1])
						}
					}
					if across {
						for c, cell := range r.Cells {
							if f := label(cell); f != "" && c < len(rows[ri+1].Cells) && label(rows[ri+1].Cells[c]) == "" {
								setField(f, rows[ri+1].Cells[c])
							}
						}
					}
				}
				continue
			}
			// "7. Report Authors:" over a paragraph naming them.
			if f := label(b.Text); f != "" && i+1 < to && d.Blocks[i+1].Kind != model.Table {
				setField(f, d.Blocks[i+1].Text)
				continue
			}
			for k, l := range b.Lines {
				m := fieldRe.FindStringSubmatch(strings.TrimSpace(l.Text))
				if m == nil {
					continue
				}
				// A value may wrap onto the block's next lines.
				v := m[2]
				for _, more := range b.Lines[k+1:] {
					if fieldRe.MatchString(strings.TrimSpace(more.Text)) {
						break
					}
					v += " " + more.Text
				}
				setField(m[1], v)
			}
			if b.Kind == model.Heading && mastDate == "" && i < p.Start+25 && !pathway.MatchString(b.Text) {
				if ms := dates.Find(b.Text); len(ms) > 0 {
					mastDate = ms[0].Date.Format("2006-01-02")
				}
			}
		}
	}
	readFields(p.Start, min(p.End, p.Start+25))
	// The rest of the paper is read for who wrote it only: its dates and
	// subjects are about other things.
	title, date, of := it.Title, it.Date, reportOf
	readFields(min(p.End, p.Start+25), p.End)
	it.Title, it.Date, reportOf = title, date, of
	if it.Title == "" {
		it.Title = titleOf(d, p)
	}
	if it.Title == "" {
		return it, false
	}
	sd, sa := signature(d, p)
	if it.Date == "" {
		it.Date = sd
	}
	if it.Date == "" {
		it.Date = mastDate
	}
	it.Author = authorOf(person, sa, reportOf)
	it.Text = opening(d, p)
	if end := d.Blocks[p.End-1].PageEnd; end > it.Page {
		it.PageEnd = end
	}
	return it, true
}

// pathway: "Past Pathway of report: Committee - 21 November 2024" dates
// an earlier meeting, not the report.
var pathway = regexp.MustCompile(`(?i)\bpathway\b|\bpreviously\b|\bconsidered\s+(?:by|at)\b`)

// fieldLike is a "Label: value" line of a header.
var fieldLike = regexp.MustCompile(`^(?:[\w’'()/-]+\s+){0,3}[\w’'()/-]+:\s`)

// label returns the field a cell or block names when it is a label alone
// ("Report Author", "Subject:"), else "".
func label(cell string) string {
	t := strings.TrimSuffix(strings.TrimSpace(cell), ":")
	if m := fieldRe.FindStringSubmatch(t + ":"); m != nil && strings.TrimSpace(m[2]) == "" {
		return m[1]
	}
	return ""
}

// personIn reports a cell that opens with a person's name.
func personIn(cell string) bool {
	n, _ := splitPerson(strings.SplitN(strings.TrimSpace(cell), "\n", 2)[0])
	return n != ""
}

// authorOf names who wrote a report: the person (an author or contact
// field, else the signature) with the post the report is "of", "Jo
// Whitcombe, Licensing Manager". A "Report of" that is itself a name is
// the person.
func authorOf(field, signed, reportOf string) string {
	name, role := splitPerson(field)
	if name == "" {
		name, role = splitPerson(signed)
	}
	if rn, rr := splitPerson(reportOf); rn != "" {
		if name == "" {
			name, role = rn, rr
		}
	} else if reportOf != "" && role == "" {
		role = reportOf
	} else if reportOf != "" && !strings.Contains(strings.ToLower(role), strings.ToLower(reportOf)) && !strings.Contains(strings.ToLower(reportOf), strings.ToLower(role)) {
		role = reportOf
	}
	switch {
	case name != "" && role != "":
		return name + ", " + role
	case name != "":
		return name
	}
	return role
}

// splitPerson reads "Khalid Ahmed, Scrutiny Officer" or "Khalid Ahmed –
// Scrutiny Officer" as a name and a post; a value that opens with no
// person's name gives neither.
func splitPerson(v string) (name, role string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", ""
	}
	// contact details run on after the post: "Tel:", "Email:", a phone number
	if i := contactTail.FindStringIndex(v); i != nil {
		v = strings.TrimSpace(v[:i[0]])
	}
	parts := strings.SplitN(v, ",", 2)
	if len(parts) == 1 {
		parts = strings.SplitN(v, " – ", 2)
	}
	n := strings.TrimSpace(parts[0])
	if !nameLine.MatchString(n) || postWord.MatchString(n) {
		return "", ""
	}
	if len(parts) == 2 {
		role = strings.TrimSpace(parts[1])
	}
	return n, role
}

var (
	contactTail = regexp.MustCompile(`(?i)\s(?:tel|telephone|phone|email|e-mail|ext)\b|\s0\d{3,4}\s?\d{3}|\S+@\S+`)
	// postWord marks a post rather than a person: "Licensing Manager".
	postWord = regexp.MustCompile(`(?i)\b(?:manager|director|officer|head|chief|executive|member|leader|clerk|secretary|commissioner|team|service|services|department|council|committee|cabinet|panel|of)\b`)
)

// titleOf takes a report's title from its first headings: the first that
// is not its masthead (the council's name, "Report to …", "Agenda item 5").
func titleOf(d *model.Doc, p *model.Paper) string {
	for i := p.Start; i < p.End && i < p.Start+15; i++ {
		b := &d.Blocks[i]
		t := strings.TrimSpace(b.Text)
		// A heading, or a short line among the paper's first blocks: the
		// title set as a paragraph under its masthead.
		if b.Kind != model.Heading && !(i < p.Start+4 && b.Kind == model.Paragraph && model.Words(t) <= 15 && !model.Terminal(t) && !strings.HasSuffix(t, ":") && !fieldLike.MatchString(t)) {
			continue
		}
		if masthead.MatchString(strings.TrimRight(t, ":")) || model.Words(t) < 2 && i > p.Start {
			continue
		}
		if fieldRe.MatchString(t) {
			continue
		}
		return t
	}
	return ""
}

// signature reads the last signature block of a paper: a line that is
// only a date, with a person's name in the few lines above it.
func signature(d *model.Doc, p *model.Paper) (date, author string) {
	from := max(p.Start, p.End-40)
	for i := p.End - 1; i >= from; i-- {
		ls := d.Blocks[i].Lines
		for j := len(ls) - 1; j >= 0; j-- {
			t := strings.TrimSpace(ls[j].Text)
			if !onlyDate.MatchString(t) {
				continue
			}
			ms := dates.Find(t)
			if len(ms) != 1 {
				continue
			}
			date = ms[0].Date.Format("2006-01-02")
			// The name: a line or two above, in this block or the one before.
			var above []string
			for k := j - 1; k >= 0 && len(above) < 4; k-- {
				above = append(above, ls[k].Text)
			}
			for k := i - 1; k >= from && len(above) < 4; k-- {
				bl := d.Blocks[k].Lines
				for m := len(bl) - 1; m >= 0 && len(above) < 4; m-- {
					above = append(above, bl[m].Text)
				}
			}
			for _, n := range above {
				n = strings.TrimSpace(n)
				if nameLine.MatchString(n) && model.Words(n) <= 5 && !strings.ContainsAny(n, ":") && !model.Caps(n) {
					return date, n
				}
			}
			return date, ""
		}
	}
	return "", ""
}

// opening is the first few hundred characters of a paper: enough to show
// in a list of reports; its sections carry the rest.
func opening(d *model.Doc, p *model.Paper) string {
	var b strings.Builder
	for i := p.Start; i < p.End && b.Len() < 600; i++ {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d.Blocks[i].Full())
	}
	s := b.String()
	if len(s) > 600 {
		cut := strings.LastIndexByte(s[:600], ' ')
		if cut < 400 {
			cut = 600
			for cut > 0 && s[cut]&0xC0 == 0x80 {
				cut-- // not inside a character
			}
		}
		s = s[:cut] + " …"
	}
	return s
}
