package names

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// Merges are names that are one organisation, fund or body though no rule
// of Key can tell: "KCC" is Kent County Council, "Urdd Cylch Blaenau Tywi"
// is "Urdd Gobaith Cymru Blaenau Tywi". They are read from merge files
// (ParseMerges) and applied when names are compared, never when papers are
// indexed: a name filter for one name matches every key merged with it,
// and facets, totals and entities count the merged keys as one row. So
// editing a merge file needs no re-ingest.
//
// The format, one set per line:
//
//	# a comment
//	Kent County Council = KCC
//	Thames Valley Police and Crime Commissioner = Police and Crime Commissioner for Thames Valley = Thames Valley PCC
//
// Names compare by Key, so a line never needs the variants the rules
// already join (case, punctuation, "the", "Ltd"). Lines that share a name
// are one set. The first name of a set's first line is the name it is shown
// by, and its Key is the set's canonical key: entity IDs are built from it,
// so adding names to a line keeps them.
//
// A nil *Merges is valid and merges nothing.
type Merges struct {
	lines []mergeLine
	canon map[string]string   // a merged key → its set's canonical key
	keys  map[string][]string // canonical key → every key of its set, canonical first
	names map[string]string   // canonical key → the name the set is shown by
}

type mergeLine struct {
	names []string
	where string // file:line, for errors
}

//go:embed merges.txt
var bundledText []byte

var bundled = sync.OnceValue(func() *Merges {
	m, err := ParseMerges(bytes.NewReader(bundledText), "names/merges.txt")
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return m
})

// Bundled returns the merges papers ships with (names/merges.txt): names
// found to be one in the shared papers.
func Bundled() *Merges { return bundled() }

// ParseMerges reads a merge file; source names it in errors. A line with
// fewer than two names, or a name with nothing to compare by (only
// punctuation), is an error naming the line.
func ParseMerges(r io.Reader, source string) (*Merges, error) {
	var lines []mergeLine
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d", source, n)
		var line mergeLine
		line.where = where
		for _, name := range strings.Split(text, "=") {
			name = strings.TrimSpace(name)
			if Key(name) == "" {
				return nil, fmt.Errorf("names: %s: %q has no letters or digits to compare by; want \"Name = Other Name\"", where, name)
			}
			line.names = append(line.names, name)
		}
		if len(line.names) < 2 {
			return nil, fmt.Errorf("names: %s: one name; a merge joins two or more, as in \"Kent County Council = KCC\"", where)
		}
		lines = append(lines, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("names: read %s: %w", source, err)
	}
	return build(lines), nil
}

// Combine returns the merges of all of ms, in order: a later line that
// shares a name with an earlier set joins it, and the earlier set keeps
// its name.
func Combine(ms ...*Merges) *Merges {
	var lines []mergeLine
	for _, m := range ms {
		if m != nil {
			lines = append(lines, m.lines...)
		}
	}
	return build(lines)
}

// build joins the lines' keys into sets (union-find), each named by the
// first name of its first line.
func build(lines []mergeLine) *Merges {
	parent := map[string]string{}
	var find func(k string) string
	find = func(k string) string {
		p, ok := parent[k]
		if !ok || p == k {
			return k
		}
		root := find(p)
		parent[k] = root
		return root
	}
	first := map[string]int{} // key → the first line it is on
	for i, l := range lines {
		for _, name := range l.names {
			k := Key(name)
			if _, ok := first[k]; !ok {
				first[k] = i
			}
			if _, ok := parent[k]; !ok {
				parent[k] = k
			}
		}
	}
	// The root of each union is the key that came first, so the first
	// line's first name stays the set's canonical key whatever joins later.
	earlier := func(a, b string) bool {
		if first[a] != first[b] {
			return first[a] < first[b]
		}
		return firstIndex(lines[first[a]], a) < firstIndex(lines[first[b]], b)
	}
	for _, l := range lines {
		root := find(Key(l.names[0]))
		for _, name := range l.names[1:] {
			other := find(Key(name))
			if other == root {
				continue
			}
			if earlier(other, root) {
				root, other = other, root
			}
			parent[other] = root
		}
	}
	m := &Merges{lines: lines, canon: map[string]string{}, keys: map[string][]string{}, names: map[string]string{}}
	for k := range parent {
		root := find(k)
		m.canon[k] = root
	}
	for _, l := range lines {
		for _, name := range l.names {
			k := Key(name)
			root := m.canon[k]
			if _, ok := m.names[root]; !ok && k == root {
				m.names[root] = name
			}
		}
	}
	for k, root := range m.canon {
		if k != root {
			m.keys[root] = append(m.keys[root], k)
		}
	}
	for root, ks := range m.keys {
		slices.Sort(ks)
		m.keys[root] = append([]string{root}, ks...)
	}
	for k, root := range m.canon {
		if len(m.keys[root]) == 0 { // a line whose names the rules had already joined
			delete(m.canon, k)
			delete(m.names, root)
		}
	}
	return m
}

