package main

import (
	"fmt"
	"io"
	"strings"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
)

// jsonHostdev is a type='hostdev' NIC's device: its PCI address and, when
// the host's node devices know it as an SR-IOV VF, which one.
type jsonHostdev struct {
	PCI string         `json:"pci"`
	VF  *jsonHostdevVF `json:"vf"`
}

type jsonHostdevVF struct {
	PF     string  `json:"pf"`
	Index  int     `json:"index"`
	Netdev *string `json:"netdev"`
}

func (v jsonHostdevVF) label() string {
	s := fmt.Sprintf("VF %d of %s", v.Index, v.PF)
	if v.Netdev != nil {
		s = *v.Netdev + ", " + s
	}
	return s
}

// hostdevSRIOV reads the host's SR-IOV functions only when a NIC needs
// them named (a hostdev NIC); nil otherwise or when the host cannot say.
func hostdevSRIOV(c *libvirtx.Conn, nics []model.NIC) *model.SRIOV {
	for _, n := range nics {
		if n.Kind == model.KindHostdev && n.HostdevPCI != "" {
			sr, _, err := c.SRIOV()
			if err != nil {
				return nil
			}
			return &sr
		}
	}
	return nil
}

func toJSONHostdev(n model.NIC, sr *model.SRIOV) *jsonHostdev {
	if n.Kind != model.KindHostdev {
		return nil
	}
	j := &jsonHostdev{PCI: n.HostdevPCI}
	if ref, ok := sr.VFByKey(n.HostdevPCI); ok {
		j.VF = &jsonHostdevVF{PF: ref.PF.Name(), Index: ref.VF.Index, Netdev: strOrNil(ref.VF.Netdev)}
	}
	return j
}

// jsonUse is one NIC on a VF or pool member, with whether its guest runs:
// that decides whether the device is taken or only reserved.
type jsonUse struct {
	Domain  string `json:"domain"`
	NIC     int    `json:"nic"`
	Mode    string `json:"mode"`
	Network string `json:"network,omitempty"`
	Running bool   `json:"running"`
}

func toJSONUses(us []model.DeviceUse) []jsonUse {
	out := []jsonUse{}
	for _, u := range us {
		out = append(out, jsonUse{Domain: u.Domain, NIC: u.Index, Mode: string(u.Mode), Network: u.Network, Running: u.Running})
	}
	return out
}

type jsonVF struct {
	Index  int       `json:"index"`
	Netdev *string   `json:"netdev"`
	PCI    string    `json:"pci"`
	State  string    `json:"state"`
	UsedBy []jsonUse `json:"used_by"`
	// MayUse are pool NICs libvirt may give this VF at their next start.
	MayUse []jsonUse `json:"may_use"`
	Pools  []string  `json:"pools"`
}

type jsonPF struct {
	PF        string           `json:"pf"`
	PCI       string           `json:"pci"`
	Product   string           `json:"product"`
	MaxVFs    int              `json:"max_vfs"`
	Free      int              `json:"free"`
	UsedBy    []jsonUse        `json:"used_by"`
	VFs       []jsonVF         `json:"vfs"`
	Conflicts []model.Conflict `json:"conflicts"`
}

func toJSONSRIOV(pfs []model.PFUsage) []jsonPF {
	out := []jsonPF{}
	for _, p := range pfs {
		j := jsonPF{PF: p.Name(), PCI: p.PCI.String(), Product: p.Product, MaxVFs: p.MaxVFs, Free: p.Free,
			UsedBy: toJSONUses(p.Users), VFs: []jsonVF{}, Conflicts: p.Conflicts}
		if j.Conflicts == nil {
			j.Conflicts = []model.Conflict{}
		}
		for _, v := range p.VFs {
			pools := v.Pools
			if pools == nil {
				pools = []string{}
			}
			j.VFs = append(j.VFs, jsonVF{Index: v.Index, Netdev: strOrNil(v.Netdev), PCI: v.PCI.String(), State: string(v.State),
				UsedBy: toJSONUses(v.Users), MayUse: toJSONUses(v.MayUse), Pools: pools})
		}
		out = append(out, j)
	}
	return out
}

type jsonMember struct {
	Dev         *string   `json:"dev"`
	PCI         *string   `json:"pci"`
	VF          *int      `json:"vf"` // its index on the pool's PF, when it is a VF
	Connections int       `json:"connections"`
	Taken       bool      `json:"taken"`
	HeldBy      []jsonUse `json:"held_by"`
}

type jsonPool struct {
	Mode      string       `json:"mode"`
	PF        *string      `json:"pf"`
	Exclusive bool         `json:"exclusive"`
	Size      int          `json:"size"`
	InUse     int          `json:"in_use"`
	Reserved  int          `json:"reserved"`
	Free      int          `json:"free"`
	Members   []jsonMember `json:"members"`
	Guests    []jsonUse    `json:"guests"`
	Unplaced  int          `json:"unplaced"`
	Note      string       `json:"note,omitempty"`
}

// jsonNetwork is a network as `sources --json` shows it: the engine's
// fields, the VLANs it and each portgroup imply, and for a pool network
// its pool (null otherwise).
type jsonNetwork struct {
	model.Network
	VLAN           *jsonVLAN            `json:"vlan"`
	PortGroupVLANs map[string]*jsonVLAN `json:"portgroup_vlans"`
	Pool           *jsonPool            `json:"pool"`
}

