package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"panelpapers/corpus"
	"panelpapers/search"
)

var ctx = context.Background()

func ids(r search.Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Item.ID)
	}
	return out
}

func mustSearch(t *testing.T, ix *Index, req search.Request) search.Result {
	t.Helper()
	res, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatalf("search %+v: %v", req, err)
	}
	return res
}

func TestSearchFindsWithSnippets(t *testing.T) {
	ix := openFixtures(t)
	res := mustSearch(t, ix, search.Request{Query: `"county lines"`})
	got := ids(res)
	slices.Sort(got)
	want := []string{"a1a1/1", "a1a1/4", "b2b2/1", "c3c3/1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("hits mismatch (-want +got):\n%s", diff)
	}
	if res.Total != 4 {
		t.Errorf("total = %d, want 4", res.Total)
	}
	for _, h := range res.Hits {
		if len(snippets(h)) == 0 || !strings.Contains(snippets(h)[0], "<mark>") {
			t.Errorf("hit %s: snippets %q, want <mark> in the first", h.Item.ID, snippets(h))
		}
		if h.Document.ID != h.Item.DocID || h.Document.Body == "" {
			t.Errorf("hit %s: document %+v", h.Item.ID, h.Document)
		}
		if h.Score <= 0 {
			t.Errorf("hit %s: score %v", h.Item.ID, h.Score)
		}
	}
	// Text fragments come before title fragments.
	for _, h := range res.Hits {
		if h.Item.ID == "b2b2/1" {
			if len(snippets(h)) != 2 || !strings.Contains(snippets(h)[0], "RESOLVED") || !strings.Contains(snippets(h)[1], "update") {
				t.Errorf("b2b2/1 snippets = %q, want text then title", snippets(h))
			}
		}
	}

	// Stemming: "resolve" finds "RESOLVED"; other free-text fields are searched too.
	for q, want := range map[string]string{
		"youth diversion": "a1a1/2", // words are ANDed
		"taskforce":       "a1a1/3", // only in Response
		"Patman":          "b2b2/2", // in Person and Text
		"purpose:youth":   "a1a1/2",
	} {
		res := mustSearch(t, ix, search.Request{Query: q})
		if len(res.Hits) == 0 || res.Hits[0].Item.ID != want {
			t.Errorf("search %q: hits %v, want %s first", q, ids(res), want)
		}
	}
	// Money: the funding line is found by its fund name and keeps its fields.
	res = mustSearch(t, ix, search.Request{Query: `"Community Safety Fund"`, Kinds: []corpus.Kind{corpus.KindFunding}})
	if len(res.Hits) != 1 || res.Hits[0].Item.Amount != 73547 || res.Hits[0].Item.Fund != "Community Safety Fund" {
		t.Fatalf("funding search: %+v", res.Hits)
	}
	if !strings.Contains(strings.Join(snippets(res.Hits[0]), " "), "£73,547") {
		t.Errorf("funding snippets %q, want the amount", snippets(res.Hits[0]))
	}
}

func TestSearchHighlightEscapesHTML(t *testing.T) {
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	p := corpus.Parsed{Document: corpus.Document{ID: "x", Path: "x.html", Format: corpus.FormatHTML},
		Items: []corpus.Item{{ID: "x/1", Kind: corpus.KindSection, Text: "Fees <script>alert(1)</script> & charges"}}}
	if _, err := ix.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, search.Request{Query: "charges"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v", ids(res))
	}
	s := strings.Join(snippets(res.Hits[0]), "")
	if strings.Contains(s, "<script>") || !strings.Contains(s, "<mark>charges</mark>") {
		t.Errorf("snippet %q is not escaped and marked", s)
	}
}

