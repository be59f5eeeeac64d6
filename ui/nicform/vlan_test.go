package nicform

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/model"
)

// The VLAN section is offered where libvirt applies tags, or where the NIC
// has a VLAN; the MTU row on the kinds libvirt sets an MTU on.
func TestVLANAndMTURowsPerKind(t *testing.T) {
	cases := []struct {
		domain   string
		idx      int
		vlan     []string // the section's rows
		mtu      bool
		hintPart string
	}{
		{"web01", 0, nil, true, ""},                                       // NAT network
		{"mail", 1, nil, true, ""},                                        // Linux bridge
		{"web01", 1, nil, false, ""},                                      // macvtap bridge mode
		{"ovs-tenant", 0, []string{"Mode"}, true, "Open vSwitch port"},    // OVS port, no VLAN
		{"ovs-tenant", 2, []string{"Mode", "Tags"}, true, "Open vSwitch"}, // tag 42
		{"ovs-tenant", 3, []string{"Mode", "Tags", "Native VLAN"}, true, "portgroup vlan-10 → tag 10, replaced by this NIC's own"},
		{"ovs-tenant", 1, []string{"Mode"}, true, "portgroup vlan-20 → tag 20"}, // OVS network without its own
		{"db01", 0, []string{"Mode"}, false, "SR-IOV VF: exactly one tag"},      // macvtap passthrough
		{"staging-web", 3, []string{"Mode", "Tags"}, false, "SR-IOV VF"},        // hostdev
	}
	for _, c := range cases {
		m := open(t, c.domain, c.idx, false)
		var vlan []string
		for _, f := range m.visible() {
			if f >= fVLANMode {
				vlan = append(vlan, labels[f])
			}
		}
		if !reflect.DeepEqual(vlan, c.vlan) {
			t.Errorf("%s NIC %d: VLAN rows %v, want %v", c.domain, c.idx, vlan, c.vlan)
		}
		if got := m.isVisible(fMTU); got != c.mtu {
			t.Errorf("%s NIC %d: MTU row shown %v, want %v", c.domain, c.idx, got, c.mtu)
		}
		if c.hintPart != "" {
			viewHas(t, m, c.hintPart)
		}
	}
	// The section follows the virtual port: an OVS port that becomes a
	// plain bridge port no longer offers it.
	m := open(t, "ovs-tenant", 0, false)
	focusOn(t, m, fVPType)
	m.apply(fVPType, option{value: string(model.VPortNone)})
	m.refocus()
	if m.isVisible(fVLANMode) {
		t.Errorf("VLAN offered on a plain bridge port: %v", shownLabels(m))
	}
}

// By keyboard: choose tag, type the ID, make it a trunk, pick the native
// VLAN — the NIC as edited follows, live on a running OVS port.
func TestVLANByKeyboard(t *testing.T) {
	m := open(t, "ovs-tenant", 0, false)
	focusOn(t, m, fVLANMode)
	send(m, press(tea.KeyRight))
	if m.vlanMode != vlanTag || !m.isVisible(fVLANTags) {
		t.Fatalf("→ on Mode: mode %q, rows %v", m.vlanMode, shownLabels(m))
	}
	send(m, press(tea.KeyTab))
	if m.focus != fVLANTags || !m.Capturing() {
		t.Fatalf("tab from Mode: focus %q", labels[m.focus])
	}
	typeText(m, "42")
	if got := m.Edited().VLAN; !model.VLANEqual(got, &model.VLAN{Tags: []model.VLANTag{{ID: 42}}}) {
		t.Fatalf("edited VLAN = %s", model.VLANString(got))
	}
	if ps := m.Problems(); len(ps) != 0 {
		t.Errorf("problems: %v", ps)
	}
	if l := rowLine(t, m, fVLANTags); strings.Contains(l, afterShutdown) {
		t.Errorf("a VLAN change on a running OVS port is live, row says %q", l)
	}
	send(m, press(tea.KeyShiftTab), press(tea.KeyRight)) // Mode: trunk
	send(m, press(tea.KeyTab))
	typeText(m, ",43")
	send(m, press(tea.KeyTab))
	if m.focus != fVLANNative {
		t.Fatalf("no Native VLAN row after trunk: %v", shownLabels(m))
	}
	opts, _ := m.options(fVLANNative)
	var labels []string
	for _, o := range opts {
		labels = append(labels, o.label)
	}
	if want := []string{"none", "42 untagged", "42 tagged", "43 untagged", "43 tagged"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("native options %v, want %v", labels, want)
	}
	send(m, press(tea.KeyRight))
	want := &model.VLAN{Trunk: true, Tags: []model.VLANTag{{ID: 42, Native: model.NativeUntagged}, {ID: 43}}}
	if got := m.Edited().VLAN; !reflect.DeepEqual(got, want) {
		t.Errorf("edited VLAN = %+v, want %+v", got, want)
	}
	if !m.Dirty() {
		t.Error("not dirty after a VLAN edit")
	}
	// Back to none: the NIC carries no VLAN, and the loaded one had none.
	focusOn(t, m, fVLANMode)
	send(m, press(tea.KeyLeft), press(tea.KeyLeft))
	if m.vlanMode != vlanOff || m.Edited().VLAN != nil || len(model.Changed(m.loaded, m.Edited())) != 0 {
		t.Errorf("mode none: %q, VLAN %+v", m.vlanMode, m.Edited().VLAN)
	}
}

