package pdftext

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// Simple fonts map one-byte codes to glyph names through an encoding; the
// tables here are the base encodings of the PDF spec (Annex D) and a glyph
// list subset big enough for Western European council papers. A code the
// tables do not know decodes to nothing rather than to a guess.

// asciiNames are the glyph names of codes 0x20..0x7E in WinAnsi, MacRoman
// and (except quotes) StandardEncoding.
var asciiNames = strings.Fields(`space exclam quotedbl numbersign dollar percent ampersand quotesingle
parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six seven
eight nine colon semicolon less equal greater question at A B C D E F G H I J K L M N O P Q R S T U V
W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h i j k l m n o
p q r s t u v w x y z braceleft bar braceright asciitilde`)

// latin1Names are the glyph names of codes 0xA0..0xFF in WinAnsiEncoding.
var latin1Names = strings.Fields(`space exclamdown cent sterling currency yen brokenbar section
dieresis copyright ordfeminine guillemotleft logicalnot hyphen registered macron degree plusminus
twosuperior threesuperior acute mu paragraph periodcentered cedilla onesuperior ordmasculine
guillemotright onequarter onehalf threequarters questiondown Agrave Aacute Acircumflex Atilde
Adieresis Aring AE Ccedilla Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis
Eth Ntilde Ograve Oacute Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex
Udieresis Yacute Thorn germandbls agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave
eacute ecircumflex edieresis igrave iacute icircumflex idieresis eth ntilde ograve oacute ocircumflex
otilde odieresis divide oslash ugrave uacute ucircumflex udieresis yacute thorn ydieresis`)

// cp1252 is WinAnsiEncoding's 0x80..0x9F; 0 marks an unused code.
var cp1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// macRomanHigh is MacRomanEncoding's 0x80..0xFF.
const macRomanHigh = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü" +
	"†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø" +
	"¿¡¬√ƒ≈∆«»… ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ" +
	"‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ"

// standardHigh is StandardEncoding above 0x7E (it differs from ASCII only
// at 0x27 quoteright and 0x60 quoteleft below that).
var standardHigh = map[byte]rune{
	0xA1: '¡', 0xA2: '¢', 0xA3: '£', 0xA4: '⁄', 0xA5: '¥', 0xA6: 'ƒ', 0xA7: '§', 0xA8: '¤',
	0xA9: '\'', 0xAA: '“', 0xAB: '«', 0xAC: '‹', 0xAD: '›', 0xAE: 'ﬁ', 0xAF: 'ﬂ', 0xB1: '–',
	0xB2: '†', 0xB3: '‡', 0xB4: '·', 0xB6: '¶', 0xB7: '•', 0xB8: '‚', 0xB9: '„', 0xBA: '”',
	0xBB: '»', 0xBC: '…', 0xBD: '‰', 0xBF: '¿', 0xC1: '`', 0xC2: '´', 0xC3: 'ˆ', 0xC4: '˜',
	0xC5: '¯', 0xC6: '˘', 0xC7: '˙', 0xC8: '¨', 0xCA: '˚', 0xCB: '¸', 0xCD: '˝', 0xCE: '˛',
	0xCF: 'ˇ', 0xD0: '—', 0xE1: 'Æ', 0xE3: 'ª', 0xE8: 'Ł', 0xE9: 'Ø', 0xEA: 'Œ', 0xEB: 'º',
	0xF1: 'æ', 0xF5: 'ı', 0xF8: 'ł', 0xF9: 'ø', 0xFA: 'œ', 0xFB: 'ß',
}

// symbolHigh maps the few Symbol-font codes that matter for text flow
// (bullets and dashes used as list markers).
var symbolHigh = map[byte]rune{0xB7: '•', 0xAE: '→', 0xBE: '—', 0x2D: '−', 0xD7: '·'}

var (
	winAnsiEnc, macRomanEnc, standardEnc, symbolEnc [256]string
	glyphNames                                      = map[string]string{}
)

