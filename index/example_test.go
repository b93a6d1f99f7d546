package index_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"panelpapers/corpus"
	"panelpapers/index"
	"panelpapers/search"
)

func ExampleIndex_Search() {
	dir, err := os.MkdirTemp("", "papers-index-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ix, err := index.Open(dir, index.ReadWrite)
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	ctx := context.Background()
	doc := corpus.Document{ID: "9f86d0", Path: "corpus/tvpcp-2018-09-07-minutes.html", Format: corpus.FormatHTML,
		Body: "Thames Valley Police and Crime Panel", MeetingDate: "2018-09-07"}
	out, err := ix.Put(ctx, corpus.Parsed{Document: doc, Items: []corpus.Item{
		{ID: "9f86d0/1", DocID: doc.ID, Kind: corpus.KindMinute, Number: "42/18", Title: "County lines",
			Text: "The Panel RESOLVED to note the report on county lines."},
		{ID: "9f86d0/2", DocID: doc.ID, Kind: corpus.KindFunding, Title: "Grants",
			Text: "£73,547 from the Community Safety Fund for youth diversion."},
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out)

	res, err := ix.Search(ctx, search.Request{Query: `"county lines"`, Kinds: []corpus.Kind{corpus.KindMinute}})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range res.Hits {
		fmt.Println(h.Item.ID, h.Item.Number, h.Document.Body)
		for _, s := range append(h.Highlights["text"], h.Highlights["title"]...) {
			fmt.Println(" ", s)
		}
	}
	// Output:
	// added
	// 9f86d0/1 42/18 Thames Valley Police and Crime Panel
	//   The Panel RESOLVED to note the report on <mark>county</mark> <mark>lines</mark>.
	//   <mark>County</mark> <mark>lines</mark>
}
