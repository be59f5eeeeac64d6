package nicform

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/model"
	"virtnic/ui/uitest"
)

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
		"Virtual network 'macvtap-net': bridge pool of 1 device, 1 running guest",
		"Virtual network 'ovs-net': Bridge (OpenVSwitch)",
		"Virtual network 'sriov-pool': hostdev pool, 4 of 4 free",
		"Bridge br0",
		"Host device bond0: macvtap · used by 1",
		"Host device enp65s0f0: macvtap · used by 2 (passthrough)",
		// The VFs under their PF, each saying whether it is free.
		"Host device ens1f0: macvtap · SR-IOV PF, 4 of 8 VFs free",
		"Host device ens1f0v0: macvtap · VF 0 of ens1f0 · reserved by dpdk-node (off)",
		"Host device ens1f0v1: macvtap · VF 1 of ens1f0 · taken by nfv-router",
		"Host device ens1f0v2: macvtap · VF 2 of ens1f0 · free",
		"Host device ens1f0v3: macvtap · VF 3 of ens1f0 · free",
		"Host device ens1f0v4: macvtap · VF 4 of ens1f0 · free",
		"Host device ens1f0v5: macvtap · VF 5 of ens1f0 · free",
		"Host device ens1f0v6: macvtap · VF 6 of ens1f0 · reserved by staging-web (off)",
		"Host device ens1f0v7: macvtap · VF 7 of ens1f0 · reserved by staging-web (off)",
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
		"ens1f0v0":  {"passthrough: taken by dpdk-node (off)"},
		"ens1f0v2":  {"used by dpdk-node (hostdev via sriov-pool)"},
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
	for range 12 { // up over eth0.100, eth0, the eight VFs and their PF
		send(m, runes("k"))
	}
	viewHas(t, m, "▸  Host device enp65s0f0: macvtap · used by 2 (passthrough)")
	viewHas(t, m, "   ↳ passthrough: taken by db01, ci-worker (off)\n   Host device ens1f0: macvtap · SR-IOV PF")
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
	// enp65s0f0 and the VFs held whole: ens1f0v1 and ens1f0v7 by
	// passthrough, ens1f0v0 and ens1f0v6 by a hostdev NIC.
	if v := plain(m); strings.Count(v, "Host device") != 5 || !strings.Contains(v, "enp65s0f0") || !strings.Contains(v, "ens1f0v1") {
		t.Errorf("filter passthrough:\n%s", v)
	}
	send(m, press(tea.KeyEsc))
	if !m.Picking() || strings.Count(plain(m), "Host device") != 14 {
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
		// SR-IOV: the VFs under their PF, each saying whether it is free;
		// the current row (VF 1) names its holder under it.
		{"nfv-router-vf-picker-76x17", "nfv-router", 0, 76, 17, func(m *Model) { send(m, press(tea.KeyEnter)) }},
		{"nfv-router-vf-page-76x17", "nfv-router", 0, 76, 17, nil},
		{"web01-to-vf-76x17", "web01", 0, 76, 17, func(m *Model) {
			send(m, press(tea.KeyEnter), runes("/"))
			typeText(m, "ens1f0v3")
			send(m, press(tea.KeyEnter))
		}},
		{"dpdk-node-hostdev-76x17", "dpdk-node", 0, 76, 17, func(m *Model) { focusOn(t, m, fMAC) }},
		{"dpdk-node-pool-picker-76x17", "dpdk-node", 1, 76, 17, func(m *Model) { send(m, press(tea.KeyEnter)) }},
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
