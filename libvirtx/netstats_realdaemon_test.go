package libvirtx_test

import (
	"testing"
	"time"

	"virtnic/libvirtx/testdaemon"
	"virtnic/model"
)

// On a real daemon the bulk call carries every running guest's counters
// (they exist at zero traffic), one call for the host; rates between two
// samples are defined for the guest's device; address sources that cannot
// answer (no lease, no agent) say why.
func TestNetStatsRealDaemon(t *testing.T) {
	d := testdaemon.Start(t)
	a, _ := testdaemon.Veth(t, "vnst")
	const dom, mac = "vnstats1", "52:54:00:7d:05:01"
	d.DefineDomain(t, dom, testdaemon.DisklessDomainXML(dom, mac, a, "bridge"))
	d.StartDomain(t, dom)
	c := rdOpen(t, d.URI(), true)
	ld := rdLoad(t, c, dom)
	target := ld.NICs[0].Target
	if target == "" {
		t.Fatalf("running guest's NIC has no target: %+v", ld.NICs[0])
	}

	first, err := c.NetStats()
	if err != nil {
		t.Fatal(err)
	}
	got := first.ByUUID[ld.Info.UUID]
	if len(got) != 1 || got[0].Dev != target {
		t.Fatalf("bulk stats for %s: %+v, want one interface %s", dom, got, target)
	}
	time.Sleep(200 * time.Millisecond)
	second, err := c.DomainNetStats(ld.Info.UUID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.ByUUID) != 1 || len(second.ByUUID[ld.Info.UUID]) != 1 {
		t.Fatalf("one domain's stats: %+v", second.ByUUID)
	}
	r, ok := model.Rates(first, second)[target]
	if !ok || r.Rx < 0 || r.Tx < 0 {
		t.Errorf("rate of %s: %+v %v", target, r, ok)
	}

	rep, err := c.Addresses(ld)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Source != "" {
		t.Logf("addresses from %s: %+v", rep.Source, rep.Ifaces)
	} else if len(rep.Tried) != 3 || rep.Tried["agent"] == "" {
		t.Errorf("no source answered, yet tried says %+v", rep.Tried)
	}
}
