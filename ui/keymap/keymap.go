// Package keymap makes a screen's keys data: one table per focus area of
// {binding, action, disabled reason}. Update walks the table, and the help
// bar and the "?" overlay are generated from the same table, so what the
// help says and what a key does cannot drift apart. A disabled key still
// answers, with its reason (lazygit's way), instead of doing nothing.
package keymap

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Entry is one key of a focus area.
type Entry struct {
	Key key.Binding
	// Do runs the action. nil with Disabled empty means the key is only
	// documented here and handled by an embedded component (a text field).
	Do func() tea.Cmd
	// Disabled says why the key does nothing here (read-only, nothing
	// selected); the key then answers with it.
	Disabled string
	// Hidden leaves the entry out of the one-line help bar (the overlay
	// still lists it).
	Hidden bool
}

// Table is a focus area's keys, first match wins.
type Table []Entry

// Match returns the entry whose keys include the pressed key. Bindings are
// compared by their keys, so a disabled one is found too.
func (t Table) Match(k tea.KeyMsg) (Entry, bool) {
	s := k.String()
	for _, e := range t {
		for _, ks := range e.Key.Keys() {
			if ks == s {
				return e, true
			}
		}
	}
	return Entry{}, false
}

// Dispatch runs what the key selects: the action, or refuse(reason) for a
// disabled entry. handled is false when the table has no such key or the
// entry leaves the key to an embedded component.
func (t Table) Dispatch(k tea.KeyMsg, refuse func(reason string) tea.Cmd) (cmd tea.Cmd, handled bool) {
	e, ok := t.Match(k)
	switch {
	case !ok:
		return nil, false
	case e.Disabled != "":
		return refuse(e.Disabled), true
	case e.Do == nil:
		return nil, false
	}
	return e.Do(), true
}

// Short is the help bar: enabled entries with help text, not hidden.
func (t Table) Short() []key.Binding {
	var out []key.Binding
	for _, e := range t {
		if e.Disabled == "" && !e.Hidden && e.Key.Help().Key != "" {
			out = append(out, e.Key)
		}
	}
	return out
}

// Full is the overlay's column: every entry with help text; a disabled one
// is marked so (pressing it says why).
func (t Table) Full() []key.Binding {
	var out []key.Binding
	for _, e := range t {
		h := e.Key.Help()
		if h.Key == "" {
			continue
		}
		b := e.Key
		if e.Disabled != "" {
			b = key.NewBinding(key.WithKeys(e.Key.Keys()...), key.WithHelp(h.Key, h.Desc+" (disabled here)"))
		}
		out = append(out, b)
	}
	return out
}

// New is key.NewBinding for the usual keys-plus-help pair.
func New(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}
