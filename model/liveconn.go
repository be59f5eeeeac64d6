package model

import (
	"encoding/xml"
	"fmt"
	"reflect"

	"libvirt.org/go/libvirtxml"
)

// RunningConn is how a running guest's NIC is connected, as libvirt's live
// XML shows it: for a network NIC that is the connection the network gave
// it (type bridge, direct or hostdev, or network for a libvirt-managed
// bridge), with the virtual port the network merged in.
type RunningConn struct {
	Kind        SourceKind
	Mode        Mode // a direct connection's macvtap mode
	VirtualPort *VirtualPort
}

// connClass is what libvirt's qemuDomainChangeNet compares: a NIC's actual
// type once its network, if any, has allocated it a connection.
type connClass int

const (
	connUnknown connClass = iota // a network the caller did not read
	connBridge                   // a tap on a host bridge: type bridge, or a network with a bridge
	connDirect                   // macvtap
	connHostdev                  // a PCI device (an SR-IOV VF) given to the guest
	connOther                    // user, ethernet, vhostuser, …
)

// actualConn is a NIC's actual connection: its class and the type of the
// virtual port it gets (the NIC's own, else its portgroup's, else its
// network's), hasVPort when there is one at all, pgVPort when its
// portgroup sets one; vf when it is a device of its own (hostdev, macvtap
// passthrough), where a VLAN lands on the VF.
type actualConn struct {
	class    connClass
	vport    VPortType
	hasVPort bool
	pgVPort  bool
	vf       bool
}

func (a actualConn) ovs() bool { return a.hasVPort && a.vport == VPortOpenVSwitch }

// runningConnOf is the connection a running NIC has now: what the live XML
// showed when the domain was read, else what its config and network imply.
func runningConnOf(n NIC, nets map[string]Network) actualConn {
	if r := n.Running; r != nil {
		return connOfKind(r.Kind, r.Mode, r.VirtualPort)
	}
	return configConnOf(n, nets)
}

// newConnOf is the connection the edited NIC would get. A network NIC that
// stays on its network, with its portgroup and virtual port, keeps the
// connection it has, so it needs no network read.
func newConnOf(old, new NIC, nets map[string]Network) actualConn {
	if _, ok := nets[new.Network]; new.Kind == KindNetwork && !ok && old.Running != nil &&
		old.Kind == KindNetwork && old.Network == new.Network && old.PortGroup == new.PortGroup && vportEqual(old.VirtualPort, new.VirtualPort) {
		return runningConnOf(old, nets)
	}
	return configConnOf(new, nets)
}

func connOfKind(k SourceKind, mode Mode, vp *VirtualPort) actualConn {
	a := actualConn{class: connOther, vport: vportTypeOf(vp), hasVPort: !vportEmpty(vp)}
	switch k {
	case KindBridge, KindNetwork:
		a.class = connBridge
	case KindDirect:
		a.class, a.vf = connDirect, mode == ModePassthrough
	case KindHostdev:
		a.class, a.vf = connHostdev, true
	}
	return a
}

// configConnOf follows libvirt's network driver (networkAllocatePort) for
// a network NIC: a hostdev pool hands out a PCI device, a passthrough,
// private or vepa pool (or bridge mode without a bridge) a macvtap device,
// anything else a port on the network's bridge.
func configConnOf(n NIC, nets map[string]Network) actualConn {
	if n.Kind != KindNetwork {
		return connOfKind(n.Kind, n.Mode, n.VirtualPort)
	}
	net, ok := nets[n.Network]
	if !ok {
		return actualConn{class: connUnknown}
	}
	a := actualConn{class: connBridge}
	switch {
	case net.Forward == "hostdev":
		a.class, a.vf = connHostdev, true
	case net.Forward == "passthrough":
		a.class, a.vf = connDirect, true
	case net.Forward == "private" || net.Forward == "vepa" ||
		(net.Forward == "bridge" && net.Bridge == ""):
		a.class = connDirect
	}
	pg := n.PortGroup
	if pg == "" {
		pg = net.DefaultPortGroup
	}
	// virNetDevVPortProfileMerge3 merges the three attribute by
	// attribute, so a portgroup's port counts even under the NIC's own.
	a.pgVPort = net.PortGroupVPortTypes[pg] != ""
	switch {
	case !vportEmpty(n.VirtualPort):
		a.vport, a.hasVPort = n.VirtualPort.Type, true
	case a.pgVPort:
		a.vport, a.hasVPort = VPortType(net.PortGroupVPortTypes[pg]), true
	case net.VirtualPortType != "":
		a.vport, a.hasVPort = VPortType(net.VirtualPortType), true
	}
	return a
}

