package details

import (
	"strings"
	"testing"
	"time"

	"virtnic/model"
	"virtnic/ui/common"
)

// A running guest's NIC page asks for its domain's counters, shows the
// address libvirt's lease gave it, and, after two polls, the rate and a
// sparkline that moves with each poll; a stopped guest's page asks for
// nothing.
func TestRuntimeRows(t *testing.T) {
	h := open(t, "web01", 80, 21, true)
	h.selectNIC(0)
	h.keys("enter")
	uuid, targets, want := h.m.WantsNetStats()
	if !want || uuid != h.m.d.Info.UUID || len(targets) != 2 || targets[0] != "testnet0" {
		t.Fatalf("WantsNetStats = %q %v %v", uuid, targets, want)
	}
	if v := h.view(); !strings.Contains(v, "192.168.122.3/24  (from lease)") || !strings.Contains(v, "Traffic   measuring…") {
		t.Errorf("before any poll:\n%s", v)
	}
	t0 := time.Unix(5000, 0)
	poll := func(i int, rx uint64) {
		h.send(common.NetStatsMsg{UUID: uuid, Sample: model.NetSample{At: t0.Add(time.Duration(i) * 2 * time.Second),
			ByUUID: map[string][]model.NetCounters{uuid: {{Dev: "testnet0", RxBytes: rx, TxBytes: rx / 4}}}}})
	}
	poll(0, 0)
	poll(1, 4000)
	first := trafficRow(t, h.view())
	if !strings.Contains(first, "rx 2.0 kB/s") || !strings.Contains(first, "tx 500 B/s") || !strings.Contains(first, "█") {
		t.Errorf("after two polls: %q", first)
	}
	poll(2, 4000) // idle for a poll: the newest bar is the lowest
	if second := trafficRow(t, h.view()); second == first || !strings.Contains(second, "rx 0 B/s") || !strings.Contains(second, "█▁") {
		t.Errorf("after a third poll: %q (was %q)", second, first)
	}
	// Someone else's counters do not move this page.
	h.send(common.NetStatsMsg{UUID: "other", Sample: model.NetSample{At: t0.Add(time.Hour)}})
	if !strings.Contains(trafficRow(t, h.view()), "rx 0 B/s") {
		t.Error("another domain's poll changed the page")
	}

	off := open(t, "ci-worker", 80, 21, true)
	off.selectNIC(0)
	off.keys("enter")
	if _, _, want := off.m.WantsNetStats(); want || strings.Contains(off.view(), "Traffic") {
		t.Errorf("a shut-off guest's page wants counters or shows traffic:\n%s", off.view())
	}
}

func trafficRow(t *testing.T, v string) string {
	t.Helper()
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "Traffic") {
			return l
		}
	}
	t.Fatalf("no traffic row:\n%s", v)
	return ""
}
