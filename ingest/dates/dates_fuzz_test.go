package dates

// Fuzz targets. `go test` runs their seeds and the regression inputs in
// testdata/fuzz/; the long runs (docs/fuzzing.md) are
//
//	go test ./ingest/dates -run '^$' -fuzz '^FuzzParse$' -fuzztime 10m -parallel 1
//	go test ./ingest/dates -run '^$' -fuzz '^FuzzFind$' -fuzztime 10m -parallel 1 -fuzzminimizetime 5s
//	go test ./ingest/dates -run '^$' -fuzz '^FuzzParseTime$' -fuzztime 10m -parallel 1
//	go test ./ingest/dates -run '^$' -fuzz '^FuzzFindTimes$' -fuzztime 10m -parallel 1

import (
	"regexp"
	"testing"
	"time"
	"unicode/utf8"
)

var dateSeeds = []string{
	"Friday 16 November 2018", "Friday, 16th November, 2018", "16th of November 2018", "Wed 6 Feb 2019",
	"3 Mar. 2020", "19 Sept 2019", "7 SEPTEMBER 2018", "03/03/2020", "3/3/20", "01/04/2025", "12/11/99",
	"16.11.2018", "22.01.25", "3.3.20", "16-11-2018", "16-Nov-2018", "16-Nov-18", "2018-11-16",
	"2018-11-16T10:00", "November 16, 2018", "Wednesday, February 6th 2019", "31/02/2019", "29/02/2020",
	"29/02/2019", "Sept 2019", "16 November", "2017/18", "23/19", "4.1", "3.1.12", "£2,000.00", "1.16.11.2018",
	"10/11/2018/19", "(16 November 2018).", "[3/3/20];", "Minutes of the meeting held on 7 September 2018 at 11.00 am",
	"On 1/1/1900 and 31/12/2100 and 1/1/2101", "０３/０３/２０２０", "16 November 2018 16 November 2018",
	"Monday 1 January 2018, 2 February 2019 and 2019-03-03", "\xff16 November 2018\xfe",
}

var timeSeeds = []string{
	"11.00 am", "11.05am", "2pm", "2 p.m.", "10:30am", "12.00 noon", "12 midday", "noon", "midnight",
	"14.30 hrs", "14:30 hours", "1430hrs", "1000 hours", "at 10:30", "at 14.30", "10:30", "14.30", "4.1",
	"23/19", "£2,000.00", "23.19 per head", "13pm", "0am", "12am", "12pm", "24:00", "9.60am", "at 9.5",
	"The meeting closed at 12.45 pm.", "from 10.00am to 12.30pm, then 2pm-3pm", "99:99hrs", "1.2.3pm",
}

var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkDate: midnight UTC on a real day in the accepted years, whose
// YYYY-MM-DD form time.Parse accepts and Parse reads back to the same day.
func checkDate(t *testing.T, in string, d time.Time) {
	t.Helper()
	if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
		t.Fatalf("%q: %v is not midnight UTC", in, d)
	}
	if d.Year() < minYear || d.Year() > maxYear {
		t.Fatalf("%q: year %d out of range", in, d.Year())
	}
	iso := d.Format("2006-01-02")
	if !isoDay.MatchString(iso) {
		t.Fatalf("%q: %q is not YYYY-MM-DD", in, iso)
	}
	back, err := time.Parse("2006-01-02", iso)
	if err != nil || !back.Equal(d) {
		t.Fatalf("%q: time.Parse(%q) = %v, %v", in, iso, back, err)
	}
	again, ok := Parse(iso)
	if !ok || !again.Equal(d) {
		t.Fatalf("%q: Parse(%q) = %v, %v; not idempotent", in, iso, again, ok)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := Parse(s)
		if !ok {
			if !d.IsZero() {
				t.Fatalf("%q: not ok but %v", s, d)
			}
			return
		}
		checkDate(t, s, d)
	})
}

func FuzzFind(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Find costs a few microseconds a byte (five case-insensitive
		// patterns); the fuzzer grows inputs to 10 KB and more, which cut
		// the first run to 55 execs a second. Dates sit in lines and
		// paragraphs: 2 KB is plenty.
		s = s[:min(len(s), 2048)]
		ms := Find(s)
		end := 0
		for _, m := range ms {
			if m.Start < end || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("%q: match [%d,%d) out of order or range (previous end %d)", s, m.Start, m.End, end)
			}
			end = m.End
			if m.Text != s[m.Start:m.End] {
				t.Fatalf("%q: Text %q is not s[%d:%d]", s, m.Text, m.Start, m.End)
			}
			if utf8.ValidString(s) && !utf8.ValidString(m.Text) {
				t.Fatalf("%q: match %q cuts a character", s, m.Text)
			}
			checkDate(t, s, m.Date)
			// The date as written, on its own, is the same date.
			if d, ok := Parse(m.Text); !ok || !d.Equal(m.Date) {
				t.Fatalf("%q: found %q as %v, but Parse reads it as %v, %v", s, m.Text, m.Date, d, ok)
			}
		}
	})
}

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

func FuzzParseTime(f *testing.F) {
	for _, s := range timeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseTime(s)
		if !ok {
			if v != "" {
				t.Fatalf("%q: not ok but %q", s, v)
			}
			return
		}
		if !hhmm.MatchString(v) {
			t.Fatalf("%q: %q is not HH:MM", s, v)
		}
		if again, ok := ParseTime(v); !ok || again != v {
			t.Fatalf("%q: ParseTime(%q) = %q, %v; not idempotent", s, v, again, ok)
		}
	})
}

func FuzzFindTimes(f *testing.F) {
	for _, s := range append(timeSeeds, dateSeeds...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, m := range FindTimes(s) {
			if m.Start < end || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("%q: match [%d,%d) out of order or range (previous end %d)", s, m.Start, m.End, end)
			}
			end = m.End
			if m.Text != s[m.Start:m.End] {
				t.Fatalf("%q: Text %q is not s[%d:%d]", s, m.Text, m.Start, m.End)
			}
			if !hhmm.MatchString(m.Time) {
				t.Fatalf("%q: %q is not HH:MM", s, m.Time)
			}
			// The time as written, on its own, reads the same.
			if v, ok := ParseTime(m.Text); !ok || v != m.Time {
				t.Fatalf("%q: found %q as %s, but ParseTime reads it as %q, %v", s, m.Text, m.Time, v, ok)
			}
		}
	})
}
