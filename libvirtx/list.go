package libvirtx

import (
	"sort"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// ListDomains returns every domain on the connection, sorted by name.
//
// It makes two libvirt calls whatever the number of domains (on drivers
// with virConnectGetAllDomainStats, i.e. QEMU and test): over
// qemu+ssh every call is a network round trip, and a per-domain GetState
// would make the list take seconds on a busy host. Name, UUID and ID of a
// virDomainPtr are carried in the handle itself (the remote driver sends
// them with every domain), so reading them costs no round trip.
func (c *Conn) ListDomains() ([]model.DomainInfo, error) {
	doms, err := c.domainsWithState()
	if err != nil {
		return nil, err
	}
	defer freeDomains(doms)

	transient, err := c.c.ListAllDomains(libvirt.CONNECT_LIST_DOMAINS_TRANSIENT)
	if err != nil {
		return nil, c.wrap("list transient domains", err)
	}
	isTransient := make(map[string]bool, len(transient))
	for i := range transient {
		if u, err := transient[i].GetUUIDString(); err == nil {
			isTransient[u] = true
		}
		transient[i].Free()
	}

	out := make([]model.DomainInfo, 0, len(doms))
	for _, d := range doms {
		info, err := domainInfo(d.dom)
		if err != nil {
			return nil, c.wrap("list domains", err)
		}
		info.State = d.state
		if !info.State.Active() {
			info.ID = -1
		}
		info.Persistent = !isTransient[info.UUID]
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// domainState is a domain handle with its state; the caller frees it with
// freeDomains.
type domainState struct {
	dom   *libvirt.Domain
	state model.DomainState
}

// domainsWithState returns every domain with its state in one call where
// the driver offers virConnectGetAllDomainStats (QEMU, test), and falls
// back to one GetState per domain on drivers that do not.
func (c *Conn) domainsWithState() ([]domainState, error) {
	stats, err := c.c.GetAllDomainStats(nil, libvirt.DOMAIN_STATS_STATE, 0)
	if err == nil {
		out := make([]domainState, 0, len(stats))
		for _, s := range stats {
			if s.Domain == nil {
				continue
			}
			st := model.StateNoState
			if s.State != nil && s.State.StateSet {
				st = stateName(s.State.State)
			}
			out = append(out, domainState{dom: s.Domain, state: st})
		}
		return out, nil
	}
	if !IsCode(err, CodeNoSupport) {
		return nil, c.wrap("list domains", err)
	}
	doms, err := c.c.ListAllDomains(0)
	if err != nil {
		return nil, c.wrap("list domains", err)
	}
	out := make([]domainState, 0, len(doms))
	for i := range doms {
		d := &doms[i]
		st, _, err := d.GetState()
		if err != nil {
			if IsCode(err, CodeNoDomain) {
				d.Free() // undefined meanwhile
				continue
			}
			for j := i; j < len(doms); j++ {
				doms[j].Free()
			}
			freeDomains(out)
			return nil, c.wrap("read domain state", err)
		}
		out = append(out, domainState{dom: d, state: stateName(st)})
	}
	return out, nil
}

func freeDomains(doms []domainState) {
	for _, d := range doms {
		d.dom.Free()
	}
}

// domainInfo reads the fields a domain handle carries locally; State and
// Persistent are left for the caller.
func domainInfo(d *libvirt.Domain) (model.DomainInfo, error) {
	name, err := d.GetName()
	if err != nil {
		return model.DomainInfo{}, err
	}
	uuid, err := d.GetUUIDString()
	if err != nil {
		return model.DomainInfo{}, err
	}
	info := model.DomainInfo{Name: name, UUID: uuid, ID: -1}
	// virDomainGetID returns (unsigned)-1 for an inactive domain, which the
	// binding reports as an error; both mean "no ID".
	if id, err := d.GetID(); err == nil && id != ^uint(0) && id <= 1<<31-1 {
		info.ID = int(id)
	}
	return info, nil
}

func stateName(s libvirt.DomainState) model.DomainState {
	switch s {
	case libvirt.DOMAIN_RUNNING:
		return model.StateRunning
	case libvirt.DOMAIN_BLOCKED:
		return model.StateBlocked
	case libvirt.DOMAIN_PAUSED:
		return model.StatePaused
	case libvirt.DOMAIN_SHUTDOWN:
		return model.StateShutdown
	case libvirt.DOMAIN_SHUTOFF:
		return model.StateShutoff
	case libvirt.DOMAIN_CRASHED:
		return model.StateCrashed
	case libvirt.DOMAIN_PMSUSPENDED:
		return model.StatePMSuspended
	}
	return model.StateNoState
}
