package findings

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/keymap"
)

var (
	keyOpen    = keymap.New("enter", "open NIC", "enter")
	keyBack    = keymap.New("esc/←", "back", "esc", "left", "h")
	keyRefresh = keymap.New("r", "re-read host", "r")
	keyReread  = keymap.New("r", "re-read hosts", "r") // among several
)

func (m *Model) table() keymap.Table {
	open := ""
	switch {
	case len(m.found) == 0:
		open = "nothing to open: no findings"
	case m.found[m.cursor].Domain == "":
		open = "this finding is about the host, not a domain"
	}
	page := max(1, m.rows()/3) // a finding is about three lines
	refresh := keyRefresh
	if m.multi {
		refresh = keyReread
	}
	return keymap.Table{
		{Key: keymap.Up, Do: func() tea.Cmd { return m.move(-1) }},
		{Key: keymap.Down, Do: func() tea.Cmd { return m.move(1) }},
		{Key: keymap.PageUp, Do: func() tea.Cmd { return m.move(-page) }, Hidden: true},
		{Key: keymap.PageDown, Do: func() tea.Cmd { return m.move(page) }, Hidden: true},
		{Key: keymap.First, Do: func() tea.Cmd { return m.move(-len(m.found)) }, Hidden: true},
		{Key: keymap.Last, Do: func() tea.Cmd { return m.move(len(m.found)) }, Hidden: true},
		{Key: keyOpen, Do: m.open, Disabled: open},
		{Key: keyBack, Do: emit(common.BackMsg{})},
		{Key: refresh, Do: m.refresh},
	}
}

// refresh is r: every host's survey read again; the root checks them
// and the view follows (SurveyUpdatedMsg).
func (m *Model) refresh() tea.Cmd {
	var cmds []tea.Cmd
	for _, h := range m.hosts {
		if h.Conn != nil {
			cmds = append(cmds, emit(common.RefreshSurveyMsg{Host: h})())
		}
	}
	return tea.Batch(cmds...)
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		cmd, _ := m.table().Dispatch(msg, func(reason string) tea.Cmd {
			return emit(common.StatusMsg{Text: reason, Level: common.StatusWarn})()
		})
		return m, cmd
	case common.SurveyUpdatedMsg, common.FindingsUpdatedMsg:
		m.reload()
	}
	return m, nil
}

func emit(msg tea.Msg) func() tea.Cmd {
	return func() tea.Cmd { return func() tea.Msg { return msg } }
}

// ShortHelp implements common.Screen.
func (m *Model) ShortHelp() []key.Binding { return m.table().Short() }

// FullHelp implements common.Screen.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.table().Full()} }
