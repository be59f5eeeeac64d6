package model

import (
	"reflect"
	"testing"
)

// usageSurvey is a small host like the demo's: eth1 shared by direct NICs
// and by a macvtap network, a passthrough clash on enp65s0f0, a bridge, a
// network's bridge used directly and names the host does not have.
func usageSurvey() *HostSurvey {
	return &HostSurvey{
		Networks: []Network{
			{Name: "default", Active: true, Forward: "nat", Bridge: "virbr0"},
			{Name: "macvtap-net", Active: true, Forward: "bridge", ForwardDevs: []string{"eth1"}},
			{Name: "ovs-net", Active: true, Forward: "bridge", Bridge: "ovsbr0", VirtualPortType: "openvswitch"},
			{Name: "pool", Active: true, Forward: "passthrough", ForwardDevs: []string{"eth2", "eth3"}},
		},
		Ifaces: []HostIface{
			{Name: "eth1", Kind: IfaceEthernet}, {Name: "eth2", Kind: IfaceEthernet}, {Name: "eth3", Kind: IfaceEthernet},
			{Name: "enp65s0f0", Kind: IfaceEthernet},
			{Name: "br0", Kind: IfaceBridge, Members: []string{"eno1"}},
			{Name: "virbr0", Kind: IfaceBridge}, {Name: "ovsbr0", Kind: IfaceEthernet},
		},
		Domains: []DomainNICs{
			{Name: "db01", Active: true, NICs: []NICBrief{{Index: 0, MAC: "52:54:00:3a:20:01", Kind: KindDirect, Dev: "enp65s0f0", Mode: ModePassthrough}}},
			{Name: "ci-worker", NICs: []NICBrief{{Index: 0, MAC: "52:54:00:3a:60:01", Kind: KindDirect, Dev: "enp65s0f0", Mode: ModePassthrough}}},
			{Name: "mail", Active: true, NICs: []NICBrief{
				{Index: 0, MAC: "52:54:00:3a:70:01", Kind: KindNetwork, Network: "macvtap-net"},
				{Index: 1, MAC: "52:54:00:3a:70:02", Kind: KindBridge, Bridge: "br0"},
			}},
			{Name: "ovs-tenant", NICs: []NICBrief{
				{Index: 0, MAC: "52:54:00:3a:80:01", Kind: KindBridge, Bridge: "ovsbr0"},
				{Index: 1, MAC: "52:54:00:3a:80:02", Kind: KindNetwork, Network: "ovs-net", PortGroup: "vlan-20"},
			}},
			{Name: "vf-guest", NICs: []NICBrief{{Index: 0, MAC: "52:54:00:3a:b0:01", Kind: KindNetwork, Network: "pool"}}},
			{Name: "web01", Active: true, NICs: []NICBrief{
				{Index: 0, MAC: "52:54:00:3a:10:01", Kind: KindNetwork, Network: "default"},
				{Index: 1, MAC: "52:54:00:3a:10:02", Kind: KindDirect, Dev: "eth1", Mode: ModePrivate},
				{Index: 2, MAC: "52:54:00:3a:10:03", Kind: KindDirect, Dev: "gone0"},
				{Index: 3, MAC: "52:54:00:3a:10:04", Kind: KindNetwork, Network: "gone-net"},
				{Index: 4, MAC: "52:54:00:3a:10:05", Kind: KindBridge, Bridge: "nobr"},
			}},
		},
	}
}

