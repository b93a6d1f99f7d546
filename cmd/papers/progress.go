package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// progressMode is how `papers ingest` reports each finished file.
type progressMode int

const (
	// progressBar redraws one status line in place; only for a terminal,
	// where carriage returns and escape codes are understood.
	progressBar progressMode = iota
	// progressLines prints one line per file, which reads well in logs and
	// pipes and is what scripts have always seen.
	progressLines
	// progressNone is --quiet: no per-file output, but warnings and errors
	// still appear because hiding them would lose information.
	progressNone
)

// progressModeFor picks the display: --quiet wins, and the bar is kept out
// of pipes and logs, where its escape codes would be garbage.
func progressModeFor(quiet, terminal bool) progressMode {
	switch {
	case quiet:
		return progressNone
	case terminal:
		return progressBar
	default:
		return progressLines
	}
}

const (
	// redrawInterval caps redraws at about ten a second: a fast batch of
	// small files would otherwise spend its time repainting the terminal.
	redrawInterval = 100 * time.Millisecond
	// etaWarmup is how long to wait before guessing an ETA; the first
	// fraction of a second is dominated by start-up and gives wild guesses.
	etaWarmup = 500 * time.Millisecond

	defaultColumns = 80
	// The bar gives way to the file name on narrow terminals, but never
	// shrinks so far that movement is invisible.
	minBarCells = 10
	maxBarCells = 40
	// nameWanted is the name space the bar yields before it stops
	// shrinking; most paper names fit, and long paths lose their front.
	nameWanted = 30
	// minNameRoom is the least space worth giving the file name; fewer
	// characters than this would be an ellipsis and noise.
	minNameRoom = 8

	carriageReturn = "\r"
	eraseToEOL     = "\x1b[K"
)

// progress reports files finished by `papers ingest`. Once it exists, every
// line for the same writer should go through Printf: in bar mode a direct
// write would be glued onto the end of the bar.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	mode  progressMode
	total int
	now   func() time.Time
	// columns is read once: the bar's width is a matter of looks, and
	// following resizes would need a SIGWINCH handler for little gain.
	columns int

	start    time.Time
	done     int
	pages    int
	lastPath string

	barShown bool // the bar is on screen and must be cleared before other output
	lastDraw time.Time
	finished bool
}

// newProgress starts the clock for rates and ETA. In bar mode it draws the
// empty bar at once, so a slow first file does not look like a hang.
func newProgress(w io.Writer, mode progressMode, total int, now func() time.Time) *progress {
	if now == nil {
		now = time.Now
	}
	p := &progress{w: w, mode: mode, total: total, now: now, columns: terminalColumns()}
	p.start = now()
	if mode == progressBar && total > 0 {
		p.drawBar(p.start)
	}
	return p
}

// terminalColumns trusts $COLUMNS only within bounds a real terminal could
// have; shells export it inconsistently and junk would wreck the layout.
func terminalColumns() int {
	n, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS")))
	if err != nil || n < 20 || n > 1000 {
		return defaultColumns
	}
	return n
}

// Done records one finished file and the pages it contributed.
func (p *progress) Done(path, status string, pages int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.pages += pages
	p.lastPath = path
	switch p.mode {
	case progressLines:
		fmt.Fprintf(p.w, "[%d/%d] %-9s %s\n", p.done, p.total, status, path)
	case progressBar:
		if p.finished {
			return
		}
		now := p.now()
		// The last file is always drawn so the bar never stops short of
		// the total, however quickly the batch ended.
		if p.done >= p.total || !p.barShown || now.Sub(p.lastDraw) >= redrawInterval {
			p.drawBar(now)
		}
	}
}

// Printf prints a warning or error line. It is never throttled or hidden:
// in bar mode the bar is lifted off the line first and put back after.
func (p *progress) Printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	msg := fmt.Sprintf(format, args...)
	if p.mode != progressBar || p.finished {
		io.WriteString(p.w, msg)
		return
	}
	// Without a newline the redrawn bar would overwrite the message.
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	if p.barShown {
		msg = carriageReturn + eraseToEOL + msg
	}
	io.WriteString(p.w, msg)
	p.barShown = false
	if p.total > 0 {
		p.drawBar(p.now())
	}
}

