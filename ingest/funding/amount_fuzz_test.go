package funding

// Fuzz targets for the money parser. `go test` runs their seeds and the
// regression inputs in testdata/fuzz/; the long runs (docs/fuzzing.md) are
//
//	go test ./ingest/funding -run '^$' -fuzz '^FuzzParseAmount$' -fuzztime 10m -parallel 1
//	go test ./ingest/funding -run '^$' -fuzz '^FuzzParseCell$' -fuzztime 10m -parallel 1

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

var amountSeeds = []string{
	"£73,547", "£7.3m", "£400K", "£250k", "£1.2 million", "£2,000.00", "£1bn", "£4million", "£ 39.1m",
	"GBP 5,000", "GBP5000.5", "just under £100,000", "around £30 million", "c. £5,000", "over £300,000 funding",
	"12,500", "20%", "2017/18", "Minute 23/19", "4.4.11", "£3.6 mil", "£5m p.a.", "(£1,234.56)",
	"£" + strings.Repeat("9", 400) + "bn",
	"£0.001", "£0.005", "£1.005", "£.5", "£1,23", "£1,234,56", "£12345678901234.567", "£1e9",
	"A - £50; B - £100 and £2bn", "£١٢٣", "￡100", "£\u00a0100",
}

// pounds formats v as papers print money: "£1,234,567.89".
func pounds(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return "£" + b.String() + "." + frac
}

// penny is how close a re-read amount must be: a penny, or for amounts too
// large to hold pennies in a float64, a few units in the last place.
func penny(v float64) float64 { return math.Max(0.01, math.Abs(v)*1e-15) }

func checkAmount(t *testing.T, in string, a float64, ok bool) {
	t.Helper()
	if !ok {
		if a != 0 {
			t.Fatalf("%q: not ok but amount %v", in, a)
		}
		return
	}
	if math.IsNaN(a) || math.IsInf(a, 0) || a < 0 {
		t.Fatalf("%q: amount %v is not a finite non-negative number", in, a)
	}
	canon := pounds(a)
	b, approx, ok2 := ParseAmount(canon)
	if !ok2 || approx || math.Abs(b-a) > penny(a) {
		t.Fatalf("%q: amount %v, formatted %q, re-read as %v %v %v", in, a, canon, b, approx, ok2)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range amountSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, _, ok := ParseAmount(s)
		checkAmount(t, s, a, ok)
	})
}

// FuzzParseCell also covers the bare figures of a "£000" or "£m" column.
// The unit is one of those a header can give (headerUnit).
func FuzzParseCell(f *testing.F) {
	for i, s := range amountSeeds {
		f.Add(s, i%2 == 0, uint8(i))
	}
	f.Fuzz(func(t *testing.T, s string, inHeader bool, u uint8) {
		unit := []float64{0, 1, 1e3, 1e6, 1e9}[int(u)%5]
		a, _, ok := ParseCell(s, inHeader, unit)
		checkAmount(t, s, a, ok)
	})
}

// TestHugeAmounts is the fuzzer's find (testdata/fuzz/FuzzParseAmount):
// round2 converted pence to an int64, so an amount over about £92 million
// million overflowed and came back negative; and a figure times its unit
// could overflow to +Inf, which JSON cannot encode.
func TestHugeAmounts(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"£92270000000000000", 92270000000000000, true},
		{"£99,999,999,999,999,999,999", 1e20, true},
		{"£90,071,992,547,409.99", 90071992547409.99, true},
		{"£" + strings.Repeat("9", 308) + "bn", 0, false},
		{"£1,234.567", 1234.57, true}, // to the penny, as before
	} {
		got, _, ok := ParseAmount(c.in)
		if ok != c.ok || math.Abs(got-c.want) > penny(c.want) {
			t.Errorf("ParseAmount(%.40q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if got, _, ok := ParseCell(strings.Repeat("9", 305), true, 1e6); ok {
		t.Errorf("ParseCell(305 nines in £m) = %v, ok; want not ok (overflows)", got)
	}
}
