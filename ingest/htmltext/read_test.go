package htmltext

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"panelpapers/ingest/layout"

	"github.com/google/go-cmp/cmp"
)

func readFile(t *testing.T, path string) *Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(data)
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return res
}

func allText(res *Result) string {
	var b strings.Builder
	b.WriteString(res.Title)
	for _, l := range res.Lines {
		b.WriteString("\n")
		b.WriteString(l.Text)
	}
	return b.String()
}

// mojibake are the signs of text decoded in the wrong charset.
var mojibake = []string{"\uFFFD", "Â£", "â€", "Ã", "\u0093", "\u0094", "¤"}

func checkClean(t *testing.T, text string) {
	t.Helper()
	for _, bad := range mojibake {
		if strings.Contains(text, bad) {
			t.Errorf("text contains %q (wrong decoding):\n%s", bad, text)
		}
	}
}

func TestReadCharsets(t *testing.T) {
	tests := []struct {
		file    string
		charset string
		want    []string // substrings of the title and lines
	}{
		{"utf8-meta-after-1024.html", "utf-8", []string{"Cabinet – 30 January 2025 – Minutes", "“Pothole Blitz” had cost £1,200,000 – more", "the Council’s reserves stand at £38.4m."}},
		{"windows-1252.html", "windows-1252", []string{"Finance Committee – 4 March 2019", "from the “Village Hall Committee” for £250 towards", "the Chairman’s casting vote"}},
		{"latin9-meta-after-1024.html", "iso-8859-15", []string{"European fund was €40,000"}},
		{"utf8-bom.html", "utf-8", []string{"Planning Committee – 12 June 2019", "“Land at Mill Lane” – approved; fee £462."}},
		{"wrong-charset.html", "windows-1252", []string{"Grass cutting £1,450.00; “Best Kept Village” entry £25."}},
		{"utf16le-bom.html", "utf-16le", []string{"Audit Committee", "Internal audit fee: £12,500 for 2019/20."}},
		{"word-minutes.html", "windows-1252", []string{"Tintern Community Council – Minutes", "“Wye Valley Walkers”\tDonation\t£50.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res := readFile(t, filepath.Join("testdata", tt.file))
			if res.Charset != tt.charset {
				t.Errorf("Charset = %q, want %q", res.Charset, tt.charset)
			}
			text := allText(res)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
			checkClean(t, text)
			if strings.HasPrefix(text, "\uFEFF") || strings.Contains(text, "\uFEFF") {
				t.Errorf("BOM left in text")
			}
		})
	}
}

func TestDecodeDeclaredAfter1024(t *testing.T) {
	// The declaration sits past the 1024 bytes x/net/html/charset prescans:
	// only a whole-head scan finds it (windows-1252 would give "¤40,000").
	data, err := os.ReadFile("testdata/latin9-meta-after-1024.html")
	if err != nil {
		t.Fatal(err)
	}
	if i := strings.Index(string(data), "iso-8859-15"); i < 1024 {
		t.Fatalf("test file's declaration is at byte %d, want past 1024", i)
	}
	if got := declaredCharset(data); got != "iso-8859-15" {
		t.Errorf("declaredCharset = %q", got)
	}
}

func TestReadNotHTML(t *testing.T) {
	data, err := os.ReadFile("testdata/junk.html")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(data)
	if !IsNotHTML(err) || res != nil {
		t.Errorf("Read(junk) = %v, %v; want nil, ErrNotHTML", res, err)
	}
	for _, in := range []string{"", "   \n", "<html></html>"} {
		res, err := Read([]byte(in))
		if err != nil || res == nil || len(res.Lines) != 0 || res.Meeting != nil {
			t.Errorf("Read(%q) = %+v, %v; want an empty result", in, res, err)
		}
	}
	// Truncated and malformed markup is read, not refused.
	res, err = Read([]byte("<p>Item 1 <b>unclosed <table><tr><td>cell"))
	if err != nil || !strings.Contains(allText(res), "cell") {
		t.Errorf("Read(malformed) = %v, %v", res, err)
	}
}

