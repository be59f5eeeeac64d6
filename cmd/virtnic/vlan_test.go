package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// showNICs is show --json's NICs with the VLAN, MTU and bandwidth fields
// decoded loosely, so a missing key and a null one differ.
func showNICs(t *testing.T, args ...string) []map[string]json.RawMessage {
	t.Helper()
	out := mustRun(t, args...)
	var d struct {
		NICs []map[string]json.RawMessage `json:"nics"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	return d.NICs
}

func TestShowJSONVLANMTUBandwidth(t *testing.T) {
	nics := showNICs(t, "--demo", "show", "ovs-tenant", "--json")
	if len(nics) != 4 {
		t.Fatalf("ovs-tenant has %d NICs, want 4", len(nics))
	}
	for i, n := range nics {
		for _, k := range []string{"vlan", "mtu", "bandwidth"} {
			if _, ok := n[k]; !ok {
				t.Errorf("NIC %d lacks key %q", i, k)
			}
		}
	}
	want := []struct{ vlan, mtu, bandwidth string }{
		{`null`, `null`, `null`},
		{`null`, `null`, `null`}, // the portgroup's tag 20 is the network's, not the NIC's
		{`{"trunk":false,"tags":[{"id":42,"native":null}]}`, `9000`,
			`{"inbound":{"average":12500,"peak":25000,"burst":2048},"outbound":{"average":6250}}`},
		{`{"trunk":true,"tags":[{"id":100,"native":"untagged"},{"id":200,"native":null},{"id":300,"native":null}]}`, `null`,
			`{"inbound":null,"outbound":{"average":1250,"peak":2500,"burst":512}}`},
	}
	for i, w := range want {
		got := struct{ vlan, mtu, bandwidth string }{compact(t, nics[i]["vlan"]), compact(t, nics[i]["mtu"]), compact(t, nics[i]["bandwidth"])}
		if got != w {
			t.Errorf("NIC %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	sriov := showNICs(t, "--demo", "show", "staging-web", "--json")
	if len(sriov) != 4 || compact(t, sriov[2]["vlan"]) != `{"trunk":false,"tags":[{"id":43,"native":null}]}` ||
		compact(t, sriov[3]["vlan"]) != `{"trunk":false,"tags":[{"id":44,"native":null}]}` {
		t.Errorf("staging-web VF NICs: %s, %s", sriov[2]["vlan"], sriov[3]["vlan"])
	}
}

// compact is the value's JSON without blanks, keys in the order virtnic
// wrote them.
func compact(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return b.String()
}

func TestShowTextVLANMTUBandwidth(t *testing.T) {
	out := mustRun(t, "--demo", "show", "ovs-tenant")
	for _, want := range []string{"VLAN", "MTU", "tag 42", "9000", "trunk 100,200,300, native 100 untagged",
		"NIC 2 bandwidth: inbound average 12500 KiB/s, peak 25000 KiB/s, burst 2048 KiB; outbound average 6250 KiB/s",
		"NIC 3 bandwidth: outbound average 1250 KiB/s, peak 2500 KiB/s, burst 512 KiB"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	src := mustRun(t, "--demo", "sources")
	if !strings.Contains(src, "portgroups: vlan-10 → tag 10, vlan-20 → tag 20") {
		t.Errorf("sources does not show the portgroups' VLANs:\n%s", src)
	}
	var srcJSON struct {
		Networks []struct {
			Name           string
			VLAN           json.RawMessage            `json:"vlan"`
			PortGroupVLANs map[string]json.RawMessage `json:"portgroup_vlans"`
		}
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--demo", "sources", "--json")), &srcJSON); err != nil {
		t.Fatal(err)
	}
	for _, n := range srcJSON.Networks {
		if n.Name != "ovs-net" {
			continue
		}
		if got := compact(t, n.PortGroupVLANs["vlan-10"]); got != `{"trunk":false,"tags":[{"id":10,"native":null}]}` || string(n.VLAN) != "null" || len(n.PortGroupVLANs) != 2 {
			t.Errorf("ovs-net vlan %s, portgroup_vlans %v (vlan-10 %s)", n.VLAN, n.PortGroupVLANs, got)
		}
		return
	}
	t.Error("sources --json has no ovs-net")
}

// planChanges runs set … --dry-run --json and returns the planned element's
// changes as field: old → new, live.
func planChanges(t *testing.T, args ...string) []string {
	t.Helper()
	out := mustRun(t, append(args, "--dry-run", "--json")...)
	var p struct {
		Changes []struct {
			Field, Old, New string
			Live            struct{ Status string }
		} `json:"changes"`
		Element string `json:"element"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got []string
	for _, c := range p.Changes {
		got = append(got, c.Field+": "+c.Old+" → "+c.New+map[bool]string{true: " (live)", false: ""}[c.Live.Status == "applied"])
	}
	return append(got, p.Element)
}

func TestSetVLANFlags(t *testing.T) {
	cases := []struct {
		args []string
		want []string // changes, then parts of the element
	}{
		{[]string{"set", "ovs-tenant", "0", "--vlan", "10"}, []string{"vlan:  → tag 10 (live)", "<vlan>", "<tag id='10'/>"}},
		{[]string{"set", "ovs-tenant", "0", "--vlan", "10", "--vlan-trunk"}, []string{"vlan:  → trunk 10 (live)", "<vlan trunk='yes'>"}},
		{[]string{"set", "ovs-tenant", "0", "--vlan", "10,20,30", "--vlan-native", "20"},
			[]string{"vlan:  → trunk 10,20,30, native 20 untagged (live)", "<tag id='20' nativeMode='untagged'/>"}},
		// NIC 3 is on the OVS network without a port id of its own: libvirt
		// gives it a new one on every live update and refuses it.
		{[]string{"set", "ovs-tenant", "3", "--vlan-native", "300:tagged"},
			[]string{"vlan: trunk 100,200,300, native 100 untagged → trunk 100,200,300, native 300 tagged", "<tag id='100'/>", "<tag id='300' nativeMode='tagged'/>"}},
		{[]string{"set", "ovs-tenant", "3", "--vlan", "200,100"}, // the native tag stays native
			[]string{"vlan: trunk 100,200,300, native 100 untagged → trunk 200,100, native 100 untagged"}},
		{[]string{"set", "ovs-tenant", "3", "--vlan", "none"}, []string{"vlan: trunk 100,200,300, native 100 untagged → "}},
		{[]string{"set", "ovs-tenant", "2", "--mtu", "1500"}, []string{"mtu: 9000 → 1500", "<mtu size='1500'/>"}},
		{[]string{"set", "ovs-tenant", "2", "--mtu", "none"}, []string{"mtu: 9000 → "}},
		{[]string{"set", "ovs-tenant", "2", "--link", "down"}, []string{"link: up → down (live)", "<tag id='42'/>", "<mtu size='9000'/>", "<inbound average='12500' peak='25000' burst='2048'/>"}},
		{[]string{"set", "db01", "0", "--vlan", "42"}, []string{"vlan:  → tag 42"}},
	}
	for _, c := range cases {
		got := planChanges(t, append([]string{"--demo"}, c.args...)...)
		elem := got[len(got)-1]
		changes := got[:len(got)-1]
		nChanges := 0
		for _, w := range c.want {
			if strings.HasPrefix(w, "<") {
				if !strings.Contains(elem, w) {
					t.Errorf("%v: element lacks %s:\n%s", c.args, w, elem)
				}
				continue
			}
			nChanges++
		}
		if !reflect.DeepEqual(changes, c.want[:nChanges]) {
			t.Errorf("%v: changes %q, want %q", c.args, changes, c.want[:nChanges])
		}
	}
}

func TestSetVLANRefusals(t *testing.T) {
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"set", "mail", "1", "--vlan", "10"}, "a Linux bridge NIC (no openvswitch virtual port) takes no VLAN tags"},
		{[]string{"set", "ovs-tenant", "0", "--vlan", "4096"}, "vlan tag 4096 is out of range: allowed 0–4095"},
		{[]string{"set", "ovs-tenant", "0", "--vlan", "1,x"}, `"x" is not a VLAN ID`},
		{[]string{"set", "ovs-tenant", "0", "--vlan", ""}, "--vlan needs a value"},
		{[]string{"set", "ovs-tenant", "0", "--vlan-trunk"}, "it has none: give --vlan"},
		{[]string{"set", "ovs-tenant", "0", "--vlan", "5", "--vlan-native", "6"}, "--vlan-native 6 is not one of the VLAN's tags (5)"},
		{[]string{"set", "ovs-tenant", "0", "--vlan", "5,6", "--vlan-native", "5:both"}, "tagged or untagged"},
		{[]string{"set", "ovs-tenant", "0", "--vlan", "none", "--vlan-native", "5"}, "--vlan none removes the VLAN"},
		{[]string{"set", "staging-web", "2", "--vlan", "43,44"}, "takes exactly one tag, no trunk"},
		{[]string{"set", "web01", "1", "--mtu", "1500"}, "libvirt sets no MTU on a direct (macvtap) NIC"},
		{[]string{"set", "ovs-tenant", "0", "--mtu", "65522"}, "mtu 65522 is out of range: allowed 68–65521"},
		{[]string{"set", "ovs-tenant", "0", "--mtu", "jumbo"}, `mtu "jumbo" is not a whole number`},
		{[]string{"add", "web01", "--bridge", "br0", "--vlan", "10"}, "takes no VLAN tags"},
	}
	for _, c := range cases {
		_, errOut, code := runCLI(t, append([]string{"--demo"}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.says) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", c.args, code, errOut, c.says)
		}
	}
}
