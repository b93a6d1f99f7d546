package htmltext

import (
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"panelpapers/ingest/dates"
)

// Modern.gov (Civica) serves every council's committee pages from the same
// templates, so its class names are a stable structure to read:
//
//	h2.mgSubTitleTxt        "<Committee> - <Weekday>, <date> <time>"
//	span.mgLabel            "Venue: ", "Contact: ", "Date of decision: " ...
//	table.mgItemTable       one row per agenda item:
//	  td.mgItemNumberCell   the number as printed ("3.", "4a")
//	  td > p.mgAiTitleTxt   the title (with a link to its PDF: "PDF 240 KB")
//	  div.mgWordPara        the description, then for each of "Minutes:",
//	                        "Decision:" a p.mgSubItemTitleTxt label and a
//	                        div.mgWordPara with the text
//	h3.mgSubSubTitleTxt     "Decision:" on a decision details page
//
// The rules below key on those classes and on the label texts, never on a
// council's or committee's name. Where a page varies the markup (labels
// inside the mgWordPara, sub-items in nested tables), the text patterns carry
// the rule.

var (
	selTitle      = goquery.Single("title")
	selNumberCell = cascadia.MustCompile("td.mgItemNumberCell, th.mgItemNumberCell")
	selSubTitle   = cascadia.MustCompile(".mgSubTitleTxt")
	selSubHeads   = cascadia.MustCompile(".mgSubSubTitleTxt, h2, h3, h4")
	selModgov     = cascadia.MustCompile("#modgov, .mgContent, .mgItemTable, .mgSubTitleTxt, .mgMainTitleTxt")
)

func readMeeting(doc *goquery.Document, title string, lines []line) *Meeting {
	numberCells := doc.FindMatcher(selNumberCell)
	if numberCells.Length() == 0 && doc.FindMatcher(selModgov).Length() == 0 {
		return nil
	}
	m := &Meeting{}
	subtitle := collapse(doc.FindMatcher(selSubTitle).First().Text())
	for _, s := range []string{subtitle, title} {
		if body, d, tm, ok := parseMeetingTitle(s); ok {
			m.Body, m.Date, m.Time = body, d, tm
			break
		}
	}

	labels := labelValues(lines)
	m.Venue = viewDirectionsRE.ReplaceAllString(labels["venue"], "")
	if m.Venue == "" {
		m.Venue = firstOf(labels, "place", "location")
	}
	m.Contact = firstOf(labels, "contact", "contact officer", "contact officers")
	if m.Date.IsZero() {
		for _, k := range []string{"date", "meeting date", "date of meeting", "date of decision"} {
			if ms := dates.Find(labels[k]); len(ms) > 0 {
				m.Date = ms[0].Date
				if m.Time == "" {
					if ts := dates.FindTimes(labels[k][ms[0].End:]); len(ts) > 0 {
						m.Time = ts[0].Time
					}
				}
				break
			}
		}
	}
	if m.Time == "" {
		if t, ok := dates.ParseTime(labels["time"]); ok {
			m.Time = t
		}
	}

	for _, cell := range numberCells.EachIter() {
		td := cell.Nodes[0]
		if td.Parent != nil && td.Parent.DataAtom == atom.Tr {
			m.Items = append(m.Items, readItem(td.Parent, td))
		}
	}

	if len(m.Items) == 0 {
		if head := decisionHeading(doc); head != nil {
			m.Items = append(m.Items, MeetingItem{Title: subtitle, Decisions: decisionBlock(head)})
			if at := labels["decided at meeting"]; at != "" {
				if ms := dates.Find(at); len(ms) > 0 {
					if m.Date.IsZero() {
						m.Date = ms[0].Date
					}
					at = at[:ms[0].Start] + at[ms[0].End:]
				}
				if m.Body == "" {
					m.Body = strings.Trim(at, " -–—,:")
				}
			}
			if m.Body == "" {
				m.Body = labels["decision maker"]
			}
		}
	}
	if len(m.Items) == 0 && m.Date.IsZero() && m.Body == "" {
		return nil
	}
	return m
}

