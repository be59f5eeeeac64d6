package model

import "strings"

// vlanPort is what libvirt 9.0 does with a NIC's <vlan>, decided by the
// connection the NIC gets when the guest starts. libvirt checks it then
// (virDomainActualNetDefValidate: "vlan tag not supported for this
// connection type"), never at define, so a bad pairing defines fine and
// only the next start fails.
type vlanPort int

const (
	vlanUnknown vlanPort = iota // a network the context did not read
	vlanOVS                     // an Open vSwitch port: a tag, a trunk, a native VLAN
	vlanVF                      // an SR-IOV VF (hostdev, macvtap passthrough): one tag
	vlanNone                    // libvirt refuses any <vlan>
)

// vlanWorks says what does take VLAN tags, for every refusal.
const vlanWorks = "VLAN tags work on an Open vSwitch port (a bridge NIC with virtual port openvswitch, or an Open vSwitch network), " +
	"on an SR-IOV VF given as type hostdev, and on macvtap passthrough of a VF"

// vlanPortOf classifies n's connection; what names it for messages.
func vlanPortOf(n NIC, ctx Context) (port vlanPort, what string) {
	switch n.Kind {
	case KindBridge:
		if vportType(n) == VPortOpenVSwitch {
			return vlanOVS, "an Open vSwitch port"
		}
		return vlanNone, "a Linux bridge NIC (no openvswitch virtual port)"
	case KindDirect:
		if n.Mode == ModePassthrough {
			return vlanVF, "macvtap passthrough of " + n.Dev
		}
		return vlanNone, "a macvtap NIC in mode " + modeOrDefault(n.Mode)
	case KindHostdev:
		return vlanVF, "a hostdev NIC (an SR-IOV VF)"
	case KindNetwork:
		net, ok := ctx.Networks[n.Network]
		if !ok {
			return vlanUnknown, "network " + n.Network
		}
		return networkVLANPort(n, net)
	}
	return vlanNone, "a " + string(n.Kind) + " NIC"
}

// networkVLANPort follows libvirt's network driver: a hostdev pool hands
// out VFs, a passthrough pool macvtap passthrough, a bridge network with a
// bridge an Open vSwitch port when the merged virtual port (the NIC's, the
// portgroup's or the network's) is openvswitch; everything else is a Linux
// bridge or a shared macvtap device.
func networkVLANPort(n NIC, net Network) (vlanPort, string) {
	name := "network " + net.Name
	switch net.Forward {
	case "hostdev":
		return vlanVF, name + " (an SR-IOV hostdev pool)"
	case "passthrough":
		return vlanVF, name + " (macvtap passthrough)"
	case "vepa", "private":
		return vlanNone, name + " (macvtap in mode " + net.Forward + ")"
	case "bridge":
		if net.Bridge == "" {
			return vlanNone, name + " (macvtap in mode bridge)"
		}
		if networkIsOVS(n, net) {
			return vlanOVS, name + " (Open vSwitch)"
		}
		return vlanNone, name + " (a Linux bridge, no openvswitch virtual port)"
	}
	return vlanNone, name + " (" + net.Forward + ", on a Linux bridge)"
}

func networkIsOVS(n NIC, net Network) bool {
	ovs := string(VPortOpenVSwitch)
	pg := n.PortGroup
	if pg == "" {
		pg = net.DefaultPortGroup
	}
	return vportType(n) == VPortOpenVSwitch || net.VirtualPortType == ovs || net.PortGroupVPortTypes[pg] == ovs
}

// validateVLAN checks a NIC's own <vlan>: first what libvirt's parser
// refuses at define, then the pairing with the connection.
func validateVLAN(ps *problems, n NIC, ctx Context) {
	v := n.VLAN
	if v == nil {
		return
	}
	checkVLANTags(ps, v)
	port, what := vlanPortOf(n, ctx)
	vlanPairing(ps, n, ctx, port, what)
	if nt, ok := v.Native(); ok && port == vlanOVS && !v.IsTrunk() {
		ps.warnf(FieldVLANNative, "native VLAN %d without a trunk: Open vSwitch then trunks every VLAN with %d as native; mark it a trunk to carry only the listed tags", nt.ID, nt.ID)
	}
}

