package domainlist

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the domain list's keymap (docs/tui.md, "Domain list"). Nothing
// here edits libvirt, so read-only mode disables nothing.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding
	Open     key.Binding
	Filter   key.Binding
	// ClearFilter drops a kept filter; enabled only while one is kept, so
	// esc stays free for the root otherwise and the help bar only offers it
	// when it does something.
	ClearFilter key.Binding
	Refresh     key.Binding
	// HostNet opens the host network view: who uses which device, bridge
	// and network.
	HostNet key.Binding
	Quit    key.Binding

	// While the filter input has focus every other key is text, so only
	// these (none of them printable) act.
	AcceptFilter key.Binding
	CancelFilter key.Binding
	FilterUp     key.Binding
	FilterDown   key.Binding
}

// DefaultKeyMap returns the bindings docs/tui.md specifies.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Home:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first")),
		End:         key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last")),
		Open:        key.NewBinding(key.WithKeys("enter", "right", "l"), key.WithHelp("enter/→", "open")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter"), key.WithDisabled()),
		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		HostNet:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "host network")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),

		AcceptFilter: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		CancelFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		FilterUp:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		FilterDown:   key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
	}
}

// ShortHelp feeds the root's help bar.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	if m.filtering {
		return []key.Binding{k.AcceptFilter, k.CancelFilter, k.FilterUp, k.FilterDown}
	}
	return []key.Binding{k.Up, k.Down, k.Open, k.Filter, k.ClearFilter, k.Refresh, k.HostNet, k.Quit}
}

// FullHelp feeds the root's "?" overlay (never shown while capturing, but
// answer sensibly anyway).
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	if m.filtering {
		return [][]key.Binding{{k.AcceptFilter, k.CancelFilter}, {k.FilterUp, k.FilterDown}}
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
		{k.Open, k.Filter, k.ClearFilter, k.Refresh, k.HostNet, k.Quit},
	}
}
