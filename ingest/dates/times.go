package dates

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"panelpapers/ingest/internal/textscan"
)

// TimeMatch is a clock time found in running text.
type TimeMatch struct {
	Time       string // "HH:MM", 24-hour
	Start, End int    // byte offsets of Text in the searched string
	Text       string // the time as written
}

// Why the guards: FindTimes runs over many lines, and most have no time;
// each guard is a necessary condition of its expression.
var (
	// "11.00 am", "11.05am", "2pm", "2 p.m.", "10:30am", "12.00 noon".
	ampmRE = textscan.Guard(regexp.MustCompile(`(?i)(\d{1,2})(?:[.:](\d{2}))?\s?(a\.m\.?|am|p\.m\.?|pm|noon|midday)`),
		func(s string) bool { return afterDigit(s, "aApPnNmM") })
	// "14.30 hrs", "14:30 hours", "1430hrs".
	// The four-digit form must be glued to its suffix ("1400hrs"): "1000 hours"
	// of volunteering is a duration.
	hrsRE = textscan.Guard(regexp.MustCompile(`(?i)(?:(\d{1,2})[.:](\d{2})\s?|(\d{2})(\d{2}))(hrs|hours|hr|h)\b`),
		func(s string) bool { return afterDigit(s, "hH") })
	// "at 10:30", "at 14.30".
	atRE = textscan.Guard(regexp.MustCompile(`(?i)\bat\s+(\d{1,2})[.:](\d{2})`),
		textscan.All(textscan.Fold("at"), func(s string) bool { return sepBetweenDigits(s, ".:") }))
	// "noon", "midday", "midnight" on their own.
	noonRE = textscan.Guard(regexp.MustCompile(`(?i)\b(noon|midday|midnight)\b`), textscan.Fold("noon", "midday", "midnight"))
	// A whole string that is a 24-hour clock time: "10:30", "14.30".
	clockRE = regexp.MustCompile(`^(\d{1,2})[.:](\d{2})$`)
)

// ParseTime reads a clock time: "11.00 am", "11.05am", "2pm", "10:30",
// "14.30", "14.30hrs", "noon", "12 noon", "midnight" → "HH:MM" (24-hour).
// The whole of s must be the time. A bare "H.MM" or "HH:MM" is read as a
// 24-hour time (hour 0–23, minutes two digits 00–59), so "4.1" is not a time;
// callers who hold a number that may be money should use FindTimes, which is
// stricter.
func ParseTime(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.Trim(s, "()[],;"))
	if s == "" {
		return "", false
	}
	lower := strings.ToLower(s)
	switch lower {
	case "noon", "midday", "12 noon", "12 midday", "12.00 noon", "12:00 noon", "12.00 midday", "12:00 midday":
		return "12:00", true
	case "midnight", "12 midnight", "12.00 midnight", "12:00 midnight":
		return "00:00", true
	}
	if m := clockRE.FindStringSubmatch(s); m != nil {
		return clock(atoi(m[1]), atoi(m[2]))
	}
	ms := FindTimes(s)
	if len(ms) == 1 && ms[0].Start == 0 && strings.Trim(s[ms[0].End:], ". ") == "" {
		return ms[0].Time, true
	}
	return "", false
}

