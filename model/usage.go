package model

import "sort"

// HostUsage is who uses what on one host: every host device, host bridge
// and virtual network with the domain NICs on it, and the conflicts on each
// device. It is built from a survey alone, so the terminal UI and the CLI
// can show it without reading libvirt again.
type HostUsage struct {
	Devices  []DeviceUsage  // sorted by name
	Bridges  []BridgeUsage  // sorted by name
	Networks []NetworkUsage // sorted by name
	// SRIOV is every PF with its VFs and who uses each; Pools every pool
	// network's accounting, by name.
	SRIOV []PFUsage
	Pools map[string]PoolUsage
}

// DeviceUsage is a host device with its users (HostDevice.UsedBy, NICs of
// macvtap networks included) and the conflicts among them.
type DeviceUsage struct {
	HostDevice
	Conflicts []Conflict
}

// BridgeUsage is a host bridge with the bridge NICs on it.
type BridgeUsage struct {
	Bridge
	// Note says why a bridge NICs name is not offered as a bridge source
	// (a libvirt network's bridge, not found on host); "" when it is.
	Note  string
	Users []DeviceUse
}

// NetworkUsage is a virtual network with the NICs on it. Mode of a user is
// the network's forward mode when it hands out macvtap devices.
type NetworkUsage struct {
	Network
	Found bool // false: NICs name a network the host does not have
	Users []DeviceUse
}

// Usage groups the survey by what the NICs sit on.
func (s *HostSurvey) Usage() HostUsage {
	src := s.Sources()
	bridgeUsers, netUsers := s.sourceUsers()
	var u HostUsage

	u.SRIOV, u.Pools = src.SRIOV, src.Pools
	pfConflicts := map[string][]Conflict{}
	for _, pf := range src.SRIOV {
		pfConflicts[pf.Netdev] = pf.Conflicts
	}
	known := map[string]HostDevice{}
	for _, d := range src.Devices {
		known[d.Name] = d
		cs := append(DeviceConflicts(d.Name, d.UsedBy), pfConflicts[d.Name]...)
		u.Devices = append(u.Devices, DeviceUsage{HostDevice: d, Conflicts: cs})
	}
	for dev, uses := range DeviceUses(s.Domains, s.Networks, &s.SRIOV) {
		if _, ok := known[dev]; ok {
			continue
		}
		if _, vf := s.SRIOV.VFByKey(dev); vf {
			continue // a VF without interface: listed with its PF
		}
		d := HostDevice{Name: dev, Reason: notFound, UsedBy: uses}
		if _, err := ParsePCIAddr(dev); err == nil {
			d.Reason = "a PCI device given whole to guests (type='hostdev'), not a host interface"
		}
		u.Devices = append(u.Devices, DeviceUsage{HostDevice: d, Conflicts: DeviceConflicts(dev, uses)})
	}
	sort.Slice(u.Devices, func(i, j int) bool { return u.Devices[i].Name < u.Devices[j].Name })

	for _, b := range src.Bridges {
		u.Bridges = append(u.Bridges, BridgeUsage{Bridge: b, Users: bridgeUsers[b.Name]})
		delete(bridgeUsers, b.Name)
	}
	for name, users := range bridgeUsers {
		note := notFound
		if d, ok := known[name]; ok && d.Reason != "" {
			note = d.Reason
		}
		u.Bridges = append(u.Bridges, BridgeUsage{Bridge: Bridge{Name: name, Ports: []string{}}, Note: note, Users: users})
	}
	sort.Slice(u.Bridges, func(i, j int) bool { return u.Bridges[i].Name < u.Bridges[j].Name })

	for _, n := range s.Networks {
		users := netUsers[n.Name]
		delete(netUsers, n.Name)
		if PoolNetwork(n) {
			for i := range users {
				users[i].Mode = poolUseMode(n)
			}
		}
		u.Networks = append(u.Networks, NetworkUsage{Network: n, Found: true, Users: users})
	}
	for name, users := range netUsers {
		u.Networks = append(u.Networks, NetworkUsage{Network: Network{Name: name, PortGroups: []string{}}, Users: users})
	}
	sort.Slice(u.Networks, func(i, j int) bool { return u.Networks[i].Name < u.Networks[j].Name })
	return u
}

const notFound = "not found on host"

// sourceUsers lists the bridge NICs by bridge and the network NICs by
// network, in domain order.
func (s *HostSurvey) sourceUsers() (bridges, networks map[string][]DeviceUse) {
	bridges, networks = map[string][]DeviceUse{}, map[string][]DeviceUse{}
	for _, d := range s.Domains {
		for _, n := range d.NICs {
			u := DeviceUse{Domain: d.Name, Index: n.Index, MAC: n.MAC, Running: d.Active}
			switch {
			case n.Kind == KindBridge && n.Bridge != "":
				bridges[n.Bridge] = append(bridges[n.Bridge], u)
			case n.Kind == KindNetwork && n.Network != "":
				u.PortGroup = n.PortGroup
				networks[n.Network] = append(networks[n.Network], u)
			}
		}
	}
	return bridges, networks
}
