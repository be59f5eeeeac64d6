package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pipe records every byte virtnic sends to the terminal from now on.
func (tm *term) pipe() string {
	tm.t.Helper()
	stream := filepath.Join(tm.t.TempDir(), "stream")
	tm.tmux("pipe-pane", "-o", "-t", tm.name, "cat >> "+shellQuote(stream))
	return stream
}

func readStream(t *testing.T, stream string) []byte {
	t.Helper()
	time.Sleep(200 * time.Millisecond) // let pipe-pane write the last frames
	data, err := os.ReadFile(stream)
	if err != nil || len(data) < 500 {
		t.Fatalf("pipe-pane captured %d bytes: %v", len(data), err)
	}
	return data
}

// Under a locale that is not UTF-8 (LANG=C over ssh) the UI sends ASCII
// only: borders, symbols, the spinner, and non-ASCII names escaped.
func TestASCIIWhenLocaleIsNotUTF8(t *testing.T) {
	tm := startEnv(t, 80, 24, []string{"TERM=xterm-256color", "LANG=C"}, "-c", nodeURI(t))
	stream := tm.pipe()
	tm.waitFor(`3 domains`)
	tm.text("/vm2")
	tm.keys("Enter")
	tm.waitFor(`\(1 shown\)`)
	tm.keys("Enter")
	tm.waitFor("Overview")
	tm.keys("j", "j", "j", "j")
	tm.waitFor(`> NIC :00:02:01`)
	tm.keys("Enter")
	tm.waitFor("Network source")
	tm.keys("Enter")
	tm.waitFor(`Choose: Network source`)
	tm.keys("Escape")
	tm.waitGone(`Choose: Network source`)
	tm.keys("?")
	tm.waitFor(`Keys`)
	tm.keys("Escape")
	tm.waitGone(`Keys`)
	data := readStream(t, stream)
	for i, b := range data {
		if b >= 0x80 {
			t.Fatalf("byte %#x at %d of the stream under LANG=C: %q", b, i, data[max(0, i-40):min(len(data), i+40)])
		}
	}
	if s := tm.screen(); !strings.Contains(s, "+---") || !strings.Contains(s, "|") {
		t.Errorf("no ASCII borders:\n%s", s)
	}
}

// TERM=dumb cannot draw a full-screen UI: virtnic refuses like it does
// without a terminal and points to the CLI.
func TestDumbTerminalIsRefused(t *testing.T) {
	tm := startEnv(t, 80, 24, []string{"TERM=dumb", "LANG=C.UTF-8"}, "-c", nodeURI(t))
	s := tm.waitFor(`\[virtnic exited 2\]`)
	if !strings.Contains(s, "TERM=dumb") || !strings.Contains(s, "virtnic list") {
		t.Errorf("TERM=dumb:\n%s", s)
	}
}

// ctrl+l redraws the whole screen after something outside virtnic wrote
// over it (an ssh passphrase prompt, a wall message).
func TestCtrlLRedraws(t *testing.T) {
	tm := start(t, 80, 24, "-c", nodeURI(t))
	tm.waitFor(`3 domains`)
	tty := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", tm.name, "#{pane_tty}"))
	if err := os.WriteFile(tty, []byte("\x1b[5;5HSCRIBBLED-OVER-THE-UI\x1b[12;1HMORE-SCRIBBLE"), 0); err != nil {
		t.Fatal(err)
	}
	tm.waitFor(`SCRIBBLED-OVER-THE-UI`)
	tm.keys("C-l")
	tm.waitGone(`SCRIBBLED-OVER-THE-UI`, `MORE-SCRIBBLE`)
	tm.waitFor(`3 domains`, `vm1`, `vm2`, `vm3`)
}
