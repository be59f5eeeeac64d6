package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryUsageErrorExitsTwo: scripts tell "you called it wrong" (2) from
// "libvirt refused" (1) whatever part of the command line is wrong,
// including the mistakes cobra itself catches.
func TestEveryUsageErrorExitsTwo(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"lsit"}, `unknown command "lsit" for "virtnic"; did you mean list`},
		{"unknown command, no suggestion", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"help of an unknown command", []string{"help", "lsit"}, `unknown command "lsit"`},
		{"unknown completion shell", []string{"completion", "tcsh"}, `unknown command "tcsh" for "virtnic completion"`},
		{"argument to list", []string{"list", "web01"}, "virtnic list takes no arguments"},
		{"argument to sources", []string{"sources", "x"}, "virtnic sources takes no arguments"},
		{"argument to a completion shell", []string{"completion", "bash", "x"}, `"x"`},
		{"show without a domain", []string{"show"}, "needs DOMAIN (got 0"},
		{"show with two", []string{"show", "web01", "db01"}, "needs DOMAIN (got 2"},
		{"set without a NIC", []string{"set", "web01"}, "needs DOMAIN and NIC (got 1"},
		{"set with three", []string{"set", "web01", "0", "1", "--link", "down"}, "needs DOMAIN and NIC (got 3"},
		{"add with two", []string{"add", "web01", "db01"}, "needs DOMAIN (got 2"},
		{"remove without a NIC", []string{"remove", "web01"}, "needs DOMAIN and NIC (got 1"},
		{"apply without a file", []string{"apply"}, "needs FILE"},
		{"unknown flag", []string{"show", "web01", "--colour"}, "unknown flag: --colour"},
		{"unknown shorthand", []string{"list", "-Z"}, "unknown shorthand flag: 'Z'"},
		{"unknown global flag", []string{"--verbose", "list"}, "unknown flag: --verbose"},
		{"flag of another command", []string{"list", "--link", "down"}, "unknown flag: --link"},
		{"flag without its value", []string{"set", "web01", "0", "--link"}, "flag needs an argument: --link"},
		{"bad boolean", []string{"show", "web01", "--json=perhaps"}, `invalid argument "perhaps" for "--json"`},
		{"bad global boolean", []string{"--readonly=maybe", "list"}, `invalid argument "maybe"`},
		{"bad value", []string{"set", "web01", "0", "--link", "sideways"}, "allowed up or down"},
		{"blank value", []string{"set", "web01", "0", "--network", ""}, "--network needs a value"},
		{"--log without a file", []string{"list", "--log"}, "flag needs an argument: --log"},
		{"--log in a missing directory", []string{"--log", "/nonexistent/virtnic/x.log", "list"}, "--log /nonexistent/virtnic/x.log"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, append([]string{"--demo"}, tc.args...)...)
			if code != exitValidation || !strings.Contains(errOut, tc.want) {
				t.Errorf("virtnic --demo %s: exit %d, stderr %q; want exit 2 saying %q", strings.Join(tc.args, " "), code, errOut, tc.want)
			}
			if out != "" {
				t.Errorf("a usage error printed to stdout: %q", out)
			}
		})
	}
	// And what is right still works.
	for _, args := range [][]string{{"help", "set"}, {"completion", "bash"}, {"completion"}, {"--help"}, {"set", "--help"}} {
		if out, errOut, code := runCLI(t, append([]string{"--demo"}, args...)...); code != 0 || out == "" {
			t.Errorf("virtnic --demo %s: exit %d, %d bytes out; stderr %q", strings.Join(args, " "), code, len(out), errOut)
		}
	}
}

// TestDomainByIDOrUUID: the CLI takes what virsh takes. The demo's web01
// runs with ID 1; router-fw with ID 4.
func TestDomainByIDOrUUID(t *testing.T) {
	var want struct {
		UUID string `json:"uuid"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--demo", "show", "web01", "--json")), &want); err != nil || want.UUID == "" {
		t.Fatalf("show web01 --json: %v", err)
	}
	for _, arg := range []string{"1", want.UUID, strings.ToUpper(want.UUID)} {
		var got struct {
			Domain string `json:"domain"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, "--demo", "show", arg, "--json")), &got); err != nil || got.Domain != "web01" {
			t.Errorf("show %s: domain %q (%v), want web01", arg, got.Domain, err)
		}
	}
	out := mustRun(t, "--demo", "set", "4", "0", "--link", "down", "--dry-run")
	if !strings.Contains(out, "router-fw NIC 0") {
		t.Errorf("set 4 0 did not plan on router-fw (ID 4):\n%s", out)
	}
	_, errOut, code := runCLI(t, "--demo", "show", "99")
	if code != exitLibvirt || !strings.Contains(errOut, "no domain with that name, UUID or ID") {
		t.Errorf("show 99: exit %d, stderr %q; want exit 1 saying name, UUID or ID were tried", code, errOut)
	}
}

// TestLogForEverySubcommand: --log FILE records, for every subcommand, the
// command, the connection it got, what a write planned, and why a command
// failed, appending run after run.
func TestLogForEverySubcommand(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(plan, []byte(mustRun(t, "--demo", "set", "web01", "0", "--link", "down", "--dry-run", "--json")), 0o600); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(dir, "virtnic.log")
	runs := []struct {
		args []string
		want []string
	}{
		{[]string{"list"}, []string{"virtnic list", "connected to test://"}},
		{[]string{"show", "web01"}, []string{"virtnic show web01"}},
		{[]string{"sources"}, []string{"virtnic sources"}},
		{[]string{"set", "web01", "0", "--link", "down", "--dry-run"}, []string{"virtnic set web01 0", "plan: set web01 NIC 0"}},
		{[]string{"add", "db01", "--dry-run"}, []string{"virtnic add db01", "plan: add db01"}},
		{[]string{"remove", "db01", "1", "--dry-run"}, []string{"virtnic remove db01 1", "plan: remove db01 NIC 1"}},
		{[]string{"apply", plan}, []string{"virtnic apply " + plan, "apply FILE: set web01 NIC 0", "apply: set web01 NIC 0"}},
		{[]string{"show", "nope"}, []string{"virtnic show failed (exit 1): look up domain nope"}},
		{[]string{"set", "web01", "0", "--link", "sideways"}, []string{"virtnic set failed (exit 2): --link \"sideways\""}},
	}
	size := int64(0)
	for _, r := range runs {
		runCLI(t, append([]string{"--demo", "--log", logFile}, r.args...)...)
		data, err := os.ReadFile(logFile)
		if err != nil {
			t.Fatalf("%v: %v", r.args, err)
		}
		if int64(len(data)) <= size {
			t.Errorf("%v logged nothing", r.args)
			continue
		}
		added := string(data[size:])
		size = int64(len(data))
		for _, w := range r.want {
			if !strings.Contains(added, w) {
				t.Errorf("%v: the log lacks %q:\n%s", r.args, w, added)
			}
		}
	}
	if fi, err := os.Stat(logFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("log file mode: %v %v, want 0600", fi.Mode(), err)
	}
}
