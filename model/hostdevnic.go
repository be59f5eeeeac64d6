package model

import (
	"fmt"

	"libvirt.org/go/libvirtxml"
)

// A type='hostdev' NIC gives the guest a PCI device whole, usually an
// SR-IOV VF: virtnic reads which one and edits the NIC's MAC.

// hostdevPCI is a hostdev NIC's PCI source address, canonical; "" for a
// USB one or none.
func hostdevPCI(h *libvirtxml.DomainInterfaceSourceHostdev) string {
	if h.PCI == nil || h.PCI.Address == nil {
		return ""
	}
	a := h.PCI.Address
	return pciOf(a.Domain, a.Bus, a.Slot, a.Function).String()
}

// hostdevEditable are the fields of a type='hostdev' NIC virtnic changes:
// the VF itself (the source) is the host's to assign, and the model, link
// state and macvtap settings do not apply to a device the guest drives
// itself. "vlan" is applied by the VLAN rules.
var hostdevEditable = map[string]bool{FieldMAC: true, FieldVLAN: true}

// hostdevChangeError refuses an edit a hostdev NIC cannot take; "" when
// every changed field is one it can.
func hostdevChangeError(old, new NIC) (field, msg string) {
	switch {
	case old.Kind != KindHostdev && new.Kind == KindHostdev:
		return FieldSource, "virtnic does not make a NIC type='hostdev': it edits the MAC and VLAN of one that is"
	case old.Kind == KindHostdev && (new.Kind != KindHostdev || new.HostdevPCI != old.HostdevPCI):
		return FieldSource, fmt.Sprintf("a type='hostdev' NIC keeps its device (PCI %s): virtnic edits only its MAC and VLAN; remove the NIC and add another to change it", old.HostdevPCI)
	case old.Kind != KindHostdev:
		return "", ""
	}
	for _, f := range Changed(old, new) {
		if !hostdevEditable[f] {
			return f, fmt.Sprintf("%s cannot be changed on a type='hostdev' NIC (a PCI device the guest drives itself): virtnic edits only its MAC and VLAN", f)
		}
	}
	return "", ""
}
