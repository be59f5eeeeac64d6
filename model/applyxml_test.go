package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestApplyToXMLKeepsUneditedChildren(t *testing.T) {
	orig := parseIface(t, richIface)
	old := NICFromXML(0, orig)
	steps := []struct {
		name string
		edit func(n *NIC)
	}{
		{"link", func(n *NIC) { n.Link = "down" }},
		{"model", func(n *NIC) { n.Model = "e1000e" }},
		{"mac", func(n *NIC) { n.MAC = "52:54:00:11:22:33" }},
		{"to direct", func(n *NIC) { n.Kind, n.Dev, n.Mode = KindDirect, "eth0", ModeBridge }},
		{"mode", func(n *NIC) { n.Mode = ModePrivate }},
		{"vport qbh", func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "finance"} }},
		{"to bridge with ovs", func(n *NIC) {
			n.Kind, n.Bridge = KindBridge, "br0"
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"}
		}},
		{"back to network", func(n *NIC) { n.Kind, n.Network, n.PortGroup = KindNetwork, "default", "db" }},
		{"model removed", func(n *NIC) { n.Model = "" }},
	}
	iface := parseIface(t, richIface)
	cur := old
	for _, s := range steps {
		next := cur
		s.edit(&next)
		if err := ApplyToXML(iface, cur, next); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		// Reparse to prove the edit survives a marshal, as a real write does.
		iface = parseIface(t, marshalIface(t, iface))
		got := NICFromXML(0, iface)
		if ch := Changed(next, got); len(ch) != 0 {
			t.Fatalf("%s: read back differs in %v: %+v", s.name, ch, got)
		}
		if !reflect.DeepEqual(iface.VLan, orig.VLan) || !reflect.DeepEqual(iface.Target, orig.Target) ||
			!reflect.DeepEqual(iface.Driver, orig.Driver) || !reflect.DeepEqual(iface.FilterRef, orig.FilterRef) ||
			!reflect.DeepEqual(iface.Bandwidth, orig.Bandwidth) || !reflect.DeepEqual(iface.MTU, orig.MTU) ||
			!reflect.DeepEqual(iface.ROM, orig.ROM) || !reflect.DeepEqual(iface.Boot, orig.Boot) ||
			!reflect.DeepEqual(iface.Alias, orig.Alias) || !reflect.DeepEqual(iface.Address, orig.Address) ||
			iface.TrustGuestRXFilters != orig.TrustGuestRXFilters {
			t.Fatalf("%s: an unedited child changed:\n%s", s.name, marshalIface(t, iface))
		}
		if iface.Address == nil || iface.ROM == nil || iface.Boot == nil || iface.MTU == nil || iface.Driver == nil ||
			iface.VLan == nil || iface.Bandwidth == nil || iface.Alias == nil || iface.Target == nil || iface.FilterRef == nil {
			t.Fatalf("%s: a child went missing", s.name)
		}
		cur = got
	}
	if iface.Model != nil {
		t.Errorf("model survived its removal: %+v", iface.Model)
	}
	if iface.Link == nil || iface.Link.State != "down" {
		t.Errorf("link = %+v, want down", iface.Link)
	}
	if iface.MAC == nil || iface.MAC.Address != "52:54:00:11:22:33" {
		t.Errorf("mac = %+v", iface.MAC)
	}
}

func TestApplyToXMLUnchangedIsByteIdentical(t *testing.T) {
	iface := parseIface(t, richIface)
	before := marshalIface(t, iface)
	n := NICFromXML(0, iface)
	m := n
	m.Mode = ModeVEPA              // not a direct NIC: no edit
	m.PortGroup = "web"            // same
	m.MAC = strings.ToUpper(n.MAC) // case only
	if err := ApplyToXML(iface, n, m); err != nil {
		t.Fatal(err)
	}
	if after := marshalIface(t, iface); after != before {
		t.Errorf("no-op edit changed the XML:\n%s\n---\n%s", before, after)
	}
}

