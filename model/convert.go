package model

import (
	"fmt"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// linkUp is what a NIC without <link> means: libvirt and virt-manager both
// treat an unset link state as up.
const linkUp = "up"

// NICFromXML reads the fields virtnic edits from one parsed <interface>.
//
// A <virtualport> without a type attribute (libvirtxml's Params.Any, which
// libvirt merges with the network's own virtualport) is kept as a VirtualPort
// with Type VPortNone and its parameters copied. The NIC stays editable:
// Changed compares it faithfully, so an untouched typeless virtualport is
// never rewritten, and ApplyToXML writes it back typeless if its parameters
// are edited. An empty typeless element asks libvirt for nothing and so
// compares equal to no virtualport: it is left alone, never removed.
func NICFromXML(index int, iface *libvirtxml.DomainInterface) NIC {
	n := NIC{Index: index, Link: linkUp}
	if iface == nil {
		n.NotEditableReason = "no <interface> element"
		return n
	}
	n.Kind = kindOf(iface)
	if s := iface.Source; s != nil {
		switch {
		case s.Network != nil:
			n.Network, n.PortGroup = s.Network.Network, s.Network.PortGroup
		case s.Bridge != nil:
			n.Bridge = s.Bridge.Bridge
		case s.Direct != nil:
			n.Dev, n.Mode = s.Direct.Dev, Mode(s.Direct.Mode)
		case s.Hostdev != nil:
			n.HostdevPCI = hostdevPCI(s.Hostdev)
		}
	}
	if iface.MAC != nil {
		n.MAC = strings.ToLower(iface.MAC.Address)
	}
	if iface.Model != nil {
		n.Model = iface.Model.Type
	}
	if iface.Link != nil && iface.Link.State != "" {
		n.Link = iface.Link.State
	}
	if iface.Target != nil {
		n.Target = iface.Target.Dev
	}
	if iface.Alias != nil {
		n.Alias = iface.Alias.Name
	}
	n.Address = addressText(iface.Address)
	n.VLAN = vlanFromXML(iface.VLan)
	if iface.MTU != nil {
		n.MTU = iface.MTU.Size
	}
	n.Bandwidth = bandwidthFromXML(iface.Bandwidth)
	vp, known := vportFromXML(iface.VirtualPort)
	n.VirtualPort = vp

	switch {
	case !editableKind(n.Kind):
		n.NotEditableReason = notEditableKindReason(n.Kind)
	case n.Kind == KindHostdev && n.HostdevPCI == "":
		n.NotEditableReason = "its hostdev source is not a PCI address: virtnic edits the MAC of PCI (SR-IOV VF) hostdev NICs"
	case !known:
		n.NotEditableReason = "its <virtualport> has a type virtnic does not know"
	default:
		n.Editable = true
	}
	return n
}

// editableKind: the kinds whose NICs virtnic edits; of a hostdev NIC only
// the fields hostdevEditable names.
func editableKind(k SourceKind) bool {
	return k == KindNetwork || k == KindBridge || k == KindDirect || k == KindHostdev
}

func notEditableKindReason(k SourceKind) string {
	if k == "" {
		return "its interface type is unknown to virtnic's XML library"
	}
	return fmt.Sprintf("interface type %q is not editable: virtnic edits network, bridge and direct NICs", string(k))
}

// kindOf derives the interface type from the Source variant, because
// libvirtxml keeps no type attribute of its own: an unknown type leaves every
// variant nil and reads as "".
func kindOf(iface *libvirtxml.DomainInterface) SourceKind {
	s := iface.Source
	if s == nil {
		return ""
	}
	switch {
	case s.User != nil:
		return "user"
	case s.Ethernet != nil:
		return "ethernet"
	case s.VHostUser != nil:
		return "vhostuser"
	case s.Server != nil:
		return "server"
	case s.Client != nil:
		return "client"
	case s.MCast != nil:
		return "mcast"
	case s.Network != nil:
		return KindNetwork
	case s.Bridge != nil:
		return KindBridge
	case s.Internal != nil:
		return "internal"
	case s.Direct != nil:
		return KindDirect
	case s.Hostdev != nil:
		return "hostdev"
	case s.UDP != nil:
		return "udp"
	case s.VDPA != nil:
		return "vdpa"
	case s.Null != nil:
		return "null"
	case s.VDS != nil:
		return "vds"
	}
	return ""
}

// vportFromXML returns known=false for a <virtualport> whose type libvirtxml
// did not recognise: it then drops the type and every parameter, so virtnic
// can neither show nor rewrite it truthfully.
func vportFromXML(x *libvirtxml.DomainInterfaceVirtualPort) (vp *VirtualPort, known bool) {
	if x == nil {
		return nil, true
	}
	p := x.Params
	if p == nil {
		return nil, false
	}
	switch {
	case p.Any != nil:
		return &VirtualPort{
			Type:          VPortNone,
			ManagerID:     copyUint(p.Any.ManagerID),
			TypeID:        copyUint(p.Any.TypeID),
			TypeIDVersion: copyUint(p.Any.TypeIDVersion),
			InstanceID:    p.Any.InstanceID,
			ProfileID:     p.Any.ProfileID,
			InterfaceID:   p.Any.InterfaceID,
		}, true
	case p.VEPA8021QBG != nil:
		return &VirtualPort{
			Type:          VPortQbg,
			ManagerID:     copyUint(p.VEPA8021QBG.ManagerID),
			TypeID:        copyUint(p.VEPA8021QBG.TypeID),
			TypeIDVersion: copyUint(p.VEPA8021QBG.TypeIDVersion),
			InstanceID:    p.VEPA8021QBG.InstanceID,
		}, true
	case p.VNTag8011QBH != nil:
		return &VirtualPort{Type: VPortQbh, ProfileID: p.VNTag8011QBH.ProfileID}, true
	case p.OpenVSwitch != nil:
		return &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: p.OpenVSwitch.InterfaceID, ProfileID: p.OpenVSwitch.ProfileID}, true
	case p.MidoNet != nil:
		return &VirtualPort{Type: VPortMidonet, InterfaceID: p.MidoNet.InterfaceID}, true
	}
	return nil, false
}

