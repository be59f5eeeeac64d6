package main

import (
	"fmt"
	"io"
	"strings"

	"virtnic/libvirtx"
	"virtnic/model"
)

// alreadyThere is add --if-missing finding the NIC it would add: not an
// error, the run is a no-op.
type alreadyThere struct {
	nic model.NIC
	why string
}

func (e *alreadyThere) Error() string { return e.why }

// findExisting matches the NIC to add against the domain's: by MAC when one
// was given (a MAC names one NIC), else by source, since "a NIC on network
// default" is what a provisioning script means by "the NIC". --mac random
// names no MAC, so it matches by source.
func findExisting(d *libvirtx.Domain, want model.NIC) error {
	if want.MAC != "" && !strings.EqualFold(want.MAC, "random") {
		mac, err := model.ParseMAC(want.MAC)
		if err != nil {
			return nil // validation will say why
		}
		for _, n := range d.NICs {
			if have, err := model.ParseMAC(n.MAC); err == nil && have == mac {
				return &alreadyThere{n, fmt.Sprintf("NIC %d already has MAC %s: nothing added", n.Index, mac)}
			}
		}
		return nil
	}
	kind, source := want.Kind, want.Source()
	if kind == "" {
		kind, source = model.KindNetwork, "default" // what add writes then
	}
	for _, n := range d.NICs {
		if n.Kind == kind && n.Source() == source {
			return &alreadyThere{n, fmt.Sprintf("NIC %d (%s) is already on %s %s: nothing added", n.Index, n.MAC, kind, source)}
		}
	}
	return nil
}

func reportUnchanged(c *libvirtx.Conn, d *libvirtx.Domain, there *alreadyThere, f *nicFlags, stdout io.Writer) error {
	if f.asJSON {
		return writeJSON(stdout, unchangedJSON(c, d, there.nic, there.why))
	}
	fmt.Fprintf(stdout, "%s: %s\n", d.Info.Name, there.why)
	return nil
}
