package minutes

import (
	"context"
	"os"
	"testing"

	"panelpapers/ingest/model"
	"panelpapers/ingest/pdftext"
)

func TestDebugExtract(t *testing.T) {
	path := os.Getenv("DEBUG_PDF")
	if path == "" {
		t.Skip("set DEBUG_PDF")
	}
	data, _ := os.ReadFile(path)
	res, _ := pdftext.Extract(context.Background(), data)
	for _, it := range Extract(model.Build(res.Pages), "") {
		t.Logf("%s %s %q %q | %.100s", it.Kind, it.Number, it.Title, it.Person, it.Text)
	}
}

func TestDebugSentences(t *testing.T) {
	s := os.Getenv("FS")
	if s == "" {
		t.Skip()
	}
	sents, _ := model.Sentences(s)
	for _, x := range sents {
		t.Logf("%q agreed=%v decidedInside=%v opens=%v bare=%v", x, agreedSentence.MatchString(x), decidedInside.MatchString(x), opensAgreed.MatchString(x), bareResult.MatchString(x))
	}
}
