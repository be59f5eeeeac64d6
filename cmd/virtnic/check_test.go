package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// testdata/check.xml breaks each rule check can see on one host once;
// check finds exactly those, on exactly those NICs, and exits 4.
func TestCheckFindsEveryRule(t *testing.T) {
	uri := fixtureURI(t, "check.xml")
	out, stderr, code := runCLI(t, "-c", uri, "check", "--json")
	if code != exitErrors {
		t.Fatalf("exit %d, want %d: %s", code, exitErrors, stderr)
	}
	var res struct {
		Findings []struct {
			Severity, Rule, Domain, Fix string
			NIC                         *struct{ Index int }
		}
		Summary map[string]int
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		if f.NIC == nil || f.NIC.Index != 0 {
			t.Errorf("finding not on NIC 0: %+v", f)
		}
		got = append(got, f.Severity+" "+f.Rule+" "+f.Domain)
	}
	sort.Strings(got)
	want := []string{
		"error bridge-missing br-missing",
		"error device-missing dev-missing",
		"error dup-mac dup-b",
		"error network-missing net-missing",
		"error passthrough-shared pt-sharer",
		"error passthrough-twice pt-twice-b",
		"error portgroup-missing pg-missing",
		"error virtualport-kind vport-wrong",
		"error vlan-unsupported vlan-linuxbr",
		"warning mode-mix mix-vepa",
		"warning pf-passthrough pf-holder",
		"warning pf-passthrough vf-user",
		"warning qbg-no-vlan qbg-plain",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Summary["error"] != 9 || res.Summary["warning"] != 4 {
		t.Errorf("summary %v", res.Summary)
	}
	// The text form says the same, with the fix commands.
	text, _, code := runCLI(t, "-c", uri, "check")
	if code != exitErrors || !strings.Contains(text, "fix: virtnic -c "+uri+" set dup-b 0 --mac random") ||
		!strings.Contains(text, "18 domains checked: 9 errors, 4 warnings, no notes") {
		t.Errorf("text exit %d:\n%s", code, text)
	}
}

// Warnings only exit 3; a clean host exits 0.
func TestCheckExitCodes(t *testing.T) {
	if _, stderr, code := runCLI(t, "-c", checkHost(t, nil, "mix-bridge", "mix-vepa"), "check"); code != exitWarnings {
		t.Errorf("warnings only: exit %d: %s", code, stderr)
	}
	if out, stderr, code := runCLI(t, "-c", checkHost(t, nil, "clean"), "check"); code != 0 || !strings.Contains(out, "1 domain checked: no errors") {
		t.Errorf("clean host: exit %d: %s%s", code, out, stderr)
	}
}

// checkHost is a test-driver host with only the named domains of
// testdata/check.xml (and all its networks), edited by edit when it is not
// nil.
func checkHost(t *testing.T, edit func(string) string, names ...string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "check.xml"))
	if err != nil {
		t.Fatal(err)
	}
	s, kept := string(raw), ""
	for {
		i := strings.Index(s, "  <domain type='test'>")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "</domain>\n") + i + len("</domain>\n")
		block := s[i:j]
		s = s[:i] + s[j:]
		for _, n := range names {
			if strings.Contains(block, "<name>"+n+"</name>") {
				kept += block
			}
		}
	}
	s = strings.Replace(s, "  <network>", kept+"  <network>", 1)
	if edit != nil {
		s = edit(s)
	}
	p := filepath.Join(t.TempDir(), "node.xml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}
