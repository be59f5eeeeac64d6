package confirm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"virtnic/ui/styles"
)

type chosen struct{}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func TestChoiceSendsItsMessageAndCloses(t *testing.T) {
	m := New("Apply?", "body", Choice{Key: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "apply")), Label: "apply", Msg: chosen{}},
		Choice{Key: key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "cancel")), Label: "cancel"})
	m, cmd := m.Update(keyMsg("x"))
	if !m.Open() || cmd != nil {
		t.Fatal("an unbound key closed the dialog or sent something")
	}
	m, cmd = m.Update(keyMsg("y"))
	if m.Open() || cmd == nil {
		t.Fatal("y did not close the dialog with a command")
	}
	if _, ok := cmd().(chosen); !ok {
		t.Fatal("y did not send its message")
	}
}

func TestViewFitsAndScrollStopsAtTheEnd(t *testing.T) {
	st := styles.New(true)
	var body []string
	for i := 0; i < 30; i++ {
		body = append(body, fmt.Sprintf("line %02d %s", i, strings.Repeat("x", 100)))
	}
	m := New("A very long title that does not fit in a narrow dialog at all", strings.Join(body, "\n"),
		Choice{Key: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "ok")), Label: "ok"})
	const w, h = 40, 12
	v := m.View(st, w, h)
	if lipgloss.Width(v) > w || lipgloss.Height(v) > h {
		t.Fatalf("dialog %dx%d does not fit %dx%d:\n%s", lipgloss.Width(v), lipgloss.Height(v), w, h, v)
	}
	for i := 0; i < 100; i++ {
		m, _ = m.Update(keyMsg("down"))
	}
	if got := ansi.Strip(m.View(st, w, h)); !strings.Contains(got, "line 29") {
		t.Fatalf("scrolled to the end but the last line is not shown:\n%s", got)
	}
	m, _ = m.Update(keyMsg("up"))
	if got := ansi.Strip(m.View(st, w, h)); strings.Contains(got, "line 29") || !strings.Contains(got, "line 28") {
		t.Fatalf("one ↑ after scrolling past the end should show line 28 but not 29:\n%s", got)
	}
}
