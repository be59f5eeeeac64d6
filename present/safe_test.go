package present

import (
	"strings"
	"testing"
	"unsafe"
)

func TestSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Passed through.
		{"empty", "", ""},
		{"ascii name", "web-01.example_2", "web-01.example_2"},
		{"space and punctuation", `a b/c\d"e'f`, `a b/c\d"e'f`},
		{"latin letters", "büro-straße", "büro-straße"},
		{"CJK", "数据库-01", "数据库-01"},
		{"emoji", "🚀 prod", "🚀 prod"},
		{"combining mark", "e\u0301", "e\u0301"},
		{"non-breaking space", "a\u00a0b", "a\u00a0b"},
		{"replacement character itself", "a\ufffdb", "a\ufffdb"},

		// C0 and DEL.
		{"NUL", "a\x00b", `a\x00b`},
		{"ESC CSI", "\x1b[2J", `\x1b[2J`},
		{"OSC 52 in 7-bit form", "\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\x07`},
		{"tab", "a\tb", `a\x09b`},
		{"newline", "a\nb", `a\x0ab`},
		{"carriage return", "ok\rbad", `ok\x0dbad`},
		{"unit separator", "\x1f", `\x1f`},
		{"DEL", "a\x7fb", `a\x7fb`},

		// C1.
		{"first C1", "\u0080", `\u0080`},
		{"NEL", "a\u0085b", `a\u0085b`},
		{"CSI in 8-bit form", "\u009b2J", `\u009b2J`},
		{"OSC 52 in 8-bit form", "\u009d52;c;cm0gLXJmIH4=\u009c", `\u009d52;c;cm0gLXJmIH4=\u009c`},
		{"last C1", "\u009f", `\u009f`},
		{"first after C1 is kept", "\u00a0", "\u00a0"},

		// Bidi controls.
		{"RLO", "vm-\u202egpj.exe", `vm-\u202egpj.exe`},
		{"LRE PDF", "\u202aa\u202c", `\u202aa\u202c`},
		{"isolates", "\u2066a\u2069\u2067\u2068", `\u2066a\u2069\u2067\u2068`},
		{"LRM RLM", "\u200ea\u200f", `\u200ea\u200f`},
		{"Arabic letter mark", "a\u061cb", `a\u061cb`},

		// Zero-width and other format characters.
		{"zero-width space", "vm\u200b1", `vm\u200b1`},
		{"ZWNJ ZWJ", "a\u200cb\u200dc", `a\u200cb\u200dc`},
		{"word joiner and invisible operators", "\u2060\u2061\u2064", `\u2060\u2061\u2064`},
		{"BOM", "\ufeffdb01", `\ufeffdb01`},
		{"soft hyphen", "data\u00adbase", `data\u00adbase`},
		{"tag A", "vm\U000e0041", `vm\U000e0041`},
		{"language tag and cancel tag", "\U000e0001\U000e007f", `\U000e0001\U000e007f`},
		{"Mongolian vowel separator", "a\u180eb", `a\u180eb`},
		{"interlinear annotation", "\ufff9a\ufffb", `\ufff9a\ufffb`},

		// Separators.
		{"line separator", "a\u2028b", `a\u2028b`},
		{"paragraph separator", "a\u2029b", `a\u2029b`},

		// Invalid UTF-8.
		{"0xff", "a\xffb", `a\xffb`},
		{"lone continuation bytes", "\x80\xbf", `\x80\xbf`},
		{"C1 as a raw byte", "\x9b2J", `\x9b2J`},
		{"truncated sequence", "ab\xe2\x80", `ab\xe2\x80`},
		{"overlong slash", "\xc0\xaf", `\xc0\xaf`},
		{"UTF-8 encoded surrogate", "\xed\xa0\x80", `\xed\xa0\x80`},

		// Mixed.
		{"mixed", "数\x1b\u202e\u200b\xff🚀\u009d", `数\x1b\u202e\u200b\xff🚀\u009d`},
		{"escape after clean prefix", "long-clean-prefix\x00", `long-clean-prefix\x00`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Safe(tt.in)
			if got != tt.want {
				t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if needs := NeedsEscape(tt.in); needs != (tt.in != tt.want) {
				t.Errorf("NeedsEscape(%q) = %v", tt.in, needs)
			}
			if again := Safe(got); again != got {
				t.Errorf("Safe is not idempotent: Safe(%q) = %q", got, again)
			}
		})
	}
}

