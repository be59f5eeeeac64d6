package hostnet

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"virtnic/ui/common"
	"virtnic/ui/uitest"
)

// Before the survey arrives the view says so and every key is harmless;
// the survey then fills it in place.
func TestReadingThenSurvey(t *testing.T) {
	m := newView(t, 80, 21, false)
	if v := plain(m); !strings.Contains(v, "reading the host…") {
		t.Errorf("no survey yet:\n%s", v)
	}
	checkShape(t, m)
	for _, k := range []string{"j", "k", "G", "g", "pgdown", "/", "x", "esc"} {
		press(t, m, k)
	}
	msgs := press(t, m, "enter")
	if _, open := findMsg[common.OpenDomainMsg](msgs); open {
		t.Errorf("enter without a survey opened a domain: %v", msgs)
	}
	m.ctx.Survey = survey
	deliver(t, m, common.SurveyUpdatedMsg{})
	if v := plain(m); strings.Contains(v, "reading the host") || !strings.Contains(v, "Host devices (macvtap)") {
		t.Errorf("after the survey:\n%s", v)
	}
	if got := cursorText(t, m); !strings.HasPrefix(got, "▸ ens1f0  PF 0000:03:00.0 · 10 Gb/s · 8 VFs, 4 free") {
		t.Errorf("cursor starts on %q, want the first device: the SR-IOV PF", got)
	}
	// A reconnect drops the old connection's survey: reading again.
	m.ctx.Survey = nil
	deliver(t, m, common.ReconnectedMsg{})
	if v := plain(m); !strings.Contains(v, "reading the host…") {
		t.Errorf("after a reconnect:\n%s", v)
	}
}

// What the demo host has where, including mail on eth1 through macvtap-net
// and the conflicts marked on their rows.
func TestRowsOfTheDemo(t *testing.T) {
	m := newView(t, 160, 70, true)
	v := plain(m)
	for _, want := range []string{
		`(?m)^  enp65s0f0  ethernet · 10 Gb/s · passed through to ci-worker, db01 · 2 NICs$`,
		`(?m)^    ✗ ■ ci-worker     NIC :3a:60:01  passthrough  off\s*$`,
		`(?m)^    ✗ ▶ db01          NIC :3a:20:01  passthrough  running\s*$`,
		`(?m)^    ✗ ci-worker and db01 both pass enp65s0f0 through: only one of them can run at a time \(db01 is running\)$`,
		`(?m)^  eth1  ethernet · 1 Gb/s · 4 NICs\n(    ! .*\n){4}    ! build-runner, router-fw \(private\) and mail via macvtap-net, web01 \(bridge\) do not reach each other on eth1: `,
		`(?m)^    ! ▶ mail          NIC :3a:70:01  bridge       running  via macvtap-net$`,
		`(?m)^  eth0  ethernet · 1 Gb/s · no NIC$`,
		`(?m)^Not offered for macvtap\n  br0  bridge · a bridge: offered as "Bridge br0" · no NIC$`,
		`(?m)^  eth2  1 Gb/s · slave of bond bond0 · no NIC$`,
		`(?m)^Host bridges\n  br0  ports eno1 · 3 NICs$`,
		`(?m)^  ovsbr0  bridge of libvirt network 'ovs-net' · 2 NICs\n      ▶ ovs-tenant    NIC :3a:80:01               running\s*\n      ▶ ovs-tenant    NIC :3a:80:03               running\s*$`,
		// A one-device pool has no choice to make: mail is on eth1.
		`(?m)^  macvtap-net  Bridge · macvtap on eth1 · 1 NIC\n      ▶ mail          NIC :3a:70:01  bridge       running  on eth1$`,
		`(?m)^      ▶ ovs-tenant    NIC :3a:80:02               running  portgroup vlan-20$`,
		// SR-IOV first: the PF, then each VF with whether it is free and
		// the NICs on it; the hostdev pool says how many VFs are free.
		`(?m)^SR-IOV \(physical function → virtual functions\)\n[▸ ] ens1f0  PF 0000:03:00.0 · 10 Gb/s · 8 VFs, 4 free · no NIC\s*$`,
		`(?m)^    ens1f0v0  VF 0 · 0000:03:02.0 · reserved by dpdk-node \(off\)\n      ■ dpdk-node     NIC :3a:c0:01  hostdev      off\s*$`,
		`(?m)^    ens1f0v1  VF 1 · 0000:03:02.1 · taken by nfv-router\n      ▶ nfv-router    NIC :3a:b0:01  passthrough  running\s*$`,
		`(?m)^    ens1f0v2  VF 2 · 0000:03:02.2 · free · pool sriov-pool\n    ens1f0v3  `,
		`(?m)^    ens1f0v6  VF 6 · 0000:03:02.6 · reserved by staging-web \(off\)\n      ■ staging-web   NIC :3a:a0:04  hostdev      off\s*$`,
		`(?m)^    ens1f0v7  VF 7 · 0000:03:02.7 · reserved by staging-web \(off\)\n      ■ staging-web   NIC :3a:a0:03  passthrough  off\s*$`,
		`(?m)^  sriov-pool  Hostdev · 4 of 4 free · 1 NIC\n      ■ dpdk-node     NIC :3a:c0:02  hostdev      off\s*$`,
		`(?m)^20 devices · 2 bridges · 5 networks · ✗ 1 conflict · ! 1 warning$`,
	} {
		if !regexp.MustCompile(want).MatchString(v) {
			t.Errorf("view lacks %s:\n%s", want, v)
		}
	}
	// The PF and its VFs are listed once, under SR-IOV.
	if devs := v[strings.Index(v, "Host devices (macvtap)"):strings.Index(v, "Host bridges")]; strings.Contains(devs, "ens1f0") {
		t.Errorf("the SR-IOV devices are listed again among the host devices:\n%s", devs)
	}
	// Only eth1's NICs are marked for its mode mix; the others are clean.
	if regexp.MustCompile(`(?m)^    ! ▶ router-fw     NIC :3a:50:01`).MatchString(v) {
		t.Errorf("router-fw's NIC on eth0.100 is marked:\n%s", v)
	}
}

