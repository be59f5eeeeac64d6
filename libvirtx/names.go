package libvirtx

import (
	"sort"

	"libvirt.org/go/libvirt"
	"libvirt.org/go/libvirtxml"

	"virtnic/model"
)

// The reads below serve shell completion: each asks libvirt for the one
// thing a candidate list needs, because a shell waits on every round trip
// while the user holds TAB.

// DomainNames lists every domain's name, UUID and ID (-1 when it does not
// run), sorted by name, from one call: a listing's handles carry all three.
// State and Persistent are not read.
func (c *Conn) DomainNames() ([]model.DomainInfo, error) {
	if err := c.ensureOpen("list domains"); err != nil {
		return nil, err
	}
	doms, err := c.c.ListAllDomains(0)
	if err != nil {
		return nil, c.wrap("list domains", err)
	}
	out := make([]model.DomainInfo, 0, len(doms))
	for i := range doms {
		if info, err := domainInfo(&doms[i]); err == nil {
			out = append(out, info)
		}
		doms[i].Free()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// DomainNICs reads the configured NICs of one domain, named as LoadDomain
// takes it: the look-up and one XML read, without the live side.
func (c *Conn) DomainNICs(domain string) ([]model.NIC, error) {
	if err := c.ensureOpen("read domain " + domain); err != nil {
		return nil, err
	}
	dom, err := c.lookup(domain)
	if err != nil {
		return nil, err
	}
	defer dom.Free()
	x, err := dom.GetXMLDesc(libvirt.DOMAIN_XML_INACTIVE)
	if err != nil {
		return nil, c.wrap("read configuration of domain "+domain, err)
	}
	nics, err := nicsFromXML(x)
	if err != nil {
		return nil, &Error{Op: "read NICs of domain " + domain, Message: err.Error(),
			Meaning: "virtnic cannot find the domain's interfaces in its XML"}
	}
	return nics, nil
}

// NetworkNames lists the virtual networks by name with whether each is
// active, from two listings; nothing else of them is read.
func (c *Conn) NetworkNames() ([]model.Network, error) {
	if err := c.ensureOpen("list networks"); err != nil {
		return nil, err
	}
	all, err := c.c.ListAllNetworks(0)
	if err != nil {
		return nil, c.wrap("list networks", err)
	}
	defer freeNetworks(all)
	act, err := c.c.ListAllNetworks(libvirt.CONNECT_LIST_NETWORKS_ACTIVE)
	if err != nil {
		return nil, c.wrap("list networks", err)
	}
	active := map[string]bool{}
	for i := range act {
		if name, err := act[i].GetName(); err == nil {
			active[name] = true
		}
	}
	freeNetworks(act)
	out := make([]model.Network, 0, len(all))
	for i := range all {
		if name, err := all[i].GetName(); err == nil {
			out = append(out, model.Network{Name: name, Active: active[name]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// NetworkPortGroups reads one network's XML for its portgroups and default
// portgroup; ok is false when no network has that name. Active is not read.
func (c *Conn) NetworkPortGroups(name string) (n model.Network, ok bool, err error) {
	if err := c.ensureOpen("read network " + name); err != nil {
		return n, false, err
	}
	net, err := c.c.LookupNetworkByName(name)
	if err != nil {
		if IsCode(err, int(libvirt.ERR_NO_NETWORK)) {
			return n, false, nil
		}
		return n, false, c.wrap("look up network "+name, err)
	}
	defer net.Free()
	x, err := net.GetXMLDesc(0)
	if err != nil {
		return n, false, c.wrap("read network "+name, err)
	}
	var nx libvirtxml.Network
	if err := nx.Unmarshal(x); err != nil {
		return n, false, &Error{Op: "read network " + name, Message: err.Error(), Meaning: "virtnic cannot parse the network's XML"}
	}
	return networkFromXML(&nx, false), true, nil
}

// HostBridges lists the host bridges a bridge NIC can use, as Sources does,
// without reading any domain: libvirt's host interfaces (only they know
// bridges) and the networks (whose bridges are not offered).
func (c *Conn) HostBridges() ([]model.Bridge, error) {
	if err := c.ensureOpen("list host bridges"); err != nil {
		return nil, err
	}
	ifaces, _, err := c.libvirtIfaces()
	if err != nil {
		return nil, err
	}
	nets, _, err := c.networks()
	if err != nil {
		return nil, err
	}
	return model.BridgesFrom(ifaces, nets), nil
}

// MacvtapDevices lists the host devices Sources offers for macvtap, without
// reading any domain's XML: who uses a device does not decide whether it is
// offered, and the tap devices of running domains come from the one bulk
// stats call where the driver has it (QEMU), else from their names.
func (c *Conn) MacvtapDevices() ([]model.HostDevice, error) {
	if err := c.ensureOpen("list host devices"); err != nil {
		return nil, err
	}
	ifaces, _, err := c.hostIfaces()
	if err != nil {
		return nil, err
	}
	nets, _, err := c.networks()
	if err != nil {
		return nil, err
	}
	_, targets, err := c.activeDomains(true)
	if err != nil {
		return nil, err
	}
	var out []model.HostDevice
	for _, d := range model.ClassifyHostDevices(ifaces, nets, targets, nil) {
		if d.Eligible {
			out = append(out, d)
		}
	}
	return out, nil
}
