package hostnet

import (
	"fmt"
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

// survey is the demo host's, read once on a read-only connection: the view
// reads nothing else.
var survey *model.HostSurvey

func TestMain(m *testing.M) { uitest.Main(m, readSurvey) }

func readSurvey() {
	c, err := libvirtx.OpenDemo(true)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open demo:", err)
		os.Exit(1)
	}
	survey, err = c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	c.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "survey:", err)
		os.Exit(1)
	}
}

// newView is the view of a w×h screen; withSurvey false starts it before
// the survey has arrived. The context has no connection at all: the view
// must never need one.
func newView(t *testing.T, w, h int, withSurvey bool) *Model {
	t.Helper()
	ctx := &common.Context{URI: "test:///virtnic-demo", ReadOnly: true, Demo: true, Styles: styles.New(false), Width: w, Height: h}
	if withSurvey {
		ctx.Survey = survey
	}
	return New(ctx)
}

func deliver(t *testing.T, m *Model, msg tea.Msg) []tea.Msg {
	t.Helper()
	s, cmd := m.Update(msg)
	if s != common.Screen(m) {
		t.Fatalf("Update returned another screen %T", s)
	}
	return uitest.Run(cmd)
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func press(t *testing.T, m *Model, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		out = append(out, deliver(t, m, keyMsg(k))...)
	}
	return out
}

func typeText(t *testing.T, m *Model, s string) {
	t.Helper()
	for _, r := range s {
		deliver(t, m, keyMsg(string(r)))
	}
}

func findMsg[T any](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if v, ok := m.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

func plain(m *Model) string { return ansi.Strip(m.View()) }

// checkShape: exactly the screen's height, no line wider than it.
func checkShape(t *testing.T, m *Model) {
	t.Helper()
	lines := strings.Split(m.View(), "\n")
	if len(lines) != m.height {
		t.Errorf("view has %d lines, want %d:\n%s", len(lines), m.height, plain(m))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.width {
			t.Errorf("line %d is %d cells wide, screen %d: %q", i, w, m.width, ansi.Strip(l))
		}
	}
}

// cursorText is the row under the cursor as shown, first line.
func cursorText(t *testing.T, m *Model) string {
	t.Helper()
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.HasPrefix(l, cursorMark) {
			return strings.TrimRight(l, " ")
		}
	}
	t.Fatalf("no cursor row:\n%s", plain(m))
	return ""
}
