package present

import (
	"bytes"
	"encoding/json"
	"io"
	"unicode/utf16"
	"unicode/utf8"
)

// EncodeJSON writes v as JSON indented by two spaces and ending in a newline,
// byte for byte what json.Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) writes (plans carry XML, which reads badly as
// \u003c), except
// that every rune Safe would escape is written as a \uXXXX escape (a
// surrogate pair above U+FFFF). encoding/json already escapes C0 controls and
// U+2028/U+2029 but writes DEL, C1 controls, bidi and format characters raw;
// here they are escaped too, so `virtnic … --json` on a terminal, in a pager
// or in a log is as harmless as the tables, while any JSON parser (jq -r
// included, on request) gives back the exact strings.
//
// JSON strings hold Unicode text, not bytes: encoding/json writes invalid
// UTF-8 in a string as U+FFFD, and so does EncodeJSON for any invalid byte a
// json.RawMessage or Marshaler lets through.
func EncodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(buf.Bytes()))
	return err
}

// escapeJSON rewrites encoding/json output. Outside string literals such
// output is ASCII punctuation, digits, literals, spaces and newlines, and
// inside them every C0 control is already escaped, so each DEL, non-ASCII
// rune or invalid byte met is inside a string, where a \u escape means the
// same rune: no JSON state needs tracking.
func escapeJSON(out []byte) []byte {
	i := firstUnsafeJSON(out)
	if i < 0 {
		return out
	}
	esc := make([]byte, 0, len(out)+32)
	esc = append(esc, out[:i]...)
	for i < len(out) {
		r, size := utf8.DecodeRune(out[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			esc = appendUnicodeEscape(esc, utf8.RuneError)
		case jsonHidden(r, size):
			esc = appendUnicodeEscape(esc, r)
		default:
			esc = append(esc, out[i:i+size]...)
		}
		i += size
	}
	return esc
}

// jsonHidden: what Safe escapes, less the C0 controls, which in encoder
// output are either already escaped or the newlines of the indentation.
func jsonHidden(r rune, size int) bool {
	return r >= 0x20 && classify(r, size, 0) != keep
}

func firstUnsafeJSON(out []byte) int {
	for i := 0; i < len(out); {
		if out[i] < utf8.RuneSelf {
			if out[i] == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(out[i:])
		if (r == utf8.RuneError && size == 1) || jsonHidden(r, size) {
			return i
		}
		i += size
	}
	return -1
}

func appendUnicodeEscape(b []byte, r rune) []byte {
	if r > 0xffff {
		hi, lo := utf16.EncodeRune(r)
		return appendU4(appendU4(b, hi), lo)
	}
	return appendU4(b, r)
}

func appendU4(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}
