package present

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Safe returns s as one line of terminal text: every control, bidi,
// zero-width or other format character, line or paragraph separator and
// invalid UTF-8 byte is replaced by a visible escape (see the package doc),
// everything else is kept as it is. When nothing needs escaping it returns s
// itself without allocating, so calling it on every cell of every frame is
// cheap.
func Safe(s string) string { return escape(s, 0) }

// SafeMultiline is Safe for text that may span lines, such as a description
// or a diff: it keeps '\n' and escapes everything else Safe escapes. A tab is
// escaped too: the terminal moves it to the next tab stop, which no width
// count can know, and in a diff a tab that turned into spaces must not look
// unchanged. A carriage return is escaped because it sends the cursor back
// to overwrite the start of the line.
func SafeMultiline(s string) string { return escape(s, keepNewline) }

// SafeFrame is SafeMultiline for a whole terminal frame the UI drew: it also
// keeps ESC, which only the UI's own styling emits (strings from libvirt
// that could carry one are escaped with Safe where they are drawn). C1
// controls, bidi and format characters, which no style ever emits, cannot
// pass however they got into the frame.
func SafeFrame(s string) string { return escape(s, keepNewline|keepESC) }

// NeedsEscape reports whether Safe(s) differs from s.
func NeedsEscape(s string) bool { return firstUnsafe(s, 0) >= 0 }

// keeps says which otherwise escaped characters pass.
type keeps uint8

const (
	keepNewline keeps = 1 << iota
	keepESC
)

// How a rune (or an invalid byte) is shown.
type treatment uint8

const (
	keep      treatment = iota
	hexByte             // \xNN: C0 controls, DEL and bytes that are not UTF-8
	codePoint           // \uXXXX or \U00XXXXXX: everything else that is hidden
)

// classify decides for the rune r that took size bytes to decode. Scanning
// and writing both use it, so the fast path and the escaping cannot disagree.
func classify(r rune, size int, k keeps) treatment {
	switch {
	case r == utf8.RuneError && size == 1:
		return hexByte
	case r == '\n' && k&keepNewline != 0, r == 0x1b && k&keepESC != 0:
		return keep
	case r < 0x20 || r == 0x7f:
		return hexByte
	case r < 0x80:
		return keep
	case r <= 0x9f, r == '\u2028', r == '\u2029':
		// C1 controls: a terminal that honours 8-bit controls reads U+009B as
		// CSI and U+009D as OSC, so they are escapes in disguise.
		return codePoint
	case unicode.Is(unicode.Cf, r):
		// Cf holds the bidi controls (U+061C, U+200E/F, U+202A–E,
		// U+2066–9), zero-width characters, the BOM, the soft hyphen and the
		// tag characters: all invisible or reordering, none needed to read a name.
		return codePoint
	}
	return keep
}

// firstUnsafe returns the index of the first byte of s that must be escaped,
// or -1. ASCII, nearly every name, is checked a byte at a time without
// decoding.
func firstUnsafe(s string, k keeps) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && classify(rune(c), 1, k) != keep {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if classify(r, size, k) != keep {
			return i
		}
		i += size
	}
	return -1
}

func escape(s string, k keeps) string {
	i := firstUnsafe(s, k)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch classify(r, size, k) {
		case hexByte:
			writeHexByte(&b, s[i]) // for C0 and DEL the byte is the rune
		case codePoint:
			writeCodePoint(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

const hexDigits = "0123456789abcdef"

func writeHexByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexDigits[c>>4])
	b.WriteByte(hexDigits[c&0xf])
}

// writeCodePoint writes \uXXXX, or \U00XXXXXX above U+FFFF, the forms Go and
// most shells' printf read back.
func writeCodePoint(b *strings.Builder, r rune) {
	digits := 4
	if r > 0xffff {
		b.WriteString(`\U`)
		digits = 8
	} else {
		b.WriteString(`\u`)
	}
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>shift)&0xf])
	}
}
