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

// LoadDomain reads a domain, the NIC sources and the validation context.
func LoadDomain(c *libvirtx.Conn, name string) tea.Cmd {
	return func() tea.Msg {
		msg := DomainLoadedMsg{Name: name}
		msg.Domain, msg.Err = c.LoadDomain(name)
		if msg.Err != nil {
			return msg
		}
		msg.Sources, msg.SourceWarnings, msg.EditContext, msg.Err = c.SourcesAndContext(msg.Domain.Info.Name)
		return msg
	}
}

// PlanSet dry-runs an edit: validation, diff and live prediction.
func PlanSet(c *libvirtx.Conn, d *libvirtx.Domain, idx int, n model.NIC) tea.Cmd {
	return func() tea.Msg {
		r, err := c.PlanSetNIC(d, idx, n)
		return PlanMsg{Op: OpSet, Index: idx, NIC: n, Result: r, Err: err}
	}
}

// Set writes an edit.
func Set(c *libvirtx.Conn, d *libvirtx.Domain, idx int, n model.NIC) tea.Cmd {
	return func() tea.Msg {
		r, err := c.SetNIC(d, idx, n)
		return WriteDoneMsg{Op: OpSet, Result: r, Err: err}
	}
}

// PlanAdd dry-runs adding a NIC.
func PlanAdd(c *libvirtx.Conn, d *libvirtx.Domain, n model.NIC) tea.Cmd {
	return func() tea.Msg {
		r, err := c.PlanAddNIC(d, n)
		return PlanMsg{Op: OpAdd, Index: len(d.NICs), NIC: n, Result: r, Err: err}
	}
}

// Add adds a NIC.
func Add(c *libvirtx.Conn, d *libvirtx.Domain, n model.NIC) tea.Cmd {
	return func() tea.Msg {
		r, err := c.AddNIC(d, n)
		return WriteDoneMsg{Op: OpAdd, Result: r, Err: err}
	}
}

// PlanRemove dry-runs removing a NIC.
func PlanRemove(c *libvirtx.Conn, d *libvirtx.Domain, idx int) tea.Cmd {
	return func() tea.Msg {
		r, err := c.PlanRemoveNIC(d, idx)
		return PlanMsg{Op: OpRemove, Index: idx, Result: r, Err: err}
	}
}

// Remove removes a NIC.
func Remove(c *libvirtx.Conn, d *libvirtx.Domain, idx int) tea.Cmd {
	return func() tea.Msg {
		r, err := c.RemoveNIC(d, idx)
		return WriteDoneMsg{Op: OpRemove, Result: r, Err: err}
	}
}
