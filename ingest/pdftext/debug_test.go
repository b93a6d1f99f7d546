package pdftext

// Debugging aids, skipped unless their environment variable names a PDF:
//
//	PDFTEXT_DUMP=file.pdf go test -v -run DebugDump   prints every line
//	PDFTEXT_DIFF=file.pdf go test -v -run DebugDiff   bigrams missing/extra vs the pack source

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
)

func TestDebugDump(t *testing.T) {
	f := os.Getenv("PDFTEXT_DUMP")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	res, err := Extract(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range res.Pages {
		fmt.Printf("==== page %d printed=%q\n", p.Number, p.Printed)
		for _, l := range p.Lines {
			fmt.Printf("[b%d %.0f,%.0f s%.1f] %q\n", l.Block, l.X, l.Y, l.Size, l.Text)
		}
		for _, l := range res.dropped[i] {
			fmt.Printf("DROPPED %q\n", l.Text)
		}
	}
}

func TestDebugDiff(t *testing.T) {
	f := os.Getenv("PDFTEXT_DIFF")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	res, _ := Extract(context.Background(), b)
	src, _ := os.ReadFile(shared + "/corpus/tvpcp-2018-11-16-pack.source.txt")
	got := bigrams(tokens(docText(res, false)))
	want := bigrams(tokens(string(src)))
	m := map[string]int{}
	for _, w := range want {
		m[w]++
	}
	for _, g := range got {
		m[g]--
	}
	var miss, extra []string
	for k, v := range m {
		if v > 0 {
			miss = append(miss, fmt.Sprint(k, "×", v))
		} else if v < 0 {
			extra = append(extra, fmt.Sprint(k, "×", -v))
		}
	}
	sort.Strings(miss)
	sort.Strings(extra)
	fmt.Println("MISSING", len(miss), miss)
	fmt.Println("EXTRA", len(extra), extra)
}