func TestKeys(t *testing.T) {
	m := newView(t, 80, 21, true)
	steps := []struct {
		keys []string
		want string // the cursor row starts so
	}{
		{nil, "▸ ens1f0  PF"},
		{[]string{"j"}, "▸   ens1f0v0"},
		{[]string{"down", "j"}, "▸   ens1f0v1"},
		{[]string{"k", "up"}, "▸   ens1f0v0"},
		{[]string{"k", "k"}, "▸ ens1f0  PF"}, // the heading above is skipped, the top holds
		{[]string{"G"}, "▸     ■ dpdk-node     NIC :3a:c0:02  hostdev      off"},
		{[]string{"g"}, "▸ ens1f0  PF"},
		{[]string{"end"}, "▸     ■ dpdk-node     NIC :3a:c0:02  hostdev      off"},
		{[]string{"home"}, "▸ ens1f0  PF"},
		{[]string{"pgdown"}, "▸ eth0  ethernet"},
		{[]string{"pgup"}, "▸ ens1f0  PF"},
	}
	for _, s := range steps {
		press(t, m, s.keys...)
		if got := cursorText(t, m); !strings.HasPrefix(got, s.want) {
			t.Errorf("after %v the cursor is on %q, want %q", s.keys, got, s.want)
		}
		checkShape(t, m)
	}
	for _, k := range []string{"esc", "left", "h"} {
		if _, ok := findMsg[common.BackMsg](press(t, m, k)); !ok {
			t.Errorf("%s did not go back", k)
		}
	}
	st, ok := findMsg[common.StatusMsg](press(t, m, "q"))
	if !ok || st.Text != quitHint {
		t.Errorf("q: %+v", st)
	}
}

// enter on a NIC row opens that domain at the NIC; elsewhere it says where
// it works instead.
func TestEnterOpensTheNIC(t *testing.T) {
	m := newView(t, 80, 21, true)
	st, ok := findMsg[common.StatusMsg](press(t, m, "enter"))
	if !ok || !strings.Contains(st.Text, "move to one of the NIC rows") {
		t.Errorf("enter on a device row: %+v", st)
	}
	for range 40 { // to mail under eth1
		press(t, m, "j")
		if strings.Contains(cursorText(t, m), "mail") {
			break
		}
	}
	if got := cursorText(t, m); !strings.Contains(got, "mail          NIC :3a:70:01  bridge       running  via macvtap-net") {
		t.Fatalf("cursor on %q", got)
	}
	open, ok := findMsg[common.OpenDomainMsg](press(t, m, "enter"))
	if !ok || open != (common.OpenDomainMsg{Host: m.ctx, Name: "mail", MAC: "52:54:00:3a:70:01"}) {
		t.Errorf("enter sent %+v, want mail's NIC :3a:70:01 on its host", open)
	}
}

