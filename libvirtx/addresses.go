package libvirtx

import (
	"fmt"
	"sort"

	"libvirt.org/go/libvirt"

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
func (c *Conn) Addresses(uuid string) (model.AddrReport, error) {
	dom, err := c.lookupUUID(uuid)
	if err != nil {
		return model.AddrReport{}, err
	}
	defer dom.Free()
	rep := model.AddrReport{Tried: map[string]string{}, Ifaces: []model.GuestAddrs{}}
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
