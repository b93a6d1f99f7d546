package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A paper that names no meeting date is dated by its file's name, in
// either form councils and archives use; a date the paper mentions in
// passing wins only when it is not later than that (a paper filed for a
// meeting is not about a later one).
func TestMeetingDateFromTheFileName(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ name, body, want string }{
		{"minutes_20180625.html", "<h1>Minutes</h1><p>Minutes of a meeting of the above Council held on Monday 25th June at 7.00pm.</p>", "2018-06-25"},
		{"cabinet_2025-01-30_strategy.html", "<h1>Flexible Use of Capital Receipts Strategy</h1><p>The strategy runs until 31 March 2030.</p>", "2025-01-30"},
		{"cabinet_2025-01-30_minutes.html", "<h1>Minutes</h1><p>Minutes of the meeting of the Cabinet on 9 January 2025.</p>", "2025-01-09"},
		{"report_2025013.html", "<h1>Report</h1><p>No date here.</p>", ""},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte("<html><body>"+c.body+"</body></html>"), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := File(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Document.MeetingDate != c.want {
			t.Errorf("%s: meeting date %q, want %q", c.name, p.Document.MeetingDate, c.want)
		}
	}
}
