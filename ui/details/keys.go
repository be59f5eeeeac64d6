package details

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/keymap"
)

// readOnlyText is the one answer to an edit attempt on a read-only
// connection (docs/tui.md): it says how to get a writable one.
const readOnlyText = "read-only connection: restart virtnic without -r, as a user allowed to manage libvirt, to edit"

// quitHint answers q where it does not quit.
const quitHint = "q quits from the domain list: esc goes back, ctrl+c quits now"

// The screen's keys. List and page share no key that means two things on
// the same focus; see docs/tui.md "Keys".
var (
	keyFirst    = keymap.New("home/g", "first device", "home", "g")
	keyLast     = keymap.New("end/G", "last device", "end", "G")
	keyOpen     = keymap.New("enter/→", "open page", "enter", "right", "l", "tab")
	keyAdd      = keymap.New("a", "add NIC", "a")
	keyRemove   = keymap.New("x/del", "remove NIC", "x", "delete")
	keyReload   = keymap.New("r", "reload", "r")
	keyBack     = keymap.New("esc/←", "domains", "esc", "left", "h")
	keyQ        = keymap.New("q", "quit (domain list)", "q")
	keyApply    = keymap.New("ctrl+s", "apply", "ctrl+s")
	keyRevert   = keymap.New("ctrl+r", "revert", "ctrl+r")
	keyPageBack = keymap.New("esc", "device list", "esc")
	keyScrollUp = keymap.New("↑/k", "scroll", "up", "k")
	keyScrollDn = keymap.New("↓/j", "scroll", "down", "j")
	keyPageUp   = keymap.New("pgup", "page up", "pgup")
	keyPageDown = keymap.New("pgdn", "page down", "pgdown")

	// Dialog choices.
	keyYes           = keymap.New("y", "yes", "y")
	keyNo            = keymap.New("n", "cancel", "n", "esc")
	keyPromptApply   = keymap.New("a", "apply", "a")
	keyPromptDiscard = keymap.New("d", "discard", "d")
	keyPromptStay    = keymap.New("esc", "stay", "esc")
	keyReloadLost    = keymap.New("r", "reload", "r")
	keyKeepEdit      = keymap.New("esc", "keep editing", "esc")
)

// editable says why edits are refused here, "" when they are not.
func (m *Model) editBlock() string {
	if m.ctx.ReadOnly {
		return readOnlyText
	}
	return ""
}

// listTable is the device list's keys.
func (m *Model) listTable() keymap.Table {
	remove := m.editBlock()
	if remove == "" && m.nicItem() < 0 {
		remove = "select a NIC to remove it"
	}
	return keymap.Table{
		{Key: keymap.Up, Do: func() tea.Cmd { return m.moveTo(m.sel - 1) }},
		{Key: keymap.Down, Do: func() tea.Cmd { return m.moveTo(m.sel + 1) }},
		{Key: keyFirst, Do: func() tea.Cmd { return m.moveTo(0) }, Hidden: true},
		{Key: keyLast, Do: func() tea.Cmd { return m.moveTo(len(m.items) - 1) }, Hidden: true},
		{Key: keyOpen, Do: m.openPage},
		{Key: keyAdd, Do: m.startAdd, Disabled: m.editBlock()},
		{Key: keyRemove, Do: m.removePlan, Disabled: remove},
		{Key: keyReload, Do: m.reload},
		{Key: keyBack, Do: m.back},
		{Key: keyQ, Do: m.hint(quitHint), Hidden: true},
	}
}

// pageTable is the page's own keys; the NIC form gets the others.
func (m *Model) pageTable() keymap.Table {
	if m.form == nil {
		return keymap.Table{
			{Key: keyScrollUp, Do: m.scrollBy(-1)},
			{Key: keyScrollDn, Do: m.scrollBy(1)},
			{Key: keyPageUp, Do: m.scrollPage(-1), Hidden: true},
			{Key: keyPageDown, Do: m.scrollPage(1), Hidden: true},
			{Key: keyPageBack, Do: m.toList},
			{Key: keyQ, Do: m.hint(quitHint), Hidden: true},
		}
	}
	t := keymap.Table{
		{Key: keyApply, Do: m.apply, Disabled: m.editBlock()},
		{Key: keyRevert, Do: m.revert, Disabled: m.editBlock()},
	}
	if !m.form.Picking() {
		t = append(t, keymap.Entry{Key: keyPageBack, Do: m.leavePage})
	}
	if !m.form.Capturing() {
		t = append(t, keymap.Entry{Key: keyQ, Do: m.hint(quitHint), Hidden: true})
	}
	return t
}

// loadingTable is what works before the domain has loaded.
func (m *Model) loadingTable() keymap.Table {
	return keymap.Table{
		{Key: keyBack, Do: func() tea.Cmd { return send(common.BackMsg{}) }},
		{Key: keyReload, Do: func() tea.Cmd {
			if m.loading {
				return nil
			}
			return m.load()
		}},
	}
}

// table is the keys of where the focus is.
func (m *Model) table() keymap.Table {
	switch {
	case m.d == nil:
		return m.loadingTable()
	case m.focus == focusPage:
		return m.pageTable()
	}
	return m.listTable()
}

// ShortHelp implements common.Screen: the keys of where the focus is.
func (m *Model) ShortHelp() []key.Binding {
	if m.d != nil && m.focus == focusPage && m.form != nil {
		return append(m.table().Short(), m.form.ShortHelp()...)
	}
	return m.table().Short()
}

// FullHelp implements common.Screen. It lists what works where the focus
// is now; keys disabled here say why.
func (m *Model) FullHelp() [][]key.Binding {
	if m.d != nil && m.focus == focusPage && m.form != nil {
		return append(m.form.FullHelp(), m.table().Full())
	}
	return [][]key.Binding{m.table().Full()}
}

func (m *Model) refuse(reason string) tea.Cmd { return m.status(common.StatusWarn, "%s", reason) }

func (m *Model) hint(text string) func() tea.Cmd {
	return func() tea.Cmd { return m.status(common.StatusInfo, "%s", text) }
}
