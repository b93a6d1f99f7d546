package recommend

import (
	"context"
	"fmt"
	"os"
	"testing"

	"panelpapers/ingest/pdftext"
)

// RECOMMEND_DUMP=file.pdf go test -run DebugDump prints every line with its hints.
func TestDebugDump(t *testing.T) {
	f := os.Getenv("RECOMMEND_DUMP")
	if f == "" {
		t.Skip()
	}
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	res, err := pdftext.Extract(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pages {
		fmt.Printf("==== page %d printed=%q\n", p.Number, p.Printed)
		for _, l := range p.Lines {
			bold := ""
			if l.Bold {
				bold = "B"
			}
			cells := ""
			if len(l.Cells) > 0 {
				cells = fmt.Sprintf(" cells=%d", len(l.Cells))
			}
			fmt.Printf("[b%d %.0f,%.0f s%.1f%s%s] %q\n", l.Block, l.X, l.Y, l.Size, bold, cells, l.Text)
		}
	}
}
