package nicform

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/google/uuid"

	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/uitest"
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
	common := []string{"Device model", "MAC address", "Link state", "Type"}
	cases := []struct {
		domain string
		idx    int
		want   []string
	}{
		{"web01", 0, append([]string{"Network source"}, common...)},
		{"ovs-tenant", 1, append([]string{"Network source", "Portgroup"}, common...)},
		{"router-fw", 0, append(append([]string{"Network source", "Source mode"}, common...), "Manager ID", "Type ID", "Type ID version", "Instance ID")},
		{"router-fw", 1, append(append([]string{"Network source", "Source mode"}, common...), "Profile ID")},
		{"ovs-tenant", 0, append(append([]string{"Network source"}, common...), "Interface ID", "Profile ID")},
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
	for range 5 {
		send(m, press(tea.KeyTab))
		seen = append(seen, labels[m.focus])
	}
	want := []string{"Network source", "Device model", "MAC address", "Link state", "Type", "Network source"}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("tab order = %v, want %v", seen, want)
	}
	send(m, press(tea.KeyShiftTab))
	if m.focus != fVPType {
		t.Errorf("shift+tab from the first field: focus %q, want Type", labels[m.focus])
	}
	send(m, press(tea.KeyUp), press(tea.KeyUp))
	if m.focus != fMAC {
		t.Errorf("↑↑ from Type: focus %q, want MAC address", labels[m.focus])
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

func TestModeCyclePickerAndHelp(t *testing.T) {
	m := open(t, "router-fw", 0, false)
	focusOn(t, m, fMode)
	send(m, press(tea.KeyRight))
	if m.Edited().Mode != model.ModePrivate {
		t.Errorf("→ from vepa: mode %q, want private", m.Edited().Mode)
	}
	viewHas(t, m, model.ModeHelp(model.ModePrivate))
	send(m, space)
	if !m.Picking() {
		t.Fatal("space on Source mode did not open the picker")
	}
	send(m, runes("j"), press(tea.KeyEnter))
	if m.Edited().Mode != model.ModePassthrough {
		t.Errorf("picked after private: %q, want passthrough", m.Edited().Mode)
	}
	viewHas(t, m, model.ModeHelp(model.ModePassthrough))
	send(m, press(tea.KeyLeft), press(tea.KeyLeft), press(tea.KeyLeft))
	if m.Edited().Mode != model.ModeBridge {
		t.Errorf("←←← from passthrough: %q, want bridge", m.Edited().Mode)
	}
}

// Every row of the Source mode picker says what the mode means, and the
// highlighted row's whole explanation is readable at the page sizes of 80x24
// (76 wide), the 54-wide layout and 60x16.
func TestModePickerExplainsEachMode(t *testing.T) {
	for _, sz := range [][2]int{{76, 17}, {54, 19}, {56, 9}, {120, 30}} {
		m := open(t, "router-fw", 0, false)
		m.SetSize(sz[0], sz[1])
		// No mode set: libvirt's default is offered too.
		m.nic.Mode = ""
		focusOn(t, m, fMode)
		send(m, space)
		if !m.Picking() {
			t.Fatal("space on Source mode did not open the picker")
		}
		modes := append([]model.Mode{""}, model.Modes...)
		labelOf := func(md model.Mode) string {
			if md == "" {
				return "default (vepa)"
			}
			return string(md)
		}
		send(m, runes("g"))
		for i, md := range modes {
			help := model.ModeHelp(md)
			if help == "" {
				t.Fatalf("no ModeHelp for %q", md)
			}
			v := plain(m)
			// Every row starts its explanation right after its label.
			for _, other := range modes {
				row := labelOf(other) + " — " + modeExplanation(other)
				prefix := ansi.Truncate(row, 20, "")
				if !strings.Contains(v, prefix) {
					t.Errorf("%dx%d: no row %q:\n%s", sz[0], sz[1], prefix, v)
				}
			}
			// The highlighted row's explanation is there in full.
			if !regexp.MustCompile(`(?m)^▸.? ` + regexp.QuoteMeta(labelOf(md)+" — ")).MatchString(v) {
				t.Errorf("%dx%d: %q not highlighted:\n%s", sz[0], sz[1], md, v)
			}
			_, expl, _ := strings.Cut(help, ": ")
			viewHas(t, m, expl)
			if lines := strings.Split(v, "\n"); len(lines) > sz[1] {
				t.Errorf("%dx%d: picker has %d lines", sz[0], sz[1], len(lines))
			}
			if i < len(modes)-1 {
				send(m, runes("j"))
			}
		}
		// The filter searches the names, not the explanations (so /vepa
		// still finds the vepa row alone when a mode is set).
		send(m, runes("/"))
		typeText(m, "hairpin")
		if v := plain(m); !strings.Contains(v, "nothing matches the filter") {
			t.Errorf("%dx%d: filter hairpin:\n%s", sz[0], sz[1], v)
		}
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

func TestLettersTypedIntoFieldsNeverAct(t *testing.T) {
	m := open(t, "router-fw", 1, false)
	focusOn(t, m, fProfileID)
	if !m.Capturing() {
		t.Fatal("Profile ID focused: Capturing() = false")
	}
	msgs := typeText(m, "q?jk /x")
	if len(msgs) != 0 {
		t.Errorf("typing emitted %v", msgs)
	}
	if got := m.Edited().VirtualPort.ProfileID; got != "dmz-uplinkq?jk /x" {
		t.Errorf("profileid = %q", got)
	}
	if m.focus != fProfileID || m.Picking() {
		t.Errorf("typing moved focus to %q / opened a picker", labels[m.focus])
	}
}

var macRE = regexp.MustCompile(`^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$`)

func TestCtrlGGenerates(t *testing.T) {
	m := open(t, "web01", 0, false)
	focusOn(t, m, fMAC)
	send(m, press(tea.KeyCtrlG))
	mac := m.Edited().MAC
	if !macRE.MatchString(mac) || len(m.ectx.MACsInUse[mac]) != 0 {
		t.Errorf("generated MAC %q: not 52:54:00:xx:xx:xx or already in use", mac)
	}
	if ps := m.Problems(); len(ps) != 0 {
		t.Errorf("generated MAC: problems %v", ps)
	}
	// web01 runs: a new MAC waits for the next shutdown.
	if !strings.Contains(rowLine(t, m, fMAC), afterShutdown) {
		t.Errorf("MAC row lacks %q: %q", afterShutdown, rowLine(t, m, fMAC))
	}

	// A MAC of another NIC is refused as typed.
	send(m, press(tea.KeyCtrlU))
	typeText(m, "52:54:00:3A:20:01")
	viewHas(t, m, "mac 52:54:00:3a:20:01 is already used by NIC 0 of domain db01")

	// Blank UUID fields say they will be generated, and are no problem.
	m = open(t, "legacy-app", 0, false)
	focusOn(t, m, fInterfaceID)
	send(m, press(tea.KeyCtrlU))
	if ps := m.Problems(); len(ps) != 0 {
		t.Errorf("blank midonet interfaceid: problems %v", ps)
	}
	send(m, press(tea.KeyTab)) // unfocused, the placeholder shows in full
	if !strings.Contains(rowLine(t, m, fInterfaceID), "blank = generate") {
		t.Errorf("Interface ID row: %q", rowLine(t, m, fInterfaceID))
	}
	focusOn(t, m, fInterfaceID)
	send(m, press(tea.KeyCtrlG))
	if _, err := uuid.Parse(m.Edited().VirtualPort.InterfaceID); err != nil {
		t.Errorf("generated interfaceid %q: %v", m.Edited().VirtualPort.InterfaceID, err)
	}

	// Elsewhere ctrl+g explains itself and changes nothing.
	m = open(t, "web01", 0, false)
	msgs := send(m, press(tea.KeyCtrlG))
	if len(msgs) != 1 || m.Dirty() {
		t.Errorf("ctrl+g on Network source: %v, dirty %v", msgs, m.Dirty())
	}
}

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

func TestReadOnlyRefusesEdits(t *testing.T) {
	m := open(t, "web01", 0, true)
	wantStatus := func(what string, msgs []tea.Msg) {
		t.Helper()
		if len(msgs) != 1 || msgs[0] != (common.StatusMsg{Text: readOnlyText, Level: common.StatusWarn}) {
			t.Errorf("%s: messages %v, want the read-only status", what, msgs)
		}
	}
	wantStatus("enter on Network source", send(m, press(tea.KeyEnter)))
	if m.Picking() {
		t.Error("read-only: picker opened")
	}
	focusOn(t, m, fMAC)
	if m.Capturing() {
		t.Error("read-only MAC: Capturing() = true")
	}
	wantStatus("typing into MAC", typeText(m, "a"))
	wantStatus("ctrl+g on MAC", send(m, press(tea.KeyCtrlG)))
	focusOn(t, m, fLink)
	wantStatus("space on Link state", send(m, space))
	if m.Dirty() || m.Edited().MAC != "52:54:00:3a:10:01" {
		t.Errorf("read-only edit went through: dirty %v MAC %q", m.Dirty(), m.Edited().MAC)
	}
	for _, b := range m.ShortHelp() {
		if b.Enabled() && b.Help().Key != "tab" && b.Help().Key != "shift+tab" {
			t.Errorf("read-only help offers %q", b.Help().Key)
		}
	}
	viewHas(t, m, "MAC address 52:54:00:3a:10:01")

	// A NIC virtnic cannot edit: viewable, with the reason.
	m = open(t, "legacy-app", 1, false)
	viewHas(t, m, `not editable: interface type "user" is not editable`)
	focusOn(t, m, fMAC)
	msgs := typeText(m, "x")
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0].(common.StatusMsg).Text, "NIC 1 is not editable") {
		t.Errorf("typing into a non-editable NIC: %v", msgs)
	}
	if m.Dirty() || m.Problems() != nil {
		t.Errorf("non-editable NIC: dirty %v problems %v", m.Dirty(), m.Problems())
	}
}

func TestSourcePicker(t *testing.T) {
	m := open(t, "web01", 1, false)
	opts, cur := m.options(fSource)
	var got []string
	for _, o := range opts {
		got = append(got, strings.TrimSpace(o.label+" "+o.marker))
	}
	want := []string{
		"Virtual network 'default': NAT",
		"Virtual network 'isolated': Isolated",
		"Virtual network 'macvtap-net': Bridge",
		"Virtual network 'ovs-net': Bridge (OpenVSwitch)",
		"Bridge br0",
		"Host device bond0: macvtap · used by 1",
		"Host device enp65s0f0: macvtap · used by 2 (passthrough)",
		"Host device eth0: macvtap",
		"Host device eth0.100: macvtap · used by 1",
		"Host device eth1: macvtap · used by 3",
		"Specify device name…",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("source rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if opts[cur].value != "eth1" {
		t.Errorf("current row = %q, want eth1", opts[cur].label)
	}
	// Who they are is the row's detail, shown while it is highlighted; a
	// NIC of a macvtap network is named with the network.
	details := map[string][]string{}
	for _, o := range opts {
		details[o.value] = o.detail
	}
	wantDetails := map[string][]string{
		"bond0":     {"used by staging-web (bridge)"},
		"enp65s0f0": {"passthrough: taken by db01, ci-worker (off)"},
		"eth0.100":  {"used by router-fw (vepa)"},
		"eth1":      {"used by build-runner (private), mail (bridge via macvtap-net), router-fw (private)"},
	}
	for dev, want := range wantDetails {
		if !reflect.DeepEqual(details[dev], want) {
			t.Errorf("%s detail %q, want %q", dev, details[dev], want)
		}
	}

	send(m, press(tea.KeyEnter))
	m.SetSize(120, 30)
	// The highlighted row (the current one) says who in full, right under it.
	lines := strings.Split(plain(m), "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "▸● Host device eth1: macvtap · used by 3") })
	if at < 0 || at+2 >= len(lines) || lines[at+1] != "   ↳ used by build-runner (private), mail (bridge via macvtap-net), router-fw (private)" ||
		lines[at+2] != "   Specify device name…" {
		t.Errorf("highlighted eth1 without its users under it:\n%s", plain(m))
	}
	send(m, runes("k"), runes("k"), runes("k"))
	viewHas(t, m, "▸  Host device enp65s0f0: macvtap · used by 2 (passthrough)")
	viewHas(t, m, "   ↳ passthrough: taken by db01, ci-worker (off)\n   Host device eth0: macvtap\n")
	if strings.Contains(plain(m), "↳ used by build-runner") {
		t.Errorf("a row no longer highlighted keeps its detail:\n%s", plain(m))
	}
	// Only rows that fit are rendered, and the cursor stays among them.
	m.SetSize(60, 4)
	send(m, runes("g"))
	if v := plain(m); strings.Count(v, "\n") != 3 || !strings.Contains(v, "▸  Virtual network 'default'") {
		t.Errorf("picker at height 4:\n%s", v)
	}
	send(m, runes("G"))
	if v := plain(m); strings.Count(v, "\n") != 3 || !strings.Contains(v, "▸  Specify device name…") {
		t.Errorf("picker at the end:\n%s", v)
	}
	m.SetSize(120, 30)
	send(m, runes("/"))
	typeText(m, "passthrough")
	if v := plain(m); strings.Count(v, "Host device") != 1 || !strings.Contains(v, "enp65s0f0") {
		t.Errorf("filter passthrough:\n%s", v)
	}
	send(m, press(tea.KeyEsc))
	if !m.Picking() || strings.Count(plain(m), "Host device") != 5 {
		t.Errorf("first esc should clear the filter, not close:\n%s", plain(m))
	}
	send(m, press(tea.KeyEsc))
	if m.Picking() || m.Dirty() {
		t.Errorf("second esc: picking %v dirty %v", m.Picking(), m.Dirty())
	}

	// Choosing the device db01 runs in passthrough is allowed but flagged.
	send(m, press(tea.KeyEnter), runes("/"))
	typeText(m, "enp65")
	send(m, press(tea.KeyEnter))
	if !model.HasErrors(problemsOn(m, model.FieldSource)) {
		t.Errorf("eth1 → enp65s0f0 while db01 runs it in passthrough: problems %v", m.Problems())
	}
}

// The form never draws outside its page, whatever the size.
func TestViewFitsPage(t *testing.T) {
	for _, c := range []struct {
		domain string
		idx    int
	}{{"router-fw", 0}, {"db01", 0}, {"ovs-tenant", 1}, {"legacy-app", 1}} {
		for _, sz := range [][2]int{{40, 8}, {54, 19}, {56, 11}, {76, 35}, {120, 40}} {
			m := open(t, c.domain, c.idx, false)
			m.SetSize(sz[0], sz[1])
			for range len(m.visible()) + 1 {
				v := plain(m)
				lines := strings.Split(v, "\n")
				if len(lines) > sz[1] {
					t.Errorf("%s/%d at %dx%d: %d lines", c.domain, c.idx, sz[0], sz[1], len(lines))
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > sz[0] {
						t.Errorf("%s/%d at %dx%d: line of %d cells: %q", c.domain, c.idx, sz[0], sz[1], w, l)
					}
				}
				if !strings.Contains(v, "▸ "+labels[m.focus]) {
					t.Errorf("%s/%d at %dx%d: focused %q not visible:\n%s", c.domain, c.idx, sz[0], sz[1], labels[m.focus], v)
				}
				send(m, press(tea.KeyTab))
			}
		}
	}
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name   string
		domain string
		idx    int
		w, h   int
		keys   func(m *Model)
	}{
		{"router-fw-qbg-54x19", "router-fw", 0, 54, 19, nil},
		{"router-fw-qbg-errors-54x19", "router-fw", 0, 54, 19, func(m *Model) {
			focusOn(t, m, fManagerID)
			send(m, press(tea.KeyCtrlU))
			typeText(m, "0")
			send(m, press(tea.KeyTab), press(tea.KeyCtrlU))
			typeText(m, "abc")
			send(m, press(tea.KeyTab), press(tea.KeyTab))
		}},
		{"router-fw-mode-picker-54x19", "router-fw", 0, 54, 19, func(m *Model) { focusOn(t, m, fMode); send(m, space) }},
		{"router-fw-mode-picker-76x17", "router-fw", 0, 76, 17, func(m *Model) { focusOn(t, m, fMode); send(m, space, runes("k")) }},
		{"web01-picker-54x19", "web01", 1, 54, 19, func(m *Model) { send(m, press(tea.KeyEnter), runes("k"), runes("k"), runes("k")) }},
		// 76x17 is the page at 80x24: the current row, eth1, names its users under it.
		{"web01-source-picker-76x17", "web01", 1, 76, 17, func(m *Model) { send(m, press(tea.KeyEnter)) }},
		{"mail-source-picker-76x17", "mail", 0, 76, 17, func(m *Model) { send(m, press(tea.KeyEnter), runes("G"), runes("k")) }},
		{"web01-to-macvtap-76x35", "web01", 0, 76, 35, func(m *Model) {
			send(m, press(tea.KeyEnter), runes("/"))
			typeText(m, "eth1")
			send(m, press(tea.KeyEnter))
		}},
		{"ovs-tenant-ovs-76x35", "ovs-tenant", 0, 76, 35, func(m *Model) { focusOn(t, m, fProfileID) }},
		{"ovs-tenant-portgroup-76x35", "ovs-tenant", 1, 76, 35, func(m *Model) { focusOn(t, m, fPortGroup) }},
		{"legacy-app-midonet-56x11", "legacy-app", 0, 56, 11, nil},
		{"db01-passthrough-56x11", "db01", 0, 56, 11, func(m *Model) { focusOn(t, m, fMAC) }},
		{"legacy-app-user-56x11", "legacy-app", 1, 56, 11, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := open(t, c.domain, c.idx, false)
			m.SetSize(c.w, c.h)
			if c.keys != nil {
				c.keys(m)
			}
			uitest.Golden(t, plain(m)+"\n")
		})
	}
}
