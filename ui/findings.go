package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/findings"
)

// openFindings pushes the findings view of every host.
func (a *App) openFindings() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("opening the findings view", r)
			cmd = nil
		}
	}()
	var hosts []*common.Context
	for _, s := range a.sessions {
		hosts = append(hosts, s.ctx)
	}
	s := findings.New(a.ctx, hosts)
	a.stack = append(a.stack, s)
	if !a.tooSmall() {
		a.setSize(s)
	}
	return nil
}
