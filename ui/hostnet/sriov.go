package hostnet

import (
	"fmt"
	"strings"

	"virtnic/model"
	"virtnic/present"
)

// sriovSection lists each SR-IOV PF and, under it, its VFs: index,
// interface, PCI address and whether it is free, taken or reserved, with the
// NICs on each and the conflicts. The PF and VF interfaces are left out of
// the device sections, so every device is listed once.
func sriovSection(u model.HostUsage) (section, map[string]bool) {
	sec := section{title: "SR-IOV (physical function → virtual functions)", empty: "no SR-IOV device in the host's node devices"}
	listed := map[string]bool{}
	devs := map[string]model.DeviceUsage{}
	for _, d := range u.Devices {
		devs[d.Name] = d
	}
	for _, pf := range u.SRIOV {
		d, ok := devs[pf.Netdev]
		listed[pf.Netdev] = ok
		desc := []string{"PF " + pf.PCI.String()}
		if ok && d.SpeedMbps > 0 {
			desc = append(desc, speed(d.SpeedMbps))
		}
		desc = append(desc, fmt.Sprintf("%d VFs, %d free", len(pf.VFs), pf.Free))
		sec.items = append(sec.items, newItem("pf:"+pf.Name(), pf.Name(), strings.Join(desc, " · ")+count(len(pf.Users)), pf.Users, pf.Conflicts, false))
		for _, v := range pf.VFs {
			listed[v.Netdev] = v.Netdev != ""
			sec.items = append(sec.items, vfItem(pf, v))
		}
	}
	delete(listed, "")
	return sec, listed
}

// vfItem is one VF with the NICs that certainly sit on it; the pool NICs
// libvirt may give it are listed under their network, the VF's row names
// the pool.
func vfItem(pf model.PFUsage, v model.VFUsage) item {
	name := v.Netdev
	if name == "" {
		name = "(no interface)"
	}
	desc := []string{fmt.Sprintf("VF %d", v.Index), v.PCI.String(), present.VFStateLabel(v)}
	if len(v.Pools) > 0 {
		desc = append(desc, "pool "+strings.Join(v.Pools, ", "))
	}
	it := newItem("vf:"+pf.Name()+"/"+v.PCI.String(), name, strings.Join(desc, " · "), v.Users, v.Conflicts, false)
	it.depth = 1
	it.lname += " " + strings.ToLower(pf.Name())
	return it
}

// poolDesc is what a pool network's row adds: how many members are free
// for a pool that gives each guest its own, and where the members come from.
func poolDesc(p model.PoolUsage) []string {
	var parts []string
	if p.Exclusive {
		parts = append(parts, fmt.Sprintf("%d of %d free", p.Free, p.Size))
	}
	if p.PF != "" {
		parts = append(parts, "VFs of "+p.PF)
	}
	return parts
}

// placements maps each pool NIC whose member is known to that member.
func placements(p model.PoolUsage) map[string]string {
	out := map[string]string{}
	for _, m := range p.Members {
		for _, u := range m.Holders {
			if u.Network == p.Network {
				out[useKey(model.DeviceUse{Domain: u.Domain, Index: u.Index})] = m.Key()
			}
		}
	}
	return out
}
