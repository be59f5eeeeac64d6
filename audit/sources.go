package audit

import (
	"fmt"
	"slices"
	"strings"

	"virtnic/model"
)

// sources: network NICs on a network the host does not have or has not
// started, on a portgroup the network lacks; bridge NICs on a bridge the
// host does not have.
func (c *hostCheck) sources() {
	s := c.h.Survey
	nets := map[string]model.Network{}
	for _, n := range s.Networks {
		nets[n.Name] = n
	}
	// Any bridge the host has, including those libvirt networks own
	// (which the source picker does not offer, but which exist).
	bridges := map[string]bool{}
	for _, h := range s.Ifaces {
		if h.Kind == model.IfaceBridge {
			bridges[h.Name] = true
		}
	}
	for _, n := range s.Networks {
		if n.Bridge != "" {
			bridges[n.Bridge] = true
		}
	}
	c.each(func(d model.DomainNICs, n *model.NICBrief) {
		switch n.Kind {
		case model.KindNetwork:
			c.network(d, n, nets)
		case model.KindBridge:
			if len(s.Ifaces) > 0 && n.Bridge != "" && !bridges[n.Bridge] {
				c.add(Error, RuleBridgeMissing, d, n, "",
					fmt.Sprintf("bridge NIC on %s, which is not a bridge on this host: the guest cannot start", n.Bridge))
			}
		}
	})
}

func (c *hostCheck) network(d model.DomainNICs, n *model.NICBrief, nets map[string]model.Network) {
	net, ok := nets[n.Network]
	switch {
	case !ok:
		c.add(Error, RuleNetworkMissing, d, n, "",
			fmt.Sprintf("NIC on network %s, which does not exist on this host: the guest cannot start", n.Network))
		return
	case !net.Active:
		sev := Warning
		if d.Active {
			sev = Error // the guest runs, so its NIC has lost the network
		}
		c.add(sev, RuleNetworkInactive, d, n, "",
			fmt.Sprintf("network %s is not active: start it (virsh net-start %s) or the guest cannot start", n.Network, n.Network))
	}
	if n.PortGroup != "" && !slices.Contains(net.PortGroups, n.PortGroup) {
		c.add(Error, RulePortGroup, d, n, setCmd(c.h, d.Name, n.Index, "--portgroup none"),
			fmt.Sprintf("portgroup %s does not exist in network %s (it has %s)", n.PortGroup, n.Network, orNone(net.PortGroups)))
	}
}

// virtualPorts: the virtual port type must suit the source, as libvirt
// applies it: 802.1Qbg/Qbh on macvtap (a direct NIC or a macvtap network),
// openvswitch/midonet on a bridge or network.
func (c *hostCheck) virtualPorts() {
	nets := map[string]model.Network{}
	for _, n := range c.h.Survey.Networks {
		nets[n.Name] = n
	}
	c.each(func(d model.DomainNICs, n *model.NICBrief) {
		switch n.VPortType {
		case model.VPortQbg, model.VPortQbh:
			net, known := nets[n.Network]
			if n.Kind == model.KindDirect || n.Kind == model.KindNetwork && (!known || model.MacvtapNetwork(net)) {
				return
			}
			c.add(Error, RuleVPortKind, d, n, setCmd(c.h, d.Name, n.Index, "--virtualport none"),
				fmt.Sprintf("virtual port %s needs a macvtap source (direct, or a macvtap network), not %s %s", n.VPortType, n.Kind, n.Source()))
		case model.VPortOpenVSwitch, model.VPortMidonet:
			if n.Kind == model.KindBridge || n.Kind == model.KindNetwork {
				return
			}
			c.add(Error, RuleVPortKind, d, n, setCmd(c.h, d.Name, n.Index, "--virtualport none"),
				fmt.Sprintf("virtual port %s needs a bridge or network source, not %s %s", n.VPortType, n.Kind, n.Source()))
		}
	})
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}