// vportToXML builds the element for vp. A nil vp, or a typeless one with no
// parameters, means "no <virtualport>": an empty typeless element asks
// libvirt for nothing.
func vportToXML(vp *VirtualPort) (*libvirtxml.DomainInterfaceVirtualPort, error) {
	if vportEmpty(vp) {
		return nil, nil
	}
	p := &libvirtxml.DomainInterfaceVirtualPortParams{}
	switch vp.Type {
	case VPortNone:
		p.Any = &libvirtxml.DomainInterfaceVirtualPortParamsAny{
			ManagerID:     copyUint(vp.ManagerID),
			TypeID:        copyUint(vp.TypeID),
			TypeIDVersion: copyUint(vp.TypeIDVersion),
			InstanceID:    vp.InstanceID,
			ProfileID:     vp.ProfileID,
			InterfaceID:   vp.InterfaceID,
		}
	case VPortQbg:
		p.VEPA8021QBG = &libvirtxml.DomainInterfaceVirtualPortParamsVEPA8021QBG{
			ManagerID:     copyUint(vp.ManagerID),
			TypeID:        copyUint(vp.TypeID),
			TypeIDVersion: copyUint(vp.TypeIDVersion),
			InstanceID:    vp.InstanceID,
		}
	case VPortQbh:
		p.VNTag8011QBH = &libvirtxml.DomainInterfaceVirtualPortParamsVNTag8021QBH{ProfileID: vp.ProfileID}
	case VPortOpenVSwitch:
		p.OpenVSwitch = &libvirtxml.DomainInterfaceVirtualPortParamsOpenVSwitch{InterfaceID: vp.InterfaceID, ProfileID: vp.ProfileID}
	case VPortMidonet:
		p.MidoNet = &libvirtxml.DomainInterfaceVirtualPortParamsMidoNet{InterfaceID: vp.InterfaceID}
	default:
		return nil, fmt.Errorf("%s type %q is not one of %s", FieldVirtualPort, string(vp.Type), vportTypeList())
	}
	return &libvirtxml.DomainInterfaceVirtualPort{Params: p}, nil
}

