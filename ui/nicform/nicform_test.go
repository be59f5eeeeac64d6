package nicform

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/model"
)

// norm collapses whitespace so wrapped text can be searched for as one line.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func viewHas(t *testing.T, m *Model, want string) {
	t.Helper()
	if v := plain(m); !strings.Contains(norm(v), norm(want)) {
		t.Errorf("view lacks %q:\n%s", want, v)
	}
}

// rowLine returns the view line of a field's row.
func rowLine(t *testing.T, m *Model, f fieldID) string {
	t.Helper()
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " ▸"), labels[f]+" ") {
			return l
		}
	}
	t.Fatalf("no row %q in view:\n%s", labels[f], plain(m))
	return ""
}

func problemsOn(m *Model, field string) []model.Problem {
	var out []model.Problem
	for _, p := range m.Problems() {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

func TestFieldOrderPerKind(t *testing.T) {
	common := []string{"Device model", "MAC address", "Link state", "MTU", "Type"}
	direct := []string{"Device model", "MAC address", "Link state", "Type"} // no MTU on macvtap
	cases := []struct {
		domain string
		idx    int
		want   []string
	}{
		{"web01", 0, append([]string{"Network source"}, common...)},
		{"ovs-tenant", 1, append(append([]string{"Network source", "Portgroup"}, common...), "Mode")},
		{"router-fw", 0, append(append([]string{"Network source", "Source mode"}, direct...), "Manager ID", "Type ID", "Type ID version", "Instance ID")},
		{"router-fw", 1, append(append([]string{"Network source", "Source mode"}, direct...), "Profile ID")},
		{"ovs-tenant", 0, append(append([]string{"Network source"}, common...), "Interface ID", "Profile ID", "Mode")},
		{"legacy-app", 0, append(append([]string{"Network source"}, common...), "Interface ID")},
	}
	for _, c := range cases {
		m := open(t, c.domain, c.idx, false)
		if got := shownLabels(m); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s NIC %d fields = %v, want %v", c.domain, c.idx, got, c.want)
		}
		// The rows appear in the view in that order, under the title.
		v := plain(m)
		if !strings.HasPrefix(v, "Virtual Network Interface") {
			t.Errorf("%s NIC %d: view does not start with the title:\n%s", c.domain, c.idx, v)
		}
		last := -1
		for _, l := range c.want {
			i := strings.Index(v, l+" ")
			if i <= last {
				t.Errorf("%s NIC %d: %q out of order in view:\n%s", c.domain, c.idx, l, v)
			}
			last = i
		}
	}
}

func TestTabSkipsHiddenFieldsAndWraps(t *testing.T) {
	m := open(t, "web01", 0, false)
	seen := []string{labels[m.focus]}
	for range 6 {
		send(m, press(tea.KeyTab))
		seen = append(seen, labels[m.focus])
	}
	want := []string{"Network source", "Device model", "MAC address", "Link state", "MTU", "Type", "Network source"}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("tab order = %v, want %v", seen, want)
	}
	send(m, press(tea.KeyShiftTab))
	if m.focus != fVPType {
		t.Errorf("shift+tab from the first field: focus %q, want Type", labels[m.focus])
	}
	send(m, press(tea.KeyUp), press(tea.KeyUp), press(tea.KeyUp))
	if m.focus != fMAC {
		t.Errorf("↑↑↑ from Type: focus %q, want MAC address", labels[m.focus])
	}
	if !m.Capturing() {
		t.Error("MAC focused: Capturing() = false")
	}
}

