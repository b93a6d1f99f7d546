package ocr

import "testing"

func TestIsBullet(t *testing.T) {
	at := func(x0, x1 float64, text string) hocrWord {
		return hocrWord{box: [4]float64{x0, 100, x1, 140}, conf: 90, text: text}
	}
	const size = 40
	for _, c := range []struct {
		name string
		line hocrLine
		k    int
		want bool
	}{
		{"a disc apart from its text", hocrLine{words: []hocrWord{at(100, 110, "•"), at(160, 300, "Budget")}}, 0, true},
		{"a disc read as e", hocrLine{words: []hocrWord{at(100, 110, "e"), at(160, 300, "Budget")}}, 0, true},
		{"a bullet alone on its line", hocrLine{words: []hocrWord{at(100, 110, "*")}}, 0, true},
		{"a word of one letter, close to the next", hocrLine{words: []hocrWord{at(100, 110, "e"), at(120, 300, "mail")}}, 0, false},
		{"a list's number", hocrLine{words: []hocrWord{at(100, 120, "1."), at(160, 300, "Budget")}}, 0, false},
		{"not first on its line", hocrLine{words: []hocrWord{at(100, 300, "Budget"), at(360, 370, "•")}}, 1, false},
		{"three marks", hocrLine{words: []hocrWord{at(100, 130, "..."), at(190, 300, "Budget")}}, 0, false},
	} {
		if got := c.line.isBullet(c.k, size); got != c.want {
			t.Errorf("%s: isBullet %v, want %v", c.name, got, c.want)
		}
	}
}
