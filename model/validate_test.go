package model

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const testUUID = "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"

func perr(field, msg string) Problem {
	return Problem{Field: field, Severity: SeverityError, Message: msg}
}
func pwarn(field, msg string) Problem {
	return Problem{Field: field, Severity: SeverityWarning, Message: msg}
}

func TestValidate(t *testing.T) {
	ctx := Context{
		Domain: "vm1",
		MACsInUse: map[string][]MACUse{
			"52:54:00:00:00:01": {{Domain: "vm1", Index: 0}},
			"52:54:00:00:00:02": {{Domain: "vm2", Index: 1}},
			"52:54:00:00:00:03": {{Domain: "vm2", Index: 0}, {Domain: "vm3", Index: 2}},
			"52:54:00:00:00:04": {{Domain: "vm1", Index: 1}},
			"52:54:00:ab:cd:ef": {{Domain: "vm4", Index: 5}},
		},
		DeviceUse: map[string][]DeviceUse{
			"eth1": {{Domain: "vm2", Index: 0, Mode: ModeBridge, Running: true}},
			"eth2": {{Domain: "vm3", Index: 1, Mode: ModeVEPA, Running: false}},
			"eth3": {{Domain: "vm2", Index: 2, Mode: ModePassthrough, Running: true}},
			"eth4": {{Domain: "vm3", Index: 0, Mode: ModePassthrough, Running: false}},
			"eth5": {{Domain: "vm1", Index: 1, Mode: ModePassthrough, Running: true}},
		},
		Networks: map[string]Network{
			"default":      {Name: "default", Forward: "nat", Bridge: "virbr0", PortGroups: []string{"web"}},
			"ovs":          {Name: "ovs", Forward: "bridge", Bridge: "ovsbr0", VirtualPortType: "openvswitch"},
			"macvtap-pool": {Name: "macvtap-pool", Forward: "vepa", ForwardDevs: []string{"eth0", "eth1"}},
		},
		Hosts: map[string]HostIface{
			"eth0":   {Name: "eth0", Kind: IfaceEthernet},
			"eth0.2": {Name: "eth0.2", Kind: IfaceVLAN, VLANID: 2, VLANDev: "eth0"},
			"eth0.0": {Name: "eth0.0", Kind: IfaceVLAN, VLANID: 0, VLANDev: "eth0"},
		},
	}
	existing := NIC{Index: 0, Kind: KindDirect, Dev: "eth0", Mode: ModeVEPA, MAC: "52:54:00:00:00:01", Link: "up"}
	qbg := func(m, t, v *uint, inst string) *VirtualPort {
		return &VirtualPort{Type: VPortQbg, ManagerID: m, TypeID: t, TypeIDVersion: v, InstanceID: inst}
	}
	tests := []struct {
		name string
		old  NIC
		edit func(n *NIC)
		want []Problem
	}{
		{name: "unchanged valid NIC", old: existing, edit: func(n *NIC) {}, want: nil},
		{name: "qbg all three out of range at once", old: existing, edit: func(n *NIC) {
			n.Dev = "eth0.2"
			n.VirtualPort = qbg(u(0), u(16777216), u(256), "xyz")
		}, want: []Problem{
			perr(FieldManagerID, "managerid 0 is out of range: allowed 1–255 (0 is reserved)"),
			perr(FieldTypeID, "typeid 16777216 is out of range: allowed 0–16777215"),
			perr(FieldTypeIDVersion, "typeidversion 256 is out of range: allowed 0–255"),
			perr(FieldInstanceID, `instanceid "xyz" is not a UUID (blank generates one)`),
		}},
		{name: "qbg upper bounds are allowed", old: existing, edit: func(n *NIC) {
			n.Dev = "eth0.2"
			n.VirtualPort = qbg(u(255), u(16777215), u(255), strings.ReplaceAll(testUUID, "-", ""))
		}, want: nil},
		{name: "qbg managerid 256", old: existing, edit: func(n *NIC) {
			n.Dev = "eth0.2"
			n.VirtualPort = qbg(u(256), u(0), u(0), "")
		}, want: []Problem{perr(FieldManagerID, "managerid 256 is out of range: allowed 1–255 (0 is reserved)")}},
		{name: "qbg missing numbers", old: existing, edit: func(n *NIC) {
			n.Dev = "eth0.2"
			n.VirtualPort = qbg(nil, nil, nil, "")
		}, want: []Problem{
			perr(FieldManagerID, "managerid is required for 802.1Qbg (allowed 1–255 (0 is reserved))"),
			perr(FieldTypeID, "typeid is required for 802.1Qbg (allowed 0–16777215)"),
			perr(FieldTypeIDVersion, "typeidversion is required for 802.1Qbg (allowed 0–255)"),
		}},
		{name: "qbg braces uuid is not libvirt's", old: existing, edit: func(n *NIC) {
			n.Dev = "eth0.2"
			n.VirtualPort = qbg(u(1), u(1), u(1), "{"+testUUID+"}")
		}, want: []Problem{perr(FieldInstanceID, `instanceid "{`+testUUID+`}" is not a UUID (blank generates one)`)}},
		{name: "qbg on an ethernet device warns about the VLAN", old: existing, edit: func(n *NIC) {
			n.VirtualPort = qbg(u(1), u(1), u(1), testUUID)
		}, want: []Problem{pwarn(FieldVirtualPort, "802.1Qbg needs a non-zero VLAN ID: eth0 is not a VLAN interface but ethernet (use one like eth0.2)")}},
		{name: "qbg on an unknown device warns", old: existing, edit: func(n *NIC) {
			n.Dev = "enp9s0"
			n.VirtualPort = qbg(u(1), u(1), u(1), testUUID)
		}, want: []Problem{pwarn(FieldVirtualPort, "802.1Qbg needs a non-zero VLAN ID: enp9s0 is not known to be a VLAN interface (use one like eth0.2)")}},
		{name: "qbg on VLAN 0 warns", old: existing, edit: func(n *NIC) {
			n.Dev = "eth0.0"
			n.VirtualPort = qbg(u(1), u(1), u(1), testUUID)
		}, want: []Problem{pwarn(FieldVirtualPort, "802.1Qbg needs a non-zero VLAN ID: eth0.0 has VLAN ID 0")}},
		{name: "qbh needs a profileid", old: existing, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortQbh}
		}, want: []Problem{perr(FieldProfileID, "profileid is required for 802.1Qbh (1–39 characters)")}},
		{name: "qbh profileid of 39 is fine", old: existing, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: strings.Repeat("p", 39)}
		}, want: nil},
		{name: "qbh profileid of 40 is too long", old: existing, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: strings.Repeat("p", 40)}
		}, want: []Problem{perr(FieldProfileID, "profileid is 40 characters: allowed at most 39 (libvirt's limit)")}},
		{name: "profileid limit counts bytes", old: existing, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: strings.Repeat("é", 20)}
		}, want: []Problem{perr(FieldProfileID, "profileid is 40 bytes: allowed at most 39 (libvirt's limit)")}},
		{name: "unknown mode", old: existing, edit: func(n *NIC) { n.Mode = "foo" },
			want: []Problem{perr(FieldMode, `mode "foo" is not one of bridge, vepa, private, passthrough`)}},
		{name: "blank mode is libvirt's default", old: existing, edit: func(n *NIC) { n.Mode = "" }, want: nil},
		{name: "bad mac", old: existing, edit: func(n *NIC) { n.MAC = "zz" },
			want: []Problem{perr(FieldMAC, `mac "zz" is not six hex octets like 52:54:00:12:34:56`)}},
		{name: "multicast mac", old: existing, edit: func(n *NIC) { n.MAC = "01:00:5e:00:00:01" },
			want: []Problem{perr(FieldMAC, "mac 01:00:5e:00:00:01 is a multicast address: a NIC needs a unicast one")}},
		{name: "all-zero mac", old: existing, edit: func(n *NIC) { n.MAC = "00:00:00:00:00:00" },
			want: []Problem{perr(FieldMAC, "mac 00:00:00:00:00:00 is all zeros: a NIC needs a real unicast address")}},
		{name: "mac held by another domain", old: existing, edit: func(n *NIC) { n.MAC = "52:54:00:00:00:02" },
			want: []Problem{perr(FieldMAC, "mac 52:54:00:00:00:02 is already used by NIC 1 of domain vm2")}},
		{name: "mac held by two", old: existing, edit: func(n *NIC) { n.MAC = "52:54:00:00:00:03" },
			want: []Problem{
				perr(FieldMAC, "mac 52:54:00:00:00:03 is already used by NIC 0 of domain vm2"),
				perr(FieldMAC, "mac 52:54:00:00:00:03 is already used by NIC 2 of domain vm3"),
			}},
		{name: "upper-case mac matches the lower-case key", old: existing, edit: func(n *NIC) { n.MAC = "52:54:00:AB:CD:EF" },
			want: []Problem{perr(FieldMAC, "mac 52:54:00:ab:cd:ef is already used by NIC 5 of domain vm4")}},
		{name: "mac held by another NIC of this domain", old: existing, edit: func(n *NIC) { n.MAC = "52:54:00:00:00:04" },
			want: []Problem{perr(FieldMAC, "mac 52:54:00:00:00:04 is already used by NIC 1 of domain vm1")}},
		// A clone that was there before the edit is reported, but cannot
		// refuse a link toggle.
		{name: "unchanged duplicate mac only warns", old: NIC{Index: 3, Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:00:00:02"},
			edit: func(n *NIC) { n.Link = "down" },
			want: []Problem{pwarn(FieldMAC, "mac 52:54:00:00:00:02 is already used by NIC 1 of domain vm2 (so already before this edit)")}},
		{name: "mac case change is no change", old: NIC{Index: 3, Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:00:00:02"},
			edit: func(n *NIC) { n.MAC = "52:54:00:00:00:02" },
			want: []Problem{pwarn(FieldMAC, "mac 52:54:00:00:00:02 is already used by NIC 1 of domain vm2 (so already before this edit)")}},
		{name: "new NIC's mac is checked", old: NIC{},
			edit: func(n *NIC) { *n = NIC{Index: 3, Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:00:00:02"} },
			want: []Problem{perr(FieldMAC, "mac 52:54:00:00:00:02 is already used by NIC 1 of domain vm2")}},
		{name: "new NIC's own entry is ignored", old: NIC{},
			edit: func(n *NIC) { *n = NIC{Index: 0, Kind: KindBridge, Bridge: "br0", MAC: "52:54:00:00:00:01"} }, want: nil},
		{name: "blank mac is left to libvirt", old: NIC{},
			edit: func(n *NIC) { *n = NIC{Kind: KindBridge, Bridge: "br0"} }, want: nil},
		{name: "bad link", old: existing, edit: func(n *NIC) { n.Link = "sideways" },
			want: []Problem{perr(FieldLink, `link "sideways" is not up or down`)}},
		{name: "qbg on bridge", old: existing, edit: func(n *NIC) {
			n.Kind, n.Bridge = KindBridge, "br0"
			n.VirtualPort = qbg(u(1), u(1), u(1), "")
		}, want: []Problem{perr(FieldVirtualPort, "virtualport 802.1Qbg pairs only with a direct (macvtap) source, not a bridge one")}},
		{name: "qbh on a NAT network", old: existing, edit: func(n *NIC) {
			n.Kind, n.Network = KindNetwork, "default"
			n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "p"}
		}, want: []Problem{perr(FieldVirtualPort, "virtualport 802.1Qbh pairs only with a direct (macvtap) source or a macvtap network; network default forwards in mode nat")}},
		// libvirt's own portgroup tests put 802.1Qbh on a network NIC whose
		// network hands out macvtap devices.
		{name: "qbh on a macvtap network", old: existing, edit: func(n *NIC) {
			n.Kind, n.Network = KindNetwork, "macvtap-pool"
			n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "p"}
		}, want: nil},
		{name: "qbh on a bridge", old: existing, edit: func(n *NIC) {
			n.Kind, n.Bridge = KindBridge, "br0"
			n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "p"}
		}, want: []Problem{perr(FieldVirtualPort, "virtualport 802.1Qbh pairs only with a direct (macvtap) source, not a bridge one")}},
		{name: "openvswitch on direct", old: existing, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch}
		}, want: []Problem{perr(FieldVirtualPort, "virtualport openvswitch pairs only with a bridge or network source, not a direct one")}},
		{name: "midonet on direct", old: existing, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: VPortMidonet, InterfaceID: testUUID}
		}, want: []Problem{perr(FieldVirtualPort, "virtualport midonet pairs only with a bridge or network source, not a direct one")}},
		{name: "openvswitch on bridge, blank interfaceid", old: existing, edit: func(n *NIC) {
			n.Kind, n.Bridge = KindBridge, "ovsbr"
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch}
		}, want: nil},
		{name: "openvswitch bad interfaceid and long profileid", old: existing, edit: func(n *NIC) {
			n.Kind, n.Network = KindNetwork, "ovs"
			n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, InterfaceID: "nope", ProfileID: strings.Repeat("x", 41)}
		}, want: []Problem{
			perr(FieldInterfaceID, `interfaceid "nope" is not a UUID (blank generates one)`),
			perr(FieldProfileID, "profileid is 41 characters: allowed at most 39 (libvirt's limit)"),
		}},
		{name: "midonet needs an interfaceid", old: existing, edit: func(n *NIC) {
			n.Kind, n.Bridge = KindBridge, "mido"
			n.VirtualPort = &VirtualPort{Type: VPortMidonet}
		}, want: []Problem{perr(FieldInterfaceID, "interfaceid is required for midonet (a UUID; blank generates one when saved)")}},
		{name: "midonet bad interfaceid", old: existing, edit: func(n *NIC) {
			n.Kind, n.Bridge = KindBridge, "mido"
			n.VirtualPort = &VirtualPort{Type: VPortMidonet, InterfaceID: "x"}
		}, want: []Problem{perr(FieldInterfaceID, `interfaceid "x" is not a UUID (blank generates one)`)}},
		{name: "typeless virtualport checks what is set", old: existing, edit: func(n *NIC) {
			n.Kind, n.Network = KindNetwork, "ovs"
			n.VirtualPort = &VirtualPort{TypeID: u(1 << 24), InterfaceID: "q"}
		}, want: []Problem{
			perr(FieldTypeID, "typeid 16777216 is out of range: allowed 0–16777215"),
			perr(FieldInterfaceID, `interfaceid "q" is not a UUID (blank generates one)`),
		}},
		{name: "unknown virtualport type", old: existing, edit: func(n *NIC) {
			n.VirtualPort = &VirtualPort{Type: "vmware"}
		}, want: []Problem{perr(FieldVirtualPort, `virtualport type "vmware" is not one of 802.1Qbg, 802.1Qbh, openvswitch, midonet`)}},
		{name: "empty sources", old: existing, edit: func(n *NIC) { n.Dev = "" },
			want: []Problem{perr(FieldSource, "source is required: the host device for macvtap, e.g. eth0")}},
		{name: "empty network", old: existing, edit: func(n *NIC) { n.Kind = KindNetwork },
			want: []Problem{perr(FieldSource, "source is required: the name of a libvirt network")}},
		{name: "empty bridge", old: existing, edit: func(n *NIC) { n.Kind = KindBridge },
			want: []Problem{perr(FieldSource, "source is required: the name of a host bridge")}},
		{name: "unknown kind", old: existing, edit: func(n *NIC) { n.Kind = "user" },
			want: []Problem{perr(FieldSource, `interface type "user" is not editable: virtnic edits network, bridge and direct NICs`)}},
		{name: "portgroup on network is fine", old: existing, edit: func(n *NIC) {
			n.Kind, n.Network, n.PortGroup = KindNetwork, "default", "web"
		}, want: nil},
		{name: "portgroup on direct", old: existing, edit: func(n *NIC) { n.PortGroup = "web" },
			want: []Problem{perr(FieldPortGroup, `portgroup "web" needs a network source: bridge and direct NICs have no portgroups`)}},
		{name: "passthrough onto a device a running domain uses", old: existing, edit: func(n *NIC) {
			n.Dev, n.Mode = "eth1", ModePassthrough
		}, want: []Problem{perr(FieldSource, "source eth1 is also used by domain vm2 (NIC 0, mode bridge): passthrough takes the whole device, so it cannot be shared (vm2 is running)")}},
		{name: "passthrough onto a device a stopped domain uses", old: existing, edit: func(n *NIC) {
			n.Dev, n.Mode = "eth2", ModePassthrough
		}, want: []Problem{pwarn(FieldSource, "source eth2 is also used by domain vm3 (NIC 1, mode vepa): passthrough takes the whole device, so it cannot be shared (vm3 is not running now, but both cannot run at once)")}},
		{name: "bridge mode onto a device a running domain passes through", old: existing, edit: func(n *NIC) {
			n.Dev, n.Mode = "eth3", ModeBridge
		}, want: []Problem{perr(FieldSource, "source eth3 is passed through to domain vm2 (NIC 2): passthrough takes the whole device, so no other NIC can use it (vm2 is running)")}},
		{name: "private mode onto a device a stopped domain passes through", old: existing, edit: func(n *NIC) {
			n.Dev, n.Mode = "eth4", ModePrivate
		}, want: []Problem{pwarn(FieldSource, "source eth4 is passed through to domain vm3 (NIC 0): passthrough takes the whole device, so no other NIC can use it (vm3 is not running now, but both cannot run at once)")}},
		{name: "sharing a device in bridge mode is fine", old: existing, edit: func(n *NIC) { n.Dev = "eth1"; n.Mode = ModeBridge }, want: nil},
		{name: "this domain's own use is ignored", old: existing, edit: func(n *NIC) { n.Dev, n.Mode = "eth5", ModePassthrough }, want: nil},
		{name: "every problem at once", old: existing, edit: func(n *NIC) {
			n.Dev, n.Mode, n.MAC, n.Link, n.PortGroup = "eth3", "foo", "01:00:00:00:00:00", "x", "pg"
			n.VirtualPort = &VirtualPort{Type: VPortQbh}
		}, want: []Problem{
			perr(FieldMode, `mode "foo" is not one of bridge, vepa, private, passthrough`),
			perr(FieldPortGroup, `portgroup "pg" needs a network source: bridge and direct NICs have no portgroups`),
			perr(FieldMAC, "mac 01:00:00:00:00:00 is a multicast address: a NIC needs a unicast one"),
			perr(FieldLink, `link "x" is not up or down`),
			perr(FieldProfileID, "profileid is required for 802.1Qbh (1–39 characters)"),
			perr(FieldSource, "source eth3 is passed through to domain vm2 (NIC 2): passthrough takes the whole device, so no other NIC can use it (vm2 is running)"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.old
			tt.edit(&n)
			got := Validate(tt.old, n, ctx)
			if !reflect.DeepEqual([]Problem(got), tt.want) {
				t.Errorf("Validate:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestValidationError(t *testing.T) {
	ps := []Problem{
		perr(FieldManagerID, "managerid 0 is out of range: allowed 1–255 (0 is reserved)"),
		pwarn(FieldVirtualPort, "802.1Qbg needs a non-zero VLAN ID: eth0 is not known to be a VLAN interface"),
		perr(FieldMAC, `mac "zz" is not six hex octets like 52:54:00:12:34:56`),
	}
	var err error = &ValidationError{Problems: ps}
	want := "managerid 0 is out of range: allowed 1–255 (0 is reserved)\n" +
		`mac "zz" is not six hex octets like 52:54:00:12:34:56`
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatal("errors.As failed")
	}
	if got := ve.Errors(); !reflect.DeepEqual(got, []Problem{ps[0], ps[2]}) {
		t.Errorf("Errors() = %v", got)
	}
	if !HasErrors(ps) {
		t.Error("HasErrors(ps) = false")
	}
	if HasErrors([]Problem{ps[1]}) || HasErrors(nil) {
		t.Error("warnings alone must not count as errors")
	}
	if got := (&ValidationError{Problems: []Problem{ps[1]}}).Errors(); got != nil {
		t.Errorf("Errors() of warnings only = %v", got)
	}
}

func TestModeHelp(t *testing.T) {
	keywords := map[Mode]string{
		ModeBridge:      "directly",
		ModeVEPA:        "hairpin",
		ModePrivate:     "router",
		ModePassthrough: "cannot be shared",
		"":              "vepa",
	}
	seen := map[string]bool{}
	for m, kw := range keywords {
		h := ModeHelp(m)
		if !strings.Contains(h, kw) || strings.Contains(h, "\n") {
			t.Errorf("ModeHelp(%q) = %q, want one line mentioning %q", m, h, kw)
		}
		if seen[h] {
			t.Errorf("ModeHelp(%q) repeats another mode's text", m)
		}
		seen[h] = true
	}
	if h := ModeHelp("foo"); h != "" {
		t.Errorf("ModeHelp(foo) = %q, want empty", h)
	}
}

// A NIC that reaches a device through a macvtap or passthrough network
// shares it as a pool member: the clash is a warning even when that guest
// runs, and the message says which network.
func TestValidatePassthroughThroughNetwork(t *testing.T) {
	ctx := Context{Domain: "vm1", DeviceUse: map[string][]DeviceUse{
		"eth1": {{Domain: "mail", Index: 0, Mode: ModeBridge, Running: true, Network: "macvtap-net", Pool: 1}},
		"eth2": {{Domain: "vf", Index: 1, Mode: ModePassthrough, Running: false, Network: "pt-pool", Pool: 3}},
	}}
	old := NIC{Index: 0, Kind: KindDirect, Dev: "eth0", Mode: ModeBridge, MAC: "52:54:00:00:00:01", Link: "up"}
	running := " (%s is running on a device libvirt picked from the network's pool; libvirt refuses any start that finds the device taken)"
	stopped := " (libvirt picks %s's device from the network's pool when it starts, and refuses a start that finds it taken)"
	tests := []struct {
		name string
		dev  string
		mode Mode
		want []Problem
	}{
		{"passthrough onto a macvtap network's device", "eth1", ModePassthrough, []Problem{pwarn(FieldSource,
			"source eth1 is also used by domain mail (NIC 0 through network macvtap-net, mode bridge): passthrough takes the whole device, so it cannot be shared"+fmt.Sprintf(running, "mail"))}},
		{"bridge mode beside a macvtap network is fine", "eth1", ModeBridge, nil},
		{"any NIC on a passthrough network's device", "eth2", ModeVEPA, []Problem{pwarn(FieldSource,
			"source eth2 is passed through to domain vf (NIC 1 through network pt-pool): passthrough takes the whole device, so no other NIC can use it"+fmt.Sprintf(stopped, "vf"))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := old
			n.Dev, n.Mode = tt.dev, tt.mode
			if got := Validate(old, n, ctx); !reflect.DeepEqual([]Problem(got), tt.want) {
				t.Errorf("Validate:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
