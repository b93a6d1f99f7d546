package index

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestChunkRoundTrip(t *testing.T) {
	for _, n := range []int{1, 2, chunkItems} {
		var items [][]byte
		for i := range n {
			items = append(items, []byte(fmt.Sprintf(`{"id":"x-%04d","text":%q}`, i, strings.Repeat("word ", i*7))))
		}
		got, err := decodeChunk(encodeChunk(items))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("%d items back, want %d", len(got), n)
		}
		for i := range items {
			if !bytes.Equal(got[i], items[i]) {
				t.Errorf("item %d: %q, want %q", i, got[i], items[i])
			}
		}
	}
}

// A damaged chunk is an error, never a panic or a wrong item.
func TestDecodeChunkDamaged(t *testing.T) {
	good := encodeChunk([][]byte{[]byte(`{"id":"a"}`), []byte(`{"id":"b"}`)})
	for name, blob := range map[string][]byte{
		"empty":     nil,
		"not zstd":  []byte("hello, world"),
		"truncated": good[:len(good)/2],
		"lying count": func() []byte {
			enc, _ := codecs()
			return enc.EncodeAll([]byte{200, 1, 1}, nil)
		}(),
		"lying length": func() []byte {
			enc, _ := codecs()
			return enc.EncodeAll([]byte{1, 90, 'x'}, nil)
		}(),
	} {
		if c, err := decodeChunk(blob); err == nil {
			t.Errorf("%s: decoded to %q, want an error", name, c)
		}
	}
}

func TestParseChunkRef(t *testing.T) {
	id, k := chunkID("0123456789abcdef0123", 3), 17
	gotID, gotK, err := parseChunkRef(chunkRef("0123456789abcdef0123", 3, k))
	if err != nil || gotID != id || gotK != k {
		t.Errorf("parseChunkRef = %q, %d, %v; want %q, %d", gotID, gotK, err, id, k)
	}
	for _, bad := range []string{"", "chunk:abc", "item:abc#1", "chunk:abc#-1", "chunk:abc#x"} {
		if _, _, err := parseChunkRef(bad); err == nil {
			t.Errorf("parseChunkRef(%q): no error", bad)
		}
	}
}
