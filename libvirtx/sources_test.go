package libvirtx

import (
	"reflect"
	"strings"
	"testing"

	"virtnic/model"
)

func TestHostIfaces(t *testing.T) {
	c := openNode(t, "node.xml", true)
	ifaces, warnings, err := c.hostIfaces()
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %v", warnings)
	}
	got := map[string]model.HostIface{}
	var names []string
	for _, h := range ifaces {
		got[h.Name] = h
		names = append(names, h.Name)
	}
	wantNames := []string{"bond0", "br0", "eno1", "enp9s0", "eth0", "eth0.100", "eth1", "lo", "testnet0", "virbr0"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("host interfaces %v, want %v", names, wantNames)
	}
	want := map[string]model.HostIface{
		"br0":      {Name: "br0", Kind: model.IfaceBridge, Members: []string{"eth2"}},
		"bond0":    {Name: "bond0", Kind: model.IfaceBond, Members: []string{"eth3", "eth4"}},
		"eth0.100": {Name: "eth0.100", Kind: model.IfaceVLAN, VLANID: 100, VLANDev: "eth0"},
		"eth0":     {Name: "eth0", Kind: model.IfaceEthernet, SpeedMbps: 1000, LinkState: "up"},
		"eth1":     {Name: "eth1", Kind: model.IfaceEthernet},
		"eno1":     {Name: "eno1", Kind: model.IfaceEthernet, SpeedMbps: 10000, LinkState: "up"},
		"enp9s0":   {Name: "enp9s0", Kind: model.IfaceUnknown, SpeedMbps: 25000, LinkState: "down"},
	}
	for name, w := range want {
		if !reflect.DeepEqual(got[name], w) {
			t.Errorf("%s = %+v, want %+v", name, got[name], w)
		}
	}
}

func TestNetworks(t *testing.T) {
	c := openNode(t, "node.xml", true)
	nets, _, err := c.networks()
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Network{
		{Name: "default", Active: true, Forward: "nat", PortGroups: []string{}, Bridge: "virbr0"},
		{Name: "isolated", Active: true, Forward: "isolated", PortGroups: []string{}, Bridge: "virbr1"},
		{Name: "macvtap-net", Active: true, Forward: "bridge", PortGroups: []string{}, ForwardDevs: []string{"eth0", "eth1"}},
		{Name: "tenants", Active: true, Forward: "bridge", PortGroups: []string{"engineering", "sales"}, Bridge: "ovsbr0",
			DefaultPortGroup: "engineering", VirtualPortType: "openvswitch",
			PortGroupVLANs: map[string]*model.VLAN{"engineering": {Tags: []model.VLANTag{{ID: 42}}}, "sales": {Tags: []model.VLANTag{{ID: 77}}}}},
	}
	if !reflect.DeepEqual(nets, want) {
		t.Errorf("networks:\n got %+v\nwant %+v", nets, want)
	}
}

func TestSources(t *testing.T) {
	c := openNode(t, "node.xml", true)
	src, warnings, err := c.Sources()
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if len(src.Networks) != 4 {
		t.Errorf("networks: %+v", src.Networks)
	}
	var bridges []string
	for _, b := range src.Bridges {
		bridges = append(bridges, b.Name)
	}
	if !reflect.DeepEqual(bridges, []string{"br0"}) {
		t.Errorf("bridges = %v, want [br0]", bridges)
	}

	devs := map[string]model.HostDevice{}
	for _, d := range src.Devices {
		devs[d.Name] = d
	}
	// Excluded with a reason: loopback, a host bridge, its port, bond
	// slaves (known only as members), a libvirt network's bridge, and a
	// VM's tap device.
	for _, name := range []string{"lo", "br0", "eth2", "eth3", "eth4", "virbr0", "testnet0"} {
		d, ok := devs[name]
		if !ok || d.Eligible || d.Reason == "" {
			t.Errorf("%s = %+v (present %v), want listed as excluded with a reason", name, d, ok)
		}
	}
	for name, part := range map[string]string{"eth2": "br0", "eth3": "bond0", "virbr0": "default"} {
		if !strings.Contains(devs[name].Reason, part) {
			t.Errorf("%s: reason %q does not name %s", name, devs[name].Reason, part)
		}
	}
	for _, name := range []string{"eth0", "eth1", "eno1", "eth0.100", "bond0", "enp9s0"} {
		d, ok := devs[name]
		if !ok || !d.Eligible || d.Reason != "" {
			t.Errorf("%s = %+v (present %v), want eligible", name, d, ok)
		}
	}
	if d := devs["eth0.100"]; !d.IsVLAN || d.Kind != model.IfaceVLAN {
		t.Errorf("eth0.100 = %+v, want a VLAN", d)
	}
	if d := devs["enp9s0"]; d.SpeedMbps != 25000 {
		t.Errorf("enp9s0 speed = %d", d.SpeedMbps)
	}

	wantEth1 := []model.DeviceUse{
		{Domain: "vm2", Index: 0, MAC: "52:54:00:00:02:01", Mode: model.ModeVEPA, Running: false},
		{Domain: "vm4", Index: 1, MAC: "52:54:00:00:04:02", Mode: model.ModeBridge, Running: true},
	}
	if got := devs["eth1"].UsedBy; !reflect.DeepEqual(got, wantEth1) {
		t.Errorf("eth1 used by %+v, want %+v", got, wantEth1)
	}
	wantEth0 := []model.DeviceUse{{Domain: "vm3", Index: 1, MAC: "52:54:00:00:03:02", Mode: model.ModePrivate, Running: true}}
	if got := devs["eth0"].UsedBy; !reflect.DeepEqual(got, wantEth0) {
		t.Errorf("eth0 used by %+v, want %+v", got, wantEth0)
	}
	wantEno1 := []model.DeviceUse{{Domain: "vm3", Index: 0, MAC: "52:54:00:00:03:01", Mode: model.ModePassthrough, Running: true}}
	if got := devs["eno1"].UsedBy; !reflect.DeepEqual(got, wantEno1) {
		t.Errorf("eno1 used by %+v, want %+v", got, wantEno1)
	}
}

