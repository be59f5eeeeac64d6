package domainlist

import (
	"reflect"
	"strings"
	"testing"

	"virtnic/libvirtx"
	"virtnic/ui/common"
)

// shownNames is the domains the filter lets through, in order.
func shownNames(m *Model) []string {
	var out []string
	for _, i := range m.idx {
		out = append(out, m.doms[i].Name)
	}
	return out
}

// Once the host survey is read, the filter also finds a domain by a NIC's
// MAC and by what its NICs sit on, the devices of a macvtap network included;
// before it, names and states only.
func TestFilterByMACAndSource(t *testing.T) {
	m := loaded(t, 80, 21)
	press(t, m, "/")
	typeText(t, m, "eth1")
	if got := shownNames(m); len(got) != 0 {
		t.Errorf("before the survey eth1 matched %v", got)
	}

	sv, err := m.ctx.Conn.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		t.Fatal(err)
	}
	m.ctx.Survey = sv
	send(t, m, common.SurveyUpdatedMsg{})
	// mail reaches eth1 through the macvtap network macvtap-net.
	if got, want := shownNames(m), []string{"build-runner", "mail", "router-fw", "web01"}; !reflect.DeepEqual(got, want) {
		t.Errorf("eth1 matches %v, want %v", got, want)
	}
	if v := plain(m); !strings.Contains(v, "12 domains (4 shown)") {
		t.Errorf("view:\n%s", v)
	}
	for q, want := range map[string][]string{
		"52:54:00:3A:70:02": {"mail"}, // a MAC, in any case
		"3a:50":             {"router-fw"},
		"br0":               {"legacy-app", "mail", "ovs-tenant", "win2022"}, // ovsbr0 too
		"macvtap-net":       {"mail"},
		"vlan-10":           nil, // a portgroup is not a source
		"enp65s0f0":         {"ci-worker", "db01"},
		"ovs":               {"ovs-tenant", "staging-web"},
		"paused":            {"build-runner", "mail"},
		// SR-IOV: a hostdev NIC by its VF's interface or PCI address; a
		// NIC of the hostdev pool by every VF of the pool.
		"ens1f0v0":     {"dpdk-node"},
		"ens1f0v1":     {"nfv-router"},
		"ens1f0v4":     {"dpdk-node"},
		"ens1f0v6":     {"staging-web"},
		"0000:03:02.0": {"dpdk-node"},
	} {
		press(t, m, "esc", "/")
		typeText(t, m, q)
		if got := shownNames(m); !reflect.DeepEqual(got, want) {
			t.Errorf("%q matches %v, want %v", q, got, want)
		}
	}

	// A survey update keeps the cursor on its domain.
	press(t, m, "esc", "/")
	typeText(t, m, "eth1")
	press(t, m, "enter", "g", "j", "j")
	if m.Selected() != "router-fw" {
		t.Fatalf("cursor on %q", m.Selected())
	}
	send(t, m, common.SurveyUpdatedMsg{})
	if m.Selected() != "router-fw" {
		t.Errorf("survey update moved the cursor to %q", m.Selected())
	}
}
