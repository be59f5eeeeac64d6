package domainlist

import (
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
)

// part is one host's share of the list: its listing, its loads in flight,
// its survey terms and traffic rates.
type part struct {
	ctx *common.Context

	// loading is true while a LoadDomains is in flight; loaded once any
	// answer (data or error) has arrived, so the first connect shows the
	// spinner full-screen and later refreshes keep the table.
	loading bool
	loaded  bool
	// stale records a reload asked for while one was in flight: the answer
	// on its way may predate the event that asked, so one more follows.
	stale bool
	err   error

	doms []model.DomainInfo
	// terms is, by domain name, its NICs' MACs and sources from the host
	// survey (nil until the survey arrives: names and states only).
	terms map[string]string
	// marks is, by domain name, its check findings' mark (findings.go).
	marks map[string]mark

	// prevSample is the last poll of the host's counters; rates, by
	// domain UUID, the traffic between it and the one before.
	prevSample model.NetSample
	rates      map[string]model.Rate
}

// rowRef says whose a row is: part is the index into Model.parts; host
// marks the one row of a host that has no domains to show.
type rowRef struct {
	part int
	host bool
}

// rowKey finds a row again after the rows are rebuilt: a domain by host
// and name, a host row by its host (name "").
type rowKey struct {
	part int
	name string
	host bool
}

func (m *Model) selectedKey() rowKey {
	if m.cursor < 0 || m.cursor >= len(m.idx) {
		return rowKey{}
	}
	i := m.idx[m.cursor]
	return rowKey{part: m.rows[i].part, name: m.doms[i].Name, host: m.rows[i].host}
}

// merge rebuilds the rows from the parts and puts the cursor on keep (or
// on the first row when keep is gone). Among several hosts, a host with no
// domain rows gets one host row, so a host that is connecting, failed or
// empty still shows, with why.
func (m *Model) merge(keep rowKey) {
	n := 0
	for _, p := range m.parts {
		n += max(1, len(p.doms))
	}
	m.doms, m.rows = make([]model.DomainInfo, 0, n), make([]rowRef, 0, n)
	m.maxNameW, m.maxHostW = 0, 0
	for i, p := range m.parts {
		m.maxHostW = max(m.maxHostW, present.Width(present.Safe(p.ctx.HostName())))
		if len(p.doms) == 0 && m.multi() {
			m.doms = append(m.doms, model.DomainInfo{})
			m.rows = append(m.rows, rowRef{part: i, host: true})
		}
		for _, d := range p.doms {
			m.doms = append(m.doms, d)
			m.rows = append(m.rows, rowRef{part: i})
			m.maxNameW = max(m.maxNameW, present.Width(d.Name))
		}
	}
	m.buildMatch()
	m.refilter()
	m.cursor = 0
	for i, j := range m.idx {
		if m.rows[j].part == keep.part && m.rows[j].host == keep.host && m.doms[j].Name == keep.name {
			m.cursor = i
			break
		}
	}
	m.scrollToCursor()
}

// hostState is a host row's state cell and text: why the host shows no
// domains. err marks the texts that report a failure.
func (m *Model) hostState(p *part) (state, text string, err bool) {
	l := p.ctx.Link
	switch l.State {
	case common.LinkOpening:
		return l.Symbol() + " connecting", "connecting to " + p.ctx.HostName() + "…", false
	case common.LinkFailed:
		return l.Symbol() + " failed", "cannot connect: " + firstLine(l.Err) + " · r retries", true
	case common.LinkLost:
		return l.Symbol() + " lost", "connection lost: " + l.Word() + " · r retries now", true
	case common.LinkStopped:
		return l.Symbol() + " refused", "login refused, not retrying: r retries", true
	}
	switch {
	case p.err != nil:
		return "✗ error", "could not list domains: " + firstLine(p.err.Error()) + " · r retries", true
	case !p.loaded:
		return "… listing", "listing the domains…", false
	}
	return "· empty", "no domains on " + p.ctx.HostName(), false
}

// hostCell is a domain row's HOST cell: the label, and the connection's
// symbol while it is down (the rows are from before it went).
func hostCell(p *part) string {
	s := present.Safe(p.ctx.HostName())
	if p.ctx.Link.Down() {
		s += " " + p.ctx.Link.Symbol()
	}
	return s
}
