package present

import (
	"errors"
	"strings"
	"testing"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"web01", 5},
		{"数据库", 6},         // wide: 2 each
		{"ｗｅｂ", 6},         // fullwidth Latin
		{"e\u0301cole", 5}, // combining acute: 0
		{"🚀", 2},
		{"👍🏽", 2},                 // emoji with skin tone modifier: one cluster
		{"vm\u200b1", 9},          // shown as vm\u200b1
		{"\x1b[31m", 8},           // shown as \x1b[31m, not swallowed as a colour
		{"a\xffb", 6},             // shown as a\xffb
		{"\u202e数", 8},            // \u202e is 6, 数 is 2
		{"tag\U000e0041", 3 + 10}, // \U000e0041
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d (shown as %q)", tt.in, got, tt.want, Safe(tt.in))
		}
	}
}

func TestTableGolden(t *testing.T) {
	var b strings.Builder
	tab := NewTable(&b, "  ")
	tab.Row("#", "NAME", "SOURCE", "STATE")
	tab.Row("0", "web01", "default", "running")
	tab.Row("1", "数据库", "网络-α", "shut off")
	tab.Row("2", "vm\u200b1", "br\x1b[0m", "paused")
	tab.Row("3", "e\u0301cole", "lan\u202eten", "")
	tab.Row("4", "db01\nFAKE ROW", "", "")
	if err := tab.Flush(); err != nil {
		t.Fatal(err)
	}
	// Columns line up on a terminal, where 数据库 and 网络 take two columns
	// per character (an editor with a CJK-aware monospace font shows it too).
	want := "" +
		"  #  NAME              SOURCE        STATE\n" +
		"  0  web01             default       running\n" +
		"  1  数据库            网络-α        shut off\n" +
		`  2  vm\u200b1         br\x1b[0m     paused` + "\n" +
		"  3  e\u0301cole             " + `lan\u202eten` + "\n" +
		`  4  db01\x0aFAKE ROW` + "\n"
	if got := b.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	assertAligned(t, b.String(), []string{"NAME", "SOURCE", "STATE"})
}

// assertAligned checks, independently of the golden text, that in every line
// the cells after the first start at the display column where the header's
// cells start.
func assertAligned(t *testing.T, out string, headers []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var cols []int
	for _, h := range headers {
		cols = append(cols, Width(lines[0][:strings.Index(lines[0], h)]))
	}
	for _, line := range lines[1:] {
		for i, col := range cols {
			prefix, ok := prefixOfWidth(line, col)
			if !ok {
				break // the row ends before this column
			}
			if !strings.HasSuffix(prefix, "  ") || strings.HasPrefix(line[len(prefix):], " ") {
				t.Errorf("line %q: column %d (%s) does not start at display column %d", line, i+1, headers[i], col)
			}
		}
	}
}

// prefixOfWidth returns the longest prefix of line whose display width is w,
// and whether there is text after it.
func prefixOfWidth(line string, w int) (string, bool) {
	for i := range line {
		if Width(line[:i]) == w && i < len(line) {
			return line[:i], true
		}
	}
	return "", false
}

func TestTableRaggedRowsAndFlush(t *testing.T) {
	var b strings.Builder
	tab := NewTable(&b, "")
	tab.Row("a", "bb", "c")
	tab.Row("dddd")
	tab.Row()
	tab.Row("e", "", "f")
	if err := tab.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"a     bb  c\n" +
		"dddd\n" +
		"\n" +
		"e         f\n"
	if got := b.String(); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}

	// A second Flush starts afresh: widths come from the new rows only.
	b.Reset()
	tab.Row("x", "y")
	if err := tab.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "x  y\n" {
		t.Errorf("after Flush: %q", got)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestTableFlushReportsWriteError(t *testing.T) {
	tab := NewTable(failingWriter{}, "")
	tab.Row("a")
	if err := tab.Flush(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Flush error = %v", err)
	}
}
