package hostnet

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/keymap"
)

// quitHint answers q, which quits only from the domain list.
const quitHint = "q quits from the domain list: esc goes back, ctrl+c quits now"

// The view's keys; nothing here writes, so read-only disables none.
var (
	keyOpen        = keymap.New("enter", "open NIC", "enter")
	keyFilter      = keymap.New("/", "filter", "/")
	keyClearFilter = keymap.New("esc", "clear filter", "esc")
	keyBack        = keymap.New("esc/←", "back", "esc", "left", "h")
	keyRefresh     = keymap.New("r", "re-read host", "r")
	keyQ           = keymap.New("q", "quit (domain list)", "q")

	// While the filter has focus every other key is text.
	keyKeepFilter = keymap.New("enter", "keep filter", "enter")
	keyDropFilter = keymap.New("esc", "clear filter", "esc")
	keyFilterUp   = keymap.New("↑", "up", "up")
	keyFilterDown = keymap.New("↓", "down", "down")
)

// table is the keys of the moment: the filter's while it has focus.
func (m *Model) table() keymap.Table {
	if m.filtering {
		return keymap.Table{
			{Key: keyKeepFilter, Do: m.keepFilter},
			{Key: keyDropFilter, Do: m.clearFilter},
			{Key: keyFilterUp, Do: m.moveBy(-1)},
			{Key: keyFilterDown, Do: m.moveBy(1)},
		}
	}
	open := ""
	if r, ok := m.current(); !ok || r.kind != rowUser {
		open = "enter opens a domain's NIC: move to one of the NIC rows under a device, bridge or network"
	}
	refresh := ""
	if m.refreshing {
		refresh = "already re-reading the host"
	}
	t := keymap.Table{
		{Key: keymap.Up, Do: m.moveBy(-1)},
		{Key: keymap.Down, Do: m.moveBy(1)},
		{Key: keymap.PageUp, Do: m.moveBy(-m.listRows()), Hidden: true},
		{Key: keymap.PageDown, Do: m.moveBy(m.listRows()), Hidden: true},
		{Key: keymap.First, Do: m.moveTo(0), Hidden: true},
		{Key: keymap.Last, Do: m.moveTo(len(m.rows) - 1), Hidden: true},
		{Key: keyOpen, Do: m.open, Disabled: open},
		{Key: keyFilter, Do: m.startFilter},
	}
	// A kept filter takes esc first, so esc never leaves a narrowed view
	// the user may have forgotten is narrowed.
	if m.filter.Value() != "" {
		t = append(t, keymap.Entry{Key: keyClearFilter, Do: m.clearFilter})
	}
	return append(t,
		keymap.Entry{Key: keyBack, Do: func() tea.Cmd { return send(common.BackMsg{}) }},
		keymap.Entry{Key: keyRefresh, Do: m.refresh, Disabled: refresh},
		keymap.Entry{Key: keyQ, Do: m.status(common.StatusInfo, quitHint), Hidden: true},
	)
}

// ShortHelp implements common.Screen.
func (m *Model) ShortHelp() []key.Binding { return m.table().Short() }

// FullHelp implements common.Screen.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.table().Full()} }

func (m *Model) refuse(reason string) tea.Cmd { return m.status(common.StatusWarn, reason)() }

func (m *Model) status(level common.StatusLevel, text string) func() tea.Cmd {
	return func() tea.Cmd { return send(common.StatusMsg{Text: text, Level: level}) }
}

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
