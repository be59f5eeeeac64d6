package libvirtx

import (
	"sort"

	"libvirt.org/go/libvirt"
	"libvirt.org/go/libvirtxml"

	"virtnic/model"
)

// networks reads every virtual network: two list calls (all, active), then
// the XML of each with inFlight calls outstanding. A network whose XML
// cannot be read or parsed is left out with a warning.
func (c *Conn) networks() ([]model.Network, []string, error) {
	nets, err := c.c.ListAllNetworks(0)
	if err != nil {
		return nil, nil, c.wrap("list networks", err)
	}
	defer freeNetworks(nets)
	act, err := c.c.ListAllNetworks(libvirt.CONNECT_LIST_NETWORKS_ACTIVE)
	if err != nil {
		return nil, nil, c.wrap("list networks", err)
	}
	active := map[string]bool{}
	for i := range act {
		if u, err := act[i].GetUUIDString(); err == nil {
			active[u] = true
		}
	}
	freeNetworks(act)
	out := make([]model.Network, len(nets))
	warn := make([]string, len(nets))
	forEach(len(nets), func(i int) {
		u, _ := nets[i].GetUUIDString()
		out[i], warn[i] = networkOf(&nets[i], active[u])
	})
	var kept []model.Network
	var warnings []string
	for i := range out {
		if warn[i] != "" {
			warnings = append(warnings, warn[i])
			continue
		}
		kept = append(kept, out[i])
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Name < kept[j].Name })
	return kept, warnings, nil
}

func freeNetworks(nets []libvirt.Network) {
	for i := range nets {
		nets[i].Free()
	}
}

func networkOf(n *libvirt.Network, active bool) (model.Network, string) {
	name, _ := n.GetName()
	x, err := n.GetXMLDesc(0)
	if err != nil {
		return model.Network{}, "network " + name + " skipped: " + wrap("read network", err).Error()
	}
	var nx libvirtxml.Network
	if err := nx.Unmarshal(x); err != nil {
		return model.Network{}, "network " + name + " skipped: virtnic cannot parse its XML: " + err.Error()
	}
	net := networkFromXML(&nx, active)
	// The pool members and libvirt's live counts of guests on them.
	if err := model.ReadPoolXML(&net, x); err != nil {
		return model.Network{}, "network " + name + " skipped: virtnic cannot parse its XML: " + err.Error()
	}
	if err := model.ReadPortGroupBandwidth(&net, x); err != nil {
		return model.Network{}, "network " + name + " skipped: virtnic cannot parse its XML: " + err.Error()
	}
	return net, ""
}

// network reads one network by name; ok is false when there is none.
func (c *Conn) network(name string) (model.Network, bool, error) {
	n, err := c.c.LookupNetworkByName(name)
	if err != nil {
		if IsCode(err, int(libvirt.ERR_NO_NETWORK)) {
			return model.Network{}, false, nil
		}
		return model.Network{}, false, c.wrap("look up network "+name, err)
	}
	defer n.Free()
	active, err := n.IsActive()
	if err != nil {
		return model.Network{}, false, c.wrap("read network "+name, err)
	}
	net, warn := networkOf(n, active)
	if warn != "" {
		return model.Network{}, false, &Error{Op: "read network " + name, Message: warn}
	}
	return net, true, nil
}

func networkFromXML(nx *libvirtxml.Network, active bool) model.Network {
	n := model.Network{Name: nx.Name, Active: active, PortGroups: []string{}}
	switch {
	case nx.Forward == nil:
		n.Forward = "isolated"
	case nx.Forward.Mode == "":
		n.Forward = "nat" // libvirt's default for a bare <forward/>
	default:
		n.Forward = nx.Forward.Mode
	}
	if nx.Forward != nil {
		for _, fi := range nx.Forward.Interfaces {
			if fi.Dev != "" {
				n.ForwardDevs = append(n.ForwardDevs, fi.Dev)
			}
		}
		// <forward dev=…> without <interface> children means that one device.
		if len(n.ForwardDevs) == 0 && nx.Forward.Dev != "" {
			n.ForwardDevs = []string{nx.Forward.Dev}
		}
	}
	if nx.Bridge != nil {
		n.Bridge = nx.Bridge.Name
	}
	n.VLAN = model.VLANFromNetwork(nx.VLAN)
	for _, pg := range nx.PortGroups {
		n.PortGroups = append(n.PortGroups, pg.Name)
		if pg.Default == "yes" {
			n.DefaultPortGroup = pg.Name
		}
		if v := model.VLANFromNetwork(pg.VLAN); v != nil {
			if n.PortGroupVLANs == nil {
				n.PortGroupVLANs = map[string]*model.VLAN{}
			}
			n.PortGroupVLANs[pg.Name] = v
		}
		if t := networkVPortType(pg.VirtualPort); t != "" {
			if n.PortGroupVPortTypes == nil {
				n.PortGroupVPortTypes = map[string]string{}
			}
			n.PortGroupVPortTypes[pg.Name] = t
		}
	}
	n.VirtualPortType = networkVPortType(nx.VirtualPort)
	return n
}

// networkVPortType is the type of a network's or portgroup's <virtualport>,
// "" for none or a typeless one.
func networkVPortType(vp *libvirtxml.NetworkVirtualPort) string {
	if vp == nil || vp.Params == nil {
		return ""
	}
	p := vp.Params
	switch {
	case p.VEPA8021QBG != nil:
		return string(model.VPortQbg)
	case p.VNTag8011QBH != nil:
		return string(model.VPortQbh)
	case p.OpenVSwitch != nil:
		return string(model.VPortOpenVSwitch)
	case p.MidoNet != nil:
		return string(model.VPortMidonet)
	}
	return ""
}