var (
	titlePrefixRE    = regexp.MustCompile(`(?i)^(?:draft\s+)?(?:agenda(?:\s+and\s+(?:draft\s+)?(?:minutes|decisions))?|minutes|decisions|meeting|agenda\s+item)\s+(?:for|of)\s+`)
	titleOnRE        = regexp.MustCompile(`(?i)\s+(?:held\s+)?on$`)
	viewDirectionsRE = regexp.MustCompile(`(?i)\s*view\s+directions\.?\s*$`)
)

// parseMeetingTitle reads "<Body> - <date> <time>" (the modern.gov subtitle)
// or "Agenda for <Body> on <date>, <time>" (its <title>).
func parseMeetingTitle(s string) (body string, date time.Time, tm string, ok bool) {
	ms := dates.Find(s)
	if len(ms) == 0 {
		return "", time.Time{}, "", false
	}
	d := ms[0]
	body = strings.TrimSpace(s[:d.Start])
	body = titleOnRE.ReplaceAllString(body, "")
	body = strings.TrimRight(body, " -–—,:|")
	body = titlePrefixRE.ReplaceAllString(body, "")
	if ts := dates.FindTimes(s[d.End:]); len(ts) > 0 && strings.Trim(s[d.End:d.End+ts[0].Start], " ,-–—at") == "" {
		tm = ts[0].Time
	}
	return strings.TrimSpace(body), d.Date, tm, true
}

var labelRE = regexp.MustCompile(`^([A-Za-z][A-Za-z '/?]{0,40}?)\s*\??\s*:\s*(.*)$`)

// labelValues collects "Label: value" lines outside the item table, first
// occurrence of each label (lower-cased, without "?").
func labelValues(lines []line) map[string]string {
	out := map[string]string{}
	for _, l := range lines {
		if inItemRow(l.owner) {
			continue
		}
		m := labelRE.FindStringSubmatch(l.Text)
		if m == nil {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(strings.TrimRight(m[1], " ?")))
		if _, seen := out[k]; !seen {
			out[k] = strings.TrimSpace(m[2])
		}
	}
	return out
}

func firstOf(m map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := m[k]; v != "" {
			return v
		}
	}
	return ""
}

func isItemRow(n *html.Node) bool {
	if n == nil || n.DataAtom != atom.Tr {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasClass(c, "mgItemNumberCell") {
			return true
		}
	}
	return false
}

func inItemRow(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if isItemRow(n) {
			return true
		}
	}
	return false
}

// hasAncestorClass reports whether n or an ancestor below stop has class.
func hasAncestorClass(n, stop *html.Node, class string) bool {
	for ; n != nil && n != stop; n = n.Parent {
		if hasClass(n, class) {
			return true
		}
	}
	return false
}

var (
	sectionRE  = regexp.MustCompile(`(?i)^(minutes|decisions?|additional documents|supporting documents|documents|background papers|appendices)\s*:\s*(.*)$`)
	pagesRE    = regexp.MustCompile(`(?i)^(?:pages?|pp?\.?)\s*(\d+)\s*(?:(?:-|–|—|to)\s*(\d+))?\.?$`)
	fileSizeRE = regexp.MustCompile(`(?i)\s*\(?\s*(?:pdf|docx?|xlsx?|pptx?|rtf|odt|html?|zip|txt|csv)\s*[\d.,]+\s*(?:kb|mb|gb|bytes)\s*\)?\s*$`)
)

type itemSection int

const (
	secText itemSection = iota
	secMinutes
	secDecision
	secOther
)