func TestDeviceUsesThroughNetworks(t *testing.T) {
	s := usageSurvey()
	uses := DeviceUses(s.Domains, s.Networks, nil)
	wantEth1 := []DeviceUse{
		{Domain: "mail", Index: 0, MAC: "52:54:00:3a:70:01", Mode: ModeBridge, Running: true, Network: "macvtap-net", Pool: 1},
		{Domain: "web01", Index: 1, MAC: "52:54:00:3a:10:02", Mode: ModePrivate, Running: true},
	}
	if !reflect.DeepEqual(uses["eth1"], wantEth1) {
		t.Errorf("eth1:\n got %+v\nwant %+v", uses["eth1"], wantEth1)
	}
	// A pool NIC is under every member; a bridge network's bridge is no
	// device use; a direct NIC without mode is libvirt's vepa.
	for _, dev := range []string{"eth2", "eth3"} {
		if u := uses[dev]; len(u) != 1 || u[0].Network != "pool" || u[0].Pool != 2 || u[0].Mode != ModePassthrough {
			t.Errorf("%s: %+v", dev, u)
		}
	}
	if u := uses["ovsbr0"]; u != nil {
		t.Errorf("ovsbr0 is a bridge, not a macvtap device: %+v", u)
	}
	if u := uses["gone0"]; len(u) != 1 || u[0].Mode != ModeVEPA {
		t.Errorf("gone0: %+v", u)
	}
	// Without the networks only direct NICs count, as before.
	if u := DeviceUses(s.Domains, nil, nil)["eth1"]; len(u) != 1 || u[0].Domain != "web01" {
		t.Errorf("eth1 without networks: %+v", u)
	}
	// The survey's sources and validation context see the network's NICs.
	for _, d := range s.Sources().Devices {
		if d.Name == "eth1" && !reflect.DeepEqual(d.UsedBy, wantEth1) {
			t.Errorf("Sources eth1: %+v", d.UsedBy)
		}
	}
	if got := s.Context("db01").DeviceUse["eth1"]; !reflect.DeepEqual(got, wantEth1) {
		t.Errorf("Context eth1: %+v", got)
	}
}

func TestUsage(t *testing.T) {
	u := usageSurvey().Usage()

	devs := map[string]DeviceUsage{}
	var names []string
	for _, d := range u.Devices {
		devs[d.Name] = d
		names = append(names, d.Name)
	}
	wantNames := []string{"br0", "eno1", "enp65s0f0", "eth1", "eth2", "eth3", "gone0", "ovsbr0", "virbr0"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("devices %v, want %v", names, wantNames)
	}
	if d := devs["gone0"]; d.Eligible || d.Reason != "not found on host" || len(d.UsedBy) != 1 {
		t.Errorf("gone0: %+v", d)
	}
	if c := devs["enp65s0f0"].Conflicts; len(c) != 1 || c[0].Kind != ConflictPassthroughTwice || c[0].Severity != SeverityError {
		t.Errorf("enp65s0f0 conflicts: %+v", c)
	}
	if c := devs["eth1"].Conflicts; len(c) != 1 || c[0].Kind != ConflictModeMix ||
		c[0].Reason != "web01 (private) and mail via macvtap-net (bridge) do not reach each other on eth1: "+whyPrivate {
		t.Errorf("eth1 conflicts: %+v", c)
	}
	if c := devs["eth2"].Conflicts; len(c) != 0 {
		t.Errorf("eth2: one guest of a pool conflicts with nobody: %+v", c)
	}

	type bridge struct{ name, note, users string }
	var bridges []bridge
	for _, b := range u.Bridges {
		bridges = append(bridges, bridge{b.Name, b.Note, usersOf(b.Users)})
	}
	wantBridges := []bridge{
		{"br0", "", "mail/1"},
		{"nobr", "not found on host", "web01/4"},
		{"ovsbr0", "bridge of libvirt network 'ovs-net'", "ovs-tenant/0"},
	}
	if !reflect.DeepEqual(bridges, wantBridges) {
		t.Errorf("bridges %+v\nwant %+v", bridges, wantBridges)
	}

	type network struct {
		name  string
		found bool
		users string
	}
	var nets []network
	for _, n := range u.Networks {
		nets = append(nets, network{n.Name, n.Found, usersOf(n.Users)})
	}
	wantNets := []network{
		{"default", true, "web01/0"}, {"gone-net", false, "web01/3"}, {"macvtap-net", true, "mail/0 bridge"},
		{"ovs-net", true, "ovs-tenant/1 pg vlan-20"}, {"pool", true, "vf-guest/0 passthrough"},
	}
	if !reflect.DeepEqual(nets, wantNets) {
		t.Errorf("networks %+v\nwant %+v", nets, wantNets)
	}
}

func usersOf(us []DeviceUse) string {
	s := ""
	for i, u := range us {
		if i > 0 {
			s += ", "
		}
		s += u.Domain + "/" + string(rune('0'+u.Index))
		if u.Mode != "" {
			s += " " + string(u.Mode)
		}
		if u.PortGroup != "" {
			s += " pg " + u.PortGroup
		}
	}
	return s
}
