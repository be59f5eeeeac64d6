package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// TestSeveralHostsRealDaemons runs the CLI against two private libvirtds
// (separate directories, sockets and state): the merged list, a host that
// fails, HOST:DOMAIN, a name on both, a MAC on both found by check, a
// write that reaches only its host, and what listing both costs in RPCs.
func TestSeveralHostsRealDaemons(t *testing.T) {
	d1, d2 := testdaemon.Start(t), testdaemon.Start(t)
	bin := virtnicBinary(t)
	lower, _ := testdaemon.Veth(t, "vnmh")
	define := func(d *testdaemon.Daemon, name string, mac int) {
		d.DefineDomain(t, name, testdaemon.DisklessDomainXML(name, testdaemon.MAC(mac), lower, "bridge"))
	}
	define(d1, "vnmh-a", 0x7e1000)
	define(d1, "vnmh-both", 0x7e1001)
	define(d2, "vnmh-b", 0x7e1000) // the MAC of vnmh-a on the other host
	define(d2, "vnmh-both", 0x7e1002)
	u1, u2 := d1.URI(), d2.URI()

	r := runBin(bin, "-c", u1, "-c", u2, "list", "--json")
	var rows []listRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); r.code != 0 || err != nil {
		t.Fatalf("list: exit %d %v: %s", r.code, err, r.stderr)
	}
	var got []string
	for _, row := range rows {
		got = append(got, row.URI+" "+row.Name)
		if row.Host == "" {
			t.Errorf("%+v: no host name", row)
		}
	}
	want := []string{u1 + " vnmh-a", u1 + " vnmh-both", u2 + " vnmh-b", u2 + " vnmh-both"}
	slices.Sort(want) // by host, then name
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("merged list:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	r = runBin(bin, "-c", u1, "-c", noDaemon, "list")
	if r.code != exitLibvirt || !strings.Contains(r.stdout, "vnmh-both") || !strings.Contains(r.stderr, noDaemon) {
		t.Errorf("one host down: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	r = runBin(bin, "-c", u1, "-c", u2, "show", u2+":vnmh-both", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, testdaemon.MAC(0x7e1002)) || !strings.Contains(r.stdout, `"uri": "`+u2+`"`) {
		t.Errorf("show %s:vnmh-both: exit %d\n%s%s", u2, r.code, r.stdout, r.stderr)
	}
	if r = runBin(bin, "-c", u1, "-c", u2, "show", "vnmh-both"); r.code != exitValidation || !strings.Contains(r.stderr, "on 2 hosts") {
		t.Errorf("a name on both hosts: exit %d: %s", r.code, r.stderr)
	}

	r = runBin(bin, "-c", u1, "-c", u2, "check", "--json")
	var res struct {
		Findings []struct{ Rule, URI, Domain string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != exitWarnings {
		t.Fatalf("check: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if len(res.Findings) != 1 || res.Findings[0].Rule != "dup-mac-across-hosts" || res.Findings[0].URI != u2 || res.Findings[0].Domain != "vnmh-b" {
		t.Errorf("check: %+v", res.Findings)
	}

	// A write goes to exactly its host.
	before1 := d1.MustVirsh(t, "dumpxml", "--inactive", "vnmh-both")
	if r = runBin(bin, "-c", u1, "-c", u2, "set", "vnmh-both", "0", "--link", "down"); r.code != exitValidation {
		t.Errorf("a write without its host: exit %d: %s", r.code, r.stderr)
	}
	if r = runBin(bin, "-c", u1, "-c", u2, "set", u2+":vnmh-both", "0", "--link", "down"); r.code != 0 {
		t.Fatalf("set on %s: exit %d: %s", u2, r.code, r.stderr)
	}
	if n := configNICs(t, d2, "vnmh-both")[0]; n.Link != "down" {
		t.Errorf("%s: link %q after set, want down", u2, n.Link)
	}
	if after1 := d1.MustVirsh(t, "dumpxml", "--inactive", "vnmh-both"); after1 != before1 {
		t.Errorf("the write to %s changed the other host's vnmh-both:\n%s", u2, after1)
	}

	// Each host costs what it costs alone, and --rates adds two bulk calls
	// per host.
	_, one1 := runCounted(t, bin, "-c", u1, "list", "--json")
	_, one2 := runCounted(t, bin, "-c", u2, "list", "--json")
	_, both := runCounted(t, bin, "-c", u1, "-c", u2, "list", "--json")
	_, rates := runCounted(t, bin, "-c", u1, "-c", u2, "list", "--json", "--rates=100ms")
	t.Logf("list: %d + %d RPC calls alone, %d together, %d with --rates", one1.total, one2.total, both.total, rates.total)
	t.Logf("  together: %s", both)
	t.Logf("  --rates:  %s", rates)
	if both.total != one1.total+one2.total {
		t.Errorf("list of two hosts makes %d calls, the hosts alone %d and %d\n  %s\n  %s\n  %s", both.total, one1.total, one2.total, one1, one2, both)
	}
	if rates.total != both.total+4 || rates.procCalls(procGetAllDomainStats) != both.procCalls(procGetAllDomainStats)+4 {
		t.Errorf("list --rates of two hosts makes %d calls, list %d: want four more, all the bulk stats call\n  %s\n  %s", rates.total, both.total, both, rates)
	}
}

// procGetAllDomainStats is REMOTE_PROC_CONNECT_GET_ALL_DOMAIN_STATS.
const procGetAllDomainStats = 344
