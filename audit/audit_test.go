package audit

import (
	"strings"
	"testing"

	"virtnic/model"
)

func nic(i int, mac string, kind model.SourceKind, src string) model.NICBrief {
	b := model.NICBrief{Index: i, MAC: mac, Kind: kind}
	switch kind {
	case model.KindNetwork:
		b.Network = src
	case model.KindBridge:
		b.Bridge = src
	case model.KindDirect:
		b.Dev, b.Mode = src, model.ModeBridge
	}
	return b
}

func host(uri string, doms ...model.DomainNICs) Host {
	return Host{URI: uri, Name: uri + "-name", Survey: &model.HostSurvey{
		Networks: []model.Network{
			{Name: "default", Active: true, Forward: "nat", Bridge: "virbr0"},
			{Name: "lab", Active: false, Forward: "nat", Bridge: "virbr9"},
		},
		Ifaces:  []model.HostIface{{Name: "eth0", Kind: model.IfaceEthernet}, {Name: "br0", Kind: model.IfaceBridge}},
		Domains: doms,
	}}
}

type key struct{ rule, domain string }

func rules(fs []Finding) map[key]Finding {
	out := map[key]Finding{}
	for _, f := range fs {
		out[key{f.Rule, f.Domain}] = f
	}
	return out
}

// A running guest whose live NICs differ from its config gets one info
// finding per difference; "not read" (nil) is not "no NICs".
func TestPending(t *testing.T) {
	cfg := nic(0, "52:54:00:00:00:01", model.KindDirect, "eth0")
	live := cfg
	live.Mode = model.ModeVEPA
	added := nic(1, "52:54:00:00:00:02", model.KindNetwork, "default")
	gone := nic(1, "52:54:00:00:00:03", model.KindBridge, "br0")
	h := host("a",
		model.DomainNICs{Name: "moved", Active: true, NICs: []model.NICBrief{cfg, added}, LiveNICs: []model.NICBrief{live, gone}},
		model.DomainNICs{Name: "unread", Active: true, NICs: []model.NICBrief{nic(0, "52:54:00:00:00:09", model.KindBridge, "br0")}},
	)
	var got []string
	for _, f := range Check([]Host{h}) {
		if f.Rule == RulePending {
			if f.Severity != Info || f.Domain != "moved" {
				t.Errorf("pending finding %+v", f)
			}
			got = append(got, f.NIC.MAC+" "+f.Message)
		}
	}
	want := []string{"52:54:00:00:00:01 mode differ", "52:54:00:00:00:02 in the config only", "52:54:00:00:00:03 NIC 52:54:00:00:00:03 is in the running guest but not in its config"}
	if len(got) != len(want) {
		t.Fatalf("pending findings %q, want %d", got, len(want))
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("no pending finding starting %q in %q", w, got)
		}
	}
}

// An inactive network breaks a running guest's NIC now (error) and an off
// guest's next start (warning).
func TestInactiveNetwork(t *testing.T) {
	h := host("a",
		model.DomainNICs{Name: "off", NICs: []model.NICBrief{nic(0, "52:54:00:00:01:01", model.KindNetwork, "lab")}},
		model.DomainNICs{Name: "on", Active: true, NICs: []model.NICBrief{nic(0, "52:54:00:00:01:02", model.KindNetwork, "lab")}},
	)
	got := rules(Check([]Host{h}))
	if got[key{RuleNetworkInactive, "off"}].Severity != Warning || got[key{RuleNetworkInactive, "on"}].Severity != Error {
		t.Errorf("inactive network findings: %+v", got)
	}
}

