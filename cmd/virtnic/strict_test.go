package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"virtnic/libvirtx"
)

// Every strict-input rule: exit 2, the message names the field or flag and
// what is allowed, and nothing is written. test:///default keeps its state
// for the whole test process, so "nothing written" is checked for real.
func TestStrictInput(t *testing.T) {
	const uri = "test:///default"
	keep, err := libvirtx.Open(uri, true)
	if err != nil {
		t.Fatal(err)
	}
	defer keep.Close()
	long := strings.Repeat("x", 10000)
	cases := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"empty mac", []string{"--mac", ""}, "--mac needs a value: a MAC address, or random"},
		{"empty mode", []string{"--direct", "eth1", "--force", "--mode", ""}, "--mode needs a value"},
		{"empty model", []string{"--model", ""}, "--model needs a value"},
		{"empty network", []string{"--network", ""}, "--network needs a value"},
		{"empty portgroup", []string{"--portgroup", ""}, "--portgroup needs a value"},
		{"empty bridge", []string{"--bridge", " "}, "--bridge needs a value"},
		{"empty instanceid", []string{"--direct", "eth1", "--virtualport", "802.1Qbg", "--instanceid", ""}, "--instanceid needs a value: a UUID, or random"},
		{"missing network", []string{"--network", "nosuch"}, `network "nosuch" does not exist`},
		{"missing portgroup", []string{"--portgroup", "gold"}, `portgroup "gold" does not exist: network default has no portgroups`},
		{"bridge with a space", []string{"--bridge", "br 0"}, `bridge "br 0" is not a Linux interface name`},
		{"bridge too long", []string{"--bridge", "br0123456789abcd"}, "a Linux interface name has 1–15"},
		{"direct path", []string{"--direct", "../../etc"}, `host device "../../etc" is not a Linux interface name`},
		{"direct dot", []string{"--direct", ".."}, `host device ".." is not an interface name`},
		{"direct unknown", []string{"--direct", "eth9"}, "source eth9 is not among this host's interfaces; eligible: eth1"},
		{"huge model", []string{"--model", long}, "model is 10000 characters: allowed 1–64"},
		{"model pattern", []string{"--model", "vir tio"}, `model "vir tio" is not a device model`},
		{"control in profileid", []string{"--virtualport", "openvswitch", "--profileid", "a\x1bb"}, "profileid contains control character U+001B"},
		{"C1 in profileid", []string{"--virtualport", "openvswitch", "--profileid", "gold\u0085"}, "profileid contains control character U+0085"},
		{"mode on network", []string{"--mode", "vepa"}, "--mode applies only to macvtap"},
		{"bad link", []string{"--link", "sideways"}, `--link "sideways": allowed up or down`},
	}
	before := showConfig(t, "-c", uri, "show", "test")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, append([]string{"-c", uri, "set", "test", "0"}, c.args...)...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, c.want)
			}
		})
	}
	if after := showConfig(t, "-c", uri, "show", "test"); after != before {
		t.Errorf("a refused edit was written:\nbefore %s\nafter %s", before, after)
	}
	// --force turns the unknown device into a warning, and none/random are
	// the spelled-out "remove" and "generate".
	out, stderr, code := runCLI(t, "-c", uri, "set", "test", "0", "--direct", "eth9", "--force", "--dry-run")
	if code != 0 || !strings.Contains(stderr, "eth9 is not among this host's interfaces") || !strings.Contains(out, "dev='eth9'") {
		t.Errorf("--force: exit %d\n%s\n%s", code, out, stderr)
	}
	out, _, code = runCLI(t, "-c", uri, "set", "test", "0", "--model", "none", "--mac", "random", "--dry-run", "--json")
	var p struct {
		Generated map[string]string `json:"generated"`
		Element   string            `json:"element"`
	}
	if err := json.Unmarshal([]byte(out), &p); code != 0 || err != nil || p.Generated["mac"] == "" || strings.Contains(p.Element, "<model") {
		t.Errorf("none/random: exit %d %v %+v", code, err, p)
	}
}

