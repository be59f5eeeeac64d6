package audit

import (
	"fmt"

	"virtnic/model"
)

// devices: the rules on NICs sharing a host device (model.DeviceConflicts:
// passthrough shared or twice, macvtap modes that do not reach each other),
// direct NICs on a device the host does not have, and 802.1Qbg on a device
// that is not a VLAN interface.
func (c *hostCheck) devices() {
	s := c.h.Survey
	for _, dev := range c.src.Devices {
		for _, k := range model.DeviceConflicts(dev.Name, dev.UsedBy) {
			c.conflict(k)
		}
	}
	if len(s.Ifaces) == 0 {
		c.found = append(c.found, Finding{Severity: Info, Rule: RuleNotChecked, URI: c.h.URI, Host: c.h.Name,
			Message: "the host lists no network interfaces, so direct NICs' devices and bridges were not checked"})
		return
	}
	ifaces := map[string]model.HostIface{}
	for _, h := range s.Ifaces {
		ifaces[h.Name] = h
	}
	c.each(func(d model.DomainNICs, n *model.NICBrief) {
		if n.Kind != model.KindDirect || n.Dev == "" {
			return
		}
		h, ok := ifaces[n.Dev]
		switch {
		case !ok:
			c.add(Error, RuleDeviceMissing, d, n, "",
				fmt.Sprintf("direct NIC on host device %s, which this host does not have: the guest cannot start (virtnic sources lists the devices)", n.Dev))
		case n.VPortType == model.VPortQbg && (h.Kind != model.IfaceVLAN || h.VLANID == 0):
			c.add(Warning, RuleQbgVLAN, d, n, "",
				fmt.Sprintf("802.1Qbg needs a non-zero VLAN ID, but %s is not a VLAN interface (use one like %s.2)", n.Dev, n.Dev))
		}
	})
}

// conflict words one device conflict as a finding on the NIC that breaks
// it: the one not holding the device, or the second holder, or the NIC in
// the mode that cuts the traffic.
func (c *hostCheck) conflict(k model.Conflict) {
	sev := Warning
	if k.Severity == model.SeverityError {
		sev = Error
	}
	var on model.DeviceUse
	rule, fix := RulePassthrough, ""
	switch k.Kind {
	case model.ConflictPassthroughShared:
		on = k.B[0]
	case model.ConflictPassthroughTwice:
		rule, on = RulePassthroughTwice, k.A[len(k.A)-1]
	case model.ConflictModeMix:
		rule, on = RuleModeMix, k.A[0]
		// Both ends in bridge mode talk directly; offer that when the
		// other side already is.
		if k.B[0].Mode == model.ModeBridge && on.Network == "" {
			fix = setCmd(c.h, on.Domain, on.Index, "--mode bridge")
		}
	default:
		return
	}
	d, n := c.nic(on)
	c.add(sev, rule, d, n, fix, k.Reason)
}

// nic finds a device use's domain and NIC in the survey.
func (c *hostCheck) nic(u model.DeviceUse) (model.DomainNICs, *model.NICBrief) {
	for _, d := range c.h.Survey.Domains {
		if d.Name != u.Domain {
			continue
		}
		for i := range d.NICs {
			if d.NICs[i].Index == u.Index {
				return d, &d.NICs[i]
			}
		}
		return d, nil
	}
	return model.DomainNICs{Name: u.Domain}, nil
}
