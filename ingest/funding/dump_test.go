package funding

import (
	"context"
	"fmt"
	"os"
	"testing"

	"panelpapers/ingest/pdftext"
)

func TestDebugDump(t *testing.T) {
	f := os.Getenv("FUNDING_DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	res, err := pdftext.Extract(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages {
		fmt.Printf("==== page %d\n", p.Number)
		for _, l := range p.Lines {
			fmt.Printf("[b%d %.0f,%.0f s%.1f B%v c%d] %q\n", l.Block, l.X, l.Y, l.Size, l.Bold, len(l.Cells), l.Text)
		}
	}
}
