package model

import "sort"

// A device pool is a network that hands each guest one of its devices when
// the guest starts: a hostdev network (SR-IOV VFs by PCI address, or every
// VF of a <pf dev>) or a macvtap network (forward passthrough, private,
// vepa or bridge over <interface dev> members, or a PF's VF interfaces).
// libvirt counts, in the active network's XML, how many guests each member
// serves; a running guest's live XML says which member it got.

// PoolMember is one device of a pool and who is on it.
type PoolMember struct {
	Dev string // interface name, "" for a VF bound to vfio-pci
	PCI string // canonical PCI address of a hostdev pool member
	// VF is the member as an SR-IOV VF, when the host's node devices say so.
	VF *VFRef
	// Connections is libvirt's live count of guests on the member.
	Connections int
	// Holders are the NICs known to sit on the member: the network's own
	// NICs whose running guest's live XML names it, and NICs that name
	// the device outside the network (a direct or hostdev NIC).
	Holders []DeviceUse
	// Taken: a running guest holds it (or libvirt counts one); Reserved:
	// only shut-off guests name it, so the first to start gets it.
	Taken    bool
	Reserved bool
}

// Key is the member's name in DeviceUses.
func (m PoolMember) Key() string {
	if m.Dev != "" {
		return m.Dev
	}
	return m.PCI
}

// PoolUsage is a network's pool: its members, how many are in use and
// free, and which guests hold which.
type PoolUsage struct {
	Network string
	Mode    string // the network's forward mode
	PF      string // <pf dev>, "" when members are listed
	Active  bool
	// Exclusive pools (hostdev, passthrough) give each member to one
	// guest; the others let guests share one, libvirt picking the least
	// used.
	Exclusive bool
	Members   []PoolMember
	// Size = InUse + Reserved + Free: in use by running guests, named by
	// shut-off ones only, and held by none.
	Size     int
	InUse    int
	Reserved int
	Free     int
	// Guests are the NICs configured on the network; Unplaced is how many
	// running ones hold a member that neither their live XML nor
	// libvirt's per-member count names.
	Guests   []DeviceUse
	Unplaced int
	// Note says why the pool looks empty or its counts are guesses.
	Note string
}

// PoolNetwork reports whether a network hands out devices from a pool.
func PoolNetwork(n Network) bool {
	return n.Forward == "hostdev" || MacvtapNetwork(n)
}

// exclusiveMode: the device goes to one guest whole.
func exclusiveMode(m Mode) bool { return m == ModePassthrough || m == ModeHostdev }

// poolMembers lists a pool's devices: the live or configured member list,
// else the VFs of its PF (hostdev pools by PCI address, macvtap pools by
// VF interface, which is what libvirt builds from a <pf dev>).
func poolMembers(n Network, sr *SRIOV) []PoolMember {
	var out []PoolMember
	add := func(m PoolMember) {
		if ref, ok := sr.VFByKey(m.Key()); ok {
			m.VF = &ref
			if m.Dev == "" {
				m.Dev = ref.VF.Netdev
			}
			m.PCI = ref.VF.PCI.String()
		}
		m.Connections = n.MemberConnections[m.Dev] + n.MemberConnections[m.PCI]
		out = append(out, m)
	}
	switch {
	case n.Forward == "hostdev" && len(n.ForwardAddrs) > 0:
		for _, a := range n.ForwardAddrs {
			add(PoolMember{PCI: a})
		}
	case n.Forward != "hostdev" && len(n.ForwardDevs) > 0:
		for _, d := range n.ForwardDevs {
			add(PoolMember{Dev: d})
		}
	case n.ForwardPF != "":
		pf, ok := sr.PFByKey(n.ForwardPF)
		if !ok {
			return nil
		}
		for _, vf := range pf.VFs {
			if n.Forward == "hostdev" {
				add(PoolMember{PCI: vf.PCI.String()})
			} else if vf.Netdev != "" {
				add(PoolMember{Dev: vf.Netdev})
			}
		}
	}
	return out
}

// Pools accounts every pool network of the survey.
func (s *HostSurvey) Pools() map[string]PoolUsage {
	return s.pools(DeviceUses(s.Domains, s.Networks, &s.SRIOV))
}

// pools is Pools on the survey's DeviceUses.
func (s *HostSurvey) pools(uses map[string][]DeviceUse) map[string]PoolUsage {
	sr := &s.SRIOV
	out := map[string]PoolUsage{}
	for _, n := range s.Networks {
		if PoolNetwork(n) {
			out[n.Name] = accountPool(n, poolMembers(n, sr), s.Domains, uses, sr)
		}
	}
	return out
}

