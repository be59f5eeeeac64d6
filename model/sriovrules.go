package model

import "strings"

// validateSRIOV warns about passing through a PF whose VFs other domains
// use, and about a NIC on a VF of a PF another domain passes through. Both
// work, which is why they are warnings: the PF's port settings (MAC, VLAN
// filter, promiscuity) then belong to one guest while the VFs' guests share
// the port. ctx.SRIOV nil (not read) runs nothing.
func validateSRIOV(ps *problems, n NIC, ctx Context) {
	if n.Kind != KindDirect || n.Dev == "" || ctx.SRIOV == nil {
		return
	}
	if pf, ok := ctx.SRIOV.PFByKey(n.Dev); ok && n.Mode == ModePassthrough {
		var users []string
		for _, vf := range pf.VFs {
			for _, u := range ctx.DeviceUse[vf.Key()] {
				if u.Domain != ctx.Domain && !poolChoice(u) {
					users = append(users, u.Domain+" ("+vf.Key()+")")
				}
			}
		}
		if len(users) > 0 {
			ps.warnf(FieldMode, "source %s is an SR-IOV PF whose VFs serve %s: passthrough gives the PF's MAC, VLAN filter and promiscuous mode to this guest, and those VFs share its port", n.Dev, strings.Join(users, ", "))
		}
	}
	ref, ok := ctx.SRIOV.VFByKey(n.Dev)
	if !ok || ref.PF.Netdev == "" {
		return
	}
	for _, u := range ctx.DeviceUse[ref.PF.Netdev] {
		if u.Domain != ctx.Domain && u.Mode == ModePassthrough {
			ps.warnf(FieldSource, "source %s is %s, which domain %s passes through: that guest holds the port's MAC, VLAN filter and promiscuous mode, which this VF shares", n.Dev, VFLabel(ref), u.Domain)
		}
	}
}
