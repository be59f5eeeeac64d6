package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"
)

// session is one host's connection and everything that follows it: the
// first open, the event subscription, the reconnect loop with its own
// backoff, the host survey and the traffic poll. The root has one per
// host (virtnic -c hv1 -c hv2); a host lost, refused or never reached
// touches only its own session.
//
// Messages find their session by the host they name (common.HostBound, or
// the session the root's own messages carry): host.go in ui/common.
type session struct {
	app *App
	ctx *common.Context

	events     <-chan libvirtx.Event
	stopEvents func()
	gen        int
	statsOut   bool // a counters poll is in flight

	// opener opens the first connection (Run's Options.Hosts); sshFirst
	// says it may run the ssh binary, which asks on the terminal itself.
	opener   Opener
	sshFirst bool

	opening    bool  // an attempt to connect is in flight
	connectErr error // why the first connection failed

	reconnecting bool
	lastTry      string // why the last reconnect attempt failed
	failures     int    // reconnect attempts failed since the loss
	stopped      bool   // a refused login stopped the attempts until r
	seq          int    // voids scheduled attempts and countdowns when r or success overtakes them
	waitLeft     int    // seconds until the scheduled attempt, for the status line
	// retired holds connections replaced by a reconnect. They are closed
	// only at exit: a screen's command may still be using one, and closing
	// it under that call would crash it instead of letting it fail.
	retired []*libvirtx.Conn
}

// disconnected: no connection to use, the first one not yet open or the
// last one lost.
func (s *session) disconnected() bool { return s.ctx.Conn == nil || s.reconnecting }

// link is the connection's state for the header and the host rows.
func (s *session) link() common.Link {
	switch {
	case s.ctx.Conn == nil && s.connectErr != nil && !s.opening:
		return common.Link{State: common.LinkFailed, Err: s.connectErr.Error()}
	case s.ctx.Conn == nil:
		return common.Link{State: common.LinkOpening}
	case s.reconnecting && s.stopped:
		return common.Link{State: common.LinkStopped, Err: s.lastTry}
	case s.reconnecting && s.opening:
		return common.Link{State: common.LinkLost, Err: s.lastTry}
	case s.reconnecting:
		return common.Link{State: common.LinkLost, RetryIn: s.waitLeft, Err: s.lastTry}
	}
	return common.Link{State: common.LinkUp}
}

// start opens the host, or, when it is open already, subscribes to its
// events and reads its survey.
func (s *session) start() tea.Cmd {
	if s.ctx.Conn == nil {
		return s.openFirst()
	}
	return tea.Batch(s.subscribe(s.ctx.Conn), s.loadSurvey())
}

// note puts a connection event on the status line and in the message log,
// naming the host (only used among several hosts: with one, the status
// line's own connection text says it).
func (s *session) note(level common.StatusLevel, text, detail string) {
	msg := common.StatusMsg{Text: s.ctx.HostName() + ": " + text, Level: level, Detail: detail}
	s.app.status.Set(msg)
	s.app.record(msg.Level, msg.Text, msg.Detail)
}

// sessionFor is the session of host h. A message that names no host is
// the only host's; among several it is nobody's (nil).
func (a *App) sessionFor(h *common.Context) *session {
	if h == nil {
		if a.multi() {
			return nil
		}
		return a.session
	}
	for _, s := range a.sessions {
		if s.ctx == h {
			return s
		}
	}
	return nil
}

// own is the session a root message carries; those built by tests for the
// only host carry none.
func (a *App) own(s *session) *session {
	if s == nil && !a.multi() {
		return a.session
	}
	return s
}

func (a *App) multi() bool { return len(a.sessions) > 1 }

// topSession is the session of the host the top screen shows; nil for a
// screen of every host (the merged domain list) or of none.
func (a *App) topSession() *session {
	if hb, ok := a.top().(common.HostBound); ok {
		return a.sessionFor(hb.OnHost())
	}
	return nil
}

// shownSessions are the hosts the top screen shows.
func (a *App) shownSessions() []*session {
	if s := a.topSession(); s != nil {
		return []*session{s}
	}
	return a.sessions
}

// syncLinks copies every session's state into its Context after each
// message, for the screens that show it (the domain list's host rows).
func (a *App) syncLinks() {
	for _, s := range a.sessions {
		s.ctx.Link = s.link()
	}
}

// retryDown is the root's r: every host that is down tries now.
func (a *App) retryDown() tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range a.sessions {
		if s.disconnected() {
			cmds = append(cmds, s.retryNow())
		}
	}
	return tea.Batch(cmds...)
}

// msgHost is the host a message names, nil when it names none.
func msgHost(msg tea.Msg) *common.Context {
	if hb, ok := msg.(common.HostBound); ok {
		return hb.OnHost()
	}
	return nil
}
