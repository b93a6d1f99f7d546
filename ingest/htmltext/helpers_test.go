package htmltext

import (
	"bytes"
	"testing"

	"golang.org/x/net/html"
)

func mustParse(t *testing.T, data []byte) *html.Node {
	t.Helper()
	text, _, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
