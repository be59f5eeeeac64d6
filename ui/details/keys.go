package details

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the details screen's one keymap. List and page bindings share
// no key that means two things on the same focus; see docs/tui.md "Keys".
type KeyMap struct {
	// Device list focused.
	Up     key.Binding
	Down   key.Binding
	Open   key.Binding
	Add    key.Binding
	Remove key.Binding
	Reload key.Binding
	Back   key.Binding

	// Page focused. Everything else goes to the NIC form.
	Apply    key.Binding
	Revert   key.Binding
	PageBack key.Binding
	// Read-only summary pages scroll.
	ScrollUp   key.Binding
	ScrollDown key.Binding
	PageUp     key.Binding
	PageDown   key.Binding

	// Unapplied-changes prompt.
	PromptApply   key.Binding
	PromptDiscard key.Binding
	PromptStay    key.Binding

	// Confirmation dialogs.
	Yes        key.Binding
	No         key.Binding
	ReloadLost key.Binding
	KeepEdit   key.Binding
}

// NewKeyMap builds the keymap. Read-only connections disable the edit
// bindings, so they vanish from help and never match.
func NewKeyMap(readOnly bool) KeyMap {
	k := KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open:   key.NewBinding(key.WithKeys("enter", "right", "l", "tab"), key.WithHelp("enter/→", "open page")),
		Add:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add NIC")),
		Remove: key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x/del", "remove NIC")),
		Reload: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Back:   key.NewBinding(key.WithKeys("esc", "left", "h"), key.WithHelp("esc/←", "domains")),

		Apply:      key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "apply")),
		Revert:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "revert")),
		PageBack:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "device list")),
		ScrollUp:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll")),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),

		PromptApply:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "apply")),
		PromptDiscard: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "discard")),
		PromptStay:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stay")),

		Yes:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		No:         key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "cancel")),
		ReloadLost: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		KeepEdit:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "keep editing")),
	}
	if readOnly {
		for _, b := range []*key.Binding{&k.Add, &k.Remove, &k.Apply, &k.Revert} {
			b.SetEnabled(false)
		}
	}
	return k
}

// pressed matches a key against a binding's keys even when the binding is
// disabled: read-only mode must still recognise an edit attempt to explain
// why nothing happens.
func pressed(msg interface{ String() string }, b key.Binding) bool {
	s := msg.String()
	for _, k := range b.Keys() {
		if k == s {
			return true
		}
	}
	return false
}
