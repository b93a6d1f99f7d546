package main

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// fakeClock makes rates, ETAs and throttling deterministic.
type fakeClock struct{ t time.Time }

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// barFrames splits bar-mode output into the lines as drawn, without the
// control codes, so tests can check each redraw.
func barFrames(out string) []string {
	var frames []string
	for _, f := range strings.Split(out, "\r") {
		f = strings.ReplaceAll(f, eraseToEOL, "")
		if f != "" {
			frames = append(frames, f)
		}
	}
	return frames
}

func lastFrame(t *testing.T, out string) string {
	t.Helper()
	frames := barFrames(out)
	if len(frames) == 0 {
		t.Fatalf("no bar drawn in %q", out)
	}
	return frames[len(frames)-1]
}

// screen plays output onto an imaginary terminal and returns the lines a
// person would see, which is what "the warning is intact" really means.
func screen(out string) []string {
	var lines [][]rune
	line, col := []rune{}, 0
	for len(out) > 0 {
		switch {
		case strings.HasPrefix(out, eraseToEOL):
			line = line[:col]
			out = out[len(eraseToEOL):]
			continue
		case out[0] == '\r':
			col = 0
		case out[0] == '\n':
			lines = append(lines, line)
			line, col = []rune{}, 0
		default:
			r, size := utf8.DecodeRuneInString(out)
			if col < len(line) {
				line[col] = r
			} else {
				line = append(line, r)
			}
			col++
			out = out[size:]
			continue
		}
		out = out[1:]
	}
	lines = append(lines, line)
	shown := make([]string, len(lines))
	for i, l := range lines {
		shown[i] = string(l)
	}
	return shown
}

func TestProgressLinesMatchOldFormat(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, progressLines, 3, newFakeClock().now)
	p.Done("papers/a.pdf", "added", 4)
	p.Printf("papers: warning: %s: %s\n", "papers/b.html", "no date")
	p.Done("papers/b.html", "unchanged", 0)
	p.Done("papers/c.pdf", "needs OCR", 12)
	p.Finish()

	want := "[1/3] added     papers/a.pdf\n" +
		"papers: warning: papers/b.html: no date\n" +
		"[2/3] unchanged papers/b.html\n" +
		"[3/3] needs OCR papers/c.pdf\n"
	if got := buf.String(); got != want {
		t.Errorf("lines output:\n%q\nwant:\n%q", got, want)
	}
}

func TestProgressNoneModePrintsOnlyPrintfLines(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, progressNone, 2, newFakeClock().now)
	p.Done("a.pdf", "added", 3)
	p.Printf("papers: %v\n", "b.pdf: broken xref")
	p.Done("b.pdf", "failed", 0)
	p.Finish()

	if got, want := buf.String(), "papers: b.pdf: broken xref\n"; got != want {
		t.Errorf("quiet output %q, want only the error line %q", got, want)
	}
}

func TestProgressBarShowsCountsRateAndETA(t *testing.T) {
	t.Setenv("COLUMNS", "")
	clock := newFakeClock()
	var buf bytes.Buffer
	p := newProgress(&buf, progressBar, 10, clock.now)
	clock.advance(500 * time.Millisecond)
	p.Done("a.pdf", "added", 30)
	clock.advance(500 * time.Millisecond)
	p.Done("b.pdf", "added", 30)
	clock.advance(time.Second)
	p.Done("kent-minutes.pdf", "updated", 40)

	out := buf.String()
	if !strings.Contains(out, "\r") || !strings.Contains(out, eraseToEOL) {
		t.Fatalf("bar output %q lacks carriage return or erase-line", out)
	}
	if strings.Contains(out, "\n") {
		t.Errorf("bar output %q has a newline; the bar must redraw in place", out)
	}
	frame := lastFrame(t, out)
	// 100 pages in 2s; 3 files in 2s leaves 7 files ≈ 4.67s → 0:05.
	for _, want := range []string{"ingest [", "3/10 files", "50 pages/s", "ETA 0:05", "kent-minutes.pdf"} {
		if !strings.Contains(frame, want) {
			t.Errorf("frame %q lacks %q", frame, want)
		}
	}
}