func TestSearchFilters(t *testing.T) {
	ix := openFixtures(t)
	for _, tc := range []struct {
		name string
		req  search.Request
		want []string
	}{
		{"kind", search.Request{Query: "county lines", Kinds: []corpus.Kind{corpus.KindMinute}}, []string{"b2b2/1", "c3c3/1"}},
		{"kinds", search.Request{Query: "county lines", Kinds: []corpus.Kind{corpus.KindMinute, corpus.KindAgendaItem}},
			[]string{"a1a1/1", "b2b2/1", "c3c3/1"}},
		{"body", search.Request{Query: "county lines", Body: surrey}, []string{"c3c3/1"}},
		{"body in other words", search.Request{Query: "county lines", Body: "SURREY POLICE & CRIME PANEL"}, []string{"c3c3/1"}},
		{"body is whole", search.Request{Query: "county lines", Body: "surrey police"}, nil},
		{"from", search.Request{Query: `"county lines"`, From: day("2018-11-16")}, []string{"a1a1/1", "a1a1/4", "c3c3/1"}},
		{"to inclusive", search.Request{Query: `"county lines"`, To: day("2018-11-16")}, []string{"a1a1/1", "a1a1/4", "b2b2/1"}},
		{"to with a time of day", search.Request{Query: `"county lines"`, To: time.Date(2018, 11, 16, 8, 30, 0, 0, time.UTC)},
			[]string{"a1a1/1", "a1a1/4", "b2b2/1"}},
		{"range", search.Request{From: day("2018-09-08"), To: day("2018-12-31")},
			[]string{"a1a1/1", "a1a1/2", "a1a1/3", "a1a1/4", "b2b2/3"}}, // b2b2/3 has its own date
		{"all filters", search.Request{Kinds: []corpus.Kind{corpus.KindDecision}, Body: tvpcp, From: day("2018-09-10"), To: day("2018-09-10")},
			[]string{"b2b2/3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(mustSearch(t, ix, tc.req))
			slices.Sort(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchEmptyQueryNewestFirst(t *testing.T) {
	ix := openFixtures(t)
	res := mustSearch(t, ix, search.Request{Limit: 100})
	want := []string{
		"c3c3/1", "c3c3/2", // 2019-02-04
		"a1a1/1", "a1a1/2", "a1a1/3", "a1a1/4", // 2018-11-16
		"b2b2/3",           // 2018-09-10, its own date
		"b2b2/1", "b2b2/2", // 2018-09-07
	}
	if diff := cmp.Diff(want, ids(res)); diff != "" {
		t.Errorf("order mismatch (-want +got):\n%s", diff)
	}
	if res.Total != 9 {
		t.Errorf("total %d, want 9 (items only, no documents)", res.Total)
	}
	if res.Took <= 0 {
		t.Errorf("took %v", res.Took)
	}
}

func TestSearchLimit(t *testing.T) {
	ix := openFixtures(t)
	if n := len(mustSearch(t, ix, search.Request{}).Hits); n != 9 {
		t.Errorf("default limit: %d hits, want all 9 (DefaultLimit %d)", n, search.DefaultLimit)
	}
	res := mustSearch(t, ix, search.Request{Limit: 2})
	if len(res.Hits) != 2 || res.Total != 9 {
		t.Errorf("limit 2: %d hits of %d", len(res.Hits), res.Total)
	}
	if n := len(mustSearch(t, ix, search.Request{Limit: search.MaxLimit * 10}).Hits); n != 9 {
		t.Errorf("huge limit: %d hits", n)
	}
}

func TestSearchBadQuery(t *testing.T) {
	ix := openFixtures(t)
	for _, q := range []string{`"county lines`, `title:`, `(flood`, `flood AND`, `amount:>=lots`, `date:2019..2018`, `nosuchfield:x`} {
		_, err := ix.Search(ctx, search.Request{Query: q})
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("search %q: err = %v, want ErrBadQuery", q, err)
		}
	}
}

func TestPutTwiceUnchanged(t *testing.T) {
	ix := openFixtures(t)
	before, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ix.Put(ctx, fixtures()[0])
	if err != nil || out != Unchanged {
		t.Fatalf("second put: %q, %v; want unchanged", out, err)
	}
	after, _ := ix.Stats(ctx)
	if after.Items != before.Items || after.Documents != before.Documents {
		t.Errorf("stats changed: %+v -> %+v", before, after)
	}
}

func TestPutSamePathUpdated(t *testing.T) {
	ix := openFixtures(t)
	p := fixtures()[1] // minutes of 7 September 2018
	p.Document.ID = "b2b2-v2"
	p.Items = []corpus.Item{
		{ID: "b2b2-v2/1", DocID: "b2b2-v2", Kind: corpus.KindMinute, Number: "42/18", Page: 1,
			Title: "County lines update (corrected)",
			Text:  "The Panel RESOLVED to note the corrected report on cuckooing."},
	}
	out, err := ix.Put(ctx, p)
	if err != nil || out != Updated {
		t.Fatalf("put: %q, %v; want updated", out, err)
	}
	// "Patman" was only in the old version (attendee b2b2/2).
	if res := mustSearch(t, ix, search.Request{Query: "Patman"}); res.Total != 0 {
		t.Errorf("old version still found: %v", ids(res))
	}
	if res := mustSearch(t, ix, search.Request{Query: "cuckooing"}); !slices.Equal(ids(res), []string{"b2b2-v2/1"}) {
		t.Errorf("new version: %v", ids(res))
	}
	if _, err := ix.Document(ctx, "b2b2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old document: %v, want ErrNotFound", err)
	}
	if _, err := ix.Item(ctx, "b2b2/1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("old item: %v, want ErrNotFound", err)
	}
	st, _ := ix.Stats(ctx)
	if st.Documents != 3 || st.Items != 7 {
		t.Errorf("stats %+v, want 3 documents, 7 items", st)
	}
}

func TestPutReusedItemIDs(t *testing.T) {
	// Ingest may derive item IDs from the path; an update that reuses them must
	// keep them, not delete them.
	ix := openFixtures(t)
	p := fixtures()[2]
	p.Document.ID = "c3c3-v2"
	p.Items = p.Items[:1]
	p.Items[0].DocID = "c3c3-v2"
	p.Items[0].Text = "The Panel RESOLVED to veto the proposed precept."
	if out, err := ix.Put(ctx, p); err != nil || out != Updated {
		t.Fatalf("put: %q, %v", out, err)
	}
	it, err := ix.Item(ctx, "c3c3/1")
	if err != nil || it.DocID != "c3c3-v2" {
		t.Fatalf("reused item: %+v, %v", it, err)
	}
	if _, err := ix.Item(ctx, "c3c3/2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("dropped item: %v, want ErrNotFound", err)
	}
	if got := ids(mustSearch(t, ix, search.Request{Query: "veto"})); !slices.Equal(got, []string{"c3c3/1"}) {
		t.Errorf("veto: %v", got)
	}
}

func TestPutDuplicateContentIsOneDocument(t *testing.T) {
	ix := openFixtures(t)
	p := fixtures()[0]
	p.Document.Path = "elsewhere/copy-of-pack.pdf"
	out, err := ix.Put(ctx, p)
	if err != nil || out != Unchanged {
		t.Fatalf("put copy: %q, %v; want unchanged", out, err)
	}
	docs, err := ix.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 {
		t.Errorf("%d documents, want 3", len(docs))
	}
	d, _ := ix.Document(ctx, "a1a1")
	if d.Path != "corpus/tvpcp-2018-11-16-pack.pdf" {
		t.Errorf("path %q, want the first one seen", d.Path)
	}
}

func TestGetters(t *testing.T) {
	ix := openFixtures(t)
	fx := fixtures()

	it, err := ix.Item(ctx, "a1a1/2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fx[0].Items[1], it); diff != "" {
		t.Errorf("Item mismatch (-want +got):\n%s", diff)
	}
	if _, err := ix.Item(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Item(nope): %v", err)
	}
	if _, err := ix.Item(ctx, "doc:a1a1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Item(doc:a1a1): %v, want ErrNotFound (a document record)", err)
	}

	d, err := ix.Document(ctx, "a1a1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fx[0].Document, d); diff != "" {
		t.Errorf("Document mismatch (-want +got):\n%s", diff)
	}
	if _, err := ix.Document(ctx, "a1a1/1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document(item id): %v", err)
	}

	items, err := ix.ItemsOf(ctx, "a1a1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.ID)
	}
	if diff := cmp.Diff([]string{"a1a1/1", "a1a1/2", "a1a1/4", "a1a1/3"}, got); diff != "" { // pages 3, 19, 24, 30
		t.Errorf("ItemsOf order mismatch (-want +got):\n%s", diff)
	}
	if items, err := ix.ItemsOf(ctx, "unknown"); err != nil || len(items) != 0 {
		t.Errorf("ItemsOf(unknown) = %v, %v", items, err)
	}

	docs, err := ix.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, d := range docs {
		dates = append(dates, d.MeetingDate)
	}
	if diff := cmp.Diff([]string{"2019-02-04", "2018-11-16", "2018-09-07"}, dates); diff != "" {
		t.Errorf("Documents order mismatch (-want +got):\n%s", diff)
	}

	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantKinds := map[corpus.Kind]int{
		corpus.KindAgendaItem: 1, corpus.KindFunding: 1, corpus.KindQuestion: 1, corpus.KindRecommendation: 1,
		corpus.KindMinute: 2, corpus.KindAttendee: 1, corpus.KindDecision: 2,
	}
	if st.Documents != 3 || st.Items != 9 || st.DiskBytes <= 0 {
		t.Errorf("stats %+v", st)
	}
	if diff := cmp.Diff(wantKinds, st.ItemsByKind); diff != "" {
		t.Errorf("ItemsByKind mismatch (-want +got):\n%s", diff)
	}
}

func TestSecondWriterIsLocked(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	for _, mode := range []Mode{ReadWrite, ReadOnly} {
		start := time.Now()
		_, err = Open(dir, mode)
		took := time.Since(start)
		if !IsLocked(err) {
			t.Fatalf("%s open while held: err = %v, want IsLocked", mode, err)
		}
		// The lock timeout is 2s; the margin is for a loaded CI machine. The
		// point is failing fast instead of waiting for the holder.
		if took > 10*time.Second {
			t.Errorf("%s open took %v, want about 2s", mode, took)
		}
		msg := err.Error()
		for _, want := range []string{fmt.Sprintf("pid %d", os.Getpid()), "stop it, or wait for it to finish", dir} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: message %q lacks %q", mode, msg, want)
			}
		}
	}
	if IsLocked(errors.New("timeout")) || IsLocked(nil) {
		t.Error("IsLocked true for unrelated errors")
	}

	// Close releases the lock and removes the owner file.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ownerFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("owner file after Close: %v", err)
	}
	ix2, err := Open(dir, ReadWrite)
	if err != nil {
		t.Fatalf("reopen after close: %v", err)
	}
	ix2.Close()
}