func TestReadDeepNesting(t *testing.T) {
	const depth = 10000
	for _, tag := range []string{"div", "span", "b", "table><tr><td", "ul><li"} {
		t.Run(tag, func(t *testing.T) {
			open := "<" + tag + ">"
			closeTag := ""
			for _, part := range strings.Split(tag, "><") {
				closeTag = "</" + part + ">" + closeTag
			}
			html := "<html><head><title>Deep</title></head><body><p>Before</p>" +
				strings.Repeat(open, depth) + "Deep text" + strings.Repeat(closeTag, depth) +
				"<p>After</p></body></html>"
			done := make(chan struct{})
			var res *Result
			var err error
			start := time.Now()
			go func() {
				defer close(done)
				res, err = Read([]byte(html))
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("Read did not finish in 20s")
			}
			if err != nil {
				t.Fatal(err)
			}
			text := allText(res)
			for _, w := range []string{"Deep", "Before", "Deep text", "After"} {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in %q", w, text)
				}
			}
			t.Logf("%s x%d: %d lines in %v", tag, depth, len(res.Lines), time.Since(start))
		})
	}
}

type lineView struct {
	Text  string
	Cells []string
	Bold  bool
	Level int
	Block int
}

func view(ls []layout.Line) []lineView {
	out := make([]lineView, len(ls))
	for i, l := range ls {
		out[i] = lineView{l.Text, l.Cells, l.Bold, l.Level, l.Block}
	}
	return out
}

func TestReadWordMinutes(t *testing.T) {
	res := readFile(t, "testdata/word-minutes.html")
	want := []lineView{
		{Text: "TINTERN COMMUNITY COUNCIL", Bold: true, Block: 1},
		{Text: "Minutes of the meeting held on Monday 21st October 2019 at 7.30pm", Bold: true, Block: 2},
		{Text: "Present: Cllrs A Jones (Chair), B Smith, C Davies.", Block: 3},
		{Text: "101/19 Payments", Bold: true, Block: 4},
		{Text: "The following payments were approved:", Block: 5},
		{Text: "Payee\tPurpose\tAmount", Cells: []string{"Payee", "Purpose", "Amount"}, Bold: true, Block: 6},
		{Text: "Tintern Village Hall\tHall hire (April – September)\t£120.00", Cells: []string{"Tintern Village Hall", "Hall hire (April – September)", "£120.00"}, Block: 7},
		{Text: "“Wye Valley Walkers”\tDonation\t£50.00", Cells: []string{"“Wye Valley Walkers”", "Donation", "£50.00"}, Block: 8},
		{Text: "102/19 Footpaths", Bold: true, Block: 9},
		{Text: "The stile on footpath 12 is broken.", Block: 10},                                 // Symbol bullet dropped
		{Text: "The Clerk will write to the County Council’s Rights of Way officer.", Block: 11}, // "o" bullet dropped
		{Text: "RESOLVED:", Bold: true, Block: 12},
		{Text: "1. That the Clerk reports the broken stile.", Block: 13}, // list number kept
		{Text: "2. That £200 be set aside for footpath repairs.", Block: 14},
		{Text: "The meeting closed at 9.05pm.", Block: 15},
		// the display:none paragraph is gone
	}
	if diff := cmp.Diff(want, view(res.Lines)); diff != "" {
		t.Errorf("lines mismatch (-want +got):\n%s", diff)
	}
	if res.Meeting != nil {
		t.Errorf("Meeting = %+v, want nil for a Word document", res.Meeting)
	}
}

