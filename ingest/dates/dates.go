package dates

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"panelpapers/ingest/internal/textscan"
)

// Match is a date found in running text.
type Match struct {
	Date       time.Time // midnight UTC on the day
	Start, End int       // byte offsets of Text in the searched string
	Text       string    // the date as written, with its weekday if one was given
}

// Years outside this range are not taken as dates: council papers are not
// that old, and a four-digit number beyond it is a count or a reference.
const (
	minYear = 1900
	maxYear = 2100
)

const (
	weekdayRE = `(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weds|wed|tues|tue|thurs|thur|thu|mon|fri|sat|sun)\.?,?\s+)?`
	monthRE   = `(january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)`
	ordinalRE = `(?:st|nd|rd|th)?`
)

// monthStems are the first three letters of every name monthRE accepts.
var monthStems = textscan.Fold("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

// Why the guards: Find runs over every line and some whole pages, and most
// text has no date; each guard is a necessary condition of its expression.
var (
	// "16 November 2018", "Friday, 16th November, 2018", "6th of February 2019", "3 Mar. 2020".
	dmyWordRE = textscan.Guard(regexp.MustCompile(`(?i)\b`+weekdayRE+`(\d{1,2})`+ordinalRE+`\s+(?:of\s+)?`+monthRE+`\.?,?\s+(\d{4})`),
		textscan.All(textscan.Digit, monthStems))
	// "16-Nov-2018", "16-Nov-18" (spreadsheet style).
	dmyDashRE = textscan.Guard(regexp.MustCompile(`(?i)\b`+weekdayRE+`(\d{1,2})-`+monthRE+`-(\d{4}|\d{2})`),
		textscan.All(textscan.Digit, textscan.Any("-"), monthStems))
	// "November 16, 2018", "Wednesday, February 6th 2019".
	mdyWordRE = textscan.Guard(regexp.MustCompile(`(?i)\b`+weekdayRE+monthRE+`\.?\s+(\d{1,2})`+ordinalRE+`,?\s+(\d{4})`),
		textscan.All(textscan.Digit, monthStems))
	// "03/03/2020", "3/3/20", "16.11.2018", "16-11-2018".
	numericRE = textscan.Guard(regexp.MustCompile(`(?i)\b`+weekdayRE+`(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4}|\d{2})`),
		func(s string) bool { return sepBetweenDigits(s, "/.-") })
	// "2018-11-16".
	isoRE = textscan.Guard(regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})`), func(s string) bool { return sepBetweenDigits(s, "-") })
)

// sepBetweenDigits reports whether s has an ASCII digit, one of seps and a
// digit in a row.
func sepBetweenDigits(s, seps string) bool {
	for i := 1; i+1 < len(s); i++ {
		if strings.IndexByte(seps, s[i]) >= 0 && isDigit(s[i-1]) && isDigit(s[i+1]) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

var months = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

func monthOf(name string) (time.Month, bool) {
	name = strings.ToLower(name)
	if len(name) < 3 {
		return 0, false
	}
	m, ok := months[name[:3]]
	return m, ok
}

// Parse reads one date as written in UK papers: "Friday 16 November 2018",
// "16th November, 2018", "3rd March 2020", "03/03/2020" (day first), "3/3/20",
// "3 Mar 2020", "2018-11-16", "November 16, 2018", "Wednesday, 6th February 2019".
// The whole of s (give or take surrounding spaces, brackets and final
// punctuation) must be the date. A date without a day ("Sept 2019") or
// without a year ("16 November") is not a date, and neither is an impossible
// one ("31/02/2019"). Two-digit years are 20yy below 70 and 19yy otherwise.
func Parse(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ".,;: ")
	s = strings.TrimSpace(strings.Trim(s, "()[]"))
	if s == "" {
		return time.Time{}, false
	}
	ms := find(s, true)
	if len(ms) != 1 || ms[0].Start != 0 || ms[0].End != len(s) {
		return time.Time{}, false
	}
	return ms[0].Date, true
}

// Find returns every date written in text, in order. It accepts an optional
// weekday, ordinals ("16th"), commas, full and abbreviated month names, the
// US written order, ISO dates, and numeric day-first dates separated by "/",
// "." or "-".
//
// Rules that keep numbers that are not dates out:
//   - a numeric date needs three parts, the same separator twice, and a year
//     of four digits or two; "2017/18", "23/19" and "4.1" are never dates;
//   - with a two-digit year, dotted and dashed dates need two-digit day and
//     month ("16.11.18", not "3.1.12", which is a paragraph number);
//   - the characters around a match must not continue it: a letter or digit
//     just before or after, or a separator followed by a digit
//     ("1.16.11.2018", "10/11/2018/19"), or a currency sign before, rejects it;
//   - the date must exist (31/02/2019 does not) and its year lie in 1900–2100.
//
// A weekday that disagrees with the date is kept in Text but otherwise
// ignored: the day, month and year are what the paper means.
func Find(text string) []Match {
	return find(text, false)
}

func find(text string, loose bool) []Match {
	spans := [][2]int{{0, len(text)}}
	if len(text) > wholeText {
		spans = dateSpans(text)
	}
	return findIn(text, loose, spans)
}

// wholeText is the length up to which find runs the expressions over the
// whole text: below it, cutting out the spans costs more than it saves.
const wholeText = 256

// findIn is find with the expressions run only on spans of text, which
// must hold every match (dateSpans).
func findIn(text string, loose bool, spans [][2]int) []Match {
	// all is re's matches in the spans, in order, with offsets into text.
	all := func(re *textscan.Regexp) [][]int {
		var out [][]int
		for _, sp := range spans {
			for _, ix := range re.FindAllStringSubmatchIndex(text[sp[0]:sp[1]], -1) {
				for k := range ix {
					if ix[k] >= 0 {
						ix[k] += sp[0]
					}
				}
				out = append(out, ix)
			}
		}
		return out
	}
	var cands []Match
	add := func(start, end int, y, mo, d int) {
		t, ok := makeDate(y, mo, d)
		if !ok {
			return
		}
		cands = append(cands, Match{Date: t, Start: start, End: end, Text: text[start:end]})
	}

	for _, ix := range all(dmyWordRE) {
		if !wordBoundaries(text, ix[0], ix[1]) {
			continue
		}
		mo, ok := monthOf(text[ix[4]:ix[5]])
		if !ok {
			continue
		}
		add(ix[0], ix[1], atoi(text[ix[6]:ix[7]]), int(mo), atoi(text[ix[2]:ix[3]]))
	}
	for _, ix := range all(dmyDashRE) {
		if !numericBoundaries(text, ix[0], ix[1]) {
			continue
		}
		mo, ok := monthOf(text[ix[4]:ix[5]])
		if !ok {
			continue
		}
		add(ix[0], ix[1], year(text[ix[6]:ix[7]]), int(mo), atoi(text[ix[2]:ix[3]]))
	}
	for _, ix := range all(mdyWordRE) {
		if !wordBoundaries(text, ix[0], ix[1]) {
			continue
		}
		mo, ok := monthOf(text[ix[2]:ix[3]])
		if !ok {
			continue
		}
		add(ix[0], ix[1], atoi(text[ix[6]:ix[7]]), int(mo), atoi(text[ix[4]:ix[5]]))
	}
	for _, ix := range all(numericRE) {
		if !numericBoundaries(text, ix[0], ix[1]) {
			continue
		}
		d, sep1, m, sep2, y := text[ix[2]:ix[3]], text[ix[4]:ix[5]], text[ix[6]:ix[7]], text[ix[8]:ix[9]], text[ix[10]:ix[11]]
		if sep1 != sep2 {
			continue
		}
		if len(y) == 2 && sep1 != "/" && !loose && (len(d) != 2 || len(m) != 2) {
			continue
		}
		add(ix[0], ix[1], year(y), atoi(m), atoi(d))
	}
	for _, ix := range all(isoRE) {
		end := ix[1]
		if !numericBoundaries(text, ix[0], end) {
			// "2018-11-16T10:00" is still a date.
			b := runeBefore(text, ix[0])
			if end >= len(text) || text[end] != 'T' || isAlnum(b) || isCurrency(b) {
				continue
			}
		}
		add(ix[0], end, atoi(text[ix[2]:ix[3]]), atoi(text[ix[4]:ix[5]]), atoi(text[ix[6]:ix[7]]))
	}

	// Keep the earliest, then longest, of overlapping matches.
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Start != cands[j].Start {
			return cands[i].Start < cands[j].Start
		}
		return cands[i].End > cands[j].End
	})
	var out []Match
	for _, c := range cands {
		if len(out) > 0 && c.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, c)
	}
	return out
}

// maxDigitGap bounds how far, in bytes not counting the white space \s
// matches, any byte of a date the expressions match lies from a digit of
// it. The furthest is the start of a written US date with its weekday,
// "Wednesday, September 16": weekday, stop and comma (12 bytes, an ſ for
// an s taking two), month and stop (11). The other forms have at most 17
// bytes between digits, or a weekday (12) before one.
const maxDigitGap = 32

// dateSpans returns the stretches of text that can hold dates: the runs of
// words (characters between white space) that lie within maxDigitGap
// bytes of a digit. Every date the expressions match lies in one, since
// each of its words does. A span starts after white space, where \b reads
// as at the start of a string, and no expression looks past a match's end;
// so an expression finds in the spans just what it finds in the whole text.
// Why: detecting a document's date runs Find over whole pages, where the
// expressions were slow, and most words on a page are far from any digit.
func dateSpans(text string) [][2]int {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	// digits are at these positions, counting only bytes that are not space.
	var digits []int
	k := 0
	for i := 0; i < len(text); i++ {
		if c := text[i]; !isSpace(c) {
			if isDigit(c) {
				digits = append(digits, k)
			}
			k++
		}
	}
	var spans [][2]int
	d, k, joined := 0, 0, false
	for i := 0; i < len(text); {
		if isSpace(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		lo, hi := k-maxDigitGap, k+(j-i)-1+maxDigitGap
		for d < len(digits) && digits[d] < lo {
			d++
		}
		near := d < len(digits) && digits[d] <= hi
		switch {
		case near && joined:
			spans[len(spans)-1][1] = j
		case near:
			spans = append(spans, [2]int{i, j})
		}
		joined = near
		k += j - i
		i = j
	}
	return spans
}

func makeDate(y, m, d int) (time.Time, bool) {
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, false // 31/02 rolled over into March
	}
	return t, true
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// year reads a four- or two-digit year; two-digit years pivot at 70.
func year(s string) int {
	n := atoi(s)
	if len(s) == 2 && n >= 0 {
		if n < 70 {
			return 2000 + n
		}
		return 1900 + n
	}
	return n
}

func runeBefore(s string, i int) rune {
	if i <= 0 {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isCurrency(r rune) bool { return r == '£' || r == '$' || r == '€' || r == '#' }

// wordBoundaries checks a written-out date is not glued to a longer word or number.
func wordBoundaries(s string, start, end int) bool {
	b, a := runeBefore(s, start), runeAfter(s, end)
	if isAlnum(b) || isCurrency(b) || isAlnum(a) {
		return false
	}
	return true
}

// numericBoundaries checks a numeric date is not part of a longer number,
// reference or dotted paragraph number.
func numericBoundaries(s string, start, end int) bool {
	b, a := runeBefore(s, start), runeAfter(s, end)
	if isAlnum(b) || isCurrency(b) || isAlnum(a) {
		return false
	}
	if b == '.' || b == '/' || b == '-' || b == ':' {
		if unicode.IsDigit(runeBefore(s, start-1)) {
			return false
		}
	}
	if a == '.' || a == '/' || a == '-' || a == ':' || a == ',' {
		if unicode.IsDigit(runeAfter(s, end+1)) {
			return false
		}
	}
	return true
}
