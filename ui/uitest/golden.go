// Package uitest is test support shared by the UI packages' tests: one
// golden-file comparison with one -update flag, so every screen's goldens
// are checked and rewritten the same way, and one way to run a command.
package uitest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current views")

// Updating reports whether the test run rewrites goldens (-update).
func Updating() bool { return *update }

// Golden compares got with testdata/<test name>.golden (subtests as
// Test-sub), or rewrites that file under -update, and prints a line diff
// on a mismatch.
func Golden(t testing.TB, got string) {
	t.Helper()
	GoldenAs(t, strings.ReplaceAll(t.Name(), "/", "-"), got)
}

// GoldenAs is Golden under a name of the caller's choosing.
func GoldenAs(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (rerun with -update to accept):\n%s", name, path,
			model.UnifiedDiff(string(want), got, path, "got"))
	}
}

// Run executes cmd and the batches it returns, collecting the messages. It
// runs each command once and never feeds results back, so a spinner tick
// (which schedules the next tick) cannot loop.
func Run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, Run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}
