package domainlist

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

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
	if !ok || dl.Err != nil || len(dl.Domains) != 10 {
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
	if !strings.Contains(v, "10 domains (10 shown)") {
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

func TestStateSymbolsAndTransient(t *testing.T) {
	m := New(newCtx(nil, 80, 21))
	ds := []model.DomainInfo{
		{Name: "a", ID: 1, State: model.StateRunning, Persistent: true},
		{Name: "b", ID: -1, State: model.StateShutoff, Persistent: true},
		{Name: "c", ID: 3, State: model.StatePaused, Persistent: false},
		{Name: "d", ID: -1, State: model.StateCrashed, Persistent: true},
		{Name: "e", ID: 5, State: model.StatePMSuspended, Persistent: true},
		{Name: "f", ID: 6, State: model.StateShutdown, Persistent: true},
		{Name: "g", ID: 7, State: model.StateBlocked, Persistent: true},
		{Name: "h", ID: -1, State: model.StateNoState, Persistent: true},
	}
	send(t, m, common.DomainsLoadedMsg{Domains: ds})
	v := plain(m)
	for _, want := range []struct{ name, state string }{
		{"a", "▶ running"}, {"b", "■ shut off"}, {"c", "‖ paused"}, {"d", "✗ crashed"},
		{"e", "z pmsuspended"}, {"f", "↓ in shutdown"}, {"g", "… blocked"}, {"h", "? no state"},
	} {
		if row := rowOf(t, v, want.name); !strings.Contains(row, want.state) {
			t.Errorf("row %q lacks %q", row, want.state)
		}
	}
	if row := rowOf(t, v, "c"); !strings.HasSuffix(row, "transient") {
		t.Errorf("transient domain not marked: %q", row)
	}
	if row := rowOf(t, v, "b"); strings.Contains(row, "transient") {
		t.Errorf("persistent domain marked transient: %q", row)
	}
}

func TestStateColoured(t *testing.T) {
	lipgloss.SetColorProfile(termenv.ANSI256)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	m := New(newCtx(nil, 80, 21))
	send(t, m, common.DomainsLoadedMsg{Domains: synthetic(4)})
	// Row 2 (not the cursor row) is running: its state carries colour.
	lines := strings.Split(m.View(), "\n")
	if !strings.Contains(lines[1], "\x1b[") || !strings.Contains(lines[2], "\x1b[") {
		t.Errorf("no colour in rows:\n%q\n%q", lines[1], lines[2])
	}
}

func TestCursorAndScrolling(t *testing.T) {
	// 6 rows: column header, 4 domain rows, footer.
	m := loaded(t, 60, 6)
	names := []string{"build-runner", "ci-worker", "db01", "legacy-app", "mail",
		"ovs-tenant", "router-fw", "staging-web", "web01", "win2022"}
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
	check("jjj", "legacy-app", "build-runner")
	press(t, m, "j")
	check("scrolls down", "mail", "ci-worker")
	press(t, m, "down", "down")
	check("down", "router-fw", "legacy-app")
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
	check("pgdn", "mail", "ci-worker")
	press(t, m, "pgdown", "pgdown")
	check("pgdn to end", "win2022", "router-fw")
	press(t, m, "pgup")
	check("pgup", "ovs-tenant", "ovs-tenant")
	if v := plain(m); !strings.Contains(v, "10 domains (10 shown)") || !strings.Contains(v, "6/10") {
		t.Errorf("footer:\n%s", v)
	}

	// Growing the screen shows more rows without leaving blanks at the end.
	m.SetSize(60, 21)
	checkShape(t, m)
	if m.offset != 0 {
		t.Errorf("offset %d after growing to fit every row", m.offset)
	}
}

func TestFilter(t *testing.T) {
	m := loaded(t, 80, 21)
	if msgs := press(t, m, "/"); len(msgs) != 0 {
		t.Errorf("/ sent %v", msgs)
	}
	if !m.Capturing() {
		t.Fatal("/ did not focus the filter")
	}
	if msgs := typeText(t, m, "Web"); len(msgs) != 0 {
		t.Errorf("typing sent %v", msgs)
	}
	v := plain(m)
	if !strings.Contains(v, "/ Web") || !strings.Contains(v, "10 domains (2 shown)") {
		t.Errorf("filter line or count:\n%s", v)
	}
	for _, n := range []string{"staging-web", "web01"} {
		rowOf(t, v, n)
	}
	if strings.Contains(v, "db01") || strings.Contains(v, "mail") {
		t.Errorf("filter did not narrow:\n%s", v)
	}

	// Letters are text while the filter has focus: q does not quit and j
	// does not move.
	msgs := typeText(t, m, "qj")
	if _, quit := findMsg[common.QuitMsg](msgs); quit {
		t.Fatal("q in the filter quit")
	}
	if m.input.Value() != "Webqj" || !strings.Contains(plain(m), "no domain matches “Webqj”") {
		t.Errorf("filter %q, view:\n%s", m.input.Value(), plain(m))
	}
	press(t, m, "backspace", "backspace")
	if m.input.Value() != "Web" || len(m.idx) != 2 {
		t.Errorf("backspace: %q, %d rows", m.input.Value(), len(m.idx))
	}
	// Arrows still move while typing.
	press(t, m, "down")
	if m.Selected() != "web01" {
		t.Errorf("down in filter: %q", m.Selected())
	}

	// enter keeps the filter and returns to navigation.
	if msgs := press(t, m, "enter"); len(msgs) != 0 {
		t.Errorf("enter in filter sent %v", msgs)
	}
	if m.Capturing() || len(m.idx) != 2 || !strings.Contains(plain(m), "/ Web") {
		t.Errorf("after enter: capturing=%v rows=%d\n%s", m.Capturing(), len(m.idx), plain(m))
	}
	press(t, m, "k")
	if m.Selected() != "staging-web" {
		t.Errorf("k after filter: %q", m.Selected())
	}
	open, ok := findMsg[common.OpenDomainMsg](press(t, m, "enter"))
	if !ok || open.Name != "staging-web" {
		t.Errorf("enter opened %+v", open)
	}

	// / again edits the kept filter; esc clears it and keeps the cursor's domain.
	press(t, m, "/")
	if !m.Capturing() || m.input.Value() != "Web" {
		t.Errorf("reopened filter: %v %q", m.Capturing(), m.input.Value())
	}
	press(t, m, "esc")
	if m.Capturing() || m.input.Value() != "" || len(m.idx) != 10 {
		t.Errorf("esc: capturing=%v value=%q rows=%d", m.Capturing(), m.input.Value(), len(m.idx))
	}
	if m.Selected() != "staging-web" {
		t.Errorf("esc moved the cursor to %q", m.Selected())
	}
	if v := plain(m); strings.Contains(v, "/ ") || !strings.Contains(v, "10 domains (10 shown)") {
		t.Errorf("after esc:\n%s", v)
	}

	// The state word matches too; a kept filter is cleared by esc outside
	// the input as well.
	press(t, m, "/")
	typeText(t, m, "paused")
	press(t, m, "enter")
	if len(m.idx) != 2 || m.Selected() != "build-runner" {
		t.Errorf("state filter: %d rows, cursor %q", len(m.idx), m.Selected())
	}
	if !offers(m, "esc") {
		t.Error("esc not offered while a filter is kept")
	}
	press(t, m, "esc")
	if len(m.idx) != 10 || offers(m, "esc") {
		t.Errorf("esc outside the input: %d rows", len(m.idx))
	}

	// An empty filter accepted with enter leaves no filter line behind.
	press(t, m, "/", "enter")
	if strings.Contains(plain(m), "/ ") {
		t.Errorf("empty filter line kept:\n%s", plain(m))
	}
}

func TestOpenKeys(t *testing.T) {
	m := loaded(t, 80, 21)
	press(t, m, "j", "j")
	for _, k := range []string{"enter", "right", "l"} {
		open, ok := findMsg[common.OpenDomainMsg](press(t, m, k))
		if !ok || open.Name != "db01" {
			t.Errorf("%s opened %+v", k, open)
		}
	}
	// A filter that matches nothing: enter says how to get rows back.
	press(t, m, "/")
	typeText(t, m, "zzz")
	press(t, m, "enter")
	if st, ok := findMsg[common.StatusMsg](press(t, m, "enter")); !ok || !strings.Contains(st.Text, "esc clears it") {
		t.Errorf("enter with no match answered %+v", st)
	}
	press(t, m, "esc")
	send(t, m, common.DomainsLoadedMsg{})
	// Nothing to open in an empty list: enter says so instead of opening.
	msgs := press(t, m, "enter")
	if _, opened := findMsg[common.OpenDomainMsg](msgs); opened {
		t.Errorf("enter on an empty list opened: %v", msgs)
	}
	if st, ok := findMsg[common.StatusMsg](msgs); !ok || st.Text != "no domain to open" {
		t.Errorf("enter on an empty list answered %v", msgs)
	}
}

func TestQuit(t *testing.T) {
	m := loaded(t, 80, 21)
	if _, ok := findMsg[common.QuitMsg](press(t, m, "q")); !ok {
		t.Error("q did not quit")
	}
}

func TestRefreshKeepsCursor(t *testing.T) {
	m := loaded(t, 60, 6)
	press(t, m, "j", "j", "j", "j", "j") // ovs-tenant, scrolled
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
	if m.Selected() != "ovs-tenant" || m.loading {
		t.Errorf("after refresh: cursor %q loading %v", m.Selected(), m.loading)
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
	m.loading = false
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

// offers says whether the help bar offers the key.
func offers(m *Model, help string) bool {
	for _, b := range m.ShortHelp() {
		if b.Help().Key == help {
			return true
		}
	}
	return false
}

func TestHelp(t *testing.T) {
	m := loaded(t, 80, 21)
	keysOf := func() string {
		var s []string
		for _, b := range m.ShortHelp() {
			if b.Enabled() {
				s = append(s, b.Help().Key)
			}
		}
		return strings.Join(s, " ")
	}
	if got := keysOf(); got != "↑/k ↓/j enter/→ / r n q" {
		t.Errorf("short help %q", got)
	}
	press(t, m, "/")
	if got := keysOf(); got != "enter esc ↑ ↓" {
		t.Errorf("filter help %q", got)
	}
	typeText(t, m, "db")
	press(t, m, "enter")
	if got := keysOf(); got != "↑/k ↓/j enter/→ / esc r n q" {
		t.Errorf("kept-filter help %q", got)
	}
	if full := m.FullHelp(); len(full) != 2 || len(full[1]) != 6 {
		t.Errorf("full help %v", m.FullHelp())
	}
}

// Long names are cut with an ellipsis instead of pushing the ID off screen.
func TestLongName(t *testing.T) {
	m := New(newCtx(nil, 60, 13))
	long := strings.Repeat("very-long-name-", 8)
	send(t, m, common.DomainsLoadedMsg{Domains: []model.DomainInfo{
		{Name: long, ID: 12, State: model.StateRunning, Persistent: false},
		{Name: "b" + long, ID: 13, State: model.StateRunning, Persistent: true},
	}})
	checkShape(t, m)
	for _, l := range strings.Split(plain(m), "\n")[1:3] {
		if !strings.Contains(l, "…") || !strings.Contains(l, "1") {
			t.Errorf("row %q", l)
		}
	}
}

func TestGolden(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 21}, {120, 37}, {60, 13}}
	for _, sz := range sizes {
		name := fmt.Sprintf("%dx%d", sz.w, sz.h+3)
		t.Run(name, func(t *testing.T) {
			m := loaded(t, sz.w, sz.h)
			press(t, m, "j", "j", "j", "j")
			golden(t, "list_"+name, m)

			press(t, m, "/")
			typeText(t, m, "web")
			golden(t, "filter_"+name, m)
		})
	}
	t.Run("states", func(t *testing.T) {
		ds := []model.DomainInfo{
			{Name: "app-01", ID: 11, State: model.StateRunning, Persistent: true},
			{Name: "batch-transient", ID: 12, State: model.StateRunning, Persistent: false},
			{Name: "broken", ID: -1, State: model.StateCrashed, Persistent: true},
			{Name: "laptop-sleeper", ID: 14, State: model.StatePMSuspended, Persistent: true},
			{Name: "stopping", ID: 15, State: model.StateShutdown, Persistent: true},
		}
		m := New(newCtx(nil, 80, 21))
		send(t, m, common.DomainsLoadedMsg{Domains: ds})
		press(t, m, "j")
		golden(t, "states_80x24", m)
	})
	t.Run("loading", func(t *testing.T) {
		m := New(newCtx(nil, 80, 21))
		m.loading = true
		golden(t, "loading_80x24", m)
	})
	t.Run("empty", func(t *testing.T) {
		m := New(newCtx(nil, 80, 21))
		send(t, m, common.DomainsLoadedMsg{})
		golden(t, "empty_80x24", m)
	})
	t.Run("error", func(t *testing.T) {
		m := New(newCtx(nil, 80, 21))
		send(t, m, common.DomainsLoadedMsg{Err: errors.New("boom")})
		golden(t, "error_80x24", m)
	})
	t.Run("scrolled", func(t *testing.T) {
		m := New(newCtx(nil, 60, 13))
		send(t, m, common.DomainsLoadedMsg{Domains: synthetic(10000)})
		press(t, m, "pgdown", "j", "j")
		golden(t, "scrolled_60x16", m)
	})
}

// golden checks the view as the subtest name of t.
func golden(t *testing.T, name string, m *Model) {
	t.Helper()
	checkShape(t, m)
	got := plain(m) + "\n"
	t.Run(name, func(t *testing.T) { uitest.Golden(t, got) })
}
