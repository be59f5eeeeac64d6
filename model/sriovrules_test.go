package model

import (
	"strings"
	"testing"
)

// sriovHost: PF ens1f0 (VFs ens1f0v0…v3, each a host interface) and the
// NICs given.
func sriovHost(t *testing.T, doms ...DomainNICs) HostSurvey {
	s := HostSurvey{SRIOV: demoSRIOV(t), Domains: doms, Ifaces: []HostIface{{Name: "ens1f0"}}}
	for _, v := range s.SRIOV.PFs[0].VFs {
		s.Ifaces = append(s.Ifaces, HostIface{Name: v.Netdev})
	}
	return s
}

func dom(name string, running bool, nics ...NICBrief) DomainNICs {
	for i := range nics {
		nics[i].Index = i
		if nics[i].MAC == "" {
			nics[i].MAC = "52:54:00:" + name[:1] + "0:00:0" + string(rune('1'+i))
		}
	}
	return DomainNICs{Name: name, Active: running, NICs: nics}
}

func direct(dev string, m Mode) NICBrief { return NICBrief{Kind: KindDirect, Dev: dev, Mode: m} }

func hostdevAt(pci string) NICBrief { return NICBrief{Kind: KindHostdev, PCI: pci} }

// One guest per VF: a hostdev NIC and a passthrough NIC on the same VF
// clash like two passthrough NICs; a macvtap NIC beside a hostdev one is
// the passthrough-shared rule.
func TestVFConflicts(t *testing.T) {
	s := sriovHost(t,
		dom("a", true, direct("ens1f0v0", ModePassthrough)),
		dom("b", false, hostdevAt("0000:03:02.0")),
		dom("c", false, direct("ens1f0v1", ModeBridge)),
		dom("d", true, hostdevAt("0000:03:02.1")),
	)
	u := s.Usage()
	byName := map[string][]Conflict{}
	for _, d := range u.Devices {
		byName[d.Name] = d.Conflicts
	}
	if c := byName["ens1f0v0"]; len(c) != 1 || c[0].Kind != ConflictPassthroughTwice || c[0].Severity != SeverityError ||
		c[0].Reason != "a and b both pass ens1f0v0 through: only one of them can run at a time (a is running)" {
		t.Errorf("ens1f0v0: %+v", c)
	}
	if c := byName["ens1f0v1"]; len(c) != 1 || c[0].Kind != ConflictPassthroughShared ||
		!strings.HasPrefix(c[0].Reason, "ens1f0v1 is passed through to d, so c cannot use it") {
		t.Errorf("ens1f0v1: %+v", c)
	}
	vf := u.SRIOV[0].VFs
	if vf[0].State != VFTaken || vf[1].State != VFTaken || vf[2].State != VFFree || len(vf[0].Conflicts) != 1 {
		t.Errorf("VF states %v %v %v, VF 0 conflicts %v", vf[0].State, vf[1].State, vf[2].State, vf[0].Conflicts)
	}
}

// A PF in passthrough while guests use its VFs is a warning on the PF.
func TestPFPassthroughConflict(t *testing.T) {
	s := sriovHost(t,
		dom("p", true, direct("ens1f0", ModePassthrough)),
		dom("v", false, hostdevAt("0000:03:02.2")),
	)
	u := s.Usage()
	cs := u.SRIOV[0].Conflicts
	if len(cs) != 1 || cs[0].Kind != ConflictPFPassthrough || cs[0].Severity != SeverityWarning ||
		cs[0].Reason != "ens1f0 is passed through to p while its VFs serve v: passthrough gives the PF's MAC, VLAN filter and promiscuous mode to one guest, and the VFs share that port (p is running)" {
		t.Errorf("PF conflicts %+v", cs)
	}
	for _, d := range u.Devices {
		if d.Name == "ens1f0" && (len(d.Conflicts) != 1 || d.Conflicts[0].Kind != ConflictPFPassthrough) {
			t.Errorf("the PF's device row lacks the conflict: %+v", d.Conflicts)
		}
	}
	// Without VF users there is nothing to warn about.
	s = sriovHost(t, dom("p", true, direct("ens1f0", ModePassthrough)))
	if cs := s.Usage().SRIOV[0].Conflicts; len(cs) != 0 {
		t.Errorf("PF alone: %+v", cs)
	}
}

