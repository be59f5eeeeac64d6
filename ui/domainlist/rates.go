package domainlist

import (
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
)

// The traffic column: every running guest's receive/transmit rate from the
// root's poll of the host's counters (one bulk call per tick). It shows
// once rates exist, so a driver that reports none (the test driver's bulk
// records) leaves the list as it was.
const (
	rateW    = 11 // "1.2M/300k"
	rateHead = "RX/TX B/s"
	minRateW = 70 // below this the names need the room more
)

// WantsNetStats: the list shows rates while any guest runs.
func (m *Model) WantsNetStats() (string, []string, bool) {
	if !m.loaded {
		return "", nil, false
	}
	for _, d := range m.doms {
		if d.State.Active() {
			return "", nil, true
		}
	}
	return "", nil, false
}

// netStats turns two consecutive polls into per-domain rates.
func (m *Model) netStats(msg common.NetStatsMsg) {
	if msg.UUID != "" || msg.Err != nil {
		return
	}
	if m.prevSample.ByUUID != nil {
		rates := model.Rates(m.prevSample, msg.Sample)
		m.rates = make(map[string]model.Rate, len(msg.Sample.ByUUID))
		for uuid := range msg.Sample.ByUUID {
			if r, ok := model.DomainRate(rates, msg.Sample, uuid); ok {
				m.rates[uuid] = r
			}
		}
	}
	m.prevSample = msg.Sample
}

func (m *Model) rateColumn() bool { return len(m.rates) > 0 && m.width >= minRateW }

func (m *Model) rateCell(uuid string) string {
	r, ok := m.rates[uuid]
	if !ok {
		return "-"
	}
	return present.RateShort(r.Rx) + "/" + present.RateShort(r.Tx)
}
