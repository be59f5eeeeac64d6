package main

import (
	"fmt"
	"io"

	"virtnic/model"
	"virtnic/present"
)

// The JSON shapes of show's vlan, mtu and bandwidth.

type jsonVLANTag struct {
	ID     uint    `json:"id"`
	Native *string `json:"native"` // "tagged", "untagged", or null
}

type jsonVLAN struct {
	Trunk bool          `json:"trunk"`
	Tags  []jsonVLANTag `json:"tags"`
}

// toJSONVLAN is null for none; trunk is what libvirt makes of the element
// (trunk='yes' or several tags).
func toJSONVLAN(v *model.VLAN) *jsonVLAN {
	if v == nil {
		return nil
	}
	j := &jsonVLAN{Trunk: v.IsTrunk(), Tags: []jsonVLANTag{}}
	for _, t := range v.Tags {
		j.Tags = append(j.Tags, jsonVLANTag{ID: t.ID, Native: strOrNil(string(t.Native))})
	}
	return j
}

type jsonRate struct {
	Average *uint64 `json:"average,omitempty"` // KiB/s
	Peak    *uint64 `json:"peak,omitempty"`    // KiB/s
	Burst   *uint64 `json:"burst,omitempty"`   // KiB
	Floor   *uint64 `json:"floor,omitempty"`   // KiB/s
}

type jsonBandwidth struct {
	Inbound  *jsonRate `json:"inbound"`
	Outbound *jsonRate `json:"outbound"`
}

func toJSONBandwidth(b *model.Bandwidth) *jsonBandwidth {
	if b == nil {
		return nil
	}
	rate := func(r *model.BandwidthRate) *jsonRate {
		if r == nil {
			return nil
		}
		return &jsonRate{Average: r.Average, Peak: r.Peak, Burst: r.Burst, Floor: r.Floor}
	}
	return &jsonBandwidth{Inbound: rate(b.Inbound), Outbound: rate(b.Outbound)}
}

func mtuOrNil(mtu uint) *uint {
	if mtu == 0 {
		return nil
	}
	return &mtu
}

// printBandwidth lists each NIC's bandwidth under show's table: it is too
// long for a column.
func printBandwidth(w io.Writer, nics []model.NIC) {
	for _, n := range nics {
		if n.Bandwidth != nil {
			fmt.Fprintf(w, "  NIC %d bandwidth: %s\n", n.Index, present.BandwidthLabel(n.Bandwidth))
		}
	}
}