func toJSONNetwork(n model.Network) jsonNetwork {
	if n.PortGroups == nil {
		n.PortGroups = []string{}
	}
	j := jsonNetwork{Network: n, VLAN: toJSONVLAN(n.VLAN), PortGroupVLANs: map[string]*jsonVLAN{}}
	for _, pg := range n.PortGroups {
		j.PortGroupVLANs[pg] = toJSONVLAN(n.PortGroupVLANs[pg])
	}
	return j
}

func toJSONPool(p model.PoolUsage) *jsonPool {
	j := &jsonPool{Mode: p.Mode, PF: strOrNil(p.PF), Exclusive: p.Exclusive, Size: p.Size, InUse: p.InUse, Reserved: p.Reserved, Free: p.Free,
		Members: []jsonMember{}, Guests: toJSONUses(p.Guests), Unplaced: p.Unplaced, Note: p.Note}
	for _, m := range p.Members {
		jm := jsonMember{Dev: strOrNil(m.Dev), PCI: strOrNil(m.PCI), Connections: m.Connections, Taken: m.Taken, HeldBy: toJSONUses(m.Holders)}
		if m.VF != nil {
			i := m.VF.VF.Index
			jm.VF = &i
		}
		j.Members = append(j.Members, jm)
	}
	return j
}

// jsonDeviceSRIOV says what a host device is to SR-IOV: a PF with its
// VF count, or a VF with its PF, index, address and state.
type jsonDeviceSRIOV struct {
	Role  string  `json:"role"` // "pf" or "vf"
	PF    *string `json:"pf,omitempty"`
	Index *int    `json:"index,omitempty"`
	PCI   string  `json:"pci"`
	VFs   *int    `json:"vfs,omitempty"`
	Free  *int    `json:"free,omitempty"`
	State string  `json:"state,omitempty"`
}

// deviceSRIOV finds a host device among the PFs and VFs.
func deviceSRIOV(name string, pfs []model.PFUsage) *jsonDeviceSRIOV {
	for _, p := range pfs {
		if p.Netdev == name {
			n, free := len(p.VFs), p.Free
			return &jsonDeviceSRIOV{Role: "pf", PCI: p.PCI.String(), VFs: &n, Free: &free}
		}
		for _, v := range p.VFs {
			if v.Netdev == name {
				pf, i := p.Name(), v.Index
				return &jsonDeviceSRIOV{Role: "vf", PF: &pf, Index: &i, PCI: v.PCI.String(), State: string(v.State)}
			}
		}
	}
	return nil
}

// sriovNote is what the text listing adds to a host device line.
func sriovNote(d jsonDevice, pfs []model.PFUsage) string {
	for _, p := range pfs {
		if p.Netdev == d.Name {
			return "  " + present.PFSummary(p)
		}
		for _, v := range p.VFs {
			if v.Netdev == d.Name {
				return fmt.Sprintf("  VF %d of %s, %s", v.Index, p.Name(), present.VFStateLabel(v))
			}
		}
	}
	return ""
}

// printSRIOV lists each PF and its VFs with who holds each.
func printSRIOV(w io.Writer, pfs []model.PFUsage) {
	fmt.Fprintln(w, "SR-IOV (physical functions and their VFs):")
	if len(pfs) == 0 {
		fmt.Fprintln(w, "  none listed by the host's node devices")
	}
	for _, p := range pfs {
		max := ""
		if p.MaxVFs > 0 {
			max = fmt.Sprintf(" of at most %d", p.MaxVFs)
		}
		fmt.Fprintf(w, "  %s (PCI %s%s): %d VFs%s, %d free\n", p.Name(), p.PCI, productNote(p.Product), len(p.VFs), max, p.Free)
		tw := present.NewTable(w, "    ")
		for _, v := range p.VFs {
			tw.Row(fmt.Sprintf("VF %d", v.Index), present.OrNone(v.Netdev), v.PCI.String(), present.VFStateLabel(v)+poolsNote(v))
		}
		_ = tw.Flush()
		for _, c := range p.Conflicts {
			fmt.Fprintf(w, "    ! %s\n", c.Reason)
		}
	}
}

func productNote(p string) string {
	if p == "" {
		return ""
	}
	return ", " + p
}

func poolsNote(v model.VFUsage) string {
	if len(v.Pools) == 0 {
		return ""
	}
	return " (in pool " + strings.Join(v.Pools, ", ") + ")"
}

// printPool is a pool network's members and guests, under its line.
func printPool(w io.Writer, p model.PoolUsage) {
	if len(p.Members) > 0 {
		var ms []string
		for _, m := range p.Members {
			s := m.Key()
			var who []string
			for _, u := range m.Holders {
				who = appendUnique(who, useState(u))
			}
			if len(who) == 0 && m.Connections > 0 {
				who = append(who, fmt.Sprintf("%d connection(s)", m.Connections))
			}
			if len(who) > 0 {
				s += " (" + strings.Join(who, ", ") + ")"
			}
			ms = append(ms, s)
		}
		fmt.Fprintf(w, "    members: %s\n", strings.Join(ms, ", "))
	}
	if p.Unplaced > 0 {
		var names []string
		for _, g := range p.Guests {
			if g.Running {
				names = appendUnique(names, g.Domain)
			}
		}
		fmt.Fprintf(w, "    %d running guest(s) on a member libvirt chose at start: %s\n", p.Unplaced, strings.Join(names, ", "))
	}
	if p.Note != "" && p.Unplaced == 0 {
		fmt.Fprintf(w, "    %s\n", p.Note)
	}
}

func useState(u model.DeviceUse) string {
	if u.Running {
		return u.Domain
	}
	return u.Domain + ", off"
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
