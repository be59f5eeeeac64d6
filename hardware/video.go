package hardware

import (
	"strconv"

	"libvirt.org/go/libvirtxml"
)

var videoNames = map[string]string{
	"qxl": "QXL", "vga": "VGA", "vmvga": "VMVGA",
	"virtio": "Virtio", "cirrus": "Cirrus", "bochs": "Bochs", "none": "None",
	"": "default", // no model: the hypervisor picks one
}

func videos(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Videos, func(_ int, v *libvirtxml.DomainVideo) device {
		return device{label: "Video " + videoName(v.Model.Type), rows: videoRows(v.Model)}
	})
}

func videoName(t string) string {
	if n, ok := videoNames[t]; ok {
		return n
	}
	return t
}

// videoRows gives video RAM in MiB like the Memory page; libvirt's vram is
// always in KiB.
func videoRows(m libvirtxml.DomainVideoModel) [][2]string {
	var heads, vram string
	if m.Heads > 0 {
		heads = strconv.FormatUint(uint64(m.Heads), 10)
	}
	if m.VRam > 0 {
		vram = mib(m.VRam, "KiB")
	}
	return rowsOf("Model", m.Type, "Heads", heads, "Video RAM", vram)
}
