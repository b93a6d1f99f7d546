package funding

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"panelpapers/ingest/internal/textscan"
)

// moneyRe matches a pound amount as papers print it: "£73,547", "£ 39.1m",
// "£7.3m", "£400K", "£1.2 million", "£2,000.00", "£1bn", "£4million".
// The unit must not run into a following letter, so "£3.6 mil" is not read
// and "£5m p.a." is.
var moneyRe = textscan.Guard(regexp.MustCompile(`(?i)(?:£|GBP\s?)\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(bn|billion|m|million|mn|k|thousand)\b|\b)`), moneyCue)

// moneyCue holds when s has what every amount moneyRe reads starts with: a
// pound sign or "GBP". Why: most text has neither, and looking for amounts
// in it was much of the funding rules' time.
var moneyCue = textscan.Or(textscan.Any("£"), textscan.Fold("gbp"))

// bareRe matches a figure with no currency sign, for table cells whose
// column header carries the unit: "12,500", "2,000.00", "15.7".
var bareRe = regexp.MustCompile(`^\(?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\)?$`)

// approxRe matches a hedge just before an amount.
// (Its guard: a word of each hedge.)
var approxRe = textscan.Guard(regexp.MustCompile(`(?i)(?:just\s+under|just\s+over|under|over|around|about|approximately|approx\.?|roughly|almost|nearly|circa|c\.|some|more\s+than|less\s+than|in\s+excess\s+of|up\s+to|at\s+least|upwards\s+of|an\s+estimated|estimated\s+at)\s*\(?(?:of\s+)?$`),
	textscan.Fold("under", "over", "around", "about", "approx", "roughly", "almost", "nearly", "circa", "c.", "some", "than", "excess", "up", "least", "estimated"))

func unitFactor(u string) float64 {
	switch strings.ToLower(u) {
	case "bn", "billion":
		return 1e9
	case "m", "million", "mn":
		return 1e6
	case "k", "thousand":
		return 1e3
	}
	return 1
}

// money is one amount found in a string.
type money struct {
	start, end int // byte offsets of the match
	amount     float64
	approx     bool
}

// findMoney returns every pound amount in s, in order.
func findMoney(s string) []money {
	var out []money
	for _, m := range moneyRe.FindAllStringSubmatchIndex(s, -1) {
		digits := strings.ReplaceAll(s[m[2]:m[3]], ",", "")
		if m[4] >= 0 {
			digits += s[m[4]:m[5]]
		}
		v, err := strconv.ParseFloat(digits, 64)
		if err != nil {
			continue
		}
		unit := ""
		if m[6] >= 0 {
			unit = s[m[6]:m[7]]
		}
		v *= unitFactor(unit)
		if math.IsInf(v, 0) {
			continue // "£" and 300 digits, times a billion: not money
		}
		before := s[:m[0]]
		if len(before) > 40 {
			before = before[len(before)-40:]
		}
		out = append(out, money{start: m[0], end: m[1], amount: round2(v), approx: approxRe.MatchString(before)})
	}
	return out
}

// round2 rounds v to whole pence. Amounts too large for a float64 to hold
// their pence (over 2^53 pence, about £90 trillion) are returned as they
// are: converting them to an int64 overflowed and turned them negative.
func round2(v float64) float64 {
	if math.Abs(v) >= maxExactPounds {
		return v
	}
	return math.Round(v*100) / 100
}

// maxExactPounds is 2^53 pence in pounds.
const maxExactPounds = 1 << 53 / 100

// ParseAmount reads a money amount as papers write it: "£73,547", "£7.3m",
// "£400K", "£250k", "£1.2 million", "£2,000.00", "£1bn", "GBP 5,000". The
// first amount in s is read; words before it set approximate ("just under
// £100,000", "around", "approximately", "c.", "over"). A figure without a
// pound sign is not money here — years, "2017/18", phone and minute numbers
// look just like it — so use ParseCell for a column whose header says "£".
func ParseAmount(s string) (amount float64, approximate bool, ok bool) {
	ms := findMoney(s)
	if len(ms) == 0 {
		return 0, false, false
	}
	return ms[0].amount, ms[0].approx, true
}

// ParseCell reads a table cell. With inHeaderPounds (the column header says
// "Amount (£)", "£", "£000" or "£m") a bare figure such as "12,500" is read
// as money and multiplied by unit (1, 1000, 1e6); otherwise the cell must
// carry a pound sign, as for ParseAmount. A cell that is not only a figure
// ("see note 3", "2019") is rejected when bare.
func ParseCell(s string, inHeaderPounds bool, unit float64) (amount float64, approximate bool, ok bool) {
	s = strings.TrimSpace(s)
	if a, approx, ok := ParseAmount(s); ok {
		return a, approx, true
	}
	if !inHeaderPounds {
		return 0, false, false
	}
	m := bareRe.FindStringSubmatch(s)
	if m == nil {
		return 0, false, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", "")+m[2], 64)
	if err != nil || v == 0 {
		return 0, false, false
	}
	if unit == 0 {
		unit = 1
	}
	if v *= unit; math.IsInf(v, 0) || math.IsNaN(v) || v < 0 {
		return 0, false, false
	}
	return round2(v), false, true
}
