package model

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"libvirt.org/go/libvirtxml"
)

func parseIface(t testing.TB, s string) *libvirtxml.DomainInterface {
	t.Helper()
	iface := &libvirtxml.DomainInterface{}
	if err := iface.Unmarshal(s); err != nil {
		t.Fatalf("unmarshal %q: %v", s, err)
	}
	return iface
}

func marshalIface(t testing.TB, iface *libvirtxml.DomainInterface) string {
	t.Helper()
	s, err := iface.Marshal()
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return s
}

func u(v uint) *uint { return &v }

func TestNICFromXML(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want NIC
	}{
		{
			name: "network with portgroup, no link reads up",
			xml: `<interface type='network'><mac address='52:54:00:AA:bb:01'/>
				<source network='default' portgroup='web'/><model type='virtio'/>
				<target dev='vnet3'/><alias name='net0'/></interface>`,
			want: NIC{Index: 2, MAC: "52:54:00:aa:bb:01", Kind: KindNetwork, Network: "default", PortGroup: "web",
				Model: "virtio", Link: "up", Target: "vnet3", Alias: "net0", Editable: true},
		},
		{
			name: "bridge with link down",
			xml:  `<interface type='bridge'><source bridge='br0'/><link state='down'/></interface>`,
			want: NIC{Index: 2, Kind: KindBridge, Bridge: "br0", Link: "down", Editable: true},
		},
		{
			name: "direct without mode keeps it blank",
			xml:  `<interface type='direct'><source dev='eth0'/></interface>`,
			want: NIC{Index: 2, Kind: KindDirect, Dev: "eth0", Link: "up", Editable: true},
		},
		{
			name: "direct 802.1Qbg",
			xml: `<interface type='direct'><source dev='eth0.2' mode='vepa'/><virtualport type="802.1Qbg">
				<parameters managerid="11" typeid="1193047" typeidversion="2" instanceid="09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"/>
				</virtualport></interface>`,
			want: NIC{Index: 2, Kind: KindDirect, Dev: "eth0.2", Mode: ModeVEPA, Link: "up", Editable: true,
				VirtualPort: &VirtualPort{Type: VPortQbg, ManagerID: u(11), TypeID: u(1193047), TypeIDVersion: u(2),
					InstanceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"}},
		},
		{
			name: "direct 802.1Qbh",
			xml: `<interface type='direct'><source dev='eth0' mode='private'/>
				<virtualport type='802.1Qbh'><parameters profileid='finance'/></virtualport></interface>`,
			want: NIC{Index: 2, Kind: KindDirect, Dev: "eth0", Mode: ModePrivate, Link: "up", Editable: true,
				VirtualPort: &VirtualPort{Type: VPortQbh, ProfileID: "finance"}},
		},
		{
			name: "bridge openvswitch",
			xml: `<interface type='bridge'><source bridge='ovsbr'/><virtualport type='openvswitch'>
				<parameters interfaceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' profileid='gold'/></virtualport></interface>`,
			want: NIC{Index: 2, Kind: KindBridge, Bridge: "ovsbr", Link: "up", Editable: true,
				VirtualPort: &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f", ProfileID: "gold"}},
		},
		{
			name: "bridge midonet",
			xml: `<interface type='bridge'><source bridge='midonet'/><virtualport type='midonet'>
				<parameters interfaceid='0b2d64da-3d0e-431e-afdd-804415d6ebbb'/></virtualport></interface>`,
			want: NIC{Index: 2, Kind: KindBridge, Bridge: "midonet", Link: "up", Editable: true,
				VirtualPort: &VirtualPort{Type: VPortMidonet, InterfaceID: "0b2d64da-3d0e-431e-afdd-804415d6ebbb"}},
		},
		{
			name: "typeless virtualport is kept as VPortNone with its parameters",
			xml: `<interface type='network'><source network='ovs-net'/><virtualport>
				<parameters instanceid='09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f' profileid='silver'/></virtualport></interface>`,
			want: NIC{Index: 2, Kind: KindNetwork, Network: "ovs-net", Link: "up", Editable: true,
				VirtualPort: &VirtualPort{Type: VPortNone, InstanceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f", ProfileID: "silver"}},
		},
		{
			name: "unknown virtualport type is not editable",
			xml:  `<interface type='bridge'><source bridge='br0'/><virtualport type='future'/></interface>`,
			want: NIC{Index: 2, Kind: KindBridge, Bridge: "br0", Link: "up",
				NotEditableReason: "its <virtualport> has a type virtnic does not know"},
		},
		{
			name: "user NIC is shown but not editable",
			xml:  `<interface type='user'><mac address='52:54:00:00:00:09'/><model type='e1000'/></interface>`,
			want: NIC{Index: 2, MAC: "52:54:00:00:00:09", Kind: "user", Model: "e1000", Link: "up",
				NotEditableReason: `interface type "user" is not editable: virtnic edits network, bridge and direct NICs`},
		},
		{
			name: "unknown interface type",
			xml:  `<interface type='quantum'><model type='virtio'/></interface>`,
			want: NIC{Index: 2, Model: "virtio", Link: "up",
				NotEditableReason: "its interface type is unknown to virtnic's XML library"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NICFromXML(2, parseIface(t, tt.xml))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("NICFromXML:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestNICFromXMLNil(t *testing.T) {
	got := NICFromXML(4, nil)
	if got.Editable || got.Index != 4 || got.NotEditableReason == "" {
		t.Errorf("NICFromXML(nil) = %+v, want not editable index 4 with a reason", got)
	}
}

func TestChanged(t *testing.T) {
	base := NIC{Kind: KindNetwork, Network: "default", MAC: "52:54:00:00:00:01", Model: "virtio", Link: "up"}
	direct := NIC{Kind: KindDirect, Dev: "eth0", Mode: ModeBridge, MAC: "52:54:00:00:00:01", Link: "up"}
	tests := []struct {
		name     string
		old, new NIC
		edit     func(n *NIC)
		want     []string
	}{
		{name: "nothing", old: base, edit: func(n *NIC) {}, want: nil},
		{name: "every field in fixed order", old: base, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch}
			n.Link = "down"
			n.MAC = "52:54:00:00:00:02"
			n.Model = "e1000"
			n.PortGroup = "web"
			n.Network = "other"
		}, want: []string{FieldSource, FieldPortGroup, FieldModel, FieldMAC, FieldLink, FieldVirtualPort}},
		{name: "kind change with the same name is a source change", old: base, edit: func(n *NIC) {
			n.Kind, n.Bridge = KindBridge, "default"
		}, want: []string{FieldSource}},
		{name: "network to direct also changes mode", old: base, edit: func(n *NIC) {
			n.Kind, n.Dev, n.Mode = KindDirect, "eth0", ModeBridge
		}, want: []string{FieldSource, FieldMode}},
		{name: "portgroup left over on a bridge NIC is no edit", old: NIC{Kind: KindBridge, Bridge: "br0"}, edit: func(n *NIC) {
			n.PortGroup = "stale"
		}, want: nil},
		{name: "mode on a network NIC is no edit", old: base, edit: func(n *NIC) { n.Mode = ModeVEPA }, want: nil},
		{name: "direct mode change", old: direct, edit: func(n *NIC) { n.Mode = ModePassthrough }, want: []string{FieldMode}},
		{name: "mac compares case-insensitively", old: base, edit: func(n *NIC) { n.MAC = "52:54:00:00:00:01" }, want: nil},
		{name: "mac upper case is the same mac", old: NIC{Kind: KindNetwork, Network: "default", MAC: "52:54:00:AB:00:01"},
			edit: func(n *NIC) { n.MAC = "52:54:00:ab:00:01" }, want: nil},
		{name: "blank link is up", old: base, edit: func(n *NIC) { n.Link = "" }, want: nil},
		{name: "virtualport parameter of another type is ignored", old: NIC{Kind: KindDirect, Dev: "eth0",
			VirtualPort: &VirtualPort{Type: VPortQbh, ProfileID: "p"}},
			edit: func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "p", ManagerID: u(3)} }, want: nil},
		{name: "qbg managerid value, not pointer, counts", old: NIC{Kind: KindDirect, Dev: "eth0",
			VirtualPort: &VirtualPort{Type: VPortQbg, ManagerID: u(3)}},
			edit: func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbg, ManagerID: u(3)} }, want: nil},
		{name: "qbg managerid change", old: NIC{Kind: KindDirect, Dev: "eth0",
			VirtualPort: &VirtualPort{Type: VPortQbg, ManagerID: u(3)}},
			edit: func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbg, ManagerID: u(4)} }, want: []string{FieldVirtualPort}},
		{name: "empty typeless virtualport equals none", old: base,
			edit: func(n *NIC) { n.VirtualPort = &VirtualPort{} }, want: nil},
		{name: "typeless virtualport parameter edit", old: NIC{Kind: KindNetwork, Network: "n",
			VirtualPort: &VirtualPort{ProfileID: "a"}},
			edit: func(n *NIC) { n.VirtualPort = &VirtualPort{ProfileID: "b"} }, want: []string{FieldVirtualPort}},
		{name: "removing the virtualport", old: NIC{Kind: KindDirect, Dev: "eth0",
			VirtualPort: &VirtualPort{Type: VPortQbh, ProfileID: "p"}},
			edit: func(n *NIC) { n.VirtualPort = nil }, want: []string{FieldVirtualPort}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.old
			tt.edit(&n)
			if got := Changed(tt.old, n); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Changed = %q, want %q", got, tt.want)
			}
		})
	}
}

