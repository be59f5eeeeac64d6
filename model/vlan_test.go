package model

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func vtag(id uint) *VLAN { return &VLAN{Tags: []VLANTag{{ID: id}}} }

func trunk(native NativeMode, ids ...uint) *VLAN {
	v := &VLAN{Trunk: true}
	for i, id := range ids {
		t := VLANTag{ID: id}
		if i == 0 {
			t.Native = native
		}
		v.Tags = append(v.Tags, t)
	}
	return v
}

// vlanCtx is a host with one network of each kind a NIC's VLAN pairs (or
// does not pair) with, and host interfaces whose VF status is known or not.
var vlanCtx = Context{
	Domain: "vm1",
	Networks: map[string]Network{
		"default":  {Name: "default", Forward: "nat", Bridge: "virbr0"},
		"ovs":      {Name: "ovs", Forward: "bridge", Bridge: "ovsbr0", VirtualPortType: "openvswitch"},
		"ovs-pg":   {Name: "ovs-pg", Forward: "bridge", Bridge: "ovsbr1", PortGroups: []string{"ovs"}, PortGroupVPortTypes: map[string]string{"ovs": "openvswitch"}},
		"linuxbr":  {Name: "linuxbr", Forward: "bridge", Bridge: "br0"},
		"mv":       {Name: "mv", Forward: "bridge", ForwardDevs: []string{"eth1"}},
		"vepa":     {Name: "vepa", Forward: "vepa", ForwardDevs: []string{"eth1"}},
		"pt":       {Name: "pt", Forward: "passthrough", ForwardDevs: []string{"eth1", "bond0"}},
		"sriov":    {Name: "sriov", Forward: "hostdev"},
		"isolated": {Name: "isolated", Forward: "isolated", Bridge: "virbr1"},
	},
	Hosts: map[string]HostIface{
		"eth1":     {Name: "eth1", Kind: IfaceEthernet},
		"bond0":    {Name: "bond0", Kind: IfaceBond},
		"eth0.100": {Name: "eth0.100", Kind: IfaceVLAN, VLANID: 100},
	},
}

func ovsPort() *VirtualPort { return &VirtualPort{Type: VPortOpenVSwitch} }

