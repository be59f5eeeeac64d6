package model

import (
	"fmt"
	"strconv"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// The MTU a NIC may ask for: libvirt takes any number at define and sets it
// on the guest's tap device at start, where Linux refuses below 68 and
// above 65521 (65535 less the Ethernet header) — checked on libvirt 9.0:
// 67 and 65522 fail the start with "Cannot set interface MTU … Invalid
// argument", 68 and 65521 start.
const (
	MTUMin = 68
	MTUMax = 65521
)

// MTUApplies reports whether libvirt's QEMU driver sets an MTU on a NIC of
// kind k. It refuses <mtu> on the others at define ("setting MTU on
// interface type direct is not supported yet").
func MTUApplies(k SourceKind) bool { return k == KindNetwork || k == KindBridge }

func validateMTU(ps *problems, n NIC) {
	if n.MTU == 0 {
		return
	}
	if !MTUApplies(n.Kind) && editableOrHostdev(n.Kind) {
		ps.errorf(FieldMTU, "mtu %d: libvirt sets no MTU on a %s NIC (it refuses the definition: \"setting MTU on interface type %s is not supported yet\"); the guest gets the host device's MTU. An MTU applies to bridge and network NICs",
			n.MTU, kindWord(n.Kind), string(n.Kind))
	}
	if n.MTU < MTUMin || n.MTU > MTUMax {
		ps.errorf(FieldMTU, "mtu %d is out of range: allowed %d–%d (what Linux takes for the guest's tap device; blank keeps the bridge's)", n.MTU, MTUMin, MTUMax)
	}
}

func editableOrHostdev(k SourceKind) bool { return editableKind(k) || k == KindHostdev }

func kindWord(k SourceKind) string {
	switch k {
	case KindDirect:
		return "direct (macvtap)"
	case KindHostdev:
		return "hostdev (SR-IOV VF)"
	}
	return string(k)
}

// ParseMTU reads an MTU as typed: "" or "none" is none (0).
func ParseMTU(s string) (uint, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return 0, nil
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("mtu %q is not a whole number: allowed %d–%d, or none", s, MTUMin, MTUMax)
	}
	if v == 0 {
		return 0, fmt.Errorf("mtu 0 is out of range: allowed %d–%d, or none for the default", MTUMin, MTUMax)
	}
	return uint(v), nil
}

// BandwidthRate is one direction of a NIC's <bandwidth>, in libvirt's units:
// average, peak and floor in KiB/s, burst in KiB. nil means not set.
type BandwidthRate struct {
	Average, Peak, Burst, Floor *uint64
}

// Bandwidth is a NIC's <bandwidth> (quality of service). virtnic shows it
// and keeps it; it does not edit it.
type Bandwidth struct {
	Inbound, Outbound *BandwidthRate
}

func bandwidthFromXML(x *libvirtxml.DomainInterfaceBandwidth) *Bandwidth {
	if x == nil {
		return nil
	}
	return &Bandwidth{Inbound: rateFromXML(x.Inbound), Outbound: rateFromXML(x.Outbound)}
}

func rateFromXML(p *libvirtxml.DomainInterfaceBandwidthParams) *BandwidthRate {
	if p == nil {
		return nil
	}
	u := func(v *int) *uint64 {
		if v == nil || *v < 0 {
			return nil
		}
		x := uint64(*v)
		return &x
	}
	return &BandwidthRate{Average: u(p.Average), Peak: u(p.Peak), Burst: u(p.Burst), Floor: u(p.Floor)}
}

// RateString shows one direction: "average 1000 KiB/s, peak 5000 KiB/s,
// burst 1024 KiB"; "" for none.
func RateString(r *BandwidthRate) string {
	if r == nil {
		return ""
	}
	var parts []string
	add := func(name string, v *uint64, unit string) {
		if v != nil {
			parts = append(parts, fmt.Sprintf("%s %d %s", name, *v, unit))
		}
	}
	add("average", r.Average, "KiB/s")
	add("peak", r.Peak, "KiB/s")
	add("burst", r.Burst, "KiB")
	add("floor", r.Floor, "KiB/s")
	if len(parts) == 0 {
		return "set, no limits"
	}
	return strings.Join(parts, ", ")
}