func vportEmpty(vp *VirtualPort) bool {
	return vp == nil || (vp.Type == VPortNone && vp.ManagerID == nil && vp.TypeID == nil &&
		vp.TypeIDVersion == nil && vp.InstanceID == "" && vp.ProfileID == "" && vp.InterfaceID == "")
}

// vportEqual compares only what would be written for each side's type, so a
// stale parameter of another type left in the struct is not an edit.
func vportEqual(a, b *VirtualPort) bool {
	if vportEmpty(a) || vportEmpty(b) {
		return vportEmpty(a) && vportEmpty(b)
	}
	if a.Type != b.Type {
		return false
	}
	qbgEq := func() bool {
		return uintEq(a.ManagerID, b.ManagerID) && uintEq(a.TypeID, b.TypeID) &&
			uintEq(a.TypeIDVersion, b.TypeIDVersion) && a.InstanceID == b.InstanceID
	}
	switch a.Type {
	case VPortNone:
		return qbgEq() && a.ProfileID == b.ProfileID && a.InterfaceID == b.InterfaceID
	case VPortQbg:
		return qbgEq()
	case VPortQbh:
		return a.ProfileID == b.ProfileID
	case VPortOpenVSwitch:
		return a.InterfaceID == b.InterfaceID && a.ProfileID == b.ProfileID
	case VPortMidonet:
		return a.InterfaceID == b.InterfaceID
	}
	return *a == *b
}