func TestReadersShareButExcludeWriter(t *testing.T) {
	dir := t.TempDir()
	w, err := Open(dir, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	r1, err := Open(dir, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	r2, err := Open(dir, ReadOnly)
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	defer r2.Close()
	_, err = Open(dir, ReadWrite)
	if !IsLocked(err) || !strings.Contains(err.Error(), "read-only reader") {
		t.Errorf("writer while readers hold: %v", err)
	}
	if _, err := r1.Put(ctx, fixtures()[0]); err == nil {
		t.Error("Put on a read-only index succeeded")
	}
}

func TestOpenReadOnlyMissing(t *testing.T) {
	for _, dir := range []string{filepath.Join(t.TempDir(), "missing"), t.TempDir()} {
		_, err := Open(dir, ReadOnly)
		if !errors.Is(err, ErrNoIndex) {
			t.Errorf("Open(%s, ReadOnly) = %v, want ErrNoIndex", dir, err)
		}
		if IsLocked(err) {
			t.Error("IsLocked true for a missing index")
		}
	}
}

func TestOpenRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "paper.pdf"), []byte("%PDF-1.4"), 0o644)
	if _, err := Open(dir, ReadWrite); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("Open of a non-empty directory: %v", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fixtures() {
		if _, err := ix.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []Mode{ReadOnly, ReadWrite} {
		ix, err := Open(dir, mode)
		if err != nil {
			t.Fatal(err)
		}
		st, err := ix.Stats(ctx)
		if err != nil || st.Documents != 3 || st.Items != 9 {
			t.Errorf("%s reopen: %+v, %v", mode, st, err)
		}
		if res := mustSearch(t, ix, search.Request{Query: "precept"}); len(res.Hits) != 1 || res.Hits[0].Document.Body != surrey {
			t.Errorf("%s reopen search: %+v", mode, res.Hits)
		}
		if out, err := ix.Put(ctx, fixtures()[1]); mode == ReadWrite && (err != nil || out != Unchanged) {
			t.Errorf("put after reopen: %q, %v", out, err)
		}
		ix.Close()
	}
}

func TestMappingVersionMismatch(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.idx.SetInternal(versionKey, []byte("0")); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	for _, mode := range []Mode{ReadOnly, ReadWrite} {
		_, err = Open(dir, mode)
		if !errors.Is(err, ErrMappingVersion) || !strings.Contains(err.Error(), "delete the folder and re-ingest") {
			t.Errorf("%s: err = %v, want ErrMappingVersion with advice", mode, err)
		}
	}
	// The refusal released the lock.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, ReadWrite)
	if err != nil {
		t.Fatalf("rebuild after delete: %v", err)
	}
	ix.Close()
}

func TestConcurrentSearchAndPut(t *testing.T) {
	ix := openFixtures(t)
	gen := generate(4, 50)
	done := make(chan error, 1)
	go func() {
		for _, p := range gen {
			if _, err := ix.Put(ctx, p); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 20 {
		if _, err := ix.Search(ctx, search.Request{Query: "county lines", Limit: 20}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st, _ := ix.Stats(ctx)
	if st.Items != 9+200 {
		t.Errorf("items %d, want 209", st.Items)
	}
}

func TestLargeDocumentPagingAndUpdate(t *testing.T) {
	// More items than one batch (500) and one scan page (1000).
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	p := generate(1, 1200)[0]
	if out, err := ix.Put(ctx, p); err != nil || out != Added {
		t.Fatalf("put: %q, %v", out, err)
	}
	items, err := ix.ItemsOf(ctx, p.Document.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1200 {
		t.Fatalf("ItemsOf: %d items, want 1200", len(items))
	}
	for i, it := range items {
		if it.Page != i+1 {
			t.Fatalf("ItemsOf[%d] is page %d", i, it.Page)
		}
	}

	p2 := generate(1, 10)[0]
	p2.Document.ID = "gen-v2"
	for i := range p2.Items {
		p2.Items[i].ID = fmt.Sprintf("gen-v2/%d", i)
		p2.Items[i].DocID = "gen-v2"
	}
	if out, err := ix.Put(ctx, p2); err != nil || out != Updated {
		t.Fatalf("update: %q, %v", out, err)
	}
	st, err := ix.Stats(ctx)
	if err != nil || st.Documents != 1 || st.Items != 10 {
		t.Errorf("after update: %+v, %v", st, err)
	}
}

func TestPutCancelled(t *testing.T) {
	ix, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	p := fixtures()[0]
	if _, err := ix.Put(cctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled put: %v", err)
	}
	if out, err := ix.Put(ctx, p); err != nil || out != Added {
		t.Errorf("put after cancel: %q, %v", out, err)
	}
}

// snippets are a hit's highlighted fragments, text before title.
func snippets(h search.Hit) []string {
	return append(append([]string(nil), h.Highlights["text"]...), h.Highlights["title"]...)
}

// PutAll stores documents exactly as Puts of them one by one do, with the
// same outcomes: a repeat of a document in the group, or of one stored, is
// unchanged; a new version under an old path replaces it; two versions of
// one path in the group are stored in order.
func TestPutAllEqualsPuts(t *testing.T) {
	docs := generate(6, 40)
	old := generate(1, 5)[0] // an earlier version of docs[2]'s file
	old.Document.ID = "old00002"
	old.Document.Path = docs[2].Document.Path
	for i := range old.Items {
		old.Items[i].ID = fmt.Sprintf("old/%d", i)
		old.Items[i].DocID = old.Document.ID
	}
	newer := docs[4]
	newer.Document.ID = "newer0004"
	newer.Items = append([]corpus.Item(nil), docs[4].Items[:10]...)
	for i := range newer.Items {
		newer.Items[i].ID = fmt.Sprintf("newer/%d", i)
		newer.Items[i].DocID = newer.Document.ID
	}
	group := []corpus.Parsed{docs[0], docs[1], docs[2], docs[0], docs[3], docs[4], docs[5]}

	one, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	all, err := Open(t.TempDir(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	for _, ix := range []*Index{one, all} {
		if _, err := ix.Put(ctx, old); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Put(ctx, docs[5]); err != nil {
			t.Fatal(err)
		}
	}
	var want []Outcome
	for _, p := range group {
		o, err := one.Put(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, o)
	}
	got, err := all.PutAll(ctx, group)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("PutAll outcomes %v, Puts gave %v", got, want)
	}
	if w := []Outcome{Added, Added, Updated, Unchanged, Added, Added, Unchanged}; fmt.Sprint(got) != fmt.Sprint(w) {
		t.Errorf("outcomes %v, want %v", got, w)
	}
	// Two versions of one path in a group: the later one stays.
	if _, err := one.Put(ctx, newer); err != nil {
		t.Fatal(err)
	}
	if _, err := all.PutAll(ctx, []corpus.Parsed{docs[4], newer}); err != nil {
		t.Fatal(err)
	}
	for _, ix := range []*Index{one, all} {
		st, err := ix.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Documents != 6 || st.Items != 5*40+10 {
			t.Errorf("%d documents, %d items; want 6 and %d", st.Documents, st.Items, 5*40+10)
		}
	}
	for _, p := range append(group, newer, old) {
		a, errA := one.ItemsOf(ctx, p.Document.ID)
		b, errB := all.ItemsOf(ctx, p.Document.ID)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if len(a) != len(b) {
			t.Errorf("document %s: %d items after PutAll, %d after Puts", p.Document.ID, len(b), len(a))
			continue
		}
		for i := range a {
			if a[i].ID != b[i].ID || a[i].Text != b[i].Text {
				t.Errorf("document %s item %d: %s after PutAll, %s after Puts", p.Document.ID, i, b[i].ID, a[i].ID)
			}
		}
	}
}

// A BulkLoad index holds, once closed, every document put into it: scorch
// keeps unsafe batches in memory, and its Close does not write them.
func TestBulkLoadKeepsEverythingAfterClose(t *testing.T) {
	for round := range 3 {
		dir := t.TempDir()
		ix, err := Open(dir, BulkLoad)
		if err != nil {
			t.Fatal(err)
		}
		docs := generate(40, 30)
		for _, p := range docs {
			if _, err := ix.Put(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		ro, err := Open(dir, ReadOnly)
		if err != nil {
			t.Fatal(err)
		}
		st, err := ro.Stats(ctx)
		ro.Close()
		if err != nil {
			t.Fatal(err)
		}
		if st.Documents != len(docs) || st.Items != len(docs)*30 {
			t.Errorf("round %d: %d documents and %d items after Close, want %d and %d", round, st.Documents, st.Items, len(docs), len(docs)*30)
		}
	}
}
