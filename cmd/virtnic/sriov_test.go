package main

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// sources --json on the demo: every PF with its VFs and who holds each,
// each network's pool (null for the others) and, on every device, what it
// is to SR-IOV (null for the others).
func TestSourcesJSONSRIOV(t *testing.T) {
	out := mustRun(t, "--demo", "sources", "--json")
	var s struct {
		Networks []struct {
			Name string         `json:"name"`
			Pool map[string]any `json:"pool"`
		} `json:"networks"`
		Devices []struct {
			Name  string         `json:"name"`
			SRIOV map[string]any `json:"sriov"`
		} `json:"devices"`
		SRIOV []struct {
			PF     string `json:"pf"`
			PCI    string `json:"pci"`
			MaxVFs int    `json:"max_vfs"`
			Free   int    `json:"free"`
			VFs    []struct {
				Index  int       `json:"index"`
				Netdev *string   `json:"netdev"`
				PCI    string    `json:"pci"`
				State  string    `json:"state"`
				UsedBy []jsonUse `json:"used_by"`
				MayUse []jsonUse `json:"may_use"`
				Pools  []string  `json:"pools"`
			} `json:"vfs"`
			Conflicts []any `json:"conflicts"`
		} `json:"sriov"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("sources --json: %v\n%s", err, out)
	}
	if len(s.SRIOV) != 1 || s.SRIOV[0].PF != "ens1f0" || s.SRIOV[0].PCI != "0000:03:00.0" || s.SRIOV[0].MaxVFs != 32 ||
		s.SRIOV[0].Free != 4 || len(s.SRIOV[0].VFs) != 8 || s.SRIOV[0].Conflicts == nil {
		t.Fatalf("sriov: %+v", s.SRIOV)
	}
	var states []string
	for _, v := range s.SRIOV[0].VFs {
		states = append(states, v.State)
		inPool := v.Index >= 2 && v.Index <= 5
		if v.Netdev == nil || v.UsedBy == nil || v.MayUse == nil || v.Pools == nil || (len(v.Pools) == 1) != inPool || (len(v.MayUse) == 1) != inPool {
			t.Errorf("VF %d: %+v", v.Index, v)
		}
	}
	if !reflect.DeepEqual(states, []string{"reserved", "taken", "free", "free", "free", "free", "reserved", "reserved"}) {
		t.Errorf("VF states %v", states)
	}
	if u := s.SRIOV[0].VFs[1].UsedBy; len(u) != 1 || u[0] != (jsonUse{Domain: "nfv-router", NIC: 0, Mode: "passthrough", Running: true}) {
		t.Errorf("VF 1 used by %+v", u)
	}
	if u := s.SRIOV[0].VFs[0].UsedBy; len(u) != 1 || u[0] != (jsonUse{Domain: "dpdk-node", NIC: 0, Mode: "hostdev"}) {
		t.Errorf("VF 0 used by %+v", u)
	}
	if u := s.SRIOV[0].VFs[3].MayUse; len(u) != 1 || u[0] != (jsonUse{Domain: "dpdk-node", NIC: 1, Mode: "hostdev", Network: "sriov-pool"}) {
		t.Errorf("VF 3 may go to %+v", u)
	}

	pools := map[string]map[string]any{}
	for _, n := range s.Networks {
		pools[n.Name] = n.Pool
	}
	if pools["default"] != nil || pools["ovs-net"] != nil {
		t.Errorf("a network without a pool has one: %v %v", pools["default"], pools["ovs-net"])
	}
	p := pools["sriov-pool"]
	for k, want := range map[string]any{"mode": "hostdev", "pf": nil, "exclusive": true, "size": 4.0, "in_use": 0.0, "reserved": 0.0, "free": 4.0, "unplaced": 0.0} {
		if p[k] != want {
			t.Errorf("sriov-pool %s = %v, want %v", k, p[k], want)
		}
	}
	members := p["members"].([]any)
	m1 := members[1].(map[string]any)
	if len(members) != 4 || m1["dev"] != "ens1f0v3" || m1["pci"] != "0000:03:02.3" || m1["vf"] != 3.0 || m1["taken"] != false ||
		len(m1["held_by"].([]any)) != 0 || m1["connections"] != 0.0 {
		t.Errorf("sriov-pool members %v", members)
	}
	if mv := pools["macvtap-net"]; mv == nil || mv["exclusive"] != false || mv["size"] != 1.0 || mv["pf"] != nil {
		t.Errorf("macvtap-net pool %v", mv)
	}

	roles := map[string]string{}
	for _, d := range s.Devices {
		if d.SRIOV != nil {
			roles[d.Name] = d.SRIOV["role"].(string)
		}
	}
	want := map[string]string{"ens1f0": "pf"}
	for i := 0; i < 8; i++ {
		want["ens1f0v"+string(rune('0'+i))] = "vf"
	}
	if !reflect.DeepEqual(roles, want) {
		t.Errorf("SR-IOV roles of devices %v", roles)
	}
}

// show --json names a hostdev NIC's VF; every other NIC has hostdev null.
func TestShowJSONHostdev(t *testing.T) {
	out := mustRun(t, "--demo", "show", "dpdk-node", "--json")
	var d struct {
		NICs []map[string]any `json:"nics"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	n0 := d.NICs[0]
	want := map[string]any{"pci": "0000:03:02.0", "vf": map[string]any{"pf": "ens1f0", "index": 0.0, "netdev": "ens1f0v0"}}
	if n0["type"] != "hostdev" || n0["source"] != "0000:03:02.0" || n0["editable"] != true || !reflect.DeepEqual(n0["hostdev"], want) {
		t.Errorf("hostdev NIC %v", n0)
	}
	if h, ok := d.NICs[1]["hostdev"]; !ok || h != nil {
		t.Errorf("network NIC hostdev = %v (present %v), want null", h, ok)
	}
	text := mustRun(t, "--demo", "show", "dpdk-node")
	if !strings.Contains(text, "0000:03:02.0 (ens1f0v0, VF 0 of ens1f0)") {
		t.Errorf("show text:\n%s", text)
	}
}

// The text listing: pools with their members, VFs with their state.
func TestSourcesTextSRIOV(t *testing.T) {
	out := mustRun(t, "--demo", "sources")
	for _, want := range []string{
		"  Virtual network 'sriov-pool': hostdev pool, 4 of 4 free\n    members: ens1f0v2, ens1f0v3, ens1f0v4, ens1f0v5\n",
		"  Host device ens1f0v2: macvtap  VF 2 of ens1f0, free",
		"SR-IOV (physical functions and their VFs):\n  ens1f0 (PCI 0000:03:00.0, Ethernet Controller X710 for 10GbE SFP+): 8 VFs of at most 32, 4 free\n",
		"    VF 1  ens1f0v1  0000:03:02.1  taken by nfv-router\n",
		"    VF 4  ens1f0v4  0000:03:02.4  free (in pool sriov-pool)\n",
		"    VF 7  ens1f0v7  0000:03:02.7  reserved by staging-web (off)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("sources lacks %q:\n%s", want, out)
		}
	}
}

