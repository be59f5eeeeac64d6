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
		{name: "network to bridge is live", old: network, edit: func(n *NIC) { n.Kind, n.Bridge = KindBridge, "br0" }, running: true,
			want: []Change{{Field: FieldSource, Old: "network default", New: "bridge br0", Live: true, Reason: reasonSourceLive}}},
		{name: "portgroup is live", old: network, edit: func(n *NIC) { n.PortGroup = "web" }, running: true,
			want: []Change{{Field: FieldPortGroup, Old: "", New: "web", Live: true, Reason: reasonPortGroupOK}}},
		{name: "direct device", old: direct, edit: func(n *NIC) { n.Dev = "eth1" }, running: true,
			want: []Change{{Field: FieldSource, Old: "direct eth0", New: "direct eth1", Reason: reasonDirect}}},
		{name: "direct mode", old: direct, edit: func(n *NIC) { n.Mode = ModePassthrough }, running: true,
			want: []Change{{Field: FieldMode, Old: "vepa", New: "passthrough", Reason: reasonDirect}}},
		{name: "direct virtualport", old: direct, edit: func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "finance"} }, running: true,
			want: []Change{{Field: FieldVirtualPort, Old: "", New: "802.1Qbh profileid=finance", Reason: reasonDirect}}},
		{name: "to direct", old: network, edit: func(n *NIC) { n.Kind, n.Dev, n.Mode = KindDirect, "eth0", ModeBridge }, running: true,
			want: []Change{
				{Field: FieldSource, Old: "network default", New: "direct eth0", Reason: reasonToDirect},
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
		{name: "virtualport on a bridge is live", old: bridgeOVS, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: testUUID, ProfileID: "gold"}
		}, running: true, want: []Change{{Field: FieldVirtualPort,
			Old: "openvswitch interfaceid=" + testUUID, New: "openvswitch interfaceid=" + testUUID + " profileid=gold",
			Live: true, Reason: reasonVPortLive}}},
		{name: "bridge source of a NIC with a Qbh port is not live", old: NIC{Kind: KindBridge, Bridge: "br0",
			VirtualPort: &VirtualPort{Type: VPortQbh, ProfileID: "p"}}, edit: func(n *NIC) { n.Bridge = "br1" }, running: true,
			want: []Change{{Field: FieldSource, Old: "bridge br0", New: "bridge br1", Reason: reasonVSISource}}},
		{name: "bridge source of a NIC with an ovs port is live", old: bridgeOVS, edit: func(n *NIC) { n.Bridge = "ovsbr2" }, running: true,
			want: []Change{{Field: FieldSource, Old: "bridge ovsbr", New: "bridge ovsbr2", Live: true, Reason: reasonSourceLive}}},
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
