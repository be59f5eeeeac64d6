package libvirtx

import (
	"sort"
	"strconv"
	"strings"

	"libvirt.org/go/libvirt"
	"libvirt.org/go/libvirtxml"

	"virtnic/model"
)

// Sources lists everything a NIC can be connected to. Host interfaces that
// the connection cannot list (remote hosts without the interface driver)
// are silently missing; SourcesWithWarnings says so.
func (c *Conn) Sources() (model.Sources, error) {
	s, _, err := c.SourcesWithWarnings()
	return s, err
}

// SourcesWithWarnings is Sources plus one human-readable warning per
// listing the driver does not offer.
func (c *Conn) SourcesWithWarnings() (model.Sources, []string, error) {
	if err := c.ensureOpen("list sources"); err != nil {
		return model.Sources{}, nil, err
	}
	sv, err := c.survey(true)
	if err != nil {
		return model.Sources{}, nil, err
	}
	return sv.sources(), sv.warnings, nil
}

// EditContext gathers what validating an edit of domain needs to know about
// every other domain and the host.
func (c *Conn) EditContext(domain string) (model.Context, error) {
	if err := c.ensureOpen("read the connection"); err != nil {
		return model.Context{}, err
	}
	sv, err := c.survey(false)
	if err != nil {
		return model.Context{}, err
	}
	return sv.context(domain), nil
}

// SourcesAndContext is SourcesWithWarnings and EditContext from one read of
// the host and every domain: a NIC page needs both, and each read costs a
// round trip per domain.
func (c *Conn) SourcesAndContext(domain string) (model.Sources, []string, model.Context, error) {
	if err := c.ensureOpen("list sources"); err != nil {
		return model.Sources{}, nil, model.Context{}, err
	}
	sv, err := c.survey(true)
	if err != nil {
		return model.Sources{}, nil, model.Context{}, err
	}
	return sv.sources(), sv.warnings, sv.context(domain), nil
}

// survey is one read of what sources and edit contexts are built from.
type survey struct {
	networks []model.Network // only when asked for
	ifaces   []model.HostIface
	warnings []string
	scan     []scannedDomain
}

func (c *Conn) survey(withNetworks bool) (*survey, error) {
	sv := &survey{}
	var err error
	if withNetworks {
		if sv.networks, err = c.networks(); err != nil {
			return nil, err
		}
	}
	if sv.ifaces, sv.warnings, err = c.hostIfaces(); err != nil {
		return nil, err
	}
	if sv.scan, err = c.scanDomains(); err != nil {
		return nil, err
	}
	return sv, nil
}

func (sv *survey) sources() model.Sources {
	targets := make(map[string]string)
	for _, d := range sv.scan {
		for _, n := range d.live {
			if n.Target != "" {
				targets[n.Target] = d.name
			}
		}
	}
	return model.Sources{
		Networks: sv.networks,
		Bridges:  model.BridgesFrom(sv.ifaces, sv.networks),
		Devices:  model.ClassifyHostDevices(sv.ifaces, sv.networks, targets, deviceUses(sv.scan)),
	}
}

func (sv *survey) context(domain string) model.Context {
	hosts := make(map[string]model.HostIface, len(sv.ifaces))
	for _, h := range sv.ifaces {
		hosts[h.Name] = h
	}
	return model.Context{
		Domain:    domain,
		MACsInUse: macsInUse(sv.scan),
		DeviceUse: deviceUses(sv.scan),
		Hosts:     hosts,
	}
}

// scannedDomain is one domain's NICs, config and live, as seen by a scan.
type scannedDomain struct {
	name     string
	active   bool
	inactive []model.NIC
	live     []model.NIC
}

