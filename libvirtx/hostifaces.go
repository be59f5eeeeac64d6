package libvirtx

import (
	"sort"
	"strconv"
	"sync"

	"libvirt.org/go/libvirt"
	"libvirt.org/go/libvirtxml"

	"virtnic/model"
)

// hostIfaces merges libvirt's host interfaces (which know bridges, bonds
// and VLANs) with net node devices (which know link speed and also list
// devices the interface backend ignores), both read at once: the node
// devices with inFlight calls outstanding, the interfaces one call at a
// time (ifaceCalls). A listing the driver does not offer, or one entry that cannot
// be read or parsed, becomes a warning, not an error: remote hosts are often
// built without the interface driver, and anyone who may create a link can
// give it a name libvirt's XML cannot carry.
func (c *Conn) hostIfaces() ([]model.HostIface, []string, error) {
	ifaces, _, warnings, err := c.hostIfacesAndNetDevs()
	return ifaces, warnings, err
}

// hostIfacesAndNetDevs is hostIfaces that also returns the net node
// devices as read, whose parents SR-IOV needs.
func (c *Conn) hostIfacesAndNetDevs() ([]model.HostIface, []model.NodeDev, []string, error) {
	var (
		ifaces   []model.HostIface
		warnings []string
		ifaceErr error
		wg       sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ifaces, warnings, ifaceErr = c.libvirtIfaces()
	}()
	devs, nodeDevs, devWarnings, err := c.netNodeDevices()
	wg.Wait()
	if ifaceErr != nil {
		return nil, nil, nil, ifaceErr
	}
	if err != nil {
		return nil, nil, nil, err
	}
	warnings = append(warnings, devWarnings...)
	byName := make(map[string]*model.HostIface)
	var order []string
	add := func(h model.HostIface) *model.HostIface {
		if p, ok := byName[h.Name]; ok {
			return p
		}
		p := &h
		byName[h.Name] = p
		order = append(order, h.Name)
		return p
	}
	for _, h := range ifaces {
		add(h)
	}
	for _, d := range devs {
		h := add(model.HostIface{Name: d.Name, Kind: model.IfaceUnknown})
		if d.SpeedMbps > 0 {
			h.SpeedMbps = d.SpeedMbps
		}
		if d.LinkState != "" {
			h.LinkState = d.LinkState
		}
	}
	sort.Strings(order)
	out := make([]model.HostIface, 0, len(order))
	for _, n := range order {
		out = append(out, *byName[n])
	}
	return out, nodeDevs, warnings, nil
}

// libvirtIfaces reads the host interfaces one call at a time, and never
// while another read of this connection's does (ifaceCalls): libvirt's udev
// interface backend shares one libudev context among libvirtd's worker
// threads, which libudev does not allow, so interface calls in parallel
// corrupt libvirtd's heap and kill it (seen on libvirt 9.0 over a 50 ms
// link; cockpit's CI tracks the same crash on 10.x). The daemon serves
// other clients' interface calls in parallel all the same; virtnic does
// not add to them.
func (c *Conn) libvirtIfaces() ([]model.HostIface, []string, error) {
	c.ifaceCalls.Lock()
	defer c.ifaceCalls.Unlock()
	ifs, err := c.c.ListAllInterfaces(0)
	switch {
	case err != nil && IsCode(err, CodeNoSupport):
		return nil, []string{"host interfaces are not listed: " + wrap("list host interfaces", err).Error()}, nil
	case err != nil:
		return nil, nil, c.wrap("list host interfaces", err)
	}
	defer func() {
		for i := range ifs {
			ifs[i].Free()
		}
	}()
	out := make([]model.HostIface, len(ifs))
	warn := make([]string, len(ifs))
	for i := range ifs {
		func() {
			name, _ := ifs[i].GetName()
			x, err := ifs[i].GetXMLDesc(0)
			if err != nil {
				warn[i] = "host interface " + name + " skipped: " + wrap("read host interface", err).Error()
				return
			}
			var ix libvirtxml.Interface
			if err := ix.Unmarshal(x); err != nil {
				warn[i] = "host interface " + name + " skipped: virtnic cannot parse its XML: " + err.Error()
				return
			}
			out[i] = hostIfaceFromXML(&ix)
		}()
	}
	return keepParsed(out, warn, func(h model.HostIface) string { return h.Name })
}

