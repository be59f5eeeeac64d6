package details

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
)

// What the NIC is doing now, on a running guest's page: its addresses, as
// libvirt knows them (read once per load), and its traffic, from the root's
// poll of this domain's counters every couple of seconds while the page is
// shown. Never a poll of its own.

const (
	historyLen   = 120 // rates kept per device: the widest sparkline
	runtimeRows  = 3   // a rule, addresses, traffic
	minFormRows  = 10  // below this the form needs the rows more
	sparkMinCols = 4
)

// runtime is the page's live side.
type runtime struct {
	addrs   model.AddrReport
	addrErr error
	asked   bool
	prev    model.NetSample
	history map[string][]model.Rate // by backend device
}

// WantsNetStats: the counters of this domain while a running NIC's page
// is shown.
func (m *Model) WantsNetStats() (string, []string, bool) {
	if !m.runtimeShown() {
		return "", nil, false
	}
	var targets []string
	for _, n := range m.d.NICs {
		if n.Target != "" {
			targets = append(targets, n.Target)
		}
	}
	return m.d.Info.UUID, targets, true
}

// runtimeShown: a running guest's existing NIC, with room for the rows.
func (m *Model) runtimeShown() bool {
	return m.form != nil && !m.adding && m.d != nil && m.d.Info.State.Active() &&
		m.formIdx >= 0 && m.formIdx < len(m.d.NICs) && m.bodyHeight()-3 >= minFormRows+runtimeRows
}

// askAddresses reads the addresses once per load of a running guest.
func (m *Model) askAddresses() tea.Cmd {
	if m.d == nil || !m.d.Info.State.Active() || m.ctx.Conn == nil {
		return nil
	}
	m.rt.asked = true
	return common.LoadAddresses(m.ctx, m.d)
}

func (m *Model) addressesArrived(msg common.AddressesMsg) {
	if m.d == nil || msg.UUID != m.d.Info.UUID {
		return
	}
	m.rt.addrs, m.rt.addrErr = msg.Report, msg.Err
}

func (m *Model) statsArrived(msg common.NetStatsMsg) {
	if m.d == nil || msg.UUID != m.d.Info.UUID || msg.Err != nil {
		return
	}
	if m.rt.history == nil {
		m.rt.history = map[string][]model.Rate{}
	}
	if m.rt.prev.ByUUID != nil {
		for dev, r := range model.Rates(m.rt.prev, msg.Sample) {
			h := append(m.rt.history[dev], r)
			if len(h) > historyLen {
				h = h[len(h)-historyLen:]
			}
			m.rt.history[dev] = h
		}
	}
	m.rt.prev = msg.Sample
}

// runtimeView is the rows under the form: a rule, the addresses, the
// traffic with a sparkline each way.
func (m *Model) runtimeView(w int) string {
	st := m.ctx.Styles
	n := m.d.NICs[m.formIdx]
	rule := st.Muted.Render(clip("Now "+m.liveLine(n), w))
	addr := st.Label.Render("Addresses ") + st.Value.Render(clip(m.addressText(n), max(1, w-10)))
	return strings.Join([]string{rule, addr, m.trafficLine(n, w)}, "\n")
}

// liveLine names the running guest's side of the NIC.
func (m *Model) liveLine(n model.NIC) string {
	parts := []string{}
	if n.Target != "" {
		parts = append(parts, "device "+present.Safe(n.Target))
	}
	if live, ok := m.d.Live[n.Index]; ok && live.Link != "" {
		parts = append(parts, "link "+live.Link)
	}
	if len(parts) == 0 {
		return "· not in the running guest yet"
	}
	return "· " + strings.Join(parts, " · ")
}

func (m *Model) addressText(n model.NIC) string {
	r := m.rt.addrs
	switch {
	case m.rt.addrErr != nil:
		return "cannot ask libvirt: " + m.rt.addrErr.Error()
	case !m.rt.asked || r.Tried == nil:
		return "asking libvirt…"
	}
	if a := r.For(n.MAC); len(a) > 0 {
		return present.Safe(strings.Join(a, ", ")) + "  (from " + r.Source + ")"
	}
	return "none known: no DHCP lease of a libvirt network, no guest agent answer, no ARP entry"
}

func (m *Model) trafficLine(n model.NIC, w int) string {
	st := m.ctx.Styles
	h := m.rt.history[n.Target]
	if n.Target == "" || len(h) == 0 {
		return st.Label.Render("Traffic   ") + st.Muted.Render("measuring…")
	}
	last := h[len(h)-1]
	rx, tx := "rx "+present.Rate(last.Rx)+" ", "tx "+present.Rate(last.Tx)+" "
	spark := max(0, (w-10-len(rx)-len(tx)-2)/2)
	line := st.Label.Render("Traffic   ") + st.Value.Render(rx)
	if spark >= sparkMinCols {
		line += st.Focused.Render(present.Sparkline(series(h, true), spark, st.ASCII)) + "  "
	}
	line += st.Value.Render(tx)
	if spark >= sparkMinCols {
		line += st.Focused.Render(present.Sparkline(series(h, false), spark, st.ASCII))
	}
	return line
}

func series(h []model.Rate, rx bool) []float64 {
	out := make([]float64, len(h))
	for i, r := range h {
		out[i] = r.Tx
		if rx {
			out[i] = r.Rx
		}
	}
	return out
}
