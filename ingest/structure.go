package ingest

import (
	"sync"

	"panelpapers/corpus"
	"panelpapers/ingest/funding"
	"panelpapers/ingest/minutes"
	"panelpapers/ingest/model"
	"panelpapers/ingest/recommend"
)

// typedItems runs the structuring rules over a document's model: agenda
// items, minutes and what they record, reports and recommendations, and
// funding lines. Each rule set lives in its own package and reads only the
// model, built once here, so each can be tested alone; they share no state.
//
// The three rule sets run at once: they only read the model, and on a big
// pack they are most of the time after extraction, which would otherwise
// leave the other cores idle while the batch waits on that one file.
func typedItems(p *corpus.Parsed, d *model.Doc) []corpus.Item {
	var found [3][]corpus.Item
	var panics [3]any
	var wg sync.WaitGroup
	run := func(i int, rules func() []corpus.Item) {
		wg.Go(func() {
			// A panic in a goroutine would kill the process; it is handed
			// to the caller, whose recovery turns it into this file's error.
			defer func() { panics[i] = recover() }()
			found[i] = rules()
		})
	}
	run(0, func() []corpus.Item { return minutes.Extract(d, p.Document.MeetingDate) })
	run(1, func() []corpus.Item { return recommend.Extract(d) })
	run(2, func() []corpus.Item { return funding.Extract(d, p.Document.Body) })
	wg.Wait()
	for _, v := range panics {
		if v != nil {
			panic(v)
		}
	}
	return append(append(found[0], found[1]...), found[2]...)
}
