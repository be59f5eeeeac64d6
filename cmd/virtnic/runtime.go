package main

import (
	"fmt"
	"io"
	"strings"

	"virtnic/libvirtx"
	"virtnic/present"
)

// addRuntime adds what a running guest's NICs are doing: addresses (a
// call per source asked, lease first) and counters (one call). Neither is
// worth failing show over: a guest without agent or lease has no addresses
// to report, and that is what show says.
func addRuntime(c *libvirtx.Conn, d *libvirtx.Domain, out *jsonDomain) {
	if !d.Info.State.Active() {
		return
	}
	var targets []string
	for _, n := range d.NICs {
		targets = append(targets, n.Target)
	}
	if rep, err := c.Addresses(d); err == nil {
		out.AddressesFrom = rep.Source
		for i := range out.NICs {
			if a := rep.For(out.NICs[i].MAC); a != nil {
				out.NICs[i].Addresses = a
			}
		}
	}
	stats, err := c.DomainNetStats(d.Info.UUID, targets)
	if err != nil {
		return
	}
	for _, cs := range stats.ByUUID[d.Info.UUID] {
		for i := range out.NICs {
			if t := out.NICs[i].Target; t != nil && *t == cs.Dev {
				cs := cs
				out.NICs[i].Stats = &cs
			}
		}
	}
}

// printRuntime is show's text for the same: one line per NIC that has
// addresses or counters.
func printRuntime(w io.Writer, d jsonDomain) {
	for _, n := range d.NICs {
		var parts []string
		if len(n.Addresses) > 0 {
			parts = append(parts, strings.Join(n.Addresses, " ")+" (from "+d.AddressesFrom+")")
		}
		if s := n.Stats; s != nil {
			parts = append(parts, fmt.Sprintf("rx %s (%d packets), tx %s (%d packets)", present.Bytes(s.RxBytes), s.RxPkts, present.Bytes(s.TxBytes), s.TxPkts))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "  NIC %d: %s\n", n.Index, strings.Join(parts, "; "))
		}
	}
}
