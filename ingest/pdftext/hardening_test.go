package pdftext

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
)

// makeBlocksAllPairs is makeBlocks as it was before it kept a list of open
// blocks: every segment is compared with every block. The pruned version
// must group exactly as this one does.
func makeBlocksAllPairs(segs []*segment) []*block {
	var blocks []*block
	for _, s := range segs {
		var best *block
		for _, b := range blocks {
			if s.y <= b.lastY+0.01 {
				continue
			}
			last := b.segs[len(b.segs)-1]
			dy := s.y - b.lastY
			big, small := math.Max(s.size, b.size), math.Min(s.size, b.size)
			if dy > maxPitch*big || big > 1.3*small {
				continue
			}
			if b.pitch > 0 && dy > 1.35*b.pitch+0.5 {
				continue
			}
			if math.Min(s.x1, last.x1)-math.Max(s.x0, last.x0) <= 0 {
				continue
			}
			if best == nil || b.lastY > best.lastY {
				best = b
			}
		}
		if best == nil {
			best = &block{}
			blocks = append(blocks, best)
		}
		best.add(s)
	}
	return blocks
}

// blockShape describes blocks by the indexes of their segments.
func blockShape(segs []*segment, blocks []*block) string {
	idx := map[*segment]int{}
	for i, s := range segs {
		idx[s] = i
	}
	var b strings.Builder
	for _, bl := range blocks {
		for _, s := range bl.segs {
			fmt.Fprintf(&b, "%d ", idx[s])
		}
		b.WriteString("| ")
	}
	return b.String()
}

func compareBlocks(t *testing.T, name string, segs []*segment) {
	t.Helper()
	// Both versions mutate nothing but the blocks they build.
	want := blockShape(segs, makeBlocksAllPairs(segs))
	got := blockShape(segs, makeBlocks(context.Background(), segs))
	if got != want {
		t.Fatalf("%s: pruned makeBlocks groups\n%s\nwant\n%s", name, got, want)
	}
}

func TestMakeBlocksPruningIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 1500 {
		n := 1 + rng.IntN(60)
		segs := make([]*segment, n)
		y := 0.0
		for i := range segs {
			size := []float64{6, 8, 10, 10, 11, 12, 14, 20}[rng.IntN(8)] * (1 + 0.05*rng.Float64())
			y += []float64{0, 0.005, 3, 10, 12, 14, 16, 18, 25, 40}[rng.IntN(10)] * (0.9 + 0.2*rng.Float64())
			x0 := 300 * rng.Float64()
			segs[i] = &segment{x0: x0, x1: x0 + 5 + 300*rng.Float64(), y: y, size: size}
		}
		compareBlocks(t, fmt.Sprintf("trial %d", trial), segs)
	}
	// The smaller real papers (the fuzz seeds), page by page.
	for fi, data := range sharedSeeds(t, []string{".pdf"}, "realdocs", "corpus") {
		f := fmt.Sprintf("shared PDF %d", fi)
		r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			continue
		}
		d := &document{r: r, fonts: map[string]*font{}, cmaps: map[string]*cmap{}, streams: map[string][]byte{}}
		pages, _ := d.pageList()
		for pi, pv := range pages {
			func() {
				defer func() { _ = recover() }() // a page the library cannot read
				var buf []byte
				if c := pv.Key("Contents"); c.Kind() == pdf.Stream {
					buf, _ = d.streamData(c, "")
				} else {
					for i := 0; i < c.Len(); i++ {
						b, _ := d.streamData(c.Index(i), "")
						buf = append(append(buf, b...), '\n')
					}
				}
				base, _, _ := pageMatrix(inheritedBox(pv), int(inherited(pv, "Rotate").Int64()))
				in := &interp{ctx: context.Background(), doc: d}
				_ = in.run(buf, inherited(pv, "Resources"), base, 0)
				var byDir [4][]glyph
				for _, g := range in.glyphs {
					byDir[g.dir] = append(byDir[g.dir], g)
				}
				for dir, gs := range byDir {
					if len(gs) > 0 {
						compareBlocks(t, fmt.Sprintf("%s page %d", f, pi+1), makeSegments(makeWords(gs, dir)))
					}
				}
			}()
		}
	}
}

// widePage draws n two-letter words in five rows, each word far from the
// next: every word is a segment and a block of its own, and every block
// stays open to the next rows. That is the worst case for grouping lines
// into blocks, which compares each line with the open blocks.
func widePage(n int) []byte {
	var b strings.Builder
	b.WriteString("BT /F1 10 Tf ")
	for i := range n {
		fmt.Fprintf(&b, "1 0 0 1 %d %d Tm (ab) Tj ", (i/5)*100, 700-(i%5)*12)
	}
	b.WriteString("ET")
	return onePage(b.String(), "", "")
}

// TestLayoutKeepsDeadline: layout used to ignore the context, so a page of
// tens of thousands of scattered lines ran for seconds past Extract's
// deadline. Now grouping and ordering stop when the context is done.
func TestLayoutKeepsDeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large page")
	}
	data := widePage(60000)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Extract(ctx, data)
	el := time.Since(start)
	if err == nil {
		t.Logf("finished within the deadline (%v); nothing to check", el)
		return
	}
	// Generous: a busy two-core machine. Before the fix this took tens of
	// seconds.
	if el > 5*time.Second {
		t.Errorf("Extract returned %v after a 300ms deadline", el)
	}
}

// TestEmptyBfrangeArray is FuzzCMap's find (testdata/fuzz/FuzzCMap): a
// ToUnicode bfrange whose destination is an empty array ("<0001> <0007> []")
// made cmap.text index a slice at -1; the panic cost the whole page.
func TestEmptyBfrangeArray(t *testing.T) {
	cmap := `begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfrange <0001> <0007> [] endbfrange
1 beginbfrange <0010> <0019> <0041> endbfrange endcmap`
	data := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F2 4 0 R >> >> >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [7 0 R] /ToUnicode 6 0 R >>",
		stream("", "BT /F2 10 Tf 72 700 Td <0010001100030012> Tj ET"),
		stream("", cmap),
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /DW 500 >>",
	)
	res := mustExtract(t, data)
	if len(res.PageErrors) != 0 {
		t.Fatalf("page errors %v", res.PageErrors)
	}
	// Code 0003 falls in the empty range: it maps to nothing and leaves a
	// gap of its width.
	if got := allText(res); got != "AB C" {
		t.Errorf("text %q, want %q", got, "AB C")
	}
}
