package ui

import (
	"errors"
	"fmt"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/components/statusbar"
)

// A host's events and reconnecting. Every function here is one session's:
// one host lost keeps the others' subscriptions, and each host backs off
// on its own.

// subscribe runs Events in a command because it talks to libvirt.
func (s *session) subscribe(c *libvirtx.Conn) tea.Cmd {
	if s.app.noEvents || c == nil {
		return nil
	}
	return func() tea.Msg {
		ch, stop, err := c.Events()
		return subscribedMsg{s: s, conn: c, ch: ch, stop: stop, err: err}
	}
}

func (s *session) subscribed(msg subscribedMsg) tea.Cmd {
	if msg.err != nil {
		s.ctx.Logf("%s: no live updates: %v", s.ctx.HostName(), msg.err)
		if libvirtx.IsConnectionLost(msg.err) && msg.conn == s.ctx.Conn {
			return s.connLost(msg.err.Error())
		}
		return nil
	}
	if msg.conn != s.ctx.Conn || s.app.quitting || s.reconnecting {
		stop := msg.stop
		return func() tea.Msg { stop(); return nil }
	}
	s.gen++
	s.events, s.stopEvents = msg.ch, msg.stop
	return s.wait()
}

// wait is re-armed after every event: one command blocks on the channel at
// a time.
func (s *session) wait() tea.Cmd {
	ch, gen := s.events, s.gen
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-ch
		return eventMsg{s: s, gen: gen, ev: ev, ok: ok}
	}
}

func (a *App) eventArrived(msg eventMsg) tea.Cmd {
	s := a.own(msg.s)
	if s == nil || msg.gen != s.gen {
		return nil
	}
	if !msg.ok {
		s.ctx.Logf("%s: event stream ended", s.ctx.HostName())
		s.events, s.stopEvents = nil, nil
		return nil
	}
	s.ctx.Logf("%s: event: %+v", s.ctx.HostName(), msg.ev)
	_, cmd := a.Update(common.DomainEventMsg{Host: s.ctx, Event: msg.ev})
	return tea.Batch(s.wait(), cmd)
}

// domainEvent: a closed connection is the host's loss; any other event
// goes to the host's screens and into its survey.
func (s *session) domainEvent(msg common.DomainEventMsg) tea.Cmd {
	if msg.Event.Kind == libvirtx.EventClosed {
		return s.connLost(msg.Event.Detail)
	}
	return tea.Batch(s.app.broadcast(msg), s.surveyEvent(msg.Event))
}

func (s *session) connLost(reason string) tea.Cmd {
	if s.reconnecting || s.app.quitting || s.ctx.Conn == nil {
		return nil
	}
	s.ctx.Logf("%s: connection lost (%s); reconnecting", s.ctx.HostName(), reason)
	s.reconnecting = true
	s.lastTry, s.failures, s.stopped = "", 0, false
	s.gen++ // whatever the old subscription still delivers is stale now
	if s.app.multi() {
		s.note(common.StatusWarn, "connection lost — reconnecting", reason)
	}
	cmds := []tea.Cmd{s.schedule()}
	if stop := s.stopEvents; stop != nil {
		// Deregistering talks to libvirt, so it too runs as a command.
		cmds = append(cmds, func() tea.Msg { stop(); return nil })
	}
	s.events, s.stopEvents = nil, nil
	return tea.Batch(cmds...)
}

// schedule arms the next automatic attempt, backoff(failures) from now,
// and the once-a-second countdown the status line shows until then.
func (s *session) schedule() tea.Cmd {
	d := backoff(s.failures, reconnectEvery, reconnectMax)
	s.seq++
	seq := s.seq
	s.waitLeft = secondsLeft(d)
	s.ctx.Logf("%s: next reconnect attempt in %v", s.ctx.HostName(), d)
	cmds := []tea.Cmd{tea.Tick(d, func(time.Time) tea.Msg { return reconnectTickMsg{s: s, seq: seq} })}
	if d > time.Second {
		cmds = append(cmds, s.countdown(seq))
	}
	return tea.Batch(cmds...)
}

func (s *session) countdown(seq int) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return countdownMsg{s: s, seq: seq} })
}

func (s *session) counted(msg countdownMsg) tea.Cmd {
	if msg.seq != s.seq || !s.reconnecting || s.opening || s.waitLeft <= 1 {
		return nil
	}
	s.waitLeft--
	return s.countdown(msg.seq)
}

func (s *session) ticked(msg reconnectTickMsg) tea.Cmd {
	if !s.reconnecting || msg.seq != s.seq || s.opening || s.stopped {
		return nil
	}
	s.opening = true
	return s.reconnect(false)
}

