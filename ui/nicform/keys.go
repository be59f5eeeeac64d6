package nicform

import "github.com/charmbracelet/bubbles/key"

// keyMap holds the form's keys. Every action is a ctrl combination or a key
// that cannot be text (tab, arrows, enter, space on a non-text row), so a
// letter typed into a field is always text.
type keyMap struct {
	Next, Prev key.Binding
	Up, Down   key.Binding
	Choose     key.Binding // enter/space on a choice row opens its picker
	Cycle      key.Binding // ←/→ steps through a choice row's values
	Toggle     key.Binding // space on Link state
	Generate   key.Binding // ctrl+g: MAC, instanceid, interfaceid

	PickUp, PickDown, PickFilter, PickChoose, PickClose key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Up:       key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous field")),
		Down:     key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next field")),
		Choose:   key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("enter/space", "choose")),
		Cycle:    key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "cycle value")),
		Toggle:   key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle link")),
		Generate: key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "generate")),

		PickUp:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		PickDown:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PickFilter: key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		PickChoose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		PickClose:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// update enables the edit bindings only where they can act, so help shows
// what works now and read-only mode shows none of them.
func (k *keyMap) update(m *Model) {
	edit := m.canEdit()
	f := m.focus
	choice := !f.isText() && f != fLink
	k.Choose.SetEnabled(edit && choice)
	k.Cycle.SetEnabled(edit && choice && f != fSource)
	k.Toggle.SetEnabled(edit && f == fLink)
	k.Generate.SetEnabled(edit && (f == fMAC || f == fInstanceID || f == fInterfaceID))
	if f == fMAC {
		k.Generate.SetHelp("ctrl+g", "generate MAC")
	} else {
		k.Generate.SetHelp("ctrl+g", "generate UUID")
	}
}

// ShortHelp lists the keys that act on the focused row (or the picker).
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.picker != nil {
		return []key.Binding{k.PickUp, k.PickDown, k.PickFilter, k.PickChoose, k.PickClose}
	}
	return []key.Binding{k.Next, k.Prev, k.Choose, k.Cycle, k.Toggle, k.Generate}
}

// FullHelp groups the form's keys: moving, editing, the picker.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Next, k.Prev, k.Up, k.Down},
		{k.Choose, k.Cycle, k.Toggle, k.Generate},
		{k.PickUp, k.PickDown, k.PickFilter, k.PickChoose, k.PickClose},
	}
}
