package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Several -c on libvirt's test driver: each node file is a host of its own
// (the real-daemon side is multihost_realdaemon_test.go).

// secondHost is the fixture host again with vm2 renamed web:blue (a name
// with a colon) and vm3's MACs changed: vm1 and vm3 are on both hosts.
func secondHost(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("testdata/node.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(raw), "<name>vm2</name>", "<name>web:blue</name>", 1)
	s = strings.ReplaceAll(s, "52:54:00:00:03:", "52:54:00:00:b3:")
	p := filepath.Join(t.TempDir(), "second.xml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// noDaemon is a -c whose socket does not exist: it fails at once.
const noDaemon = "qemu+unix:///system?socket=/nonexistent/virtnic/libvirt-sock"

type listRow struct {
	Name, UUID, URI, Host string
	ID                    int
}

func decodeRows(t *testing.T, out string) []listRow {
	t.Helper()
	var rows []listRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	return rows
}

func TestSeveralHostsList(t *testing.T) {
	a, b := nodeURI(t), secondHost(t)
	hostname, _ := os.Hostname()
	rows := decodeRows(t, mustRun(t, "-c", b, "-c", a, "list", "--json"))
	var got []string
	for _, r := range rows {
		got = append(got, r.URI+" "+r.Name)
		if r.Host != hostname {
			t.Errorf("%s on %s: host %q, want libvirt's host name %q", r.Name, r.URI, r.Host, hostname)
		}
	}
	// Sorted by host (as given), then name, whatever the -c order.
	want := []string{a + " vm1", a + " vm2", a + " vm3", b + " vm1", b + " vm3", b + " web:blue"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("merged list:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	text := mustRun(t, "-c", a, "-c", b, "list")
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 7 || !strings.HasPrefix(lines[0], "HOST ") || !strings.Contains(text, b+"  ") ||
		!strings.Contains(text, "web:blue") {
		t.Errorf("text list with a HOST column:\n%s", text)
	}
	// One -c: no HOST column, the output as it always was.
	if one := mustRun(t, "-c", a, "list"); !strings.HasPrefix(one, "ID  NAME") {
		t.Errorf("one host:\n%s", one)
	}
}

// A host that fails is reported on stderr, the others are listed, and the
// exit status is 1; under --json the failure is the error document with
// an entry per failed host.
func TestSeveralHostsOneFails(t *testing.T) {
	a := nodeURI(t)
	out, stderr, code := runCLI(t, "-c", a, "-c", noDaemon, "list")
	if code != exitLibvirt || !strings.Contains(out, "vm3") || !strings.Contains(stderr, "connect to "+noDaemon) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	out, stderr, code = runCLI(t, "-c", noDaemon, "-c", a, "list", "--json")
	if rows := decodeRows(t, out); code != exitLibvirt || len(rows) != 3 || rows[0].URI != a {
		t.Errorf("exit %d, rows %+v", code, rows)
	}
	var doc struct {
		Error  struct{ Message string }
		Errors []struct {
			URI   string
			Error struct{ Libvirt struct{ Kind string } }
		}
	}
	if err := json.Unmarshal([]byte(stderr), &doc); err != nil {
		t.Fatalf("stderr is not JSON: %v\n%s", err, stderr)
	}
	if len(doc.Errors) != 1 || doc.Errors[0].URI != noDaemon || doc.Errors[0].Error.Libvirt.Kind != "no-daemon" ||
		!strings.Contains(doc.Error.Message, "1 of 2 hosts failed") {
		t.Errorf("error document: %+v\n%s", doc, stderr)
	}
	// show and check go on with the host that answered.
	if out, _, code := runCLI(t, "-c", a, "-c", noDaemon, "show", "vm2"); code != exitLibvirt || !strings.Contains(out, "vm2 (") {
		t.Errorf("show: exit %d\n%s", code, out)
	}
	if out, stderr, code := runCLI(t, "-c", checkHost(t, nil, "clean"), "-c", noDaemon, "check"); code != exitLibvirt ||
		!strings.Contains(out, "1 domain checked on 1 host") || !strings.Contains(stderr, noDaemon) {
		t.Errorf("check: exit %d\n%s%s", code, out, stderr)
	}
	// With one -c a failure is what it always was: one line, no summary.
	_, stderr, code = runCLI(t, "-c", noDaemon, "list")
	if code != exitLibvirt || strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "hosts failed") {
		t.Errorf("one host: exit %d: %q", code, stderr)
	}
}

type showHost struct{ Domain, UUID, URI, Host string }

func showOn(t *testing.T, args ...string) showHost {
	t.Helper()
	var s showHost
	if err := json.Unmarshal([]byte(mustRun(t, append(args, "--json")...)), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// HOST:DOMAIN and --host pick a host; a name on several hosts without one
// is a usage error naming them.
func TestSeveralHostsDomainQualifier(t *testing.T) {
	a, b := nodeURI(t), secondHost(t)
	hostname, _ := os.Hostname()
	for _, c := range []struct {
		args []string
		uri  string
		dom  string
	}{
		{[]string{"show", b + ":vm1"}, b, "vm1"},
		{[]string{"show", "vm1", "--host", a}, a, "vm1"},
		{[]string{"show", "vm2"}, a, "vm2"},           // on one host only
		{[]string{"show", "web:blue"}, b, "web:blue"}, // "web" is no host: the whole name
		{[]string{"show", b + ":web:blue"}, b, "web:blue"},
	} {
		got := showOn(t, append([]string{"-c", a, "-c", b}, c.args...)...)
		if got.URI != c.uri || got.Domain != c.dom || got.Host != hostname {
			t.Errorf("%v: %+v, want %s on %s (host %s)", c.args, got, c.dom, c.uri, hostname)
		}
	}
	_, stderr, code := runCLI(t, "-c", a, "-c", b, "show", "vm1")
	if code != exitValidation || !strings.Contains(stderr, "on 2 hosts ("+a+", "+b+")") || !strings.Contains(stderr, "HOST:vm1") {
		t.Errorf("ambiguous name: exit %d: %s", code, stderr)
	}
	// Both test-driver hosts are this machine: its name picks neither.
	if _, stderr, code := runCLI(t, "-c", a, "-c", b, "show", hostname+":vm1"); code != exitValidation || !strings.Contains(stderr, "host name of 2 connections") {
		t.Errorf("a host name two connections share: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "-c", a, "-c", b, "show", "vm1", "--host", "nohost"); code != exitValidation || !strings.Contains(stderr, "--host nohost") {
		t.Errorf("--host matching nothing: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "-c", a, "-c", b, "show", "nope"); code != exitLibvirt || !strings.Contains(stderr, "no domain nope on any of the hosts") {
		t.Errorf("a domain on no host: exit %d: %s", code, stderr)
	}
	// One -c: its host name qualifies too, and the text has no heading.
	if got := showOn(t, "-c", a, "show", hostname+":vm1"); got.Domain != "vm1" {
		t.Errorf("one host, HOSTNAME:vm1: %+v", got)
	}
	if out := mustRun(t, "-c", a, "-c", b, "show", "vm2"); !strings.HasPrefix(out, "== "+a+" ==\nvm2 (") {
		t.Errorf("several hosts: show's text starts with the host:\n%s", out)
	}
	if out := mustRun(t, "-c", a, "show", "vm2"); !strings.HasPrefix(out, "vm2 (") {
		t.Errorf("one host: show's text as it always was:\n%s", out)
	}
}

// A write with several -c goes to the one host its domain names.
func TestSeveralHostsWriteNeedsItsHost(t *testing.T) {
	a, b := nodeURI(t), secondHost(t)
	plan := mustRun(t, "-c", a, "set", "vm2", "0", "--link", "down", "--dry-run", "--json")
	for _, args := range [][]string{
		{"set", "vm2", "0", "--link", "down"},
		{"add", "vm2"},
		{"remove", "vm2", "0"},
		{"apply", "-"},
	} {
		_, stderr, code := runCLIStdin(t, strings.NewReader(plan), append([]string{"-c", a, "-c", b}, args...)...)
		if code != exitValidation || !strings.Contains(stderr, "writes to one host") {
			t.Errorf("%v without its host: exit %d: %s", args, code, stderr)
		}
	}
	out := mustRun(t, "-c", a, "-c", b, "set", b+":vm1", "0", "--link", "down", "--dry-run", "--json")
	if p := decodePlan(t, out); p.Domain != "vm1" || p.MAC != "52:54:00:00:01:01" {
		t.Errorf("plan on %s: %+v", b, p)
	}
	mustRun(t, "-c", a, "-c", b, "set", "web:blue", "0", "--host", b, "--link", "down", "--dry-run")
}

// check across two hosts finds each of clean's MACs on both: a warning
// (exit 3) on the second host's NICs, with the fix for that host.
func TestSeveralHostsCheckDuplicateMAC(t *testing.T) {
	a := checkHost(t, nil, "clean")
	b := checkHost(t, func(s string) string { return strings.Replace(s, "<name>clean</name>", "<name>copy</name>", 1) }, "clean")
	out, stderr, code := runCLI(t, "-c", a, "-c", b, "check", "--json")
	if code != exitWarnings {
		t.Fatalf("exit %d, want %d: %s", code, exitWarnings, stderr)
	}
	var res struct {
		Hosts []struct {
			URI, Host string
			Domains   int
		}
		Findings []struct{ Rule, URI, Host, Domain, Fix string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hosts) != 2 || res.Hosts[0].URI != a || res.Hosts[1].URI != b || res.Hosts[0].Host == "" || res.Hosts[1].Domains != 1 {
		t.Errorf("hosts: %+v", res.Hosts)
	}
	if len(res.Findings) != 3 { // clean has three NICs
		t.Fatalf("findings: %+v", res.Findings)
	}
	for _, f := range res.Findings {
		if f.Rule != "dup-mac-across-hosts" || f.URI != b || f.Domain != "copy" || !strings.HasPrefix(f.Fix, "virtnic -c "+b+" set copy ") {
			t.Errorf("finding: %+v", f)
		}
	}
	text, _, _ := runCLI(t, "-c", a, "-c", b, "check")
	if !strings.Contains(text, b+": copy NIC 0") || !strings.Contains(text, "2 domains checked on 2 hosts: no errors, 3 warnings") {
		t.Errorf("text:\n%s", text)
	}
}

func TestSeveralHostsSources(t *testing.T) {
	a, b := nodeURI(t), secondHost(t)
	var all []struct{ URI, Host string }
	if err := json.Unmarshal([]byte(mustRun(t, "-c", a, "-c", b, "sources", "--json")), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].URI != a || all[1].URI != b || all[0].Host == "" {
		t.Errorf("sources of two hosts: %+v", all)
	}
	text := mustRun(t, "-c", a, "-c", b, "sources")
	if !strings.HasPrefix(text, "== "+a+" ==\nVirtual networks:") || !strings.Contains(text, "\n\n== "+b+" ==\nVirtual networks:") {
		t.Errorf("text:\n%s", text)
	}
	var one struct{ URI string }
	if err := json.Unmarshal([]byte(mustRun(t, "-c", a, "sources", "--json")), &one); err != nil || one.URI != a {
		t.Errorf("one host: an object as before, with its uri: %+v %v", one, err)
	}
}

func TestSeveralHostsCompletion(t *testing.T) {
	a, b := nodeURI(t), secondHost(t)
	got, _, _ := complete(t, "-c", a, "-c", b, "show", "")
	want := []string{a + ":vm1", a + ":vm2", a + ":vm3", b + ":vm1", b + ":vm3", b + ":web:blue"}
	if !slices.Equal(got, want) {
		t.Errorf("domains of two hosts: %v, want %v", got, want)
	}
	if got, _, _ := complete(t, "-c", a, "-c", b, "set", b+":vm1", ""); !slices.Equal(got, []string{"0", "1"}) {
		t.Errorf("NICs of %s:vm1: %v", b, got)
	}
	if got, _, _ := complete(t, "-c", a, "-c", b, "show", "--host", ""); !slices.Equal(got, []string{a, b}) {
		t.Errorf("--host: %v", got)
	}
	if got, _, _ := complete(t, "-c", a, "-c", b, "show", "--host", b, ""); !slices.Contains(got, "web:blue") {
		t.Errorf("domains of --host %s: %v", b, got)
	}
}

func TestParseDomainArg(t *testing.T) {
	givens := []string{"hv1", "qemu+ssh://root:pw@hv2/system", "qemu+ssh://root:pw@hv2/system?keyfile=k"}
	for _, c := range []struct {
		arg, flag string
		want      domainArg
	}{
		{"web", "", domainArg{host: -1, name: "web"}},
		{"hv1:web", "", domainArg{host: 0, name: "web"}},
		{"hv1:a:b", "", domainArg{host: 0, name: "a:b"}},
		// A URI has colons of its own; the shown form (no password) works.
		{"qemu+ssh://root:pw@hv2/system:web", "", domainArg{host: 1, name: "web"}},
		{"qemu+ssh://root@hv2/system:web", "", domainArg{host: 1, name: "web"}},
		// The longest -c value wins.
		{"qemu+ssh://root:pw@hv2/system?keyfile=k:web", "", domainArg{host: 2, name: "web"}},
		// Not a -c value: maybe a host name, else the whole name.
		{"node1:web", "", domainArg{host: -1, name: "web", byName: "node1", whole: "node1:web"}},
		{":web", "", domainArg{host: -1, name: ":web"}},
		{"web:", "", domainArg{host: -1, name: "web:"}},
		// --host: the argument is always the whole name.
		{"hv1:web", "qemu+ssh://root@hv2/system", domainArg{host: 1, name: "hv1:web"}},
		{"web", "node1", domainArg{host: -1, name: "web", byName: "node1", fromFlag: true}},
	} {
		if got := parseDomainArg(c.arg, c.flag, givens); got != c.want {
			t.Errorf("parseDomainArg(%q, --host %q) = %+v, want %+v", c.arg, c.flag, got, c.want)
		}
	}
}