// One MAC on two hosts is a warning on the second host (they may be on
// different segments); on one host it is an error with a fix.
func TestDuplicateMACs(t *testing.T) {
	mac := "52:54:00:00:02:01"
	a := host("qemu+ssh://hv1/system", model.DomainNICs{Name: "web", NICs: []model.NICBrief{nic(0, mac, model.KindNetwork, "default")}})
	b := host("hv2", model.DomainNICs{Name: "db 1", NICs: []model.NICBrief{nic(0, strings.ToUpper(mac), model.KindNetwork, "default")}},
		model.DomainNICs{Name: "db2", NICs: []model.NICBrief{nic(2, mac, model.KindBridge, "br0")}})
	got := Check([]Host{a, b})
	var across, within []Finding
	for _, f := range got {
		switch f.Rule {
		case RuleDupMACAcross:
			across = append(across, f)
		case RuleDupMAC:
			within = append(within, f)
		}
	}
	if len(across) != 1 || across[0].URI != "hv2" || across[0].Severity != Warning || !strings.Contains(across[0].Message, "qemu+ssh://hv1/system") {
		t.Errorf("across hosts: %+v", across)
	}
	if len(within) != 1 || within[0].Domain != "db2" || within[0].Severity != Error ||
		within[0].Fix != "virtnic -c hv2 set db2 2 --mac random" {
		t.Errorf("within a host: %+v", within)
	}
	if across[0].Fix != "virtnic -c hv2 set 'db 1' 0 --mac random" {
		t.Errorf("fix is not a pasteable command: %q", across[0].Fix)
	}
	if w, ok := Worst(got); !ok || w != Error {
		t.Errorf("worst %v %v", w, ok)
	}
}

// A host that lists no interfaces cannot show a device missing: say it was
// not checked rather than call every direct NIC broken.
func TestNoInterfacesListed(t *testing.T) {
	h := host("a", model.DomainNICs{Name: "d", NICs: []model.NICBrief{nic(0, "52:54:00:00:03:01", model.KindDirect, "eth9")}})
	h.Survey.Ifaces = nil
	got := rules(Check([]Host{h}))
	if _, ok := got[key{RuleDeviceMissing, "d"}]; ok {
		t.Error("device-missing without a device list")
	}
	if f, ok := got[key{RuleNotChecked, ""}]; !ok || f.Severity != Info {
		t.Errorf("no not-checked note: %+v", got)
	}
	if _, ok := Worst(nil); ok {
		t.Error("Worst of nothing reports a finding")
	}
}

// sriovHost is host a with PF ens5f0 and its VFs 0 and 1 (ens5f0v0,
// ens5f0v1) among its interfaces and SR-IOV functions.
func sriovHost(doms ...model.DomainNICs) Host {
	h := host("a", doms...)
	pf := model.PF{Netdev: "ens5f0", PCI: model.PCIAddr{Bus: 5}, VFs: []model.VF{
		{Index: 0, PCI: model.PCIAddr{Bus: 5, Slot: 2}, Netdev: "ens5f0v0"},
		{Index: 1, PCI: model.PCIAddr{Bus: 5, Slot: 2, Function: 1}, Netdev: "ens5f0v1"},
	}}
	h.Survey.SRIOV = model.SRIOV{PFs: []model.PF{pf}}
	for _, n := range []string{"ens5f0", "ens5f0v0", "ens5f0v1"} {
		h.Survey.Ifaces = append(h.Survey.Ifaces, model.HostIface{Name: n, Kind: model.IfaceEthernet})
	}
	return h
}

func passthrough(i int, mac, dev string) model.NICBrief {
	b := nic(i, mac, model.KindDirect, dev)
	b.Mode = model.ModePassthrough
	return b
}

// The PF rule: a warning on the NIC passing the PF through and on each
// other domain's NIC on one of its VFs; a domain doing both to itself, and
// a PF nobody passes through, are not findings.
func TestPFPassthrough(t *testing.T) {
	h := sriovHost(
		model.DomainNICs{Name: "pf-holder", NICs: []model.NICBrief{passthrough(0, "52:54:00:00:05:01", "ens5f0")}},
		model.DomainNICs{Name: "vf-user", NICs: []model.NICBrief{passthrough(1, "52:54:00:00:05:02", "ens5f0v1")}},
		model.DomainNICs{Name: "hostdev-user", NICs: []model.NICBrief{{Index: 0, MAC: "52:54:00:00:05:03", Kind: model.KindHostdev, PCI: "0000:05:02.0"}}},
	)
	var got []string
	for _, f := range Check([]Host{h}) {
		if f.Rule == RulePFPassthrough {
			if f.Severity != Warning || f.NIC == nil {
				t.Errorf("finding %+v", f)
			}
			got = append(got, f.Domain+": "+f.Message)
		}
	}
	want := []string{
		"hostdev-user: uses ens5f0v0 (VF 0 of ens5f0), whose PF pf-holder passes through",
		"pf-holder: passes SR-IOV PF ens5f0 through while its VFs serve hostdev-user (VF 0, ens5f0v0), vf-user (VF 1, ens5f0v1)",
		"vf-user: uses ens5f0v1 (VF 1 of ens5f0), whose PF pf-holder passes through",
	}
	if len(got) != len(want) {
		t.Fatalf("findings %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d = %q, want it to start %q", i, got[i], want[i])
		}
	}

	alone := sriovHost(model.DomainNICs{Name: "both", NICs: []model.NICBrief{
		passthrough(0, "52:54:00:00:05:11", "ens5f0"), passthrough(1, "52:54:00:00:05:12", "ens5f0v0")}})
	unused := sriovHost(model.DomainNICs{Name: "vf-only", NICs: []model.NICBrief{passthrough(0, "52:54:00:00:05:13", "ens5f0v1")}})
	for name, hh := range map[string]Host{"one domain on both sides": alone, "PF not passed through": unused} {
		for _, f := range Check([]Host{hh}) {
			if f.Rule == RulePFPassthrough {
				t.Errorf("%s: %+v", name, f)
			}
		}
	}
}