func init() {
	for i, n := range asciiNames {
		c := rune(0x20 + i)
		glyphNames[n] = string(c)
		winAnsiEnc[c] = string(c)
		macRomanEnc[c] = string(c)
		standardEnc[c] = string(c)
		symbolEnc[c] = string(c)
	}
	standardEnc['\''] = "’"
	standardEnc['`'] = "‘"
	for i, n := range latin1Names {
		c := rune(0xA0 + i)
		if i == 0 {
			c = ' '
		} else if _, dup := glyphNames[n]; !dup {
			glyphNames[n] = string(c)
		}
		winAnsiEnc[0xA0+i] = string(c)
	}
	winAnsiEnc[0xAD] = "-"
	for i, r := range cp1252 {
		if r != 0 {
			winAnsiEnc[0x80+i] = string(r)
		}
	}
	for i, r := range []rune(macRomanHigh) {
		macRomanEnc[0x80+i] = string(r)
	}
	for c, r := range standardHigh {
		standardEnc[c] = string(r)
	}
	for c, r := range symbolHigh {
		symbolEnc[c] = string(r)
	}
	for n, s := range extraGlyphNames {
		glyphNames[n] = s
	}
}

// extraGlyphNames covers names outside Latin-1 that council papers use:
// quotes, dashes, bullets, ligatures and a few symbols.
var extraGlyphNames = map[string]string{
	"quoteleft": "‘", "quoteright": "’", "quotedblleft": "“", "quotedblright": "”",
	"quotesinglbase": "‚", "quotedblbase": "„", "guilsinglleft": "‹", "guilsinglright": "›",
	"endash": "–", "emdash": "—", "figuredash": "‒", "minus": "−", "bullet": "•",
	"ellipsis": "…", "dagger": "†", "daggerdbl": "‡", "perthousand": "‰", "trademark": "™",
	"Euro": "€", "florin": "ƒ", "fraction": "⁄", "circumflex": "ˆ", "tilde": "˜",
	"OE": "Œ", "oe": "œ", "Scaron": "Š", "scaron": "š", "Zcaron": "Ž", "zcaron": "ž",
	"Ydieresis": "Ÿ", "dotlessi": "ı", "Lslash": "Ł", "lslash": "ł", "breve": "˘",
	"dotaccent": "˙", "ring": "˚", "ogonek": "˛", "caron": "ˇ", "hungarumlaut": "˝",
	"fi": "fi", "fl": "fl", "ff": "ff", "ffi": "ffi", "ffl": "ffl", "st": "st",
	"nbspace": " ", "nonbreakingspace": " ", "sfthyphen": "-", "softhyphen": "-",
	"arrowright": "→", "arrowleft": "←", "checkmark": "✓", "middot": "·",
	"Wcircumflex": "Ŵ", "wcircumflex": "ŵ", "Ycircumflex": "Ŷ", "ycircumflex": "ŷ",
	"apostrophe": "'", "periodcentered": "·", "uni00A0": " ",
}

// glyphText returns the text of a glyph name: a known name, a uniXXXX or
// uXXXX[XX] name, or a ligature name like f_f_i. Unknown names give "".
func glyphText(name string) string {
	if s, ok := glyphNames[name]; ok {
		return s
	}
	if i := strings.IndexByte(name, '.'); i > 0 { // a.sc, one.oldstyle
		return glyphText(name[:i])
	}
	if strings.Contains(name, "_") {
		var b strings.Builder
		for _, part := range strings.Split(name, "_") {
			b.WriteString(glyphText(part))
		}
		return b.String()
	}
	if strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0 {
		var units []uint16
		for i := 3; i < len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil {
				return ""
			}
			units = append(units, uint16(v))
		}
		return string(utf16.Decode(units))
	}
	if strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7 {
		if v, err := strconv.ParseUint(name[1:], 16, 32); err == nil && v <= 0x10FFFF {
			return string(rune(v))
		}
	}
	return ""
}

// utf16Text decodes UTF-16BE bytes (surrogate pairs included), as found in
// ToUnicode CMap destinations.
func utf16Text(b string) string {
	if len(b) == 1 {
		return string(rune(b[0]))
	}
	units := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(units))
}
