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
// libvirt 9.0's qemuDomainChangeNet (src/qemu/qemu_hotplug.c), which
// decides what a running guest's NIC takes; its error words are quoted.
const (
	reasonNotRunning = "the domain is not running: config only"
	reasonDirect     = "QEMU cannot change a macvtap (direct) NIC's device, mode or virtual port on a running guest"
	reasonToDirect   = "libvirt cannot switch a running guest's NIC to or from macvtap (direct)"
	reasonModel      = "the device model is fixed while the guest runs"
	reasonMAC        = "the MAC address cannot change on a running guest"
	reasonHostdev    = "libvirt cannot change anything of a running guest's hostdev NIC (\"cannot change config of 'hostdev' network interface type\")"
	reasonToHostdev  = "libvirt cannot turn a running guest's NIC into a hostdev NIC (\"cannot change network interface type to 'hostdev'\")"
	reasonOtherKind  = "libvirt cannot change this interface type on a running guest"
	reasonVPort      = "libvirt cannot change a running NIC's virtual port: it would have to reconnect the NIC (\"unable to change config\")"
	reasonVPortMove  = "libvirt moves only plain Linux bridge ports live: a NIC with a virtual port (Open vSwitch, 802.1Qbg/Qbh, midonet) cannot change its bridge or network on a running guest (\"unable to change config\")"
	reasonPortID     = "libvirt gives this network NIC a new random port id on every live update and then refuses it (\"unable to change config on 'network' network type\"); " +
		"give the NIC its own <virtualport> with an interfaceid (instanceid for 802.1Qbg) to change it live"
	reasonSourceLive  = "libvirt moves the NIC's tap to the new bridge on the running guest"
	reasonPortGroupOK = "libvirt applies the new portgroup's bandwidth and VLAN on the running guest"
	// qemuDomainChangeNet replaces the running NIC only when something it
	// applies differs; else it answers success and keeps the old one.
	reasonPortGroupSame = "both portgroups give the NIC the same bandwidth and VLAN: the running guest already has what the new one sets, " +
		"and libvirt keeps the old portgroup on the running NIC until the next shutdown"
	reasonMTU        = "libvirt cannot change the MTU of a running guest's NIC (\"cannot modify MTU\")"
	reasonVLANLive   = "libvirt retags the Open vSwitch port on the running guest"
	reasonVLANVF     = "libvirt sets a VF's VLAN only when the guest starts; it retags only Open vSwitch ports live"
	reasonVLANNone   = "libvirt applies no VLAN tags to this connection (see the vlan problem)"
	reasonVLANNet    = "the network is not known, so whether libvirt can retag the NIC live is not either"
	reasonNetUnknown = "the network is not known, so whether libvirt can move the NIC live is not either"
)

// Plan predicts, per changed field, whether the running guest takes it now
// or only after the next shutdown.
func Plan(old, new NIC, running bool) []Change { return PlanIn(old, new, running, nil) }

// PlanIn is Plan with the networks the NICs may be on, which decide what
// connection a network NIC gets (a bridge port, macvtap, a hostdev VF) and
// with it what can change live. old.Running, when the domain was read
// running, is the connection the NIC has now.
func PlanIn(old, new NIC, running bool, nets map[string]Network) []Change {
	var out []Change
	lf := liveFacts{oc: runningConnOf(old, nets), nc: newConnOf(old, new, nets)}
	lf.pgChanges, lf.pgKnown = portGroupChangesNIC(old, new, nets)
	for _, f := range Changed(old, new) {
		c := Change{Field: f, Old: fieldValue(old, f), New: fieldValue(new, f)}
		if running {
			c.Live, c.Reason = liveRule(new, lf, f)
		} else {
			c.Reason = reasonNotRunning
		}
		out = append(out, c)
	}
	return out
}

// liveFacts are what the live rules read besides the field: the
// connection the NIC has and the one it would get, and whether a portgroup
// change changes the NIC's bandwidth or VLAN (pgKnown: the network was read).
type liveFacts struct {
	oc, nc             actualConn
	pgChanges, pgKnown bool
}