// VLAN tags where libvirt will not apply them: an error with the fix on a
// Linux bridge, a macvtap NIC in bridge mode and a trunk on a VF; a
// warning on passthrough of a device that is not a VF; none on a VF's one
// tag, an Open vSwitch port, or a network the host lacks.
func TestVLANUnsupported(t *testing.T) {
	tag := func(b model.NICBrief, ids ...uint) model.NICBrief {
		b.VLAN = &model.VLAN{}
		for _, id := range ids {
			b.VLAN.Tags = append(b.VLAN.Tags, model.VLANTag{ID: id})
		}
		return b
	}
	ovs := nic(0, "52:54:00:00:06:05", model.KindBridge, "br0")
	ovs.VPortType = model.VPortOpenVSwitch
	h := sriovHost(
		model.DomainNICs{Name: "linux-bridge", NICs: []model.NICBrief{tag(nic(0, "52:54:00:00:06:01", model.KindBridge, "br0"), 10)}},
		model.DomainNICs{Name: "macvtap", NICs: []model.NICBrief{tag(nic(0, "52:54:00:00:06:02", model.KindDirect, "eth0"), 10)}},
		model.DomainNICs{Name: "vf-trunk", NICs: []model.NICBrief{tag(passthrough(0, "52:54:00:00:06:03", "ens5f0v0"), 10, 20)}},
		model.DomainNICs{Name: "not-a-vf", NICs: []model.NICBrief{tag(passthrough(0, "52:54:00:00:06:04", "eth0"), 10)}},
		model.DomainNICs{Name: "ok-ovs", NICs: []model.NICBrief{tag(ovs, 10, 20)}},
		model.DomainNICs{Name: "ok-vf", NICs: []model.NICBrief{tag(passthrough(0, "52:54:00:00:06:06", "ens5f0v1"), 42)}},
		model.DomainNICs{Name: "ok-unknown-net", NICs: []model.NICBrief{tag(nic(0, "52:54:00:00:06:07", model.KindNetwork, "gone"), 5)}},
	)
	got := map[string]Finding{}
	for _, f := range Check([]Host{h}) {
		if f.Rule == RuleVLAN {
			got[f.Domain] = f
		}
	}
	for dom, want := range map[string]struct {
		sev  Severity
		says string
	}{
		"linux-bridge": {Error, "a Linux bridge NIC (no openvswitch virtual port) takes no VLAN tags"},
		"macvtap":      {Error, "a macvtap NIC in mode bridge takes no VLAN tags"},
		"vf-trunk":     {Error, "vlan trunking is not supported by SR-IOV network devices"},
		"not-a-vf":     {Warning, "eth0, which is not an SR-IOV VF"},
	} {
		f, ok := got[dom]
		switch {
		case !ok:
			t.Errorf("%s: no finding", dom)
		case f.Severity != want.sev || !strings.Contains(f.Message, want.says):
			t.Errorf("%s: %v %q, want %v saying %q", dom, f.Severity, f.Message, want.sev, want.says)
		case want.sev == Error && f.Fix != "virtnic -c a set "+dom+" 0 --vlan none":
			t.Errorf("%s: fix %q", dom, f.Fix)
		}
		delete(got, dom)
	}
	for dom, f := range got {
		t.Errorf("%s: unexpected finding %+v", dom, f)
	}
}
