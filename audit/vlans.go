package audit

import "virtnic/model"

// vlans: VLAN tags where libvirt will not apply them, by model's pairing
// rules (model.VLANPairingProblems): tags on a connection that takes none
// (a Linux bridge, macvtap other than passthrough), a trunk or native VLAN
// on an SR-IOV VF, tags on a VF that is not known to be one. libvirt
// defines all of these and refuses only at the guest's next start. A NIC
// on a network the host lacks is network-missing's.
func (c *hostCheck) vlans() {
	s := c.h.Survey
	ctx := model.Context{Networks: map[string]model.Network{}, Hosts: map[string]model.HostIface{}, SRIOV: &s.SRIOV}
	for _, n := range s.Networks {
		ctx.Networks[n.Name] = n
	}
	for _, h := range s.Ifaces {
		ctx.Hosts[h.Name] = h
	}
	c.each(func(d model.DomainNICs, n *model.NICBrief) {
		if n.VLAN == nil {
			return
		}
		if _, known := ctx.Networks[n.Network]; n.Kind == model.KindNetwork && !known {
			return
		}
		ctx.Domain = d.Name
		for _, p := range model.VLANPairingProblems(briefNIC(*n), ctx) {
			sev, fix := Warning, ""
			if p.Severity == model.SeverityError {
				sev, fix = Error, setCmd(c.h, d.Name, n.Index, "--vlan none")
			}
			c.add(sev, RuleVLAN, d, n, fix, p.Message)
		}
	})
}

// briefNIC is as much of a NIC as the VLAN pairing rules read.
func briefNIC(b model.NICBrief) model.NIC {
	n := model.NIC{Index: b.Index, MAC: b.MAC, Kind: b.Kind, Network: b.Network, PortGroup: b.PortGroup,
		Bridge: b.Bridge, Dev: b.Dev, Mode: b.Mode, HostdevPCI: b.PCI, VLAN: b.VLAN}
	if b.VPortType != "" {
		n.VirtualPort = &model.VirtualPort{Type: b.VPortType}
	}
	return n
}