func TestApplyToXMLEdits(t *testing.T) {
	const qbgUUID = "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"
	tests := []struct {
		name    string
		xml     string
		edit    func(n *NIC)
		want    []string // substrings of the marshalled result
		notWant []string
	}{
		{
			name:    "source change clears live-only attributes",
			xml:     richIface,
			edit:    func(n *NIC) { n.Network = "isolated"; n.PortGroup = "" },
			want:    []string{`<source network="isolated"></source>`},
			notWant: []string{"portid", "virbr0", "portgroup"},
		},
		{
			name: "portgroup only",
			xml:  `<interface type='network'><source network='default' portgroup='a'/></interface>`,
			edit: func(n *NIC) { n.PortGroup = "b" },
			want: []string{`<source network="default" portgroup="b"></source>`},
		},
		{
			name:    "link up on a NIC without link stays absent",
			xml:     `<interface type='bridge'><source bridge='br0'/></interface>`,
			edit:    func(n *NIC) { n.Link = "up"; n.Model = "virtio" },
			want:    []string{`<model type="virtio"></model>`},
			notWant: []string{"<link"},
		},
		{
			name: "link up over an explicit down is written",
			xml:  `<interface type='bridge'><source bridge='br0'/><link state='down'/></interface>`,
			edit: func(n *NIC) { n.Link = "up" },
			want: []string{`<link state="up"></link>`},
		},
		{
			name: "link down",
			xml:  `<interface type='bridge'><source bridge='br0'/></interface>`,
			edit: func(n *NIC) { n.Link = "down" },
			want: []string{`<link state="down"></link>`},
		},
		{
			name:    "model blank removes it",
			xml:     `<interface type='bridge'><source bridge='br0'/><model type='rtl8139'/></interface>`,
			edit:    func(n *NIC) { n.Model = "" },
			notWant: []string{"<model"},
		},
		{
			name: "mac keeps its type attribute",
			xml:  `<interface type='bridge'><mac address='52:54:00:00:00:01' type='generated'/><source bridge='br0'/></interface>`,
			edit: func(n *NIC) { n.MAC = "52:54:00:00:00:02" },
			want: []string{`<mac address="52:54:00:00:00:02" type="generated"></mac>`},
		},
		{
			name: "mode only",
			xml:  `<interface type='direct'><source dev='eth0' mode='vepa'/></interface>`,
			edit: func(n *NIC) { n.Mode = ModePassthrough },
			want: []string{`<source dev="eth0" mode="passthrough"></source>`},
		},
		{
			name:    "to direct writes dev and mode, not portgroup",
			xml:     `<interface type='network'><source network='default' portgroup='web'/></interface>`,
			edit:    func(n *NIC) { n.Kind, n.Dev, n.Mode = KindDirect, "eth1", ModeBridge },
			want:    []string{`<interface type="direct">`, `<source dev="eth1" mode="bridge"></source>`},
			notWant: []string{"portgroup", "network="},
		},
		{
			name: "qbg",
			xml:  `<interface type='direct'><source dev='eth0.2' mode='vepa'/></interface>`,
			edit: func(n *NIC) {
				n.VirtualPort = &VirtualPort{Type: VPortQbg, ManagerID: u(11), TypeID: u(0), TypeIDVersion: u(2),
					InstanceID: qbgUUID, ProfileID: "ignored"}
			},
			want:    []string{`<virtualport type="802.1Qbg">`, `<parameters managerid="11" typeid="0" typeidversion="2" instanceid="` + qbgUUID + `"></parameters>`},
			notWant: []string{"ignored"},
		},
		{
			name: "qbh",
			xml:  `<interface type='direct'><source dev='eth0' mode='private'/></interface>`,
			edit: func(n *NIC) {
				n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "finance", InterfaceID: "ignored"}
			},
			want:    []string{`<virtualport type="802.1Qbh">`, `<parameters profileid="finance"></parameters>`},
			notWant: []string{"ignored"},
		},
		{
			name: "openvswitch",
			xml:  `<interface type='bridge'><source bridge='ovsbr'/></interface>`,
			edit: func(n *NIC) {
				n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: qbgUUID, ProfileID: "gold", ManagerID: u(1)}
			},
			want:    []string{`<virtualport type="openvswitch">`, `<parameters interfaceid="` + qbgUUID + `" profileid="gold"></parameters>`},
			notWant: []string{"managerid"},
		},
		{
			name:    "midonet",
			xml:     `<interface type='bridge'><source bridge='midonet'/></interface>`,
			edit:    func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortMidonet, InterfaceID: qbgUUID, ProfileID: "x"} },
			want:    []string{`<virtualport type="midonet">`, `<parameters interfaceid="` + qbgUUID + `"></parameters>`},
			notWant: []string{"profileid"},
		},
		{
			name: "none removes the element",
			xml: `<interface type='direct'><source dev='eth0' mode='private'/>
				<virtualport type='802.1Qbh'><parameters profileid='finance'/></virtualport></interface>`,
			edit:    func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortNone} },
			notWant: []string{"virtualport"},
		},
		{
			name: "untouched typeless virtualport survives other edits",
			xml: `<interface type='network'><source network='ovs'/>
				<virtualport><parameters profileid='silver'/></virtualport></interface>`,
			edit: func(n *NIC) { n.Link = "down"; n.Network = "ovs2" },
			want: []string{`<virtualport>`, `<parameters profileid="silver"></parameters>`, `network="ovs2"`},
		},
		{
			name: "edited typeless virtualport stays typeless",
			xml: `<interface type='network'><source network='ovs'/>
				<virtualport><parameters profileid='silver'/></virtualport></interface>`,
			edit:    func(n *NIC) { n.VirtualPort = &VirtualPort{ProfileID: "gold"} },
			want:    []string{`<virtualport>`, `<parameters profileid="gold"></parameters>`},
			notWant: []string{"silver", "type=\"802", "type=\"open"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iface := parseIface(t, tt.xml)
			old := NICFromXML(0, iface)
			n := old
			tt.edit(&n)
			if err := ApplyToXML(iface, old, n); err != nil {
				t.Fatal(err)
			}
			out := marshalIface(t, iface)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in\n%s", w, out)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(out, w) {
					t.Errorf("unexpected %q in\n%s", w, out)
				}
			}
			back := NICFromXML(0, parseIface(t, out))
			if ch := Changed(n, back); len(ch) != 0 {
				t.Errorf("read back differs in %v", ch)
			}
		})
	}
}

