package libvirtx

import (
	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// sriovOf finds the host's SR-IOV PFs and VFs from its node devices: one
// listing of the PCI devices, then the XML of those that are the parent of
// a net device (every PF, and every VF with a host interface), with
// inFlight calls outstanding. A VF bound to vfio-pci has no net device;
// its PF's virt_functions list names it. Reading only the parents of net
// devices skips the dozens of bridges, disks and USB controllers a host
// also lists. A driver without node devices (some remote setups) gives an
// empty result and a warning.
func (c *Conn) sriovOf(netDevs []model.NodeDev) (model.SRIOV, []string, error) {
	parents := map[string]bool{}
	for _, d := range netDevs {
		if d.Parent != "" {
			parents[d.Parent] = true
		}
	}
	if len(parents) == 0 {
		return model.SRIOV{}, nil, nil
	}
	devs, err := c.c.ListAllNodeDevices(libvirt.CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV)
	switch {
	case err != nil && IsCode(err, CodeNoSupport):
		return model.SRIOV{}, []string{"SR-IOV functions are not listed: " + wrap("list PCI node devices", err).Error()}, nil
	case err != nil:
		return model.SRIOV{}, nil, c.wrap("list PCI node devices", err)
	}
	defer freeNodeDevices(devs)
	var wanted []int
	for i := range devs {
		// GetName is answered from the handle, not by a call.
		if name, _ := devs[i].GetName(); parents[name] {
			wanted = append(wanted, i)
		}
	}
	nodes := make([]model.NodeDev, len(wanted))
	warn := make([]string, len(wanted))
	forEach(len(wanted), func(j int) {
		d := &devs[wanted[j]]
		name, _ := d.GetName()
		x, err := d.GetXMLDesc(0)
		if err != nil {
			warn[j] = "node device " + name + " skipped: " + wrap("read node device", err).Error()
			return
		}
		if nodes[j], err = model.ParseNodeDevice(x); err != nil {
			warn[j] = "node device " + name + " skipped: virtnic cannot parse its XML: " + err.Error()
		}
	})
	all := append([]model.NodeDev{}, netDevs...)
	var warnings []string
	for j := range nodes {
		if warn[j] != "" {
			warnings = append(warnings, warn[j])
			continue
		}
		all = append(all, nodes[j])
	}
	return model.BuildSRIOV(all), warnings, nil
}

// SRIOV reads the host's SR-IOV PFs and VFs (for naming a hostdev NIC's
// VF): the net node devices, then their PCI parents.
func (c *Conn) SRIOV() (model.SRIOV, []string, error) {
	if err := c.ensureOpen("read SR-IOV devices"); err != nil {
		return model.SRIOV{}, nil, err
	}
	_, netDevs, warnings, err := c.netNodeDevices()
	if err != nil {
		return model.SRIOV{}, nil, err
	}
	sr, w, err := c.sriovOf(netDevs)
	return sr, append(warnings, w...), err
}
