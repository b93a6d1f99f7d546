package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"panelpapers/index"
)

// mountTmpfs mounts a tmpfs of size at a new folder and unmounts it when the
// test ends. It skips the test where mounting is not allowed.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root (CAP_SYS_ADMIN) to mount a small tmpfs: as root, a full disk cannot be faked with permissions")
	}
	if _, err := exec.LookPath("mount"); err != nil {
		t.Skip("no mount command")
	}
	dir := filepath.Join(t.TempDir(), "fs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mounting a tmpfs is not permitted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
			exec.Command("umount", "-l", dir).Run()
		}
	})
	return dir
}

// fillDisk writes a file into dir that leaves about free bytes free on its
// file system.
func fillDisk(t *testing.T, dir, name string, free int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	avail := int64(st.Bavail) * int64(st.Bsize)
	if avail <= free {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for left := avail - free; left > 0; left -= int64(len(buf)) {
		if _, err := f.Write(buf[:min(int64(len(buf)), left)]); err != nil {
			t.Fatalf("fill the disk: %v", err)
		}
	}
}

// checkWhole fails the test for a document in the index at dir without all
// its items (as the reference has them), or an item record without its
// document; it returns the index's snapshot.
func checkWhole(t *testing.T, when, dir string, want indexSnapshot) indexSnapshot {
	t.Helper()
	got, err := snapshotOf(t, dir)
	if err != nil {
		t.Fatalf("%s: the index does not open read-only: %v", when, err)
	}
	if half := halfDocuments(want, got); len(half) > 0 {
		t.Errorf("%s: documents without all their items: %v", when, half)
	}
	if got.itemRecords != got.itemCount() {
		t.Errorf("%s: %d item records, %d of them in documents", when, got.itemRecords, got.itemCount())
	}
	return got
}

// TestDiskFullAndReadOnlyIndex puts the index on an 16 MiB tmpfs and fills
// it: an ingest stops with a clear error naming the problem and exit status
// 1, never a panic; the index still opens, searches find what went in
// before, and no document is in it by halves. The same through a running
// server, whose searches go on. Then the file system is remounted read-only:
// a clear error again, and searches still work.
func TestDiskFullAndReadOnlyIndex(t *testing.T) {
	paths := sharedPapers(t)
	fs := mountTmpfs(t, "16m")
	want, _ := referenceIndex(t)
	dir := filepath.Join(fs, "ix")

	// The samples fit.
	if _, stderr, code := papersRun(t, append([]string{"--index", dir, "ingest", "--quiet"}, samplePapers(t)...)...); code != 0 {
		t.Fatalf("ingest the samples: exit %d\n%s", code, stderr)
	}
	before := checkWhole(t, "after the samples", dir, want)

	// The shared papers do not, with 400 KB left: their index takes about
	// 1.9 MB (written in two or three segments; with more segments and
	// merges it needed more, and 1.2 MB used to be too little).
	fillDisk(t, fs, "filler", 400<<10)
	start := time.Now()
	_, stderr, code := papersRun(t, append([]string{"--index", dir, "ingest", "--quiet"}, paths...)...)
	t.Logf("disk full, CLI: exit %d after %v: %s", code, time.Since(start).Round(time.Millisecond), lastLines(stderr, 2))
	if code != exitFailure || !strings.Contains(stderr, "no space left on device") || strings.Contains(stderr, "panic") {
		t.Errorf("ingest onto a full disk: exit %d, want %d and a message saying no space left on device:\n%s", code, exitFailure, stderr)
	}
	afterCLI := checkWhole(t, "after the disk filled", dir, want)
	for id := range before.docs {
		if _, ok := afterCLI.docs[id]; !ok {
			t.Errorf("document %s, in before the disk filled, is gone", id)
		}
	}
	out, stderr, code := papersRun(t, "--index", dir, "search", "--json", "county lines")
	if code != 0 || !strings.Contains(out, `"total"`) {
		t.Errorf("search after the disk filled: exit %d\n%s%s", code, out, stderr)
	}
	t.Logf("disk full, CLI: %d documents (%d items) in the index before, %d (%d items) after", len(before.docs), before.itemCount(), len(afterCLI.docs), afterCLI.itemCount())

	// Through a running server: the ingest fails with the reason, and the
	// server goes on answering searches.
	t.Run("server", func(t *testing.T) {
		// The CLI's ingest may have left less than the server needs to
		// start (it writes serve.json): start again from 200 KB free.
		if err := os.Remove(filepath.Join(fs, "filler")); err != nil {
			t.Fatal(err)
		}
		fillDisk(t, fs, "filler2", 200<<10)
		base := startServer(t, dir)
		start := time.Now()
		_, stderr, err, code := run(t, append([]string{"--index", dir, "ingest", "--quiet"}, paths...)...)
		t.Logf("disk full, server: exit %d after %v: %v", code, time.Since(start).Round(time.Millisecond), err)
		if err == nil || code != exitFailure || !strings.Contains(err.Error(), "no space left on device") {
			t.Errorf("ingest through the server onto a full disk: %v, exit %d, want exit %d naming the full disk\n%s", err, code, exitFailure, stderr)
		}
		for _, path := range []string{"/api/search?q=county+lines", "/api/documents", "/api/search?sort=-date&limit=50", "/healthz"} {
			resp, err := http.Get(base + path)
			if err != nil {
				t.Errorf("%s after the failed ingest: %v", path, err)
				continue
			}
			var v any
			derr := json.NewDecoder(resp.Body).Decode(&v)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || (derr != nil && path != "/healthz") {
				t.Errorf("%s after the failed ingest: status %d, %v", path, resp.StatusCode, derr)
			}
		}
	})
	afterServer := checkWhole(t, "after the server's failed ingest", dir, want)

	// With room again, the same ingest completes it.
	os.Remove(filepath.Join(fs, "filler"))
	os.Remove(filepath.Join(fs, "filler2"))
	if _, stderr, code := papersRun(t, append([]string{"--index", dir, "ingest", "--quiet"}, paths...)...); code != 0 {
		t.Fatalf("re-run with room: exit %d\n%s", code, stderr)
	}
	got := checkWhole(t, "after the re-run", dir, want)
	if c := compare(want, got, false); !c.ok() {
		t.Errorf("after the re-run: not a clean ingest: %d lost, %d duplicated: %v", c.lost, c.duplicated, c.problems)
	}
	t.Logf("after the server's failed ingest: %d documents; after a re-run with room: %d documents, %d items",
		len(afterServer.docs), len(got.docs), got.itemCount())

	// Read-only: ingest says so at once; searches go on.
	if out, err := exec.Command("mount", "-o", "remount,ro", fs).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v: %s", err, out)
	}
	defer exec.Command("mount", "-o", "remount,rw", fs).Run()
	page := filepath.Join(t.TempDir(), "p.html")
	os.WriteFile(page, []byte("<html><body><h1>Minutes</h1><p>The Panel met.</p></body></html>"), 0o644)
	start = time.Now()
	_, stderr, code = papersRun(t, "--index", dir, "ingest", "--quiet", page)
	took := time.Since(start)
	t.Logf("read-only: exit %d after %v: %s", code, took.Round(time.Millisecond), lastLines(stderr, 1))
	if code != exitFailure || !strings.Contains(stderr, "read-only file system") || strings.Contains(stderr, "panic") || took > 10*time.Second {
		t.Errorf("ingest into a read-only index: exit %d after %v, want %d at once naming the read-only file system:\n%s", code, took, exitFailure, stderr)
	}
	out, stderr, code = papersRun(t, "--index", dir, "search", "--json", "county lines")
	var res struct{ Total int }
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Total == 0 {
		t.Errorf("search in a read-only index: exit %d, %d hits\n%s", code, res.Total, stderr)
	}
	if ix, err := index.Open(dir, index.ReadOnly); err != nil {
		t.Errorf("open read-only: %v", err)
	} else {
		ix.Close()
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " / ")
}
