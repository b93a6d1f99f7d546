package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"

	"panelpapers/corpus"
)

// Items are stored in chunks: the JSON of up to chunkItems consecutive items
// of one document, compressed together with zstd, in one stored-only record
// (type "chunk"). An item's own record is only what is searched, plus the
// reference of its chunk.
//
// Why: Bleve's zap segments compress each record's stored fields on their
// own with snappy, which gains almost nothing on a kilobyte of text; the
// stored item JSON was a third of the index (docs/performance.md).
// Consecutive items of a paper share their body, dates, document ID and
// often their wording (a section and the minutes inside it), and zstd over
// the chunk takes that out. Reading a hit costs one chunk read and
// decompression, shared by the hits from the same chunk.
const chunkItems = 32

const chunkPrefix = "chunk:"

// chunkID is the Bleve ID of chunk n of document docID. Like ingest's item
// IDs it keeps 16 hex digits (64 bits) of the content hash: every item
// record stores its chunk's ID, and the full hash would be an eighth of an
// item's stored bytes.
func chunkID(docID string, n int) string {
	return chunkPrefix + docID[:min(len(docID), 16)] + ":" + strconv.Itoa(n)
}

// chunkRef is what an item record stores to find its JSON: "<chunk ID>#<k>",
// its chunk and its place in it.
func chunkRef(docID string, n, k int) string {
	return chunkID(docID, n) + "#" + strconv.Itoa(k)
}

func parseChunkRef(ref string) (id string, k int, err error) {
	i := strings.LastIndexByte(ref, '#')
	if i < 0 || !strings.HasPrefix(ref, chunkPrefix) {
		return "", 0, fmt.Errorf("bad chunk reference %q", ref)
	}
	k, err = strconv.Atoi(ref[i+1:])
	if err != nil || k < 0 {
		return "", 0, fmt.Errorf("bad chunk reference %q", ref)
	}
	return ref[:i], k, nil
}

var (
	zstdOnce sync.Once
	zstdEnc  *zstd.Encoder
	zstdDec  *zstd.Decoder
)

// codecs returns the process's zstd encoder and decoder; EncodeAll and
// DecodeAll are safe for concurrent use.
func codecs() (*zstd.Encoder, *zstd.Decoder) {
	zstdOnce.Do(func() {
		var err error
		zstdEnc, err = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderCRC(false), zstd.WithEncoderConcurrency(1))
		if err != nil {
			panic(err) // constant options: fails on every run or never
		}
		zstdDec, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(256<<20))
		if err != nil {
			panic(err)
		}
	})
	return zstdEnc, zstdDec
}

// encodeChunk packs the JSON of items: the item count and each JSON's
// length as uvarints, then the JSONs, all zstd-compressed.
func encodeChunk(items [][]byte) []byte {
	var plain []byte
	plain = binary.AppendUvarint(plain, uint64(len(items)))
	for _, it := range items {
		plain = binary.AppendUvarint(plain, uint64(len(it)))
	}
	for _, it := range items {
		plain = append(plain, it...)
	}
	enc, _ := codecs()
	return enc.EncodeAll(plain, nil)
}

// chunk is a decompressed chunk: the JSON of each of its items.
type chunk [][]byte

func decodeChunk(blob []byte) (chunk, error) {
	_, dec := codecs()
	plain, err := dec.DecodeAll(blob, nil)
	if err != nil {
		return nil, fmt.Errorf("chunk: %w", err)
	}
	n, w := binary.Uvarint(plain)
	if w <= 0 || n > uint64(len(plain)) {
		return nil, errors.New("chunk: bad item count")
	}
	plain = plain[w:]
	lens := make([]uint64, n)
	for i := range lens {
		l, w := binary.Uvarint(plain)
		if w <= 0 {
			return nil, errors.New("chunk: bad item length")
		}
		lens[i], plain = l, plain[w:]
	}
	out := make(chunk, n)
	for i, l := range lens {
		if l > uint64(len(plain)) {
			return nil, errors.New("chunk: truncated")
		}
		out[i], plain = plain[:l], plain[l:]
	}
	return out, nil
}

// itemReader reads items by their chunk references, reading and
// decompressing each chunk once: the hits of a page, or a document's items
// in order, mostly share chunks. Not safe for concurrent use; make one per
// call.
type itemReader struct {
	ix     *Index
	chunks map[string]chunk
}

// maxCachedChunks bounds an itemReader's memory on a long scan (a chunk is
// some tens of kilobytes decompressed); scans visit chunks in order, so
// forgetting all of them at once costs little.
const maxCachedChunks = 64

func (r *itemReader) item(ctx context.Context, ref any) (corpus.Item, error) {
	s, _ := ref.(string)
	if s == "" {
		return corpus.Item{}, errors.New("no stored chunk reference")
	}
	id, k, err := parseChunkRef(s)
	if err != nil {
		return corpus.Item{}, err
	}
	c, ok := r.chunks[id]
	if !ok {
		if err := ctx.Err(); err != nil {
			return corpus.Item{}, err
		}
		typ, blob, err := r.ix.stored(id)
		if err == nil && typ != typeChunk {
			err = ErrNotFound
		}
		if err != nil {
			return corpus.Item{}, fmt.Errorf("%s: %w", id, err)
		}
		if c, err = decodeChunk([]byte(blob)); err != nil {
			return corpus.Item{}, fmt.Errorf("%s: %w", id, err)
		}
		if r.chunks == nil || len(r.chunks) >= maxCachedChunks {
			r.chunks = map[string]chunk{}
		}
		r.chunks[id] = c
	}
	if k >= len(c) {
		return corpus.Item{}, fmt.Errorf("%s has no item %d", id, k)
	}
	var it corpus.Item
	if err := json.Unmarshal(c[k], &it); err != nil {
		return corpus.Item{}, fmt.Errorf("%s#%d: %w", id, k, err)
	}
	return it, nil
}
