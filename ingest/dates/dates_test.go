package dates

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero: not a date
	}{
		{"Friday 16 November 2018", day(2018, 11, 16)},
		{"Friday, 16th November, 2018", day(2018, 11, 16)},
		{"16th November, 2018", day(2018, 11, 16)},
		{"16th of November 2018", day(2018, 11, 16)},
		{"3rd March 2020", day(2020, 3, 3)},
		{"1st July 2019", day(2019, 7, 1)},
		{"22nd June 2018", day(2018, 6, 22)},
		{"Wednesday, 6th February 2019", day(2019, 2, 6)},
		{"Wed 6 Feb 2019", day(2019, 2, 6)},
		{"3 Mar 2020", day(2020, 3, 3)},
		{"3 Mar. 2020", day(2020, 3, 3)},
		{"19 Sept 2019", day(2019, 9, 19)},
		{"19 Sep 2019", day(2019, 9, 19)},
		{"7 SEPTEMBER 2018", day(2018, 9, 7)},
		{"03/03/2020", day(2020, 3, 3)},
		{"3/3/20", day(2020, 3, 3)},
		{"22/10/2015", day(2015, 10, 22)},
		{"01/04/2025", day(2025, 4, 1)}, // day first: 1 April, not 4 January
		{"12/11/99", day(1999, 11, 12)},
		{"16.11.2018", day(2018, 11, 16)},
		{"22.01.25", day(2025, 1, 22)},
		{"3.3.20", day(2020, 3, 3)}, // a whole field may be loose
		{"16-11-2018", day(2018, 11, 16)},
		{"16-Nov-2018", day(2018, 11, 16)},
		{"16-Nov-18", day(2018, 11, 16)},
		{"2018-11-16", day(2018, 11, 16)},
		{"November 16, 2018", day(2018, 11, 16)},
		{"November 16 2018", day(2018, 11, 16)},
		{"Thursday, January 30th, 2025", day(2025, 1, 30)},
		{"29 February 2020", day(2020, 2, 29)},
		{"  (16 November 2018).  ", day(2018, 11, 16)},
		// Not dates.
		{"Sept 2019", time.Time{}},
		{"November 2018", time.Time{}},
		{"16 November", time.Time{}},
		{"31/02/2019", time.Time{}},
		{"29 February 2019", time.Time{}},
		{"31 April 2020", time.Time{}},
		{"13/13/2019", time.Time{}},
		{"2019-02-30", time.Time{}},
		{"2017/18", time.Time{}},
		{"23/19", time.Time{}},
		{"4.1", time.Time{}},
		{"£2,000.00", time.Time{}},
		{"2018", time.Time{}},
		{"16", time.Time{}},
		{"1.2.3", time.Time{}},
		{"16/11/2018 and 17/11/2018", time.Time{}},
		{"Friday, 16th November, 2018 11.00 am", time.Time{}}, // a date and a time
		{"16 November 1850", time.Time{}},
		{"", time.Time{}},
		{"3/3/2020/21", time.Time{}},
		{"16/11-2018", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got.Format(time.DateOnly), ok, tt.want.Format(time.DateOnly))
		}
	}
}

