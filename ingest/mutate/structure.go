package mutate

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"

	"github.com/ledongthuc/pdf"
)

// ref is an indirect reference "num gen R".
type ref struct{ num, gen int }

func (r ref) String() string { return fmt.Sprintf("%d %d R", r.num, r.gen) }

// structure is what the structural mutations need to know of a healthy PDF.
type structure struct {
	startxref  int64 // offset of the last cross-reference section
	xrefStream bool  // that section is a cross-reference stream, not a table
	size       int   // trailer /Size: the next free object number
	root       ref   // the catalog
	pages      ref   // the root of the page tree
	firstPage  ref   // the first leaf page
	// firstPageDict is the first page's dictionary in PDF syntax, for
	// redefining it with changes.
	firstPageDict string
	rootKids      []ref // /Kids of the page tree root
	rootCount     int   // /Count of the page tree root
	info          *ref  // trailer /Info, if any
	objStms       []int // object numbers of object streams found in the file text
}

var (
	reStartxref = regexp.MustCompile(`startxref\s+(\d+)`)
	reRefKey    = func(key string) *regexp.Regexp { return regexp.MustCompile(`/` + key + ` (\d+) (\d+) R`) }
	reRoot      = reRefKey("Root")
	reInfo      = reRefKey("Info")
	rePagesKey  = reRefKey("Pages")
	reKids      = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	reRef       = regexp.MustCompile(`(\d+) (\d+) R`)
	reObjDef    = regexp.MustCompile(`(?:^|[\r\n\s])(\d+)[ \t\r\n]+(\d+)[ \t\r\n]+obj\b`)
)

// analyse reads the structure of a healthy PDF. It uses the PDF library's
// object model (the printed form of a dictionary names its references), so
// it works for cross-reference streams and object streams alike.
func analyse(src []byte) (s *structure, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("mutate: analyse: %v", r)
		}
	}()
	m := reStartxref.FindAllSubmatch(src, -1)
	if len(m) == 0 {
		return nil, fmt.Errorf("mutate: no startxref")
	}
	s = &structure{}
	s.startxref, _ = strconv.ParseInt(string(m[len(m)-1][1]), 10, 64)
	if s.startxref <= 0 || s.startxref >= int64(len(src)) {
		return nil, fmt.Errorf("mutate: startxref %d out of range", s.startxref)
	}
	s.xrefStream = !bytes.HasPrefix(bytes.TrimLeft(src[s.startxref:], " \r\n\t"), []byte("xref"))

	r, err := pdf.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, fmt.Errorf("mutate: %w", err)
	}
	tr := r.Trailer()
	s.size = int(tr.Key("Size").Int64())
	trs := tr.String()
	rm := reRoot.FindStringSubmatch(trs)
	if rm == nil {
		return nil, fmt.Errorf("mutate: no /Root in %s", trs)
	}
	s.root = refOf(rm)
	if im := reInfo.FindStringSubmatch(trs); im != nil {
		info := refOf(im)
		s.info = &info
	}
	cat := tr.Key("Root")
	pm := rePagesKey.FindStringSubmatch(cat.String())
	if pm == nil {
		return nil, fmt.Errorf("mutate: catalog has no /Pages reference")
	}
	s.pages = refOf(pm)
	node := cat.Key("Pages")
	if km := reKids.FindStringSubmatch(node.String()); km != nil {
		for _, m := range reRef.FindAllStringSubmatch(km[1], -1) {
			s.rootKids = append(s.rootKids, refOf(m))
		}
	}
	s.rootCount = int(node.Key("Count").Int64())
	for depth := 0; ; depth++ {
		if depth > 64 {
			return nil, fmt.Errorf("mutate: page tree too deep")
		}
		km := reKids.FindStringSubmatch(node.String())
		if km == nil {
			return nil, fmt.Errorf("mutate: page tree node without /Kids")
		}
		first := reRef.FindStringSubmatch(km[1])
		if first == nil {
			return nil, fmt.Errorf("mutate: empty /Kids")
		}
		kid := node.Key("Kids").Index(0)
		if kid.Key("Type").Name() != "Pages" {
			s.firstPage = refOf(first)
			s.firstPageDict = pdfSyntax(kid.String())
			break
		}
		node = kid
	}
	for _, loc := range reObjDef.FindAllSubmatchIndex(src, -1) {
		end := min(len(src), loc[1]+400)
		head := src[loc[1]:end]
		if i := bytes.Index(head, []byte("stream")); i >= 0 {
			head = head[:i]
		}
		if bytes.Contains(head, []byte("/ObjStm")) {
			n, _ := strconv.Atoi(string(src[loc[2]:loc[3]]))
			s.objStms = append(s.objStms, n)
		}
	}
	if s.size <= 0 {
		return nil, fmt.Errorf("mutate: trailer /Size %d", s.size)
	}
	return s, nil
}

var reGoString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// pdfSyntax turns the library's printed form of an object into PDF
// syntax: it prints strings Go-quoted, PDF wants them in parentheses or
// hex.
func pdfSyntax(s string) string {
	return reGoString.ReplaceAllStringFunc(s, func(q string) string {
		u, err := strconv.Unquote(q)
		if err != nil {
			return "()"
		}
		return fmt.Sprintf("<%x>", u)
	})
}

func refOf(m []string) ref {
	n, _ := strconv.Atoi(m[1])
	g, _ := strconv.Atoi(m[2])
	return ref{n, g}
}

// objectOffsets finds every "num gen obj" in the file text, the way a
// viewer rebuilds a broken cross-reference table. A later definition of the
// same number wins, as in an incremental update.
func objectOffsets(src []byte) map[int]int64 {
	offs := map[int]int64{}
	for _, loc := range reObjDef.FindAllSubmatchIndex(src, -1) {
		n, err := strconv.Atoi(string(src[loc[2]:loc[3]]))
		if err != nil || n <= 0 {
			continue
		}
		offs[n] = int64(loc[2])
	}
	return offs
}
