package model

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// NICBrief is what the host-wide checks need to know of one NIC: MAC
// uniqueness, who uses which host device in which mode, which tap belongs to
// whom. A host scan reads every NIC of every domain, so it is read with one
// token pass instead of libvirtxml's full conversion and fidelity check;
// those are for the NIC being edited.
type NICBrief struct {
	Index     int
	MAC       string // lower case
	Kind      SourceKind
	Network   string
	PortGroup string
	Bridge    string
	Dev       string
	Mode      Mode
	Target    string
	VPortType VPortType
	// PCI is a hostdev NIC's <source><address type='pci'>, canonical.
	PCI string
	// VLAN is the NIC's own <vlan> (nil when none), for the rule on tags
	// libvirt will not apply.
	VLAN *VLAN
}

// Source is the brief's source name whatever its kind.
func (b NICBrief) Source() string {
	switch b.Kind {
	case KindNetwork:
		return b.Network
	case KindBridge:
		return b.Bridge
	case KindDirect:
		return b.Dev
	case KindHostdev:
		return b.PCI
	}
	return ""
}

// Brief is the NICBrief of a fully read NIC.
func (n NIC) Brief() NICBrief {
	b := NICBrief{Index: n.Index, MAC: strings.ToLower(n.MAC), Kind: n.Kind,
		Network: n.Network, PortGroup: n.PortGroup, Bridge: n.Bridge, Dev: n.Dev,
		Mode: n.Mode, Target: n.Target, PCI: n.HostdevPCI, VLAN: n.VLAN}
	if n.VirtualPort != nil {
		b.VPortType = n.VirtualPort.Type
	}
	return b
}

// ScanNICs reads the <interface> children of /domain/devices in document
// order. It uses RawToken (no namespace bookkeeping, no reflection) and looks
// only at the attributes checks need, so reading a host of thousands of
// domains costs little more than libvirt formatting their XML.
func ScanNICs(domXML string) ([]NICBrief, error) {
	dec := xml.NewDecoder(strings.NewReader(domXML))
	var sc nicScan
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("domain XML is not well-formed: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			sc.start(t)
		case xml.EndElement:
			if sc.depth == 3 {
				sc.cur = nil
			}
			sc.depth--
		}
	}
	if sc.depth != 0 {
		return nil, fmt.Errorf("domain XML is truncated")
	}
	return sc.out, nil
}

// nicScan is ScanNICs' state: where in the document it is, and the NIC
// being read.
type nicScan struct {
	out   []NICBrief
	depth int
	path  [4]string // element names at depths 1..4 (domain, devices, interface, its child)
	cur   *NICBrief
}

func (sc *nicScan) start(t xml.StartElement) {
	sc.depth++
	name := rawName(t.Name)
	if sc.depth <= 4 {
		sc.path[sc.depth-1] = name
	}
	cur := sc.cur
	switch {
	case sc.depth == 3 && sc.path[0] == "domain" && sc.path[1] == "devices" && name == "interface":
		sc.out = append(sc.out, NICBrief{Index: len(sc.out), Kind: SourceKind(attr(t, "type"))})
		sc.cur = &sc.out[len(sc.out)-1]
	case cur == nil:
	case sc.depth == 4:
		briefChild(cur, name, t)
	case sc.depth == 5 && sc.path[3] == "source":
		briefSource(cur, name, t)
	case sc.depth == 5 && sc.path[3] == "vlan" && name == "tag" && cur.VLAN != nil:
		briefVLANTag(cur.VLAN, t)
	}
}

func briefChild(b *NICBrief, name string, t xml.StartElement) {
	switch name {
	case "mac":
		b.MAC = strings.ToLower(attr(t, "address"))
	case "source":
		b.Network, b.PortGroup = attr(t, "network"), attr(t, "portgroup")
		b.Bridge, b.Dev, b.Mode = attr(t, "bridge"), attr(t, "dev"), Mode(attr(t, "mode"))
		if b.Kind != KindNetwork {
			b.PortGroup = ""
		}
	case "target":
		b.Target = attr(t, "dev")
	case "virtualport":
		b.VPortType = VPortType(attr(t, "type"))
	case "vlan":
		b.VLAN = &VLAN{Trunk: attr(t, "trunk") == "yes"}
	}
}

// briefVLANTag reads one <vlan><tag>; an id libvirt's parser would refuse
// cannot be in a defined domain, so a bad one reads as out of range.
func briefVLANTag(v *VLAN, t xml.StartElement) {
	id, err := strconv.ParseUint(attr(t, "id"), 10, 32)
	if err != nil {
		id = VLANTagMax + 1
	}
	v.Tags = append(v.Tags, VLANTag{ID: uint(id), Native: NativeMode(attr(t, "nativeMode"))})
}

// briefSource reads a child of <source>: a hostdev NIC's PCI address.
func briefSource(b *NICBrief, name string, t xml.StartElement) {
	if b.Kind == KindHostdev && name == "address" && attr(t, "type") == "pci" {
		if a, ok := pciFromAttrs(t); ok {
			b.PCI = a.String()
		}
	}
}

// attr reads an unprefixed attribute; RawToken leaves prefixes unresolved,
// and libvirt's own attributes never carry one.
func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
