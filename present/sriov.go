package present

import (
	"fmt"
	"strings"

	"virtnic/model"
)

// PoolLabel is a pool network's state in a few words: "hostdev pool, 2 of
// 4 free" for a pool that gives each guest a member of its own, "bridge
// pool of 1 device, 1 running guest" for one whose guests share members.
func PoolLabel(p model.PoolUsage) string {
	mode := p.Mode
	switch {
	case p.Size == 0:
		return mode + " pool, no members"
	case p.Exclusive:
		return fmt.Sprintf("%s pool, %d of %d free", mode, p.Free, p.Size)
	}
	running := 0
	for _, g := range p.Guests {
		if g.Running {
			running++
		}
	}
	return fmt.Sprintf("%s pool of %s, %s", mode, plural(p.Size, "device"), plural(running, "running guest"))
}

// NetworkSourceLabel is NetworkLabel with a pool network's pool state in
// place of its forward mode: "Virtual network 'sriov-pool': hostdev pool,
// 5 of 8 free".
func NetworkSourceLabel(n model.Network, pool *model.PoolUsage) string {
	if pool == nil {
		return NetworkLabel(n)
	}
	s := fmt.Sprintf("Virtual network '%s': %s", n.Name, PoolLabel(*pool))
	if !n.Active {
		s += " (inactive)"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// HostdevLabel names a hostdev NIC's device: "Host device ens1f0v3 (VF 3
// of ens1f0, PCI 0000:03:02.3)" when the host's node devices know the VF,
// else "Host device PCI 0000:03:02.3".
func HostdevLabel(pci string, ref *model.VFRef) string {
	if ref == nil {
		return "Host device PCI " + pci
	}
	name := ref.VF.Netdev
	if name == "" {
		return fmt.Sprintf("Host device %s (PCI %s)", model.VFLabel(*ref), pci)
	}
	return fmt.Sprintf("Host device %s (%s, PCI %s)", name, model.VFLabel(*ref), pci)
}

// VFStateLabel is who has a VF: "free", "taken by nfv-router", "reserved
// by dpdk-node (off)", "taken (a guest of pool sriov-pool)".
func VFStateLabel(v model.VFUsage) string {
	var on, off []string
	for _, u := range v.Users {
		if u.Running {
			on = appendOnce(on, u.Domain)
		} else {
			off = appendOnce(off, u.Domain+" (off)")
		}
	}
	switch v.State {
	case model.VFTaken:
		if len(on) == 0 && v.PoolHeld != "" {
			return "taken (a guest of pool " + v.PoolHeld + ")"
		}
		s := "taken by " + strings.Join(on, ", ")
		if len(off) > 0 {
			s += "; also wanted by " + strings.Join(off, ", ")
		}
		return s
	case model.VFReserved:
		return "reserved by " + strings.Join(off, ", ")
	}
	if len(v.MaybeHeld) > 0 {
		var who []string
		for _, u := range v.MaybeHeld {
			who = appendOnce(who, u.Domain+" via "+u.Network)
		}
		return "free, or " + strings.Join(who, " or ") + " got it"
	}
	return "free"
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// PFSummary is a PF's VFs in a few words: "SR-IOV PF: 4 VFs, 2 free".
func PFSummary(p model.PFUsage) string {
	return fmt.Sprintf("SR-IOV PF: %s, %d free", plural(len(p.VFs), "VF"), p.Free)
}

// NICSummaryOn is NICSummary naming a hostdev NIC's VF when the host's
// SR-IOV functions are known: "hostdev ens1f0v0 (VF 0 of ens1f0)".
func NICSummaryOn(n model.NIC, sr *model.SRIOV) string {
	if n.Kind == model.KindHostdev {
		if ref, ok := sr.VFByKey(n.HostdevPCI); ok {
			name := ref.VF.Netdev
			if name == "" {
				name = n.HostdevPCI
			}
			return "hostdev " + name + " (" + model.VFLabel(ref) + ")"
		}
	}
	return NICSummary(n)
}
