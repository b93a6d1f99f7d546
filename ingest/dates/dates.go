package dates

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

var (
	// "16 November 2018", "Friday, 16th November, 2018", "6th of February 2019", "3 Mar. 2020".
	dmyWordRE = regexp.MustCompile(`(?i)\b` + weekdayRE + `(\d{1,2})` + ordinalRE + `\s+(?:of\s+)?` + monthRE + `\.?,?\s+(\d{4})`)
	// "16-Nov-2018", "16-Nov-18" (spreadsheet style).
	dmyDashRE = regexp.MustCompile(`(?i)\b` + weekdayRE + `(\d{1,2})-` + monthRE + `-(\d{4}|\d{2})`)
	// "November 16, 2018", "Wednesday, February 6th 2019".
	mdyWordRE = regexp.MustCompile(`(?i)\b` + weekdayRE + monthRE + `\.?\s+(\d{1,2})` + ordinalRE + `,?\s+(\d{4})`)
	// "03/03/2020", "3/3/20", "16.11.2018", "16-11-2018".
	numericRE = regexp.MustCompile(`(?i)\b` + weekdayRE + `(\d{1,2})([/.\-])(\d{1,2})([/.\-])(\d{4}|\d{2})`)
	// "2018-11-16".
	isoRE = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})`)
)

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
	var cands []Match
	add := func(start, end int, y, mo, d int) {
		t, ok := makeDate(y, mo, d)
		if !ok {
			return
		}
		cands = append(cands, Match{Date: t, Start: start, End: end, Text: text[start:end]})
	}

	for _, ix := range dmyWordRE.FindAllStringSubmatchIndex(text, -1) {
		if !wordBoundaries(text, ix[0], ix[1]) {
			continue
		}
		mo, ok := monthOf(text[ix[4]:ix[5]])
		if !ok {
			continue
		}
		add(ix[0], ix[1], atoi(text[ix[6]:ix[7]]), int(mo), atoi(text[ix[2]:ix[3]]))
	}
	for _, ix := range dmyDashRE.FindAllStringSubmatchIndex(text, -1) {
		if !numericBoundaries(text, ix[0], ix[1]) {
			continue
		}
		mo, ok := monthOf(text[ix[4]:ix[5]])
		if !ok {
			continue
		}
		add(ix[0], ix[1], year(text[ix[6]:ix[7]]), int(mo), atoi(text[ix[2]:ix[3]]))
	}
	for _, ix := range mdyWordRE.FindAllStringSubmatchIndex(text, -1) {
		if !wordBoundaries(text, ix[0], ix[1]) {
			continue
		}
		mo, ok := monthOf(text[ix[2]:ix[3]])
		if !ok {
			continue
		}
		add(ix[0], ix[1], atoi(text[ix[6]:ix[7]]), int(mo), atoi(text[ix[4]:ix[5]]))
	}
	for _, ix := range numericRE.FindAllStringSubmatchIndex(text, -1) {
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
	for _, ix := range isoRE.FindAllStringSubmatchIndex(text, -1) {
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
