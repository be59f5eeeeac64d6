package libvirtx

import (
	"errors"
	"strings"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// applyLive gives the running guest what it can take of a written plan: the
// live-capable fields of a set, the attach of an add, the unplug request of
// a remove. It runs only after the config is written, so a refusal here
// leaves a saved config that takes effect after the next guest shutdown.
func (c *Conn) applyLive(dom *libvirt.Domain, p *Plan, t target, res *Result) {
	notRunning := LiveOutcome{Status: LiveNotApplicable, Reason: "the domain is not running: config only"}
	if p.Op != model.OpSet {
		res.Live = notRunning
		if p.Running {
			res.Live = c.liveAddRemove(dom, p)
		}
		return
	}
	var live []model.Change
	for _, ch := range p.Changes {
		f := FieldOutcome{Change: ch.Change, Live: predicted(ch.Change, p.Running)}
		if p.Running && ch.Change.Live {
			live = append(live, ch.Change)
		}
		res.Fields = append(res.Fields, f)
	}
	if len(live) > 0 {
		out := c.liveUpdate(dom, t, live)
		for i := range res.Fields {
			if res.Fields[i].Change.Live {
				res.Fields[i].Live = out
			}
		}
	}
	res.Live = summarize(res.Fields)
}

func (c *Conn) liveAddRemove(dom *libvirt.Domain, p *Plan) LiveOutcome {
	if p.Op == model.OpAdd {
		return c.liveCall("attach", LiveApplied, func() error {
			return dom.AttachDeviceFlags(p.Element, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
		})
	}
	liveElem, ok := c.liveElement(dom, p.OldMAC)
	if !ok {
		return LiveOutcome{Status: LiveNotApplicable, Reason: "the running guest has no NIC with this MAC (it was added to the config only)"}
	}
	// Detaching by alias only sends the unplug request; detaching by XML
	// waits (5 s on QEMU) for a guest acknowledgement that may never come.
	alias := ""
	if li, err := model.ParseInterface(liveElem); err == nil && li.Alias != nil {
		alias = li.Alias.Name
	}
	out := c.liveCall("detach", LiveRequested, func() error {
		if alias != "" {
			return dom.DetachDeviceAlias(alias, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
		}
		return dom.DetachDeviceFlags(liveElem, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
	})
	if out.Status == LiveRequested {
		out.Reason = "unplug requested: the NIC disappears from the running guest once the guest OS acknowledges it (a guest without ACPI support keeps it until shutdown)"
	}
	return out
}

// liveUpdate changes the running guest's NIC for the live-capable fields
// only. The base is the guest's live NIC when it has the configured kind; a
// network NIC's live XML shows the actual (direct/bridge) type, which
// libvirt would read as a type change, so it is rebuilt from the config.
func (c *Conn) liveUpdate(dom *libvirt.Domain, t target, changes []model.Change) LiveOutcome {
	if c.noDeviceCalls.Load() {
		return noHotplug("update", c.noDeviceWords())
	}
	base := t.elem
	if le, ok := c.liveElement(dom, t.old.MAC); ok {
		if li, err := model.ParseInterface(le); err == nil && model.NICFromXML(t.idx, li).Kind == t.old.Kind {
			base = le
		}
	}
	iface, err := model.ParseInterface(base)
	if err != nil {
		return LiveOutcome{Status: LiveFailed, Reason: "could not read the live NIC", Message: err.Error()}
	}
	cur := model.NICFromXML(t.idx, iface)
	want := cur
	for _, ch := range changes {
		switch ch.Field {
		case model.FieldLink:
			want.Link = t.new.Link
		case model.FieldSource, model.FieldPortGroup:
			want.Kind, want.Network, want.PortGroup, want.Bridge = t.new.Kind, t.new.Network, t.new.PortGroup, t.new.Bridge
		case model.FieldVirtualPort:
			want.VirtualPort = t.new.VirtualPort
		case model.FieldVLAN:
			want.VLAN = t.new.VLAN
		}
	}
	if err := model.ApplyToXML(iface, cur, want); err != nil {
		return LiveOutcome{Status: LiveFailed, Reason: "could not build the live NIC", Message: err.Error()}
	}
	x, err := iface.Marshal()
	if err != nil {
		return LiveOutcome{Status: LiveFailed, Reason: "could not build the live NIC", Message: err.Error()}
	}
	return c.liveCall("update", LiveApplied, func() error {
		return dom.UpdateDeviceFlags(x, libvirt.DOMAIN_DEVICE_MODIFY_LIVE)
	})
}

// liveElement is the running guest's NIC with mac, read from its live XML.
func (c *Conn) liveElement(dom *libvirt.Domain, mac string) (string, bool) {
	x, err := dom.GetXMLDesc(0)
	if err != nil {
		return "", false
	}
	elems, err := model.InterfaceElements(x)
	if err != nil {
		return "", false
	}
	for _, e := range elems {
		if iface, err := model.ParseInterface(e); err == nil && iface.MAC != nil && strings.EqualFold(iface.MAC.Address, mac) {
			return e, true
		}
	}
	return "", false
}

// liveCall runs one live device call and turns libvirt's answer into an
// outcome: a driver without device hotplug (the test driver) means the
// change waits for the next boot; a domain that stopped meanwhile needs
// nothing live; any other refusal is a failure in libvirt's words.
func (c *Conn) liveCall(what string, ok LiveStatus, call func() error) LiveOutcome {
	if c.noDeviceCalls.Load() {
		return noHotplug(what, c.noDeviceWords())
	}
	err := call()
	if err == nil {
		return LiveOutcome{Status: ok}
	}
	msg := err.Error()
	var le libvirt.Error
	if errors.As(err, &le) {
		msg = le.Message
		switch le.Code {
		case libvirt.ERR_NO_SUPPORT:
			c.markNoDeviceCalls(err)
			return noHotplug(what, msg)
		case libvirt.ERR_OPERATION_INVALID:
			return LiveOutcome{Status: LiveNotApplicable, Message: msg, Reason: "the domain is not running any more: config only"}
		}
	}
	return LiveOutcome{Status: LiveFailed, Message: msg,
		Reason: "libvirt refused the live " + what + ": the config is saved and takes effect after the next guest shutdown"}
}

func noHotplug(what, msg string) LiveOutcome {
	return LiveOutcome{Status: LiveAfterShutdown, Message: msg,
		Reason: "this hypervisor driver cannot " + what + " devices of a running guest: takes effect after the next guest shutdown"}
}