func accountPool(n Network, members []PoolMember, doms []DomainNICs, uses map[string][]DeviceUse, sr *SRIOV) PoolUsage {
	p := PoolUsage{Network: n.Name, Mode: n.Forward, PF: n.ForwardPF, Active: n.Active,
		Exclusive: exclusiveMode(Mode(n.Forward)), Members: members, Size: len(members)}
	at := map[string]int{}
	for i, m := range members {
		at[m.Key()] = i
		for _, u := range uses[m.Key()] {
			if u.Network == "" {
				p.Members[i].Holders = append(p.Members[i].Holders, u)
			}
		}
	}
	running, placed := placeGuests(&p, n, members, doms, at, sr)
	anonymous := 0
	for i, m := range p.Members {
		held := false
		for _, u := range m.Holders {
			held = held || u.Running
		}
		p.Members[i].Taken = held || m.Connections > 0
		p.Members[i].Reserved = !p.Members[i].Taken && len(m.Holders) > 0
		switch {
		case p.Members[i].Taken:
			p.InUse++
		case p.Members[i].Reserved:
			p.Reserved++
		}
		if m.Connections > 0 && !heldByPool(m, n.Name) {
			anonymous++
		}
	}
	p.Unplaced = max(0, running-placed-anonymous)
	p.InUse = min(p.InUse+p.Unplaced, p.Size-p.Reserved)
	p.Free = p.Size - p.InUse - p.Reserved
	p.Note = poolNote(n, p, sr)
	return p
}

// placeGuests lists the network's NICs as the pool's guests and puts each
// running one whose member is known among that member's holders; it
// returns how many run and how many of those were placed.
func placeGuests(p *PoolUsage, n Network, members []PoolMember, doms []DomainNICs, at map[string]int, sr *SRIOV) (running, placed int) {
	for _, d := range doms {
		for _, nb := range d.NICs {
			if nb.Kind != KindNetwork || nb.Network != n.Name {
				continue
			}
			u := DeviceUse{Domain: d.Name, Index: nb.Index, MAC: nb.MAC, Running: d.Active, Mode: poolUseMode(n),
				Network: n.Name, Pool: len(members), PortGroup: nb.PortGroup}
			p.Guests = append(p.Guests, u)
			if !d.Active {
				continue
			}
			running++
			key, ok := placement(d, nb, sr)
			if len(members) == 1 {
				key, ok = members[0].Key(), true // no choice to make
			}
			if ok {
				if i, in := at[key]; in {
					u.Pool = 1
					p.Members[i].Holders = append(p.Members[i].Holders, u)
					placed++
				}
			}
		}
	}
	return running, placed
}

func heldByPool(m PoolMember, net string) bool {
	for _, u := range m.Holders {
		if u.Network == net {
			return true
		}
	}
	return false
}

// poolUseMode is how a pool NIC uses its member: whole (hostdev), or as a
// macvtap in the network's forward mode.
func poolUseMode(n Network) Mode {
	if n.Forward == "hostdev" {
		return ModeHostdev
	}
	return Mode(n.Forward)
}

func poolNote(n Network, p PoolUsage, sr *SRIOV) string {
	switch {
	case p.Size == 0 && n.ForwardPF != "":
		if _, ok := sr.PFByKey(n.ForwardPF); !ok {
			return "its PF " + n.ForwardPF + " is not an SR-IOV PF this host's node devices list"
		}
		return "PF " + n.ForwardPF + " has no VFs"
	case p.Size == 0:
		return "no member devices"
	case !n.Active:
		return "inactive: libvirt hands out members only while the network runs"
	case p.Unplaced > 0:
		return "libvirt chose the members of running guests at their start; which is not known here"
	}
	return ""
}

// placement is the pool member a running guest's NIC got, from its live
// XML: the live NIC with the same MAC that libvirt shows as the direct or
// hostdev device it became.
func placement(d DomainNICs, nb NICBrief, sr *SRIOV) (string, bool) {
	for _, l := range d.Placed {
		if l.MAC != nb.MAC || nb.MAC == "" {
			continue
		}
		switch {
		case l.Kind == KindDirect && l.Dev != "":
			return l.Dev, true
		case l.Kind == KindHostdev && l.PCI != "":
			return sr.DeviceKey(l.PCI), true
		}
	}
	return "", false
}

// Placements picks, from a running guest's live NICs, those that are
// network NICs in its configuration (same MAC) and that libvirt shows as
// the direct or hostdev device it gave them.
func Placements(config, live []NICBrief) []NICBrief {
	onNet := map[string]string{}
	for _, c := range config {
		if c.Kind == KindNetwork && c.MAC != "" {
			onNet[c.MAC] = c.Network
		}
	}
	var out []NICBrief
	for _, l := range live {
		net, ok := onNet[l.MAC]
		if ok && ((l.Kind == KindDirect && l.Dev != "") || (l.Kind == KindHostdev && l.PCI != "")) {
			l.Network = net
			out = append(out, l)
		}
	}
	return out
}

// SortedPools lists pools by network name.
func SortedPools(m map[string]PoolUsage) []PoolUsage {
	out := make([]PoolUsage, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Network < out[j].Network })
	return out
}
