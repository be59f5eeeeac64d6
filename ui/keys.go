package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/components/dialog"
	"virtnic/ui/keymap"
)

// rootKeys are the bindings the root handles before any screen sees a key
// (docs/tui.md, "Root").
type rootKeys struct {
	Quit      key.Binding // always; asks when a screen is dirty
	Help      key.Binding // opens the overlay, not while a screen captures text
	CloseHelp key.Binding // closes the overlay
	Redraw    key.Binding // after an ssh prompt or a wall message scribbled over the screen
	Suspend   key.Binding // back to the shell; fg resumes
	Log       key.Binding // every status message so far, in full
	Retry     key.Binding // connect now, while the screen's host is down (screens' own r reloads otherwise)
}

func defaultRootKeys() rootKeys {
	return rootKeys{
		Quit:      keymap.New("ctrl+c", "quit", "ctrl+c"),
		Help:      keymap.New("?", "help", "?"),
		CloseHelp: keymap.New("esc/?", "close help", "esc", "?"),
		Redraw:    keymap.New("ctrl+l", "redraw", "ctrl+l"),
		Suspend:   keymap.New("ctrl+z", "suspend", "ctrl+z"),
		Log:       keymap.New("L", "messages", "L"),
		Retry:     keymap.New("r", "retry now", "r"),
	}
}

// table is what the root does with a key a dialog did not take. Help and
// the log need a screen that is not taking text, so "?" and "L" typed into
// a field stay text.
func (a *App) table() keymap.Table {
	t := keymap.Table{
		{Key: a.keys.Quit, Do: a.requestQuit},
		{Key: a.keys.Redraw, Do: func() tea.Cmd { return tea.ClearScreen }, Hidden: true},
		{Key: a.keys.Suspend, Do: func() tea.Cmd { return tea.Suspend }, Hidden: true},
	}
	if a.tooSmall() || a.top().Capturing() {
		return t
	}
	if a.retryable() {
		// Only while disconnected: connected, r is the screens' reload.
		t = append(t, keymap.Entry{Key: a.keys.Retry, Do: a.retryDown})
	}
	return append(t,
		keymap.Entry{Key: a.keys.Help, Do: func() tea.Cmd { a.openHelp(); return nil }},
		keymap.Entry{Key: a.keys.Log, Do: func() tea.Cmd { a.openLog(); return nil }, Hidden: true},
	)
}

// retryable: r is the root's retry. With one host, while it is down; among
// several, while the screen on top shows one host and that host is down
// (the merged list's own r lists again and retries the hosts that are
// down).
func (a *App) retryable() bool {
	if !a.multi() {
		return a.disconnected()
	}
	s := a.topSession()
	return s != nil && s.disconnected()
}

// quitChoice also answers to ctrl+c, so pressing it twice always quits,
// even when the dialog cannot be seen ("terminal too small").
var (
	quitChoice = key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit"))
	stayChoice = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stay"))
)

// key gives the top dialog the keyboard, then the root's own keys, then
// the top screen.
func (a *App) key(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste && !a.capturing() {
		return a.splitRunes(k)
	}
	if len(a.dialogs) > 0 {
		return a.dialogKey(k)
	}
	if cmd, ok := a.table().Dispatch(k, nil); ok {
		return cmd
	}
	if a.tooSmall() {
		return nil // the screen cannot be seen: acting on keys would be blind
	}
	return a.updateScreen(len(a.stack)-1, k)
}

// capturing: a text field has the keyboard (no dialog above it).
func (a *App) capturing() bool { return len(a.dialogs) == 0 && a.top().Capturing() }

// splitRunes handles keys that arrived together as one message. bubbletea
// reads everything the terminal sent at once and merges consecutive letters
// into one KeyMsg, which no single-key binding matches: "jjj" from key
// repeat over a slow SSH link, or keys sent by a script, would vanish.
// Each letter is handled on its own until a text field takes focus; the
// field then gets the rest as typed text.
func (a *App) splitRunes(k tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	rs := k.Runes
	for len(rs) > 0 && !a.quitting {
		if a.capturing() {
			cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: rs, Alt: k.Alt}))
			break
		}
		cmds = append(cmds, a.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: rs[:1], Alt: k.Alt}))
		rs = rs[1:]
	}
	return tea.Sequence(cmds...)
}

func (a *App) dirty() bool {
	for _, s := range a.stack {
		if s.Dirty() {
			return true
		}
	}
	return false
}

func (a *App) requestQuit() tea.Cmd {
	if !a.dirty() {
		a.quitting = true
		return tea.Quit
	}
	a.push(dialog.New("Quit with unapplied changes?", "Edits that have not been applied will be lost.", "",
		dialog.Choice{Key: quitChoice, Label: "quit", Msg: quitNowMsg{}},
		dialog.Choice{Key: stayChoice, Label: "stay"}))
	return nil
}