func TestFind(t *testing.T) {
	type m struct {
		Date string
		Text string
	}
	tests := []struct {
		name string
		in   string
		want []m
	}{
		{"meeting title", "Thames Valley Police and Crime Panel - Friday, 16th November, 2018 11.00 am",
			[]m{{"2018-11-16", "Friday, 16th November, 2018"}}},
		{"two dates and a weekday", "To agree the Minutes of the Meeting held on 7 September 2018. Next meeting Friday 1 February 2019 at 11.00am.",
			[]m{{"2018-09-07", "7 September 2018"}, {"2019-02-01", "Friday 1 February 2019"}}},
		{"labels", "Publication date: 22/10/2015 Date of decision: 19/10/2015",
			[]m{{"2015-10-22", "22/10/2015"}, {"2015-10-19", "19/10/2015"}}},
		{"decided at", "19/10/2015 - Policy Committee", []m{{"2015-10-19", "19/10/2015"}}},
		{"file name", "Appendix I Budget Risk Register 22.01.25.pdf", []m{{"2025-01-22", "22.01.25"}}},
		{"iso and us", "updated 2018-11-16T10:00Z; signed November 16, 2018", []m{{"2018-11-16", "2018-11-16"}, {"2018-11-16", "November 16, 2018"}}},
		{"range keeps the full date", "held on 16-17 November 2018", []m{{"2018-11-17", "17 November 2018"}}},
		{"dot date in sentence end", "signed on 16.11.2018.", []m{{"2018-11-16", "16.11.2018"}}},
		{"impossible date skipped", "on 31/02/2019 or 28/02/2019", []m{{"2019-02-28", "28/02/2019"}}},
		{"financial years", "the 2017/18 budget and the 2018/19 precept, 2019-20 plan", nil},
		{"minute numbers", "Minute 23/19 and minute 24/19 refer", nil},
		{"paragraph numbers", "see paragraphs 4.1, 3.1.12 and 10.2.3 of the report", nil},
		{"money", "£2,000.00 and £1.20.50 and £12.11.2018", nil},
		{"versions", "version 1.2.10, v2.11.18 and build 3.14.2018-rc", nil},
		{"planning refs", "application 18/01234/FUL and 17/00123/OUT", nil},
		{"phone numbers", "call 01296 585 000 or 0118 937 3737", nil},
		{"month without day", "in Sept 2019 and November 2018", nil},
		{"day without year", "on 16 November the panel met", nil},
		{"longer number", "ref 116 November 2018x", nil},
		{"bare years", "from 2018 to 2019", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []m
			for _, x := range Find(tt.in) {
				if tt.in[x.Start:x.End] != x.Text {
					t.Errorf("offsets %d:%d do not give %q", x.Start, x.End, x.Text)
				}
				got = append(got, m{x.Date.Format(time.DateOnly), x.Text})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Find(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, want string // want "": not a time
	}{
		{"11.00 am", "11:00"},
		{"11.05am", "11:05"},
		{"11:05 a.m.", "11:05"},
		{"2pm", "14:00"},
		{"2 p.m.", "14:00"},
		{"12.10pm", "12:10"},
		{"12pm", "12:00"},
		{"12am", "00:00"},
		{"12.30 am", "00:30"},
		{"10:30", "10:30"},
		{"14.30", "14:30"},
		{"9.05", "09:05"},
		{"14.30hrs", "14:30"},
		{"1430hrs", "14:30"},
		{"14:30 hours", "14:30"},
		{"noon", "12:00"},
		{"12 noon", "12:00"},
		{"Midnight", "00:00"},
		{"(11.00am)", "11:00"},
		{"13pm", "13:00"},
		{"4.1", ""},
		{"24.00", ""},
		{"10.60", ""},
		{"13am", ""},
		{"11", ""},
		{"1430", ""},
		{"£2.50", ""},
		{"11.00am to 1pm", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := ParseTime(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("ParseTime(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestFindTimes(t *testing.T) {
	type m struct{ Time, Text string }
	tests := []struct {
		name string
		in   string
		want []m
	}{
		{"title", "Friday, 16th November, 2018 11.00 am", []m{{"11:00", "11.00 am"}}},
		{"glued am/pm", "11.05am Public Question Time; 12.10pm; 2pm", []m{{"11:05", "11.05am"}, {"12:10", "12.10pm"}, {"14:00", "2pm"}}},
		{"at", "will take place on Friday 1 February 2019 at 11.00am, and at 14.30 for the sub-committee", []m{{"11:00", "11.00am"}, {"14:30", "14.30"}}},
		{"at with colon", "The meeting started at 10:30 and ended at 12:45.", []m{{"10:30", "10:30"}, {"12:45", "12:45"}}},
		{"hrs", "Start 14.30 hrs, close 1700hrs, break 13:00 hours", []m{{"14:30", "14.30 hrs"}, {"17:00", "1700hrs"}, {"13:00", "13:00 hours"}}},
		{"noon words", "from 10am until 12 noon, lunch at midday", []m{{"10:00", "10am"}, {"12:00", "12 noon"}, {"12:00", "midday"}}},
		{"dotted a.m.", "at 9.30 a.m. sharp", []m{{"09:30", "9.30 a.m."}}},
		{"minute numbers", "Minutes 23.19 and 24.19 were agreed; minute 23/19", nil},
		{"paragraphs", "see 4.1 and 14.30 of the report", nil},
		{"money", "costs £2,000.00, £23.19 per head and $10.30", nil},
		{"bare clock time", "the score was 10:30", nil},
		{"at money", "valued at £14.30", nil},
		{"at longer number", "at 14.30.2 of the code", nil},
		{"at hour too big", "at 24.10 and at 10.75", nil},
		{"durations", "over 1000 hours of volunteering and 120 hours", nil},
		{"am as word", "I am 5 amendments in", nil},
		{"percent", "at 12.50%", nil},
		{"version", "v10.30am", nil},
		{"afternoon", "in the afternoon", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []m
			for _, x := range FindTimes(tt.in) {
				if tt.in[x.Start:x.End] != x.Text {
					t.Errorf("offsets %d:%d do not give %q", x.Start, x.End, x.Text)
				}
				got = append(got, m{x.Time, x.Text})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FindTimes(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
