package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/ui/components/dialog"
)

// push opens a dialog on top of the others, sized for the screen area.
func (a *App) push(d dialog.Model) {
	d.SetSize(a.ctx.Width, a.ctx.Height, a.ctx.Styles)
	a.dialogs = append(a.dialogs, d)
}

func (a *App) pop() { a.dialogs = a.dialogs[:len(a.dialogs)-1] }

// dialogKey gives a key to the top dialog. ctrl+c still quits from under
// any dialog but the quit question itself, which takes it as "quit".
func (a *App) dialogKey(k tea.KeyMsg) tea.Cmd {
	top := &a.dialogs[len(a.dialogs)-1]
	next, chosen, done := top.Update(k)
	if done {
		a.pop()
		if chosen == nil {
			return nil
		}
		return func() tea.Msg { return chosen }
	}
	*top = next
	if key.Matches(k, a.keys.Quit) {
		return a.requestQuit()
	}
	return nil
}

// openHelp shows every key of where the user is, generated from the top
// screen's key tables, as a dialog.
func (a *App) openHelp() {
	groups := append([][]key.Binding{}, a.top().FullHelp()...)
	groups = append(groups, []key.Binding{
		key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "this help")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close help, dialogs")),
		a.keys.Quit,
	})
	width := min(a.ctx.Width-6, 134)
	// The dialog escapes what it is given; the key list is ours, so its
	// styling is dropped rather than shown escaped.
	text := strings.TrimRight(ansi.Strip(a.help.FullView(groups, width)), "\n") + "\n\nesc or ? closes this help"
	a.push(dialog.New("Keys", text, "", dialog.Choice{Key: a.keys.CloseHelp, Label: "close"}))
}
