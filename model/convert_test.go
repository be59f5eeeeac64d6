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