func TestApplyToXMLRefuses(t *testing.T) {
	tests := []struct {
		name    string
		xml     string
		edit    func(n *NIC)
		wantErr string
	}{
		{"user NIC", `<interface type='user'><model type='e1000'/></interface>`,
			func(n *NIC) { n.Model = "virtio" }, `interface type "user" is not editable`},
		{"to a non-editable kind", `<interface type='bridge'><source bridge='br0'/></interface>`,
			func(n *NIC) { n.Kind = "user" }, `cannot change to interface type "user"`},
		{"unknown virtualport in the XML", `<interface type='bridge'><source bridge='br0'/><virtualport type='future'/></interface>`,
			func(n *NIC) { n.Link = "down" }, "virtualport> has a type virtnic does not know"},
		{"unknown virtualport type in the edit", `<interface type='bridge'><source bridge='br0'/></interface>`,
			func(n *NIC) { n.VirtualPort = &VirtualPort{Type: "vmware"} }, `virtualport type "vmware" is not one of`},
		{"old NIC does not match the XML", `<interface type='bridge'><source bridge='br0'/></interface>`,
			nil, "the XML is a bridge interface but the edit is for a direct one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iface := parseIface(t, tt.xml)
			old := NICFromXML(0, iface)
			n := old
			if tt.edit != nil {
				tt.edit(&n)
			} else {
				old = NIC{Kind: KindDirect, Dev: "eth0", Mode: ModeVEPA}
				n = old
				n.Mode = ModeBridge
			}
			before := marshalIface(t, iface)
			err := ApplyToXML(iface, old, n)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if tt.name != "unknown virtualport type in the edit" {
				if after := marshalIface(t, iface); after != before {
					t.Errorf("a refused edit changed the XML:\n%s", after)
				}
			}
		})
	}
}

func TestNewInterfaceXML(t *testing.T) {
	tests := []struct {
		name string
		n    NIC
		want string
	}{
		{
			name: "direct qbg",
			n: NIC{MAC: "52:54:00:01:02:03", Kind: KindDirect, Dev: "eth0.2", Mode: ModeVEPA, Model: "virtio", Link: "up",
				VirtualPort: &VirtualPort{Type: VPortQbg, ManagerID: u(11), TypeID: u(1193047), TypeIDVersion: u(2),
					InstanceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"}},
			want: `<interface type="direct">
  <mac address="52:54:00:01:02:03"></mac>
  <source dev="eth0.2" mode="vepa"></source>
  <virtualport type="802.1Qbg">
    <parameters managerid="11" typeid="1193047" typeidversion="2" instanceid="09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"></parameters>
  </virtualport>
  <model type="virtio"></model>
</interface>`,
		},
		{
			name: "network with portgroup and link down, stale mode ignored",
			n:    NIC{Kind: KindNetwork, Network: "default", PortGroup: "web", Mode: ModePrivate, Link: "down"},
			want: `<interface type="network">
  <source network="default" portgroup="web"></source>
  <link state="down"></link>
</interface>`,
		},
		{
			name: "bridge, defaults",
			n:    NIC{Kind: KindBridge, Bridge: "br0", VirtualPort: &VirtualPort{}},
			want: `<interface type="bridge">
  <source bridge="br0"></source>
</interface>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := marshalIface(t, NewInterfaceXML(tt.n))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
