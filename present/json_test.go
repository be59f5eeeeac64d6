package present

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hostileStrings has one of every class Safe escapes, all valid UTF-8.
var hostileStrings = []string{
	"web\x1b]0;pwned\x07", "a\x00b\tc\nd\re", "del\x7f",
	"\u0085nel", "\u009d52;c;cm0gLXJmIH4=\u009c", "\u009b2J",
	"vm-\u202egpj.exe", "\u2066iso\u2069", "\u200e\u200f\u061c",
	"vm\u200b1", "\u200c\u200d\u2060\u2064", "\ufeffdb01", "data\u00adbase",
	"tag\U000e0041\U000e007f", "\U000e0001", "\u180e\ufff9",
	"line\u2028sep\u2029", "数据库 🚀 é", `back\slash`, "<html>&amp;",
}

type jsonProbe struct {
	Name   string            `json:"name"`
	List   []string          `json:"list"`
	ByName map[string]string `json:"by_name"`
}

func TestEncodeJSONRoundTrip(t *testing.T) {
	in := jsonProbe{Name: strings.Join(hostileStrings, "|"), List: hostileStrings, ByName: map[string]string{}}
	for _, s := range hostileStrings {
		in.ByName[s] = s // keys are strings too
	}
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	assertNoRawHidden(t, buf.Bytes())

	var back jsonProbe
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.Bytes())
	}
	if !reflect.DeepEqual(back, in) {
		t.Errorf("round trip changed the strings:\n got %+q\nwant %+q", back, in)
	}
}

// assertNoRawHidden fails if out carries any character Safe escapes as it is,
// checking the bytes and the runes independently of the package's classifier.
func assertNoRawHidden(t *testing.T, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("output is not valid UTF-8: %q", out)
	}
	for i, c := range out {
		if (c < 0x20 && c != '\n') || c == 0x7f {
			t.Errorf("raw byte %#x at %d", c, i)
		}
		if c == 0xc2 && i+1 < len(out) && out[i+1] >= 0x80 && out[i+1] <= 0x9f {
			t.Errorf("raw C1 U+00%X at %d", out[i+1], i)
		}
	}
	for i, r := range string(out) {
		if unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			t.Errorf("raw %U at %d", r, i)
		}
	}
}

func TestEncodeJSONEscapes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\u0085", `"\u0085"`},
		{"\x7f", `"\u007f"`},
		{"a\u202eb", `"a\u202eb"`},
		{"\ufeff\u00ad\u200b", `"\ufeff\u00ad\u200b"`},
		{"\U000e0041", `"\udb40\udc41"`}, // surrogate pair
		{"\x1b\n", `"\u001b\n"`},         // encoding/json's own escapes stay
		{"\u2028", `"\u2028"`},
		{"数据🚀", `"数据🚀"`},         // visible non-ASCII stays readable
		{"a\xffb", `"a\ufffdb"`}, // encoding/json's replacement of invalid UTF-8
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := EncodeJSON(&buf, tt.in); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != tt.want+"\n" {
			t.Errorf("EncodeJSON(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// Clean data must come out exactly as the encoder the CLI used before wrote
// it, so switching to EncodeJSON changes nothing for existing scripts.
func TestEncodeJSONMatchesEncoderOnCleanData(t *testing.T) {
	v := map[string]any{
		"domain": "web01", "nics": []any{map[string]any{"index": 0, "mode": nil, "pending": []string{}}},
		"note": "数据库 <&>", "persistent": true,
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := EncodeJSON(&got, v); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
	}
}

// A json.RawMessage is copied by encoding/json without a UTF-8 check; its
// invalid bytes (here a raw 8-bit CSI) must not reach the output either.
func TestEncodeJSONRawMessageInvalidUTF8(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, json.RawMessage("\"a\x9b2Jb\u202e\"")); err != nil {
		t.Fatal(err)
	}
	assertNoRawHidden(t, buf.Bytes())
	if got, want := buf.String(), `"a\ufffd2Jb\u202e"`+"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEncodeJSONErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeJSON(&buf, func() {}); err == nil {
		t.Error("encoding a func: no error")
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q on error", buf.String())
	}
	if err := EncodeJSON(failingWriter{}, "x"); err == nil {
		t.Error("failing writer: no error")
	}
}
