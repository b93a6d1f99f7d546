package ingest

import (
	"errors"

	"panelpapers/corpus"
	"panelpapers/ingest/htmltext"
	"panelpapers/ingest/layout"
)

func parseHTML(data []byte) (*corpus.Parsed, []layout.Page, error) {
	res, err := htmltext.Read(data)
	if err != nil {
		return nil, nil, err
	}
	if len(res.Lines) == 0 {
		return nil, nil, errors.New("html: no text found")
	}
	p := &corpus.Parsed{
		Document: corpus.Document{Format: corpus.FormatHTML, Title: res.Title, Pages: 1},
	}
	if m := res.Meeting; m != nil {
		p.Document.Body = m.Body
		if !m.Date.IsZero() {
			p.Document.MeetingDate = m.Date.Format("2006-01-02")
		}
	}
	return p, []layout.Page{{Number: 1, Lines: res.Lines}}, nil
}
