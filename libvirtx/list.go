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
	if err := c.ensureOpen("list domains"); err != nil {
		return nil, err
	}
	out, err := c.allDomainStates()
	if err != nil && !IsCode(err, CodeNoSupport) {
		return nil, c.wrap("list domains", err)
	}
	if err != nil {
		if out, err = c.listDomainsOneByOne(); err != nil {
			return nil, err
		}
	}

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
	for i := range out {
		out[i].Persistent = !isTransient[out[i].UUID]
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// listDomainsOneByOne is the fallback for drivers without
// virConnectGetAllDomainStats: one GetState per domain.
func (c *Conn) listDomainsOneByOne() ([]model.DomainInfo, error) {
	doms, err := c.domainsWithState()
	if err != nil {
		return nil, err
	}
	defer freeDomains(doms)
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
		out = append(out, info)
	}
	return out, nil
}

// domainState is a domain handle with its state; the caller frees it with
// freeDomains.
type domainState struct {
	dom   *libvirt.Domain
	state model.DomainState
}

// domainsWithState returns a handle and the state of every domain. The
// states come from one bulk call where the driver has it; only a domain
// defined between the two calls, or a driver without bulk stats, costs a
// GetState of its own.
func (c *Conn) domainsWithState() ([]domainState, error) {
	doms, err := c.c.ListAllDomains(0)
	if err != nil {
		return nil, c.wrap("list domains", err)
	}
	byUUID := make(map[string]model.DomainState)
	bulk, err := c.allDomainStates()
	switch {
	case err == nil:
		for _, info := range bulk {
			byUUID[info.UUID] = info.State
		}
	case !IsCode(err, CodeNoSupport):
		for i := range doms {
			doms[i].Free()
		}
		return nil, c.wrap("list domains", err)
	}
	out := make([]domainState, 0, len(doms))
	for i := range doms {
		d := &doms[i]
		if u, err := d.GetUUIDString(); err == nil {
			if st, ok := byUUID[u]; ok {
				out = append(out, domainState{dom: d, state: st})
				continue
			}
		}
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
