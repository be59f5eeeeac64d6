package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
	"virtnic/model"
)

type planJSON struct {
	Op        string            `json:"op"`
	Domain    string            `json:"domain"`
	MAC       string            `json:"mac"`
	Path      string            `json:"path"`
	Generated map[string]string `json:"generated"`
	Element   string            `json:"element"`
	Diff      string            `json:"diff"`
	Changes   []struct {
		Field string `json:"field"`
		New   string `json:"new"`
		Live  struct {
			Status string `json:"status"`
		} `json:"live"`
	} `json:"changes"`
	Fingerprints struct {
		Domain string `json:"domain"`
		NIC    string `json:"nic"`
	} `json:"fingerprints"`
}

func decodePlan(t *testing.T, out string) planJSON {
	t.Helper()
	var p planJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("plan is not JSON: %v\n%s", err, out)
	}
	return p
}

// A saved plan is applied exactly: the MAC and instanceid generated when it
// was planned are the ones libvirt holds afterwards; applying it again, or
// after someone changed the NIC, writes nothing and exits 1.
func TestApplySavedPlanRealDaemon(t *testing.T) {
	d := testdaemon.Shared(t)
	bin := virtnicBinary(t)
	const dom = "vnplan1"
	raceDomain(t, d, dom, 0x7f0400)
	uri := d.URI()
	r := runBin(bin, "-c", uri, "set", dom, "0", "--mac", "random", "--virtualport", "802.1Qbg",
		"--managerid", "12", "--typeid", "1193047", "--typeidversion", "2", "--dry-run", "--json")
	if r.code != 0 {
		t.Fatalf("dry run: exit %d: %s", r.code, r.stderr)
	}
	p := decodePlan(t, r.stdout)
	mac, inst := p.Generated[model.FieldMAC], p.Generated[model.FieldInstanceID]
	if p.Op != "set" || p.Path != "define" || mac == "" || inst == "" || p.MAC != mac ||
		!strings.Contains(p.Element, mac) || !strings.Contains(p.Element, inst) || p.Fingerprints.NIC == "" {
		t.Fatalf("plan: %+v", p)
	}
	if got := configNICs(t, d, dom)[0].MAC; got == mac {
		t.Fatal("the dry run wrote")
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runBin(bin, "-c", uri, "apply", file); r.code != 0 {
		t.Fatalf("apply: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	n := configNICs(t, d, dom)[0]
	if n.MAC != mac || n.VirtualPort == nil || n.VirtualPort.InstanceID != inst || *n.VirtualPort.ManagerID != 12 {
		t.Fatalf("libvirt holds %+v %+v, the plan said MAC %s instanceid %s", n, n.VirtualPort, mac, inst)
	}
	before := d.MustVirsh(t, "dumpxml", "--inactive", dom)
	r = runBin(bin, "-c", uri, "apply", file)
	if r.code != 1 || !strings.Contains(r.stderr, "changed by someone else") {
		t.Errorf("second apply: exit %d: %s", r.code, r.stderr)
	}

	// A plan made, then the NIC changed by virsh: refused, nothing written.
	r = runBin(bin, "-c", uri, "set", dom, "1", "--link", "down", "--dry-run", "--json")
	if r.code != 0 {
		t.Fatalf("dry run: %s", r.stderr)
	}
	if p := decodePlan(t, r.stdout); p.Path != "per-device" {
		t.Errorf("a link change plans path %q, want per-device", p.Path)
	}
	d.MustVirsh(t, "domif-setlink", dom, testdaemon.MAC(0x7f0401), "down", "--config")
	changed := d.MustVirsh(t, "dumpxml", "--inactive", dom)
	stdin := strings.NewReader(r.stdout)
	r2 := runWithStdin(bin, stdin, "-c", uri, "apply", "-")
	if r2.code != 1 || !strings.Contains(r2.stderr, "nothing was written") {
		t.Errorf("apply after virsh changed the NIC: exit %d: %s", r2.code, r2.stderr)
	}
	if now := d.MustVirsh(t, "dumpxml", "--inactive", dom); now != changed || before == changed {
		t.Error("the refused apply changed the config")
	}
}

// On the demo host (the test driver: no device calls) a plan saved by one
// process is applied by another, which starts from the same demo state.
func TestApplySavedPlanDemo(t *testing.T) {
	out := mustRun(t, "--demo", "set", "web01", "0", "--mac", "random", "--dry-run", "--json")
	p := decodePlan(t, out)
	if p.Generated["mac"] == "" || len(p.Changes) != 1 || p.Changes[0].Field != "mac" || p.Changes[0].New != p.Generated["mac"] {
		t.Fatalf("plan: %+v", p)
	}
	o, e, code := runCLIStdin(t, strings.NewReader(out), "--demo", "apply", "-", "--print-xml")
	if code != 0 {
		t.Fatalf("apply: exit %d: %s", code, e)
	}
	if !strings.Contains(o, "<mac address='"+p.Generated["mac"]+"'/>") {
		t.Errorf("applied XML lacks the planned MAC %s:\n%s", p.Generated["mac"], o)
	}
	// A plan for another domain state (a tampered element) is refused.
	bad := strings.Replace(out, p.Generated["mac"], "52:54:00:00:00:01", 1)
	if _, e, code := runCLIStdin(t, strings.NewReader(bad), "--demo", "apply", "-"); code == 0 {
		t.Errorf("a plan whose element and MAC disagree was applied: %s", e)
	}
}
