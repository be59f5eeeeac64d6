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