func TestReadPlainMinutes(t *testing.T) {
	data, err := os.ReadFile("testdata/plain-minutes.html")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if res.Title != "Minutes of the Licensing Committee, 12 March 2020" {
		t.Errorf("Title = %q", res.Title)
	}
	text := allText(res)
	for _, chrome := range []string{"Skip to", "Anytown District Council", "Council and democracy", "Search", "©", "pageview"} {
		if strings.Contains(text, chrome) {
			t.Errorf("chrome %q kept", chrome)
		}
	}
	want := []lineView{
		{Text: "Licensing Committee", Level: 1, Block: 1},
		{Text: "Minutes of a meeting held on Thursday, 12th March 2020 at 2pm in the Council Chamber.", Block: 2},
		{Text: "Present: Councillors Brown (Chair), Green and White.", Block: 3},
		{Text: "23. Minutes", Level: 2, Block: 4},
		{Text: "The minutes of the meeting held on 13 February 2020 were approved as a correct record.", Block: 5},
		{Text: "24. Review of Taxi Licensing Policy", Level: 2, Block: 6},
		{Text: "The Licensing Manager presented the report.", Block: 7},
		{Text: "Members asked about the cost of the new vehicle checks.", Block: 7}, // <br>: same block
		{Text: "RESOLVED: (1) That the revised policy be approved; (2) That the fee be set at £45.00 per vehicle; and (3) That the policy be reviewed in 2022.", Block: 8},
		{Text: "25. Street Trading Consent", Level: 2, Block: 9},
		{Text: "The Committee considered an application for a street trading consent in the High Street.", Block: 10},
		{Text: "RESOLVED", Bold: true, Block: 11},
		{Text: "That the consent be granted for twelve months.", Block: 12},
		{Text: "That trading hours be 8am to 6pm.", Block: 13},
		{Text: "Councillor Green asked that her vote against be recorded.", Block: 14},
		{Text: "26. Any Other Business", Level: 2, Block: 15},
		{Text: "It was AGREED that the next meeting would be held on 9 April 2020 at 10:30 am.", Block: 16},
		{Text: "The meeting ended at 15.20 hours.", Block: 17},
	}
	if diff := cmp.Diff(want, view(res.Lines)); diff != "" {
		t.Errorf("lines mismatch (-want +got):\n%s", diff)
	}
}