func uintEq(a, b *uint) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func copyUint(p *uint) *uint {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Effective values: what the XML would carry, so fields that do not belong to
// the kind (a portgroup left over on a bridge NIC) never count as edits.
func effPortGroup(n NIC) string {
	if n.Kind == KindNetwork {
		return n.PortGroup
	}
	return ""
}

func effMode(n NIC) Mode {
	if n.Kind == KindDirect {
		return n.Mode
	}
	return ""
}

func effLink(n NIC) string {
	if n.Link == "" {
		return linkUp
	}
	return n.Link
}

// Changed lists the edited fields in a fixed order (source, portgroup, mode,
// model, mac, link, virtualport, vlan, mtu) so plans and messages read the same every
// time. The MAC compares case-insensitively because libvirt does.
func Changed(old, new NIC) []string {
	var out []string
	if old.Kind != new.Kind || old.Source() != new.Source() {
		out = append(out, FieldSource)
	}
	if effPortGroup(old) != effPortGroup(new) {
		out = append(out, FieldPortGroup)
	}
	if effMode(old) != effMode(new) {
		out = append(out, FieldMode)
	}
	if old.Model != new.Model {
		out = append(out, FieldModel)
	}
	if !strings.EqualFold(old.MAC, new.MAC) {
		out = append(out, FieldMAC)
	}
	if effLink(old) != effLink(new) {
		out = append(out, FieldLink)
	}
	if !vportEqual(old.VirtualPort, new.VirtualPort) {
		out = append(out, FieldVirtualPort)
	}
	if !VLANEqual(old.VLAN, new.VLAN) {
		out = append(out, FieldVLAN)
	}
	if old.MTU != new.MTU {
		out = append(out, FieldMTU)
	}
	return out
}

// ApplyToXML edits iface in place, touching only Changed(old, new), so every
// child virtnic does not model survives byte-for-byte in meaning.
func ApplyToXML(iface *libvirtxml.DomainInterface, old, new NIC) error {
	changed := Changed(old, new)
	if len(changed) == 0 {
		return nil
	}
	if iface == nil {
		return fmt.Errorf("NIC %d: no <interface> element to edit", old.Index)
	}
	if k := kindOf(iface); !editableKind(k) {
		return fmt.Errorf("NIC %d: %s", old.Index, notEditableKindReason(k))
	}
	if !editableKind(new.Kind) {
		return fmt.Errorf("NIC %d: cannot change to %s", old.Index, notEditableKindReason(new.Kind))
	}
	if old.Kind == KindHostdev || new.Kind == KindHostdev {
		if _, msg := hostdevChangeError(old, new); msg != "" {
			return fmt.Errorf("NIC %d: %s", old.Index, msg)
		}
	}
	// Rewriting any field of a NIC whose virtualport libvirtxml could not read
	// would write back the mangled element it produced.
	if _, known := vportFromXML(iface.VirtualPort); !known {
		return fmt.Errorf("NIC %d: its <virtualport> has a type virtnic does not know", old.Index)
	}
	for _, f := range changed {
		if f == FieldSource {
			iface.Source = sourceXML(new)
		}
	}
	if k := kindOf(iface); k != new.Kind {
		return fmt.Errorf("NIC %d: the XML is a %s interface but the edit is for a %s one", old.Index, k, new.Kind)
	}
	for _, f := range changed {
		if err := applyField(iface, f, new); err != nil {
			return fmt.Errorf("NIC %d: %w", old.Index, err)
		}
	}
	return nil
}

// applyField writes one changed field into the parsed element. A kind
// change already rewrote the whole source; portgroup and mode only matter
// when the kind stayed.
func applyField(iface *libvirtxml.DomainInterface, f string, new NIC) error {
	switch f {
	case FieldPortGroup:
		if iface.Source.Network != nil {
			iface.Source.Network.PortGroup = effPortGroup(new)
		}
	case FieldMode:
		if iface.Source.Direct != nil {
			iface.Source.Direct.Mode = string(effMode(new))
		}
	case FieldModel:
		iface.Model = nil
		if new.Model != "" {
			iface.Model = &libvirtxml.DomainInterfaceModel{Type: new.Model}
		}
	case FieldMAC:
		applyMAC(iface, new.MAC)
	case FieldLink:
		if l := effLink(new); iface.Link != nil || l != linkUp {
			iface.Link = &libvirtxml.DomainInterfaceLink{State: l}
		}
	case FieldVirtualPort:
		vp, err := vportToXML(new.VirtualPort)
		if err != nil {
			return err
		}
		iface.VirtualPort = vp
	case FieldVLAN:
		iface.VLan = vlanToXML(new.VLAN)
	case FieldMTU:
		iface.MTU = mtuToXML(new.MTU)
	}
	return nil
}

func mtuToXML(size uint) *libvirtxml.DomainInterfaceMTU {
	if size == 0 {
		return nil
	}
	return &libvirtxml.DomainInterfaceMTU{Size: size}
}

func applyMAC(iface *libvirtxml.DomainInterface, mac string) {
	switch {
	case mac == "":
		iface.MAC = nil
	case iface.MAC == nil:
		iface.MAC = &libvirtxml.DomainInterfaceMAC{Address: mac}
	default:
		// Keep type= and check= (e.g. a generated MAC's origin).
		iface.MAC.Address = mac
	}
}

// sourceXML is a fresh <source>: a kind or source change drops every old
// attribute (live-only ones like portid too), as virt-manager does.
func sourceXML(n NIC) *libvirtxml.DomainInterfaceSource {
	s := &libvirtxml.DomainInterfaceSource{}
	switch n.Kind {
	case KindNetwork:
		s.Network = &libvirtxml.DomainInterfaceSourceNetwork{Network: n.Network, PortGroup: n.PortGroup}
	case KindBridge:
		s.Bridge = &libvirtxml.DomainInterfaceSourceBridge{Bridge: n.Bridge}
	case KindDirect:
		s.Direct = &libvirtxml.DomainInterfaceSourceDirect{Dev: n.Dev, Mode: string(n.Mode)}
	}
	return s
}

// NewInterfaceXML builds the element for "add NIC". An up link is left out
// because that is libvirt's default and what it writes itself.
func NewInterfaceXML(n NIC) *libvirtxml.DomainInterface {
	iface := &libvirtxml.DomainInterface{Source: sourceXML(n)}
	if n.MAC != "" {
		iface.MAC = &libvirtxml.DomainInterfaceMAC{Address: n.MAC}
	}
	if n.Model != "" {
		iface.Model = &libvirtxml.DomainInterfaceModel{Type: n.Model}
	}
	if l := effLink(n); l != linkUp {
		iface.Link = &libvirtxml.DomainInterfaceLink{State: l}
	}
	// An unknown virtualport type is a Validate error; the element is left
	// out rather than invented.
	iface.VirtualPort, _ = vportToXML(n.VirtualPort)
	iface.VLan = vlanToXML(n.VLAN)
	iface.MTU = mtuToXML(n.MTU)
	return iface
}