func TestPickMacvtapSwitchesNetworkToDirect(t *testing.T) {
	m := open(t, "web01", 0, false)
	send(m, press(tea.KeyEnter))
	if !m.Picking() {
		t.Fatal("enter on Network source did not open the picker")
	}
	send(m, runes("/"))
	if !m.Capturing() {
		t.Error("picker filter open: Capturing() = false")
	}
	typeText(m, "eth1")
	if v := plain(m); strings.Contains(v, "Virtual network") || !strings.Contains(v, "Host device eth1: macvtap") {
		t.Errorf("filter eth1 shows:\n%s", v)
	}
	send(m, press(tea.KeyEnter))
	if m.Picking() {
		t.Fatal("enter did not choose")
	}
	n := m.Edited()
	if n.Kind != model.KindDirect || n.Dev != "eth1" || n.Mode != model.ModeBridge || n.Network != "" {
		t.Errorf("after choosing eth1: kind %q dev %q mode %q network %q; want direct eth1 bridge", n.Kind, n.Dev, n.Mode, n.Network)
	}
	if got := shownLabels(m); !reflect.DeepEqual(got[:2], []string{"Network source", "Source mode"}) {
		t.Errorf("fields after switch: %v", got)
	}
	viewHas(t, m, model.ModeHelp(model.ModeBridge))
	viewHas(t, m, macvtapWarning)
	// web01 runs: a change to macvtap only takes effect after shutdown.
	if l := rowLine(t, m, fSource); !strings.Contains(plain(m), afterShutdown) {
		t.Errorf("no after-shutdown marker for the source change; row %q", l)
	}
	if !m.Dirty() {
		t.Error("Dirty() = false after a source change")
	}
	m.Revert()
	if m.Dirty() || m.Edited().Kind != model.KindNetwork || m.Edited().Network != "default" {
		t.Errorf("Revert: dirty %v, NIC %+v", m.Dirty(), m.Edited())
	}
	if strings.Contains(plain(m), afterShutdown) {
		t.Error("after-shutdown marker survives Revert")
	}
}

func TestSourceChangeDropsUnpairedVirtualPort(t *testing.T) {
	m := open(t, "ovs-tenant", 0, false)
	send(m, press(tea.KeyEnter), runes("/"))
	typeText(m, "eth0:")
	send(m, press(tea.KeyEnter))
	n := m.Edited()
	if n.Kind != model.KindDirect || n.Dev != "eth0" || n.VirtualPort != nil {
		t.Fatalf("after choosing eth0: %+v vport %+v", n, n.VirtualPort)
	}
	viewHas(t, m, "virtual port openvswitch does not pair with a macvtap (direct) source: type set to none")
	// Back to a bridge: none stays none, and the notice goes.
	send(m, press(tea.KeyEnter), runes("/"))
	typeText(m, "bridge br0")
	send(m, press(tea.KeyEnter))
	if n := m.Edited(); n.Kind != model.KindBridge || n.Bridge != "br0" || n.Mode != "" {
		t.Errorf("after choosing br0: %+v", n)
	}
	if strings.Contains(plain(m), "does not pair") {
		t.Errorf("stale notice:\n%s", plain(m))
	}
}

