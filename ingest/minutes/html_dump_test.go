package minutes

import (
	"fmt"
	"os"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/htmltext"
)

// MINUTES_HTML=file.html go test -run DebugHTML prints the items of an HTML page.
func TestDebugHTML(t *testing.T) {
	f := os.Getenv("MINUTES_HTML")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	res, err := htmltext.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range Extract([]corpus.Page{{Number: 1, Lines: res.Lines}}, "") {
		fmt.Printf("%s n=%q t=%.60q time=%q pages=%q date=%q person=%q status=%q text=%.80q\n", it.Kind, it.Number, it.Title, it.Time, it.Pages, it.Date, it.Person, it.Status, it.Text)
	}
}
