package present

import (
	"io"
	"strings"
	"testing"
)

// Names as the domain list shows them: the clean ones are what nearly every
// host has, so their cost is what every frame pays.
var (
	benchASCII   = "build-runner-07.prod.example.com"
	benchUnicode = "数据库-primary-🚀-büro-01"
	benchHostile = "web\u202e10\u200b\x1b[2J\u009d52;c;cm0=\u009c"
	benchLong    = strings.Repeat("a-clean-description ", 50)
)

func BenchmarkSafe(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"ascii", benchASCII}, {"unicode", benchUnicode}, {"long-clean", benchLong}, {"hostile", benchHostile},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.s)))
			for b.Loop() {
				sink = Safe(bc.s)
			}
		})
	}
}

func BenchmarkNeedsEscape(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkBool = NeedsEscape(benchUnicode)
	}
}

func BenchmarkWidth(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkInt = Width(benchUnicode)
	}
}

func BenchmarkTable(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		t := NewTable(io.Discard, "  ")
		t.Row("#", "NAME", "SOURCE", "STATE")
		for range 40 {
			t.Row("1", benchUnicode, benchASCII, "running")
		}
		if err := t.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeJSON(b *testing.B) {
	v := map[string][]string{"clean": {benchASCII, benchUnicode}, "hostile": {benchHostile}}
	b.ReportAllocs()
	for b.Loop() {
		if err := EncodeJSON(io.Discard, v); err != nil {
			b.Fatal(err)
		}
	}
}

var sinkInt int
