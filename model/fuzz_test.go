package model

import (
	"bytes"
	"testing"

	"libvirt.org/go/libvirtxml"
)

// fuzzMutations are the edits a user can make; each is applied on its own to
// a fresh parse of the input, so every input exercises every write path.
var fuzzMutations = []struct {
	name string
	edit func(n *NIC)
}{
	{"link", func(n *NIC) {
		if effLink(*n) == "up" {
			n.Link = "down"
		} else {
			n.Link = "up"
		}
	}},
	{"model", func(n *NIC) { n.Model = "e1000e" }},
	{"model removed", func(n *NIC) { n.Model = "" }},
	{"mac", func(n *NIC) { n.MAC = "52:54:00:fe:dc:ba" }},
	{"mac removed", func(n *NIC) { n.MAC = "" }},
	{"to network", func(n *NIC) { n.Kind, n.Network, n.PortGroup = KindNetwork, "default", "web" }},
	{"to bridge", func(n *NIC) { n.Kind, n.Bridge = KindBridge, "br0" }},
	{"to direct", func(n *NIC) { n.Kind, n.Dev, n.Mode = KindDirect, "eth0", ModeBridge }},
	{"source renamed", func(n *NIC) {
		n.Network, n.Bridge, n.Dev = n.Network+"x", n.Bridge+"x", n.Dev+"x"
	}},
	{"portgroup", func(n *NIC) { n.PortGroup = "pg2" }},
	{"mode", func(n *NIC) { n.Mode = ModePassthrough }},
	{"mode blank", func(n *NIC) { n.Mode = "" }},
	{"vport none", func(n *NIC) { n.VirtualPort = nil }},
	{"vport qbg", func(n *NIC) {
		n.VirtualPort = &VirtualPort{Type: VPortQbg, ManagerID: u(0), TypeID: u(1 << 24), TypeIDVersion: nil, InstanceID: "x"}
	}},
	{"vport qbh", func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "finance"} }},
	{"vport ovs", func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortOpenVSwitch, ProfileID: "gold"} }},
	{"vport midonet", func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortMidonet, InterfaceID: testUUID} }},
	{"vport typeless", func(n *NIC) { n.VirtualPort = &VirtualPort{ProfileID: "silver", TypeIDVersion: u(3)} }},
	{"vport param edit", func(n *NIC) {
		if n.VirtualPort != nil {
			cp := *n.VirtualPort
			cp.ProfileID += "p"
			cp.InterfaceID += "i"
			cp.InstanceID = ""
			if cp.ManagerID != nil {
				cp.ManagerID = u(*cp.ManagerID + 1)
			}
			n.VirtualPort = &cp
		}
	}},
	{"normalized", func(n *NIC) {
		n.MAC = "random"
		if n.VirtualPort != nil {
			cp := *n.VirtualPort
			cp.InstanceID, cp.InterfaceID = "", ""
			n.VirtualPort = &cp
		}
		_ = Normalize(n, *n, Context{}, bytes.NewReader(bytes.Repeat([]byte{0x5a}, 64)))
	}},
}

var fuzzCtx = Context{
	Domain: "vm1",
	MACsInUse: map[string][]MACUse{
		"52:54:00:fe:dc:ba": {{Domain: "vm2", Index: 0}},
		"52:54:00:00:00:01": {{Domain: "vm1", Index: 0}},
	},
	DeviceUse: map[string][]DeviceUse{
		"eth0":  {{Domain: "vm2", Index: 0, Mode: ModePassthrough, Running: true}},
		"eth0x": {{Domain: "vm3", Index: 1, Mode: ModeBridge}},
	},
	Hosts: map[string]HostIface{"eth0": {Name: "eth0", Kind: IfaceEthernet}},
}

func FuzzNICParseValidate(f *testing.F) {
	f.Add(`<interface type='network'><source network='default'/></interface>`)
	f.Add(richIface)
	f.Fuzz(func(t *testing.T, raw string) {
		first := &libvirtxml.DomainInterface{}
		if err := first.Unmarshal(raw); err != nil {
			return
		}
		// Work from libvirtxml's own rendering: what it cannot reproduce is
		// CheckRoundTrip's business, and values then compare after a marshal.
		base, err := first.Marshal()
		if err != nil {
			return
		}
		iface := &libvirtxml.DomainInterface{}
		if err := iface.Unmarshal(base); err != nil {
			return
		}
		base, err = iface.Marshal()
		if err != nil {
			return
		}

		n := NICFromXML(0, iface)
		if n.Editable == (n.NotEditableReason != "") {
			t.Fatalf("Editable=%v with reason %q", n.Editable, n.NotEditableReason)
		}
		_ = Validate(n, n, fuzzCtx)
		_ = Validate(NIC{}, n, fuzzCtx)
		if ch := Changed(n, n); len(ch) != 0 {
			t.Fatalf("Changed(n, n) = %v", ch)
		}
		if p := Plan(n, n, true); len(p) != 0 {
			t.Fatalf("Plan(n, n) = %v", p)
		}
		if err := ApplyToXML(iface, n, n); err != nil {
			t.Fatalf("ApplyToXML(n, n): %v", err)
		}
		if again, err := iface.Marshal(); err != nil || again != base {
			t.Fatalf("ApplyToXML(n, n) changed the XML (%v):\n%s\n---\n%s", err, base, again)
		}
		if !n.Editable {
			return
		}

		for _, m := range fuzzMutations {
			mut := n
			m.edit(&mut)
			ps := Validate(n, mut, fuzzCtx)
			for _, p := range ps {
				if p.Field == "" || p.Message == "" {
					t.Fatalf("%s: empty problem %+v", m.name, p)
				}
			}
			_ = Plan(n, mut, true)

			work := &libvirtxml.DomainInterface{}
			if err := work.Unmarshal(base); err != nil {
				t.Fatalf("%s: reparse: %v", m.name, err)
			}
			if err := ApplyToXML(work, n, mut); err != nil {
				t.Fatalf("%s: ApplyToXML: %v", m.name, err)
			}
			out, err := work.Marshal()
			if err != nil {
				t.Fatalf("%s: marshal: %v", m.name, err)
			}
			back := &libvirtxml.DomainInterface{}
			if err := back.Unmarshal(out); err != nil {
				t.Fatalf("%s: result does not parse: %v\n%s", m.name, err, out)
			}
			got := NICFromXML(0, back)
			if ch := Changed(mut, got); len(ch) != 0 {
				t.Fatalf("%s: read back differs in %v\nwant %+v\n got %+v\n%s", m.name, ch, mut, got, out)
			}
			if !HasErrors(ps) {
				fresh := NewInterfaceXML(mut)
				s, err := fresh.Marshal()
				if err != nil {
					t.Fatalf("%s: NewInterfaceXML marshal: %v", m.name, err)
				}
				nb := &libvirtxml.DomainInterface{}
				if err := nb.Unmarshal(s); err != nil {
					t.Fatalf("%s: NewInterfaceXML result does not parse: %v\n%s", m.name, err, s)
				}
				if ch := Changed(mut, NICFromXML(0, nb)); len(ch) != 0 {
					t.Fatalf("%s: NewInterfaceXML read back differs in %v\n%s", m.name, ch, s)
				}
			}
		}
	})
}
