package model

import (
	"fmt"

	"libvirt.org/go/libvirtxml"
)

// addressText is a device address in one canonical spelling, so the same
// address written 0x0003 or 0x3 compares equal.
func addressText(a *libvirtxml.DomainAddress) string {
	switch {
	case a == nil:
		return ""
	case a.PCI != nil:
		p := a.PCI
		return fmt.Sprintf("pci %04x:%02x:%02x.%x", uintOr0(p.Domain), uintOr0(p.Bus), uintOr0(p.Slot), uintOr0(p.Function))
	case a.CCW != nil:
		c := a.CCW
		return fmt.Sprintf("ccw %x.%x.%04x", uintOr0(c.CSSID), uintOr0(c.SSID), uintOr0(c.DevNo))
	case a.SpaprVIO != nil:
		return fmt.Sprintf("spapr-vio %x", uint64Or0(a.SpaprVIO.Reg))
	}
	return "other"
}

func uintOr0(p *uint) uint {
	if p == nil {
		return 0
	}
	return *p
}

func uint64Or0(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}
