package hardware

import (
	"fmt"
	"strings"

	"libvirt.org/go/libvirtxml"
)

var diskBusNames = map[string]string{
	"virtio": "VirtIO", "sata": "SATA", "ide": "IDE", "scsi": "SCSI", "usb": "USB",
	"xen": "Xen", "sd": "SD", "fdc": "Floppy", "nvme": "NVMe",
}

var diskDeviceNames = map[string]string{
	"": "Disk", "disk": "Disk", "cdrom": "CDROM", "floppy": "Floppy", "lun": "LUN",
}

func disks(devs *libvirtxml.DomainDeviceList) []device {
	count := map[string]int{}
	return each(devs.Disks, func(_ int, d *libvirtxml.DomainDisk) device {
		return device{label: diskLabel(d, count), rows: diskRows(d), boot: d.Boot}
	})
}

// diskLabel numbers disks per bus and device kind from 1, as virt-manager
// did ("VirtIO Disk 1", "SATA CDROM 1").
func diskLabel(d *libvirtxml.DomainDisk, count map[string]int) string {
	var bus string
	if d.Target != nil {
		bus = d.Target.Bus
	}
	busName, ok := diskBusNames[bus]
	if !ok {
		busName = strings.ToUpper(bus)
	}
	dev, ok := diskDeviceNames[d.Device]
	if !ok {
		dev = d.Device
	}
	if d.Device == "floppy" {
		busName = "" // "Floppy Floppy 1" says nothing more than "Floppy 1"
	}
	key := busName + " " + dev
	count[key]++
	return strings.TrimSpace(fmt.Sprintf("%s %s %d", busName, dev, count[key]))
}

func diskRows(d *libvirtxml.DomainDisk) [][2]string {
	var target, bus, driver, format, cache, ro, shared string
	if d.Target != nil {
		target, bus = d.Target.Dev, d.Target.Bus
	}
	if d.Driver != nil {
		driver, format, cache = d.Driver.Name, d.Driver.Type, d.Driver.Cache
	}
	if d.ReadOnly != nil {
		ro = "yes"
	}
	if d.Shareable != nil {
		shared = "yes"
	}
	src := diskSource(d.Source)
	if src == "" && (d.Device == "cdrom" || d.Device == "floppy") {
		src = "(no media)"
	}
	return rowsOf("Device", d.Device, "Source", src, "Target", target, "Bus", bus,
		"Driver", driver, "Format", format, "Cache", cache, "Read-only", ro, "Shareable", shared)
}

// diskSource is the one line that says where the data lives, whichever of
// libvirt's disk types holds it.
func diskSource(s *libvirtxml.DomainDiskSource) string {
	switch {
	case s == nil:
		return ""
	case s.File != nil:
		return s.File.File
	case s.Block != nil:
		return s.Block.Dev
	case s.Dir != nil:
		return s.Dir.Dir
	case s.Volume != nil:
		return s.Volume.Pool + "/" + s.Volume.Volume
	case s.Network != nil:
		return networkDiskSource(s.Network)
	case s.NVME != nil:
		return "nvme"
	case s.VHostUser != nil:
		return "vhost-user"
	}
	return ""
}

// networkDiskSource names the first host only: it is the one a user
// recognises, and a Ceph monitor list would not fit the page.
func networkDiskSource(n *libvirtxml.DomainDiskSourceNetwork) string {
	if len(n.Hosts) > 0 && n.Hosts[0].Name != "" {
		return n.Protocol + "://" + n.Hosts[0].Name + "/" + n.Name
	}
	return n.Protocol + ":" + n.Name
}