// reconnect opens a new connection to libvirt's URI of the lost one, so it
// reaches the same host even when the user relied on LIBVIRT_DEFAULT_URI.
// An automatic attempt (interactive false) asks nothing, and keeps the ssh
// binary from asking on the terminal under the UI (libvirt's no_tty=1):
// what would need an answer fails as refused, which stops the loop until
// r, an interactive attempt, asks.
func (s *session) reconnect(interactive bool) tea.Cmd {
	demo, ro, uri, h := s.ctx.Demo, s.ctx.ReadOnly, s.ctx.URI, s.ctx
	done := func(c *libvirtx.Conn, err error) tea.Msg { return common.ReconnectedMsg{Host: h, Conn: c, Err: err} }
	// The demo's node file was deleted once it was loaded, so its URI
	// cannot be reopened: a fresh demo host is the only way back.
	if demo {
		return func() tea.Msg { c, err := libvirtx.OpenDemo(ro); return done(c, err) }
	}
	if interactive {
		open := func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
			return libvirtx.OpenWith(uri, libvirtx.OpenOpts{ReadOnly: ro, Prompter: p})
		}
		return s.interactive(open, libvirtx.SSHMayPrompt(uri), done)
	}
	return func() tea.Msg {
		c, err := libvirtx.OpenWith(uri, libvirtx.OpenOpts{ReadOnly: ro, NoTTY: true, Prompter: libvirtx.Refuse(errAutoNoAsk)})
		return done(c, err)
	}
}

func (s *session) reconnected(msg common.ReconnectedMsg) tea.Cmd {
	a := s.app
	s.opening = false
	release := a.releaseTerminal(s)
	if !s.reconnecting {
		if msg.Conn != nil {
			s.retired = append(s.retired, msg.Conn)
		}
		return release
	}
	if msg.Err != nil || msg.Conn == nil {
		return tea.Batch(release, s.reconnectFailed(msg.Err))
	}
	s.retired = append(s.retired, s.ctx.Conn)
	s.ctx.Conn = msg.Conn
	s.ctx.Survey = nil
	s.reconnecting, s.stopped = false, false
	s.lastTry, s.failures = "", 0
	s.seq++
	text := "reconnected to " + s.ctx.HostName()
	if s.ctx.Demo {
		text = "reconnected: the demo host started afresh, earlier demo changes are gone"
	}
	a.status = statusbar.Model{Text: text, Level: common.StatusOK}
	if a.multi() {
		a.record(common.StatusOK, text, "")
	}
	s.ctx.Logf("%s", text)
	// Screens re-read on ReconnectedMsg; a dirty form keeps its edits.
	return tea.Batch(release, s.subscribe(msg.Conn), a.broadcast(msg), s.loadSurvey())
}

// reconnectFailed schedules the next attempt, or stops trying when the
// failure is a refused login: retrying that on a timer only piles up
// failed logins on the server (fail2ban bans after a few).
func (s *session) reconnectFailed(err error) tea.Cmd {
	if err == nil {
		err = errors.New("no connection")
	}
	s.lastTry = err.Error()
	s.failures++
	s.ctx.Logf("%s: reconnect failed (%d so far): %v", s.ctx.HostName(), s.failures, err)
	if libvirtx.IsAuthError(err) {
		s.stopped = true
		s.seq++
		s.ctx.Logf("%s: reconnecting stopped: the login was refused; waiting for r", s.ctx.HostName())
		// The status line says so until r; L shows the whole error.
		if s.app.multi() {
			s.note(common.StatusError, "reconnecting stopped: the login was refused (r retries)", err.Error())
		} else {
			s.app.record(common.StatusError, "reconnecting stopped: the login was refused", err.Error())
		}
		return nil
	}
	return s.schedule()
}

// reconnectStatus is the status line while the only host's connection is
// lost (among several hosts the header shows each one's state).
func (s *session) reconnectStatus() statusbar.Model {
	last := ""
	if s.lastTry != "" {
		last = " (last attempt: " + s.lastTry + ")"
	}
	switch {
	case s.stopped:
		return statusbar.Model{Text: "connection to libvirt lost — not retrying, the login was refused: press r to retry" + last,
			Level: common.StatusError}
	case s.opening:
		return statusbar.Model{Text: lostText + last, Level: common.StatusWarn}
	}
	return statusbar.Model{Text: fmt.Sprintf("%s retrying in %d s%s", lostText, s.waitLeft, last), Level: common.StatusWarn}
}

// close ends the host's subscription and closes every connection it used.
func (s *session) close() {
	if s.stopEvents != nil {
		s.stopEvents()
		s.stopEvents = nil
	}
	for _, c := range s.retired {
		_ = c.Close()
	}
	s.retired = nil
	_ = s.ctx.Conn.Close()
}

// Shutdown ends every host's event subscription and closes every
// connection the session used, the hosts at once (a close is a round trip
// each, and a user who quit is waiting for the shell). Run calls it after
// the program ends.
func (a *App) Shutdown() {
	select {
	case <-a.done:
	default:
		close(a.done)
	}
	var wg sync.WaitGroup
	for _, s := range a.sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.close()
		}()
	}
	wg.Wait()
}
