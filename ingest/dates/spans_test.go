package dates

import (
	"reflect"
	"strings"
	"testing"
)

var spanSeeds = []string{
	"Wedneſday, Septembeſ 16, 2018", "Wedneſday., ſeptember. 16, 2018", "Wedneſday., September. 16, 2018", "WEDNESDAY.,   \n\t SEPTEMBER.   16th,\r\n2018", "Wednesday, Sept. 16 2018 and ſaturday, 3rd of ſeptember, 2019",
	"the meeting on Thursday\n\n\n\n16\n\nNovember\n\n2018 at noon", "x16 November 2018", "(16-Nov-18)", "£16/11/2018", "1.16.11.2018",
	"2018-11-16T10:00 and 2018-11-16", "Friday 16 November 2018", "a b c d e f g h i j k l m n o p q r s t u v w x y z 16 November 2018",
	strings.Repeat("word ", 30) + "Wednesday, September " + strings.Repeat(" ", 40) + "16, 2018" + strings.Repeat(" filler", 30),
	strings.Repeat("abcdefghij", 5) + " 3/3/20 " + strings.Repeat("abcdefghij", 5), "Monday 1 January 2018, 2 February 2019 and 2019-03-03",
}

// TestSpansHoldEveryDate: the expressions find in dateSpans what they find
// in the whole text.
func TestSpansHoldEveryDate(t *testing.T) {
	texts := append(append([]string(nil), spanSeeds...), dateSeeds...)
	texts = append(texts, strings.Join(dateSeeds, " lorem ipsum dolor sit amet, consectetur adipiscing elit "))
	for _, s := range texts {
		checkSpans(t, s)
	}
}

func checkSpans(t *testing.T, s string) {
	for _, loose := range []bool{false, true} {
		want := findIn(s, loose, [][2]int{{0, len(s)}})
		if got := findIn(s, loose, dateSpans(s)); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q (loose %v): in spans %v, in the whole text %v", s, loose, got, want)
		}
	}
}

func FuzzSpans(f *testing.F) {
	for _, s := range append(spanSeeds, dateSeeds...) {
		f.Add(s)
	}
	f.Fuzz(checkSpans)
}
