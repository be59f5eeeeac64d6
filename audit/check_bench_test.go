package audit

import (
	"fmt"
	"testing"

	"virtnic/model"
)

// BenchmarkCheck10k is the terminal UI's cost of checking a host again
// after each survey change: 10,000 domains with a network, a bridge and a
// macvtap NIC each.
func BenchmarkCheck10k(b *testing.B) {
	var doms []model.DomainNICs
	for i := range 10000 {
		mac := func(k int) string { return fmt.Sprintf("52:54:%02x:%02x:%02x:%02x", k, i>>16&0xff, i>>8&0xff, i&0xff) }
		doms = append(doms, model.DomainNICs{Name: fmt.Sprintf("vm%05d", i), Active: i%3 == 0, NICs: []model.NICBrief{
			nic(0, mac(1), model.KindNetwork, "default"), nic(1, mac(2), model.KindBridge, "br0"), nic(2, mac(3), model.KindDirect, "eth0")}})
	}
	hosts := []Host{host("a", doms...)}
	b.ResetTimer()
	for b.Loop() {
		if fs := Check(hosts); len(fs) != 0 {
			b.Fatalf("%d findings on a clean host: %+v", len(fs), fs[0])
		}
	}
}
