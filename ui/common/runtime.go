package common

import (
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
)

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
	Conn   *libvirtx.Conn
	UUID   string // "" for the whole host
	Sample model.NetSample
	Err    error
}

// AddressesMsg is what libvirt knows of a running guest's addresses.
type AddressesMsg struct {
	UUID   string
	Report model.AddrReport
	Err    error
}

// PollNetStats reads the counters the top screen wants.
func PollNetStats(c *libvirtx.Conn, uuid string, targets []string) tea.Cmd {
	return func() tea.Msg {
		var s model.NetSample
		var err error
		if uuid == "" {
			s, err = c.NetStats()
		} else {
			s, err = c.DomainNetStats(uuid, targets)
		}
		return NetStatsMsg{Conn: c, UUID: uuid, Sample: s, Err: err}
	}
}

// LoadAddresses asks libvirt for a running guest's addresses.
func LoadAddresses(c *libvirtx.Conn, d *libvirtx.Domain) tea.Cmd {
	return func() tea.Msg {
		r, err := c.Addresses(d)
		return AddressesMsg{UUID: d.Info.UUID, Report: r, Err: err}
	}
}
