package libvirtx

import (
	"fmt"
	"sort"

	"libvirt.org/go/libvirt"
	"libvirt.org/go/libvirtxml"

	"virtnic/model"
)

// addrSources are libvirt's address sources in the order virtnic asks:
// the DHCP lease libvirt handed out is authoritative where it exists, the
// guest agent knows every address where one runs, and the ARP table is a
// last guess that needs traffic to have flowed.
var addrSources = []struct {
	name string
	src  libvirt.DomainInterfaceAddressesSource
}{
	{"lease", libvirt.DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE},
	{"agent", libvirt.DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT},
	{"arp", libvirt.DOMAIN_INTERFACE_ADDRESSES_SRC_ARP},
}

// Addresses asks libvirt for a running guest's IP addresses, source after
// source until one answers with any: one call each.
func (c *Conn) Addresses(d *Domain) (model.AddrReport, error) {
	rep := model.AddrReport{Tried: map[string]string{}, Ifaces: []model.GuestAddrs{}}
	if why := c.testDriverCannotAsk(d); why != "" {
		rep.Tried["lease"] = why
		return rep, nil
	}
	dom, err := c.lookupUUID(d.Info.UUID)
	if err != nil {
		return rep, err
	}
	defer dom.Free()
	for _, s := range addrSources {
		ifaces, err := dom.ListAllInterfaceAddresses(s.src)
		if err != nil {
			if IsConnectionLost(c.wrap("read guest addresses", err)) {
				return rep, c.wrap("read guest addresses", err)
			}
			rep.Tried[s.name] = wrap("ask "+s.name, err).Error()
			continue
		}
		got := guestAddrs(ifaces)
		if len(got) == 0 {
			rep.Tried[s.name] = "no addresses"
			continue
		}
		rep.Source, rep.Ifaces = s.name, got
		return rep, nil
	}
	return rep, nil
}

func guestAddrs(ifaces []libvirt.DomainInterface) []model.GuestAddrs {
	var out []model.GuestAddrs
	for _, i := range ifaces {
		g := model.GuestAddrs{MAC: i.Hwaddr, Name: i.Name, Addrs: []string{}}
		for _, a := range i.Addrs {
			g.Addrs = append(g.Addrs, fmt.Sprintf("%s/%d", a.Addr, a.Prefix))
		}
		if len(g.Addrs) > 0 && g.MAC != "" && g.MAC != "00:00:00:00:00:00" { // not the agent's loopback
			out = append(out, g)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].MAC < out[b].MAC })
	return out
}

// testDriverCannotAsk: libvirt's test driver (9.0) crashes the client's
// process when asked for the addresses of a guest with a NIC on a network
// that has no IP range, so on that driver such a guest is not asked. Real
// drivers answer with an error or nothing instead.
func (c *Conn) testDriverCannotAsk(d *Domain) string {
	if !c.testDriver {
		return ""
	}
	for _, n := range d.NICs {
		if n.Kind != model.KindNetwork {
			continue
		}
		net, err := c.c.LookupNetworkByName(n.Network)
		if err != nil {
			return "not asked: network " + n.Network + " cannot be read"
		}
		x, err := net.GetXMLDesc(0)
		net.Free()
		var nx libvirtxml.Network
		if err == nil {
			err = nx.Unmarshal(x)
		}
		if err != nil || len(nx.IPs) == 0 {
			return "not asked: the test driver cannot report addresses on network " + n.Network + ", which has no IP range"
		}
	}
	return ""
}
