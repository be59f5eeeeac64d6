package model

import "fmt"

// VFState is whether a VF can be given to a guest now.
type VFState string

const (
	// VFFree: no NIC names the VF and no pool counts a guest on it.
	VFFree VFState = "free"
	// VFTaken: a running guest holds it (or libvirt counts one on it).
	VFTaken VFState = "taken"
	// VFReserved: only shut-off guests name it; the first to start gets it.
	VFReserved VFState = "reserved"
)

// VFUsage is one VF with who uses it.
type VFUsage struct {
	VF
	// Users are the NICs that certainly sit on it: direct NICs on its
	// interface, hostdev NICs on its address, and pool NICs whose live
	// XML names it. MayUse are the pool NICs libvirt may give it at their
	// next start.
	Users  []DeviceUse
	MayUse []DeviceUse
	// Pools are the networks whose pool holds it; PoolHeld a pool whose
	// live count has a guest on it.
	Pools    []string
	PoolHeld string
	// MaybeHeld are running guests of a pool holding this VF that libvirt
	// may have given it: their member is not known (only when it is free
	// otherwise).
	MaybeHeld []DeviceUse
	State     VFState
	Conflicts []Conflict
}

// PFUsage is a PF with its own users and its VFs.
type PFUsage struct {
	PF
	Users []DeviceUse // NICs on the PF's own interface
	VFs   []VFUsage
	// Free is how many VFs no guest holds or may hold: the free ones less
	// the running pool guests on a VF of this PF not known which.
	Free      int
	Conflicts []Conflict
}

// SRIOVUsage says, for each PF, who uses it and each of its VFs, whether
// each VF is free, and the rules broken on them (DeviceConflicts on each
// VF, PFConflicts on the PF).
func SRIOVUsage(sr SRIOV, uses map[string][]DeviceUse, pools map[string]PoolUsage) []PFUsage {
	out := make([]PFUsage, 0, len(sr.PFs))
	for _, pf := range sr.PFs {
		pu := PFUsage{PF: pf, Users: uses[pf.Netdev]}
		if pf.Netdev == "" {
			pu.Users = nil
		}
		unplaced := map[string]int{}
		for _, vf := range pf.VFs {
			vu := vfUsage(vf, uses[vf.Key()], pools)
			if vu.State == VFFree {
				pu.Free++
			}
			for _, name := range vu.Pools {
				unplaced[name] = pools[name].Unplaced
			}
			pu.VFs = append(pu.VFs, vu)
		}
		for _, n := range unplaced {
			pu.Free -= n
		}
		pu.Free = max(pu.Free, 0)
		pu.Conflicts = PFConflicts(pu)
		out = append(out, pu)
	}
	return out
}

func vfUsage(vf VF, uses []DeviceUse, pools map[string]PoolUsage) VFUsage {
	vu := VFUsage{VF: vf, State: VFFree}
	for _, u := range uses {
		if poolChoice(u) {
			vu.MayUse = append(vu.MayUse, u)
		} else {
			vu.Users = append(vu.Users, u)
		}
	}
	for _, p := range SortedPools(pools) {
		for _, m := range p.Members {
			if m.Key() != vf.Key() {
				continue
			}
			vu.Pools = append(vu.Pools, p.Network)
			if m.Connections > 0 {
				vu.PoolHeld = p.Network
			}
			if p.Unplaced > 0 && len(m.Holders) == 0 && m.Connections == 0 {
				vu.MaybeHeld = append(vu.MaybeHeld, unplacedGuests(p)...)
			}
		}
	}
	for _, u := range vu.Users {
		switch {
		case u.Running:
			vu.State = VFTaken
		case vu.State == VFFree:
			vu.State = VFReserved
		}
	}
	if vu.PoolHeld != "" {
		vu.State = VFTaken
	}
	vu.Conflicts = DeviceConflicts(vf.Key(), uses)
	return vu
}

// unplacedGuests are a pool's running guests whose member is not known.
func unplacedGuests(p PoolUsage) []DeviceUse {
	placed := map[string]bool{}
	for _, m := range p.Members {
		for _, u := range m.Holders {
			if u.Network == p.Network {
				placed[u.Domain+"/"+u.MAC] = true
			}
		}
	}
	var out []DeviceUse
	for _, g := range p.Guests {
		if g.Running && !placed[g.Domain+"/"+g.MAC] {
			out = append(out, g)
		}
	}
	return out
}

// ConflictPFPassthrough: a PF is passed through while guests use its VFs.
// A macvtap in passthrough mode hands the PF's MAC, VLAN filter and
// promiscuity to one guest, and the VFs' guests share that port.
const ConflictPFPassthrough ConflictKind = "pf-passthrough"

// PFConflicts is the rule on a PF: it should not be passed through while
// its VFs are in use. It is a warning: libvirt and the kernel allow it.
func PFConflicts(pu PFUsage) []Conflict {
	var holders []DeviceUse
	for _, u := range pu.Users {
		if u.Mode == ModePassthrough {
			holders = append(holders, u)
		}
	}
	var vfUsers []DeviceUse
	for _, vf := range pu.VFs {
		vfUsers = append(vfUsers, vf.Users...)
	}
	if len(holders) == 0 || len(vfUsers) == 0 {
		return nil
	}
	c := newConflict(ConflictPFPassthrough, pu.Name(), holders, vfUsers)
	c.Severity = SeverityWarning
	c.Reason = fmt.Sprintf("%s is passed through to %s while its VFs serve %s: passthrough gives the PF's MAC, VLAN filter and promiscuous mode to one guest, and the VFs share that port",
		pu.Name(), andList(useNames(holders)), andList(useNames(vfUsers))) + runningNote(append(append([]DeviceUse{}, holders...), vfUsers...))
	return []Conflict{c}
}

// VFLabel names a VF for people: "VF 3 of ens1f0".
func VFLabel(ref VFRef) string {
	return fmt.Sprintf("VF %d of %s", ref.VF.Index, ref.PF.Name())
}
