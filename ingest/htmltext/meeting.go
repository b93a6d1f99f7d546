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

	// A decision details page names its meeting in labels.
	if numberCells.Length() == 0 && decisionHeading(doc) != nil {
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
	if m.Date.IsZero() && m.Body == "" {
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