// richIface has every child virtnic must not disturb.
const richIface = `<interface type='network' trustGuestRxFilters='yes'>
  <mac address='52:54:00:6d:90:02'/>
  <source network='default' portgroup='web' portid='2b3bd3b0-c6d5-4b0c-8c4e-3ea8d4d9e0a1' bridge='virbr0'/>
  <vlan trunk='yes'><tag id='42'/><tag id='47' nativeMode='untagged'/></vlan>
  <target dev='vnet0'/>
  <model type='virtio'/>
  <driver name='vhost' queues='4' rx_queue_size='512'/>
  <filterref filter='clean-traffic'><parameter name='IP' value='10.0.0.1'/></filterref>
  <bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128'/></bandwidth>
  <mtu size='9000'/>
  <rom bar='on' file='/usr/share/ipxe/1af41000.rom'/>
  <boot order='2'/>
  <alias name='ua-net0'/>
  <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
</interface>`

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

func TestNormalize(t *testing.T) {
	// Bytes 01 02 03 give 52:54:00:01:02:03; the next three give the second
	// candidate; the rest feed the UUID.
	seq := func() *bytes.Reader {
		b := make([]byte, 64)
		for i := range b {
			b[i] = byte(i + 1)
		}
		return bytes.NewReader(b)
	}
	const uuidFromSeq = "01020304-0506-4708-890a-0b0c0d0e0f10"
	tests := []struct {
		name  string
		n     NIC
		old   NIC
		inUse map[string][]MACUse
		want  NIC
	}{
		{
			name: "blank mac is generated",
			n:    NIC{Kind: KindBridge, Bridge: "br0"},
			want: NIC{Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:01:02:03"},
		},
		{
			name:  "random skips a MAC in use",
			n:     NIC{Kind: KindBridge, Bridge: "br0", MAC: "RANDOM"},
			inUse: map[string][]MACUse{"52:54:00:01:02:03": {{Domain: "vm2"}}},
			want:  NIC{Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:04:05:06"},
		},
		{
			name: "mac lower-cased with colons",
			n:    NIC{Kind: KindBridge, Bridge: "br0", MAC: "52-54-00-AB-CD-EF"},
			want: NIC{Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:ab:cd:ef"},
		},
		{
			name: "bad mac only lower-cased",
			n:    NIC{Kind: KindBridge, Bridge: "br0", MAC: "ZZ"},
			want: NIC{Kind: KindBridge, Bridge: "br0", MAC: "zz"},
		},
		{
			name: "newly direct gets bridge mode",
			n:    NIC{Kind: KindDirect, Dev: "eth0", MAC: "52:54:00:00:00:01"},
			old:  NIC{Kind: KindNetwork, Network: "default"},
			want: NIC{Kind: KindDirect, Dev: "eth0", MAC: "52:54:00:00:00:01", Mode: ModeBridge},
		},
		{
			name: "already direct keeps libvirt's default",
			n:    NIC{Kind: KindDirect, Dev: "eth1", MAC: "52:54:00:00:00:01"},
			old:  NIC{Kind: KindDirect, Dev: "eth0"},
			want: NIC{Kind: KindDirect, Dev: "eth1", MAC: "52:54:00:00:00:01"},
		},
		{
			name: "qbg instanceid",
			n:    NIC{Kind: KindDirect, Dev: "eth0", Mode: ModeVEPA, MAC: "52:54:00:00:00:01", VirtualPort: &VirtualPort{Type: VPortQbg}},
			old:  NIC{Kind: KindDirect},
			want: NIC{Kind: KindDirect, Dev: "eth0", Mode: ModeVEPA, MAC: "52:54:00:00:00:01",
				VirtualPort: &VirtualPort{Type: VPortQbg, InstanceID: uuidFromSeq}},
		},
		{
			name: "openvswitch interfaceid",
			n:    NIC{Kind: KindBridge, Bridge: "b", MAC: "52:54:00:00:00:01", VirtualPort: &VirtualPort{Type: VPortOpenVSwitch}},
			want: NIC{Kind: KindBridge, Bridge: "b", MAC: "52:54:00:00:00:01",
				VirtualPort: &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: uuidFromSeq}},
		},
		{
			name: "midonet interfaceid",
			n:    NIC{Kind: KindBridge, Bridge: "b", MAC: "52:54:00:00:00:01", VirtualPort: &VirtualPort{Type: VPortMidonet}},
			want: NIC{Kind: KindBridge, Bridge: "b", MAC: "52:54:00:00:00:01",
				VirtualPort: &VirtualPort{Type: VPortMidonet, InterfaceID: uuidFromSeq}},
		},
		{
			name: "qbh has nothing to generate",
			n:    NIC{Kind: KindDirect, Dev: "e", Mode: ModeVEPA, MAC: "52:54:00:00:00:01", VirtualPort: &VirtualPort{Type: VPortQbh}},
			old:  NIC{Kind: KindDirect},
			want: NIC{Kind: KindDirect, Dev: "e", Mode: ModeVEPA, MAC: "52:54:00:00:00:01", VirtualPort: &VirtualPort{Type: VPortQbh}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.n
			if err := Normalize(&n, tt.old, Context{MACsInUse: tt.inUse}, seq()); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(n, tt.want) {
				t.Errorf("got  %+v %+v\nwant %+v %+v", n, n.VirtualPort, tt.want, tt.want.VirtualPort)
			}
		})
	}
}

func TestNormalizeDoesNotWriteThroughSharedVirtualPort(t *testing.T) {
	old := NIC{Kind: KindBridge, Bridge: "b", MAC: "52:54:00:00:00:01", VirtualPort: &VirtualPort{Type: VPortOpenVSwitch}}
	n := old
	if err := Normalize(&n, old, Context{}, nil); err != nil {
		t.Fatal(err)
	}
	if old.VirtualPort.InterfaceID != "" {
		t.Errorf("old NIC's virtualport was modified: %+v", old.VirtualPort)
	}
	if got := Changed(old, n); !reflect.DeepEqual(got, []string{FieldVirtualPort}) {
		t.Errorf("Changed = %v, want the generated interfaceid to be an edit", got)
	}
}

func TestNormalizeReaderFailure(t *testing.T) {
	n := NIC{Kind: KindBridge, Bridge: "b"}
	err := Normalize(&n, NIC{}, Context{}, bytes.NewReader(nil))
	if err == nil || !strings.Contains(err.Error(), "mac") {
		t.Errorf("err = %v, want a mac generation error", err)
	}
}