// Inline validation: the engine's range and pairing rules and the form's
// own parse errors show under the row, as the user types.
func TestVLANInlineProblems(t *testing.T) {
	m := open(t, "ovs-tenant", 2, false)
	focusOn(t, m, fVLANTags)
	for _, c := range []struct {
		text, field, says string
	}{
		{"5000", model.FieldVLAN, "vlan tag 5000 is out of range: allowed 0–4095"},
		{"4x", model.FieldVLAN, `"4x" is not a VLAN ID`},
		{"", model.FieldVLAN, "give a VLAN ID 0–4095"},
		{"1,2", model.FieldVLAN, "tag mode takes one VLAN ID, not 2: choose trunk"},
	} {
		send(m, press(tea.KeyCtrlU))
		typeText(m, c.text)
		ps := problemsOn(m, c.field)
		if len(ps) != 1 || ps[0].Severity != model.SeverityError || !strings.Contains(ps[0].Message, c.says) {
			t.Errorf("tags %q: problems %v, want one saying %q", c.text, ps, c.says)
		}
		viewHas(t, m, c.says)
	}
	// A VF takes no trunk, and the trunk row is not offered there.
	vf := open(t, "db01", 0, false)
	opts, _ := vf.options(fVLANMode)
	for _, o := range opts {
		if o.value == vlanTrunk {
			t.Errorf("trunk offered on macvtap passthrough: %+v", opts)
		}
	}
}

// Done-when: a VF-backed passthrough NIC of a running guest gets VLAN 42:
// valid with the VF warning, marked after shutdown.
func TestVLANOnPassthroughIsAfterShutdown(t *testing.T) {
	// nfv-router runs with macvtap passthrough of VF ens1f0v1: the host's
	// node devices say it is a VF, so the tag is taken without a warning.
	m := open(t, "nfv-router", 0, false)
	focusOn(t, m, fVLANMode)
	send(m, press(tea.KeyRight), press(tea.KeyTab))
	typeText(m, "42")
	if ps := m.Problems(); model.HasErrors(ps) {
		t.Fatalf("problems: %v", ps)
	}
	if ps := problemsOn(m, model.FieldVLAN); len(ps) != 0 {
		t.Errorf("VLAN warnings on a VF: %v", ps)
	}
	if l := rowLine(t, m, fVLANTags); !strings.Contains(l, afterShutdown) {
		t.Errorf("Tags row %q lacks %q", l, afterShutdown)
	}
	// db01 passes enp65s0f0 through, which the node devices list as no VF.
	m = open(t, "db01", 0, false)
	focusOn(t, m, fVLANMode)
	send(m, press(tea.KeyRight), press(tea.KeyTab))
	typeText(m, "42")
	if ps := problemsOn(m, model.FieldVLAN); len(ps) != 1 || ps[0].Severity != model.SeverityWarning || !strings.Contains(ps[0].Message, "which is not an SR-IOV VF") {
		t.Errorf("VLAN warnings on a device that is no VF: %v", ps)
	}
}

func TestMTURow(t *testing.T) {
	m := open(t, "ovs-tenant", 2, false)
	focusOn(t, m, fMTU)
	if l := rowLine(t, m, fMTU); !strings.Contains(l, "9000") {
		t.Errorf("MTU row %q", l)
	}
	viewHas(t, m, "Bandwidth in: average 12500 KiB/s, peak 25000 KiB/s, burst 2048 KiB out: average 6250 KiB/s · read-only")
	send(m, press(tea.KeyCtrlU))
	typeText(m, "1500")
	if m.Edited().MTU != 1500 || !slices.Contains(model.Changed(m.loaded, m.Edited()), model.FieldMTU) {
		t.Errorf("edited MTU = %d", m.Edited().MTU)
	}
	if l := rowLine(t, m, fMTU); !strings.Contains(l, afterShutdown) {
		t.Errorf("MTU row %q lacks %q (running guest)", l, afterShutdown)
	}
	for text, says := range map[string]string{"60": "mtu 60 is out of range: allowed 68–65521", "jumbo": `mtu "jumbo" is not a whole number`} {
		send(m, press(tea.KeyCtrlU))
		typeText(m, text)
		if ps := problemsOn(m, model.FieldMTU); len(ps) != 1 || !strings.Contains(ps[0].Message, says) {
			t.Errorf("mtu %q: %v, want %q", text, ps, says)
		}
	}
	send(m, press(tea.KeyCtrlU))
	if m.Edited().MTU != 0 || len(problemsOn(m, model.FieldMTU)) != 0 {
		t.Errorf("blank MTU: %d %v", m.Edited().MTU, problemsOn(m, model.FieldMTU))
	}
}

// An untouched VLAN is the loaded one, so an edit of another field never
// rewrites it; the portgroup picker names each portgroup's VLAN.
func TestVLANUntouchedAndPortGroupPicker(t *testing.T) {
	m := open(t, "ovs-tenant", 3, false)
	focusOn(t, m, fLink)
	send(m, space)
	e := m.Edited()
	if e.VLAN != m.loaded.VLAN || !reflect.DeepEqual(model.Changed(m.loaded, e), []string{model.FieldLink}) {
		t.Errorf("link toggle changed %v (VLAN %+v)", model.Changed(m.loaded, e), e.VLAN)
	}
	focusOn(t, m, fPortGroup)
	send(m, press(tea.KeyEnter))
	for _, want := range []string{"vlan-10 → tag 10", "vlan-20 → tag 20", "none (network default: vlan-10)"} {
		viewHas(t, m, want)
	}
}
