package model

import (
	"fmt"
	"regexp"
	"sort"
)

// tapName matches the device names libvirt and QEMU give a VM's own NIC
// backends. One that is not in the targets map belongs to a domain we could
// not see (another connection, a race with a start), so it is still no
// macvtap parent.
var tapName = regexp.MustCompile(`^(vnet|macvtap|macvlan)\d+$`)

// mergeHostIfaces folds the entries that name one device (libvirt lists a NIC
// once as an interface and once as a node device) into one, keeping the
// first known kind, speed and VLAN data and every member.
func mergeHostIfaces(ifaces []HostIface) (map[string]*HostIface, []string) {
	byName := map[string]*HostIface{}
	var order []string
	for _, in := range ifaces {
		if in.Name == "" {
			continue
		}
		cur, ok := byName[in.Name]
		if !ok {
			c := in
			c.Members = append([]string(nil), in.Members...)
			byName[in.Name] = &c
			order = append(order, in.Name)
			continue
		}
		if cur.Kind == IfaceUnknown {
			cur.Kind = in.Kind
		}
		if cur.SpeedMbps == 0 {
			cur.SpeedMbps = in.SpeedMbps
		}
		if cur.LinkState == "" {
			cur.LinkState = in.LinkState
		}
		if cur.VLANID == 0 {
			cur.VLANID = in.VLANID
		}
		if cur.VLANDev == "" {
			cur.VLANDev = in.VLANDev
		}
		for _, m := range in.Members {
			if !strIn(cur.Members, m) {
				cur.Members = append(cur.Members, m)
			}
		}
	}
	return byName, order
}

func strIn(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ClassifyHostDevices lists every host interface as a macvtap (direct NIC)
// source candidate. Devices that must not carry a macvtap stay in the list,
// ineligible, with the reason, so the user learns why a device is missing
// from the choices instead of guessing.
func ClassifyHostDevices(ifaces []HostIface, networks []Network, targets map[string]string, uses map[string][]DeviceUse) []HostDevice {
	byName, order := mergeHostIfaces(ifaces)

	netOf := map[string]string{} // device -> libvirt network owning it as its bridge
	for _, n := range networks {
		if n.Bridge != "" {
			netOf[n.Bridge] = n.Name
			netOf[n.Bridge+"-nic"] = n.Name
		}
	}
	portOf := map[string]string{}  // device -> bridge it is a port of
	slaveOf := map[string]string{} // device -> bond it is a slave of
	for _, name := range order {
		in := byName[name]
		for _, m := range in.Members {
			switch in.Kind {
			case IfaceBridge:
				portOf[m] = name
			case IfaceBond:
				slaveOf[m] = name
			}
		}
	}
	// Ports and slaves exist even when libvirt only reported them inside
	// their master's XML; list them so their exclusion is explained too.
	for _, name := range order {
		for _, m := range byName[name].Members {
			if _, ok := byName[m]; !ok {
				byName[m] = &HostIface{Name: m}
				order = append(order, m)
			}
		}
	}

	out := make([]HostDevice, 0, len(order))
	for _, name := range order {
		in := byName[name]
		d := HostDevice{
			Name:      name,
			Kind:      in.Kind,
			SpeedMbps: in.SpeedMbps,
			IsVLAN:    in.Kind == IfaceVLAN,
			UsedBy:    append([]DeviceUse{}, uses[name]...),
		}
		switch {
		case name == "lo":
			d.Reason = "loopback"
		case targets[name] != "":
			d.Reason = fmt.Sprintf("tap/macvtap of domain %s", targets[name])
		case netOf[name] != "":
			d.Reason = fmt.Sprintf("bridge of libvirt network '%s'", netOf[name])
		case in.Kind == IfaceBridge:
			d.Reason = fmt.Sprintf("a bridge: offered as \"Bridge %s\"", name)
		case portOf[name] != "":
			d.Reason = fmt.Sprintf("port of bridge %s", portOf[name])
		case slaveOf[name] != "":
			d.Reason = fmt.Sprintf("slave of bond %s", slaveOf[name])
		case tapName.MatchString(name):
			d.Reason = "a VM tap device"
		default:
			d.Eligible = true
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// BridgesFrom returns the host bridges a bridge-type NIC can use: every
// bridge libvirt reports, except those a libvirt network manages (a NIC goes
// through the network, not straight onto its bridge).
func BridgesFrom(ifaces []HostIface, networks []Network) []Bridge {
	byName, order := mergeHostIfaces(ifaces)
	netBridge := map[string]bool{}
	for _, n := range networks {
		if n.Bridge != "" {
			netBridge[n.Bridge] = true
		}
	}
	out := []Bridge{}
	for _, name := range order {
		in := byName[name]
		if in.Kind != IfaceBridge || netBridge[name] {
			continue
		}
		ports := append([]string{}, in.Members...)
		sort.Strings(ports)
		out = append(out, Bridge{Name: name, Ports: ports})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
