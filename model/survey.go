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
	// Placed are the running guest's live NICs that came from a pool
	// network, as the direct or hostdev device libvirt gave them
	// (Placements), read when a survey asks for pools.
	Placed []NICBrief
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
	Targets map[string]string
	// SRIOV is the host's PFs and VFs from its node devices.
	SRIOV    SRIOV
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
	uses := DeviceUses(s.Domains, s.Networks, &s.SRIOV)
	pools := s.pools(uses)
	return Sources{
		Networks: s.Networks,
		Bridges:  BridgesFrom(s.Ifaces, s.Networks),
		Devices:  ClassifyHostDevices(s.Ifaces, s.Networks, targets, uses),
		SRIOV:    SRIOVUsage(s.SRIOV, uses, pools),
		Pools:    pools,
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
	sr := s.SRIOV
	return Context{
		Domain:    domain,
		MACsInUse: MACsInUse(s.Domains),
		DeviceUse: DeviceUses(s.Domains, s.Networks, &sr),
		Hosts:     hosts,
		Networks:  nets,
		Devices:   s.Sources().Devices,
		SRIOV:     &sr,
	}
}

// DeviceUses maps each host device to the configured NICs on it: direct
// NICs naming it, hostdev NICs naming its PCI address (under the VF's
// interface when sr knows it, Mode ModeHostdev) and, when nets is given,
// NICs of a pool network with the device in its pool. A pool NIC is listed
// under every member, since libvirt picks the member only when the guest
// starts, unless its running guest's live XML says which one it got (then
// under that one, with Pool 1). sr may be nil: no SR-IOV knowledge.
func DeviceUses(doms []DomainNICs, nets []Network, sr *SRIOV) map[string][]DeviceUse {
	pools := make(map[string][]PoolMember, len(nets))
	netOf := make(map[string]Network, len(nets))
	for _, n := range nets {
		if m := poolMembers(n, sr); PoolNetwork(n) && len(m) > 0 {
			pools[n.Name], netOf[n.Name] = m, n
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
			case n.Kind == KindHostdev && n.PCI != "":
				u.Mode = ModeHostdev
				key := sr.DeviceKey(n.PCI)
				uses[key] = append(uses[key], u)
			case n.Kind == KindNetwork && len(pools[n.Network]) > 0:
				net, members := netOf[n.Network], pools[n.Network]
				u.Mode, u.Network, u.Pool, u.PortGroup = poolUseMode(net), net.Name, len(members), n.PortGroup
				if key, ok := placement(d, n, sr); ok && d.Active {
					u.Pool = 1
					uses[key] = append(uses[key], u)
					continue
				}
				for _, m := range members {
					uses[m.Key()] = append(uses[m.Key()], u)
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
