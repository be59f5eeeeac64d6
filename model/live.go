package model

import (
	"fmt"
	"strings"
)

// Change is one edited field and whether a running guest takes it now.
type Change struct {
	Field  string `json:"field"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Live   bool   `json:"live"`
	Reason string `json:"reason,omitempty"` // why not live (or how it is applied live); "" when obvious
}

// Reasons, in the user's terms, for the outcomes of Plan. They mirror
// libvirt's qemuDomainChangeNet, which refuses these on a running guest.
const (
	reasonNotRunning  = "the domain is not running: config only"
	reasonDirect      = "QEMU cannot change a macvtap (direct) NIC's device, mode or virtual port on a running guest"
	reasonToDirect    = "QEMU cannot switch a running guest's NIC to or from macvtap (direct)"
	reasonModel       = "the device model is fixed while the guest runs"
	reasonMAC         = "the MAC address cannot change on a running guest"
	reasonVSISource   = "a NIC with an 802.1Qbg/802.1Qbh virtual port cannot change its source on a running guest"
	reasonOtherKind   = "libvirt cannot change this interface type on a running guest"
	reasonVPortLive   = "libvirt reconnects the port on the running guest"
	reasonSourceLive  = "libvirt reconnects the NIC to the new source on the running guest"
	reasonPortGroupOK = "libvirt applies the new portgroup on the running guest"
	reasonMTU         = "libvirt cannot change the MTU of a running guest's NIC (\"cannot modify MTU\")"
	reasonVLANLive    = "libvirt retags the Open vSwitch port on the running guest"
	reasonVLANVF      = "libvirt sets a VF's VLAN only when the guest starts; it retags only Open vSwitch ports live"
	reasonVLANNone    = "libvirt applies no VLAN tags to this connection (see the vlan problem)"
	reasonVLANNet     = "the network is not known, so whether libvirt can retag the NIC live is not either"
)

// Plan predicts, per changed field, whether the running guest takes it now
// or only after the next shutdown.
func Plan(old, new NIC, running bool) []Change { return PlanIn(old, new, running, nil) }

// PlanIn is Plan with the networks the NICs may be on, which decide whether
// a network NIC's VLAN can change live (only on an Open vSwitch network).
func PlanIn(old, new NIC, running bool, nets map[string]Network) []Change {
	var out []Change
	for _, f := range Changed(old, new) {
		c := Change{Field: f, Old: fieldValue(old, f), New: fieldValue(new, f)}
		switch {
		case !running:
			c.Reason = reasonNotRunning
		case f == FieldVLAN:
			c.Live, c.Reason = liveVLAN(old, new, nets)
		default:
			c.Live, c.Reason = liveRule(old, new, f)
		}
		out = append(out, c)
	}
	return out
}

// liveVLAN follows qemuDomainChangeNet: a VLAN change on a running guest is
// an ovs-vsctl call on the NIC's port, so only an Open vSwitch port before
// and after takes it; a hostdev NIC takes no live change at all.
func liveVLAN(old, new NIC, nets map[string]Network) (bool, string) {
	ctx := Context{Networks: nets}
	po, _ := vlanPortOf(old, ctx)
	pn, _ := vlanPortOf(new, ctx)
	switch {
	case old.Kind == KindHostdev || new.Kind == KindHostdev:
		return false, reasonOtherKind
	case po == vlanOVS && pn == vlanOVS:
		return true, reasonVLANLive
	case po == vlanUnknown || pn == vlanUnknown:
		return false, reasonVLANNet
	case pn == vlanVF || po == vlanVF:
		return false, reasonVLANVF
	}
	return false, reasonVLANNone
}

func liveRule(old, new NIC, field string) (bool, string) {
	direct := old.Kind == KindDirect || new.Kind == KindDirect
	switch field {
	case FieldLink:
		return true, ""
	case FieldModel:
		return false, reasonModel
	case FieldMAC:
		return false, reasonMAC
	case FieldSource, FieldPortGroup:
		switch {
		case old.Kind != new.Kind && direct:
			return false, reasonToDirect
		case direct:
			return false, reasonDirect
		case !bridgeOrNetwork(old.Kind) || !bridgeOrNetwork(new.Kind):
			return false, reasonOtherKind
		case hasVSI(old) || hasVSI(new):
			return false, reasonVSISource
		case field == FieldPortGroup:
			return true, reasonPortGroupOK
		}
		return true, reasonSourceLive
	case FieldMode:
		return false, reasonDirect
	case FieldMTU:
		return false, reasonMTU
	case FieldVirtualPort:
		switch {
		case direct:
			return false, reasonDirect
		case !bridgeOrNetwork(old.Kind) || !bridgeOrNetwork(new.Kind):
			return false, reasonOtherKind
		}
		return true, reasonVPortLive
	}
	return false, reasonOtherKind
}

func bridgeOrNetwork(k SourceKind) bool { return k == KindBridge || k == KindNetwork }

func hasVSI(n NIC) bool {
	return n.VirtualPort != nil && (n.VirtualPort.Type == VPortQbg || n.VirtualPort.Type == VPortQbh)
}

// fieldValue renders a field for plans and dry-run output; "" means unset
// (hypervisor default model, no MAC, no portgroup, no virtual port).
func fieldValue(n NIC, field string) string {
	switch field {
	case FieldSource:
		if n.Kind == "" {
			return ""
		}
		return string(n.Kind) + " " + n.Source()
	case FieldPortGroup:
		return effPortGroup(n)
	case FieldMode:
		return string(effMode(n))
	case FieldModel:
		return n.Model
	case FieldMAC:
		return strings.ToLower(n.MAC)
	case FieldLink:
		return effLink(n)
	case FieldVirtualPort:
		return vportString(n.VirtualPort)
	case FieldVLAN:
		return VLANString(n.VLAN)
	case FieldMTU:
		if n.MTU == 0 {
			return ""
		}
		return fmt.Sprint(n.MTU)
	}
	return ""
}

// vportString shows only the parameters that belong to the type, in
// libvirt's attribute order.
func vportString(vp *VirtualPort) string { return VirtualPortString(vp) }

// VirtualPortString shows a virtual port as "802.1Qbg managerid=11 …" (only
// the parameters that belong to its type, in libvirt's attribute order),
// "untyped …" for one without a type, "" for none.
func VirtualPortString(vp *VirtualPort) string {
	if vportEmpty(vp) {
		return ""
	}
	var parts []string
	if vp.Type == VPortNone {
		parts = append(parts, "untyped")
	} else {
		parts = append(parts, string(vp.Type))
	}
	num := func(name string, v *uint) {
		if v != nil {
			parts = append(parts, fmt.Sprintf("%s=%d", name, *v))
		}
	}
	str := func(name, v string) {
		if v != "" {
			parts = append(parts, name+"="+v)
		}
	}
	switch vp.Type {
	case VPortNone, VPortQbg:
		num(FieldManagerID, vp.ManagerID)
		num(FieldTypeID, vp.TypeID)
		num(FieldTypeIDVersion, vp.TypeIDVersion)
		str(FieldInstanceID, vp.InstanceID)
		if vp.Type == VPortNone {
			str(FieldProfileID, vp.ProfileID)
			str(FieldInterfaceID, vp.InterfaceID)
		}
	case VPortQbh:
		str(FieldProfileID, vp.ProfileID)
	case VPortOpenVSwitch:
		str(FieldInterfaceID, vp.InterfaceID)
		str(FieldProfileID, vp.ProfileID)
	case VPortMidonet:
		str(FieldInterfaceID, vp.InterfaceID)
	}
	return strings.Join(parts, " ")
}