func vportTypeOf(vp *VirtualPort) VPortType {
	if vp == nil {
		return VPortNone
	}
	return vp.Type
}

// regeneratesPortID: libvirt allocates a network NIC's connection anew for
// every live update (virDomainNetAllocateActualDevice), and the network
// driver fills a missing interfaceid (openvswitch) or instanceid (802.1Qbg)
// with a fresh random UUID (virNetDevVPortProfileCheckComplete(…, true) in
// networkAllocatePort). The new virtual port then never equals the running
// one, and qemuDomainChangeNet refuses the whole update ("unable to change
// config on 'network' network type"). A NIC whose own <virtualport> carries
// the id keeps it.
func regeneratesPortID(new NIC, nc actualConn) bool {
	if new.Kind != KindNetwork || !nc.hasVPort {
		return false
	}
	own := new.VirtualPort
	switch nc.vport {
	case VPortOpenVSwitch:
		return own == nil || own.InterfaceID == ""
	case VPortQbg:
		return own == nil || own.InstanceID == ""
	}
	return false
}

// portGroupChangesNIC says whether moving a network NIC from old's portgroup
// to new's changes what the NIC gets: the bandwidth (a NIC's own wins over
// its portgroup's) or the VLAN (its own, else the portgroup's, else the
// network's). qemuDomainChangeNet replaces the running NIC only when
// something it applies differs (needBandwidthSet, needVlanUpdate, …);
// otherwise it answers success and the running NIC keeps its old
// portgroup. known is false when the network was not read.
func portGroupChangesNIC(old, new NIC, nets map[string]Network) (changes, known bool) {
	net, ok := nets[new.Network]
	if !ok || old.Network != new.Network {
		return false, false
	}
	pgOf := func(n NIC) string {
		if n.PortGroup == "" {
			return net.DefaultPortGroup
		}
		return n.PortGroup
	}
	bw := func(n NIC) *Bandwidth {
		if n.Bandwidth != nil {
			return n.Bandwidth
		}
		return net.PortGroupBandwidth[pgOf(n)]
	}
	vlan := func(n NIC) *VLAN {
		if n.VLAN != nil {
			return n.VLAN
		}
		_, v := PortGroupVLAN(net, n.PortGroup)
		return v
	}
	return !reflect.DeepEqual(bw(old), bw(new)) || !VLANEqual(vlan(old), vlan(new)), true
}

// ReadPortGroupBandwidth fills a network's PortGroupBandwidth from its XML;
// libvirtxml does not keep a portgroup's <bandwidth>, which has the shape
// of an interface's.
func ReadPortGroupBandwidth(n *Network, netXML string) error {
	var doc struct {
		PortGroups []struct {
			Name      string                               `xml:"name,attr"`
			Bandwidth *libvirtxml.DomainInterfaceBandwidth `xml:"bandwidth"`
		} `xml:"portgroup"`
	}
	if err := xml.Unmarshal([]byte(netXML), &doc); err != nil {
		return fmt.Errorf("network XML is not well-formed: %w", err)
	}
	n.PortGroupBandwidth = nil
	for _, pg := range doc.PortGroups {
		if b := bandwidthFromXML(pg.Bandwidth); b != nil {
			if n.PortGroupBandwidth == nil {
				n.PortGroupBandwidth = map[string]*Bandwidth{}
			}
			n.PortGroupBandwidth[pg.Name] = b
		}
	}
	return nil
}