func TestFilter(t *testing.T) {
	m := newView(t, 80, 21, true)
	press(t, m, "/")
	if !m.Capturing() {
		t.Fatal("/ did not focus the filter")
	}
	// Letters are text while typing: q does not quit, j does not move.
	typeText(t, m, "qj")
	if v := plain(m); !strings.Contains(v, "nothing matches the filter") || !strings.Contains(v, "/ qj") {
		t.Errorf("filter qj:\n%s", v)
	}
	press(t, m, "backspace", "backspace")
	typeText(t, m, "MAIL")
	v := plain(m)
	// A domain name keeps every place mail is, with only mail's rows and
	// the conflicts it is in.
	for _, want := range []string{"eth1  ethernet", "mail    NIC :3a:70:01  bridge       running  via macvtap-net",
		"! build-runner, router-fw (private) and mail", "br0  ports eno1", "mail    NIC :3a:70:02", "macvtap-net  Bridge"} {
		if !strings.Contains(v, want) {
			t.Errorf("filter mail lacks %q:\n%s", want, v)
		}
	}
	for _, gone := range []string{"NIC :3a:10:02", "enp65s0f0", "Not offered", "default"} {
		if strings.Contains(v, gone) {
			t.Errorf("filter mail still shows %q:\n%s", gone, v)
		}
	}
}

func TestFilterKeepAndClear(t *testing.T) {
	m := newView(t, 80, 21, true)
	press(t, m, "/")
	typeText(t, m, "mail")
	press(t, m, "down")
	if got := cursorText(t, m); !strings.Contains(got, "mail    NIC :3a:70:01") {
		t.Errorf("↓ while filtering: cursor on %q", got)
	}
	// enter keeps the filter and gives the keys back; esc then clears it
	// before it goes back.
	if msgs := press(t, m, "enter"); len(msgs) != 0 || m.Capturing() {
		t.Errorf("enter in the filter: %v, capturing %v", msgs, m.Capturing())
	}
	if _, ok := findMsg[common.OpenDomainMsg](press(t, m, "enter")); !ok {
		t.Error("enter on mail's row in a kept filter did not open it")
	}
	if msgs := press(t, m, "esc"); len(msgs) != 0 || m.filter.Value() != "" {
		t.Errorf("esc with a kept filter: %v, filter %q", msgs, m.filter.Value())
	}
	if got := cursorText(t, m); !strings.Contains(got, "mail          NIC :3a:70:01") {
		t.Errorf("clearing the filter moved the cursor to %q", got)
	}
	if _, ok := findMsg[common.BackMsg](press(t, m, "esc")); !ok {
		t.Error("esc without a filter did not go back")
	}
}

// Device, network and bridge names match too; a device's name keeps all
// its NICs.
func TestFilterByItemName(t *testing.T) {
	m := newView(t, 80, 21, true)
	for q, want := range map[string][]string{
		"enp65":       {"enp65s0f0", "ci-worker", "db01", "✗ ci-worker and db01"},
		"macvtap-net": {"eth1  ethernet", "via macvtap-net", "macvtap-net  Bridge"},
		"ovsbr0":      {"ovsbr0  ethernet · bridge of libvirt network", "ovsbr0  bridge of libvirt network 'ovs-net' · 2 NICs", "ovs-tenant"},
		"isolated":    {"isolated  Isolated", "db01", "router-fw"},
	} {
		press(t, m, "/")
		typeText(t, m, q)
		v := plain(m)
		for _, w := range want {
			if !strings.Contains(v, w) {
				t.Errorf("filter %q lacks %q:\n%s", q, w, v)
			}
		}
		press(t, m, "esc")
		checkShape(t, m)
	}
}

func TestRefresh(t *testing.T) {
	m := newView(t, 80, 21, true)
	if _, ok := findMsg[common.RefreshSurveyMsg](press(t, m, "r")); !ok {
		t.Fatal("r did not ask for the survey")
	}
	if !strings.Contains(plain(m), "re-reading the host…") {
		t.Errorf("no refresh note:\n%s", plain(m))
	}
	if st, ok := findMsg[common.StatusMsg](press(t, m, "r")); !ok || st.Text != "already re-reading the host" {
		t.Errorf("r while re-reading: %+v", st)
	}
	deliver(t, m, common.SurveyUpdatedMsg{})
	if strings.Contains(plain(m), "re-reading") {
		t.Errorf("still re-reading after the survey came back:\n%s", plain(m))
	}
	// A failure the user asked for is reported; the rows stay.
	press(t, m, "r")
	boom := errors.New("connection reset")
	em, ok := findMsg[common.ErrorMsg](deliver(t, m, common.SurveyFailedMsg{Err: boom}))
	if !ok || em.Title != "Cannot read the host" || !errors.Is(em.Err, boom) {
		t.Errorf("failed refresh: %+v", em)
	}
	if !strings.Contains(plain(m), "Host devices (macvtap)") {
		t.Errorf("a failed refresh dropped the rows:\n%s", plain(m))
	}
	// One nobody asked for is only shown while there is nothing else.
	if msgs := deliver(t, m, common.SurveyFailedMsg{Err: boom}); len(msgs) != 0 {
		t.Errorf("unasked failure sent %v", msgs)
	}
	m = newView(t, 80, 21, false)
	deliver(t, m, common.SurveyFailedMsg{Err: boom})
	if v := plain(m); !strings.Contains(v, "could not read the host: press r to retry") || !strings.Contains(v, "connection reset") {
		t.Errorf("failed first survey:\n%s", v)
	}
}

