package domainlist

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

// demoURI stands in for the demo connection's real URI, which names a
// random temporary file and would make the goldens differ on every run.
const demoURI = "test:///virtnic-demo"

// Goldens are compared without colour, so the cursor row relies on its
// "▸" marker, which is what NO_COLOR users see.
func TestMain(m *testing.M) { uitest.Main(m) }

func openDemo(t testing.TB) *libvirtx.Conn {
	t.Helper()
	c, err := libvirtx.OpenDemo(false)
	if err != nil {
		t.Fatalf("open demo: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func newCtx(c *libvirtx.Conn, w, h int) *common.Context {
	return &common.Context{Conn: c, URI: demoURI, Styles: styles.New(false), Width: w, Height: h}
}

func run(cmd tea.Cmd) []tea.Msg { return uitest.Run(cmd) }

// send delivers msg and returns what the commands it produced send back,
// spinner ticks left out.
func send(t *testing.T, m *Model, msg tea.Msg) []tea.Msg {
	t.Helper()
	s, cmd := m.Update(msg)
	if s != common.Screen(m) {
		t.Fatalf("Update returned another screen %T", s)
	}
	var out []tea.Msg
	for _, r := range run(cmd) {
		if _, tick := r.(spinner.TickMsg); !tick {
			out = append(out, r)
		}
	}
	return out
}

func keyRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func press(t *testing.T, m *Model, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range uitest.Keys(keys...) {
		out = append(out, send(t, m, k)...)
	}
	return out
}

// typeText types s one rune at a time, as a terminal delivers keystrokes.
func typeText(t *testing.T, m *Model, s string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, r := range s {
		out = append(out, send(t, m, keyRunes(string(r)))...)
	}
	return out
}

func findMsg[T any](msgs []tea.Msg) (T, bool) {
	for _, m := range msgs {
		if v, ok := m.(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}

// loaded returns a screen of size w×h showing the demo host's domains,
// loaded through Init's own command.
func loaded(t *testing.T, w, h int) *Model {
	t.Helper()
	c := openDemo(t)
	m := New(newCtx(c, w, h))
	var got bool
	for _, msg := range run(m.Init()) {
		if dl, ok := msg.(common.DomainsLoadedMsg); ok {
			if dl.Err != nil {
				t.Fatalf("LoadDomains: %v", dl.Err)
			}
			send(t, m, dl)
			got = true
		}
	}
	if !got {
		t.Fatal("Init did not load the domains")
	}
	return m
}

func synthetic(n int) []model.DomainInfo {
	states := []model.DomainState{model.StateRunning, model.StateShutoff, model.StatePaused, model.StateCrashed}
	ds := make([]model.DomainInfo, n)
	for i := range ds {
		st := states[i%len(states)]
		id := -1
		if st.Active() {
			id = i + 1
		}
		ds[i] = model.DomainInfo{Name: fmt.Sprintf("vm-%05d", i), ID: id, State: st, Persistent: i%7 != 0}
	}
	return ds
}

func plain(m *Model) string { return ansi.Strip(m.View()) }

// rowOf returns the visible line that shows domain name.
func rowOf(t *testing.T, view, name string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if hasField(l, name) {
			return l
		}
	}
	t.Fatalf("no row for %q in\n%s", name, view)
	return ""
}

func hasField(line, f string) bool {
	for _, x := range strings.Fields(line) {
		if x == f {
			return true
		}
	}
	return false
}

func checkShape(t *testing.T, m *Model) {
	t.Helper()
	v := plain(m)
	lines := strings.Split(v, "\n")
	if len(lines) != m.height {
		t.Errorf("view has %d lines, want %d:\n%s", len(lines), m.height, v)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > m.width {
			t.Errorf("line %d is %d wide, screen is %d: %q", i, w, m.width, l)
		}
	}
}

func TestLoadingThenTable(t *testing.T) {
	c := openDemo(t)
	m := New(newCtx(c, 80, 21))
	cmd := m.Init()
	if v := plain(m); !strings.Contains(v, "connecting to "+demoURI+"…") {
		t.Errorf("loading view:\n%s", v)
	}
	checkShape(t, m)
	msgs := run(cmd)
	if _, ok := findMsg[spinner.TickMsg](msgs); !ok {
		t.Error("Init does not start the spinner")
	}
	dl, ok := findMsg[common.DomainsLoadedMsg](msgs)
	if !ok || dl.Err != nil || len(dl.Domains) != 12 {
		t.Fatalf("Init's load: %+v", dl)
	}
	send(t, m, dl)

	// Once loaded, ticks are dropped so the spinner's loop ends.
	if _, cmd := m.Update(spinner.TickMsg{}); cmd != nil {
		t.Error("spinner keeps ticking after the load")
	}

	v := plain(m)
	for _, want := range []struct{ name, state, id string }{
		{"web01", "▶ running", "1"},
		{"db01", "▶ running", "2"},
		{"build-runner", "‖ paused", "3"},
		{"ci-worker", "■ shut off", "-"},
		{"win2022", "■ shut off", "-"},
	} {
		row := rowOf(t, v, want.name)
		if !strings.Contains(row, want.state) || !strings.HasSuffix(strings.TrimSpace(row), " "+want.id) {
			t.Errorf("row %q: want state %q and id %q", row, want.state, want.id)
		}
	}
	if !strings.Contains(v, "12 domains (12 shown)") {
		t.Errorf("footer missing:\n%s", v)
	}
	if m.Selected() != "build-runner" || !strings.HasPrefix(rowOf(t, v, "build-runner"), "▸ ") {
		t.Errorf("cursor not on the first row (%q)", m.Selected())
	}
	if m.Dirty() || m.Capturing() {
		t.Error("a fresh list is dirty or capturing")
	}
	checkShape(t, m)
}

func TestCursorAndScrolling(t *testing.T) {
	// 6 rows: column header, 4 domain rows, footer.
	m := loaded(t, 60, 6)
	names := []string{"build-runner", "ci-worker", "db01", "dpdk-node", "legacy-app", "mail",
		"nfv-router", "ovs-tenant", "router-fw", "staging-web", "web01", "win2022"}
	visible := func() []string {
		var out []string
		for _, n := range names {
			for _, l := range strings.Split(plain(m), "\n") {
				if hasField(l, n) {
					out = append(out, n)
				}
			}
		}
		return out
	}
	check := func(step, sel string, first string) {
		t.Helper()
		checkShape(t, m)
		if m.Selected() != sel {
			t.Errorf("%s: cursor on %q, want %q", step, m.Selected(), sel)
		}
		v := visible()
		if len(v) != 4 || v[0] != first {
			t.Errorf("%s: visible %v, want 4 rows from %q", step, v, first)
		}
		if !strings.HasPrefix(rowOf(t, plain(m), sel), "▸ ") {
			t.Errorf("%s: cursor row not marked", step)
		}
	}
	check("start", "build-runner", "build-runner")
	press(t, m, "k")
	check("k at top", "build-runner", "build-runner")
	press(t, m, "j", "j", "j")
	check("jjj", "dpdk-node", "build-runner")
	press(t, m, "j")
	check("scrolls down", "legacy-app", "ci-worker")
	press(t, m, "down", "down")
	check("down", "nfv-router", "dpdk-node")
	press(t, m, "up", "up", "up", "up")
	check("scrolls up", "db01", "db01")
	press(t, m, "G")
	check("G", "win2022", "router-fw")
	press(t, m, "j")
	check("j at bottom", "win2022", "router-fw")
	press(t, m, "g")
	check("g", "build-runner", "build-runner")
	press(t, m, "end")
	check("end", "win2022", "router-fw")
	press(t, m, "home")
	check("home", "build-runner", "build-runner")
	press(t, m, "pgdown")
	check("pgdn", "legacy-app", "ci-worker")
	press(t, m, "pgdown", "pgdown")
	check("pgdn to end", "win2022", "router-fw")
	press(t, m, "pgup")
	check("pgup", "ovs-tenant", "ovs-tenant")
	if v := plain(m); !strings.Contains(v, "12 domains (12 shown)") || !strings.Contains(v, "8/12") {
		t.Errorf("footer:\n%s", v)
	}

	// Growing the screen shows more rows without leaving blanks at the end.
	m.SetSize(60, 21)
	checkShape(t, m)
	if m.offset != 0 {
		t.Errorf("offset %d after growing to fit every row", m.offset)
	}
}

func TestRefreshKeepsCursor(t *testing.T) {
	m := loaded(t, 60, 6)
	press(t, m, "j", "j", "j", "j", "j", "j", "j") // ovs-tenant, scrolled
	if m.Selected() != "ovs-tenant" {
		t.Fatalf("cursor on %q", m.Selected())
	}
	msgs := press(t, m, "r")
	dl, ok := findMsg[common.DomainsLoadedMsg](msgs)
	if !ok || dl.Err != nil {
		t.Fatalf("r did not reload: %v", msgs)
	}
	if v := plain(m); !strings.Contains(v, "refreshing…") || !strings.Contains(v, "ovs-tenant") {
		t.Errorf("refresh view:\n%s", v)
	}
	checkShape(t, m)
	send(t, m, dl)
	if m.Selected() != "ovs-tenant" || m.parts[0].loading {
		t.Errorf("after refresh: cursor %q loading %v", m.Selected(), m.parts[0].loading)
	}

	// A domain defined ahead of the cursor shifts every index: the cursor
	// follows the name, not the position, and stays visible.
	ds := append([]model.DomainInfo{{Name: "aaa", ID: -1, State: model.StateShutoff, Persistent: true},
		{Name: "aab", ID: -1, State: model.StateShutoff, Persistent: true}}, dl.Domains...)
	send(t, m, common.DomainsLoadedMsg{Domains: ds})
	if m.Selected() != "ovs-tenant" {
		t.Errorf("cursor moved to %q", m.Selected())
	}
	if !strings.HasPrefix(rowOf(t, plain(m), "ovs-tenant"), "▸ ") {
		t.Errorf("cursor row off screen:\n%s", plain(m))
	}
	// The domain under the cursor vanished: back to the top.
	send(t, m, common.DomainsLoadedMsg{Domains: ds[:3]})
	if m.Selected() != "aaa" {
		t.Errorf("cursor on %q after its domain went away", m.Selected())
	}
}

func TestEventsReload(t *testing.T) {
	m := loaded(t, 80, 21)
	msgs := send(t, m, common.DomainEventMsg{Event: libvirtx.Event{Kind: libvirtx.EventLifecycle, Domain: "web01", Detail: "stopped"}})
	dl, ok := findMsg[common.DomainsLoadedMsg](msgs)
	if !ok {
		t.Fatalf("event did not reload: %v", msgs)
	}
	// A second event while that load is in flight asks for one more load
	// after it, since the first answer may predate the event.
	if msgs := send(t, m, common.DomainEventMsg{Event: libvirtx.Event{Kind: libvirtx.EventDevice}}); len(msgs) != 0 {
		t.Errorf("second load started while one is in flight: %v", msgs)
	}
	if _, again := findMsg[common.DomainsLoadedMsg](send(t, m, dl)); !again {
		t.Error("no follow-up load for the event that came in mid-load")
	}
	// A closed connection is the root's business.
	m.parts[0].loading = false
	if msgs := send(t, m, common.DomainEventMsg{Event: libvirtx.Event{Kind: libvirtx.EventClosed}}); len(msgs) != 0 {
		t.Errorf("closed event sent %v", msgs)
	}
	if _, ok := findMsg[common.DomainsLoadedMsg](send(t, m, common.ReconnectedMsg{Conn: m.ctx.Conn})); !ok {
		t.Error("reconnect did not reload")
	}
}

func TestLoadError(t *testing.T) {
	m := loaded(t, 80, 21)
	press(t, m, "j", "j")
	// A genuine libvirt error value, as ListDomains would wrap it. (Closing
	// the connection would be the natural way to make listing fail, but
	// libvirtx.Conn.ListDomains dereferences nil after Close.)
	_, lerr := libvirtx.Open("test:///nonexistent/virtnic-no-such-node.xml", false)
	if lerr == nil {
		t.Fatal("opening a missing node file worked")
	}
	if _, ok := findMsg[common.DomainsLoadedMsg](press(t, m, "r")); !ok {
		t.Fatal("r did not reload")
	}
	dl := common.DomainsLoadedMsg{Err: lerr}
	em, ok := findMsg[common.ErrorMsg](send(t, m, dl))
	if !ok || em.Title != "Cannot list domains" || !errors.Is(em.Err, dl.Err) {
		t.Errorf("error message %+v", em)
	}
	v := plain(m)
	if !strings.Contains(v, "could not list domains: press r to retry") || strings.Contains(v, "web01") {
		t.Errorf("error view:\n%s", v)
	}
	checkShape(t, m)
	press(t, m, "j", "G")
	if _, opened := findMsg[common.OpenDomainMsg](press(t, m, "enter")); opened {
		t.Error("enter with no rows opened a domain")
	}
	// Retrying after it works clears the error.
	dl, _ = findMsg[common.DomainsLoadedMsg](press(t, m, "r"))
	send(t, m, dl)
	if v := plain(m); strings.Contains(v, "could not") || !strings.Contains(v, "web01") {
		t.Errorf("after retry:\n%s", v)
	}
	if m.Selected() != "db01" {
		t.Errorf("retry put the cursor on %q, want db01 as before the failure", m.Selected())
	}
}

func TestEmpty(t *testing.T) {
	m := New(newCtx(nil, 80, 21))
	send(t, m, common.DomainsLoadedMsg{})
	if v := plain(m); !strings.Contains(v, "no domains on "+demoURI) {
		t.Errorf("empty view:\n%s", v)
	}
	checkShape(t, m)
}
