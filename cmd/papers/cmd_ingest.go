package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/index/osindex"
	"panelpapers/ingest"
	"panelpapers/search"
)

type ingestOptions struct {
	Index string
	// OpenSearch, when set, is the cluster index to write instead of the
	// directory Index: any number of ingests may write to it at once, from
	// any machine (item and document IDs are deterministic).
	OpenSearch *osindex.Config
	Body       string
	Date       string
	Timeout    time.Duration
	Workers    int
	JSON       bool
	Progress   progressMode
	OCR        ocrOptions
}

func ingestCommand() *cli.Command {
	return &cli.Command{
		Name:      "ingest",
		Usage:     "read papers (PDF, HTML) into the index",
		ArgsUsage: "PATH...",
		Description: "Files and directories (searched recursively for .pdf, .html and .htm). A file that\n" +
			"cannot be read is reported and skipped; the rest go in. Re-ingesting an unchanged file\n" +
			"changes nothing; a changed file at the same path replaces its old items.",
		Flags: append([]cli.Flag{
			indexFlag(),
			&cli.StringFlag{Name: "body", Usage: "the committee or panel, when the papers do not say"},
			&cli.StringFlag{Name: "date", Usage: "meeting date `YYYY-MM-DD`, when the papers do not say"},
			&cli.DurationFlag{Name: "timeout", Value: ingest.DefaultTimeout, Usage: "give up on one document after this long"},
			&cli.IntFlag{Name: "workers", Value: runtime.NumCPU(), Usage: "documents parsed at once"},
			&cli.BoolFlag{Name: "json", Usage: "print the summary as JSON"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress (warnings and errors still print)"},
		}, ocrFlags()...),
		Action: func(c *cli.Context) error {
			if err := rejectFlagsAfterArgs(c); err != nil {
				return err
			}
			if c.NArg() == 0 {
				return usagef("ingest: name at least one file or directory")
			}
			// Reading papers allocates a great deal that dies young (words,
			// lines, blocks, analysed fields) against a small live heap: at
			// the default GOGC the collector took a fifth of ingest's wall
			// time (docs/performance.md).
			tuneGC()
			loc, err := locateIndex(c)
			if err != nil {
				return err
			}
			opts := ingestOptions{
				Index: loc.Path, OpenSearch: loc.OpenSearch, Body: c.String("body"), Date: c.String("date"),
				Timeout: c.Duration("timeout"), Workers: c.Int("workers"),
				JSON: c.Bool("json"), Progress: progressModeFor(c.Bool("quiet"), isTerminal(c.App.ErrWriter)),
				OCR: ocrOptionsOf(c),
			}
			sum, err := runIngest(c.Context, opts, c.App.Writer, c.App.ErrWriter, c.Args().Slice())
			if opts.JSON {
				if jerr := json.NewEncoder(c.App.Writer).Encode(sum); jerr != nil && err == nil {
					err = jerr
				}
			} else if sum.Files > 0 || sum.Failed > 0 {
				fmt.Fprintln(c.App.Writer, sum)
			}
			return err
		},
	}
}

// ingestSummary counts what a batch did.
type ingestSummary struct {
	Files     int `json:"files"`
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
	NeedsOCR  int `json:"needs_ocr"`
	// Copies are the files whose text is another indexed file's (the same
	// pack in another render): stored, but left out of searches.
	Copies int `json:"copies"`
	Pages  int `json:"pages"`
	// OCRPages are the pages read from their images by OCR.
	OCRPages int `json:"ocr_pages"`
	Items    int `json:"items"` // items indexed
	// Duplicates are items dropped because another item of their file has
	// the same text (a passage read as a minute and as a section).
	Duplicates int     `json:"duplicates"`
	Seconds    float64 `json:"seconds"`

	// stopped is set when the batch stopped early because the index could not
	// be written (index.ErrWrite); it is the batch's error.
	stopped error
}

func (s ingestSummary) String() string {
	copies := ""
	if s.Copies > 0 {
		copies = fmt.Sprintf(", %d %s", s.Copies, map[bool]string{true: "copy", false: "copies"}[s.Copies == 1])
	}
	ocrPages := ""
	if s.OCRPages > 0 {
		ocrPages = fmt.Sprintf(", %d read by OCR", s.OCRPages)
	}
	return fmt.Sprintf("%d files: %d added, %d updated, %d unchanged, %d failed, %d needs OCR%s (%d pages%s, %d items, %.1fs)",
		s.Files, s.Added, s.Updated, s.Unchanged, s.Failed, s.NeedsOCR, copies, s.Pages, ocrPages, s.Items, s.Seconds)
}

// parsedFile is one file's parse result on its way to the index writer.
type parsedFile struct {
	path   string
	parsed *corpus.Parsed
	err    error
}

// ingestReporter hears about each file of a batch as it is written: the
// progress display on a terminal, or the event stream of a server ingest.
type ingestReporter interface {
	Done(path, status string, pages int)
	Printf(format string, args ...any)
}

// runIngest ingests the files and folders in paths. When a papers server
// holds the index, the files are handed to it (it reads them itself);
// otherwise the index is opened for writing here.
func runIngest(ctx context.Context, opts ingestOptions, stdout, stderr io.Writer, paths []string) (ingestSummary, error) {
	iopts, err := toIngestOptions(opts.Body, opts.Date)
	if err != nil {
		return ingestSummary{}, err
	}
	iopts.Timeout = opts.Timeout
	if opts.OpenSearch == nil {
		if client := runningServer(ctx, opts.Index); client != nil {
			return ingestThroughServer(ctx, client, opts, stderr, paths)
		}
	}
	setup, err := newOCR(opts.OCR)
	if err != nil {
		return ingestSummary{}, err
	}
	iopts.OCR = setup.engine

	start := time.Now()
	files, problems := ingest.Collect(paths)
	ix, err := openForWriting(ctx, indexLocation{Path: opts.Index, OpenSearch: opts.OpenSearch})
	if err != nil {
		return ingestSummary{Files: len(files) + len(problems), Failed: len(problems)}, err
	}
	defer ix.Close()
	prog := newProgress(stderr, opts.Progress, len(files), nil)
	sum := ingestInto(ctx, ix, files, problems, iopts, opts.Workers, prog)
	prog.Finish()
	if sum.NeedsOCR > 0 && setup.hint() != "" {
		fmt.Fprintf(stderr, "papers: %s\n", setup.hint())
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, sum.err(ctx)
}

// err is the batch's outcome as an error: interrupted, or how many failed.
func (s ingestSummary) err(ctx context.Context) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if s.stopped != nil {
		return s.stopped
	}
	if s.Failed > 0 {
		return fmt.Errorf("%d of %d files failed", s.Failed, s.Files)
	}
	return nil
}

// Files are written in groups (index.PutAll), up to these limits: a Bleve
// batch has a fixed cost, which for short papers was most of their ingest
// time. A group of several files stays within maxGroupItems, so that it is
// one Bleve batch (index's batchMaxDocs), written whole or not at all. The writer waits up to groupWait for another parsed file before it
// writes what it has. Each write is a new Bleve segment, and Bleve's merge
// planner lets an index smaller than 2,000 records keep only one: every new
// segment was merged with all the ones before it, a fifth of the CPU of an
// ingest of the shared papers. Waiting made that ingest's CPU time about a
// fifth less (0.97-1.24 s -> 0.78-0.84 s, 6-9 segments -> 2).
const (
	maxGroupFiles = 32
	maxGroupItems = 2000
	groupWait     = 100 * time.Millisecond
	// A group this big is written without waiting for more: its batch's
	// fixed cost is paid already, and the parsers carry on meanwhile.
	fullGroupItems = 400
)

// ingestInto parses files in parallel and writes them to ix from this
// goroutine as they are parsed, so the index has a single writer. The files
// parsed while a write was going on are written together. problems are
// paths Collect could not read; they count as failed.
func ingestInto(ctx context.Context, ix index.Store, files []string, problems []error, iopts ingest.Options, workers int, rep ingestReporter) ingestSummary {
	var sum ingestSummary
	for _, p := range problems {
		rep.Printf("papers: %v\n", p)
	}
	sum.Failed += len(problems)
	sum.Files = len(files) + len(problems)

	// A file whose content is in the index already is not parsed again,
	// unless it has pages that need OCR and OCR can now read them.
	iopts.Known = func(id string) bool {
		known, err := ix.HasDocument(id)
		if err != nil || !known {
			return false
		}
		if iopts.OCR == nil {
			return true
		}
		d, err := ix.Document(ctx, id)
		return err != nil || !d.NeedsOCR
	}
	// stop ends the parsers too when the batch stops early (see below).
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	ahead := newPageBudget(aheadPages)
	results := parseAll(pctx, files, iopts, max(1, workers), ahead)
	taken, written := 0, 0 // files taken from results, and handed to writeGroup
	var held *parsedFile   // taken, but too big to join its group: it starts the next
	wait := time.NewTimer(groupWait)
	defer wait.Stop()
	for taken < len(files) || held != nil {
		var group []parsedFile
		if held != nil {
			group, held = append(group, *held), nil
		} else {
			select {
			case res := <-results:
				group = append(group, res)
				taken++
			case <-ctx.Done():
				return sum
			}
		}
		items := len(group[0].items())
	more:
		for taken < len(files) && len(group) < maxGroupFiles && items < fullGroupItems {
			wait.Reset(groupWait)
			select {
			case res := <-results:
				taken++
				if items+len(res.items()) > maxGroupItems {
					held = &res
					break more
				}
				group = append(group, res)
				items += len(res.items())
			case <-wait.C:
				break more
			case <-ctx.Done():
				break more // the write sees the cancellation and reports it
			}
		}
		if stopped := writeGroup(ctx, ix, group, rep, &sum); stopped != nil {
			sum.stopped = fmt.Errorf("stopped at file %d of %d: %w\n"+
				"the files before are in the index; make room (or make the index writable), then run the same ingest again",
				written+1, len(files), stopped)
			return sum
		}
		written += len(group)
		for _, res := range group {
			ahead.release(res.pages())
		}
	}
	return sum
}

// pages is the file's weight against the parsers' look-ahead: at least
// one, so that files that failed or hold no pages are counted too.
func (f parsedFile) pages() int {
	if f.parsed == nil {
		return 1
	}
	return max(1, len(f.parsed.Pages))
}

func (f parsedFile) items() []corpus.Item {
	if f.parsed == nil {
		return nil
	}
	return f.parsed.Items
}

// writeGroup writes the files of group that parsed, reports each file and
// counts it in sum. It returns an error wrapping index.ErrWrite when the
// disk is full or the file system went read-only: not the files' fault,
// and every later file would be parsed only to fail the same way (once per
// file on the terminal), so the batch stops. index.PutAll leaves no half
// document, and a re-run skips the files stored before.
func writeGroup(ctx context.Context, ix index.Store, group []parsedFile, rep ingestReporter, sum *ingestSummary) error {
	var parsed []parsedFile
	for _, res := range group {
		switch {
		case errors.Is(res.err, ingest.ErrKnown):
			sum.Unchanged++
			rep.Done(res.path, string(index.Unchanged), 0)
		case res.err != nil && !errors.Is(res.err, ingest.ErrNeedsOCR):
			sum.Failed++
			rep.Printf("papers: %v\n", res.err)
			rep.Done(res.path, "failed", 0)
		default:
			for _, w := range res.parsed.Warnings {
				rep.Printf("papers: warning: %s: %s\n", res.path, w)
			}
			parsed = append(parsed, res)
		}
	}
	if len(parsed) == 0 {
		return nil
	}
	docs := make([]corpus.Parsed, len(parsed))
	for i, res := range parsed {
		docs[i] = *res.parsed
	}
	outcomes, err := ix.PutAll(ctx, docs)
	if err != nil && !errors.Is(err, index.ErrWrite) && len(docs) > 1 {
		// One document's fault, most likely: write them one by one, so
		// only that one fails.
		outcomes, err = make([]index.Outcome, len(docs)), nil
		for i, res := range parsed {
			o, perr := ix.Put(ctx, docs[i])
			if perr != nil {
				if errors.Is(perr, index.ErrWrite) {
					err = perr
					parsed = parsed[i:]
					break
				}
				sum.Failed++
				rep.Printf("papers: ingest %s: %v\n", res.path, perr)
				rep.Done(res.path, "failed", 0)
				continue
			}
			outcomes[i] = o
			countStored(ctx, ix, res, o, rep, sum)
		}
		if err == nil {
			return nil
		}
	}
	if err != nil {
		for _, res := range parsed {
			sum.Failed++
			rep.Done(res.path, "failed", 0)
		}
		if errors.Is(err, index.ErrWrite) {
			names := parsed[0].path
			if len(parsed) > 1 {
				names = fmt.Sprintf("%s and the %d read with it", names, len(parsed)-1)
			}
			return fmt.Errorf("%s, not in the index: %w", names, err)
		}
		rep.Printf("papers: ingest %s: %v\n", parsed[0].path, err)
		return nil
	}
	for i, res := range parsed {
		countStored(ctx, ix, res, outcomes[i], rep, sum)
	}
	return nil
}

// countStored reports a file written with outcome o and counts it in sum.
func countStored(ctx context.Context, ix index.Store, res parsedFile, o index.Outcome, rep ingestReporter, sum *ingestSummary) {
	if res.parsed.Document.NeedsOCR {
		sum.NeedsOCR++
		rep.Printf("papers: warning: %s: needs OCR: no text layer; listed but not searchable\n", res.path)
	}
	if o == index.Added || o == index.Updated {
		orig, isCopy, err := ix.Original(ctx, res.parsed.Document.ID)
		if err != nil {
			rep.Printf("papers: warning: %s: %v\n", res.path, err)
		}
		if isCopy {
			sum.Copies++
			rep.Printf("papers: warning: %s is a copy of %s (the same text): left out of searches, facets, totals and exports unless copies are asked for\n",
				res.path, orig.Path)
		}
	}
	switch o {
	case index.Added:
		sum.Added++
	case index.Updated:
		sum.Updated++
	default:
		sum.Unchanged++
	}
	sum.Pages += res.parsed.Document.Pages
	if o != index.Unchanged {
		sum.OCRPages += res.parsed.Document.OCRPages
	}
	indexed := index.IndexedItems(res.parsed.Items)
	sum.Items += indexed
	sum.Duplicates += len(res.parsed.Items) - indexed
	rep.Done(res.path, string(o), res.parsed.Document.Pages)
}

// ingestThroughServer hands the batch to the running server. Paths are made
// absolute here, because the server's working directory is not ours.
func ingestThroughServer(ctx context.Context, client *search.Client, opts ingestOptions, stderr io.Writer, paths []string) (ingestSummary, error) {
	start := time.Now()
	req := search.IngestRequest{Body: opts.Body, Date: opts.Date}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return ingestSummary{}, fmt.Errorf("ingest %s: %w", p, err)
		}
		req.Paths = append(req.Paths, abs)
	}
	var sum ingestSummary
	var prog *progress
	var serverErr error
	err := client.Ingest(ctx, req, func(ev search.IngestEvent) {
		if prog == nil {
			prog = newProgress(stderr, opts.Progress, ev.Total, nil)
		}
		switch ev.Type {
		case "file":
			prog.Done(ev.Path, ev.Status, ev.Pages)
		case "warning":
			prog.Printf("papers: %s\n", ev.Message)
		case "error":
			if ev.Path == "" {
				serverErr = errors.New(ev.Message)
			}
			prog.Printf("papers: %s\n", ev.Message)
		case "summary":
			_ = json.Unmarshal(ev.Summary, &sum)
		}
	})
	if prog != nil {
		prog.Finish()
	}
	sum.Seconds = time.Since(start).Seconds()
	if err != nil {
		return sum, fmt.Errorf("ingest through the running server: %w", err)
	}
	if serverErr != nil {
		return sum, fmt.Errorf("ingest through the running server: %w", serverErr)
	}
	return sum, sum.err(ctx)
}

