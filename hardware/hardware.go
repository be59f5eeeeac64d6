// Package hardware builds the device list of the details screen, as
// virt-manager's "Show virtual hardware details" view listed it: Overview,
// CPUs, Memory, Boot Options, then every device of the domain, each with a
// read-only summary page. It is presentation, kept out of the NIC engine
// (package model) so the engine stays about reading and writing NICs.
//
// Each device kind lives in its own file, as virt-manager's virtinst keeps
// one module per device kind; this file holds the tables that put them in
// order.
package hardware

import (
	"fmt"

	"libvirt.org/go/libvirtxml"
)

// Item is one entry of the device list and its summary page.
type Item struct {
	Kind  string // "overview", "cpus", "memory", "boot", "disk", "nic", "input", "graphics", …
	Label string // e.g. "VirtIO Disk 1", "NIC :6b:3c:01", "Display VNC"
	// NICIndex is the NIC's position among /domain/devices/interface (the
	// index every NIC call takes), -1 for anything that is not a NIC.
	NICIndex int
	// Rows are label/value pairs for a read-only summary page. Secrets
	// (graphics passwords) are never among the values.
	Rows [][2]string
}

// nicKind is the one kind whose items carry a NICIndex: the details screen
// edits these, so it must know which <interface> each one is.
const nicKind = "nic"

// domain is the parsed document, with what the device walk learnt for the
// fixed pages: Boot Options names the bootable devices by their labels.
type domain struct {
	*libvirtxml.Domain
	devs  *libvirtxml.DomainDeviceList // never nil, unlike Domain.Devices
	boots []bootRef
}

// device is one element of a device kind, before it becomes an Item.
type device struct {
	label string
	rows  [][2]string
	boot  *libvirtxml.DomainDeviceBoot // its <boot order=…/>; nil for kinds that cannot boot
}

// fixedPages open the list: one page each, whatever the domain holds.
var fixedPages = []struct {
	kind, label string
	rows        func(d *domain) [][2]string
}{
	{"overview", "Overview", overviewRows},
	{"cpus", "CPUs", cpuRows},
	{"memory", "Memory", memoryRows},
	{"boot", "Boot Options", bootRows},
}

// deviceKinds are the device groups in virt-manager's order. Each list
// returns its kind's elements in document order; for nicKind that order is
// the NIC index.
var deviceKinds = []struct {
	kind string
	list func(devs *libvirtxml.DomainDeviceList) []device
}{
	{"disk", disks},
	{nicKind, nics},
	{"input", inputs},
	{"graphics", graphics},
	{"sound", sounds},
	{"serial", serials},
	{"parallel", parallels},
	{"console", consoles},
	{"channel", channels},
	{"hostdev", hostdevs},
	{"redirdev", redirdevs},
	{"video", videos},
	{"watchdog", watchdogs},
	{"controller", controllers},
	{"filesystem", filesystems},
	{"smartcard", smartcards},
	{"tpm", tpms},
	{"rng", rngs},
	{"panic", panics},
	{"vsock", vsocks},
	{"shmem", shmems},
	{"memorydev", memorydevs},
	{"hub", hubs},
	{"lease", leases},
	{"iommu", iommus},
	{"crypto", cryptos},
	{"nvram", nvrams},
	{"pstore", pstores},
	{"memballoon", memballoons},
}

// Items lists a domain's hardware in virt-manager's order: Overview, CPUs,
// Memory, Boot Options, disks, NICs, then the other devices. It reads the
// domain through libvirtxml only; when that cannot parse the document the
// error is returned so the caller can fall back to a NIC-only view.
func Items(domXML string) ([]Item, error) {
	var dom libvirtxml.Domain
	if err := dom.Unmarshal(domXML); err != nil {
		return nil, fmt.Errorf("parse domain XML: %w", err)
	}
	d := &domain{Domain: &dom, devs: dom.Devices}
	if d.devs == nil {
		d.devs = &libvirtxml.DomainDeviceList{}
	}

	// Devices are walked first so Boot Options can name them.
	var devItems []Item
	for _, k := range deviceKinds {
		for i, dev := range k.list(d.devs) {
			it := Item{Kind: k.kind, Label: dev.label, NICIndex: -1, Rows: dev.rows}
			if k.kind == nicKind {
				it.NICIndex = i
			}
			devItems = append(devItems, it)
			if dev.boot != nil && dev.boot.Order > 0 {
				d.boots = append(d.boots, bootRef{dev.boot.Order, dev.label})
			}
		}
	}

	items := make([]Item, 0, len(fixedPages)+len(devItems))
	for _, p := range fixedPages {
		items = append(items, Item{Kind: p.kind, Label: p.label, NICIndex: -1, Rows: p.rows(d)})
	}
	return append(items, devItems...), nil
}

// each turns every element of a device slice into a device, passing its
// position for the kinds whose label counts from it.
func each[T any](xs []T, f func(i int, x *T) device) []device {
	out := make([]device, 0, len(xs))
	for i := range xs {
		out = append(out, f(i, &xs[i]))
	}
	return out
}

// rowsOf builds rows from label/value pairs, leaving out empty values so a
// page shows what the domain sets rather than a column of blanks.
func rowsOf(kv ...string) [][2]string {
	var rows [][2]string
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			rows = append(rows, [2]string{kv[i], kv[i+1]})
		}
	}
	return rows
}
