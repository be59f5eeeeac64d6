package libvirtx

import (
	"sort"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// scanOpts says what a host scan reads of every domain besides its config.
type scanOpts struct {
	liveMACs bool // the running guests' MACs (a live XML read each)
	targets  bool // backend devices of running guests (the bulk call's interface group)
}

// scanDomains reads every domain's NICs: one call for the handles, one bulk
// stats call for states (and backend devices), then one XML read per domain
// (two for a running one when its live MACs are wanted) with inFlight calls
// outstanding, parsed with model.ScanNICs. A domain undefined meanwhile is
// skipped; a domain whose XML cannot be read or parsed is skipped with a
// warning, because one odd domain must not stop every edit of every other.
func (c *Conn) scanDomains(o scanOpts) ([]model.DomainNICs, map[string]string, []string, error) {
	doms, err := c.c.ListAllDomains(0)
	if err != nil {
		return nil, nil, nil, c.wrap("list domains", err)
	}
	defer func() {
		for i := range doms {
			doms[i].Free()
		}
	}()
	active, targets, err := c.activeDomains(o.targets)
	if err != nil {
		return nil, nil, nil, err
	}
	out := make([]model.DomainNICs, len(doms))
	skip := make([]string, len(doms)) // warning, or "-" for undefined meanwhile
	forEach(len(doms), func(i int) {
		out[i], skip[i] = c.scanOne(&doms[i], active, o)
	})

	if alive, err := c.c.IsAlive(); err == nil && !alive {
		return nil, nil, nil, connLostError("read domains", "the connection closed during the scan")
	}
	var kept []model.DomainNICs
	var warnings []string
	for i := range out {
		switch skip[i] {
		case "":
			kept = append(kept, out[i])
		case "-":
		default:
			warnings = append(warnings, skip[i])
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Name < kept[j].Name })
	return kept, targets, warnings, nil
}

// activeDomains returns, from one bulk call, which domains run (true),
// which do not (false), and, when asked, which domain each backend device
// belongs to. A running domain whose record lacks the interface group (the
// test driver ignores it) maps to targetsFromXML: scanOne then reads its
// targets from the live XML. Drivers without the bulk call answer per
// domain in scanOne.
func (c *Conn) activeDomains(withNets bool) (map[string]domainRun, map[string]string, error) {
	stats, err := c.allDomainStats(withNets)
	if err != nil {
		if IsCode(err, CodeNoSupport) {
			return nil, map[string]string{}, nil
		}
		return nil, nil, c.wrap("read domain states", err)
	}
	run := make(map[string]domainRun, len(stats))
	targets := make(map[string]string)
	for _, s := range stats {
		r := domainRun{active: s.info.State.Active()}
		r.targetsFromXML = withNets && r.active && !s.netsKnown
		run[s.info.UUID] = r
		for _, dev := range s.nets {
			targets[dev] = s.info.Name
		}
	}
	return run, targets, nil
}

// domainRun is what the bulk call said of one domain.
type domainRun struct {
	active         bool
	targetsFromXML bool
}

func (c *Conn) scanOne(dom *libvirt.Domain, runs map[string]domainRun, o scanOpts) (model.DomainNICs, string) {
	name, _ := dom.GetName()
	uuid, _ := dom.GetUUIDString()
	d := model.DomainNICs{Name: name, UUID: uuid}
	run, ok := runs[uuid]
	if !ok {
		s, _, err := dom.GetState()
		if err != nil {
			return d, scanSkip(name, err)
		}
		run = domainRun{active: stateName(s).Active(), targetsFromXML: o.targets}
	}
	d.Active = run.active
	x, err := dom.GetXMLDesc(libvirt.DOMAIN_XML_INACTIVE)
	if err != nil {
		return d, scanSkip(name, err)
	}
	if d.NICs, err = model.ScanNICs(x); err != nil {
		return d, "domain " + name + " skipped: " + err.Error()
	}
	if d.Active && (o.liveMACs || run.targetsFromXML) {
		x, err := dom.GetXMLDesc(0)
		if err != nil {
			return d, scanSkip(name, err)
		}
		live, err := model.ScanNICs(x)
		if err != nil {
			return d, "domain " + name + " skipped: " + err.Error()
		}
		if o.liveMACs {
			d.LiveNICs = append([]model.NICBrief{}, live...)
		}
		for _, n := range live {
			if o.liveMACs {
				d.LiveMACs = append(d.LiveMACs, n.MAC)
			}
			if run.targetsFromXML && n.Target != "" {
				d.LiveTargets = append(d.LiveTargets, n.Target)
			}
		}
	}
	return d, ""
}

func scanSkip(name string, err error) string {
	if IsCode(err, CodeNoDomain) {
		return "-"
	}
	return "domain " + name + " skipped: " + wrap("read domain "+name, err).Error()
}
