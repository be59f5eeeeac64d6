package keymap

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

type ran string

func TestDispatchRunsRefusesOrPasses(t *testing.T) {
	var got []string
	tbl := Table{
		{Key: New("a", "add", "a"), Do: func() tea.Cmd { got = append(got, "add"); return nil }},
		{Key: New("x", "remove", "x", "delete"), Disabled: "read-only connection"},
		{Key: New("←/→", "change value", "left", "right")}, // the field's own
	}
	refuse := func(r string) tea.Cmd { return func() tea.Msg { return ran(r) } }
	if _, ok := tbl.Dispatch(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("a")}, refuse); !ok || len(got) != 1 {
		t.Errorf("a: handled %v, ran %v", ok, got)
	}
	cmd, ok := tbl.Dispatch(tea.KeyMsg{Type: tea.KeyDelete}, refuse)
	if !ok || cmd == nil || cmd() != ran("read-only connection") {
		t.Errorf("delete: handled %v, want the disabled reason", ok)
	}
	if _, ok := tbl.Dispatch(tea.KeyMsg{Type: tea.KeyLeft}, refuse); ok {
		t.Error("left is documented only, but was handled")
	}
	if _, ok := tbl.Dispatch(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}, refuse); ok {
		t.Error("an unknown key was handled")
	}
	if short := tbl.Short(); len(short) != 2 || short[0].Help().Key != "a" {
		t.Errorf("help bar %v: want the enabled entries only", short)
	}
	full := tbl.Full()
	if len(full) != 3 || !strings.Contains(full[1].Help().Desc, "(disabled here)") {
		t.Errorf("overlay %v", full)
	}
}
