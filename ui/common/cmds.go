package common

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
)

// Every function here returns a tea.Cmd: libvirt I/O never runs in Update
// or View. Each takes the host's Context and reads its connection when the
// command is built (a reconnect replaces it later); the command itself
// never reads the Context, it only names it in its result, so the root
// gives the result to that host's screens.

// LoadDomains lists the host's domains.
func LoadDomains(h *Context) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		ds, err := c.ListDomains()
		return DomainsLoadedMsg{Host: h, Domains: ds, Err: err}
	}
}

// LoadDomain reads one domain: only its own XML, so a domain opens in a few
// round trips whatever the size of the host.
func LoadDomain(h *Context, name string) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		d, err := c.LoadDomain(name)
		return DomainLoadedMsg{Host: h, Name: name, Domain: d, Err: err}
	}
}

// LoadSurvey reads the whole host once per connection, in the background:
// the source picker and the inline validation context come from it.
func LoadSurvey(h *Context) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		s, err := c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
		return SurveyMsg{Host: h, Conn: c, Survey: s, Err: err}
	}
}

// RefreshSurveyDomain re-reads the one domain an event named.
func RefreshSurveyDomain(h *Context, name string) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		d, ok, err := c.SurveyDomain(name, libvirtx.SurveyOpts{LiveMACs: true})
		return SurveyDomainMsg{Host: h, Conn: c, Name: name, Domain: d, Exists: ok, Err: err}
	}
}

// PlanSet plans an edit; the confirmation dialog shows and holds the plan.
// force accepts a device the host does not list (the form's manual
// "Specify device name…" entry).
func PlanSet(h *Context, d *libvirtx.Domain, idx int, n model.NIC, force bool) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		p, err := c.PlanSet(d, idx, n, libvirtx.PlanOpts{Force: force})
		return PlanMsg{Host: h, Op: model.OpSet, Index: idx, Plan: p, Err: err}
	}
}

// PlanAdd plans adding a NIC (force as for PlanSet).
func PlanAdd(h *Context, d *libvirtx.Domain, n model.NIC, force bool) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		p, err := c.PlanAdd(d, n, libvirtx.PlanOpts{Force: force})
		return PlanMsg{Host: h, Op: model.OpAdd, Index: len(d.NICs), Plan: p, Err: err}
	}
}

// PlanRemove plans removing a NIC.
func PlanRemove(h *Context, d *libvirtx.Domain, idx int) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		p, err := c.PlanRemove(d, idx)
		return PlanMsg{Host: h, Op: model.OpRemove, Index: idx, Plan: p, Err: err}
	}
}

// Apply writes exactly the confirmed plan, on the host it was planned on.
func Apply(h *Context, p *libvirtx.Plan) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		r, err := c.Apply(p)
		return WriteDoneMsg{Host: h, Op: p.Op, Plan: p, Result: r, Err: err}
	}
}
