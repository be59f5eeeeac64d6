package main

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"virtnic/libvirtx"
)

// nodeURI is a test-driver connection on the fixture node file. Every
// connection re-reads the file, so each run() starts from the same host.
func nodeURI(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("testdata/node.xml")
	if err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func runCLIStdin(t *testing.T, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = runIO(args, stdin, &o, &e)
	return o.String(), e.String(), code
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("virtnic %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func TestListJSON(t *testing.T) {
	out := mustRun(t, "-c", nodeURI(t), "list", "--json")
	var doms []map[string]any
	if err := json.Unmarshal([]byte(out), &doms); err != nil {
		t.Fatalf("list --json is not JSON: %v\n%s", err, out)
	}
	want := map[string]string{"vm1": "running", "vm2": "shut off", "vm3": "paused"}
	if len(doms) != len(want) {
		t.Fatalf("got %d domains, want %d: %s", len(doms), len(want), out)
	}
	for _, d := range doms {
		for _, k := range []string{"name", "uuid", "id", "state", "persistent"} {
			if _, ok := d[k]; !ok {
				t.Errorf("domain %v lacks key %q", d["name"], k)
			}
		}
		if got := d["state"]; got != want[d["name"].(string)] {
			t.Errorf("%v state = %v, want %s", d["name"], got, want[d["name"].(string)])
		}
		if d["name"] == "vm2" && d["id"].(float64) != -1 {
			t.Errorf("shut-off vm2 has id %v, want -1", d["id"])
		}
	}
}

func TestShowJSONShape(t *testing.T) {
	out := mustRun(t, "-c", nodeURI(t), "show", "vm1", "--json")
	var d struct {
		Domain string           `json:"domain"`
		State  string           `json:"state"`
		NICs   []map[string]any `json:"nics"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("show --json: %v\n%s", err, out)
	}
	if d.Domain != "vm1" || d.State != "running" || len(d.NICs) != 2 {
		t.Fatalf("unexpected show output: %s", out)
	}
	for _, k := range []string{"index", "mac", "type", "source", "mode", "portgroup", "model", "link", "target", "virtualport", "pending"} {
		if _, ok := d.NICs[0][k]; !ok {
			t.Errorf("nic lacks key %q", k)
		}
	}
	n0 := d.NICs[0]
	if n0["type"] != "direct" || n0["source"] != "eth0" || n0["mode"] != "vepa" || n0["link"] != "up" || n0["model"] != "virtio" {
		t.Errorf("NIC 0 = %v", n0)
	}
	vp := n0["virtualport"].(map[string]any)
	if vp["type"] != "802.1Qbg" || vp["managerid"].(float64) != 11 || vp["typeid"].(float64) != 1193047 ||
		vp["typeidversion"].(float64) != 2 || vp["instanceid"] != "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f" {
		t.Errorf("virtualport = %v", vp)
	}
	if _, has := vp["profileid"]; has {
		t.Errorf("802.1Qbg virtualport carries profileid: %v", vp)
	}
	if d.NICs[1]["virtualport"] != nil || d.NICs[1]["mode"] != nil {
		t.Errorf("network NIC has mode/virtualport: %v", d.NICs[1])
	}
}

func TestSetModeAndVirtualPortPrintsRereadXML(t *testing.T) {
	out := mustRun(t, "-c", nodeURI(t), "set", "vm2", "52:54:00:00:02:01", "--mode", "private",
		"--virtualport", "802.1Qbh", "--profileid", "finance", "--print-xml")
	for _, want := range []string{"mode: bridge → private", "config applied", "<domain", "mode='private'", "type='802.1Qbh'", "profileid='finance'"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The other NIC's openvswitch port must survive untouched.
	if !strings.Contains(out, "interfaceid='6e1b1f4c-1c1d-4d5e-9c2b-0a0b0c0d0e0f'") {
		t.Errorf("the other NIC's virtual port was lost:\n%s", out)
	}
}

func TestValidationExitsTwoAndNamesEveryField(t *testing.T) {
	_, errOut, code := runCLI(t, "-c", nodeURI(t), "set", "vm1", "0", "--managerid", "0", "--typeid", "16777216", "--typeidversion", "256")
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr: %s", code, errOut)
	}
	for _, want := range []string{"managerid", "1–255", "typeid", "0–16777215", "typeidversion", "0–255"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	uri := nodeURI(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"set", "vm1", "0", "--profileid", "x"}, "does not apply to a 802.1Qbg"},
		{[]string{"set", "vm1", "1", "--mode", "private"}, "--mode applies only to macvtap"},
		{[]string{"set", "vm1", "0", "--network", "default", "--bridge", "br0"}, "exclude each other"},
		{[]string{"set", "vm1", "7"}, "NIC 7 does not exist"},
		{[]string{"set", "vm1", "0", "--link", "sideways"}, "allowed up or down"},
		{[]string{"set", "vm1", "0", "--virtualport", "vxlan"}, "allowed none, untyped, 802.1Qbg"},
		{[]string{"set", "vm1", "0", "--managerid", "eleven"}, "not a whole number"},
		{[]string{"set", "vm1", "0", "--mac", "01:00:5e:00:00:01"}, "multicast"},
		{[]string{"set", "vm1", "0", "--mac", "52:54:00:00:02:01"}, "vm2"},
		{[]string{"set", "vm1"}, "needs DOMAIN and NIC"},
		{[]string{"list", "--bogus"}, "unknown flag"},
	}
	for _, tc := range cases {
		_, errOut, code := runCLI(t, append([]string{"-c", uri}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 mentioning %q", tc.args, code, errOut, tc.want)
		}
	}
}

// test:///default keeps its state while any connection to it is open, so
// holding one open lets later runs see whether a run wrote anything.
// showConfig is show --json without what a running guest is doing
// (addresses, counters): the part a write may change.
func showConfig(t *testing.T, args ...string) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, append(args, "--json")...)), &d); err != nil {
		t.Fatal(err)
	}
	delete(d, "addresses_from")
	for _, n := range d["nics"].([]any) {
		delete(n.(map[string]any), "addresses")
		delete(n.(map[string]any), "stats")
	}
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestRefusedAndDryRunWritesLeaveConfigAlone(t *testing.T) {
	const uri = "test:///default"
	keep, err := libvirtx.Open(uri, true)
	if err != nil {
		t.Fatal(err)
	}
	defer keep.Close()
	before := showConfig(t, "-c", uri, "show", "test")

	if _, _, code := runCLI(t, "-c", uri, "set", "test", "0", "--direct", "eth1", "--virtualport", "802.1Qbg", "--managerid", "300", "--typeid", "1", "--typeidversion", "1"); code != 2 {
		t.Fatalf("invalid managerid: exit %d, want 2", code)
	}
	out := mustRun(t, "-c", uri, "set", "test", "0", "--link", "down", "--dry-run")
	if !strings.Contains(out, "+") || !strings.Contains(out, "state='down'") && !strings.Contains(out, `state="down"`) {
		t.Errorf("dry run did not print the diff:\n%s", out)
	}
	if after := showConfig(t, "-c", uri, "show", "test"); after != before {
		t.Errorf("config changed without a write:\nbefore %s\nafter %s", before, after)
	}

	mustRun(t, "-c", uri, "set", "test", "0", "--link", "down")
	if after := mustRun(t, "-c", uri, "show", "test", "--json"); !strings.Contains(after, `"link": "down"`) {
		t.Errorf("link down was not written: %s", after)
	}
	mustRun(t, "-c", uri, "set", "test", "0", "--link", "up")
}

func TestReadOnlyCannotWrite(t *testing.T) {
	_, errOut, code := runCLI(t, "-r", "-c", nodeURI(t), "set", "vm2", "0", "--link", "down")
	if code != 1 {
		t.Fatalf("read-only write: exit %d, want 1; %s", code, errOut)
	}
	if !strings.Contains(errOut, "read only access prevents") || !strings.Contains(errOut, "read-only connection") {
		t.Errorf("stderr should carry libvirt's words and the meaning: %s", errOut)
	}
}

func TestUnknownDomainIsALibvirtError(t *testing.T) {
	_, errOut, code := runCLI(t, "-c", nodeURI(t), "show", "nope")
	if code != 1 || !strings.Contains(errOut, "nope") {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
}

func TestAddAndRemove(t *testing.T) {
	out := mustRun(t, "-c", nodeURI(t), "add", "vm2", "--print-xml")
	if !strings.Contains(out, "added: config applied") || strings.Count(out, "<interface") != 3 || !strings.Contains(out, "network='default'") {
		t.Errorf("add output:\n%s", out)
	}
	out = mustRun(t, "-c", nodeURI(t), "remove", "vm2", "1", "--print-xml")
	if !strings.Contains(out, "removed: config applied") || strings.Count(out, "<interface") != 1 || strings.Contains(out, "br0") {
		t.Errorf("remove output:\n%s", out)
	}
}

func TestStdoutHasOnlyTheResult(t *testing.T) {
	out, errOut, code := runCLI(t, "--demo", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doms []map[string]any
	if err := json.Unmarshal([]byte(out), &doms); err != nil {
		t.Fatalf("stdout is not pure JSON: %v\n%s", err, out)
	}
	if len(doms) < 8 {
		t.Errorf("demo has %d domains, want ≥ 8", len(doms))
	}
}
