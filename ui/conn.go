package ui

import (
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/components/statusbar"
)

// subscribe runs Events in a command because it talks to libvirt.
func (a *App) subscribe(c *libvirtx.Conn) tea.Cmd {
	if a.noEvents || c == nil {
		return nil
	}
	return func() tea.Msg {
		ch, stop, err := c.Events()
		return subscribedMsg{conn: c, ch: ch, stop: stop, err: err}
	}
}

func (a *App) subscribed(msg subscribedMsg) tea.Cmd {
	if msg.err != nil {
		a.ctx.Logf("no live updates: %v", msg.err)
		if libvirtx.IsConnectionLost(msg.err) && msg.conn == a.ctx.Conn {
			return a.connLost(msg.err.Error())
		}
		return nil
	}
	if msg.conn != a.ctx.Conn || a.quitting || a.reconnecting {
		stop := msg.stop
		return func() tea.Msg { stop(); return nil }
	}
	a.gen++
	a.events, a.stopEvents = msg.ch, msg.stop
	return a.wait()
}

// wait is re-armed after every event: one command blocks on the channel at
// a time.
func (a *App) wait() tea.Cmd {
	ch, gen := a.events, a.gen
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		ev, ok := <-ch
		return eventMsg{gen: gen, ev: ev, ok: ok}
	}
}

func (a *App) connLost(reason string) tea.Cmd {
	if a.reconnecting || a.quitting || a.ctx.Conn == nil {
		return nil
	}
	a.ctx.Logf("connection lost (%s); reconnecting", reason)
	a.reconnecting = true
	a.lastTry, a.failures, a.stopped = "", 0, false
	a.gen++ // whatever the old subscription still delivers is stale now
	cmds := []tea.Cmd{a.schedule()}
	if stop := a.stopEvents; stop != nil {
		// Deregistering talks to libvirt, so it too runs as a command.
		cmds = append(cmds, func() tea.Msg { stop(); return nil })
	}
	a.events, a.stopEvents = nil, nil
	return tea.Batch(cmds...)
}

// schedule arms the next automatic attempt, backoff(failures) from now,
// and the once-a-second countdown the status line shows until then.
func (a *App) schedule() tea.Cmd {
	d := backoff(a.failures, reconnectEvery, reconnectMax)
	a.seq++
	seq := a.seq
	a.waitLeft = secondsLeft(d)
	a.ctx.Logf("next reconnect attempt in %v", d)
	cmds := []tea.Cmd{tea.Tick(d, func(time.Time) tea.Msg { return reconnectTickMsg{seq: seq} })}
	if d > time.Second {
		cmds = append(cmds, a.countdown(seq))
	}
	return tea.Batch(cmds...)
}

func (a *App) countdown(seq int) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return countdownMsg{seq: seq} })
}

func (a *App) counted(msg countdownMsg) tea.Cmd {
	if msg.seq != a.seq || !a.reconnecting || a.opening || a.waitLeft <= 1 {
		return nil
	}
	a.waitLeft--
	return a.countdown(msg.seq)
}

func (a *App) ticked(msg reconnectTickMsg) tea.Cmd {
	if !a.reconnecting || msg.seq != a.seq || a.opening || a.stopped {
		return nil
	}
	a.opening = true
	return a.reconnect(false)
}

// reconnect opens a new connection to libvirt's URI of the lost one, so it
// reaches the same host even when the user relied on LIBVIRT_DEFAULT_URI.
// An automatic attempt (interactive false) asks nothing, and keeps the ssh
// binary from asking on the terminal under the UI (libvirt's no_tty=1):
// what would need an answer fails as refused, which stops the loop until
// r, an interactive attempt, asks.
func (a *App) reconnect(interactive bool) tea.Cmd {
	demo, ro, uri := a.ctx.Demo, a.ctx.ReadOnly, a.ctx.URI
	done := func(c *libvirtx.Conn, err error) tea.Msg { return common.ReconnectedMsg{Conn: c, Err: err} }
	// The demo's node file was deleted once it was loaded, so its URI
	// cannot be reopened: a fresh demo host is the only way back.
	if demo {
		return func() tea.Msg { c, err := libvirtx.OpenDemo(ro); return done(c, err) }
	}
	if interactive {
		open := func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
			return libvirtx.OpenWith(uri, libvirtx.OpenOpts{ReadOnly: ro, Prompter: p})
		}
		return a.interactive(open, libvirtx.SSHMayPrompt(uri), done)
	}
	return func() tea.Msg {
		c, err := libvirtx.OpenWith(uri, libvirtx.OpenOpts{ReadOnly: ro, NoTTY: true, Prompter: libvirtx.Refuse(errAutoNoAsk)})
		return done(c, err)
	}
}

func (a *App) reconnected(msg common.ReconnectedMsg) tea.Cmd {
	a.opening = false
	if !a.reconnecting {
		if msg.Conn != nil {
			a.retired = append(a.retired, msg.Conn)
		}
		return nil
	}
	if msg.Err != nil || msg.Conn == nil {
		return a.reconnectFailed(msg.Err)
	}
	a.retired = append(a.retired, a.ctx.Conn)
	a.ctx.Conn = msg.Conn
	a.ctx.Survey = nil
	a.reconnecting, a.stopped = false, false
	a.lastTry, a.failures = "", 0
	a.seq++
	text := "reconnected to " + a.ctx.HostName()
	if a.ctx.Demo {
		text = "reconnected: the demo host started afresh, earlier demo changes are gone"
	}
	a.status = statusbar.Model{Text: text, Level: common.StatusOK}
	a.ctx.Logf("%s", text)
	// Screens re-read on ReconnectedMsg; a dirty form keeps its edits.
	return tea.Batch(a.subscribe(msg.Conn), a.broadcast(msg), a.loadSurvey())
}

// reconnectFailed schedules the next attempt, or stops trying when the
// failure is a refused login: retrying that on a timer only piles up
// failed logins on the server (fail2ban bans after a few).
func (a *App) reconnectFailed(err error) tea.Cmd {
	if err == nil {
		err = errors.New("no connection")
	}
	a.lastTry = err.Error()
	a.failures++
	a.ctx.Logf("reconnect failed (%d so far): %v", a.failures, err)
	if libvirtx.IsAuthError(err) {
		a.stopped = true
		a.seq++
		a.ctx.Logf("reconnecting stopped: the login was refused; waiting for r")
		// The status line says so until r; L shows the whole error.
		a.record(common.StatusError, "reconnecting stopped: the login was refused", err.Error())
		return nil
	}
	return a.schedule()
}

// reconnectStatus is the status line while the connection is lost.
func (a *App) reconnectStatus() statusbar.Model {
	last := ""
	if a.lastTry != "" {
		last = " (last attempt: " + a.lastTry + ")"
	}
	switch {
	case a.stopped:
		return statusbar.Model{Text: "connection to libvirt lost — not retrying, the login was refused: press r to retry" + last,
			Level: common.StatusError}
	case a.opening:
		return statusbar.Model{Text: lostText + last, Level: common.StatusWarn}
	}
	return statusbar.Model{Text: fmt.Sprintf("%s retrying in %d s%s", lostText, a.waitLeft, last), Level: common.StatusWarn}
}

// Shutdown ends the event subscription and closes every connection the
// session used. Run calls it after the program ends.
func (a *App) Shutdown() {
	select {
	case <-a.done:
	default:
		close(a.done)
	}
	if a.stopEvents != nil {
		a.stopEvents()
		a.stopEvents = nil
	}
	for _, c := range a.retired {
		_ = c.Close()
	}
	a.retired = nil
	_ = a.ctx.Conn.Close()
}
