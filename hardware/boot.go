package hardware

import (
	"fmt"
	"sort"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// bootRef is a device that sets <boot order='N'/>, named by its label.
type bootRef struct {
	order uint
	label string
}

// bootRows is the Boot Options page: the legacy <os><boot dev=…/> list, the
// per-device boot order, then firmware and direct kernel boot.
func bootRows(d *domain) [][2]string {
	os := d.OS
	var rows [][2]string
	if os != nil {
		var devs []string
		for _, b := range os.BootDevices {
			devs = append(devs, b.Dev)
		}
		rows = append(rows, rowsOf("Boot devices", strings.Join(devs, ", "))...)
	}
	// Stable, so devices sharing an order (a domain libvirt refuses to
	// define, but the page may be shown one) keep document order.
	boots := d.boots
	sort.SliceStable(boots, func(i, j int) bool { return boots[i].order < boots[j].order })
	for _, b := range boots {
		rows = append(rows, [2]string{fmt.Sprintf("Boot order %d", b.order), b.label})
	}
	if os == nil {
		return rows
	}
	return append(rows, firmwareRows(os)...)
}

func firmwareRows(os *libvirtxml.DomainOS) [][2]string {
	var menu string
	if os.BootMenu != nil {
		menu = os.BootMenu.Enable
	}
	rows := rowsOf("Boot menu", menu, "Firmware", os.Firmware)
	if l := os.Loader; l != nil {
		rows = append(rows, rowsOf("Loader", l.Path, "Loader type", l.Type, "Secure boot", l.Secure, "Loader read-only", l.Readonly)...)
	}
	if n := os.NVRam; n != nil {
		rows = append(rows, rowsOf("NVRAM", n.NVRam, "NVRAM template", n.Template)...)
	}
	return append(rows, rowsOf("Kernel", os.Kernel, "Initrd", os.Initrd, "Kernel arguments", os.Cmdline, "Init", os.Init)...)
}