// Validation: a VF another guest holds whole is refused like a device
// passed through; passing a PF through while its VFs serve others, and a
// VF of a PF another guest passes through, are warned about.
func TestValidateSRIOV(t *testing.T) {
	s := sriovHost(t,
		dom("held", true, hostdevAt("0000:03:02.0")),
		dom("pfpt", false, direct("ens1f0", ModePassthrough)),
	)
	ctx := s.Context("me")
	cases := []struct {
		name    string
		nic     NIC
		field   string
		sev     Severity
		message string
	}{
		{"VF held by a running hostdev NIC", NIC{Kind: KindDirect, Dev: "ens1f0v0", Mode: ModeBridge}, FieldSource, SeverityError,
			"source ens1f0v0 is an SR-IOV VF given whole to domain held (NIC 0, type hostdev): a VF serves one guest, so no other NIC can use it (held is running)"},
		{"PF through while VFs serve others", NIC{Kind: KindDirect, Dev: "ens1f0", Mode: ModePassthrough}, FieldMode, SeverityWarning,
			"source ens1f0 is an SR-IOV PF whose VFs serve held (ens1f0v0): passthrough gives the PF's MAC, VLAN filter and promiscuous mode to this guest, and those VFs share its port"},
		{"VF of a PF passed through", NIC{Kind: KindDirect, Dev: "ens1f0v3", Mode: ModePassthrough}, FieldSource, SeverityWarning,
			"source ens1f0v3 is VF 3 of ens1f0, which domain pfpt passes through: that guest holds the port's MAC, VLAN filter and promiscuous mode, which this VF shares"},
	}
	for _, c := range cases {
		c.nic.MAC = "52:54:00:ff:00:01"
		var found bool
		for _, p := range Validate(NIC{}, c.nic, ctx) {
			found = found || (p.Field == c.field && p.Severity == c.sev && p.Message == c.message)
		}
		if !found {
			t.Errorf("%s: %v lacks %s %s: %s", c.name, Validate(NIC{}, c.nic, ctx), c.sev, c.field, c.message)
		}
	}
	// Without SR-IOV knowledge (not read) the PF/VF rules do not run.
	ctx.SRIOV = nil
	for _, p := range Validate(NIC{}, cases[2].nic, ctx) {
		if strings.Contains(p.Message, "VF 3 of ens1f0") {
			t.Errorf("a rule ran without SR-IOV read: %v", p)
		}
	}
}

// A hostdev NIC takes a MAC change; everything else is refused naming the
// field, and so is making a NIC hostdev.
func TestHostdevEdits(t *testing.T) {
	old := NIC{Index: 0, Kind: KindHostdev, HostdevPCI: "0000:03:02.0", MAC: "52:54:00:aa:00:01", Link: "up", Editable: true}
	ok := old
	ok.MAC = "52:54:00:aa:00:09"
	if ps := Validate(old, ok, Context{}); HasErrors(ps) {
		t.Errorf("MAC change refused: %v", ps)
	}
	for field, edit := range map[string]func(*NIC){
		FieldLink:        func(n *NIC) { n.Link = "down" },
		FieldModel:       func(n *NIC) { n.Model = "virtio" },
		FieldVirtualPort: func(n *NIC) { n.VirtualPort = &VirtualPort{Type: VPortQbh, ProfileID: "p"} },
		FieldSource:      func(n *NIC) { n.Kind, n.HostdevPCI, n.Dev = KindDirect, "", "eth0" },
	} {
		n := old
		edit(&n)
		var refused bool
		for _, p := range Validate(old, n, Context{}) {
			refused = refused || (p.Field == field && p.Severity == SeverityError && strings.Contains(p.Message, "hostdev"))
		}
		if !refused {
			t.Errorf("%s change on a hostdev NIC not refused: %v", field, Validate(old, n, Context{}))
		}
	}
	if ps := Validate(NIC{}, old, Context{}); !HasErrors(ps) {
		t.Errorf("adding a hostdev NIC is not refused: %v", ps)
	}
	toHostdev := NIC{Kind: KindDirect, Dev: "eth0", MAC: "52:54:00:aa:00:02"}
	if ps := Validate(toHostdev, old, Context{}); !HasErrors(ps) {
		t.Errorf("direct → hostdev is not refused: %v", ps)
	}
}

// ScanNICs reads a hostdev NIC's source address, not its guest address.
func TestScanHostdevPCI(t *testing.T) {
	nics, err := ScanNICs(`<domain><devices><interface type='hostdev' managed='yes'><mac address='52:54:00:AA:00:01'/>
	  <source><address type='pci' domain='0x0000' bus='0x03' slot='0x02' function='0x1'/></source>
	  <address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/></interface>
	  <interface type='direct'><source dev='eth0' mode='bridge'/><address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/></interface>
	</devices></domain>`)
	if err != nil {
		t.Fatal(err)
	}
	if len(nics) != 2 || nics[0].PCI != "0000:03:02.1" || nics[0].Source() != "0000:03:02.1" || nics[1].PCI != "" {
		t.Errorf("scan %+v", nics)
	}
}
