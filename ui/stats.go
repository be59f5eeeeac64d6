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
// one call per host per tick, never one per domain, and none while a poll
// is still out (a slow host does not pile them up).
func (a *App) pollStats() tea.Cmd {
	next := a.statsTick()
	w, ok := a.top().(common.StatsWanter)
	if !ok || a.disconnected() || a.statsOut {
		return next
	}
	uuid, targets, want := w.WantsNetStats()
	if !want {
		return next
	}
	a.statsOut = true
	return tea.Batch(next, common.PollNetStats(a.ctx.Conn, uuid, targets))
}

// statsArrived hands a poll to the screens. A failed poll is logged, not
// shown: the next tick tries again, and a lost connection is noticed (and
// reported) the usual way.
func (a *App) statsArrived(msg common.NetStatsMsg) tea.Cmd {
	a.statsOut = false
	if msg.Err != nil {
		a.ctx.Logf("interface statistics: %v", msg.Err)
		if libvirtx.IsConnectionLost(msg.Err) && msg.Conn == a.ctx.Conn {
			return a.connLost(msg.Err.Error())
		}
		return nil
	}
	if msg.Conn != a.ctx.Conn {
		return nil // from before a reconnect
	}
	return a.broadcast(msg)
}
