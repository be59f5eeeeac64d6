package ui

import (
	"fmt"
	"runtime/debug"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/components/errorbox"
	"virtnic/ui/details"
	"virtnic/ui/findings"
	"virtnic/ui/hostnet"
)

// Pushing screens and handing them messages, so that a screen that panics
// costs the user an error box, not the terminal.

// open pushes the details of host s's domain name.
func (a *App) open(s *session, name, mac string) (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("opening "+name, r)
			cmd = nil
		}
	}()
	d, cmd := details.New(s.ctx, name)
	d.SelectNIC(mac)
	a.stack = append(a.stack, d)
	if !a.tooSmall() {
		a.setSize(d)
	}
	return a.safeCmd(cmd)
}

// broadcast gives msg to every screen, bottom first; a message about one
// host skips the screens of other hosts.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	h := msgHost(msg)
	var cmds []tea.Cmd
	for i, s := range a.stack {
		if sh, ok := s.(common.HostBound); ok && h != nil && sh.OnHost() != h {
			continue
		}
		cmds = append(cmds, a.updateScreen(i, msg))
	}
	return tea.Batch(cmds...)
}

// updateScreen survives a panicking screen: the session (and its other
// screens) stays usable and the user sees an error box instead of losing
// the terminal.
func (a *App) updateScreen(i int, msg tea.Msg) (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.panicked("handling "+fmt.Sprintf("%T", msg), r)
			cmd = nil
		}
	}()
	s, cmd := a.stack[i].Update(msg)
	if s != nil {
		a.stack[i] = s
	}
	return a.safeCmd(cmd)
}

func (a *App) recoverScreen(what string) {
	if r := recover(); r != nil {
		a.panicked(what, r)
	}
}

func (a *App) panicked(what string, r any) {
	a.ctx.Logf("panic while %s: %v\n%s", what, r, debug.Stack())
	a.push(errorbox.Dialog("Internal error",
		fmt.Errorf("virtnic failed while %s: %v. Press r to reload; --log FILE records details", what, r)))
}

// safeCmd turns a panic inside a command (which runs on its own goroutine)
// into an error box instead of ending the program.
func (a *App) safeCmd(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	log := a.ctx.Log
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("panic in command: %v\n%s", r, debug.Stack())
				msg = common.ErrorMsg{Title: "Internal error", Err: fmt.Errorf("a background task failed: %v", r)}
			}
		}()
		return cmd()
	}
}

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
