package ui

import (
	"testing"

	"virtnic/ui/common"
	"virtnic/ui/uitest"
)

// The root polls for the top screen only: the host's counters for the
// domain list (one bulk call), one domain's for a running NIC page, none
// while a poll is out.
func TestStatsPollFollowsTopScreen(t *testing.T) {
	a := newApp(t, opts{demo: true, readOnly: true}, 80, 24)
	poll := func() []common.NetStatsMsg {
		var out []common.NetStatsMsg
		for _, m := range uitest.Run(a.pollStats()) {
			if s, ok := m.(common.NetStatsMsg); ok {
				out = append(out, s)
			}
		}
		return out
	}
	got := poll()
	if len(got) != 1 || got[0].UUID != "" || got[0].Err != nil {
		t.Fatalf("domain list: polls %+v, want one for the host", got)
	}
	if again := poll(); len(again) != 0 {
		t.Errorf("a second poll went out while the first was in flight: %+v", again)
	}
	drain(t, a, update1(a, got[0]))
	press(t, a, "/", "w", "e", "b", "0", "1", "enter", "enter", "j", "j", "j", "j", "enter")
	got = poll()
	if len(got) != 1 || got[0].UUID == "" || len(got[0].Sample.ByUUID[got[0].UUID]) != 2 {
		t.Fatalf("web01's NIC page: polls %+v, want one for web01 with its two devices", got)
	}
}
