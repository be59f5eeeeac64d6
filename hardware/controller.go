package hardware

import (
	"fmt"
	"strconv"
	"strings"

	"libvirt.org/go/libvirtxml"
)

func controllers(devs *libvirtxml.DomainDeviceList) []device {
	var out []device
	for i := range devs.Controllers {
		c := &devs.Controllers[i]
		if hiddenController(c) {
			continue
		}
		idx := 0
		if c.Index != nil {
			idx = int(*c.Index)
		}
		out = append(out, device{
			label: fmt.Sprintf("Controller %s %d", controllerName(c.Type, c.Model), idx),
			rows:  rowsOf("Type", c.Type, "Model", c.Model, "Index", strconv.Itoa(idx)),
		})
	}
	return out
}

// hiddenController leaves out what virt-manager did not list either: the
// ICH9 USB companions (part of the EHCI controller) and the PCIe root ports
// and bridges a q35 guest grows by the dozen, which say nothing to a user
// choosing a device.
func hiddenController(c *libvirtxml.DomainController) bool {
	switch c.Model {
	case "ich9-uhci1", "ich9-uhci2", "ich9-uhci3",
		"pcie-root-port", "pcie-to-pci-bridge", "pci-bridge", "dmi-to-pci-bridge",
		"pcie-switch-upstream-port", "pcie-switch-downstream-port":
		return true
	}
	return false
}

var controllerNames = map[string]string{
	"usb": "USB", "sata": "SATA", "ide": "IDE", "fdc": "Floppy",
	"virtio-serial": "VirtIO Serial", "xenbus": "Xen Bus", "ccid": "CCID", "nvme": "NVMe",
}

// controllerName: PCI and SCSI controllers are named by model too, since
// "PCIe" (a q35 root) and "VirtIO SCSI" are what a user looks for.
func controllerName(typ, model string) string {
	switch typ {
	case "pci":
		if strings.HasPrefix(model, "pcie") {
			return "PCIe"
		}
		return "PCI"
	case "scsi":
		if model == "virtio-scsi" {
			return "VirtIO SCSI"
		}
		return "SCSI"
	}
	if n, ok := controllerNames[typ]; ok {
		return n
	}
	return typ
}