func fixtureURI(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// Real-world oddities libvirt accepts: a link toggle is never refused over
// a problem the NIC already had; a typeless virtual port shows as such; a
// MAC two NICs share by design cannot pick a NIC.
func TestOddNICs(t *testing.T) {
	uri := fixtureURI(t, "odd.xml")
	for _, nic := range []string{"0", "1", "2", "3", "4", "5"} {
		if _, stderr, code := runCLI(t, "-c", uri, "set", "odd", nic, "--link", "down"); code != 0 {
			t.Errorf("link toggle of NIC %s refused: exit %d: %s", nic, code, stderr)
		}
	}
	out := mustRun(t, "-c", uri, "show", "odd", "--json")
	var d struct {
		NICs []struct {
			VirtualPort map[string]any `json:"virtualport"`
		} `json:"nics"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if vp := d.NICs[0].VirtualPort; vp == nil || vp["type"] != "untyped" || vp["interfaceid"] != "6e1b1f4c-1c1d-4d5e-9c2b-0a0b0c0d0e0f" {
		t.Errorf("typeless virtualport in JSON = %v", vp)
	}
	if text := mustRun(t, "-c", uri, "show", "odd"); !strings.Contains(text, "untyped instanceid=09b11c53") {
		t.Errorf("typeless virtualport in show:\n%s", text)
	}
	_, stderr, code := runCLI(t, "-c", uri, "set", "odd", "52:54:00:0d:00:02", "--link", "down")
	if code != 2 || !strings.Contains(stderr, "2 NICs with MAC 52:54:00:0d:00:02 (indexes 1, 2)") {
		t.Errorf("set by a shared MAC: exit %d: %s", code, stderr)
	}
	_, stderr, code = runCLI(t, "-c", uri, "remove", "odd", "52:54:00:0d:00:02")
	if code != 2 || !strings.Contains(stderr, "indexes 1, 2") {
		t.Errorf("remove by a shared MAC: exit %d: %s", code, stderr)
	}
}

// --print-xml prints the domain without its secrets unless --security-info
// asks for them, as virsh dumpxml does; the write keeps them either way.
func TestPrintXMLSecrets(t *testing.T) {
	uri := fixtureURI(t, "odd.xml")
	out := mustRun(t, "-c", uri, "set", "odd", "0", "--link", "down", "--print-xml")
	if strings.Contains(out, "s3cret") || !strings.Contains(out, "<graphics") {
		t.Errorf("--print-xml shows the VNC password or no graphics:\n%s", out)
	}
	out = mustRun(t, "-c", uri, "set", "odd", "0", "--link", "down", "--print-xml", "--security-info")
	if !strings.Contains(out, "passwd='s3cret'") {
		t.Errorf("--print-xml --security-info lacks the VNC password:\n%s", out)
	}
}

// A domain libvirt accepted though parts of it fail libvirt's schema (a
// tap named with a space) can still have another NIC edited on the define
// path, with libvirt's complaint as a warning; an edit the schema itself
// rejects (a portgroup name with a space) is refused naming the field.
func TestSchemaFallback(t *testing.T) {
	uri := fixtureURI(t, "schema.xml")
	out, stderr, code := runCLI(t, "-c", uri, "set", "schema", "0", "--link", "down")
	if code != 0 || !strings.Contains(stderr, "already fails libvirt's schema outside this edit") || !strings.Contains(stderr, "failed to validate against schema") {
		t.Errorf("edit next to a schema-invalid NIC: exit %d\n%s%s", code, out, stderr)
	}
	_, stderr, code = runCLI(t, "-c", uri, "set", "clean", "0", "--portgroup", "gold tier")
	if code != 1 || !strings.Contains(stderr, "libvirt's schema rejects the edited NIC (changed: portgroup); nothing was written") {
		t.Errorf("edit the schema rejects: exit %d: %s", code, stderr)
	}
}