func TestProgressBarETAUnknownAtFirst(t *testing.T) {
	t.Setenv("COLUMNS", "")
	clock := newFakeClock()
	var buf bytes.Buffer
	p := newProgress(&buf, progressBar, 4, clock.now)
	if frame := lastFrame(t, buf.String()); !strings.Contains(frame, "0/4 files") || !strings.Contains(frame, "ETA --:--") {
		t.Errorf("initial frame %q; want 0/4 files and an unknown ETA", frame)
	}

	clock.advance(200 * time.Millisecond)
	p.Done("a.pdf", "added", 5)
	if frame := lastFrame(t, buf.String()); !strings.Contains(frame, "1/4 files") || !strings.Contains(frame, "ETA --:--") {
		t.Errorf("frame after 0.2s %q; want 1/4 files and still no ETA guess", frame)
	}

	clock.advance(800 * time.Millisecond)
	p.Done("b.pdf", "added", 5)
	if frame := lastFrame(t, buf.String()); !strings.Contains(frame, "ETA 0:01") {
		t.Errorf("frame after 1s with 2 of 4 done %q; want ETA 0:01", frame)
	}
}

func TestProgressBarThrottlesRedrawsButAlwaysDrawsLastFile(t *testing.T) {
	t.Setenv("COLUMNS", "")
	clock := newFakeClock()
	var buf bytes.Buffer
	const total = 50
	p := newProgress(&buf, progressBar, total, clock.now)
	clock.advance(time.Second)
	buf.Reset()

	for i := range total {
		p.Done(fmt.Sprintf("f%02d.pdf", i), "added", 1)
		clock.advance(100 * time.Microsecond) // all 50 within 5ms
	}

	frames := barFrames(buf.String())
	if len(frames) != 2 {
		t.Fatalf("got %d redraws for %d files within 5ms, want 2 (first and last): %q", len(frames), total, frames)
	}
	if !strings.Contains(frames[0], "1/50 files") {
		t.Errorf("first redraw %q, want 1/50", frames[0])
	}
	if !strings.Contains(frames[1], "50/50 files") || !strings.Contains(frames[1], "f49.pdf") {
		t.Errorf("final redraw %q, want 50/50 and the last file", frames[1])
	}

	// Once the interval has passed, the next file redraws again.
	buf.Reset()
	p = newProgress(&buf, progressBar, 3, clock.now)
	clock.advance(redrawInterval)
	p.Done("a.pdf", "added", 1)
	clock.advance(redrawInterval)
	p.Done("b.pdf", "added", 1)
	if got := len(barFrames(buf.String())); got != 3 {
		t.Errorf("got %d frames with files %v apart, want 3 (start and each file)", got, redrawInterval)
	}
}

func TestProgressPrintfInBarModeKeepsLineIntact(t *testing.T) {
	t.Setenv("COLUMNS", "")
	clock := newFakeClock()
	var buf bytes.Buffer
	p := newProgress(&buf, progressBar, 10, clock.now)
	clock.advance(time.Second)
	p.Done("a.pdf", "added", 7)
	buf.Reset()

	// Same instant as the last redraw: warnings are never throttled.
	p.Printf("papers: warning: %s: %s\n", "a.pdf", "table without header")
	p.Printf("papers: %s", "b.pdf: no newline given")

	out := buf.String()
	if !strings.HasPrefix(out, "\r"+eraseToEOL) {
		t.Errorf("output %q does not clear the bar before the warning", out)
	}
	shown := screen(out)
	if len(shown) != 3 {
		t.Fatalf("screen %q: want two message lines and the bar after them", shown)
	}
	want := []string{"papers: warning: a.pdf: table without header", "papers: b.pdf: no newline given"}
	for i, msg := range want {
		if shown[i] != msg {
			t.Errorf("screen line %d is %q, want %q intact", i, shown[i], msg)
		}
	}
	if !strings.Contains(shown[2], "1/10 files") {
		t.Errorf("bar after the messages %q, want it redrawn with 1/10", shown[2])
	}
}

