package mutate

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tiny is a healthy one-page PDF with a cross-reference table.
func tiny() []byte {
	content := "BT /F1 12 Tf 72 700 Td (Hello mutants) Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
		helvetica,
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

func sources(t *testing.T) []Source {
	srcs := []Source{{Name: "tiny.pdf", Data: tiny()}}
	// One real file with a cross-reference stream and object streams, if
	// ../shared is there.
	if data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "realdocs", "kent_cabinet_2025-01-30_agenda_frontsheet.pdf")); err == nil {
		srcs = append(srcs, Source{Name: "kent.pdf", Data: data})
	}
	return srcs
}

func TestGenerateIsDeterministicAndCoversEveryKind(t *testing.T) {
	srcs := sources(t)
	n := 2 * CycleLen() * len(srcs)
	seen := map[string]int{}
	collect := func() map[string][]byte {
		out := map[string][]byte{}
		err := Generate(7, srcs, n, func(v Variant) error {
			seen[v.Kind]++
			if _, dup := out[v.Name]; dup {
				t.Errorf("duplicate name %s", v.Name)
			}
			if bytes.Equal(v.Data, srcs[0].Data) || (len(srcs) > 1 && bytes.Equal(v.Data, srcs[1].Data)) {
				t.Errorf("%s is identical to its source", v.Name)
			}
			out[v.Name] = v.Data
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := collect(), collect()
	if len(a) != n {
		t.Fatalf("%d variants; want %d", len(a), n)
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	for _, k := range Kinds() {
		if seen[k] == 0 {
			t.Errorf("no variant of kind %s among %d", k, n)
		}
	}
}

func TestStructuralKindsApplyToATablePDF(t *testing.T) {
	src := tiny()
	s, err := analyse(src)
	if err != nil {
		t.Fatal(err)
	}
	if s.xrefStream || s.root != (ref{1, 0}) || s.pages != (ref{2, 0}) || s.firstPage != (ref{3, 0}) || s.size != 6 {
		t.Fatalf("analyse: %+v", s)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for _, k := range kinds {
		detail, data, err := k.fn(r, src, s)
		if err != nil {
			if strings.HasPrefix(k.name, "deflate-corrupt") || k.name == "xref-huge" {
				continue // needs a compressed stream, or a subsection not at 0
			}
			t.Errorf("%s: %v", k.name, err)
			continue
		}
		if bytes.Equal(data, src) || detail == "" {
			t.Errorf("%s: detail %q, %d bytes", k.name, detail, len(data))
		}
	}
}

func TestIncrementalUpdateKeepsTheOriginalReadable(t *testing.T) {
	src := tiny()
	s, _ := analyse(src)
	u := newUpdate(src, s)
	u.root = ref{u.add("<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>"), 0}
	out := u.bytes()
	s2, err := analyse(out)
	if err != nil {
		t.Fatalf("the updated file does not open: %v\n%s", err, out[len(src):])
	}
	if s2.root.num != 6 || s2.pages != (ref{2, 0}) || s2.firstPage != (ref{3, 0}) {
		t.Errorf("after the update: %+v", s2)
	}
}

func TestDeflatedSpacesInflatesExactly(t *testing.T) {
	const n = 8 << 20
	z := DeflatedSpaces(n)
	if len(z) > n/500 {
		t.Errorf("%d bytes of deflate for %d bytes: not a bomb", len(z), n)
	}
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("inflate: %v (checksum or framing wrong)", err)
	}
	if len(got) != n || bytes.Count(got, []byte(" ")) != n {
		t.Errorf("inflated to %d bytes", len(got))
	}
}

func TestHTMLAndImpostors(t *testing.T) {
	hs := HTML(1, 1<<20)
	if len(hs) < 10 {
		t.Fatalf("%d hostile HTML files", len(hs))
	}
	for _, h := range append(hs, Impostors(tiny(), []byte("<html><body><p>x</p></body></html>"))...) {
		if h.Want != "indexed" && h.Want != "failed" {
			t.Errorf("%s: want %q", h.Name, h.Want)
		}
		if h.Name == "nested-divs.html" && (len(h.Data) < 1<<20-100 || len(h.Data) > 1<<20+100) {
			t.Errorf("nested-divs.html is %d bytes; want about 1 MiB", len(h.Data))
		}
	}
}
