package nicform

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/keymap"
)

// The form's keys. Every action is a ctrl combination or a key that cannot
// be text (tab, arrows, enter, space on a non-text row), so a letter typed
// into a field is always text.
var (
	keyNext     = keymap.New("tab", "next field", "tab")
	keyPrev     = keymap.New("shift+tab", "previous field", "shift+tab")
	keyUp       = keymap.New("↑", "previous field", "up")
	keyDown     = keymap.New("↓", "next field", "down")
	keyChoose   = keymap.New("enter/space", "choose", "enter", " ")
	keyCycle    = keymap.New("←/→", "change value", "left", "right")
	keyToggle   = keymap.New("space/enter", "toggle link", " ", "enter")
	keyGenerate = keymap.New("ctrl+g", "generate", "ctrl+g")
	keyNextText = keymap.New("enter", "next field", "enter")
	keyClear    = keymap.New("ctrl+u", "clear to start of field", "ctrl+u")

	pickFilter = keymap.New("/", "filter", "/")
	pickChoose = keymap.New("enter", "choose", "enter")
	pickClose  = keymap.New("esc", "close", "esc")
	pickEnds   = keymap.New("home/end", "first/last", "home", "end", "g", "G")
)

// table is the form's keys where the focus is now, outside a picker.
// Editing keys answer with why nothing can be edited on a read-only
// connection or an uneditable NIC.
func (m *Model) table() keymap.Table {
	f := m.focus
	why := ""
	if !m.canEdit() {
		why = m.refusal()
	}
	moves := keymap.Table{
		{Key: keyNext, Do: m.mover(1, true)},
		{Key: keyPrev, Do: m.mover(-1, true)},
		{Key: keyUp, Do: m.mover(-1, false), Hidden: true},
		{Key: keyDown, Do: m.mover(1, false), Hidden: true},
	}
	if f != fMAC && f != fInstanceID && f != fInterfaceID {
		// Elsewhere ctrl+g says where it works.
		moves = append(moves, keymap.Entry{Key: keyGenerate, Do: m.generate, Hidden: true})
	}
	switch {
	case f.isText():
		gen := keyGenerate
		gen.SetHelp("ctrl+g", "generate "+map[bool]string{true: "MAC", false: "UUID"}[f == fMAC])
		t := append(moves, keymap.Entry{Key: keyNextText, Do: m.mover(1, false), Hidden: true})
		if f == fMAC || f == fInstanceID || f == fInterfaceID {
			t = append(t, keymap.Entry{Key: gen, Do: m.generate, Disabled: why})
		}
		// Text editing itself is the input's; listed so the help says so.
		return append(t, keymap.Entry{Key: keyClear, Disabled: why, Hidden: true})
	case f == fLink:
		return append(moves, keymap.Entry{Key: keyToggle, Do: func() tea.Cmd { m.cycle(f, 1); return nil }, Disabled: why})
	}
	if why == "" && m.isHostdev() && f == fSource {
		why = hostdevFixedText
	}
	t := append(moves, keymap.Entry{Key: keyChoose, Do: m.openPicker, Disabled: why})
	if f != fSource {
		t = append(t, keymap.Entry{Key: keyCycle, Do: nil, Disabled: why})
	}
	return t
}

// pickerTable documents the picker's keys; the picker handles them.
func pickerTable() keymap.Table {
	return keymap.Table{{Key: keymap.Up}, {Key: keymap.Down}, {Key: pickFilter}, {Key: pickChoose}, {Key: pickClose}, {Key: pickEnds, Hidden: true}}
}

func (m *Model) mover(d int, wrap bool) func() tea.Cmd {
	return func() tea.Cmd { m.move(d, wrap); return nil }
}

func (m *Model) openPicker() tea.Cmd {
	opts, cur := m.options(m.focus)
	m.picker = newPicker(m.focus, opts, cur)
	return nil
}

// refusal says why nothing on the form can be edited.
func (m *Model) refusal() string {
	if m.readOnly() {
		return readOnlyText
	}
	return fmt.Sprintf("NIC %d is not editable: %s", m.loaded.Index, m.loaded.NotEditableReason)
}

// ShortHelp lists the keys that act where the focus is (or in the picker).
func (m *Model) ShortHelp() []key.Binding {
	if m.picker != nil {
		return pickerTable().Short()
	}
	return m.table().Short()
}

// FullHelp lists the keys where the focus is: the field's, or the open
// picker's.
func (m *Model) FullHelp() [][]key.Binding {
	if m.picker != nil {
		return [][]key.Binding{pickerTable().Full()}
	}
	return [][]key.Binding{m.table().Full()}
}