func TestEditContext(t *testing.T) {
	c := openNode(t, "node.xml", true)
	sv, err := c.Survey(SurveyOpts{LiveMACs: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := sv.Context("vm2")
	if ctx.Domain != "vm2" {
		t.Errorf("Domain = %q", ctx.Domain)
	}
	want := map[string][]model.MACUse{
		"52:54:00:00:01:01": {{Domain: "vm1", Index: 0}},
		"52:54:00:00:01:02": {{Domain: "vm1", Index: 1}},
		"52:54:00:00:01:03": {{Domain: "vm1", Index: 2}},
		"52:54:00:00:02:01": {{Domain: "vm2", Index: 0}},
		"52:54:00:00:02:02": {{Domain: "vm2", Index: 1}},
		"52:54:00:00:02:03": {{Domain: "vm2", Index: 2}},
		"52:54:00:00:03:01": {{Domain: "vm3", Index: 0}},
		"52:54:00:00:03:02": {{Domain: "vm3", Index: 1}},
		"52:54:00:00:04:01": {{Domain: "vm4", Index: 0}},
		"52:54:00:00:04:02": {{Domain: "vm4", Index: 1}},
	}
	if !reflect.DeepEqual(ctx.MACsInUse, want) {
		t.Errorf("MACsInUse:\n got %v\nwant %v", ctx.MACsInUse, want)
	}
	if len(ctx.DeviceUse["eth1"]) != 2 || ctx.DeviceUse["eth1"][0].Domain != "vm2" {
		t.Errorf("DeviceUse[eth1] = %+v", ctx.DeviceUse["eth1"])
	}
	if h := ctx.Hosts["eth0.100"]; h.Kind != model.IfaceVLAN || h.VLANDev != "eth0" {
		t.Errorf("Hosts[eth0.100] = %+v", h)
	}
	if len(ctx.Hosts) != 10 {
		t.Errorf("%d hosts, want 10", len(ctx.Hosts))
	}
}

// TestEditContextSeesLiveOnlyMAC: a NIC the running guest has but the
// config lost still holds its MAC; reusing it would clash at next hotplug.
func TestEditContextSeesLiveOnlyMAC(t *testing.T) {
	c := openNode(t, "node.xml", false)
	d, err := c.LoadDomain("vm4")
	if err != nil {
		t.Fatal(err)
	}
	// vm4 is transient: defining it makes it persistent with a config
	// that no longer has the direct NIC, while the guest keeps it.
	spans, err := model.InterfaceSpans(d.InactiveXML)
	if err != nil || len(spans) != 2 {
		t.Fatalf("spans %v, %v", spans, err)
	}
	x := d.InactiveXML[:spans[1].Start] + d.InactiveXML[spans[1].End:]
	dom, err := c.lv().DomainDefineXML(x)
	if err != nil {
		t.Fatal(err)
	}
	dom.Free()
	sv, err := c.Survey(SurveyOpts{LiveMACs: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx := sv.Context("vm4")
	if got := ctx.MACsInUse["52:54:00:00:04:02"]; !reflect.DeepEqual(got, []model.MACUse{{Domain: "vm4", Index: -1}}) {
		t.Errorf("live-only MAC held by %+v", got)
	}
	d, err = c.LoadDomain("vm4")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.NICs) != 1 || len(d.LiveOnly) != 1 || !strings.EqualFold(d.LiveOnly[0].MAC, "52:54:00:00:04:02") || !d.Info.Persistent {
		t.Errorf("NICs %+v LiveOnly %+v persistent %v", d.NICs, d.LiveOnly, d.Info.Persistent)
	}
}
