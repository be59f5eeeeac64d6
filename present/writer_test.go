package present

import (
	"bytes"
	"strings"
	"testing"
)

func TestSafeWriterEscapesAcrossWrites(t *testing.T) {
	var b bytes.Buffer
	w := NewSafeWriter(&b)
	in := "vm\u200b1 \u202eevil\x1b[31m\n数据\u0085\n"
	raw := []byte(in)
	// Split inside the multi-byte runes on purpose.
	for i := 0; i < len(raw); i += 3 {
		end := min(i+3, len(raw))
		if _, err := w.Write(raw[i:end]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `vm\u200b1 \u202eevil\x1b[31m` + "\n数据" + `\u0085` + "\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
	if NeedsEscape(strings.ReplaceAll(b.String(), "\n", "")) {
		t.Error("output still needs escaping")
	}
}

func TestSafeWriterFlushesAnIncompleteRune(t *testing.T) {
	var b bytes.Buffer
	w := NewSafeWriter(&b)
	w.Write([]byte("ok\xe6\x95"))
	if b.String() != "ok" {
		t.Fatalf("before flush: %q", b.String())
	}
	w.Flush()
	if b.String() != `ok\xe6\x95` {
		t.Errorf("after flush: %q", b.String())
	}
}
