package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"
)

// statsEvery paces the traffic counters' poll: often enough for a rate to
// move, rarely enough that a host over a slow link hardly notices one
// bulk call.
var statsEvery = 2 * time.Second

type statsTickMsg struct{}

// statsTick keeps one timer running; it costs no libvirt call. Unit tests
// (noEvents) run without it, so draining commands never waits on it.
func (a *App) statsTick() tea.Cmd {
	if a.noEvents {
		return nil
	}
	return tea.Tick(statsEvery, func(time.Time) tea.Msg { return statsTickMsg{} })
}

// pollStats asks for the counters the top screen shows, if it shows any:
// one call per host it shows per tick, never one per domain, and none
// while that host's poll is still out (a slow host does not pile them up,
// nor hold the others back).
func (a *App) pollStats() tea.Cmd {
	next := a.statsTick()
	w, ok := a.top().(common.StatsWanter)
	if !ok {
		return next
	}
	cmds := []tea.Cmd{next}
	for _, s := range a.shownSessions() {
		cmds = append(cmds, s.pollStats(w))
	}
	return tea.Batch(cmds...)
}

func (s *session) pollStats(w common.StatsWanter) tea.Cmd {
	if s.disconnected() || s.statsOut {
		return nil
	}
	uuid, targets, want := w.WantsNetStats()
	if hw, ok := w.(common.HostStatsWanter); ok && want {
		want = hw.WantsNetStatsOn(s.ctx)
	}
	if !want {
		return nil
	}
	s.statsOut = true
	return common.PollNetStats(s.ctx, uuid, targets)
}

// statsArrived hands a poll to the host's screens. A failed poll is
// logged, not shown: the next tick tries again, and a lost connection is
// noticed (and reported) the usual way.
func (s *session) statsArrived(msg common.NetStatsMsg) tea.Cmd {
	s.statsOut = false
	if msg.Err != nil {
		s.ctx.Logf("%s: interface statistics: %v", s.ctx.HostName(), msg.Err)
		if libvirtx.IsConnectionLost(msg.Err) && msg.Conn == s.ctx.Conn {
			return s.connLost(msg.Err.Error())
		}
		return nil
	}
	if msg.Conn != s.ctx.Conn {
		return nil // from before a reconnect
	}
	return s.app.broadcast(msg)
}
