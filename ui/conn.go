package ui

import (
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
	if a.reconnecting || a.quitting {
		return nil
	}
	a.ctx.Logf("connection lost (%s); reconnecting", reason)
	a.reconnecting = true
	a.lastTry = ""
	a.gen++ // whatever the old subscription still delivers is stale now
	cmds := []tea.Cmd{a.tick()}
	if stop := a.stopEvents; stop != nil {
		// Deregistering talks to libvirt, so it too runs as a command.
		cmds = append(cmds, func() tea.Msg { stop(); return nil })
	}
	a.events, a.stopEvents = nil, nil
	return tea.Batch(cmds...)
}

func (a *App) tick() tea.Cmd {
	return tea.Tick(reconnectEvery, func(time.Time) tea.Msg { return reconnectTickMsg{} })
}

func (a *App) reconnect() tea.Cmd {
	demo, ro, uri := a.ctx.Demo, a.ctx.ReadOnly, a.ctx.URI
	return func() tea.Msg {
		var (
			c   *libvirtx.Conn
			err error
		)
		// The demo's node file was deleted once it was loaded, so its URI
		// cannot be reopened: a fresh demo host is the only way back.
		if demo {
			c, err = libvirtx.OpenDemo(ro)
		} else {
			c, err = libvirtx.Open(uri, ro)
		}
		return common.ReconnectedMsg{Conn: c, Err: err}
	}
}

func (a *App) reconnected(msg common.ReconnectedMsg) tea.Cmd {
	if !a.reconnecting {
		if msg.Conn != nil {
			a.retired = append(a.retired, msg.Conn)
		}
		return nil
	}
	if msg.Err != nil || msg.Conn == nil {
		if msg.Err != nil {
			a.lastTry = msg.Err.Error()
		}
		a.ctx.Logf("reconnect failed: %v", msg.Err)
		return a.tick()
	}
	a.retired = append(a.retired, a.ctx.Conn)
	a.ctx.Conn = msg.Conn
	a.ctx.Survey = nil
	a.reconnecting = false
	a.lastTry = ""
	text := "reconnected to " + a.ctx.URI
	if a.ctx.Demo {
		text = "reconnected: the demo host started afresh, earlier demo changes are gone"
	}
	a.status = statusbar.Model{Text: text, Level: common.StatusOK}
	a.ctx.Logf("%s", text)
	// Screens re-read on ReconnectedMsg; a dirty form keeps its edits.
	return tea.Batch(a.subscribe(msg.Conn), a.broadcast(msg), a.loadSurvey())
}

// Shutdown ends the event subscription and closes every connection the
// session used. Run calls it after the program ends.
func (a *App) Shutdown() {
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