func TestManualDeviceName(t *testing.T) {
	m := open(t, "web01", 0, false)
	send(m, press(tea.KeyEnter), press(tea.KeyEnd), press(tea.KeyEnter))
	if !m.manual || m.focus != fDevName || !m.Capturing() {
		t.Fatalf("manual entry: manual %v focus %q capturing %v", m.manual, labels[m.focus], m.Capturing())
	}
	want := []string{"Network source", "Device name", "Device type", "Source mode", "Device model", "MAC address", "Link state", "Type"}
	if got := shownLabels(m); !reflect.DeepEqual(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	if ps := problemsOn(m, model.FieldSource); len(ps) != 1 {
		t.Errorf("blank device name: source problems %v", ps)
	}
	typeText(m, "eth9")
	if n := m.Edited(); n.Kind != model.KindDirect || n.Dev != "eth9" || n.Mode != model.ModeBridge {
		t.Errorf("manual macvtap eth9: %+v", n)
	}
	send(m, press(tea.KeyTab), press(tea.KeyLeft))
	if n := m.Edited(); n.Kind != model.KindBridge || n.Bridge != "eth9" || n.Mode != "" {
		t.Errorf("manual bridge eth9: %+v", n)
	}
	if m.isVisible(fMode) {
		t.Error("Source mode shown for a bridge")
	}
}

func TestFocusFieldByName(t *testing.T) {
	m := open(t, "router-fw", 0, false)
	m.SetSize(54, 8)
	if got := m.FocusedField(); got != model.FieldSource {
		t.Errorf("new form focuses %q, want source", got)
	}
	focusOn(t, m, fInstanceID)
	plain(m) // scrolls the focused row into view
	name, scroll := m.FocusedField(), m.Scroll()
	if name != model.FieldInstanceID || scroll == 0 {
		t.Fatalf("focused %q scroll %d, want instanceid scrolled down", name, scroll)
	}

	// A fresh form of the same NIC takes the focus and scroll back.
	n := open(t, "router-fw", 0, false)
	n.SetSize(54, 8)
	n.FocusField(name)
	n.SetScroll(scroll)
	if n.focus != fInstanceID || !n.Capturing() {
		t.Errorf("FocusField(instanceid): focus %q capturing %v", labels[n.focus], n.Capturing())
	}
	if v := plain(n); !strings.Contains(v, "▸ Instance ID") || n.Scroll() != scroll {
		t.Errorf("restored scroll %d (want %d):\n%s", n.Scroll(), scroll, v)
	}
	// A row the NIC does not show, or an unknown name: the first row.
	for _, bad := range []string{model.FieldProfileID, "nonsense"} {
		n.FocusField(bad)
		if n.focus != fSource || n.Capturing() {
			t.Errorf("FocusField(%q): focus %q, want Network source", bad, labels[n.focus])
		}
	}
	if v := plain(n); !strings.Contains(v, "▸ Network source") {
		t.Errorf("after falling back:\n%s", v)
	}
}

func TestVirtualPortTypesPairWithSource(t *testing.T) {
	labelsOf := func(m *Model) []string {
		opts, _ := m.options(fVPType)
		var out []string
		for _, o := range opts {
			out = append(out, o.label)
		}
		return out
	}
	direct := []string{"none", "802.1Qbg", "802.1Qbh"}
	other := []string{"none", "openvswitch", "midonet"}
	for _, c := range []struct {
		domain string
		idx    int
		want   []string
	}{{"router-fw", 0, direct}, {"web01", 1, direct}, {"web01", 0, other}, {"ovs-tenant", 0, other}, {"legacy-app", 0, other}} {
		if got := labelsOf(open(t, c.domain, c.idx, false)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s NIC %d types = %v, want %v", c.domain, c.idx, got, c.want)
		}
	}

	// A loaded type that does not pair stays visible, with the engine's error.
	d, _ := demo.LoadDomain("web01")
	d.NICs[0].VirtualPort = &model.VirtualPort{Type: model.VPortQbh, ProfileID: "x"}
	src, ectx := host(t, "web01")
	m := New(open(t, "web01", 0, false).ctx, d.NICs[0], d.Info, src, ectx)
	m.SetSize(76, 35)
	if got := labelsOf(m); !reflect.DeepEqual(got, []string{"none", "openvswitch", "midonet", "802.1Qbh"}) {
		t.Errorf("types with an unpaired 802.1Qbh = %v", got)
	}
	// Loaded so, the mismatch is the NIC's old problem: a warning that
	// does not block other edits.
	if ps := problemsOn(m, model.FieldVirtualPort); len(ps) != 1 || ps[0].Severity != model.SeverityWarning {
		t.Errorf("problems = %v, want the pairing problem as a warning", m.Problems())
	}
	viewHas(t, m, "! virtualport 802.1Qbh pairs only with a direct (macvtap)")
	focusOn(t, m, fVPType)
	send(m, press(tea.KeyRight)) // wraps to none
	if m.Edited().VirtualPort != nil || len(m.Problems()) != 0 {
		t.Errorf("after moving to none: vport %+v problems %v", m.Edited().VirtualPort, m.Problems())
	}
}

func TestManagerIDValidatesAsTyped(t *testing.T) {
	m := open(t, "router-fw", 0, false)
	focusOn(t, m, fManagerID)
	send(m, press(tea.KeyCtrlU))
	typeText(m, "0")
	ps := problemsOn(m, model.FieldManagerID)
	if len(ps) != 1 || ps[0].Severity != model.SeverityError || !model.HasErrors(m.Problems()) {
		t.Fatalf("managerid 0: problems %v", m.Problems())
	}
	viewHas(t, m, "✗ managerid 0 is out of range: allowed 1–255 (0 is reserved)")

	send(m, press(tea.KeyBackspace))
	typeText(m, "abc")
	ps = problemsOn(m, model.FieldManagerID)
	if len(ps) != 1 || ps[0].Message != `managerid "abc" is not a whole number: allowed 1–255` {
		t.Errorf("managerid abc: problems %v", ps)
	}
	if !m.Dirty() {
		t.Error("Dirty() = false with unparsable text in Manager ID")
	}

	send(m, press(tea.KeyCtrlU))
	typeText(m, "11")
	if ps := m.Problems(); len(ps) != 0 {
		t.Errorf("managerid 11: problems %v", ps)
	}
	if m.Dirty() {
		t.Error("Dirty() = true after typing back the loaded value")
	}
	if strings.Contains(plain(m), "managerid") {
		t.Errorf("stale message:\n%s", plain(m))
	}

	// Hex is read like the CLI reads it; range checks are the engine's.
	send(m, press(tea.KeyTab), press(tea.KeyCtrlU))
	typeText(m, "0x1000000")
	viewHas(t, m, "typeid 16777216 is out of range: allowed 0–16777215")
}

var macRE = regexp.MustCompile(`^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$`)

func TestAfterShutdownMarkers(t *testing.T) {
	m := open(t, "router-fw", 0, false)
	if strings.Contains(plain(m), afterShutdown) {
		t.Fatalf("marker before any edit:\n%s", plain(m))
	}
	focusOn(t, m, fMode)
	send(m, press(tea.KeyLeft))
	if l := rowLine(t, m, fMode); !strings.Contains(l, afterShutdown) {
		t.Errorf("mode change on running router-fw: row %q lacks the marker", l)
	}

	// The link state changes live.
	m = open(t, "router-fw", 2, false)
	focusOn(t, m, fLink)
	send(m, space)
	if m.Edited().Link != "up" {
		t.Fatalf("space on link down: %q", m.Edited().Link)
	}
	if strings.Contains(plain(m), afterShutdown) {
		t.Errorf("link change marked after shutdown:\n%s", plain(m))
	}
	if !strings.Contains(rowLine(t, m, fLink), "up (active)") {
		t.Errorf("link row: %q", rowLine(t, m, fLink))
	}

	// A shut-off domain: config only, said once at the top.
	m = open(t, "legacy-app", 0, false)
	focusOn(t, m, fModel)
	send(m, press(tea.KeyRight))
	if !m.Dirty() || strings.Contains(plain(m), afterShutdown) {
		t.Errorf("shut-off domain: dirty %v, view:\n%s", m.Dirty(), plain(m))
	}
	viewHas(t, m, "domain is shut off: changes apply at next start")
	if strings.Contains(plain(open(t, "web01", 0, false)), "changes apply at next start") {
		t.Error("running domain shows the shut-off note")
	}
}

func TestPendingMarker(t *testing.T) {
	d, _ := demo.LoadDomain("web01")
	d.NICs[0].Pending = []string{model.FieldLink, model.FieldModel}
	src, ectx := host(t, "web01")
	m := New(open(t, "web01", 0, false).ctx, d.NICs[0], d.Info, src, ectx)
	m.SetSize(76, 35)
	for _, f := range []fieldID{fLink, fModel} {
		if l := rowLine(t, m, f); !strings.Contains(l, pendingText) {
			t.Errorf("row %q lacks %q", l, pendingText)
		}
	}
	if l := rowLine(t, m, fMAC); strings.Contains(l, "pending") {
		t.Errorf("MAC row marked pending: %q", l)
	}
}