// VLANPairingProblems is what libvirt will not apply of n's own <vlan> on
// the connection n gets when the guest starts: tags where it takes none, a
// trunk or native VLAN on a VF, a VF that may not be one. It leaves out
// the parser's range checks (a defined domain passed them) and a network
// ctx does not know.
func VLANPairingProblems(n NIC, ctx Context) []Problem {
	if n.VLAN == nil {
		return nil
	}
	var ps problems
	port, what := vlanPortOf(n, ctx)
	vlanPairing(&ps, n, ctx, port, what)
	return ps
}

func vlanPairing(ps *problems, n NIC, ctx Context, port vlanPort, what string) {
	switch port {
	case vlanNone:
		ps.errorf(FieldVLAN, "vlan %s: %s takes no VLAN tags (libvirt defines it, then refuses to start the guest: \"vlan tag not supported for this connection type\"); %s",
			VLANString(n.VLAN), what, vlanWorks)
	case vlanVF:
		checkVFVLAN(ps, n, ctx, what)
	}
}

// checkVLANTags is libvirt's own parser (virNetDevVlanParse): at least one
// tag, each 0–4095, one native at most, nativeMode tagged or untagged.
func checkVLANTags(ps *problems, v *VLAN) {
	if len(v.Tags) == 0 {
		ps.errorf(FieldVLAN, "vlan needs at least one tag (0–%d); none removes it", VLANTagMax)
		return
	}
	seen := map[uint]bool{}
	natives := 0
	for _, t := range v.Tags {
		if t.ID > VLANTagMax {
			ps.errorf(FieldVLAN, "vlan tag %d is out of range: allowed 0–%d", t.ID, VLANTagMax)
		}
		if seen[t.ID] {
			ps.warnf(FieldVLAN, "vlan tag %d is listed twice", t.ID)
		}
		seen[t.ID] = true
		switch t.Native {
		case NativeNone:
		case NativeTagged, NativeUntagged:
			natives++
		default:
			ps.errorf(FieldVLANNative, "native mode %q of tag %d is not tagged or untagged", string(t.Native), t.ID)
		}
	}
	if natives > 1 {
		ps.errorf(FieldVLANNative, "only one tag can be the native VLAN: %d are marked (libvirt: \"duplicate native vlan setting\")", natives)
	}
}

// checkVFVLAN: libvirt sets a VF's VLAN through its PF (virNetDevSetNetConfig),
// which takes exactly one plain tag and only on a real VF.
func checkVFVLAN(ps *problems, n NIC, ctx Context, what string) {
	v := n.VLAN
	if v.IsTrunk() {
		ps.errorf(FieldVLAN, "vlan %s: %s takes exactly one tag, no trunk (libvirt: \"vlan trunking is not supported by SR-IOV network devices\"); trunks need an Open vSwitch port", VLANString(v), what)
	}
	if nt, ok := v.Native(); ok {
		ps.errorf(FieldVLANNative, "native VLAN %d: %s takes one plain tag; a native VLAN is an Open vSwitch setting", nt.ID, what)
	}
	vt := vportType(n)
	switch {
	case n.Kind == KindHostdev && n.VirtualPort != nil:
		ps.errorf(FieldVLAN, "vlan on a hostdev NIC with a virtual port: libvirt refuses to start it (\"direct setting of the vlan tag is not allowed for hostdev devices using %s mode\"); remove one of them", vportName(vt))
	case n.Kind == KindDirect && vt == VPortQbh:
		ps.errorf(FieldVLAN, "vlan with an 802.1Qbh virtual port: libvirt sets no VLAN on a VF used with 802.1Qbh and refuses to start the guest; the port profile assigns the VLAN")
	}
	if n.Kind == KindDirect && n.Dev != "" && ctx.Hosts != nil {
		checkVFDevice(ps, n.Dev, ctx)
	}
	if n.Kind == KindNetwork {
		if net, ok := ctx.Networks[n.Network]; ok && net.Forward == "passthrough" {
			checkVFPool(ps, net, ctx)
		}
	}
}

