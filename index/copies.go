package index

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode"

	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"panelpapers/corpus"
)

// Copies. The same pack is often published twice (a council's PDF and a
// re-render, an "originals" file and the same report in a public pack). A
// document whose text is near-identical to one already indexed is recorded
// as a copy of it (Document.CopyOf), and its items are marked (the copy
// field) so that searches, facets, totals and exports leave them out unless
// a request asks for copies.
//
// Near-identical is measured on shingles: every run of shingleWords words of
// the document's text, hashed. Each document keeps a bottom-k sketch (the
// sketchSize smallest hashes), stored with its record; the Jaccard
// similarity of two documents' shingle sets is estimated from their
// sketches (Broder's bottom-k estimate), with an error of about 0.03 at
// the threshold. On the shared papers, the two renders of the sample pack
// share 0.87 of their shingles (pdftotext's text), two Kent reports
// published twice 0.91 and 0.95; the next most similar pair (a pack and
// one report inside it) 0.50, two agendas of one parish council 0.34.

const (
	shingleWords = 5
	sketchSize   = 256
	// copyThreshold is the estimated Jaccard similarity from which a
	// document is a copy.
	copyThreshold = 0.8
	// minShingles: a document with fewer shingles (about 70 words) is too
	// short to call a copy of anything; boilerplate would do it.
	minShingles = 64
)

// sketch is the sorted sketchSize smallest distinct shingle hashes of a
// document's text, or fewer when the text has fewer shingles.
type sketch []uint64

// sketchOf sketches a parsed document: the text of its pages, else of its
// items. A shingle's hash is FNV-1a over its words, each followed by a zero
// byte; it is computed here without hash.Hash, whose Write took a []byte
// conversion of every word, and the smallest are taken from a sorted slice
// rather than a set: this ran on the index writer, for every document.
func sketchOf(p corpus.Parsed) sketch {
	var words []string
	add := func(s string) {
		words = append(words, strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})...)
	}
	if len(p.Pages) > 0 {
		for _, pg := range p.Pages {
			add(pg.Text)
		}
	} else {
		for _, it := range p.Items {
			add(it.Title)
			add(it.Text)
		}
	}
	if len(words) < shingleWords {
		return nil
	}
	hashes := make([]uint64, 0, len(words)-shingleWords+1)
	for i := 0; i+shingleWords <= len(words); i++ {
		h := uint64(fnvOffset64)
		for _, w := range words[i : i+shingleWords] {
			for k := 0; k < len(w); k++ {
				h ^= uint64(w[k])
				h *= fnvPrime64
			}
			h *= fnvPrime64 // the zero byte after the word: h ^= 0 leaves h
		}
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	out := slices.Compact(hashes)
	if len(out) > sketchSize {
		out = out[:sketchSize]
	}
	return slices.Clip(out)
}

// FNV-1a's 64-bit constants (hash/fnv).
const (
	fnvOffset64 = 14695981039346656037
	fnvPrime64  = 1099511628211
)

// similarity estimates the Jaccard similarity of the shingle sets of two
// sketched documents: of the smallest hashes of their union (as many as
// the smaller sketch holds), the share that both hold.
func similarity(a, b sketch) float64 {
	k := min(len(a), len(b))
	if k == 0 {
		return 0
	}
	both, taken := 0, 0
	i, j := 0, 0
	for taken < k && (i < len(a) || j < len(b)) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			i++
		case i >= len(a) || b[j] < a[i]:
			j++
		default:
			both++
			i++
			j++
		}
		taken++
	}
	return float64(both) / float64(taken)
}

// encode writes the sketch as base64 text, for a stored field.
func (s sketch) encode() string {
	b := make([]byte, 8*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint64(b[8*i:], v)
	}
	return base64.RawStdEncoding.EncodeToString(b)
}

func decodeSketch(s string) sketch {
	b, err := base64.RawStdEncoding.DecodeString(s)
	if err != nil {
		return nil
	}
	out := make(sketch, len(b)/8)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i : 8*i+8])
	}
	return out
}

// original is an indexed document that is not a copy, with its sketch.
type original struct {
	id, path string
	sk       sketch
}

// originals returns the sketches of the indexed documents that are not
// copies, read from their records once per process and kept up to date by
// Put after that. Called with ix.mu held.
func (ix *Index) originals(ctx context.Context) ([]original, error) {
	if ix.sketches != nil {
		return *ix.sketches, nil
	}
	var out []original
	err := ix.scanFields(ctx, termQ(fType, typeDocument), []string{fRaw, fSig}, func(vals map[string]string) error {
		var d corpus.Document
		if err := decodeRaw(vals[fRaw], &d); err != nil {
			return err
		}
		if d.CopyOf == "" && vals[fSig] != "" {
			out = append(out, original{d.ID, d.Path, decodeSketch(vals[fSig])})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("index: read document sketches: %w", err)
	}
	ix.sketches = &out
	return out, nil
}

// copyOf finds the indexed document (or earlier document of this batch)
// that sk is a copy of: the most similar at or above copyThreshold.
func copyOf(sk sketch, candidates []original) (original, bool) {
	if len(sk) < minShingles {
		return original{}, false
	}
	var best original
	bestSim := 0.0
	for _, c := range candidates {
		if len(c.sk) < minShingles {
			continue
		}
		if sim := similarity(sk, c.sk); sim >= copyThreshold && sim > bestSim {
			best, bestSim = c, sim
		}
	}
	return best, bestSim > 0
}

// scanFields calls fn with the stored fields of every record q matches,
// paging like scan.
func (ix *Index) scanFields(ctx context.Context, q query.Query, fields []string, fn func(map[string]string) error) error {
	return ix.scanHits(ctx, q, fields, []string{"_id"}, func(h *blevesearch.DocumentMatch) error {
		vals := make(map[string]string, len(fields))
		for _, f := range fields {
			vals[f], _ = h.Fields[f].(string)
		}
		return fn(vals)
	})
}
