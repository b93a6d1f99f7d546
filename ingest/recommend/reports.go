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
		if p.Kind == model.ReportPaper {
			if it, ok := report(d, p); ok {
				out = append(out, it)
			}
		}
		if p.Kind != model.AgendaPaper {
			out = append(out, recommendations(d, p)...)
		}
	}
	return out
}

var (
	// A report header's labels: "Title:", "Subject:", "Date:", "Author:",
	// "Report of:", "From:", "Contact officer:".
	fieldRe = regexp.MustCompile(`(?i)^(title(?:\s+of\s+report)?|report\s+title|subject(?:\s+matter)?|date(?:\s+of\s+(?:meeting|report))?|meeting\s+date|author|report\s+(?:of|by|author)|from|contact(?:\s+officer)?|lead\s+officer)\s*[:\-–]\s*(.*)$`)
	// Mastheads: lines above a report's title that are not its title.
	masthead = regexp.MustCompile(`(?i)^(?:(?:[\w'&,.-]+\s+){0,6}(?:council|authority|panel|committee|commissioner(?:\s+for\s+[\w\s]+)?|cabinet)$|(?:agenda\s+)?item\s+\d+|appendix\s+\w+|annex\s+\w+|paper\s+\w{1,2}|part\s+(?:1|2|i|ii)\b|(?:[\w&]+\s+){0,8}report\s+to\b.*|report\s+(?:of|by)\b.*|office\s+of\s+the\b.*|for\s+publication|unrestricted|restricted|exempt|not\s+for\s+publication|(?:key\s+)?decision\b.*|summary|executive\s+summary|recommendations?)$`)
	// A line that is only a date, as a signature block ends.
	onlyDate = regexp.MustCompile(`^(?:Date[d]?\s*:?\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+,?\s+\d{4}\.?$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$`)
	// A person's name: two to four capitalised words, an honorific allowed.
	nameLine = regexp.MustCompile(`^(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Sir)\.?\s+)?[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]*\.?){1,3}$`)
)

// report reads a report paper's title, date, author and opening.
func report(d *model.Doc, p *model.Paper) (corpus.Item, bool) {
	it := corpus.Item{Kind: corpus.KindReport, Page: d.Blocks[p.Start].Page}
	head := min(p.End, p.Start+25)
	mastDate := ""
	setField := func(label, value string, fromTable bool) {
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
		case strings.HasPrefix(label, "from") && !fromTable:
			// "From:" in running text is rare; in a header it names the author.
			fallthrough
		default:
			if it.Author == "" {
				it.Author = authorOf(value)
			}
		}
	}
	for i := p.Start; i < head; i++ {
		b := &d.Blocks[i]
		if b.Kind == model.Table {
			for _, r := range b.Table.Rows {
				for c := 0; c+1 < len(r.Cells); c += 2 {
					if m := fieldRe.FindStringSubmatch(strings.TrimSpace(r.Cells[c]) + ":"); m != nil && strings.TrimSpace(m[2]) == "" {
						setField(m[1], r.Cells[c+1], true)
					}
				}
			}
			continue
		}
		for k, l := range b.Lines {
			if m := fieldRe.FindStringSubmatch(strings.TrimSpace(l.Text)); m != nil {
				// A value may wrap onto the block's next lines.
				v := m[2]
				for _, more := range b.Lines[k+1:] {
					if fieldRe.MatchString(strings.TrimSpace(more.Text)) {
						break
					}
					v += " " + more.Text
				}
				setField(m[1], v, false)
			}
		}
		if b.Kind == model.Heading && mastDate == "" {
			if ms := dates.Find(b.Text); len(ms) > 0 {
				mastDate = ms[0].Date.Format("2006-01-02")
			}
		}
	}
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
	if it.Author == "" {
		it.Author = sa
	}
	if it.Date == "" {
		it.Date = mastDate
	}
	it.Text = opening(d, p)
	if end := d.Blocks[p.End-1].PageEnd; end > it.Page {
		it.PageEnd = end
	}
	return it, true
}

// authorOf takes the person from a header value: "Khalid Ahmed, Scrutiny
// Officer" is Khalid Ahmed.
func authorOf(v string) string {
	v = strings.TrimSpace(strings.SplitN(v, ",", 2)[0])
	v = strings.TrimSpace(strings.SplitN(v, " – ", 2)[0])
	return v
}

// titleOf takes a report's title from its first headings: the first that
// is not its masthead (the council's name, "Report to …", "Agenda item 5").
func titleOf(d *model.Doc, p *model.Paper) string {
	for i := p.Start; i < p.End && i < p.Start+15; i++ {
		b := &d.Blocks[i]
		t := strings.TrimSpace(b.Text)
		if b.Kind != model.Heading && !(i == p.Start && model.Words(t) <= 15 && !model.Terminal(t)) {
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
