package dates_test

import (
	"fmt"

	"panelpapers/ingest/dates"
)

func ExampleFind() {
	for _, m := range dates.Find("Minutes of the meeting held on Friday, 7th September, 2018; next meeting 16/11/2018 (not the 2017/18 budget).") {
		fmt.Println(m.Date.Format("2006-01-02"), m.Text)
	}
	// Output:
	// 2018-09-07 Friday, 7th September, 2018
	// 2018-11-16 16/11/2018
}

func ExampleFindTimes() {
	for _, m := range dates.FindTimes("Start 11.00 am; item 6 at 14.30; £23.19 per head; paragraph 4.1") {
		fmt.Println(m.Time, m.Text)
	}
	// Output:
	// 11:00 11.00 am
	// 14:30 14.30
}
