package nicform

import (
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/model"
	"virtnic/ui/common"
)

// pickSource opens the source picker, filters it to q and takes the row.
func pickSource(t *testing.T, m *Model, q string) {
	t.Helper()
	focusOn(t, m, fSource)
	send(m, press(tea.KeyEnter), runes("/"))
	typeText(m, q)
	send(m, press(tea.KeyEnter))
	if m.Picking() {
		t.Fatalf("picker still open after choosing %q:\n%s", q, plain(m))
	}
}

// A VF chosen for a NIC whose mode was only defaulted gets passthrough,
// the mode that gives the guest the VF alone, and the page says so.
func TestVFSuggestsPassthrough(t *testing.T) {
	m := open(t, "web01", 0, false) // a network NIC: no mode of its own
	pickSource(t, m, "ens1f0v3")
	n := m.Edited()
	if n.Kind != model.KindDirect || n.Dev != "ens1f0v3" || n.Mode != model.ModePassthrough {
		t.Fatalf("after choosing VF 3: kind %s dev %s mode %q, want direct ens1f0v3 passthrough", n.Kind, n.Dev, n.Mode)
	}
	viewHas(t, m, "ens1f0v3 is VF 3 of ens1f0: source mode set to passthrough")
	viewHas(t, m, "VF 3 of ens1f0, PCI 0000:03:02.3")
	if ps := m.Problems(); model.HasErrors(ps) {
		t.Errorf("a free VF in passthrough is refused: %v", ps)
	}

	// Back to a plain device: no VF note, and bridge stays what it was.
	pickSource(t, m, "eth0.100")
	if strings.Contains(plain(m), "VF 3 of ens1f0") {
		t.Errorf("the VF note outlived the VF:\n%s", plain(m))
	}
}

// A NIC that already has a mode keeps it: the form only says what
// passthrough would do.
func TestVFKeepsAChosenMode(t *testing.T) {
	m := open(t, "web01", 1, false) // direct on eth1, mode bridge
	pickSource(t, m, "ens1f0v2")
	if n := m.Edited(); n.Dev != "ens1f0v2" || n.Mode != model.ModeBridge {
		t.Fatalf("after choosing VF 2: dev %s mode %q, want ens1f0v2 bridge (kept)", n.Dev, n.Mode)
	}
	viewHas(t, m, "ens1f0v2 is VF 2 of ens1f0: passthrough mode would give the VF to this guest alone")
	viewHas(t, m, "VF 2 of ens1f0, PCI 0000:03:02.2: passthrough mode gives an SR-IOV VF to this guest alone")
}

// Taking the VF another domain passes through is refused: one guest per VF.
func TestTakenVFIsRefused(t *testing.T) {
	m := open(t, "web01", 0, false)
	pickSource(t, m, "ens1f0v1")
	var refused bool
	for _, p := range problemsOn(m, model.FieldSource) {
		refused = refused || p.Severity == model.SeverityError && strings.Contains(p.Message, "domain nfv-router") && strings.Contains(p.Message, "nfv-router is running")
	}
	if !refused {
		t.Errorf("VF 1, passed through to the running nfv-router, is not refused: %v", m.Problems())
	}
}

// A hostdev NIC shows its VF by name; its MAC and VLAN are editable.
func TestHostdevNIC(t *testing.T) {
	m := open(t, "dpdk-node", 0, false)
	if got, want := shownLabels(m), []string{"Network source", "MAC address", "Mode"}; !reflect.DeepEqual(got, want) { // VLAN mode last
		t.Errorf("hostdev rows %v, want %v", got, want)
	}
	viewHas(t, m, "Host device ens1f0v0 (VF 0 of ens1f0, PCI 0000:03:02.0)")
	focusOn(t, m, fSource)
	msgs := send(m, press(tea.KeyEnter))
	if m.Picking() || len(msgs) != 1 || msgs[0].(common.StatusMsg).Text != hostdevFixedText {
		t.Errorf("enter on a hostdev NIC's source: picking %v, msgs %v", m.Picking(), msgs)
	}
	focusOn(t, m, fMAC)
	send(m, press(tea.KeyCtrlU))
	typeText(m, "52:54:00:3a:c0:09")
	if ch := model.Changed(m.loaded, m.Edited()); !reflect.DeepEqual(ch, []string{model.FieldMAC}) {
		t.Errorf("changed %v, want only mac", ch)
	}
	if ps := m.Problems(); model.HasErrors(ps) {
		t.Errorf("a new MAC on a hostdev NIC is refused: %v", ps)
	}
}

// A network NIC on the hostdev pool: the pool says how many VFs are free.
func TestPoolNetworkLabel(t *testing.T) {
	m := open(t, "dpdk-node", 1, false)
	viewHas(t, m, "Virtual network 'sriov-pool': hostdev pool, 4 of 4 free")
}