// The cursor row wraps when it does not fit, so a conflict can be read in
// full at 80 columns.
func TestCursorRowWraps(t *testing.T) {
	m := newView(t, 80, 21, true)
	for range 60 {
		press(t, m, "j")
		if strings.Contains(cursorText(t, m), "build-runner, router-fw (private)") {
			break
		}
	}
	v := plain(m)
	want := "▸   ! build-runner, router-fw (private) and mail via macvtap-net, web01 (bridge)\n" +
		"      do not reach each other on eth1: private mode isolates guests on one\n" +
		"      device unless an external router sends the traffic back\n"
	if !strings.Contains(stripRight(v), want) {
		t.Errorf("the conflict under the cursor is not in full:\n%s", v)
	}
	checkShape(t, m)
}

func stripRight(s string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

func TestHelp(t *testing.T) {
	m := newView(t, 80, 21, true)
	keysOf := func() string {
		var s []string
		for _, b := range m.ShortHelp() {
			s = append(s, b.Help().Key)
		}
		return strings.Join(s, " ")
	}
	// enter does nothing on a device row: not offered in the bar, marked
	// in the overlay.
	if got := keysOf(); got != "↑/k ↓/j / esc/← r" {
		t.Errorf("help on a device row: %q", got)
	}
	full := fmt.Sprint(m.FullHelp())
	if !strings.Contains(full, "open NIC (disabled here)") {
		t.Errorf("full help %s", full)
	}
	press(t, m, "j", "j") // over ens1f0v0 to its first NIC
	if got := keysOf(); got != "↑/k ↓/j enter / esc/← r" {
		t.Errorf("help on a NIC row: %q", got)
	}
	press(t, m, "/")
	if got := keysOf(); got != "enter esc ↑ ↓" {
		t.Errorf("help while filtering: %q", got)
	}
	typeText(t, m, "db")
	press(t, m, "enter")
	// The cursor is on enp65s0f0, the first row left: a kept filter
	// offers esc to clear it before esc/← goes back.
	if got := keysOf(); got != "↑/k ↓/j / esc esc/← r" {
		t.Errorf("help with a kept filter: %q", got)
	}
}

// Every size and every cursor position keeps the view in its box.
func TestShape(t *testing.T) {
	for _, sz := range [][2]int{{60, 13}, {80, 21}, {120, 37}, {40, 5}} {
		m := newView(t, sz[0], sz[1], true)
		for range len(m.rows) {
			checkShape(t, m)
			press(t, m, "j")
		}
	}
}

func TestGolden(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 21}, {120, 37}, {60, 13}}
	for _, sz := range sizes {
		name := fmt.Sprintf("%dx%d", sz.w, sz.h+3)
		t.Run(name, func(t *testing.T) {
			m := newView(t, sz.w, sz.h, true)
			press(t, m, "j", "j", "j", "j")
			golden(t, "hostnet_"+name, m)

			press(t, m, "/")
			typeText(t, m, "mail")
			press(t, m, "enter", "j")
			golden(t, "filter_"+name, m)
		})
	}
	t.Run("conflict", func(t *testing.T) {
		m := newView(t, 80, 21, true)
		for range 18 { // to the passthrough conflict on enp65s0f0
			press(t, m, "j")
		}
		golden(t, "conflict_80x24", m)
	})
	// What `n` shows first at 80x24: the PF with its VFs, which are free.
	t.Run("sriov", func(t *testing.T) {
		golden(t, "sriov_80x24", newView(t, 80, 21, true))
	})
	t.Run("networks", func(t *testing.T) {
		m := newView(t, 80, 21, true)
		press(t, m, "G")
		golden(t, "networks_80x24", m)
	})
	t.Run("reading", func(t *testing.T) {
		golden(t, "reading_80x24", newView(t, 80, 21, false))
	})
}

func golden(t *testing.T, name string, m *Model) {
	t.Helper()
	checkShape(t, m)
	uitest.GoldenAs(t, name, plain(m)+"\n")
}
