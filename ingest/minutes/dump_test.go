package minutes

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"panelpapers/corpus"
	"panelpapers/ingest/pdftext"
)

// MINUTES_DUMP=file.pdf go test -run DebugDump prints the lines and the items.
func TestDebugDump(t *testing.T) {
	f := os.Getenv("MINUTES_DUMP")
	if f == "" {
		t.Skip()
	}
	pages := readPDF(t, f)
	if os.Getenv("MINUTES_ITEMS") == "" {
		for _, p := range pages {
			fmt.Printf("==== page %d printed=%q\n", p.Number, p.Printed)
			for _, l := range p.Lines {
				fmt.Printf("[b%d %.0f,%.0f s%.1f B%v] %q\n", l.Block, l.X, l.Y, l.Size, l.Bold, l.Text)
			}
		}
		return
	}
	for _, it := range Extract(pages, "") {
		fmt.Printf("%s p%d-%d n=%q t=%q time=%q pages=%q date=%q person=%q role=%q status=%q topic=%q int=%q resp=%.60q text=%.100q\n",
			it.Kind, it.Page, it.PageEnd, it.Number, it.Title, it.Time, it.Pages, it.Date, it.Person, it.Role, it.Status, it.Topic, it.Interest, it.Response, strings.ReplaceAll(it.Text, "\n", " | "))
	}
}

func readPDF(t *testing.T, path string) []corpus.Page {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("absent: %v", err)
	}
	res, err := pdftext.Extract(context.Background(), b)
	if err != nil {
		t.Fatalf("extract %s: %v", path, err)
	}
	return res.Pages
}
