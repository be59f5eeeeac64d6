package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func hostFixture() ([]HostIface, []Network, map[string]string, map[string][]DeviceUse) {
	ifaces := []HostIface{
		{Name: "lo", Kind: IfaceEthernet},
		{Name: "eth0", Kind: IfaceEthernet},
		{Name: "eth0", SpeedMbps: 10000, LinkState: "up"}, // the same NIC as a node device
		{Name: "eth1", Kind: IfaceEthernet, SpeedMbps: 1000},
		{Name: "br0", Kind: IfaceBridge, Members: []string{"eno2", "eno1"}},
		{Name: "eno1", Kind: IfaceEthernet},
		{Name: "bond0", Kind: IfaceBond, Members: []string{"ens1f0", "ens1f1"}},
		{Name: "ens1f0", Kind: IfaceEthernet},
		{Name: "ens1f1", SpeedMbps: 25000},
		{Name: "eth1.100", Kind: IfaceVLAN, VLANID: 100, VLANDev: "eth1"},
		{Name: "virbr0", Kind: IfaceBridge, Members: []string{"virbr0-nic", "vnet0"}},
		{Name: "virbr0-nic"},
		{Name: "virbr9"},
		{Name: "vnet0"},
		{Name: "macvtap3"},
		{Name: "macvtap12"},
		{Name: "macvlan0"},
		{Name: "vnetwork1"},
		{Name: "enp5s0"},
	}
	networks := []Network{
		{Name: "default", Bridge: "virbr0", Forward: "nat"},
		{Name: "isolated", Bridge: "virbr9", Forward: "none"},
		{Name: "macvtap-net", Forward: "bridge", ForwardDevs: []string{"enp5s0"}},
	}
	targets := map[string]string{"vnet0": "vm1", "macvtap3": "vm2"}
	uses := map[string][]DeviceUse{
		"eth1": {{Domain: "vm2", Index: 0, Mode: ModePassthrough, Running: true}},
	}
	return ifaces, networks, targets, uses
}

func TestClassifyHostDevices(t *testing.T) {
	devs := ClassifyHostDevices(hostFixture())
	got := map[string]HostDevice{}
	var names []string
	for _, d := range devs {
		if _, dup := got[d.Name]; dup {
			t.Fatalf("%s listed twice", d.Name)
		}
		got[d.Name] = d
		names = append(names, d.Name)
	}
	wantNames := []string{"bond0", "br0", "eno1", "eno2", "enp5s0", "ens1f0", "ens1f1", "eth0", "eth1", "eth1.100",
		"lo", "macvlan0", "macvtap12", "macvtap3", "virbr0", "virbr0-nic", "virbr9", "vnet0", "vnetwork1"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Fatalf("names %q\nwant  %q", names, wantNames)
	}
	reasons := map[string]string{
		"lo":         "loopback",
		"br0":        `a bridge: offered as "Bridge br0"`,
		"eno1":       "port of bridge br0",
		"eno2":       "port of bridge br0", // only known as a member
		"ens1f0":     "slave of bond bond0",
		"ens1f1":     "slave of bond bond0",
		"virbr0":     "bridge of libvirt network 'default'",
		"virbr0-nic": "bridge of libvirt network 'default'",
		"virbr9":     "bridge of libvirt network 'isolated'",
		"vnet0":      "tap/macvtap of domain vm1",
		"macvtap3":   "tap/macvtap of domain vm2",
		"macvtap12":  "a VM tap device",
		"macvlan0":   "a VM tap device",
	}
	for name, want := range reasons {
		d := got[name]
		if d.Eligible || d.Reason != want {
			t.Errorf("%s: eligible %v reason %q, want ineligible %q", name, d.Eligible, d.Reason, want)
		}
	}
	for _, name := range []string{"bond0", "enp5s0", "eth0", "eth1", "eth1.100", "vnetwork1"} {
		if d := got[name]; !d.Eligible || d.Reason != "" {
			t.Errorf("%s should be eligible, reason %q", name, d.Reason)
		}
	}
	if d := got["eth0"]; d.Kind != IfaceEthernet || d.SpeedMbps != 10000 {
		t.Errorf("eth0 merge: %+v", d)
	}
	if d := got["ens1f1"]; d.Kind != IfaceUnknown || d.SpeedMbps != 25000 {
		t.Errorf("ens1f1: %+v", d)
	}
	if d := got["eth1.100"]; !d.IsVLAN || d.Kind != IfaceVLAN {
		t.Errorf("eth1.100 is a VLAN: %+v", d)
	}
	if got["eth1"].IsVLAN {
		t.Error("eth1 is no VLAN")
	}
	if u := got["eth1"].UsedBy; len(u) != 1 || u[0].Domain != "vm2" || u[0].Mode != ModePassthrough {
		t.Errorf("eth1 used by %+v", u)
	}
	b, err := json.Marshal(got["eth0"])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"eth0","kind":"ethernet","eligible":true,"reason":"","used_by":[],"speed_mbps":10000}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
}

