package libvirtx

import (
	"reflect"
	"strings"
	"testing"
	"virtnic/model"
)

// TestPending changes the persistent config of a running domain (the test
// driver, like QEMU, leaves the live definition alone) and expects the
// difference to show as pending while the live view keeps the old values.
func TestPending(t *testing.T) {
	c := openNode(t, "node.xml", false)
	d, err := c.LoadDomain("vm1")
	if err != nil {
		t.Fatal(err)
	}
	x := d.InactiveXML
	x = strings.Replace(x, "<source dev='eth0.100' mode='vepa'/>", "<source dev='eth0' mode='private'/>", 1)
	x = strings.Replace(x, "<source network='default'/>", "<source network='macvtap-net'/>\n      <link state='down'/>", 1)
	x = strings.Replace(x, "<model type='e1000'/>", "<model type='rtl8139'/>", 1)
	dom, err := c.lv().DomainDefineXML(x)
	if err != nil {
		t.Fatal(err)
	}
	dom.Free()
	d, err = c.LoadDomain("vm1")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{model.FieldSource, model.FieldMode},
		{model.FieldSource, model.FieldLink},
		{model.FieldModel},
	}
	for i, w := range want {
		if got := d.NICs[i].Pending; !reflect.DeepEqual(got, w) {
			t.Errorf("NIC %d pending = %v, want %v", i, got, w)
		}
	}
	if d.NICs[1].Link != "down" || d.Live[1].Link != "up" {
		t.Errorf("NIC 1 link: config %q live %q, want down/up", d.NICs[1].Link, d.Live[1].Link)
	}
	if d.Live[0].Dev != "eth0.100" || d.NICs[0].Target != "testnet0" {
		t.Errorf("live NIC 0 = %+v, config target %q", d.Live[0], d.NICs[0].Target)
	}
}