// Finish takes the bar off the screen so the summary starts on a clean line.
// Later Printf calls still print; later Done calls draw nothing.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode == progressBar && p.barShown {
		io.WriteString(p.w, carriageReturn+eraseToEOL)
	}
	p.barShown = false
	p.finished = true
}

// drawBar erases after writing rather than before, so the line never
// flashes blank between frames.
func (p *progress) drawBar(now time.Time) {
	io.WriteString(p.w, carriageReturn+p.barLine(now)+eraseToEOL)
	p.barShown = true
	p.lastDraw = now
}

// barLine stays one column short of the width: writing the last column
// leaves some terminals in a pending-wrap state where \r misbehaves.
func (p *progress) barLine(now time.Time) string {
	elapsed := now.Sub(p.start)
	const prefix = "ingest ["
	limit := p.columns - 1
	counts := fmt.Sprintf("] %d/%d files", p.done, p.total)
	// On a narrow terminal whole fields go, the rate before the ETA, since
	// a figure cut mid-word is worse than none.
	stats := counts
	for _, candidate := range []string{
		counts + "  " + p.pageRate(elapsed) + "  " + p.eta(elapsed),
		counts + "  " + p.eta(elapsed),
	} {
		if len(prefix)+minBarCells+utf8.RuneCountInString(candidate) <= limit {
			stats = candidate
			break
		}
	}
	nameRoom := 0
	if p.lastPath != "" {
		nameRoom = 2 + min(utf8.RuneCountInString(p.lastPath), nameWanted)
	}
	cells := limit - len(prefix) - utf8.RuneCountInString(stats) - nameRoom
	line := prefix + p.barCells(min(max(cells, minBarCells), maxBarCells)) + stats
	room := limit - utf8.RuneCountInString(line) - 2
	if p.lastPath != "" && room >= min(utf8.RuneCountInString(p.lastPath), minNameRoom) {
		line += "  " + truncateLeft(p.lastPath, room)
	}
	return truncateRight(line, limit)
}

func (p *progress) barCells(cells int) string {
	if p.total <= 0 || p.done >= p.total {
		return strings.Repeat("=", cells)
	}
	if p.done == 0 {
		return strings.Repeat(" ", cells)
	}
	filled := p.done * cells / p.total
	// The arrowhead shows movement even before a whole cell is earned.
	return strings.Repeat("=", filled) + ">" + strings.Repeat(" ", cells-filled-1)
}

// pageRate is pages per second over the whole run so far; a whole-run
// average is steadier than a recent window when file sizes vary wildly.
func (p *progress) pageRate(elapsed time.Duration) string {
	if p.done == 0 || elapsed <= 0 {
		return "-- pages/s"
	}
	rate := float64(p.pages) / elapsed.Seconds()
	if rate < 10 {
		return fmt.Sprintf("%.1f pages/s", rate)
	}
	return fmt.Sprintf("%.0f pages/s", rate)
}

// eta extrapolates from files rather than pages: the page count of the
// files still to come is unknown until they are parsed.
func (p *progress) eta(elapsed time.Duration) string {
	if p.done == 0 || elapsed < etaWarmup {
		return "ETA --:--"
	}
	remaining := max(p.total-p.done, 0)
	left := time.Duration(float64(elapsed) * float64(remaining) / float64(p.done))
	return "ETA " + clockDuration(left)
}

// clockDuration formats as m:ss, or h:mm:ss once hours matter.
func clockDuration(d time.Duration) string {
	secs := int64(d.Round(time.Second) / time.Second)
	h, m, s := secs/3600, secs/60%60, secs%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// truncateLeft keeps the end of a path, where the file's own name is.
func truncateLeft(s string, limit int) string {
	n := utf8.RuneCountInString(s)
	if n <= limit {
		return s
	}
	if limit <= 0 {
		return ""
	}
	runes := []rune(s)
	return "…" + string(runes[n-(limit-1):])
}

func truncateRight(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	if limit <= 0 {
		return ""
	}
	return string([]rune(s)[:limit-1]) + "…"
}
