package audit

import (
	"fmt"
	"strings"

	"virtnic/model"
)

// pfs: the PF rule (model.PFConflicts): a PF passed through while its VFs
// serve other guests, found on the NIC passing it through, and each NIC of
// another guest on one of its VFs, found on that NIC. libvirt and the
// kernel allow both, so they are warnings: passthrough hands the PF's MAC,
// VLAN filter and promiscuous mode to one guest, and the VFs share that
// port. NICs of one domain on both sides are that domain's own choice.
func (c *hostCheck) pfs() {
	for _, pu := range c.src.SRIOV {
		if len(pu.Conflicts) == 0 {
			continue
		}
		var holders []model.DeviceUse
		for _, u := range pu.Users {
			if u.Mode == model.ModePassthrough {
				holders = append(holders, u)
			}
		}
		for _, h := range holders {
			var served []string
			for _, vf := range pu.VFs {
				for _, u := range vf.Users {
					if u.Domain != h.Domain {
						served = append(served, fmt.Sprintf("%s (VF %d, %s)", u.Domain, vf.Index, vf.Key()))
					}
				}
			}
			if len(served) > 0 {
				d, n := c.nic(h)
				c.add(Warning, RulePFPassthrough, d, n, "", fmt.Sprintf(
					"passes SR-IOV PF %s through while its VFs serve %s: passthrough gives the PF's MAC, VLAN filter and promiscuous mode to this guest, and those VFs share its port",
					pu.Name(), strings.Join(served, ", ")))
			}
		}
		for _, vf := range pu.VFs {
			for _, u := range vf.Users {
				c.onPassedPF(pu, vf, u, holders)
			}
		}
	}
}

// onPassedPF words the finding on a NIC using VF vf of a PF that other
// domains (holders) pass through.
func (c *hostCheck) onPassedPF(pu model.PFUsage, vf model.VFUsage, u model.DeviceUse, holders []model.DeviceUse) {
	var by []string
	for _, h := range holders {
		if h.Domain != u.Domain {
			by = append(by, h.Domain)
		}
	}
	if len(by) == 0 {
		return
	}
	d, n := c.nic(u)
	c.add(Warning, RulePFPassthrough, d, n, "", fmt.Sprintf(
		"uses %s (VF %d of %s), whose PF %s passes through: that guest holds the port's MAC, VLAN filter and promiscuous mode, which this VF shares",
		vf.Key(), vf.Index, pu.Name(), strings.Join(by, " and ")))
}
