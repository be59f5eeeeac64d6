package domainlist

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/keymap"
)

// The domain list's keys (docs/tui.md, "Domain list"). Nothing here edits
// libvirt, so read-only mode disables nothing.
var (
	keyOpen     = keymap.New("enter/→", "open", "enter", "right", "l")
	keyFilter   = keymap.New("/", "filter", "/")
	keyClear    = keymap.New("esc", "clear filter", "esc")
	keyRefresh  = keymap.New("r", "refresh", "r")
	keyRetry    = keymap.New("r", "refresh, retry hosts", "r") // among several hosts, while one is down
	keyHostNet  = keymap.New("n", "host network", "n")
	keyFindings = keymap.New("!", "check findings", "!")
	keyQuit     = keymap.New("q", "quit", "q")

	// While the filter input has focus every other key is text, so only
	// these (none of them printable) act.
	keyAccept     = keymap.New("enter", "keep filter", "enter")
	keyCancel     = keymap.New("esc", "clear filter", "esc")
	keyFilterUp   = keymap.New("↑", "up", "up")
	keyFilterDown = keymap.New("↓", "down", "down")
)

// navTable is the list's keys. esc is in it only while a filter is kept,
// so otherwise it stays the root's and the help bar offers it only when it
// does something.
func (m *Model) navTable() keymap.Table {
	open := ""
	if m.Selected() == "" {
		open = "no domain to open"
		if m.input.Value() != "" {
			open = "no domain matches the filter: esc clears it"
		}
	}
	t := keymap.Table{
		{Key: keymap.Up, Do: m.moveCmd(-1)},
		{Key: keymap.Down, Do: m.moveCmd(1)},
		{Key: keymap.PageUp, Do: func() tea.Cmd { m.move(-m.tableRows()); return nil }, Hidden: true},
		{Key: keymap.PageDown, Do: func() tea.Cmd { m.move(m.tableRows()); return nil }, Hidden: true},
		{Key: keymap.First, Do: func() tea.Cmd { m.move(-len(m.idx)); return nil }, Hidden: true},
		{Key: keymap.Last, Do: func() tea.Cmd { m.move(len(m.idx)); return nil }, Hidden: true},
		{Key: keyOpen, Do: m.open, Disabled: open},
		{Key: keyFilter, Do: m.startFilter},
	}
	if m.input.Value() != "" {
		t = append(t, keymap.Entry{Key: keyClear, Do: func() tea.Cmd { m.clearFilter(); return nil }})
	}
	return append(t,
		keymap.Entry{Key: m.refreshKey(), Do: m.refresh},
		keymap.Entry{Key: keyHostNet, Do: m.hostNet},
		keymap.Entry{Key: keyFindings, Do: m.findings, Disabled: m.findingsDisabled()},
		keymap.Entry{Key: keyQuit, Do: emit(common.QuitMsg{})},
	)
}

// filterTable is the keys while the filter input has focus.
func (m *Model) filterTable() keymap.Table {
	return keymap.Table{
		{Key: keyAccept, Do: m.acceptFilter},
		{Key: keyCancel, Do: func() tea.Cmd { m.clearFilter(); return nil }},
		{Key: keyFilterUp, Do: m.moveCmd(-1)},
		{Key: keyFilterDown, Do: m.moveCmd(1)},
	}
}

func (m *Model) table() keymap.Table {
	if m.filtering {
		return m.filterTable()
	}
	return m.navTable()
}

// key runs the focused table; in the filter any other key is text.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := m.table().Dispatch(msg, m.refuse); ok || !m.filtering {
		return cmd
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	m.applyFilter()
	return cmd
}

func (m *Model) refuse(reason string) tea.Cmd {
	return emit(common.StatusMsg{Text: reason, Level: common.StatusWarn})()
}

func (m *Model) moveCmd(d int) func() tea.Cmd {
	return func() tea.Cmd { m.move(d); return nil }
}

func (m *Model) open() tea.Cmd {
	return emit(common.OpenDomainMsg{Host: m.SelectedHost(), Name: m.Selected()})()
}

func (m *Model) startFilter() tea.Cmd {
	m.filtering = true
	m.input.CursorEnd()
	m.scrollToCursor() // the filter line may have just appeared
	return m.input.Focus()
}

func (m *Model) acceptFilter() tea.Cmd {
	m.filtering = false
	m.input.Blur()
	m.scrollToCursor() // an empty filter gives its line back
	return nil
}

func emit(msg tea.Msg) func() tea.Cmd {
	return func() tea.Cmd { return func() tea.Msg { return msg } }
}

// ShortHelp feeds the root's help bar.
func (m *Model) ShortHelp() []key.Binding { return m.table().Short() }

// FullHelp feeds the root's "?" overlay: moving in one column, acting in
// the next.
func (m *Model) FullHelp() [][]key.Binding {
	full, moves := m.table().Full(), 6
	if m.filtering {
		moves = 2
	}
	return [][]key.Binding{full[:moves], full[moves:]}
}