func TestPendingRules(t *testing.T) {
	qbg := func(mgr uint, inst string) *model.VirtualPort {
		return &model.VirtualPort{Type: model.VPortQbg, ManagerID: &mgr, TypeID: uintp(1), TypeIDVersion: uintp(1), InstanceID: inst}
	}
	cases := []struct {
		name      string
		cfg, live model.NIC
		want      []string
	}{
		{"same direct, blank mode is vepa",
			model.NIC{Kind: model.KindDirect, Dev: "eth0", Link: "up"},
			model.NIC{Kind: model.KindDirect, Dev: "eth0", Mode: model.ModeVEPA, Link: "up"}, nil},
		{"network NIC plugged as direct: type and device are not pending",
			model.NIC{Kind: model.KindNetwork, Network: "macvtap-net", Model: "virtio", Link: "up"},
			model.NIC{Kind: model.KindDirect, Dev: "eth1", Mode: model.ModeBridge, Model: "virtio", Link: "down"},
			[]string{model.FieldLink}},
		{"network NIC gets the network's virtualport live",
			model.NIC{Kind: model.KindNetwork, Network: "ovs", Link: "up"},
			model.NIC{Kind: model.KindBridge, Bridge: "ovsbr0", Link: "up", VirtualPort: &model.VirtualPort{Type: model.VPortOpenVSwitch, InterfaceID: "x"}},
			nil},
		{"blank instanceid filled at start is not pending",
			model.NIC{Kind: model.KindDirect, Dev: "eth0", VirtualPort: qbg(1, "")},
			model.NIC{Kind: model.KindDirect, Dev: "eth0", VirtualPort: qbg(1, "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f")},
			nil},
		{"changed managerid is pending",
			model.NIC{Kind: model.KindDirect, Dev: "eth0", VirtualPort: qbg(2, "")},
			model.NIC{Kind: model.KindDirect, Dev: "eth0", VirtualPort: qbg(1, "")},
			[]string{model.FieldVirtualPort}},
		{"virtualport removed from a bridge NIC",
			model.NIC{Kind: model.KindBridge, Bridge: "br0"},
			model.NIC{Kind: model.KindBridge, Bridge: "br0", VirtualPort: &model.VirtualPort{Type: model.VPortMidonet, InterfaceID: "x"}},
			[]string{model.FieldVirtualPort}},
		{"kind change bridge to direct",
			model.NIC{Kind: model.KindDirect, Dev: "br0"},
			model.NIC{Kind: model.KindBridge, Bridge: "br0"},
			[]string{model.FieldSource}},
		{"hypervisor-filled model is not pending",
			model.NIC{Kind: model.KindBridge, Bridge: "br0"},
			model.NIC{Kind: model.KindBridge, Bridge: "br0", Model: "rtl8139"},
			nil},
	}
	for _, tc := range cases {
		if got := pending(tc.cfg, tc.live); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: pending = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMatchLiveByMAC(t *testing.T) {
	cfg := []model.NIC{
		{Index: 0, MAC: "52:54:00:00:00:01", Kind: model.KindBridge, Bridge: "br0", Link: "up"},
		{Index: 1, MAC: "52:54:00:00:00:02", Kind: model.KindBridge, Bridge: "br0", Link: "up"},
	}
	live := []model.NIC{
		{Index: 0, MAC: "52:54:00:00:00:02", Kind: model.KindBridge, Bridge: "br0", Link: "down", Target: "vnet1", Alias: "net1"},
		{Index: 1, MAC: "52:54:00:00:00:09", Kind: model.KindBridge, Bridge: "br0", Link: "up", Target: "vnet9"},
	}
	m, only := matchLive(cfg, live)
	if len(m) != 1 || m[1].Target != "vnet1" || m[1].Index != 1 {
		t.Errorf("Live = %+v", m)
	}
	if len(only) != 1 || only[0].MAC != "52:54:00:00:00:09" {
		t.Errorf("LiveOnly = %+v", only)
	}
	if cfg[1].Target != "vnet1" || cfg[1].Alias != "net1" || !reflect.DeepEqual(cfg[1].Pending, []string{model.FieldLink}) {
		t.Errorf("config NIC 1 = %+v", cfg[1])
	}
	if cfg[0].Target != "" || cfg[0].Pending != nil {
		t.Errorf("config-only NIC 0 = %+v", cfg[0])
	}
}

// NICs sharing a MAC (a teaming failover pair) pair with their live
// counterparts by user alias, then PCI address, then order: each gets its
// own target and pending fields.
func TestMatchLiveDuplicateMACs(t *testing.T) {
	const mac = "52:54:00:00:00:05"
	cfg := []model.NIC{
		{Index: 0, MAC: mac, Kind: model.KindBridge, Bridge: "br0", Link: "up", Address: "pci 0000:00:03.0"},
		{Index: 1, MAC: mac, Kind: model.KindBridge, Bridge: "br0", Link: "up", ConfigAlias: "ua-backup0", Address: "pci 0000:00:04.0"},
		{Index: 2, MAC: mac, Kind: model.KindBridge, Bridge: "br0", Link: "up"},
	}
	live := []model.NIC{
		// Listed out of order: alias and address, not position, decide.
		{MAC: mac, Kind: model.KindBridge, Bridge: "br0", Link: "up", Target: "vnet4", Alias: "ua-backup0", Address: "pci 0000:00:04.0"},
		{MAC: mac, Kind: model.KindBridge, Bridge: "br0", Link: "down", Target: "vnet3", Alias: "net0", Address: "pci 0000:00:03.0"},
		{MAC: mac, Kind: model.KindBridge, Bridge: "br1", Link: "up", Target: "vnet5", Alias: "net2"},
	}
	m, only := matchLive(cfg, live)
	if len(only) != 0 || len(m) != 3 {
		t.Fatalf("Live %+v, LiveOnly %+v", m, only)
	}
	for i, want := range []struct {
		target  string
		pending []string
	}{{"vnet3", []string{model.FieldLink}}, {"vnet4", nil}, {"vnet5", []string{model.FieldSource}}} {
		if cfg[i].Target != want.target || !reflect.DeepEqual(cfg[i].Pending, want.pending) {
			t.Errorf("NIC %d: target %q pending %v, want %q %v", i, cfg[i].Target, cfg[i].Pending, want.target, want.pending)
		}
	}
}
