package libvirtx

import "virtnic/model"

// contextFor reads what validating one change needs (model.NeedsFor) and
// nothing more: a link, model or virtual port parameter change reads no other
// domain; a new MAC reads every domain's MACs; a new device or mode reads
// who uses which device; a network source reads that one network.
func (c *Conn) contextFor(domain string, need model.Needs) (model.Context, []string, error) {
	ctx := model.Context{Domain: domain}
	var warnings []string
	if need.Scan() {
		doms, targets, w, err := c.scanDomains(scanOpts{liveMACs: need.MACs, targets: need.Devices})
		if err != nil {
			return ctx, nil, err
		}
		warnings = append(warnings, w...)
		if need.MACs {
			ctx.MACsInUse = model.MACsInUse(doms)
		}
		if need.DeviceUses || need.Devices {
			w, err := c.deviceContext(&ctx, need, doms, targets)
			if err != nil {
				return ctx, nil, err
			}
			warnings = append(warnings, w...)
		}
	}
	if need.SRIOV && ctx.SRIOV == nil {
		// A VLAN edit that reads no domain still asks which devices are VFs.
		sr, w, err := c.SRIOV()
		if err != nil {
			return ctx, nil, err
		}
		warnings = append(warnings, w...)
		ctx.SRIOV = &sr
	}
	if need.Host != "" {
		h, ok, err := c.hostIface(need.Host)
		if err != nil {
			return ctx, nil, err
		}
		// Non-nil says "read": the 802.1Qbg rule then runs and warns
		// about a device libvirt does not know as a VLAN interface.
		ctx.Hosts = map[string]model.HostIface{}
		if ok {
			ctx.Hosts[h.Name] = h
		}
	}
	if need.Network != "" {
		n, ok, err := c.network(need.Network)
		if err != nil {
			return ctx, nil, err
		}
		// An empty map says "read, and not there", which Validate
		// reports; nil would mean "not read".
		ctx.Networks = map[string]model.Network{}
		if ok {
			ctx.Networks[n.Name] = n
		}
	}
	return ctx, warnings, nil
}

// deviceContext fills who uses which device, the classified devices and
// the SR-IOV functions. A NIC of a pool network uses the network's devices
// too, so all need the networks; the host interfaces and the SR-IOV read
// share one read of the net node devices.
func (c *Conn) deviceContext(ctx *model.Context, need model.Needs, doms []model.DomainNICs, targets map[string]string) ([]string, error) {
	nets, warnings, err := c.networks()
	if err != nil {
		return nil, err
	}
	var ifaces []model.HostIface
	if need.Devices || need.SRIOV {
		var netDevs []model.NodeDev
		var w []string
		ifaces, netDevs, w, err = c.hostIfacesAndNetDevs()
		if err != nil {
			return nil, err
		}
		warnings = append(warnings, w...)
		if need.SRIOV {
			sr, w, err := c.sriovOf(netDevs)
			if err != nil {
				return nil, err
			}
			warnings = append(warnings, w...)
			ctx.SRIOV = &sr
		}
	}
	uses := model.DeviceUses(doms, nets, ctx.SRIOV)
	if need.DeviceUses {
		ctx.DeviceUse = uses
	}
	// A host that lists no interface at all leaves ctx.Devices nil:
	// nothing to check against.
	if need.Devices && len(ifaces) > 0 {
		for _, d := range doms {
			for _, dev := range d.LiveTargets {
				targets[dev] = d.Name
			}
		}
		ctx.Devices = model.ClassifyHostDevices(ifaces, nets, targets, uses)
	}
	return warnings, nil
}
