package domainlist

import (
	"strings"
	"testing"
	"time"

	"virtnic/model"
	"virtnic/ui/common"
)

// Two polls of the host's counters give each running guest a rate column;
// one poll alone, or none, leaves the list without it.
func TestRateColumn(t *testing.T) {
	m := loaded(t, 80, 21)
	if _, _, want := m.WantsNetStats(); !want {
		t.Fatal("the demo list has running guests but wants no counters")
	}
	var uuid string
	for _, d := range m.doms {
		if d.Name == "web01" {
			uuid = d.UUID
		}
	}
	t0 := time.Unix(1000, 0)
	sample := func(at time.Time, rx, tx uint64) common.NetStatsMsg {
		return common.NetStatsMsg{Sample: model.NetSample{At: at, ByUUID: map[string][]model.NetCounters{
			uuid: {{Dev: "vnet0", RxBytes: rx, TxBytes: tx}},
		}}}
	}
	send(t, m, sample(t0, 0, 0))
	if strings.Contains(plain(m), rateHead) {
		t.Errorf("one poll, yet a rate column:\n%s", plain(m))
	}
	send(t, m, sample(t0.Add(2*time.Second), 2_400_000, 600_000))
	v := plain(m)
	if !strings.Contains(v, rateHead) || !hasField(rowOf(t, v, "web01"), "1.2M/300k") || !hasField(rowOf(t, v, "db01"), "-") {
		t.Errorf("rates after two polls:\n%s", v)
	}
	checkShape(t, m)
	// Too narrow for it: the names keep the room.
	m.SetSize(60, 21)
	if strings.Contains(plain(m), rateHead) {
		t.Errorf("rate column at 60 columns:\n%s", plain(m))
	}
}
