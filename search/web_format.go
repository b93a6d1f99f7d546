package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"panelpapers/corpus"
)

// markHTML turns a highlight fragment (document text, HTML-escaped, with the
// matches in <mark>…</mark>) into HTML that is safe to insert: every piece
// between the tags is unescaped once and escaped again, so whatever the text
// holds (a <script>, an entity, a stray '<') comes out as text, and the only
// markup is balanced <mark> and </mark> tags written here.
func markHTML(fragment string) template.HTML {
	const open, close = "<mark>", "</mark>"
	var b strings.Builder
	inMark := false
	rest := fragment
	for rest != "" {
		i, j := strings.Index(rest, open), strings.Index(rest, close)
		next, tag := -1, ""
		switch {
		case i >= 0 && (j < 0 || i < j):
			next, tag = i, open
		case j >= 0:
			next, tag = j, close
		}
		if next < 0 {
			b.WriteString(reEscape(rest))
			break
		}
		b.WriteString(reEscape(rest[:next]))
		switch {
		case tag == open && !inMark:
			b.WriteString(open)
			inMark = true
		case tag == close && inMark:
			b.WriteString(close)
			inMark = false
		}
		rest = rest[next+len(tag):]
	}
	if inMark {
		b.WriteString(close)
	}
	return template.HTML(b.String()) // every byte of text above went through html.EscapeString
}

func reEscape(s string) string { return html.EscapeString(html.UnescapeString(s)) }

// cleanValues copies v without empty values, so links built from a form
// submission do not carry kind=&body=&… along.
func cleanValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vals := range v {
		for _, s := range vals {
			if s = strings.TrimSpace(s); s != "" {
				out.Add(k, s)
			}
		}
	}
	return out
}

// without copies v without the named parameters.
func without(v url.Values, names ...string) url.Values {
	out := make(url.Values, len(v))
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	for _, n := range names {
		out.Del(n)
	}
	return out
}

func pageURL(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

func itemURL(id string) string { return "/items/" + url.PathEscape(id) }

func docURL(id string) string { return "/documents/" + url.PathEscape(id) }

// staticVersions maps a static file to a hash of its content, so its URL
// changes when it does and browsers may cache it.
var staticVersions = map[string]string{}

func init() {
	for _, name := range []string{"style.css", "app.js"} {
		data, err := staticFS.ReadFile("static/" + name)
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		staticVersions[name] = hex.EncodeToString(sum[:4])
	}
}

func staticURL(name string) string {
	return "/static/" + name + "?v=" + staticVersions[name]
}

var kindLabels = map[corpus.Kind]string{
	corpus.KindSection:        "Section",
	corpus.KindAgendaItem:     "Agenda item",
	corpus.KindMinute:         "Minute",
	corpus.KindAttendee:       "Attendee",
	corpus.KindDeclaration:    "Declaration",
	corpus.KindReport:         "Report",
	corpus.KindRecommendation: "Recommendation",
	corpus.KindDecision:       "Decision",
	corpus.KindFunding:        "Funding",
	corpus.KindQuestion:       "Question",
}

func kindLabel(k corpus.Kind) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	s := strings.ReplaceAll(string(k), "_", " ")
	if s == "" {
		return "Item"
	}
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// dateText writes a YYYY-MM-DD date as people read it: 7 Sep 2018.
func dateText(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}

// moneyText writes an amount with its currency: £1,234.56.
func moneyText(amount float64, currency string) string {
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return ""
	}
	return FormatPence(int64(math.Round(amount*100)), currency)
}

// FormatPence writes pence as money, exactly: £1,234.56 (€, $, or the
// currency code for other currencies). The web page and the CLI share it.
func FormatPence(pence int64, currency string) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	var sym string
	switch strings.ToUpper(currency) {
	case "", "GBP":
		sym = "£"
	case "EUR":
		sym = "€"
	case "USD":
		sym = "$"
	default:
		sym = strings.ToUpper(currency) + " "
	}
	return fmt.Sprintf("%s%s%s.%02d", sign, sym, groupThousands(pence/100), pence%100)
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	first := len(s) % 3
	if first > 0 {
		b.WriteString(s[:first])
	}
	for i := first; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// excerpt is the opening of text, whitespace collapsed, cut at about n
// characters.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := 0
	for i := range text {
		if cut == n {
			text = text[:i]
			break
		}
		cut++
	}
	if sp := strings.LastIndexByte(text, ' '); sp > len(text)*2/3 {
		text = text[:sp]
	}
	return text + "…"
}

// itemTitle is what a list calls an item: its title, else what it is about.
func itemTitle(it corpus.Item) string {
	var t string
	switch {
	case strings.TrimSpace(it.Title) != "":
		t = it.Title
	case it.Recipient != "":
		t = it.Recipient
	case it.Person != "":
		t = it.Person
	case strings.TrimSpace(it.Text) != "":
		t = excerpt(it.Text, 80)
	default:
		t = kindLabel(it.Kind)
	}
	if it.Number != "" && !strings.HasPrefix(t, it.Number) {
		t = it.Number + " " + t
	}
	return t
}

func docTitle(d corpus.Document) string {
	switch {
	case strings.TrimSpace(d.Title) != "":
		return d.Title
	case d.Path != "":
		return baseName(d.Path)
	case len(d.ID) > 12:
		return "Document " + d.ID[:12]
	case d.ID != "":
		return "Document " + d.ID
	default:
		return "Unknown document"
	}
}

// pageLabel says where in its document an item is: "p. 23 (PDF page 25)"
// when the printed number differs from the physical page, else "p. 25".
func pageLabel(it corpus.Item) string {
	if it.Page <= 0 {
		return ""
	}
	pdf := strconv.Itoa(it.Page)
	if it.PageEnd > it.Page {
		pdf += "–" + strconv.Itoa(it.PageEnd)
	}
	if it.PrintedPage != "" && it.PrintedPage != strconv.Itoa(it.Page) {
		return "p. " + it.PrintedPage + " (PDF page " + pdf + ")"
	}
	if it.PageEnd > it.Page {
		return "pp. " + pdf
	}
	return "p. " + pdf
}

// citeOf is the link that opens an item's place in its original file, as
// Citation builds it (with the ID path-escaped), and its text.
func citeOf(it corpus.Item, doc corpus.Document) citeLink {
	if doc.ID == "" {
		return citeLink{}
	}
	base := "/api/documents/" + doc.ID + "/file"
	u := "/api/documents/" + url.PathEscape(doc.ID) + "/file" + strings.TrimPrefix(Citation(it, doc), base)
	text := "source"
	switch {
	case doc.Format == corpus.FormatHTML:
		text = "web page"
	case it.Page > 0:
		text = pageLabel(it)
	}
	return citeLink{Text: text, URL: u}
}

func tookText(res Result) string {
	ms := float64(res.Took.Microseconds()) / 1000
	if ms < 1 {
		return "under 1 ms"
	}
	return strconv.FormatFloat(ms, 'f', 0, 64) + " ms"
}

// countText writes a count with its noun: "1 result", "1,234 results".
func countText(n any, one, many string) string {
	var v int64
	switch n := n.(type) {
	case int:
		v = int64(n)
	case uint64:
		v = int64(n)
	case int64:
		v = n
	}
	if v == 1 {
		return "1 " + one
	}
	return groupThousands(v) + " " + many
}
