package model

import "sort"

// DomainNICs is one domain as a host survey sees it: its configured NICs and,
// when they were read, the MACs its running guest holds.
type DomainNICs struct {
	Name   string
	UUID   string
	Active bool
	NICs   []NICBrief // from the persistent (inactive) configuration
	// LiveMACs are the running guest's MACs, read only when MAC uniqueness
	// is asked for; a NIC hot-plugged live only is in no configuration.
	LiveMACs []string
	// LiveNICs are the running guest's NICs, read with LiveMACs; nil when
	// not read, so a check can tell "not read" from "none".
	LiveNICs []NICBrief
	// LiveTargets are the running guest's backend devices when the driver's
	// bulk stats do not report them.
	LiveTargets []string
}

// HostSurvey is what one connection's host offers and what its domains use:
// the input of the source picker and of every host-wide validation rule.
// It is a value: the survey is read once and kept current per domain.
type HostSurvey struct {
	Networks []Network
	Ifaces   []HostIface
	Domains  []DomainNICs // sorted by name
	// Targets maps a running guest's backend device (vnet3, macvtap0) to
	// its domain, from the bulk stats call.
	Targets  map[string]string
	Warnings []string
}

// Put replaces the domain with d's UUID (or, for a name reused by a new
// domain, d's name), or adds it, keeping the order.
func (s *HostSurvey) Put(d DomainNICs) {
	s.forgetTargets(d.Name)
	for i := range s.Domains {
		if s.Domains[i].UUID == d.UUID || s.Domains[i].Name == d.Name {
			s.Domains[i] = d
			return
		}
	}
	s.Domains = append(s.Domains, d)
	sort.Slice(s.Domains, func(i, j int) bool { return s.Domains[i].Name < s.Domains[j].Name })
}

// Drop forgets the domain named name (it was undefined).
func (s *HostSurvey) Drop(name string) {
	s.forgetTargets(name)
	for i := range s.Domains {
		if s.Domains[i].Name == name {
			s.Domains = append(s.Domains[:i], s.Domains[i+1:]...)
			return
		}
	}
}

// forgetTargets drops the bulk call's backend devices of a domain that is
// re-read: its entry's LiveTargets now say what it holds.
func (s *HostSurvey) forgetTargets(name string) {
	for dev, dom := range s.Targets {
		if dom == name {
			delete(s.Targets, dev)
		}
	}
}

// Sources is what a NIC can connect to, classified as virt-manager did.
func (s *HostSurvey) Sources() Sources {
	targets := make(map[string]string, len(s.Targets))
	for dev, dom := range s.Targets {
		targets[dev] = dom
	}
	for _, d := range s.Domains {
		for _, dev := range d.LiveTargets {
			targets[dev] = d.Name
		}
	}
	return Sources{
		Networks: s.Networks,
		Bridges:  BridgesFrom(s.Ifaces, s.Networks),
		Devices:  ClassifyHostDevices(s.Ifaces, s.Networks, targets, DeviceUses(s.Domains, s.Networks)),
	}
}

// Context is the validation context for editing domain, with every piece a
// survey holds.
func (s *HostSurvey) Context(domain string) Context {
	hosts := make(map[string]HostIface, len(s.Ifaces))
	for _, h := range s.Ifaces {
		hosts[h.Name] = h
	}
	nets := make(map[string]Network, len(s.Networks))
	for _, n := range s.Networks {
		nets[n.Name] = n
	}
	return Context{
		Domain:    domain,
		MACsInUse: MACsInUse(s.Domains),
		DeviceUse: DeviceUses(s.Domains, s.Networks),
		Hosts:     hosts,
		Networks:  nets,
		Devices:   s.Sources().Devices,
	}
}

// DeviceUses maps each host device to the configured NICs on it: direct
// NICs naming it and, when nets is given, NICs of a macvtap or passthrough
// network with the device in its pool. A pool NIC is listed under every
// member, since libvirt picks the member only when the guest starts.
func DeviceUses(doms []DomainNICs, nets []Network) map[string][]DeviceUse {
	pools := make(map[string]Network, len(nets))
	for _, n := range nets {
		if MacvtapNetwork(n) && len(n.ForwardDevs) > 0 {
			pools[n.Name] = n
		}
	}
	uses := make(map[string][]DeviceUse)
	for _, d := range doms {
		for _, n := range d.NICs {
			u := DeviceUse{Domain: d.Name, Index: n.Index, MAC: n.MAC, Running: d.Active}
			switch {
			case n.Kind == KindDirect && n.Dev != "":
				u.Mode = n.Mode
				if u.Mode == "" {
					u.Mode = ModeVEPA
				}
				uses[n.Dev] = append(uses[n.Dev], u)
			case n.Kind == KindNetwork && pools[n.Network].Name != "":
				net := pools[n.Network]
				u.Mode, u.Network, u.Pool, u.PortGroup = Mode(net.Forward), net.Name, len(net.ForwardDevs), n.PortGroup
				for _, dev := range net.ForwardDevs {
					uses[dev] = append(uses[dev], u)
				}
			}
		}
	}
	return uses
}

// MACsInUse records each MAC once per NIC: a running NIC appears in both the
// config and the live guest. A live-only MAC has no config index, so it gets
// -1 and conflicts even with a NIC of its own domain.
func MACsInUse(doms []DomainNICs) map[string][]MACUse {
	macs := make(map[string][]MACUse)
	for _, d := range doms {
		seen := make(map[string]bool)
		for _, n := range d.NICs {
			if n.MAC == "" {
				continue
			}
			seen[n.MAC] = true
			macs[n.MAC] = append(macs[n.MAC], MACUse{Domain: d.Name, Index: n.Index})
		}
		for _, mac := range d.LiveMACs {
			if mac == "" || seen[mac] {
				continue
			}
			seen[mac] = true
			macs[mac] = append(macs[mac], MACUse{Domain: d.Name, Index: -1})
		}
	}
	return macs
}
