package model

import (
	"strconv"
	"strings"
	"time"
)

// NetCounters are one guest interface's counters, as libvirt's bulk stats
// report them (net.<n>.*): cumulative since the backend device was created.
type NetCounters struct {
	Dev     string `json:"dev"` // backend device, e.g. vnet3, macvtap0
	RxBytes uint64 `json:"rx_bytes"`
	TxBytes uint64 `json:"tx_bytes"`
	RxPkts  uint64 `json:"rx_packets"`
	TxPkts  uint64 `json:"tx_packets"`
	RxErrs  uint64 `json:"rx_errors"`
	TxErrs  uint64 `json:"tx_errors"`
	RxDrop  uint64 `json:"rx_drops"`
	TxDrop  uint64 `json:"tx_drops"`
}

// NetSample is one poll of the counters of a host's running guests (or of
// one guest), with the time it was taken.
type NetSample struct {
	At     time.Time
	ByUUID map[string][]NetCounters
}

// StatValue is one typed parameter of a stats record.
type StatValue struct {
	S        string
	N        uint64
	IsString bool
}

// NetCountersFrom turns a record's net.<n>.<field> parameters into one
// NetCounters per interface, in libvirt's order.
func NetCountersFrom(params map[string]StatValue) []NetCounters {
	count := int(params["net.count"].N)
	out := make([]NetCounters, count)
	for field, v := range params {
		rest, ok := strings.CutPrefix(field, "net.")
		if !ok {
			continue
		}
		idx, name, ok := strings.Cut(rest, ".")
		i, err := strconv.Atoi(idx)
		if !ok || err != nil || i < 0 || i >= count {
			continue
		}
		setCounter(&out[i], name, v)
	}
	return out
}

func setCounter(c *NetCounters, name string, v StatValue) {
	ptr := map[string]*uint64{
		"rx.bytes": &c.RxBytes, "tx.bytes": &c.TxBytes, "rx.pkts": &c.RxPkts, "tx.pkts": &c.TxPkts,
		"rx.errs": &c.RxErrs, "tx.errs": &c.TxErrs, "rx.drop": &c.RxDrop, "tx.drop": &c.TxDrop,
	}[name]
	switch {
	case name == "name":
		c.Dev = v.S
	case ptr != nil:
		*ptr = v.N
	}
}

// Rate is a NIC's traffic between two samples, in bytes per second.
type Rate struct {
	Rx, Tx float64
}

// Rates pairs each interface of cur with the same device in prev and
// divides the counter growth by the time between them. A device missing
// from prev, or whose counters went down (the guest restarted and the
// device was made anew), has no rate yet.
func Rates(prev, cur NetSample) map[string]Rate {
	dt := cur.At.Sub(prev.At).Seconds()
	out := map[string]Rate{}
	if dt <= 0 {
		return out
	}
	before := map[string]NetCounters{}
	for _, cs := range prev.ByUUID {
		for _, c := range cs {
			before[c.Dev] = c
		}
	}
	for _, cs := range cur.ByUUID {
		for _, c := range cs {
			b, ok := before[c.Dev]
			if !ok || c.Dev == "" || c.RxBytes < b.RxBytes || c.TxBytes < b.TxBytes {
				continue
			}
			out[c.Dev] = Rate{Rx: float64(c.RxBytes-b.RxBytes) / dt, Tx: float64(c.TxBytes-b.TxBytes) / dt}
		}
	}
	return out
}

// DomainRate sums the rates of a domain's interfaces.
func DomainRate(rates map[string]Rate, s NetSample, uuid string) (Rate, bool) {
	var sum Rate
	found := false
	for _, c := range s.ByUUID[uuid] {
		if r, ok := rates[c.Dev]; ok {
			sum.Rx += r.Rx
			sum.Tx += r.Tx
			found = true
		}
	}
	return sum, found
}
