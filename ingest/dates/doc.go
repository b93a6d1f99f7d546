// Package dates reads the dates and times written in council papers.
//
// UK committee papers write dates many ways: "Friday 16 November 2018",
// "16th November, 2018", "Wednesday, 6th February 2019", "03/03/2020",
// "16.11.18", "2018-11-16", and now and then the US order written out,
// "November 16, 2018". Numeric dates are always read day first (UK order);
// a numeric date whose day/month order is in doubt is never guessed the US way.
//
// Running text is full of numbers that look like dates or times and are not:
// financial years ("2017/18"), minute numbers ("23/19"), paragraph numbers
// ("4.1", "3.1.12"), money ("£2,000.00", "23.19"), version numbers. Find and
// FindTimes therefore accept only shapes that are dates or times on their own
// (a month name, three numeric parts with a plausible year, an am/pm suffix,
// "hrs", or "at" before a clock time) and check the characters either side of
// a match, so a date is never cut out of a longer number or reference.
//
// Dates are returned as midnight UTC on the day; the papers give no zone, and
// a calendar day is what they mean.
package dates