func TestProgressFinishClearsBar(t *testing.T) {
	t.Setenv("COLUMNS", "")
	clock := newFakeClock()
	var buf bytes.Buffer
	p := newProgress(&buf, progressBar, 2, clock.now)
	p.Done("a.pdf", "added", 1)
	p.Done("b.pdf", "added", 1)
	buf.Reset()

	p.Finish()
	if got, want := buf.String(), "\r"+eraseToEOL; got != want {
		t.Errorf("Finish wrote %q, want %q", got, want)
	}
	buf.Reset()
	p = newProgress(&buf, progressBar, 2, clock.now)
	p.Done("a-much-longer-name-than-the-summary.pdf", "added", 1)
	p.Finish()
	fmt.Fprintln(&buf, "1 files: 1 added")
	if got := screen(buf.String()); len(got) != 2 || got[0] != "1 files: 1 added" || got[1] != "" {
		t.Errorf("screen after Finish and summary %q, want only the summary line", got)
	}

	buf.Reset()
	p.Done("late.pdf", "added", 1)
	p.Done("later.pdf", "added", 1)
	p.Finish()
	p.Printf("papers: %s\n", "after finish")
	if got, want := buf.String(), "papers: after finish\n"; got != want {
		t.Errorf("after Finish got %q, want only the plain message %q", got, want)
	}

	buf.Reset()
	lines := newProgress(&buf, progressLines, 1, clock.now)
	lines.Finish()
	if buf.Len() != 0 {
		t.Errorf("Finish in lines mode wrote %q", buf.String())
	}
}

func TestProgressBarTruncatesLongNamesToWidth(t *testing.T) {
	long := strings.Repeat("committees/planning/", 10) + "kent-minutes.pdf"
	for _, tc := range []struct {
		columns string
		width   int
	}{
		{"", 80},
		{"nonsense", 80},
		{"5", 80}, // too narrow to be a real terminal
		{"120", 120},
		{"40", 40},
	} {
		t.Run("COLUMNS="+tc.columns, func(t *testing.T) {
			t.Setenv("COLUMNS", tc.columns)
			clock := newFakeClock()
			var buf bytes.Buffer
			p := newProgress(&buf, progressBar, 1234, clock.now)
			clock.advance(3 * time.Second)
			for range 1000 {
				p.Done(long, "unchanged", 9)
				clock.advance(time.Second)
			}
			frame := lastFrame(t, buf.String())
			if n := utf8.RuneCountInString(frame); n >= tc.width {
				t.Errorf("frame is %d columns, want under %d: %q", n, tc.width, frame)
			}
			if !strings.Contains(frame, "1000/1234 files") {
				t.Errorf("frame %q lost the counts", frame)
			}
			// The only ellipsis allowed starts the shortened file name.
			if strings.Contains(frame, "…") && !strings.Contains(frame, "  …") {
				t.Errorf("frame %q cuts a field mid-word instead of dropping it", frame)
			}
			if tc.width >= 80 && (!strings.HasSuffix(frame, "kent-minutes.pdf") || !strings.Contains(frame, "…")) {
				t.Errorf("frame %q: want the path cut from the left, keeping the file name", frame)
			}
		})
	}
}

func TestProgressModeFor(t *testing.T) {
	for _, tc := range []struct {
		quiet, terminal bool
		want            progressMode
	}{
		{false, true, progressBar},
		{false, false, progressLines},
		{true, true, progressNone},
		{true, false, progressNone},
	} {
		if got := progressModeFor(tc.quiet, tc.terminal); got != tc.want {
			t.Errorf("progressModeFor(quiet=%v, terminal=%v) = %v, want %v", tc.quiet, tc.terminal, got, tc.want)
		}
	}
}

func TestProgressConcurrentDoneCountsEveryFile(t *testing.T) {
	var buf bytes.Buffer
	const workers, each = 8, 25
	p := newProgress(&buf, progressLines, workers*each, nil)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				p.Done(fmt.Sprintf("w%d/%d.pdf", w, i), "added", 1)
			}
		})
	}
	wg.Wait()

	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		index, _, _ := strings.Cut(line, " ")
		if seen[index] {
			t.Errorf("index %s printed twice", index)
		}
		seen[index] = true
	}
	if len(seen) != workers*each || !seen[fmt.Sprintf("[%d/%d]", workers*each, workers*each)] {
		t.Errorf("got %d distinct progress lines, want %d ending at the total", len(seen), workers*each)
	}
}
