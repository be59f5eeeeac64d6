package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/hostnet"
)

// openHostNet pushes the host network view, as open does the details.
func (a *App) openHostNet() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("opening the host network view", r)
			cmd = nil
		}
	}()
	s := hostnet.New(a.ctx)
	a.stack = append(a.stack, s)
	if !a.tooSmall() {
		a.setSize(s)
	}
	return nil
}
