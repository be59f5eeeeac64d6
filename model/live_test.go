package model

import (
	"reflect"
	"testing"
)

func TestPlan(t *testing.T) {
	network := NIC{Kind: KindNetwork, Network: "default", MAC: "52:54:00:00:00:01", Model: "virtio", Link: "up"}
	direct := NIC{Kind: KindDirect, Dev: "eth0", Mode: ModeVEPA, MAC: "52:54:00:00:00:01", Model: "virtio", Link: "up"}
	bridgeOVS := NIC{Kind: KindBridge, Bridge: "ovsbr", Link: "up",
		VirtualPort: &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: testUUID}}
	tests := []struct {
		name    string
		old     NIC
		edit    func(n *NIC)
		running bool
		want    []Change
	}{
		{name: "no change", old: network, edit: func(n *NIC) {}, running: true, want: nil},
		{name: "link is live", old: direct, edit: func(n *NIC) { n.Link = "down" }, running: true,
			want: []Change{{Field: FieldLink, Old: "up", New: "down", Live: true}}},
		{name: "direct device", old: direct, edit: func(n *NIC) { n.Dev = "eth1" }, running: true,
			want: []Change{{Field: FieldSource, Old: "direct eth0", New: "direct eth1", Reason: reasonDirect}}},
		{name: "direct mode", old: direct, edit: func(n *NIC) { n.Mode = ModePassthrough }, running: true,
			want: []Change{{Field: FieldMode, Old: "vepa", New: "passthrough", Reason: reasonDirect}}},
		{name: "direct virtualport", old: direct, edit: func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "finance"} }, running: true,
			want: []Change{{Field: FieldVirtualPort, Old: "", New: "802.1Qbh profileid=finance", Reason: reasonDirect}}},
		{name: "to direct", old: bridgeNIC("br0"), edit: func(n *NIC) { n.Kind, n.Dev, n.Mode = KindDirect, "eth0", ModeBridge }, running: true,
			want: []Change{
				{Field: FieldSource, Old: "bridge br0", New: "direct eth0", Reason: reasonToDirect},
				{Field: FieldMode, Old: "", New: "bridge", Reason: reasonDirect},
			}},
		{name: "from direct", old: direct, edit: func(n *NIC) { n.Kind, n.Bridge = KindBridge, "br0" }, running: true,
			want: []Change{
				{Field: FieldSource, Old: "direct eth0", New: "bridge br0", Reason: reasonToDirect},
				{Field: FieldMode, Old: "vepa", New: "", Reason: reasonDirect},
			}},
		{name: "model", old: network, edit: func(n *NIC) { n.Model = "e1000e" }, running: true,
			want: []Change{{Field: FieldModel, Old: "virtio", New: "e1000e", Reason: reasonModel}}},
		{name: "mac", old: network, edit: func(n *NIC) { n.MAC = "52:54:00:00:00:02" }, running: true,
			want: []Change{{Field: FieldMAC, Old: "52:54:00:00:00:01", New: "52:54:00:00:00:02", Reason: reasonMAC}}},
		{name: "mtu", old: bridgeNIC("br0"), edit: func(n *NIC) { n.MTU = 9000 }, running: true,
			want: []Change{{Field: FieldMTU, Old: "", New: "9000", Reason: reasonMTU}}},
		// virNetDevVPortProfileEqual compares profileid and interfaceid
		// of an openvswitch port: a difference sets needReconnect.
		{name: "virtualport parameters on an ovs bridge are not live", old: bridgeOVS, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: testUUID, ProfileID: "gold"}
		}, running: true, want: []Change{{Field: FieldVirtualPort,
			Old: "openvswitch interfaceid=" + testUUID, New: "openvswitch interfaceid=" + testUUID + " profileid=gold",
			Reason: reasonVPort}}},
		{name: "adding a virtual port to a Linux bridge NIC is not live", old: bridgeNIC("br0"), edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: testUUID}
		}, running: true, want: []Change{{Field: FieldVirtualPort, Old: "", New: "openvswitch interfaceid=" + testUUID, Reason: reasonVPort}}},
		{name: "bridge source of a NIC with a Qbh port is not live", old: NIC{Kind: KindBridge, Bridge: "br0",
			VirtualPort: &VirtualPort{Type: VPortQbh, ProfileID: "p"}}, edit: func(n *NIC) { n.Bridge = "br1" }, running: true,
			want: []Change{{Field: FieldSource, Old: "bridge br0", New: "bridge br1", Reason: reasonVPortMove}}},
		// A changed bridge name with a virtual port on the new side sets
		// needReconnect: only qemuDomainChangeNetBridge (Linux delif and
		// addif) moves a tap live.
		{name: "bridge source of a NIC with an ovs port is not live", old: bridgeOVS, edit: func(n *NIC) { n.Bridge = "ovsbr2" }, running: true,
			want: []Change{{Field: FieldSource, Old: "bridge ovsbr", New: "bridge ovsbr2", Reason: reasonVPortMove}}},
		{name: "Linux bridge to Linux bridge is live", old: bridgeNIC("br0"), edit: func(n *NIC) { n.Bridge = "br1" }, running: true,
			want: []Change{{Field: FieldSource, Old: "bridge br0", New: "bridge br1", Live: true, Reason: reasonSourceLive}}},
		{name: "ovs bridge: link and vlan are live", old: bridgeOVS, edit: func(n *NIC) {
			n.Link = "down"
			n.VLAN = &VLAN{Tags: []VLANTag{{ID: 7}}}
		}, running: true, want: []Change{
			{Field: FieldLink, Old: "up", New: "down", Live: true},
			{Field: FieldVLAN, Old: "", New: "tag 7", Live: true, Reason: reasonVLANLive},
		}},
		{name: "qbg shown with its numbers", old: direct, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortQbg, ManagerID: u(11), TypeID: u(0), TypeIDVersion: u(2), ProfileID: "hidden"}
		}, running: true, want: []Change{{Field: FieldVirtualPort, Old: "", New: "802.1Qbg managerid=11 typeid=0 typeidversion=2", Reason: reasonDirect}}},
		{name: "not running: all config only", old: network, edit: func(n *NIC) { n.Link = "down"; n.Model = "" }, running: false,
			want: []Change{
				{Field: FieldModel, Old: "virtio", New: "", Reason: "the domain is not running: config only"},
				{Field: FieldLink, Old: "up", New: "down", Reason: "the domain is not running: config only"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.old
			tt.edit(&n)
			got := Plan(tt.old, n, tt.running)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Plan:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func bridgeNIC(br string) NIC { return NIC{Kind: KindBridge, Bridge: br, Link: "up"} }

// TestPlanNetworks: a network NIC's live outcome depends on the connection
// its network gives it, read from the network or from the running NIC's
// live XML (NIC.Running). Each case names the qemuDomainChangeNet
// condition that decides it.
func TestPlanNetworks(t *testing.T) {
	avg := uint64(1000)
	nets := map[string]Network{
		"nat": {Name: "nat", Forward: "nat", Bridge: "virbr0", PortGroups: []string{"a", "b", "c"},
			PortGroupBandwidth: map[string]*Bandwidth{"a": {Inbound: &BandwidthRate{Average: &avg}}}},
		"nat2": {Name: "nat2", Forward: "nat", Bridge: "virbr1"},
		"lbr":  {Name: "lbr", Forward: "bridge", Bridge: "br0"},
		"ovs": {Name: "ovs", Forward: "bridge", Bridge: "ovsbr0", VirtualPortType: "openvswitch", PortGroups: []string{"v10", "v20", "gold"},
			PortGroupVPortTypes: map[string]string{"gold": "openvswitch"}, PortGroupVLANs: map[string]*VLAN{"v10": {Tags: []VLANTag{{ID: 10}}}}},
		"ovs2":  {Name: "ovs2", Forward: "bridge", Bridge: "ovsbr1", VirtualPortType: "openvswitch"},
		"mvtap": {Name: "mvtap", Forward: "bridge", ForwardDevs: []string{"eth0"}},
		"mvpt":  {Name: "mvpt", Forward: "passthrough", ForwardDevs: []string{"ens1f0v2"}},
		"pool":  {Name: "pool", Forward: "hostdev", ForwardPF: "ens1f0"},
	}
	on := func(net string) NIC { return NIC{Kind: KindNetwork, Network: net, Link: "up"} }
	ownOVS := &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: testUUID}
	ovsOwn := on("ovs")
	ovsOwn.VirtualPort = ownOVS
	running := func(n NIC, k SourceKind, vp *VirtualPort) NIC {
		n.Running = &RunningConn{Kind: k, VirtualPort: vp}
		return n
	}
	type want struct {
		field  string
		live   bool
		reason string
	}
	tests := []struct {
		name string
		old  NIC
		edit func(n *NIC)
		nets map[string]Network
		want []want
	}{
		// network name differs, no virtual port → needBridgeChange
		{"nat to nat network", on("nat"), func(n *NIC) { n.Network = "nat2" }, nets,
			[]want{{FieldSource, true, reasonSourceLive}}},
		// types differ, both tap on a bridge → needBridgeChange
		{"network to Linux bridge", on("nat"), func(n *NIC) { n.Kind, n.Bridge = KindBridge, "br1" }, nets,
			[]want{{FieldSource, true, reasonSourceLive}}},
		{"Linux bridge to bridge network", bridgeNIC("br1"), func(n *NIC) { n.Kind, n.Network = KindNetwork, "lbr" }, nets,
			[]want{{FieldSource, true, reasonSourceLive}}},
		// network name differs and the new actual has a virtual port → needReconnect
		{"Linux bridge network to ovs network", on("nat"), func(n *NIC) { n.Network = "ovs2" }, nets,
			[]want{{FieldSource, false, reasonPortID}}},
		{"Linux bridge to ovs network with own port id", bridgeNIC("br1"), func(n *NIC) { n.Kind, n.Network, n.VirtualPort = KindNetwork, "ovs", ownOVS }, nets,
			[]want{{FieldSource, false, reasonVPortMove}, {FieldVirtualPort, false, reasonVPort}}},
		{"ovs network to Linux bridge", running(ovsOwn, KindBridge, ownOVS), func(n *NIC) { n.Kind, n.Bridge, n.VirtualPort = KindBridge, "br1", nil }, nets,
			[]want{{FieldSource, false, reasonVPortMove}, {FieldVirtualPort, false, reasonVPort}}},
		// oldType bridge, newType direct: neither both bridge nor both direct → needReconnect
		{"bridge network to macvtap network", on("lbr"), func(n *NIC) { n.Network = "mvtap" }, nets,
			[]want{{FieldSource, false, reasonToDirect}}},
		// both direct: another device or mode sets needReconnect; the same
		// ones leave the running NIC as it was (nothing replaced)
		{"direct to macvtap network", NIC{Kind: KindDirect, Dev: "eth0", Mode: ModeBridge, Link: "up"}, func(n *NIC) { n.Kind, n.Network, n.Dev, n.Mode = KindNetwork, "mvtap", "", "" }, nets,
			[]want{{FieldSource, false, reasonDirect}, {FieldMode, false, reasonDirect}}},
		{"macvtap network to passthrough network", on("mvtap"), func(n *NIC) { n.Network = "mvpt" }, nets,
			[]want{{FieldSource, false, reasonDirect}}},
		// newType hostdev: "cannot change network interface type to 'hostdev'"
		{"bridge network to hostdev pool", on("lbr"), func(n *NIC) { n.Network = "pool" }, nets,
			[]want{{FieldSource, false, reasonToHostdev}}},
		// oldType hostdev: "cannot change config of 'hostdev' network interface type"
		{"hostdev pool NIC: not even the link", running(on("pool"), KindHostdev, nil), func(n *NIC) { n.Link = "down" }, nil,
			[]want{{FieldLink, false, reasonHostdev}}},
		{"hostdev NIC: not even the link", NIC{Kind: KindHostdev, HostdevPCI: "0000:41:10.1", Link: "up"}, func(n *NIC) { n.Link = "down" }, nil,
			[]want{{FieldLink, false, reasonHostdev}}},
		{"hostdev NIC: no VLAN", NIC{Kind: KindHostdev, HostdevPCI: "0000:41:10.1"}, func(n *NIC) { n.VLAN = &VLAN{Tags: []VLANTag{{ID: 4}}} }, nil,
			[]want{{FieldVLAN, false, reasonHostdev}}},
		// network allocation fills a missing interfaceid with a new UUID
		// (networkAllocatePort), so the actual virtual ports differ
		{"ovs network NIC without its own port id: link", running(on("ovs"), KindBridge, ownOVS), func(n *NIC) { n.Link = "down" }, nil,
			[]want{{FieldLink, false, reasonPortID}}},
		{"ovs network NIC without its own port id: vlan", on("ovs"), func(n *NIC) { n.VLAN = &VLAN{Tags: []VLANTag{{ID: 4}}} }, nets,
			[]want{{FieldVLAN, false, reasonPortID}}},
		{"ovs network NIC with its own port id: link", running(ovsOwn, KindBridge, ownOVS), func(n *NIC) { n.Link = "down" }, nil,
			[]want{{FieldLink, true, ""}}},
		// needVlanUpdate → virNetDevOpenvswitchUpdateVlan
		{"ovs network NIC with its own port id: vlan", ovsOwn, func(n *NIC) { n.VLAN = &VLAN{Tags: []VLANTag{{ID: 4}}} }, nets,
			[]want{{FieldVLAN, true, reasonVLANLive}}},
		{"ovs network NIC with its own port id: portgroup", ovsOwn, func(n *NIC) { n.PortGroup = "v10" }, nets,
			[]want{{FieldPortGroup, true, reasonPortGroupOK}}},
		{"ovs portgroup with its own virtual port", ovsOwn, func(n *NIC) { n.PortGroup = "gold" }, nets,
			[]want{{FieldPortGroup, false, reasonVPortMove}}},
		{"ovs network NIC to another ovs network", ovsOwn, func(n *NIC) { n.Network = "ovs2" }, nets,
			[]want{{FieldSource, false, reasonVPortMove}}},
		// needBandwidthSet: the portgroups differ in bandwidth
		{"nat portgroup with another bandwidth", on("nat"), func(n *NIC) { n.PortGroup = "a" }, nets,
			[]want{{FieldPortGroup, true, reasonPortGroupOK}}},
		// nothing differs: success, but the running NIC is not replaced
		{"nat portgroup that sets the same", on("nat"), func(n *NIC) { n.PortGroup = "b" }, nets,
			[]want{{FieldPortGroup, false, reasonPortGroupSame}}},
		{"own bandwidth wins over the portgroup's", NIC{Kind: KindNetwork, Network: "nat", Bandwidth: &Bandwidth{}}, func(n *NIC) { n.PortGroup = "a" }, nets,
			[]want{{FieldPortGroup, false, reasonPortGroupSame}}},
		{"portgroup of an unread network", running(on("nat"), KindNetwork, nil), func(n *NIC) { n.PortGroup = "a" }, nil,
			[]want{{FieldPortGroup, false, reasonNetUnknown}}},
		// the live XML of a running NIC says what a link toggle needs,
		// without reading the network
		{"running bridge network NIC: link", running(on("lbr"), KindBridge, nil), func(n *NIC) { n.Link = "down" }, nil,
			[]want{{FieldLink, true, ""}}},
		{"unread network: source not predicted live", on("nat"), func(n *NIC) { n.Network = "elsewhere" }, nets,
			[]want{{FieldSource, false, reasonNetUnknown}}},
		{"macvtap passthrough network: vlan", running(on("mvpt"), KindDirect, nil), func(n *NIC) { n.VLAN = &VLAN{Tags: []VLANTag{{ID: 4}}} }, nets,
			[]want{{FieldVLAN, false, reasonVLANVF}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.old
			n.Running = nil
			tt.edit(&n)
			got := PlanIn(tt.old, n, true, tt.nets)
			var gw []want
			for _, c := range got {
				gw = append(gw, want{c.Field, c.Live, c.Reason})
			}
			if !reflect.DeepEqual(gw, tt.want) {
				t.Errorf("PlanIn:\n got %+v\nwant %+v", gw, tt.want)
			}
		})
	}
}

func TestVportString(t *testing.T) {
	tests := []struct {
		vp   *VirtualPort
		want string
	}{
		{nil, ""},
		{&VirtualPort{}, ""},
		{&VirtualPort{ProfileID: "silver", ManagerID: u(3)}, "untyped managerid=3 profileid=silver"},
		{&VirtualPort{Type: VPortMidonet, InterfaceID: testUUID, ProfileID: "x"}, "midonet interfaceid=" + testUUID},
		{&VirtualPort{Type: VPortQbh}, "802.1Qbh"},
	}
	for _, tt := range tests {
		if got := vportString(tt.vp); got != tt.want {
			t.Errorf("vportString(%+v) = %q, want %q", tt.vp, got, tt.want)
		}
	}
}

func TestReadPortGroupBandwidth(t *testing.T) {
	var n Network
	x := `<network><name>n</name><portgroup name='slow'><bandwidth><inbound average='1000' burst='64'/></bandwidth></portgroup>` +
		`<portgroup name='plain'/><bandwidth><outbound average='9'/></bandwidth></network>`
	if err := ReadPortGroupBandwidth(&n, x); err != nil {
		t.Fatal(err)
	}
	b := n.PortGroupBandwidth["slow"]
	if len(n.PortGroupBandwidth) != 1 || b == nil || b.Inbound == nil || *b.Inbound.Average != 1000 || *b.Inbound.Burst != 64 || b.Outbound != nil {
		t.Errorf("PortGroupBandwidth = %+v", n.PortGroupBandwidth)
	}
	if err := ReadPortGroupBandwidth(&n, "<network><portgroup"); err == nil {
		t.Error("truncated XML accepted")
	}
}
