package domainlist

import (
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
)

// The traffic column: every running guest's receive/transmit rate from the
// root's poll of the host's counters (one bulk call per host per tick). It
// shows once rates exist, so a driver that reports none (the test driver's
// bulk records) leaves the list as it was.
const (
	rateW    = 11 // "1.2M/300k"
	rateHead = "RX/TX B/s"
	minRateW = 70 // below this the names need the room more
)

// WantsNetStats: the list shows rates while any guest runs, on any host.
func (m *Model) WantsNetStats() (string, []string, bool) {
	for _, p := range m.parts {
		if p.wantsStats() {
			return "", nil, true
		}
	}
	return "", nil, false
}

// WantsNetStatsOn (common.HostStatsWanter): a host is polled only while a
// guest of its runs.
func (m *Model) WantsNetStatsOn(h *common.Context) bool {
	p := m.partFor(h)
	return p != nil && p.wantsStats()
}

func (p *part) wantsStats() bool {
	if !p.loaded {
		return false
	}
	for _, d := range p.doms {
		if d.State.Active() {
			return true
		}
	}
	return false
}

// netStats turns two consecutive polls into per-domain rates.
func (p *part) netStats(msg common.NetStatsMsg) {
	if msg.UUID != "" || msg.Err != nil {
		return
	}
	if p.prevSample.ByUUID != nil {
		rates := model.Rates(p.prevSample, msg.Sample)
		p.rates = make(map[string]model.Rate, len(msg.Sample.ByUUID))
		for uuid := range msg.Sample.ByUUID {
			if r, ok := model.DomainRate(rates, msg.Sample, uuid); ok {
				p.rates[uuid] = r
			}
		}
	}
	p.prevSample = msg.Sample
}

func (m *Model) rateColumn() bool {
	if m.width < minRateW {
		return false
	}
	for _, p := range m.parts {
		if len(p.rates) > 0 {
			return true
		}
	}
	return false
}

func rateCell(p *part, uuid string) string {
	r, ok := p.rates[uuid]
	if !ok {
		return "-"
	}
	return present.RateShort(r.Rx) + "/" + present.RateShort(r.Tx)
}