// netNodeDevices reads every net node device: as a host interface (name,
// speed, link state) and as a node device (name, parent), in one XML read
// each.
func (c *Conn) netNodeDevices() ([]model.HostIface, []model.NodeDev, []string, error) {
	devs, err := c.c.ListAllNodeDevices(libvirt.CONNECT_LIST_NODE_DEVICES_CAP_NET)
	switch {
	case err != nil && IsCode(err, CodeNoSupport):
		return nil, nil, []string{"host network devices are not listed: " + wrap("list node devices", err).Error()}, nil
	case err != nil:
		return nil, nil, nil, c.wrap("list node devices", err)
	}
	defer freeNodeDevices(devs)
	out := make([]model.HostIface, len(devs))
	nodes := make([]model.NodeDev, len(devs))
	warn := make([]string, len(devs))
	forEach(len(devs), func(i int) {
		name, _ := devs[i].GetName()
		x, err := devs[i].GetXMLDesc(0)
		if err != nil {
			warn[i] = "node device " + name + " skipped: " + wrap("read node device", err).Error()
			return
		}
		var nd libvirtxml.NodeDevice
		if err := nd.Unmarshal(x); err != nil {
			warn[i] = "node device " + name + " skipped: virtnic cannot parse its XML: " + err.Error()
			return
		}
		netcap := nd.Capability.Net
		if netcap == nil || netcap.Interface == "" {
			return
		}
		nodes[i] = model.NodeDev{Name: nd.Name, Parent: nd.Parent, Netdev: netcap.Interface}
		h := model.HostIface{Name: netcap.Interface, Kind: model.IfaceUnknown}
		if netcap.Link != nil {
			// Unknown speed is absent or "-1"; 0 says unknown too.
			if mbps, err := strconv.Atoi(netcap.Link.Speed); err == nil && mbps > 0 {
				h.SpeedMbps = mbps
			}
			h.LinkState = netcap.Link.State
		}
		out[i] = h
	})
	var kept []model.NodeDev
	for i := range nodes {
		if warn[i] == "" && nodes[i].Netdev != "" {
			kept = append(kept, nodes[i])
		}
	}
	ifaces, warnings, err := keepParsed(out, warn, func(h model.HostIface) string { return h.Name })
	return ifaces, kept, warnings, err
}

func freeNodeDevices(devs []libvirt.NodeDevice) {
	for i := range devs {
		devs[i].Free()
	}
}

// keepParsed drops the entries that produced a warning or carry no name.
func keepParsed[T any](all []T, warn []string, name func(T) string) ([]T, []string, error) {
	var kept []T
	var warnings []string
	for i := range all {
		switch {
		case warn[i] != "":
			warnings = append(warnings, warn[i])
		case name(all[i]) != "":
			kept = append(kept, all[i])
		}
	}
	return kept, warnings, nil
}

// hostIface reads one host interface by name; ok is false when libvirt does
// not know it or cannot list interfaces at all (remote hosts without the
// interface driver).
func (c *Conn) hostIface(name string) (model.HostIface, bool, error) {
	c.ifaceCalls.Lock()
	defer c.ifaceCalls.Unlock()
	ifc, err := c.c.LookupInterfaceByName(name)
	if err != nil {
		if IsCode(err, int(libvirt.ERR_NO_INTERFACE)) || IsCode(err, CodeNoSupport) {
			return model.HostIface{}, false, nil
		}
		return model.HostIface{}, false, c.wrap("look up host interface "+name, err)
	}
	defer ifc.Free()
	x, err := ifc.GetXMLDesc(0)
	if err != nil {
		return model.HostIface{}, false, c.wrap("read host interface "+name, err)
	}
	var ix libvirtxml.Interface
	if err := ix.Unmarshal(x); err != nil {
		return model.HostIface{}, false, nil
	}
	return hostIfaceFromXML(&ix), true, nil
}

func hostIfaceFromXML(ix *libvirtxml.Interface) model.HostIface {
	h := model.HostIface{Name: ix.Name, Kind: model.IfaceEthernet}
	switch {
	case ix.Bridge != nil:
		h.Kind = model.IfaceBridge
		for _, m := range ix.Bridge.Interfaces {
			h.Members = append(h.Members, m.Name)
		}
	case ix.Bond != nil:
		h.Kind = model.IfaceBond
		for _, m := range ix.Bond.Interfaces {
			h.Members = append(h.Members, m.Name)
		}
	case ix.VLAN != nil:
		h.Kind = model.IfaceVLAN
		if ix.VLAN.Tag != nil {
			h.VLANID = int(*ix.VLAN.Tag)
		}
		if ix.VLAN.Interface != nil {
			h.VLANDev = ix.VLAN.Interface.Name
		}
	}
	return h
}
