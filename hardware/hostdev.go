package hardware

import (
	"fmt"
	"strings"

	"libvirt.org/go/libvirtxml"
)

func hostdevs(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Hostdevs, func(_ int, h *libvirtxml.DomainHostdev) device {
		label, rows := hostdevItem(h)
		return device{label: label, rows: rows, boot: h.Boot}
	})
}

// hostdevItem names a passed-through device by what identifies it on the
// host: its PCI address or its USB vendor:product.
func hostdevItem(h *libvirtxml.DomainHostdev) (string, [][2]string) {
	switch {
	case h.SubsysPCI != nil:
		var addr string
		if s := h.SubsysPCI.Source; s != nil && s.Address != nil {
			addr = pciAddr(s.Address)
		}
		return strings.TrimSpace("PCI " + addr), rowsOf("Type", "PCI", "Address", addr, "Managed", h.Managed)
	case h.SubsysUSB != nil:
		var id string
		if s := h.SubsysUSB.Source; s != nil && s.Vendor != nil && s.Product != nil {
			id = strings.TrimPrefix(s.Vendor.ID, "0x") + ":" + strings.TrimPrefix(s.Product.ID, "0x")
		}
		return strings.TrimSpace("USB " + id), rowsOf("Type", "USB", "Device", id)
	case h.SubsysSCSI != nil:
		return "SCSI host device", rowsOf("Type", "SCSI")
	case h.SubsysMDev != nil:
		return "MDEV " + h.SubsysMDev.Model, rowsOf("Type", "mdev", "Model", h.SubsysMDev.Model)
	}
	return "Host device", nil
}

// pciAddr is the host's domain:bus:slot.function notation (as lspci -D
// prints it), shared by PCI host devices and hostdev NICs.
func pciAddr(a *libvirtxml.DomainAddressPCI) string {
	u := func(p *uint) uint {
		if p == nil {
			return 0
		}
		return *p
	}
	return fmt.Sprintf("%04x:%02x:%02x.%x", u(a.Domain), u(a.Bus), u(a.Slot), u(a.Function))
}
