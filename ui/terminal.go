package ui

import tea "github.com/charmbracelet/bubbletea"

// terminal hands the terminal to one host's open at a time. Several hosts
// open in parallel, but what they ask (ssh's password or host key,
// libvirt's user name and password, each possibly in several rounds) must
// not interleave on one terminal: the first host that needs it keeps it
// until its open ends, and the others' questions wait their turn, each
// headed by the host they are for. A host whose open asks nothing never
// waits.
type terminal struct {
	holder *session // whose open has the terminal; nil when it is free
	told   bool     // the holder's heading is on the terminal already
	queue  []termJob
}

// termJob is what a host waits to do with the terminal: run builds the
// command that hands it over, given the heading to print first ("" once
// the host has been named in this turn).
type termJob struct {
	s   *session
	run func(head string) tea.Cmd
}

// withTerminal runs job for s now, when the terminal is free or s has it,
// and otherwise once the hosts before it are done.
func (a *App) withTerminal(s *session, run func(head string) tea.Cmd) tea.Cmd {
	t := &a.term
	if t.holder != nil && t.holder != s {
		s.ctx.Logf("%s waits for the terminal (%s has it)", s.ctx.HostName(), t.holder.ctx.HostName())
		t.queue = append(t.queue, termJob{s: s, run: run})
		return nil
	}
	t.holder = s
	return t.start(run)
}

func (t *terminal) start(run func(head string) tea.Cmd) tea.Cmd {
	head := ""
	if !t.told {
		head, t.told = t.holder.ctx.FullName(), true
	}
	return run(head)
}

// releaseTerminal ends s's turn once its open is over, and starts the next
// host's.
func (a *App) releaseTerminal(s *session) tea.Cmd {
	t := &a.term
	if t.holder != s {
		return nil
	}
	t.holder, t.told = nil, false
	if len(t.queue) == 0 {
		return nil
	}
	next := t.queue[0]
	t.queue = t.queue[1:]
	t.holder = next.s
	return t.start(next.run)
}
