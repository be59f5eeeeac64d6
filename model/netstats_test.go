package model

import (
	"testing"
	"time"
)

func TestNetCountersAndRates(t *testing.T) {
	params := map[string]StatValue{
		"net.count": {N: 2}, "net.0.name": {S: "vnet0", IsString: true}, "net.0.rx.bytes": {N: 1000}, "net.0.tx.bytes": {N: 500},
		"net.1.name": {S: "macvtap3", IsString: true}, "net.1.rx.bytes": {N: 10}, "net.1.tx.pkts": {N: 7},
		"net.7.rx.bytes": {N: 1}, // out of range: ignored
	}
	cs := NetCountersFrom(params)
	if len(cs) != 2 || cs[0].Dev != "vnet0" || cs[0].RxBytes != 1000 || cs[1].Dev != "macvtap3" || cs[1].TxPkts != 7 {
		t.Fatalf("counters %+v", cs)
	}
	t0 := time.Unix(100, 0)
	prev := NetSample{At: t0, ByUUID: map[string][]NetCounters{"u": cs}}
	next := []NetCounters{{Dev: "vnet0", RxBytes: 3000, TxBytes: 1500}, {Dev: "macvtap3", RxBytes: 5}, {Dev: "vnet9", RxBytes: 9}}
	cur := NetSample{At: t0.Add(2 * time.Second), ByUUID: map[string][]NetCounters{"u": next}}
	r := Rates(prev, cur)
	if r["vnet0"] != (Rate{Rx: 1000, Tx: 500}) {
		t.Errorf("vnet0 rate %+v", r["vnet0"])
	}
	if _, ok := r["macvtap3"]; ok {
		t.Error("a counter that went down (device made anew) got a rate")
	}
	if _, ok := r["vnet9"]; ok {
		t.Error("a device not in the previous sample got a rate")
	}
	if sum, ok := DomainRate(r, cur, "u"); !ok || sum.Rx != 1000 {
		t.Errorf("domain rate %+v %v", sum, ok)
	}
	if len(Rates(cur, prev)) != 0 {
		t.Error("samples out of order gave rates")
	}
}
