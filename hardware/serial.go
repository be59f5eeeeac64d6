package hardware

import (
	"fmt"

	"libvirt.org/go/libvirtxml"
)

// Serial ports, parallel ports and consoles are labelled by their target
// port counted from 1, as virt-manager did ("Serial 1" is port 0); one
// without a target port is counted by its position among its siblings.

func serials(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Serials, func(i int, s *libvirtxml.DomainSerial) device {
		port, ttype := i, ""
		if t := s.Target; t != nil {
			ttype = t.Type
			if t.Port != nil {
				port = int(*t.Port)
			}
		}
		return device{label: fmt.Sprintf("Serial %d", port+1), rows: portRows(s.Source, ttype)}
	})
}

func parallels(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Parallels, func(i int, p *libvirtxml.DomainParallel) device {
		port := i
		if p.Target != nil && p.Target.Port != nil {
			port = int(*p.Target.Port)
		}
		return device{label: fmt.Sprintf("Parallel %d", port+1), rows: portRows(p.Source, "")}
	})
}

func consoles(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Consoles, func(i int, c *libvirtxml.DomainConsole) device {
		port, ttype := i, ""
		if t := c.Target; t != nil {
			ttype = t.Type
			if t.Port != nil {
				port = int(*t.Port)
			}
		}
		return device{label: fmt.Sprintf("Console %d", port+1), rows: portRows(c.Source, ttype)}
	})
}

// portRows is the page every port-numbered character device shares; a
// parallel port has no target type, so its row is left out.
func portRows(src *libvirtxml.DomainChardevSource, targetType string) [][2]string {
	return rowsOf("Device type", chardevType(src), "Source", chardevPath(src), "Target type", targetType)
}
