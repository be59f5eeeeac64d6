package present

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	for _, s := range []string{"", "web01", "a\xffb", "\xed\xa0\x80", "\xc0\xaf", `\x1b`, `\u202e`, "e\u0301"} {
		f.Add(s)
	}
}

// FuzzSafe: whatever libvirt hands over, the display is valid UTF-8 with no
// hidden character left, escaping it again changes nothing, a clean string
// comes back as it was, and for input without backslashes the escapes
// decode back to exactly the input, so nothing is lost or invented.
func FuzzSafe(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, multiline := range []bool{false, true} {
			out := Safe(s)
			if multiline {
				out = SafeMultiline(s)
			}
			if !utf8.ValidString(out) {
				t.Fatalf("output %q of %q is not valid UTF-8", out, s)
			}
			for _, r := range out {
				if hiddenRune(r) && !(multiline && r == '\n') {
					t.Fatalf("output %q of %q keeps %U", out, s, r)
				}
			}
			k := keeps(0)
			if multiline {
				k = keepNewline
			}
			if again := escape(out, k); again != out {
				t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
			}
			if firstUnsafe(s, k) < 0 && out != s {
				t.Fatalf("clean %q changed to %q", s, out)
			}
			if !strings.Contains(s, `\`) {
				if back := unescape(t, out); back != s {
					t.Fatalf("%q -> %q decodes to %q", s, out, back)
				}
			}
		}
		if NeedsEscape(s) != (Safe(s) != s) {
			t.Fatalf("NeedsEscape(%q) = %v but Safe gives %q", s, NeedsEscape(s), Safe(s))
		}
	})
}

// FuzzEncodeJSON: any valid UTF-8 string survives the JSON round trip exactly
// and its encoding carries no hidden character raw.
func FuzzEncodeJSON(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		if err := EncodeJSON(&buf, map[string]string{s: s}); err != nil {
			t.Fatal(err)
		}
		assertNoRawHidden(t, buf.Bytes())
		var back map[string]string
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatalf("%q: output %q is not JSON: %v", s, buf.Bytes(), err)
		}
		// JSON carries text: encoding/json turns each invalid byte into
		// U+FFFD, as converting to runes does.
		want := string([]rune(s))
		if len(back) != 1 || back[want] != want {
			t.Fatalf("%q came back as %q, want %q", s, back, want)
		}
	})
}

// hiddenRune is the package's definition of what must not be shown raw,
// written out separately from classify so the fuzz target checks against the
// specification, not against the implementation.
func hiddenRune(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\u2028' || r == '\u2029' ||
		unicode.In(r, unicode.Cf)
}

// unescape reverses Safe for text without literal backslashes: \xNN is a byte,
// \uXXXX and \U00XXXXXX a rune.
func unescape(t *testing.T, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := 0
		if i+1 < len(s) {
			n = map[byte]int{'x': 2, 'u': 4, 'U': 8}[s[i+1]]
		}
		if n == 0 || i+2+n > len(s) {
			t.Fatalf("bad escape at %d in %q", i, s)
		}
		v, err := strconv.ParseUint(s[i+2:i+2+n], 16, 32)
		if err != nil {
			t.Fatalf("bad escape at %d in %q: %v", i, s, err)
		}
		if n == 2 {
			b.WriteByte(byte(v))
		} else {
			b.WriteRune(rune(v))
		}
		i += 2 + n
	}
	return b.String()
}