// eventReporter turns a batch's progress into the server's ingest events.
type eventReporter struct {
	emit  func(search.IngestEvent)
	done  int
	total int
}

func (r *eventReporter) Done(path, status string, pages int) {
	r.done++
	r.emit(search.IngestEvent{Type: "file", Path: path, Status: status, Pages: pages, Done: r.done, Total: r.total})
}

func (r *eventReporter) Printf(format string, args ...any) {
	msg := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf(format, args...), "papers: "), "\n")
	typ := "error"
	if rest, ok := strings.CutPrefix(msg, "warning: "); ok {
		typ, msg = "warning", rest
	}
	r.emit(search.IngestEvent{Type: typ, Message: msg, Total: r.total})
}

// serverIngester is the running server's side of ingestThroughServer.
func serverIngester(ix index.Store, workers int, timeout time.Duration, setup ocrSetup) search.Ingester {
	return func(ctx context.Context, req search.IngestRequest, emit func(search.IngestEvent)) error {
		start := time.Now()
		iopts, err := toIngestOptions(req.Body, req.Date)
		if err != nil {
			return err
		}
		iopts.Timeout = timeout
		iopts.OCR = setup.engine
		files, problems := ingest.Collect(req.Paths)
		rep := &eventReporter{emit: emit, total: len(files)}
		emit(search.IngestEvent{Type: "start", Total: len(files)})
		sum := ingestInto(ctx, ix, files, problems, iopts, workers, rep)
		if sum.NeedsOCR > 0 && setup.hint() != "" {
			rep.Printf("papers: warning: %s\n", setup.hint())
		}
		sum.Seconds = time.Since(start).Seconds()
		b, err := json.Marshal(sum)
		if err != nil {
			return err
		}
		emit(search.IngestEvent{Type: "summary", Summary: b, Total: len(files)})
		if sum.stopped != nil {
			return sum.stopped // an error event: the client exits 1 with it
		}
		return ctx.Err()
	}
}

