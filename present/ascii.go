package present

import (
	"strings"
	"unicode/utf8"
)

// asciiFor maps the UI's symbols and box drawing to one ASCII character
// each, so a frame keeps its layout on a terminal whose locale is not UTF-8
// (LANG=C over SSH), where those bytes would print as garbage.
var asciiFor = map[rune]byte{
	'─': '-', '━': '-', '│': '|', '┃': '|',
	'┌': '+', '┐': '+', '└': '+', '┘': '+', '├': '+', '┤': '+', '┬': '+', '┴': '+', '┼': '+',
	'╭': '+', '╮': '+', '╰': '+', '╯': '+',
	'▸': '>', '›': '>', '▶': '>', '→': '>', '←': '<', '↑': '^', '↓': 'v',
	'…': '~', '·': '-', '•': '*', '—': '-', '–': '-', '●': '*', '○': 'o', '■': '#', '‖': '=',
	'✓': '+', '✗': 'x', '⏻': '@', '⠋': '|', '⠙': '/', '⠹': '-', '⠸': '\\', '⠼': '|', '⠴': '/', '⠦': '-', '⠧': '\\',
	'⠇': '|', '⠏': '/', '²': '2', '⁴': '4',
}

// ASCIIFrame is SafeFrame for a terminal that cannot show UTF-8: the UI's
// own symbols become their ASCII stand-ins and any other non-ASCII
// character (a CJK domain name) is shown escaped, so no byte above 0x7f is
// sent.
func ASCIIFrame(s string) string {
	s = SafeFrame(s)
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch c, ok := asciiFor[r]; {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case ok:
			b.WriteByte(c)
		default:
			writeCodePoint(&b, r)
		}
	}
	return b.String()
}