// readItem reads one agenda item row.
func readItem(tr, numCell *html.Node) MeetingItem {
	skipRow := func(n *html.Node) bool { return n != tr && isItemRow(n) } // sub-items are items of their own
	walk := func(n *html.Node) []line {
		w := &walker{b: newBuilder(), skip: skipRow}
		w.children(n, style{owner: n})
		w.b.flush()
		return w.b.lines
	}
	var it MeetingItem
	var nums []string
	for _, l := range walk(numCell) {
		nums = append(nums, l.Text)
	}
	it.Number = strings.Join(nums, " ")

	var text, minutes, decision []line
	sec := secText
	titled := false
	for c := numCell.NextSibling; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
			continue
		}
		for _, l := range walk(c) {
			if !titled {
				if hasAncestorClass(l.owner, c, "mgAiTitleTxt") || !hasTitleElement(c) {
					it.Title = strings.TrimSpace(fileSizeRE.ReplaceAllString(l.Text, ""))
					titled = true
					continue
				}
			}
			if hasAncestorClass(l.owner, c, "mgActionList") {
				continue // "View the decision for item 4."
			}
			if s, rest, ok := sectionLabel(l, c); ok {
				sec = s
				if rest == "" {
					continue
				}
				l.Text = rest
			}
			if sec == secText {
				if it.Time == "" && len(l.Text) <= 20 {
					if t, ok := dates.ParseTime(l.Text); ok || hasAncestorClass(l.owner, c, "mgAiTime") {
						it.Time = t
						continue
					}
				}
				if m := pagesRE.FindStringSubmatch(l.Text); m != nil && it.Pages == "" {
					it.Pages = m[1]
					if m[2] != "" {
						it.Pages += "-" + m[2]
					}
					continue
				}
			}
			switch sec {
			case secText:
				text = append(text, l)
			case secMinutes:
				minutes = append(minutes, l)
			case secDecision:
				decision = append(decision, l)
			}
		}
	}
	it.Text = joinLines(text)
	it.Minutes = joinLines(minutes)
	if it.Decisions = splitDecisionBlock(decision); len(it.Decisions) == 0 {
		it.Decisions = resolutions(minutes)
	}
	return it
}

func hasTitleElement(cell *html.Node) bool {
	return hasDescendant(cell, func(n *html.Node) bool { return hasClass(n, "mgAiTitleTxt") })
}

// sectionLabel recognises "Minutes:", "Decision:" and the like, as a
// modern.gov sub-item title or as a line of its own.
func sectionLabel(l line, cell *html.Node) (itemSection, string, bool) {
	name, rest := "", ""
	if hasAncestorClass(l.owner, cell, "mgSubItemTitleTxt") {
		name = strings.ToLower(strings.TrimSpace(strings.TrimRight(l.Text, ": ")))
	} else if m := sectionRE.FindStringSubmatch(l.Text); m != nil {
		name, rest = strings.ToLower(m[1]), strings.TrimSpace(m[2])
	} else {
		return 0, "", false
	}
	switch name {
	case "minutes", "minute":
		return secMinutes, rest, true
	case "decision", "decisions":
		return secDecision, rest, true
	}
	return secOther, rest, true
}

func joinLines(ls []line) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.Text
	}
	return strings.Join(parts, "\n")
}

// decisionHeading finds the "Decision:" heading of a decision details page.
func decisionHeading(doc *goquery.Document) *html.Node {
	for _, s := range doc.FindMatcher(selSubHeads).EachIter() {
		n := s.Nodes[0]
		if inItemRow(n) {
			continue
		}
		t := strings.ToLower(strings.TrimRight(collapse(s.Text()), ": "))
		if t == "decision" || t == "decisions" {
			return n
		}
	}
	return nil
}

// decisionBlock reads the elements after a "Decision:" heading up to the
// next heading or label paragraph.
func decisionBlock(head *html.Node) []string {
	w := &walker{b: newBuilder()}
	for n := head.NextSibling; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode {
			if headingLevel(n) > 0 || hasClass(n, "mgLabel") || hasClass(n, "mgSubItemTitleTxt") ||
				hasDescendant(n, func(c *html.Node) bool { return hasClass(c, "mgLabel") }) {
				break
			}
		}
		w.node(n, style{})
	}
	w.b.flush()
	return splitDecisionBlock(w.b.lines)
}