func vportName(t VPortType) string {
	if t == VPortNone {
		return "untyped"
	}
	return string(t)
}

// checkVFDevice warns only: whether a device is a VF is the host's to say,
// and the context may not know (remote hosts, devices it did not read).
func checkVFDevice(ps *problems, dev string, ctx Context) {
	isVF, known := vfStatus(dev, ctx)
	switch {
	case known && isVF:
	case known:
		ps.warnf(FieldVLAN, "vlan on macvtap passthrough of %s, which is not an SR-IOV VF: libvirt sets a VLAN only on a VF and refuses to start the guest (\"vlan can only be set for SR-IOV VFs\"); pass a VF through instead", dev)
	default:
		ps.warnf(FieldVLAN, "vlan on macvtap passthrough of %s: libvirt sets a VLAN only on an SR-IOV VF, and %s is not known to be one (the guest does not start otherwise: \"vlan can only be set for SR-IOV VFs\")", dev, dev)
	}
}

func checkVFPool(ps *problems, net Network, ctx Context) {
	var notVF []string
	for _, d := range net.ForwardDevs {
		if isVF, known := vfStatus(d, ctx); !known || !isVF {
			notVF = append(notVF, d)
		}
	}
	if len(notVF) > 0 {
		ps.warnf(FieldVLAN, "vlan on network %s: libvirt sets a VLAN only on SR-IOV VFs, and %s not known to be VFs (the guest does not start on one that is not)", net.Name, strings.Join(notVF, ", ")+map[bool]string{true: " is", false: " are"}[len(notVF) == 1])
	}
}

// vfStatus says whether host device dev is an SR-IOV virtual function as
// far as ctx knows: one the SR-IOV read (node devices) lists as a VF is,
// any other device it read is not; without that read, a bond, a VLAN
// interface or a bridge never is and a plain ethernet device stays unknown.
func vfStatus(dev string, ctx Context) (isVF, known bool) {
	if ctx.SRIOV != nil {
		_, vf := ctx.SRIOV.VFByKey(dev)
		return vf, true
	}
	h, ok := ctx.Hosts[dev]
	if !ok {
		return false, false
	}
	switch h.Kind {
	case IfaceBond, IfaceVLAN, IfaceBridge:
		return false, true
	}
	return false, false
}

// vlanChanged: the NIC's own VLAN, or what it is paired with, differs.
func vlanChanged(old, new NIC) bool {
	return !VLANEqual(old.VLAN, new.VLAN)
}

// vlanNeeds is what the VLAN rules read: the network a network NIC's tags
// pair with (which also decides whether a change is live, a removal too),
// and the device a passthrough NIC's tag lands on.
func vlanNeeds(nd *Needs, old, new NIC) {
	if new.VLAN == nil && old.VLAN == nil {
		return
	}
	fresh := vlanChanged(old, new) || old.Kind != new.Kind || old.Source() != new.Source()
	switch {
	case new.Kind == KindNetwork && new.Network != "" && (fresh || effPortGroup(old) != effPortGroup(new) || vportType(old) != vportType(new)):
		nd.Network = new.Network
		nd.SRIOV = true // are the pool's devices VFs?
	case new.VLAN != nil && new.Kind == KindDirect && new.Mode == ModePassthrough && new.Dev != "" && (fresh || old.Mode != new.Mode):
		nd.Host = new.Dev
		nd.SRIOV = true // is the device a VF?
	}
}

// vlanHint is the one-line note a form shows under its VLAN section.
func vlanHint(port vlanPort) string {
	switch port {
	case vlanOVS:
		return "Open vSwitch port: tag, trunk, native VLAN"
	case vlanVF:
		return "SR-IOV VF: exactly one tag"
	}
	return ""
}

// VLANSupport says what the connection n gets at start does with VLAN tags
// ("" when it takes none, or the network is not known), and whether it
// takes a trunk; for forms, which offer only what applies.
func VLANSupport(n NIC, ctx Context) (hint string, applies, trunk bool) {
	port, _ := vlanPortOf(n, ctx)
	return vlanHint(port), port == vlanOVS || port == vlanVF, port == vlanOVS
}