// TestVLANPairing is every pairing rule of libvirt 9.0 (see vlanPortOf):
// which connections take a tag, a trunk, a native VLAN, and what is refused.
func TestVLANPairing(t *testing.T) {
	bridge := NIC{Kind: KindBridge, Bridge: "ovsbr0", VirtualPort: ovsPort()}
	plainBridge := NIC{Kind: KindBridge, Bridge: "br0"}
	pt := NIC{Kind: KindDirect, Dev: "eth1", Mode: ModePassthrough}
	net := func(name, pg string) NIC { return NIC{Kind: KindNetwork, Network: name, PortGroup: pg} }
	hostdev := NIC{Kind: KindHostdev}
	type want struct {
		sev   string // "" none, "error", "warning"
		field string
		says  string // part of the message
	}
	cases := []struct {
		name string
		nic  NIC
		vlan *VLAN
		want []want
	}{
		{"ovs bridge tag", bridge, vtag(42), nil},
		{"ovs bridge trunk native", bridge, trunk(NativeUntagged, 10, 20, 30), nil},
		{"ovs bridge single trunk", bridge, &VLAN{Trunk: true, Tags: []VLANTag{{ID: 7}}}, nil},
		{"ovs bridge native without trunk", bridge, &VLAN{Tags: []VLANTag{{ID: 7, Native: NativeTagged}}},
			[]want{{"warning", FieldVLANNative, "trunks every VLAN"}}},
		{"linux bridge", plainBridge, vtag(10), []want{{"error", FieldVLAN, "a Linux bridge NIC (no openvswitch virtual port) takes no VLAN tags"}}},
		{"midonet bridge", NIC{Kind: KindBridge, Bridge: "br0", VirtualPort: &VirtualPort{Type: VPortMidonet}}, vtag(10),
			[]want{{"error", FieldVLAN, "takes no VLAN tags"}}},
		{"macvtap bridge mode", NIC{Kind: KindDirect, Dev: "eth1", Mode: ModeBridge}, vtag(10),
			[]want{{"error", FieldVLAN, "a macvtap NIC in mode bridge takes no VLAN tags"}}},
		{"macvtap default mode", NIC{Kind: KindDirect, Dev: "eth1"}, vtag(10),
			[]want{{"error", FieldVLAN, "mode vepa (default)"}}},
		{"passthrough, VF unknown", pt, vtag(42), []want{{"warning", FieldVLAN, "eth1 is not known to be one"}}},
		{"passthrough on a bond", NIC{Kind: KindDirect, Dev: "bond0", Mode: ModePassthrough}, vtag(42),
			[]want{{"warning", FieldVLAN, "bond0, which is not an SR-IOV VF"}}},
		{"passthrough trunk", pt, trunk(NativeNone, 10, 20), []want{
			{"error", FieldVLAN, "takes exactly one tag, no trunk"},
			{"warning", FieldVLAN, "not known to be one"}}},
		{"passthrough native", pt, trunk(NativeUntagged, 10, 20), []want{
			{"error", FieldVLAN, "no trunk"},
			{"error", FieldVLANNative, "a native VLAN is an Open vSwitch setting"},
			{"warning", FieldVLAN, "not known"}}},
		{"passthrough with 802.1Qbh", NIC{Kind: KindDirect, Dev: "bond0", Mode: ModePassthrough, VirtualPort: &VirtualPort{Type: VPortQbh, ProfileID: "p"}}, vtag(42),
			[]want{{"error", FieldVLAN, "802.1Qbh"}, {"warning", FieldVLAN, "not an SR-IOV VF"}}},
		{"hostdev tag", hostdev, vtag(42), nil},
		{"hostdev trunk", hostdev, trunk(NativeNone, 1, 2), []want{{"error", FieldVLAN, "vlan trunking is not supported by SR-IOV"}}},
		{"hostdev with a virtual port", NIC{Kind: KindHostdev, VirtualPort: &VirtualPort{Type: VPortQbh, ProfileID: "p"}}, vtag(42),
			[]want{{"error", FieldVLAN, "using 802.1Qbh mode"}}},
		{"ovs network", net("ovs", ""), trunk(NativeTagged, 5, 6), nil},
		{"ovs portgroup", net("ovs-pg", "ovs"), vtag(5), nil},
		{"same network without the ovs portgroup", net("ovs-pg", ""), vtag(5), []want{{"error", FieldVLAN, "network ovs-pg (a Linux bridge, no openvswitch virtual port)"}}},
		{"network NIC's own ovs port", NIC{Kind: KindNetwork, Network: "linuxbr", VirtualPort: ovsPort()}, vtag(5), nil},
		{"nat network", net("default", ""), vtag(5), []want{{"error", FieldVLAN, "network default (nat, on a Linux bridge)"}}},
		{"isolated network", net("isolated", ""), vtag(5), []want{{"error", FieldVLAN, "network isolated"}}},
		{"linux bridge network", net("linuxbr", ""), vtag(5), []want{{"error", FieldVLAN, "no openvswitch virtual port"}}},
		{"macvtap pool", net("mv", ""), vtag(5), []want{{"error", FieldVLAN, "macvtap in mode bridge"}}},
		{"vepa pool", net("vepa", ""), vtag(5), []want{{"error", FieldVLAN, "macvtap in mode vepa"}}},
		{"passthrough pool", net("pt", ""), vtag(5), []want{{"warning", FieldVLAN, "eth1, bond0 are not known to be VFs"}}},
		{"passthrough pool trunk", net("pt", ""), trunk(NativeNone, 5, 6), []want{{"error", FieldVLAN, "no trunk"}, {"warning", FieldVLAN, "VFs"}}},
		{"hostdev pool", net("sriov", ""), vtag(5), nil},
		{"hostdev pool trunk", net("sriov", ""), trunk(NativeNone, 5, 6), []want{{"error", FieldVLAN, "SR-IOV hostdev pool"}}},
		{"unknown network is given the benefit", net("elsewhere", ""), trunk(NativeUntagged, 5, 6), nil},
		{"tag 0 and 4095", bridge, trunk(NativeNone, 0, 4095), nil},
		{"tag 4096", bridge, vtag(4096), []want{{"error", FieldVLAN, "vlan tag 4096 is out of range: allowed 0–4095"}}},
		{"no tags", bridge, &VLAN{}, []want{{"error", FieldVLAN, "needs at least one tag"}}},
		{"two natives", bridge, &VLAN{Trunk: true, Tags: []VLANTag{{ID: 1, Native: NativeTagged}, {ID: 2, Native: NativeUntagged}}},
			[]want{{"error", FieldVLANNative, "duplicate native vlan setting"}}},
		{"bad native mode", bridge, &VLAN{Trunk: true, Tags: []VLANTag{{ID: 1, Native: "default"}, {ID: 2}}},
			[]want{{"error", FieldVLANNative, `"default" of tag 1 is not tagged or untagged`}}},
		{"duplicate tag", bridge, trunk(NativeNone, 7, 7), []want{{"warning", FieldVLAN, "tag 7 is listed twice"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := c.nic
			n.VLAN = c.vlan
			var got []Problem
			var ps problems
			validateVLAN(&ps, n, vlanCtx)
			got = ps
			if len(got) != len(c.want) {
				t.Fatalf("problems = %v, want %d: %+v", got, len(c.want), c.want)
			}
			for i, w := range c.want {
				if got[i].Severity.String() != w.sev || got[i].Field != w.field || !strings.Contains(got[i].Message, w.says) {
					t.Errorf("problem %d = %v, want %s on %s saying %q", i, got[i], w.sev, w.field, w.says)
				}
			}
			for _, p := range got {
				if p.Severity == SeverityError && p.Field == FieldVLAN && strings.Contains(p.Message, "takes no VLAN tags") &&
					!strings.Contains(p.Message, vlanWorks) {
					t.Errorf("refusal does not say what would work: %s", p.Message)
				}
			}
		})
	}
}

// TestValidateVLANChange: Validate runs the rules on the edit, so a VLAN a
// NIC already had on the wrong connection only warns on another edit, and
// one the edit adds is refused.
func TestValidateVLANChange(t *testing.T) {
	old := NIC{Index: 0, Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:00:00:01", Link: "up", VLAN: vtag(10)}
	n := old
	n.Link = "down"
	ps := Validate(old, n, vlanCtx)
	if HasErrors(ps) || len(ps) != 1 || !strings.Contains(ps[0].Message, "so already before this edit") {
		t.Errorf("link toggle of a NIC with a bad VLAN: %v", ps)
	}
	fresh := old
	fresh.VLAN = nil
	if ps := Validate(fresh, old, vlanCtx); !HasErrors(ps) {
		t.Errorf("adding a VLAN to a Linux bridge NIC: %v, want an error", ps)
	}
}

func TestVLANNeeds(t *testing.T) {
	netNIC := NIC{Kind: KindNetwork, Network: "ovs", MAC: "52:54:00:00:00:01"}
	withTag := netNIC
	withTag.VLAN = vtag(5)
	if got := NeedsFor(netNIC, withTag); got.Network != "ovs" {
		t.Errorf("new VLAN on a network NIC needs the network: %+v", got)
	}
	link := withTag
	link.Link = "down"
	if got := NeedsFor(withTag, link); got != (Needs{}) {
		t.Errorf("link toggle of a NIC with a VLAN needs %+v, want nothing", got)
	}
	pt := NIC{Kind: KindDirect, Dev: "eth1", Mode: ModePassthrough, MAC: "52:54:00:00:00:01"}
	ptTag := pt
	ptTag.VLAN = vtag(5)
	if got := NeedsFor(pt, ptTag); got.Host != "eth1" {
		t.Errorf("new VLAN on passthrough needs the device: %+v", got)
	}
}

func TestVLANXML(t *testing.T) {
	raw := `<interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='ovsbr0'/>` +
		`<vlan trunk='yes'><tag id='10' nativeMode='untagged'/><tag id='20'/></vlan>` +
		`<virtualport type='openvswitch'/><mtu size='9000'/>` +
		`<bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128' floor='5'/></bandwidth></interface>`
	n := NICFromXML(0, parseIface(t, raw))
	if want := trunk(NativeUntagged, 10, 20); !reflect.DeepEqual(n.VLAN, want) {
		t.Errorf("VLAN = %+v, want %+v", n.VLAN, want)
	}
	if n.MTU != 9000 {
		t.Errorf("MTU = %d", n.MTU)
	}
	if got := RateString(n.Bandwidth.Inbound) + " | " + RateString(n.Bandwidth.Outbound); got !=
		"average 1000 KiB/s, peak 5000 KiB/s, burst 1024 KiB | average 128 KiB/s, floor 5 KiB/s" {
		t.Errorf("bandwidth = %s", got)
	}
	if got := VLANString(n.VLAN); got != "trunk 10,20, native 10 untagged" {
		t.Errorf("VLANString = %q", got)
	}

	// Edits: each writes only its element, as libvirt would format it.
	edits := []struct {
		name string
		edit func(n *NIC)
		want string // the <vlan>/<mtu> part of the marshalled element
	}{
		{"one tag", func(n *NIC) { n.VLAN = vtag(42) }, `<vlan><tag id="42"></tag></vlan>`},
		{"two tags make a trunk", func(n *NIC) { n.VLAN = &VLAN{Tags: []VLANTag{{ID: 1}, {ID: 2}}} }, `<vlan trunk="yes"><tag id="1"></tag><tag id="2"></tag></vlan>`},
		{"native tagged", func(n *NIC) { n.VLAN = trunk(NativeTagged, 3, 4) }, `<vlan trunk="yes"><tag id="3" nativeMode="tagged"></tag><tag id="4"></tag></vlan>`},
		{"no vlan", func(n *NIC) { n.VLAN = nil }, ``},
		{"mtu", func(n *NIC) { n.MTU = 1400 }, `<mtu size="1400"></mtu>`},
		{"no mtu", func(n *NIC) { n.MTU = 0 }, ``},
	}
	for _, e := range edits {
		iface := parseIface(t, raw)
		old := NICFromXML(0, iface)
		next := old
		e.edit(&next)
		if err := ApplyToXML(iface, old, next); err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		out := regexp.MustCompile(`>\s+<`).ReplaceAllString(marshalIface(t, iface), "><")
		if e.want != "" && !strings.Contains(out, e.want) {
			t.Errorf("%s: element lacks %s:\n%s", e.name, e.want, out)
		}
		if e.want == "" && strings.Contains(out, "<"+map[bool]string{true: "vlan", false: "mtu"}[strings.Contains(e.name, "vlan")]) {
			t.Errorf("%s: element still has it:\n%s", e.name, out)
		}
		if !strings.Contains(out, `<bandwidth><inbound average="1000" peak="5000" burst="1024"></inbound>`) {
			t.Errorf("%s: bandwidth lost:\n%s", e.name, out)
		}
		if ch := Changed(next, NICFromXML(0, parseIface(t, out))); len(ch) != 0 {
			t.Errorf("%s: reads back changed in %v", e.name, ch)
		}
	}

	add := NewInterfaceXML(NIC{Kind: KindBridge, Bridge: "ovsbr0", VLAN: vtag(9), MTU: 1500, VirtualPort: ovsPort()})
	if add.VLan == nil || add.VLan.Tags[0].ID != 9 || add.MTU == nil || add.MTU.Size != 1500 {
		t.Errorf("NewInterfaceXML: vlan %+v mtu %+v", add.VLan, add.MTU)
	}
}

// TestVLANEqual: libvirt compares tags as a set, so a reordering is no edit.
func TestVLANEqual(t *testing.T) {
	a := &VLAN{Tags: []VLANTag{{ID: 10}, {ID: 20}}}
	b := &VLAN{Trunk: true, Tags: []VLANTag{{ID: 20}, {ID: 10}}}
	if !VLANEqual(a, b) {
		t.Error("same trunk in another order differs")
	}
	if VLANEqual(vtag(10), &VLAN{Trunk: true, Tags: []VLANTag{{ID: 10}}}) {
		t.Error("a single-tag trunk equals an access tag")
	}
	if VLANEqual(trunk(NativeTagged, 1, 2), trunk(NativeUntagged, 1, 2)) {
		t.Error("native modes differ")
	}
	if !VLANEqual(nil, nil) || VLANEqual(nil, vtag(0)) {
		t.Error("nil handling")
	}
	old := NIC{Kind: KindBridge, Bridge: "b", VLAN: a}
	n := old
	n.VLAN, n.MTU = b, 1500
	if got := Changed(old, n); !reflect.DeepEqual(got, []string{FieldMTU}) {
		t.Errorf("Changed = %v, want only mtu", got)
	}
}

func TestParseVLANIDs(t *testing.T) {
	got, err := ParseVLANIDs(" 10, 20 ,30")
	if err != nil || !reflect.DeepEqual(got, []uint{10, 20, 30}) {
		t.Errorf("ParseVLANIDs = %v, %v", got, err)
	}
	for _, bad := range []string{"", "10,", "ten", "-1", "1.5", "10;20"} {
		if _, err := ParseVLANIDs(bad); err == nil || !strings.Contains(err.Error(), "0–4095") {
			t.Errorf("ParseVLANIDs(%q) err = %v", bad, err)
		}
	}
}

func TestPortGroupVLAN(t *testing.T) {
	net := Network{Name: "ovs", DefaultPortGroup: "a", VLAN: vtag(1),
		PortGroupVLANs: map[string]*VLAN{"a": vtag(10), "b": vtag(20)}}
	for pg, want := range map[string]uint{"": 10, "a": 10, "b": 20, "c": 1} {
		_, v := PortGroupVLAN(net, pg)
		if v == nil || v.Tags[0].ID != want {
			t.Errorf("PortGroupVLAN(%q) = %+v, want tag %d", pg, v, want)
		}
	}
}

func TestMTU(t *testing.T) {
	cases := []struct {
		nic  NIC
		want string
	}{
		{NIC{Kind: KindBridge, MTU: 9000}, ""},
		{NIC{Kind: KindNetwork, MTU: MTUMin}, ""},
		{NIC{Kind: KindNetwork, MTU: MTUMax}, ""},
		{NIC{Kind: KindBridge, MTU: 67}, "mtu 67 is out of range: allowed 68–65521"},
		{NIC{Kind: KindBridge, MTU: 65522}, "mtu 65522 is out of range"},
		{NIC{Kind: KindDirect, MTU: 1500}, `libvirt sets no MTU on a direct (macvtap) NIC (it refuses the definition: "setting MTU on interface type direct is not supported yet")`},
		{NIC{Kind: KindHostdev, MTU: 1500}, "interface type hostdev is not supported yet"},
		{NIC{Kind: KindDirect}, ""},
	}
	for _, c := range cases {
		var ps problems
		validateMTU(&ps, c.nic)
		got := ""
		if len(ps) > 0 {
			got = ps[0].Message
			if ps[0].Field != FieldMTU || ps[0].Severity != SeverityError {
				t.Errorf("%+v: %v", c.nic, ps[0])
			}
		}
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s %d: %q, want %q", c.nic.Kind, c.nic.MTU, got, c.want)
		}
	}
	for in, want := range map[string]uint{"": 0, "none": 0, " 1500 ": 1500} {
		if got, err := ParseMTU(in); err != nil || got != want {
			t.Errorf("ParseMTU(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"0", "big", "-5"} {
		if _, err := ParseMTU(bad); err == nil {
			t.Errorf("ParseMTU(%q) accepted", bad)
		}
	}
}

// TestPlanVLANAndMTU: what qemuDomainChangeNet takes on a running guest.
func TestPlanVLANAndMTU(t *testing.T) {
	nets := vlanCtx.Networks
	ovsBridge := NIC{Kind: KindBridge, Bridge: "ovsbr0", VirtualPort: ovsPort(), Link: "up"}
	cases := []struct {
		name   string
		old    NIC
		edit   func(n *NIC)
		nets   map[string]Network
		live   bool
		reason string
	}{
		{"ovs bridge tag", ovsBridge, func(n *NIC) { n.VLAN = vtag(5) }, nets, true, reasonVLANLive},
		{"ovs network trunk", NIC{Kind: KindNetwork, Network: "ovs", VirtualPort: &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: testUUID}}, func(n *NIC) { n.VLAN = trunk(NativeUntagged, 1, 2) }, nets, true, reasonVLANLive},
		{"ovs network, no own port id", NIC{Kind: KindNetwork, Network: "ovs"}, func(n *NIC) { n.VLAN = trunk(NativeUntagged, 1, 2) }, nets, false, reasonPortID},
		{"network not known", NIC{Kind: KindNetwork, Network: "ovs"}, func(n *NIC) { n.VLAN = vtag(1) }, nil, false, reasonVLANNet},
		{"hostdev pool network", NIC{Kind: KindNetwork, Network: "sriov"}, func(n *NIC) { n.VLAN = vtag(1) }, nets, false, reasonHostdev},
		{"passthrough VF", NIC{Kind: KindDirect, Dev: "eth1", Mode: ModePassthrough}, func(n *NIC) { n.VLAN = vtag(1) }, nets, false, reasonVLANVF},
		{"hostdev", NIC{Kind: KindHostdev}, func(n *NIC) { n.VLAN = vtag(1) }, nets, false, reasonHostdev},
		{"linux bridge", NIC{Kind: KindBridge, Bridge: "br0"}, func(n *NIC) { n.VLAN = vtag(1) }, nets, false, reasonVLANNone},
		{"mtu", ovsBridge, func(n *NIC) { n.MTU = 9000 }, nets, false, reasonMTU},
	}
	for _, c := range cases {
		n := c.old
		c.edit(&n)
		got := PlanIn(c.old, n, true, c.nets)
		if len(got) != 1 || got[0].Live != c.live || got[0].Reason != c.reason {
			t.Errorf("%s: %+v, want live=%v %q", c.name, got, c.live, c.reason)
		}
		if off := PlanIn(c.old, n, false, c.nets); len(off) != 1 || off[0].Live || off[0].Reason != reasonNotRunning {
			t.Errorf("%s, not running: %+v", c.name, off)
		}
	}
	n := ovsBridge
	n.VLAN, n.MTU = trunk(NativeUntagged, 10, 20), 1400
	want := []Change{
		{Field: FieldVLAN, Old: "", New: "trunk 10,20, native 10 untagged", Live: true, Reason: reasonVLANLive},
		{Field: FieldMTU, Old: "", New: "1400", Reason: reasonMTU},
	}
	if got := Plan(ovsBridge, n, true); !reflect.DeepEqual(got, want) {
		t.Errorf("Plan = %+v\nwant %+v", got, want)
	}
}

// TestEditKeepsVLANMTUBandwidthBytes: a link toggle of a NIC carrying
// <vlan>, <mtu> and <bandwidth>, spliced into the domain as a write does,
// leaves their text as it was and changes nothing else in meaning.
func TestEditKeepsVLANMTUBandwidthBytes(t *testing.T) {
	vlanXML := "<vlan trunk='yes'>\n        <tag id='100' nativeMode='untagged'/>\n        <tag id='200'/>\n      </vlan>"
	bwXML := "<bandwidth>\n        <inbound average='12500' peak='25000' burst='2048'/>\n        <outbound average='6250'/>\n      </bandwidth>"
	mtuXML := "<mtu size='9000'/>"
	doc := "<domain type='kvm'>\n  <name>v</name>\n  <devices>\n    <interface type='bridge'>\n" +
		"      <mac address='52:54:00:3a:80:03'/>\n      <source bridge='ovsbr0'/>\n      " + vlanXML + "\n" +
		"      <virtualport type='openvswitch'>\n        <parameters interfaceid='3f2a9c1e-7b4d-4e8a-9f60-1d2c3b4a5e6f'/>\n      </virtualport>\n" +
		"      " + bwXML + "\n      <model type='virtio'/>\n      " + mtuXML + "\n    </interface>\n  </devices>\n</domain>\n"
	els, err := InterfaceElements(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []func(n *NIC){
		func(n *NIC) { n.Link = "down" },
		func(n *NIC) { n.Model = "e1000e" },
		func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: testUUID} },
	} {
		iface := parseIface(t, els[0])
		old := NICFromXML(0, iface)
		n := old
		edit(&n)
		if err := ApplyToXML(iface, old, n); err != nil {
			t.Fatal(err)
		}
		after, err := ReplaceInterface(doc, 0, marshalIface(t, iface))
		if err != nil {
			t.Fatal(err)
		}
		for _, kept := range []string{vlanXML, bwXML, mtuXML} {
			if !strings.Contains(after, kept) {
				t.Errorf("%v: %q not kept byte for byte:\n%s", Changed(old, n), kept, after)
			}
		}
		d, err := SemanticDiff(doc, after)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range d {
			if strings.Contains(line, "vlan") || strings.Contains(line, "mtu") || strings.Contains(line, "bandwidth") {
				t.Errorf("%v: semantic change %s", Changed(old, n), line)
			}
		}
	}
}