func TestClassifyHostDevicesMergeKinds(t *testing.T) {
	// Node device first (no kind), interface second: the kind still arrives,
	// and members reported by both are not doubled.
	devs := ClassifyHostDevices([]HostIface{
		{Name: "br5", SpeedMbps: 0},
		{Name: "br5", Kind: IfaceBridge, Members: []string{"p1"}},
		{Name: "br5", Kind: IfaceBridge, Members: []string{"p1", "p2"}},
		{Name: "em1.7", SpeedMbps: 100},
		{Name: "em1.7", Kind: IfaceVLAN, VLANID: 7, VLANDev: "em1", SpeedMbps: 1000},
	}, nil, nil, nil)
	var summary []string
	for _, d := range devs {
		summary = append(summary, d.Name+"|"+string(d.Kind)+"|"+d.Reason)
	}
	want := []string{`br5|bridge|a bridge: offered as "Bridge br5"`, "em1.7|vlan|", "p1||port of bridge br5", "p2||port of bridge br5"}
	if !reflect.DeepEqual(summary, want) {
		t.Fatalf("got %q\nwant %q", summary, want)
	}
	if !devs[1].IsVLAN || devs[1].SpeedMbps != 100 {
		t.Fatalf("em1.7: %+v", devs[1])
	}
	for _, d := range devs {
		if d.UsedBy == nil {
			t.Fatalf("%s: UsedBy is nil", d.Name)
		}
	}
	if got := ClassifyHostDevices(nil, nil, nil, nil); got == nil || len(got) != 0 {
		t.Fatalf("no devices: %#v", got)
	}
}

func TestClassifyHostDevicesPrecedence(t *testing.T) {
	// A tap that is also a bridge port names its domain, the more useful
	// fact; a network's bridge is named as such rather than as a plain bridge.
	devs := ClassifyHostDevices([]HostIface{
		{Name: "virbr0", Kind: IfaceBridge, Members: []string{"vnet3"}},
		{Name: "vnet3"},
	}, []Network{{Name: "default", Bridge: "virbr0"}}, map[string]string{"vnet3": "web"}, nil)
	if devs[0].Reason != "bridge of libvirt network 'default'" || devs[1].Reason != "tap/macvtap of domain web" {
		t.Fatalf("%+v", devs)
	}
}

func TestBridgesFrom(t *testing.T) {
	ifaces, networks, _, _ := hostFixture()
	ifaces = append(ifaces, HostIface{Name: "br0", SpeedMbps: 1000}, HostIface{Name: "abr", Kind: IfaceBridge})
	got := BridgesFrom(ifaces, networks)
	want := []Bridge{{Name: "abr", Ports: []string{}}, {Name: "br0", Ports: []string{"eno1", "eno2"}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if b := BridgesFrom(nil, nil); b == nil || len(b) != 0 {
		t.Fatalf("no bridges: %#v", b)
	}
	b, _ := json.Marshal(got)
	if strings.Contains(string(b), "eno1") {
		t.Fatalf("ports are not part of the JSON shape: %s", b)
	}
}
