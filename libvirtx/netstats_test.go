package libvirtx

import (
	"testing"
	"time"
)

// The test driver answers both calls as a real daemon would shape them:
// counters per backend device of every running guest, and addresses for
// a running guest's NICs, from the first source that has any.
func TestNetStatsAndAddressesDemo(t *testing.T) {
	c, err := OpenDemo(true)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	d, err := c.LoadDomain("web01")
	if err != nil {
		t.Fatal(err)
	}
	all, err := c.NetStats()
	if err != nil {
		t.Fatal(err)
	}
	var targets []string
	for _, n := range d.NICs {
		targets = append(targets, n.Target)
	}
	one, err := c.DomainNetStats(d.Info.UUID, targets)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.ByUUID) != 1 || len(one.ByUUID[d.Info.UUID]) != len(d.NICs) {
		t.Fatalf("one domain's stats: %+v (web01 has %d NICs)", one.ByUUID, len(d.NICs))
	}
	for i, n := range one.ByUUID[d.Info.UUID] {
		if n.Dev != targets[i] {
			t.Errorf("interface %d: %+v, want device %s", i, n, targets[i])
		}
	}
	// The test driver's bulk records have no interface group: no rates for
	// the list, rather than invented ones.
	if len(all.ByUUID[d.Info.UUID]) != 0 {
		t.Errorf("bulk call: %+v", all.ByUUID[d.Info.UUID])
	}
	for uuid := range all.ByUUID {
		if info, err := c.lookupUUID(uuid); err != nil {
			t.Errorf("bulk stats name an unknown domain %s", uuid)
		} else {
			info.Free()
		}
	}
	if time.Since(all.At) > time.Minute {
		t.Errorf("sample time %v", all.At)
	}
	rep, err := c.Addresses(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("addresses: %+v", rep)
	if rep.Source == "" || len(rep.For(d.NICs[0].MAC)) == 0 {
		t.Errorf("no address for web01's first NIC: %+v", rep)
	}
}
