package model

import (
	"fmt"
	"strconv"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// NativeMode is the nativeMode of a trunk's native VLAN: whether its frames
// carry a tag. "" is a tag without nativeMode.
type NativeMode string

const (
	NativeNone     NativeMode = ""
	NativeTagged   NativeMode = "tagged"
	NativeUntagged NativeMode = "untagged"
)

// VLANTagMax is the largest VLAN ID libvirt accepts ("vlan tag id %u too
// large (maximum 4095)").
const VLANTagMax = 4095

// VLANTag is one <tag id=… nativeMode=…/> of a <vlan>.
type VLANTag struct {
	ID     uint
	Native NativeMode
}

// VLAN is a NIC's <vlan>: one tag (an access port), or a trunk of tags of
// which one may be the native VLAN. Trunk is what libvirt makes of the
// element: trunk='yes', or more than one tag.
type VLAN struct {
	Trunk bool
	Tags  []VLANTag
}

// IsTrunk is what libvirt does with v: several tags always make a trunk.
func (v *VLAN) IsTrunk() bool { return v != nil && (v.Trunk || len(v.Tags) > 1) }

// Native returns the tag carrying nativeMode, if any.
func (v *VLAN) Native() (VLANTag, bool) {
	if v == nil {
		return VLANTag{}, false
	}
	for _, t := range v.Tags {
		if t.Native != NativeNone {
			return t, true
		}
	}
	return VLANTag{}, false
}

// IDs lists the tag IDs in order.
func (v *VLAN) IDs() []uint {
	if v == nil {
		return nil
	}
	out := make([]uint, len(v.Tags))
	for i, t := range v.Tags {
		out[i] = t.ID
	}
	return out
}

// VLANString shows a VLAN in one line: "tag 10", "trunk 10,20,30",
// "trunk 10,20, native 10 untagged"; "" for none.
func VLANString(v *VLAN) string {
	if v == nil || len(v.Tags) == 0 {
		return ""
	}
	ids := IDList(v.IDs())
	s := "tag " + ids
	if v.IsTrunk() {
		s = "trunk " + ids
	}
	if nt, ok := v.Native(); ok {
		s += fmt.Sprintf(", native %d %s", nt.ID, nt.Native)
	}
	return s
}

// IDList writes IDs the way --vlan takes them: "10,20,30".
func IDList(ids []uint) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatUint(uint64(id), 10)
	}
	return strings.Join(parts, ",")
}

// ParseVLANIDs reads "10" or "10,20,30" (blanks around the commas allowed).
// It checks only that each is a whole number; ranges are Validate's.
func ParseVLANIDs(s string) ([]uint, error) {
	var out []uint
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		v, err := strconv.ParseUint(f, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("vlan %q: %q is not a VLAN ID: allowed whole numbers 0–%d, separated by commas", s, f, VLANTagMax)
		}
		out = append(out, uint(v))
	}
	return out, nil
}

func vlanFromXML(x *libvirtxml.DomainInterfaceVLan) *VLAN {
	if x == nil {
		return nil
	}
	v := &VLAN{Trunk: strings.EqualFold(x.Trunk, "yes")}
	for _, t := range x.Tags {
		v.Tags = append(v.Tags, VLANTag{ID: t.ID, Native: NativeMode(t.NativeMode)})
	}
	return v
}

// vlanToXML writes trunk='yes' whenever libvirt treats v as a trunk, which is
// how libvirt itself formats it.
func vlanToXML(v *VLAN) *libvirtxml.DomainInterfaceVLan {
	if v == nil {
		return nil
	}
	x := &libvirtxml.DomainInterfaceVLan{}
	if v.IsTrunk() {
		x.Trunk = "yes"
	}
	for _, t := range v.Tags {
		x.Tags = append(x.Tags, libvirtxml.DomainInterfaceVLanTag{ID: t.ID, NativeMode: string(t.Native)})
	}
	return x
}

// VLANFromNetwork converts a network's or portgroup's <vlan>.
func VLANFromNetwork(x *libvirtxml.NetworkVLAN) *VLAN {
	if x == nil || len(x.Tags) == 0 {
		return nil
	}
	v := &VLAN{Trunk: strings.EqualFold(x.Trunk, "yes")}
	for _, t := range x.Tags {
		v.Tags = append(v.Tags, VLANTag{ID: t.ID, Native: NativeMode(t.NativeMode)})
	}
	return v
}

// VLANEqual compares what libvirt compares (virNetDevVlanEqual): trunk,
// native tag and mode, and the tags as a set.
func VLANEqual(a, b *VLAN) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	an, _ := a.Native()
	bn, _ := b.Native()
	if a.IsTrunk() != b.IsTrunk() || len(a.Tags) != len(b.Tags) || an != bn {
		return false
	}
	for _, t := range a.Tags {
		found := false
		for _, u := range b.Tags {
			found = found || t.ID == u.ID
		}
		if !found {
			return false
		}
	}
	return true
}

// PortGroupVLAN is the VLAN a network NIC gets when it has none of its own:
// its portgroup's (or the network's default portgroup's), else the
// network's, as libvirt's network driver picks it.
func PortGroupVLAN(net Network, portgroup string) (pg string, v *VLAN) {
	if portgroup == "" {
		portgroup = net.DefaultPortGroup
	}
	if v := net.PortGroupVLANs[portgroup]; v != nil {
		return portgroup, v
	}
	return "", net.VLAN
}