// parseAll starts workers that parse files; each file's result arrives on
// the channel as soon as it is parsed, whatever the order of the files, so
// one huge pack does not hold up the indexing of the files after it. The
// workers run ahead of the writer while the parsed files waiting to be
// written hold fewer than aheadPages pages: a worker that waited for its
// result to be taken left a core idle whenever the writer was busy, and
// the last files' write then ran alone after the parsing. The writer gives
// a file's pages back (ahead.release) once it is written. Until ctx ends,
// exactly len(files) results arrive; after, the workers stop.
func parseAll(ctx context.Context, files []string, opts ingest.Options, workers int, ahead *pageBudget) <-chan parsedFile {
	results := make(chan parsedFile, min(len(files), 256))
	jobs := make(chan int)
	for range min(workers, max(1, len(files))) {
		go func() {
			for i := range jobs {
				p, err := ingest.File(ctx, files[i], opts)
				res := parsedFile{path: files[i], parsed: p, err: err}
				if !ahead.acquire(ctx, res.pages()) {
					return
				}
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range files {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return results
}

// aheadPages bounds the parsed pages waiting for the writer: a few big
// packs' worth, so a batch of them does not pile up in memory when the
// index is the slower side.
const aheadPages = 1000

// pageBudget counts the pages of parsed files not yet written. A file
// bigger than the whole budget still goes through, alone.
type pageBudget struct {
	mu   sync.Mutex
	cond *sync.Cond
	left int
	size int
}

func newPageBudget(pages int) *pageBudget {
	b := &pageBudget{left: pages, size: pages}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// acquire waits until n pages (at most the whole budget) are free, and
// takes them. It reports false if ctx ended first.
func (b *pageBudget) acquire(ctx context.Context, n int) bool {
	n = min(n, b.size)
	stop := context.AfterFunc(ctx, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.cond.Broadcast()
	})
	defer stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.left < n {
		if ctx.Err() != nil {
			return false
		}
		b.cond.Wait()
	}
	b.left -= n
	return true
}

func (b *pageBudget) release(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.left += min(n, b.size)
	b.cond.Broadcast()
}

// isTerminal reports whether w is a character device (a terminal), so
// progress is shown to people and kept out of pipes and logs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// rejectFlagsAfterArgs catches "papers search flood --limit 5": urfave/cli
// stops reading flags at the first argument and would search for "--limit".
func rejectFlagsAfterArgs(c *cli.Context) error {
	known := map[string]bool{}
	for _, f := range c.Command.Flags {
		for _, name := range f.Names() {
			known[name] = true
		}
	}
	for _, a := range c.Args().Slice() {
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && known[name] {
			return usagef("%s: flag %s after an argument; put flags first (papers %s [flags] ARGS)", c.Command.Name, a, c.Command.Name)
		}
	}
	return nil
}