// FindTimes returns the clock times written in text, in order.
//
// A number is taken as a time only when the text says so:
//   - it carries am/pm ("11.05am", "2 p.m.", "11.00 am"; hour 1–12, or 13–23
//     with a redundant "pm") or "noon"/"midday" ("12 noon"), or is the word
//     noon, midday or midnight on its own;
//   - or it is H.MM / HH:MM / HHMM followed by "hrs", "hours" or "h";
//   - or it is H.MM / HH:MM directly after the word "at" ("at 14.30").
//
// In every case the minutes are two digits 00–59 and the hour at most 23, and
// a number glued to a currency sign, a digit, a letter or a further ".digit"
// is refused. So minute numbers ("23/19"), paragraph numbers ("4.1"), money
// ("£2,000.00", "23.19 per head") and version numbers do not become times. A
// bare "10:30" with none of these cues is not reported.
func FindTimes(text string) []TimeMatch {
	var cands []TimeMatch
	add := func(start, end int, hhmm string) {
		cands = append(cands, TimeMatch{Time: hhmm, Start: start, End: end, Text: text[start:end]})
	}

	for _, ix := range ampmRE.FindAllStringSubmatchIndex(text, -1) {
		start, end := ix[0], ix[1]
		if !timeBoundaries(text, start, end) {
			continue
		}
		h := atoi(text[ix[2]:ix[3]])
		m := 0
		if ix[4] >= 0 {
			m = atoi(text[ix[4]:ix[5]])
		}
		suffix := strings.ToLower(strings.ReplaceAll(text[ix[6]:ix[7]], ".", ""))
		var hhmm string
		var ok bool
		switch suffix {
		case "am":
			if h >= 1 && h <= 12 {
				hhmm, ok = clock(h%12, m)
			}
		case "pm":
			switch {
			case h >= 1 && h <= 11:
				hhmm, ok = clock(h+12, m)
			case h == 12 || h >= 13 && h <= 23:
				hhmm, ok = clock(h, m)
			}
		case "noon", "midday":
			if h == 12 && m == 0 {
				hhmm, ok = "12:00", true
			}
		}
		if ok {
			add(start, end, hhmm)
		}
	}
	for _, ix := range hrsRE.FindAllStringSubmatchIndex(text, -1) {
		if !timeBoundaries(text, ix[0], ix[1]) {
			continue
		}
		hi, mi := 2, 4 // "14.30 hrs"
		if ix[2] < 0 {
			hi, mi = 6, 8 // "1430hrs"
		}
		h := atoi(text[ix[hi]:ix[hi+1]])
		m := atoi(text[ix[mi]:ix[mi+1]])
		if hhmm, ok := clock(h, m); ok {
			add(ix[0], ix[1], hhmm)
		}
	}
	for _, ix := range atRE.FindAllStringSubmatchIndex(text, -1) {
		start, end := ix[2], ix[5] // the time, without "at"
		if !timeBoundaries(text, start, end) {
			continue
		}
		if hhmm, ok := clock(atoi(text[ix[2]:ix[3]]), atoi(text[ix[4]:ix[5]])); ok {
			add(start, end, hhmm)
		}
	}
	for _, ix := range noonRE.FindAllStringSubmatchIndex(text, -1) {
		if strings.EqualFold(text[ix[2]:ix[3]], "midnight") {
			add(ix[0], ix[1], "00:00")
		} else {
			add(ix[0], ix[1], "12:00")
		}
	}

	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Start != cands[j].Start {
			return cands[i].Start < cands[j].Start
		}
		return cands[i].End > cands[j].End
	})
	var out []TimeMatch
	for _, c := range cands {
		if len(out) > 0 && c.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, c)
	}
	return out
}

// afterDigit reports whether one of letters follows a digit in s, directly
// or after one space \s matches: where the suffix of a time written with
// am/pm, noon, midday or hrs starts.
func afterDigit(s, letters string) bool {
	for i := 1; i < len(s); i++ {
		if strings.IndexByte(letters, s[i]) < 0 {
			continue
		}
		if b := s[i-1]; isDigit(b) || i >= 2 && isDigit(s[i-2]) && (b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r') {
			return true
		}
	}
	return false
}

func clock(h, m int) (string, bool) {
	if h < 0 || h > 23 || m < 0 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

// timeBoundaries refuses a time glued to a longer number, a word or money.
func timeBoundaries(s string, start, end int) bool {
	b, a := runeBefore(s, start), runeAfter(s, end)
	if isAlnum(b) || isCurrency(b) {
		return false
	}
	if (b == '.' || b == ':' || b == ',' || b == '/') && unicode.IsDigit(runeBefore(s, start-1)) {
		return false
	}
	if unicode.IsLetter(a) || unicode.IsDigit(a) || a == '%' {
		return false
	}
	if (a == '.' || a == ':' || a == ',' || a == '/') && unicode.IsDigit(runeAfter(s, end+1)) {
		return false
	}
	return true
}
