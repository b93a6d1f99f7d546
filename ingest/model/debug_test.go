package model

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"panelpapers/ingest/pdftext"
)

func TestDebugAnnounce(t *testing.T) {
	path := os.Getenv("DEBUG_PDF")
	if path == "" {
		t.Skip("set DEBUG_PDF")
	}
	data, _ := os.ReadFile(path)
	res, err := pdftext.Extract(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	d := Build(res.Pages)
	for i := range d.Blocks {
		if k, ok := announces(d, i); ok {
			fmt.Println(i, d.Blocks[i].Page, k, clip(d.Blocks[i].Text, 100))
		}
	}
}

func TestDebugTitled(t *testing.T) {
	path := os.Getenv("DEBUG_PDF")
	if path == "" {
		t.Skip("set DEBUG_PDF")
	}
	data, _ := os.ReadFile(path)
	res, _ := pdftext.Extract(context.Background(), data)
	d := Build(res.Pages)
	var announced []paperStart
	for _, p := range d.Papers {
		if p.Head >= 0 {
			announced = append(announced, paperStart{at: p.Start, head: p.Head, kind: p.Kind})
		}
	}
	for _, u := range agendaTitled(d, announced) {
		fmt.Println("titled", u.at, d.Blocks[u.at].Page, clip(d.Blocks[u.at].Text, 80))
	}
	for _, u := range unannounced(d, 0) {
		fmt.Println("unann", u.at, d.Blocks[u.at].Page, clip(d.Blocks[u.at].Text, 80))
	}
}

func TestDebugRows(t *testing.T) {
	f := os.Getenv("DEBUG_ROWS")
	if f == "" {
		t.Skip()
	}
	d := buildFile(t, f)
	for _, b := range d.Blocks {
		if b.Table == nil {
			continue
		}
		for _, r := range b.Table.Rows {
			for k, c := range r.Cells {
				fmt.Printf("[p%d c%d] %q\n", r.Page, k, c)
			}
			fmt.Println("----")
		}
	}
}

func buildFile(t *testing.T, path string) *Doc {
	data, _ := os.ReadFile(path)
	res, err := pdftext.Extract(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	return Build(res.Pages)
}

func TestDebugBlock(t *testing.T) {
	f, pat := os.Getenv("DEBUG_FILE"), os.Getenv("DEBUG_MATCH")
	if f == "" {
		t.Skip()
	}
	d := buildFile(t, f)
	for i, b := range d.Blocks {
		if !strings.Contains(b.Text, pat) {
			continue
		}
		fmt.Printf("#%d %s marker=%q cells=%q\n", i, b.Kind, b.Marker.Label, b.Cells)
		for _, l := range b.Lines {
			fmt.Printf("   p%d x%.1f y%.1f B%v %q side=%q\n", l.Page, l.X, l.Y, l.Bold, l.Text, l.Side)
		}
	}
}

func TestDebugStream(t *testing.T) {
	f := os.Getenv("DEBUG_STREAM")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	res, _ := pdftext.Extract(context.Background(), data)
	body := 12.0
	for _, p := range res.Pages {
		for li := range p.Lines {
			if stops, ok := headerStops(p.Lines, li); ok {
				end := regionEnd(p.Lines, li+1, stops, true)
				fmt.Printf("p%d header %q stops=%v end=%d/%d\n", p.Number, p.Lines[li].Text, stops, end, len(p.Lines))
			}
		}
	}
	_ = body
}