// liveRule follows qemuDomainChangeNet's order: a hostdev NIC takes
// nothing; MAC, model and MTU never change; a NIC cannot become hostdev;
// a regenerated port id refuses everything; then each field.
func liveRule(new NIC, lf liveFacts, field string) (bool, string) {
	oc, nc := lf.oc, lf.nc
	switch {
	case oc.class == connHostdev:
		return false, reasonHostdev
	case field == FieldMAC:
		return false, reasonMAC
	case field == FieldModel:
		return false, reasonModel
	case field == FieldMTU:
		return false, reasonMTU
	case nc.class == connHostdev:
		return false, reasonToHostdev
	case regeneratesPortID(new, nc):
		return false, reasonPortID
	}
	switch field {
	case FieldLink:
		return true, "" // qemuDomainChangeNetLinkState: QMP set_link
	case FieldVLAN:
		return liveVLAN(oc, nc)
	case FieldVirtualPort:
		// !virNetDevVPortProfileEqual(old actual, new actual) → needReconnect
		if oc.class == connDirect || nc.class == connDirect {
			return false, reasonDirect
		}
		return false, reasonVPort
	case FieldMode:
		// virDomainNetGetActualDirectMode differs → needReconnect
		return false, reasonDirect
	case FieldSource:
		return liveMove(field, oc, nc)
	case FieldPortGroup:
		live, why := liveMove(field, oc, nc)
		switch {
		case !live:
			return false, why
		case !lf.pgKnown:
			return false, reasonNetUnknown
		case !lf.pgChanges:
			return false, reasonPortGroupSame
		}
		return true, why
	}
	return false, reasonOtherKind
}

// liveMove: only a tap moving between host bridges is done live
// (qemuDomainChangeNetBridge, a Linux bridge's delif/addif), and only when
// neither side has a virtual port: a changed bridge or network with one
// on the new side, or a changed virtual port, sets needReconnect. Two
// macvtap connections differ in device or mode (needReconnect), or are the
// same and libvirt leaves the running NIC as it was; any other pair of
// types needs a full reconnect.
func liveMove(field string, oc, nc actualConn) (bool, string) {
	switch {
	case oc.class == connUnknown || nc.class == connUnknown:
		return false, reasonNetUnknown
	case oc.class == connDirect && nc.class == connDirect:
		return false, reasonDirect
	case oc.class == connDirect || nc.class == connDirect:
		return false, reasonToDirect
	case oc.class != connBridge || nc.class != connBridge:
		return false, reasonOtherKind
	case field == FieldPortGroup && oc.ovs() && nc.ovs() && !oc.pgVPort && !nc.pgVPort:
		// Same network, bridge and virtual port: only the VLAN and the
		// bandwidth follow the portgroup, both applied live on an Open
		// vSwitch port. A portgroup's own virtual port may bring another
		// profileid, which virNetDevVPortProfileEqual compares.
		return true, reasonPortGroupOK
	case oc.hasVPort || nc.hasVPort:
		return false, reasonVPortMove
	case field == FieldPortGroup:
		return true, reasonPortGroupOK
	}
	return true, reasonSourceLive
}

// liveVLAN: a VLAN change on a running guest is an ovs-vsctl call on the
// NIC's port (virNetDevOpenvswitchUpdateVlan), so only an Open vSwitch
// port before and after takes it.
func liveVLAN(oc, nc actualConn) (bool, string) {
	po, pn := vlanPortOfConn(oc), vlanPortOfConn(nc)
	switch {
	case po == vlanOVS && pn == vlanOVS:
		return true, reasonVLANLive
	case po == vlanUnknown || pn == vlanUnknown:
		return false, reasonVLANNet
	case pn == vlanVF || po == vlanVF:
		return false, reasonVLANVF
	}
	return false, reasonVLANNone
}

func vlanPortOfConn(a actualConn) vlanPort {
	switch {
	case a.class == connUnknown:
		return vlanUnknown
	case a.class == connBridge && a.ovs():
		return vlanOVS
	case a.vf:
		return vlanVF
	}
	return vlanNone
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
