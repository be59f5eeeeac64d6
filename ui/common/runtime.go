package common

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
)

// HostStatsWanter is a screen of several hosts (the merged domain list)
// saying per host whether it wants that host's counters.
type HostStatsWanter interface {
	WantsNetStatsOn(h *Context) bool
}

// StatsWanter is a screen that shows traffic while it is on top. The root
// polls the counters every couple of seconds only while the top screen
// wants them: one bulk call for the host (uuid ""), or one for the domain
// whose page is shown (with its backend devices, for drivers whose bulk
// records lack them).
type StatsWanter interface {
	WantsNetStats() (uuid string, targets []string, ok bool)
}

// NetStatsMsg is one poll of the interface counters.
type NetStatsMsg struct {
	Host   *Context
	Conn   *libvirtx.Conn
	UUID   string // "" for the whole host
	Sample model.NetSample
	Err    error
}

// AddressesMsg is what libvirt knows of a running guest's addresses.
type AddressesMsg struct {
	Host   *Context
	UUID   string
	Report model.AddrReport
	Err    error
}

// PollNetStats reads the counters the top screen wants.
func PollNetStats(h *Context, uuid string, targets []string) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		var s model.NetSample
		var err error
		if uuid == "" {
			s, err = c.NetStats()
		} else {
			s, err = c.DomainNetStats(uuid, targets)
		}
		return NetStatsMsg{Host: h, Conn: c, UUID: uuid, Sample: s, Err: err}
	}
}

// LoadAddresses asks libvirt for a running guest's addresses.
func LoadAddresses(h *Context, d *libvirtx.Domain) tea.Cmd {
	c := h.Conn
	return func() tea.Msg {
		r, err := c.Addresses(d)
		return AddressesMsg{Host: h, UUID: d.Info.UUID, Report: r, Err: err}
	}
}