// A hostdev NIC's MAC is editable from the CLI; its link is refused with
// exit 2 naming the field.
func TestSetHostdevNIC(t *testing.T) {
	out := mustRun(t, "--demo", "set", "dpdk-node", "0", "--mac", "52:54:00:3a:c0:09", "--dry-run")
	if !strings.Contains(out, "+      <mac address='52:54:00:3a:c0:09'/>") {
		t.Errorf("dry run:\n%s", out)
	}
	_, errOut, code := runCLI(t, "--demo", "set", "dpdk-node", "0", "--link", "down")
	if code != 2 || !strings.Contains(errOut, "link cannot be changed on a type='hostdev' NIC") {
		t.Errorf("--link on a hostdev NIC: exit %d, %s", code, errOut)
	}
}

// A macvtap NIC put on a VF in bridge mode is planned with a note that
// passthrough gives the VF to the guest alone (from the SR-IOV read the
// device change needs anyway); in passthrough, or on a plain device, no
// such note.
func TestSetDirectOnVFNotesPassthrough(t *testing.T) {
	const note = "ens1f0v3 is VF 3 of SR-IOV PF ens1f0: in mode bridge it carries macvtap like any host device; mode passthrough gives the VF to this guest alone"
	warnings := func(args ...string) []string {
		t.Helper()
		var p struct{ Warnings []string }
		out := mustRun(t, append([]string{"--demo", "set", "web01", "0", "--dry-run", "--json"}, args...)...)
		if err := json.Unmarshal([]byte(out), &p); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return p.Warnings
	}
	if w := warnings("--direct", "ens1f0v3"); !slices.Contains(w, "mode: "+note) {
		t.Errorf("bridge mode on a VF: warnings %q lack the passthrough note", w)
	}
	for _, args := range [][]string{{"--direct", "ens1f0v3", "--mode", "passthrough"}, {"--direct", "eth1"}} {
		for _, w := range warnings(args...) {
			if strings.Contains(w, "mode passthrough gives the VF") {
				t.Errorf("%v: %q", args, w)
			}
		}
	}
	_, stderr, _ := runCLI(t, "--demo", "set", "web01", "0", "--direct", "ens1f0v3", "--dry-run")
	if !strings.Contains(stderr, "virtnic: warning: mode: "+note) {
		t.Errorf("text output's warnings:\n%s", stderr)
	}
}
