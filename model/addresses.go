package model

import "strings"

// GuestAddrs are the IP addresses libvirt knows for one guest interface.
type GuestAddrs struct {
	MAC   string   `json:"mac"`
	Name  string   `json:"name"`  // the guest's interface name (agent) or the backend device
	Addrs []string `json:"addrs"` // "192.168.122.17/24", "fe80::5054:ff:fe3a:1001/64"
}

// AddrReport is what virtnic learned about a running guest's addresses:
// from which of libvirt's sources, and why the others said nothing.
type AddrReport struct {
	// Source is the one that answered: "lease" (libvirt's DHCP server),
	// "agent" (the QEMU guest agent) or "arp" (the host's ARP table); ""
	// when none did.
	Source string       `json:"source"`
	Ifaces []GuestAddrs `json:"interfaces"`
	// Tried says, per source asked before the one that answered (or all of
	// them), why it gave nothing.
	Tried map[string]string `json:"tried"`
}

// For returns the addresses of the interface with this MAC.
func (r AddrReport) For(mac string) []string {
	for _, i := range r.Ifaces {
		if strings.EqualFold(i.MAC, mac) {
			return i.Addrs
		}
	}
	return nil
}
