package domainlist

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/ui/common"
	"virtnic/ui/components/dialog"
)

// What r and n do depend on the hosts: r lists every open host again and,
// among several, asks the root to retry the hosts that are down; n opens
// the host network view of the cursor's domain's host, or asks which host
// when the cursor is on no domain.

// refreshKey says what r does: among several hosts with one down, it
// retries that host too.
func (m *Model) refreshKey() key.Binding {
	if m.multi() {
		for _, p := range m.parts {
			if p.ctx.Link.Down() {
				return keyRetry
			}
		}
	}
	return keyRefresh
}

// refresh is r.
func (m *Model) refresh() tea.Cmd {
	if !m.multi() {
		return m.reload(m.parts[0])
	}
	var cmds []tea.Cmd
	down := false
	for _, p := range m.parts {
		if p.ctx.Link.Down() {
			down = true
			continue
		}
		cmds = append(cmds, m.reload(p))
	}
	if down {
		cmds = append(cmds, emit(common.RetryHostsMsg{})())
	}
	return tea.Batch(cmds...)
}

// hostNet is n.
func (m *Model) hostNet() tea.Cmd {
	if !m.multi() {
		return emit(common.OpenHostNetMsg{Host: m.ctx})()
	}
	if h := m.SelectedHost(); h != nil && m.Selected() != "" {
		return emit(common.OpenHostNetMsg{Host: h})()
	}
	var up []*common.Context
	for _, p := range m.parts {
		if !p.ctx.Link.Down() {
			up = append(up, p.ctx)
		}
	}
	switch {
	case len(up) == 0:
		return m.refuse("no host is connected: r retries")
	case len(up) == 1:
		return emit(common.OpenHostNetMsg{Host: up[0]})()
	}
	return common.Ask(whichHost(up))
}

// whichHost asks for the host whose network view to open: 1…9 pick one
// (more hosts than that are reached from one of their domains' rows).
func whichHost(hosts []*common.Context) dialog.Model {
	var choices []dialog.Choice
	text := "The cursor is on no domain. Open the view of:\n"
	for i, h := range hosts[:min(len(hosts), 9)] {
		n := strconv.Itoa(i + 1)
		choices = append(choices, dialog.Choice{
			Key:   key.NewBinding(key.WithKeys(n), key.WithHelp(n, h.HostName())),
			Label: h.HostName(), Msg: common.OpenHostNetMsg{Host: h},
		})
		text += n + "  " + h.HostName() + "\n"
	}
	choices = append(choices, dialog.Choice{Key: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")), Label: "cancel"})
	return dialog.New("Host network of which host?", text, "", choices...)
}
