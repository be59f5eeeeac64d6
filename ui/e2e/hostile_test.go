package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// hidden reports the runes a terminal could act on or that hide or reorder
// text: C1 controls, DEL, bidi and other format characters, line and
// paragraph separators. The UI's own output needs none of them.
func hidden(r rune) bool {
	return r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r)
}

// The whole byte stream the terminal receives, through every screen of a
// host whose every visible string is hostile, carries none of them raw.
func TestHostileHostByteStream(t *testing.T) {
	p, err := filepath.Abs("../../testdata/hostile.xml")
	if err != nil {
		t.Fatal(err)
	}
	stream := filepath.Join(t.TempDir(), "stream")
	tm := start(t, 120, 40, "-c", "test://"+p)
	tm.tmux("pipe-pane", "-o", "-t", tm.name, "cat >> "+shellQuote(stream))
	tm.waitFor(`db01\\u009b`, `web\\u009b`)
	tm.keys("Enter")
	tm.waitFor("Overview")
	for i := 0; i < 5; i++ {
		tm.keys("j")
	}
	tm.keys("Enter")
	tm.waitFor("Network source")
	tm.keys("Enter") // the source picker: networks, bridges, devices
	tm.waitFor(`Choose: Network source`, `lan\\u009b`)
	tm.keys("Escape", "Escape", "Escape")
	tm.waitFor("Overview")
	// The host network view: every device, bridge and network by name.
	tm.keys("Escape")
	tm.waitFor(`domains \(`)
	tm.keys("n")
	tm.waitFor(`Host network`, `lan\\u009b`)
	tm.keys("G")
	tm.keys("Escape")
	tm.waitGone(`Host network`)
	assertCleanStream(t, stream)
}

// Two copies of the hostile host: every MAC is on both, so the findings
// view lists hostile domain names with hostile host names and fixes.
func TestHostileFindingsByteStream(t *testing.T) {
	p, err := filepath.Abs("../../testdata/hostile.xml")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyPath := filepath.Join(dir, "hostile-copy.xml")
	if err := os.WriteFile(copyPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	stream := filepath.Join(dir, "stream")
	tm := start(t, 120, 40, "-c", "test://"+p, "-c", "test://"+copyPath)
	tm.tmux("pipe-pane", "-o", "-t", tm.name, "cat >> "+shellQuote(stream))
	tm.waitFor(`db01\\u009b`, `web\\u009b`, `4 domains on 2 hosts`)
	tm.keys("!")
	tm.waitFor(`Findings`, `is also NIC 0 of db01`, `a collision if both hosts share`, `fix: virtnic -c`)
	tm.keys("G", "Enter")
	tm.waitFor("Overview", `› NIC`)
	// One Escape at a time: two in one write read as alt+esc.
	tm.keys("Escape")
	tm.waitFor(`› NIC`)
	tm.keys("Escape")
	tm.waitFor(`Findings`)
	assertCleanStream(t, stream)
}

// assertCleanStream fails on any rune of the captured byte stream that a
// terminal could act on.
func assertCleanStream(t *testing.T, stream string) {
	t.Helper()
	time.Sleep(200 * time.Millisecond) // let pipe-pane write the last frames
	data, err := os.ReadFile(stream)
	if err != nil || len(data) < 1000 {
		t.Fatalf("pipe-pane captured %d bytes: %v", len(data), err)
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			t.Fatalf("invalid UTF-8 byte %#x at %d in the stream", data[i], i)
		}
		if hidden(r) {
			from := max(0, i-40)
			t.Fatalf("raw %U at byte %d of the stream: %q", r, i, data[from:min(len(data), i+40)])
		}
		i += n
	}
}