func firstIndex(l mergeLine, key string) int {
	for i, name := range l.names {
		if Key(name) == key {
			return i
		}
	}
	return len(l.names)
}

// Canon is the canonical key of the set key is merged into, else key.
func (m *Merges) Canon(key string) string {
	if m != nil {
		if c, ok := m.canon[key]; ok {
			return c
		}
	}
	return key
}

// Keys lists every key merged with key, its set's canonical key first; a
// key merged with none is alone. A name filter matches any of them.
func (m *Merges) Keys(key string) []string {
	if m != nil {
		if ks, ok := m.keys[m.Canon(key)]; ok {
			return ks
		}
	}
	return []string{key}
}

// Name is the name the set of key is shown by (the first name of its first
// line), or "" when key is merged with nothing.
func (m *Merges) Name(key string) string {
	if m == nil {
		return ""
	}
	return m.names[m.Canon(key)]
}

// Sets is the number of sets of names merged.
func (m *Merges) Sets() int {
	if m == nil {
		return 0
	}
	return len(m.keys)
}

// Merges returns m itself: a fixed set of merges is a MergeSource.
func (m *Merges) Merges() *Merges { return m }

// MergeSource gives the merges in force now. A server holds one for as
// long as it runs, while the user may edit the file behind it (MergeFile).
type MergeSource interface {
	Merges() *Merges
}

// MergeFile is the bundled merges plus a user's merge file, read again
// when the file changes (checked at most once a second), so that an edit
// shows on the next request without a restart. A missing file merges
// nothing more than the bundled merges until it appears.
type MergeFile struct {
	path  string
	onErr func(error)   // told when the file changed but cannot be read; the last good merges stay
	every time.Duration // how often the file is looked at again

	mu      sync.Mutex
	cur     *Merges
	stamp   fileStamp
	checked time.Time
}

type fileStamp struct {
	mod  time.Time
	size int64
	ok   bool
}

// OpenMergeFile reads path (with the bundled merges first). A file that
// does not exist is fine unless required; one that cannot be read or
// parsed is an error. onErr, if not nil, hears of later edits that broke
// the file.
func OpenMergeFile(path string, required bool, onErr func(error)) (*MergeFile, error) {
	f := &MergeFile{path: path, onErr: onErr, every: time.Second}
	st, err := stampOf(path)
	if err != nil {
		return nil, err
	}
	if !st.ok && required {
		return nil, fmt.Errorf("names: merge file %s: %w", path, fs.ErrNotExist)
	}
	m, err := readMergeFile(path, st)
	if err != nil {
		return nil, err
	}
	f.cur, f.stamp, f.checked = m, st, time.Now()
	return f, nil
}

// Path is the user's merge file.
func (f *MergeFile) Path() string { return f.path }

// Merges returns the merges in force: the file as last read.
func (f *MergeFile) Merges() *Merges {
	f.mu.Lock()
	defer f.mu.Unlock()
	if time.Since(f.checked) < f.every {
		return f.cur
	}
	f.checked = time.Now()
	st, err := stampOf(f.path)
	if err == nil && st == f.stamp {
		return f.cur
	}
	var m *Merges
	if err == nil {
		m, err = readMergeFile(f.path, st)
	}
	if err != nil {
		if f.onErr != nil {
			f.onErr(fmt.Errorf("%w (keeping the merges read before)", err))
		}
		f.stamp = st // say it once, not every second
		return f.cur
	}
	f.cur, f.stamp = m, st
	return f.cur
}

func stampOf(path string) (fileStamp, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fileStamp{}, nil
	}
	if err != nil {
		return fileStamp{}, fmt.Errorf("names: merge file: %w", err)
	}
	return fileStamp{mod: info.ModTime(), size: info.Size(), ok: true}, nil
}

func readMergeFile(path string, st fileStamp) (*Merges, error) {
	if !st.ok {
		return Bundled(), nil
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("names: merge file: %w", err)
	}
	defer file.Close()
	user, err := ParseMerges(file, path)
	if err != nil {
		return nil, err
	}
	return Combine(Bundled(), user), nil
}