func TestSafeMultiline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"line one\nline two\n", "line one\nline two\n"},
		{"a\tb", `a\x09b`},
		{"a\r\nb", "a\\x0d\nb"},
		{"a\n\x1b[31mred", "a\n\\x1b[31mred"},
		{"\u009d52;c;aGk=\u009c\n", "\\u009d52;c;aGk=\\u009c\n"},
		{"a\u2028b\n\u202ec", "a\\u2028b\n\\u202ec"},
		{"\xff\n", "\\xff\n"},
		{"数据\n🚀", "数据\n🚀"},
	}
	for _, tt := range tests {
		if got := SafeMultiline(tt.in); got != tt.want {
			t.Errorf("SafeMultiline(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// Safe of the same text must differ from SafeMultiline only at newlines.
		if got, want := Safe(tt.in), strings.ReplaceAll(SafeMultiline(tt.in), "\n", `\x0a`); got != want {
			t.Errorf("Safe(%q) = %q, want %q", tt.in, got, want)
		}
	}
}

// The fast path is the point of Safe being cheap to call everywhere: a clean
// string must come back as the same string, not a copy.
func TestSafeCleanReturnsItsArgument(t *testing.T) {
	for _, s := range []string{"web01", "数据库-01 🚀", strings.Repeat("a", 300)} {
		if got := Safe(s); unsafe.StringData(got) != unsafe.StringData(s) {
			t.Fatalf("Safe(%q) returned a copy", s)
		}
		for _, f := range []func(string) string{Safe, SafeMultiline} {
			if n := testing.AllocsPerRun(100, func() { sink = f(s) }); n != 0 {
				t.Errorf("%q: %v allocations, want 0", s, n)
			}
		}
		if n := testing.AllocsPerRun(100, func() { sinkBool = NeedsEscape(s) }); n != 0 {
			t.Errorf("NeedsEscape(%q): %v allocations, want 0", s, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { sink = SafeMultiline("a\nb\n") }); n != 0 {
		t.Errorf("SafeMultiline with newlines only: %v allocations, want 0", n)
	}
}

var (
	sink     string
	sinkBool bool
)

func TestSafeFrameKeepsOnlyStylingESC(t *testing.T) {
	in := "\x1b[1mweb01\x1b[0m \u009b31m\u202evm\u200b1\ttab\n"
	want := "\x1b[1mweb01\x1b[0m " + `\u009b31m\u202evm\u200b1\x09tab` + "\n"
	if got := SafeFrame(in); got != want {
		t.Errorf("SafeFrame(%q) = %q, want %q", in, got, want)
	}
	if clean := "\x1b[31mok\x1b[0m\nline"; SafeFrame(clean) != clean {
		t.Error("a clean styled frame changed")
	}
}

func TestASCIIFrameSendsNoByteAbove7F(t *testing.T) {
	in := "\x1b[1m╭─ web01 ─╮\x1b[0m\n│▸ 数据 · ok…│\n"
	out := ASCIIFrame(in)
	for i := 0; i < len(out); i++ {
		if out[i] >= 0x80 {
			t.Fatalf("byte %#x at %d in %q", out[i], i, out)
		}
	}
	want := "\x1b[1m+- web01 -+\x1b[0m\n|> " + `\u6570\u636e` + " - ok~|\n"
	if out != want {
		t.Errorf("ASCIIFrame = %q, want %q", out, want)
	}
}
