package hardware

import (
	"strings"

	"libvirt.org/go/libvirtxml"

	"virtnic/model"
)

func nics(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Interfaces, func(i int, iface *libvirtxml.DomainInterface) device {
		return device{label: nicLabel(iface), rows: nicRows(i, iface), boot: iface.Boot}
	})
}

// nicLabel is virt-manager's "NIC :xx:yy:zz": the last three octets are what
// tells a domain's NICs apart, since they share the 52:54:00 prefix.
func nicLabel(iface *libvirtxml.DomainInterface) string {
	if iface.MAC != nil && len(iface.MAC.Address) >= 9 {
		return "NIC " + strings.ToLower(iface.MAC.Address[len(iface.MAC.Address)-9:])
	}
	return "NIC"
}

// nicRows takes the interface type from the engine's reading of the NIC, so
// this page and the NIC form that edits it never disagree about it.
func nicRows(index int, iface *libvirtxml.DomainInterface) [][2]string {
	kind := string(model.NICFromXML(index, iface).Kind)
	src, portgroup := nicSource(iface.Source)
	if kind == "ethernet" && iface.Target != nil && iface.Target.Dev != "" {
		src = "Generic ethernet " + iface.Target.Dev
	}
	if kind == "" {
		kind = "unknown"
	}
	var mac, nicModel, link string
	if iface.MAC != nil {
		mac = strings.ToLower(iface.MAC.Address)
	}
	if iface.Model != nil {
		nicModel = iface.Model.Type
	}
	if iface.Link != nil {
		link = iface.Link.State
	}
	return rowsOf("Type", kind, "Source", src, "Portgroup", portgroup, "Model", nicModel, "MAC", mac, "Link", link)
}

// nicSource is virt-manager's "Network source" line.
func nicSource(s *libvirtxml.DomainInterfaceSource) (src, portgroup string) {
	switch {
	case s == nil:
		return "", ""
	case s.Network != nil:
		return "Virtual network '" + s.Network.Network + "'", s.Network.PortGroup
	case s.Bridge != nil:
		return "Bridge " + s.Bridge.Bridge, ""
	case s.Direct != nil:
		src = "Host device " + s.Direct.Dev + ": macvtap"
		if s.Direct.Mode != "" {
			src += " (" + s.Direct.Mode + ")"
		}
		return src, ""
	case s.User != nil:
		return "Usermode networking", ""
	case s.VHostUser != nil:
		return strings.TrimSpace("vhost-user " + chardevPath(s.VHostUser.Chardev)), ""
	case s.Hostdev != nil && s.Hostdev.PCI != nil && s.Hostdev.PCI.Address != nil:
		// The present package names the VF when the host's SR-IOV
		// functions are known; this page has only the domain XML.
		return "Host device PCI " + pciAddr(s.Hostdev.PCI.Address), ""
	}
	return "", ""
}
