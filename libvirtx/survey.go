package libvirtx

import (
	"sync"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// SurveyOpts says how much of the host a survey reads.
type SurveyOpts struct {
	// LiveMACs also reads each running guest's live XML for the MACs only
	// the live side holds (hot-plugged NICs); MAC uniqueness needs them,
	// listing sources does not.
	LiveMACs bool
}

// Survey reads what the host offers (networks, host interfaces, net node
// devices) and what every domain uses. Each listing is one call and every
// object in it is read with inFlight calls outstanding, so over a 50 ms link
// 200 domains cost about 13 round trips, not 200. Entries that cannot be
// read become Warnings; only a connection failure is an error.
func (c *Conn) Survey(o SurveyOpts) (*model.HostSurvey, error) {
	if err := c.ensureOpen("survey the host"); err != nil {
		return nil, err
	}
	// Two chains at once, each with its own calls in flight: the host's
	// devices (interfaces and net node devices, then the SR-IOV PCI
	// devices they hang off), and the networks, then the domains (whose
	// scan needs to know the pool networks). Warnings keep one order.
	s := &model.HostSurvey{}
	var (
		devWarn, sriovWarn []string
		devErr             error
		wg                 sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		var netDevs []model.NodeDev
		if s.Ifaces, netDevs, devWarn, devErr = c.hostIfacesAndNetDevs(); devErr != nil {
			return
		}
		s.SRIOV, sriovWarn, devErr = c.sriovOf(netDevs)
	}()
	netWarn, domWarn, err := c.surveyDomains(s, o)
	wg.Wait()
	if err == nil {
		err = devErr
	}
	if err != nil {
		return nil, err
	}
	for _, w := range [][]string{netWarn, devWarn, sriovWarn, domWarn} {
		s.Warnings = append(s.Warnings, w...)
	}
	return s, nil
}

// surveyDomains reads the networks, then every domain, into s.
func (c *Conn) surveyDomains(s *model.HostSurvey, o SurveyOpts) (netWarn, domWarn []string, err error) {
	if s.Networks, netWarn, err = c.networks(); err != nil {
		return nil, nil, err
	}
	s.Domains, s.Targets, domWarn, err = c.scanDomains(scanOpts{liveMACs: o.LiveMACs, targets: true, pools: poolNames(s.Networks)})
	return netWarn, domWarn, err
}

// poolNames are the networks that hand out devices from a pool.
func poolNames(nets []model.Network) map[string]bool {
	out := map[string]bool{}
	for _, n := range nets {
		if model.PoolNetwork(n) {
			out[n.Name] = true
		}
	}
	return out
}

// Sources lists everything a NIC can connect to, with one warning per
// listing the driver does not offer or entry it could not read.
func (c *Conn) Sources() (model.Sources, []string, error) {
	s, err := c.Survey(SurveyOpts{})
	if err != nil {
		return model.Sources{}, nil, err
	}
	return s.Sources(), s.Warnings, nil
}

// SurveyDomain re-reads one domain by name for a survey (after an event
// names it): ok is false when the domain no longer exists.
func (c *Conn) SurveyDomain(name string, o SurveyOpts) (model.DomainNICs, bool, error) {
	if err := c.ensureOpen("read domain " + name); err != nil {
		return model.DomainNICs{}, false, err
	}
	dom, err := c.c.LookupDomainByName(name)
	if err != nil {
		if IsCode(err, CodeNoDomain) {
			return model.DomainNICs{}, false, nil
		}
		return model.DomainNICs{}, false, c.wrap("look up domain "+name, err)
	}
	defer dom.Free()
	d, warn := c.scanOne(dom, nil, scanOpts{liveMACs: o.LiveMACs, targets: true})
	switch warn {
	case "":
		return d, true, nil
	case "-":
		return model.DomainNICs{}, false, nil
	}
	return model.DomainNICs{}, false, &Error{Op: "read domain " + d.Name, Message: warn}
}

// Survey entry of a loaded domain, so a reload after a write updates the
// survey without reading the domain twice.
func (d *Domain) Survey() model.DomainNICs {
	s := model.DomainNICs{Name: d.Info.Name, UUID: d.Info.UUID, Active: d.Info.State.Active()}
	for _, n := range d.NICs {
		s.NICs = append(s.NICs, n.Brief())
	}
	for _, n := range d.Live {
		s.LiveMACs = append(s.LiveMACs, n.Brief().MAC)
	}
	for _, n := range d.LiveOnly {
		s.LiveMACs = append(s.LiveMACs, n.Brief().MAC)
	}
	for _, n := range d.Live {
		if n.Target != "" {
			s.LiveTargets = append(s.LiveTargets, n.Target)
		}
	}
	for _, n := range d.LiveOnly {
		if n.Target != "" {
			s.LiveTargets = append(s.LiveTargets, n.Target)
		}
	}
	var live []model.NICBrief
	for _, n := range d.Live {
		live = append(live, n.Brief())
	}
	s.Placed = model.Placements(s.NICs, live)
	return s
}

// lookupUUID finds a domain by UUID; the write path always names domains
// so, because a name can be reused by another domain meanwhile.
func (c *Conn) lookupUUID(uuid string) (*libvirt.Domain, error) {
	dom, err := c.c.LookupDomainByUUIDString(uuid)
	if err != nil {
		return nil, c.wrap("look up domain "+uuid, err)
	}
	return dom, nil
}