// scanDomains reads every domain's NICs: one call for the domains and their
// states, then one XML read per domain (two when running).
func (c *Conn) scanDomains() ([]scannedDomain, error) {
	doms, err := c.domainsWithState()
	if err != nil {
		return nil, err
	}
	defer freeDomains(doms)
	out := make([]scannedDomain, 0, len(doms))
	for _, d := range doms {
		name, err := d.dom.GetName()
		if err != nil {
			return nil, c.wrap("list domains", err)
		}
		sd := scannedDomain{name: name, active: d.state.Active()}
		x, err := d.dom.GetXMLDesc(libvirt.DOMAIN_XML_INACTIVE)
		if err != nil {
			if IsCode(err, CodeNoDomain) {
				continue // undefined while we were scanning
			}
			return nil, c.wrap("read configuration of domain "+name, err)
		}
		// A domain whose XML virtnic cannot split still exists; skipping
		// its NICs only weakens the duplicate checks, so do not fail the
		// whole listing over it.
		sd.inactive, _ = nicsFromXML(x)
		if sd.active {
			x, err := d.dom.GetXMLDesc(0)
			if err != nil && !IsCode(err, CodeNoDomain) {
				return nil, c.wrap("read live state of domain "+name, err)
			}
			if err == nil {
				sd.live, _ = nicsFromXML(x)
			}
		}
		out = append(out, sd)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// deviceUses maps each host device to the configured direct NICs on it.
func deviceUses(scan []scannedDomain) map[string][]model.DeviceUse {
	uses := make(map[string][]model.DeviceUse)
	for _, d := range scan {
		for _, n := range d.inactive {
			if n.Kind != model.KindDirect || n.Dev == "" {
				continue
			}
			uses[n.Dev] = append(uses[n.Dev], model.DeviceUse{
				Domain: d.name, Index: n.Index, Mode: modeOrDefault(n.Mode), Running: d.active,
			})
		}
	}
	return uses
}

// macsInUse records each MAC once per NIC: a running NIC appears in both
// the config and the live XML. A live-only NIC has no config index, so it
// gets -1 and conflicts even with a NIC of its own domain.
func macsInUse(scan []scannedDomain) map[string][]model.MACUse {
	macs := make(map[string][]model.MACUse)
	for _, d := range scan {
		seen := make(map[string]bool)
		for _, n := range d.inactive {
			mac := strings.ToLower(n.MAC)
			if mac == "" {
				continue
			}
			seen[mac] = true
			macs[mac] = append(macs[mac], model.MACUse{Domain: d.name, Index: n.Index})
		}
		for _, n := range d.live {
			mac := strings.ToLower(n.MAC)
			if mac == "" || seen[mac] {
				continue
			}
			seen[mac] = true
			macs[mac] = append(macs[mac], model.MACUse{Domain: d.name, Index: -1})
		}
	}
	return macs
}

func (c *Conn) networks() ([]model.Network, error) {
	nets, err := c.c.ListAllNetworks(0)
	if err != nil {
		return nil, c.wrap("list networks", err)
	}
	defer func() {
		for i := range nets {
			nets[i].Free()
		}
	}()
	out := make([]model.Network, 0, len(nets))
	for i := range nets {
		x, err := nets[i].GetXMLDesc(0)
		if err != nil {
			return nil, c.wrap("read network", err)
		}
		active, err := nets[i].IsActive()
		if err != nil {
			return nil, c.wrap("read network", err)
		}
		var nx libvirtxml.Network
		if err := nx.Unmarshal(x); err != nil {
			return nil, &Error{Op: "read network", Message: err.Error(), Meaning: "virtnic cannot parse the network's XML"}
		}
		out = append(out, networkFromXML(&nx, active))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func networkFromXML(nx *libvirtxml.Network, active bool) model.Network {
	n := model.Network{Name: nx.Name, Active: active, PortGroups: []string{}}
	switch {
	case nx.Forward == nil:
		n.Forward = "isolated"
	case nx.Forward.Mode == "":
		n.Forward = "nat" // libvirt's default for a bare <forward/>
	default:
		n.Forward = nx.Forward.Mode
	}
	if nx.Forward != nil {
		for _, fi := range nx.Forward.Interfaces {
			if fi.Dev != "" {
				n.ForwardDevs = append(n.ForwardDevs, fi.Dev)
			}
		}
		// <forward dev=…> without <interface> children means that one device.
		if len(n.ForwardDevs) == 0 && nx.Forward.Dev != "" {
			n.ForwardDevs = []string{nx.Forward.Dev}
		}
	}
	if nx.Bridge != nil {
		n.Bridge = nx.Bridge.Name
	}
	for _, pg := range nx.PortGroups {
		n.PortGroups = append(n.PortGroups, pg.Name)
		if pg.Default == "yes" {
			n.DefaultPortGroup = pg.Name
		}
	}
	if nx.VirtualPort != nil && nx.VirtualPort.Params != nil {
		p := nx.VirtualPort.Params
		switch {
		case p.VEPA8021QBG != nil:
			n.VirtualPortType = string(model.VPortQbg)
		case p.VNTag8011QBH != nil:
			n.VirtualPortType = string(model.VPortQbh)
		case p.OpenVSwitch != nil:
			n.VirtualPortType = string(model.VPortOpenVSwitch)
		case p.MidoNet != nil:
			n.VirtualPortType = string(model.VPortMidonet)
		}
	}
	return n
}

// hostIfaces merges libvirt's host interfaces (which know bridges, bonds
// and VLANs) with net node devices (which know link speed and also list
// devices the interface backend ignores). A listing the driver does not
// offer becomes a warning, not an error: remote hosts are often built
// without the interface driver.
func (c *Conn) hostIfaces() ([]model.HostIface, []string, error) {
	var warnings []string
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

	ifs, err := c.c.ListAllInterfaces(0)
	switch {
	case err != nil && IsCode(err, CodeNoSupport):
		warnings = append(warnings, "host interfaces are not listed: "+wrap("list host interfaces", err).Error())
	case err != nil:
		return nil, nil, c.wrap("list host interfaces", err)
	}
	func() {
		defer func() {
			for i := range ifs {
				ifs[i].Free()
			}
		}()
		for i := range ifs {
			x, xerr := ifs[i].GetXMLDesc(0)
			if xerr != nil {
				err = c.wrap("read host interface", xerr)
				return
			}
			var ix libvirtxml.Interface
			if xerr := ix.Unmarshal(x); xerr != nil {
				err = &Error{Op: "read host interface", Message: xerr.Error(), Meaning: "virtnic cannot parse the interface's XML"}
				return
			}
			add(hostIfaceFromXML(&ix))
		}
	}()
	if err != nil {
		return nil, nil, err
	}

	devs, err := c.c.ListAllNodeDevices(libvirt.CONNECT_LIST_NODE_DEVICES_CAP_NET)
	switch {
	case err != nil && IsCode(err, CodeNoSupport):
		warnings = append(warnings, "host network devices are not listed: "+wrap("list node devices", err).Error())
	case err != nil:
		return nil, nil, c.wrap("list node devices", err)
	}
	func() {
		defer func() {
			for i := range devs {
				devs[i].Free()
			}
		}()
		for i := range devs {
			x, xerr := devs[i].GetXMLDesc(0)
			if xerr != nil {
				err = c.wrap("read node device", xerr)
				return
			}
			var nd libvirtxml.NodeDevice
			if xerr := nd.Unmarshal(x); xerr != nil {
				err = &Error{Op: "read node device", Message: xerr.Error(), Meaning: "virtnic cannot parse the node device's XML"}
				return
			}
			netcap := nd.Capability.Net
			if netcap == nil || netcap.Interface == "" {
				continue
			}
			h := add(model.HostIface{Name: netcap.Interface, Kind: model.IfaceUnknown})
			if netcap.Link != nil {
				// Unknown speed is absent or "-1"; 0 says unknown too.
				if mbps, err := strconv.Atoi(netcap.Link.Speed); err == nil && mbps > 0 {
					h.SpeedMbps = mbps
				}
				h.LinkState = netcap.Link.State
			}
		}
	}()
	if err != nil {
		return nil, nil, err
	}

	sort.Strings(order)
	out := make([]model.HostIface, 0, len(order))
	for _, n := range order {
		out = append(out, *byName[n])
	}
	return out, warnings, nil
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
