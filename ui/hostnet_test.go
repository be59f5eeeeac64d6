package ui

import (
	"testing"

	"virtnic/ui/common"
	"virtnic/ui/details"
	"virtnic/ui/hostnet"
	"virtnic/ui/uitest"
)

// n on the domain list opens the host network view read-only; enter on a
// NIC row opens that domain at the NIC's page; esc comes back to the view,
// and r in it reads the host survey again.
func TestHostNetView(t *testing.T) {
	a := newApp(t, opts{demo: true, readOnly: true}, 80, 24)
	press(t, a, "n")
	if _, ok := a.top().(*hostnet.Model); !ok || len(a.stack) != 2 {
		t.Fatalf("n pushed %T (%d screens), want the host network view", a.top(), len(a.stack))
	}
	mustContain(t, view(a), "Host network", "SR-IOV (physical function → virtual functions)",
		"ens1f0  PF 0000:03:00.0 · 10 Gb/s · 8 VFs, 4 free", "ens1f0v2  VF 2 · 0000:03:02.2 · free", "Host devices (macvtap)")
	uitest.GoldenAs(t, "hostnet-80x24", view(a))

	before := a.ctx.Survey
	seen := drain(t, a, update1(a, common.RefreshSurveyMsg{}))
	var surveyed bool
	for _, m := range seen {
		if _, ok := m.(common.SurveyMsg); ok {
			surveyed = true
		}
	}
	if !surveyed || a.ctx.Survey == before {
		t.Errorf("RefreshSurveyMsg did not read the survey again: %v", seen)
	}

	press(t, a, "/", "m", "a", "i", "l", "enter", "j", "enter")
	if _, ok := a.top().(*details.Model); !ok {
		t.Fatalf("enter on mail's NIC pushed %T", a.top())
	}
	mustContain(t, view(a), "mail", "Virtual Network Interface", "Virtual network 'macvtap-net'")
	press(t, a, "esc", "esc")
	if _, ok := a.top().(*hostnet.Model); !ok {
		t.Fatalf("esc, esc from the NIC page: on %T, want the host network view", a.top())
	}
	press(t, a, "esc", "esc")
	if len(a.stack) != 1 {
		t.Errorf("esc (clear filter), esc (back): %d screens", len(a.stack))
	}
}
