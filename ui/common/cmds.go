package common

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
)

// Every function here returns a tea.Cmd: libvirt I/O never runs in Update
// or View. Each takes the connection explicitly, read from Context when the
// command is built.

// LoadDomains lists the connection's domains.
func LoadDomains(c *libvirtx.Conn) tea.Cmd {
	return func() tea.Msg {
		ds, err := c.ListDomains()
		return DomainsLoadedMsg{Domains: ds, Err: err}
	}
}

// LoadDomain reads one domain: only its own XML, so a domain opens in a few
// round trips whatever the size of the host.
func LoadDomain(c *libvirtx.Conn, name string) tea.Cmd {
	return func() tea.Msg {
		d, err := c.LoadDomain(name)
		return DomainLoadedMsg{Name: name, Domain: d, Err: err}
	}
}

// LoadSurvey reads the whole host once per connection, in the background:
// the source picker and the inline validation context come from it.
func LoadSurvey(c *libvirtx.Conn) tea.Cmd {
	return func() tea.Msg {
		s, err := c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
		return SurveyMsg{Conn: c, Survey: s, Err: err}
	}
}

// RefreshSurveyDomain re-reads the one domain an event named.
func RefreshSurveyDomain(c *libvirtx.Conn, name string) tea.Cmd {
	return func() tea.Msg {
		d, ok, err := c.SurveyDomain(name, libvirtx.SurveyOpts{LiveMACs: true})
		return SurveyDomainMsg{Conn: c, Name: name, Domain: d, Exists: ok, Err: err}
	}
}

// PlanSet plans an edit; the confirmation dialog shows and holds the plan.
// force accepts a device the host does not list (the form's manual
// "Specify device name…" entry).
func PlanSet(c *libvirtx.Conn, d *libvirtx.Domain, idx int, n model.NIC, force bool) tea.Cmd {
	return func() tea.Msg {
		p, err := c.PlanSet(d, idx, n, libvirtx.PlanOpts{Force: force})
		return PlanMsg{Op: model.OpSet, Index: idx, Plan: p, Err: err}
	}
}

// PlanAdd plans adding a NIC (force as for PlanSet).
func PlanAdd(c *libvirtx.Conn, d *libvirtx.Domain, n model.NIC, force bool) tea.Cmd {
	return func() tea.Msg {
		p, err := c.PlanAdd(d, n, libvirtx.PlanOpts{Force: force})
		return PlanMsg{Op: model.OpAdd, Index: len(d.NICs), Plan: p, Err: err}
	}
}

// PlanRemove plans removing a NIC.
func PlanRemove(c *libvirtx.Conn, d *libvirtx.Domain, idx int) tea.Cmd {
	return func() tea.Msg {
		p, err := c.PlanRemove(d, idx)
		return PlanMsg{Op: model.OpRemove, Index: idx, Plan: p, Err: err}
	}
}

// Apply writes exactly the confirmed plan.
func Apply(c *libvirtx.Conn, p *libvirtx.Plan) tea.Cmd {
	return func() tea.Msg {
		r, err := c.Apply(p)
		return WriteDoneMsg{Op: p.Op, Plan: p, Result: r, Err: err}
	}
}