func TestReadStructure(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []lineView
	}{
		{"br splits, blocks count", `<p>a<br>b</p><p>c</p><div>d<p>e</p>f</div>`, []lineView{
			{Text: "a", Block: 1}, {Text: "b", Block: 1}, {Text: "c", Block: 2},
			{Text: "d", Block: 3}, {Text: "e", Block: 4}, {Text: "f", Block: 5}}},
		{"headings and whitespace", "<h3>  Item\n\t 4 </h3><h6>x&nbsp;&amp;&nbsp;y</h6>", []lineView{
			{Text: "Item 4", Level: 3, Block: 1}, {Text: "x & y", Level: 6, Block: 2}}},
		{"bold whole line only", `<p><b>All</b> <strong>bold</strong></p><p><b>Part</b> plain</p><p><span style="font-weight: 700">Word bold</span></p><p><b>x <span style="font-weight:normal">y</span></b></p>`, []lineView{
			{Text: "All bold", Bold: true, Block: 1}, {Text: "Part plain", Block: 2},
			{Text: "Word bold", Bold: true, Block: 3}, {Text: "x y", Block: 4}}},
		{"inline elements join", `<p>Coun<span>cil</span>lor <a href="x">Smith</a>’s</p>`, []lineView{
			{Text: "Councillor Smith’s", Block: 1}}},
		{"lists", `<ul><li>one</li><li>two<ul><li>two.a</li></ul></li></ul>`, []lineView{
			{Text: "one", Block: 1}, {Text: "two", Block: 2}, {Text: "two.a", Block: 3}}},
		{"table rows and empty cells", `<table><tr><th>Grant</th><th>£</th></tr><tr><td><p>Scouts</p><p>(camp)</p></td><td>500</td></tr><tr><td></td><td> </td></tr><tr><td>Total</td><td></td></tr></table>`, []lineView{
			{Text: "Grant\t£", Cells: []string{"Grant", "£"}, Block: 1},
			{Text: "Scouts (camp)\t500", Cells: []string{"Scouts (camp)", "500"}, Block: 2},
			{Text: "Total\t", Cells: []string{"Total", ""}, Block: 3}}},
		{"layout table read as blocks", `<table><tr><td><h2>Minutes</h2><p>Para one.</p></td></tr></table>`, []lineView{
			{Text: "Minutes", Level: 2, Block: 1}, {Text: "Para one.", Block: 2}}},
		{"single-cell row is a plain line", `<table><tr><td>Only cell</td></tr></table>`, []lineView{
			{Text: "Only cell", Block: 1}}},
		{"invisible characters", "<p>soft\u00adhyphen zero\u200bwidth</p>", []lineView{
			{Text: "softhyphen zerowidth", Block: 1}}},
		{"pre keeps lines", "<pre>line one\n  line two</pre>", []lineView{
			{Text: "line one", Block: 1}, {Text: "line two", Block: 1}}},
		{"word conditional comments", `<p class=MsoNormal><!--[if gte mso 9]><xml><o:x>junk</o:x></xml><![endif]-->Text<o:p>&nbsp;</o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>`, []lineView{
			{Text: "Text", Block: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, view(res.Lines)); diff != "" {
				t.Errorf("lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadChromeConservative(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		keep, drop []string
	}{
		{"page chrome", `<body><div id="header">Site name</div><nav>Menu</nav><div class="breadcrumb">Home &gt; Meetings</div><a href="#c" class="x">Skip to content</a><p>Body text</p><div id="footer">Footer</div><footer>Legal</footer><script>x()</script><style>p{}</style><noscript>Enable JS</noscript><button>Print</button><form action="/search"><input name="q"> Search</form><span class="sr-only">(opens new window)</span><p hidden>Hidden</p><p style="display: none">None</p></body>`,
			[]string{"Body text"}, []string{"Site name", "Menu", "Home", "Skip", "Footer", "Legal", "x()", "p{}", "Enable JS", "Print", "Search", "opens", "Hidden", "None"}},
		{"header inside article is content", `<article><header><h2>Report of the Chief Executive</h2></header><p>Text</p><footer>Author: J Smith</footer></article>`,
			[]string{"Report of the Chief Executive", "Text", "Author: J Smith"}, nil},
		{"whole-page form is content", `<form id="aspnetForm" action="x"><input type="hidden" value="VIEWSTATE"><h1>Agenda</h1><p>Item text</p></form>`,
			[]string{"Agenda", "Item text"}, []string{"VIEWSTATE"}},
		{"misnamed wrapper with the page in it", `<div class="header"><h1>Minutes</h1><p>Content</p></div>`,
			[]string{"Minutes", "Content"}, nil},
		{"body class is not chrome", `<body class="header"><p>Content</p></body>`, []string{"Content"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Read([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			text := allText(res)
			for _, k := range tt.keep {
				if !strings.Contains(text, k) {
					t.Errorf("dropped %q; got %q", k, text)
				}
			}
			for _, d := range tt.drop {
				if strings.Contains(text, d) {
					t.Errorf("kept chrome %q; got %q", d, text)
				}
			}
		})
	}
}

func TestReadTitle(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<title> Agenda \n for Cabinet </title><h1>Other</h1>", "Agenda for Cabinet"},
		{"<body><h2>Sub</h2><h1>Main heading</h1></body>", "Main heading"},
		{"<p>No title</p>", ""},
	} {
		res, err := Read([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if res.Title != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.in, res.Title, tt.want)
		}
	}
}

func TestReadNeverPanics(t *testing.T) {
	// Odd inputs from the wild: each must return without panicking.
	inputs := []string{
		"<", "<html", "<!--", "<![if !supportLists]>", "<table><td><table><td>", "<svg><p>x</svg>",
		"<meta charset=\"bogus\">\x93\x94", "<meta charset=utf-16>\xa3", "\xfe\xff\x00<\x00p", "\xff\xfe<\x00",
		"<select><option>a<table><tr><td>b", "<frameset><frame>", "<p>" + strings.Repeat("<b><i>", 600),
	}
	for i, in := range inputs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if _, err := Read([]byte(in)); err != nil && !IsNotHTML(err) {
				t.Errorf("Read(%q): %v", in, err) // a recovered panic shows up here
			}
		})
	}
	// Every test page cut short at many points, and with bytes flipped.
	files, _ := filepath.Glob("testdata/*.html")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for cut := 0; cut < len(data); cut += 61 {
			if _, err := Read(data[:cut]); err != nil && !IsNotHTML(err) {
				t.Errorf("Read(%s[:%d]): %v", f, cut, err)
			}
			flipped := append([]byte(nil), data...)
			flipped[cut] ^= 0x80
			if _, err := Read(flipped); err != nil && !IsNotHTML(err) {
				t.Errorf("Read(%s with byte %d flipped): %v", f, cut, err)
			}
		}
	}
}
