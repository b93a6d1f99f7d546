package recommend

// Helvetica/Arial advance widths (per 1000 em) for ASCII; Liberation Sans and
// Arial share them. Used only to find where a text line that ran across a
// table's column edge should be cut, so an approximation is enough.
var helv = map[rune]float64{
	' ': 278, '!': 278, '"': 355, '#': 556, '$': 556, '%': 889, '&': 667, '\'': 191, '(': 333, ')': 333,
	'*': 389, '+': 584, ',': 278, '-': 333, '.': 278, '/': 278, ':': 278, ';': 278, '?': 556, '@': 1015,
	'A': 667, 'B': 667, 'C': 722, 'D': 722, 'E': 667, 'F': 611, 'G': 778, 'H': 722, 'I': 278, 'J': 500,
	'K': 667, 'L': 556, 'M': 833, 'N': 722, 'O': 778, 'P': 667, 'Q': 778, 'R': 722, 'S': 667, 'T': 611,
	'U': 722, 'V': 667, 'W': 944, 'X': 667, 'Y': 667, 'Z': 611, 'a': 556, 'b': 556, 'c': 500, 'd': 556,
	'e': 556, 'f': 278, 'g': 556, 'h': 556, 'i': 222, 'j': 222, 'k': 500, 'l': 222, 'm': 833, 'n': 556,
	'o': 556, 'p': 556, 'q': 556, 'r': 333, 's': 500, 't': 278, 'u': 556, 'v': 500, 'w': 722, 'x': 500,
	'y': 500, 'z': 500, '‘': 222, '’': 222, '“': 333, '”': 333, '–': 556, '—': 1000, '•': 350,
}

func textWidth(s string, size float64, bold bool) float64 {
	w := 0.0
	for _, r := range s {
		if v, ok := helv[r]; ok {
			w += v
		} else if r >= '0' && r <= '9' {
			w += 556
		} else {
			w += 556
		}
	}
	if bold {
		w *= 1.06
	}
	return w * size / 1000
}
