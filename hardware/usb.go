package hardware

import (
	"fmt"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// redirdevs are USB redirectors (a client's USB device forwarded over
// Spice), numbered from 1 in document order as virt-manager did.
func redirdevs(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.RedirDevs, func(i int, r *libvirtxml.DomainRedirDev) device {
		return device{label: fmt.Sprintf("USB Redirector %d", i+1),
			rows: rowsOf("Bus", r.Bus, "Type", chardevType(r.Source)), boot: r.Boot}
	})
}

func hubs(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Hubs, func(_ int, h *libvirtxml.DomainHub) device {
		return device{label: "Hub " + strings.ToUpper(h.Type), rows: rowsOf("Type", h.Type)}
	})
}
