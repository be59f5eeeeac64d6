package hardware

import "libvirt.org/go/libvirtxml"

func sounds(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Sounds, func(_ int, s *libvirtxml.DomainSound) device {
		return device{label: "Sound " + s.Model, rows: rowsOf("Model", s.Model)}
	})
}
