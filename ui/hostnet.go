package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/hostnet"
)

// openHostNet pushes host h's network view, as open does the details.
func (a *App) openHostNet(h *session) (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("opening the host network view", r)
			cmd = nil
		}
	}()
	s := hostnet.New(h.ctx)
	a.stack = append(a.stack, s)
	if !a.tooSmall() {
		a.setSize(s)
	}
	return nil
}
