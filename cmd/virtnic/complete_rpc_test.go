package main

import (
	"fmt"
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// TestCompletionCallCounts: TAB waits on every libvirt round trip, so what
// a completion costs must not grow with the host's domains, and a domain
// name costs one listing. Counted as TestLibvirtCallCounts counts, on the
// real binary against a private libvirtd, with 2 and then 12 domains.
func TestCompletionCallCounts(t *testing.T) {
	d := testdaemon.Shared(t)
	bin := virtnicBinary(t)
	var names []string
	define := func(n int) {
		for i := len(names); i < n; i++ {
			name := fmt.Sprintf("vncomp%02d", i)
			d.DefineDomain(t, name, testdaemon.DisklessDomainXML(name, testdaemon.MAC(0x7d0000+i), "vncompnone", "vepa"))
			names = append(names, name)
		}
	}
	probes := []struct {
		name string
		args []string
		want string // a candidate the answer must hold
	}{
		{"domains", []string{"show", ""}, "vncomp00\t"},
		{"NICs", []string{"set", "vncomp00", ""}, "0\t" + testdaemon.MAC(0x7d0000) + " direct vncompnone"},
		{"networks", []string{"add", "vncomp00", "--network", ""}, ":4"},
		{"bridges", []string{"add", "vncomp00", "--bridge", ""}, ":4"},
		{"host devices", []string{"add", "vncomp00", "--direct", ""}, ":4"},
	}
	counts := make([][2]rpcCount, len(probes))
	var list rpcCount
	for round, n := range []int{2, 12} {
		define(n)
		for i, p := range probes {
			var out string
			out, counts[i][round] = runCounted(t, bin, append([]string{"__complete", "-c", d.URI()}, p.args...)...)
			if !strings.Contains(out, p.want) {
				t.Errorf("completion of %s: answer lacks %q:\n%s", p.name, p.want, out)
			}
		}
		_, list = runCounted(t, bin, "-c", d.URI(), "list", "--json")
	}
	for i, p := range probes {
		small, large := withoutClose(counts[i][0]), withoutClose(counts[i][1])
		t.Logf("completion of %-12s %3d RPC calls with 2 domains, %3d with 12: %s", p.name, small.total, large.total, large)
		if small.total != large.total {
			t.Errorf("completion of %s makes %d libvirt calls with 2 domains but %d with 12\n  2: %s\n 12: %s",
				p.name, small.total, large.total, small, large)
		}
	}
	// A domain name costs one listing more than connecting; list needs two.
	if dom := withoutClose(counts[0][1]); dom.total >= withoutClose(list).total {
		t.Errorf("completing a domain name costs %d calls, list %d: want fewer\n  completion: %s\n  list: %s", dom.total, list.total, dom, list)
	}
	for api, n := range counts[0][1].byAPI {
		if strings.HasPrefix(api, "virDomain") {
			t.Errorf("completing a domain name called %s %d times: names come from the listing", api, n)
		}
	}
}

// withoutClose leaves out the close: a completion answers before it closes
// its connection, and the process may end before the close is sent.
func withoutClose(c rpcCount) rpcCount {
	out := rpcCount{total: c.total, byAPI: map[string]int{}}
	for api, n := range c.byAPI {
		if strings.HasPrefix(api, "virConnectClose/") {
			out.total -= n
			continue
		}
		out.byAPI[api] = n
	}
	return out
}
