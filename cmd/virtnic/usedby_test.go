package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// On the demo host mail reaches eth1 through the macvtap network
// macvtap-net: sources lists it among eth1's users, marked so.
func TestSourcesUsedByThroughNetwork(t *testing.T) {
	var src struct {
		Devices []struct {
			Name   string           `json:"name"`
			UsedBy []map[string]any `json:"used_by"`
		} `json:"devices"`
	}
	out := mustRun(t, "--demo", "sources", "--json")
	if err := json.Unmarshal([]byte(out), &src); err != nil {
		t.Fatalf("sources --json: %v\n%s", err, out)
	}
	var eth1 []map[string]any
	for _, d := range src.Devices {
		if d.Name == "eth1" {
			eth1 = d.UsedBy
		}
	}
	want := []map[string]any{
		{"domain": "build-runner", "mode": "private"},
		{"domain": "mail", "mode": "bridge", "network": "macvtap-net"},
		{"domain": "router-fw", "mode": "private"},
		{"domain": "web01", "mode": "bridge"},
	}
	if !reflect.DeepEqual(eth1, want) {
		t.Errorf("eth1 used_by = %v, want %v", eth1, want)
	}

	plain := mustRun(t, "--demo", "sources")
	if !strings.Contains(plain, "Host device eth1: macvtap  used by build-runner (private), mail (bridge via macvtap-net), router-fw (private), web01 (bridge)\n") {
		t.Errorf("plain sources:\n%s", plain)
	}
}

// Passing a device through while a macvtap network's guest may hold it is
// a warning, not a refusal: the network picks from its pool at start.
func TestPassthroughOntoNetworkDeviceWarns(t *testing.T) {
	demo, err := os.ReadFile("../../libvirtx/demo.xml")
	if err != nil {
		t.Fatal(err)
	}
	// Move macvtap-net onto eth0, which no direct NIC uses.
	node := strings.NewReplacer("<forward dev='eth1' mode='bridge'>", "<forward dev='eth0' mode='bridge'>",
		"<interface dev='eth1'/>", "<interface dev='eth0'/>").Replace(string(demo))
	if node == string(demo) {
		t.Fatal("the demo's macvtap-net is not where this test expects it")
	}
	path := filepath.Join(t.TempDir(), "node.xml")
	if err := os.WriteFile(path, []byte(node), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "-c", "test://"+path, "add", "staging-web", "--direct", "eth0", "--mode", "passthrough", "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d, want 0 (a warning only)\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	want := "virtnic: warning: source: source eth0 is also used by domain mail (NIC 0 through network macvtap-net, mode bridge): " +
		"passthrough takes the whole device, so it cannot be shared (mail is running on a device libvirt picked from the network's pool"
	if !strings.Contains(errOut, want) {
		t.Errorf("stderr lacks the network warning:\n%s", errOut)
	}
}
