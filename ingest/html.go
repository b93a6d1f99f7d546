package ingest

import (
	"errors"

	"panelpapers/corpus"
	"panelpapers/ingest/htmltext"
)

func parseHTML(data []byte) (*corpus.Parsed, error) {
	res, err := htmltext.Read(data)
	if err != nil {
		return nil, err
	}
	if len(res.Lines) == 0 {
		return nil, errors.New("html: no text found")
	}
	p := &corpus.Parsed{
		Document: corpus.Document{Format: corpus.FormatHTML, Title: res.Title, Pages: 1},
		Pages:    []corpus.Page{{Number: 1, Lines: res.Lines}},
	}
	if m := res.Meeting; m != nil {
		p.Document.Body = m.Body
		if !m.Date.IsZero() {
			p.Document.MeetingDate = m.Date.Format("2006-01-02")
		}
	}
	return p, nil
}
