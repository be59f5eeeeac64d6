package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

func TestMain(m *testing.M) {
	uitest.Main(m, func() {
		// As in the program: the loop must run before any connection opens.
		if err := libvirtx.StartEventLoop(); err != nil {
			fmt.Fprintln(os.Stderr, "StartEventLoop:", err)
			os.Exit(1)
		}
		reconnectEvery = time.Millisecond
	})
}

// ---- harness ----

type opts struct {
	readOnly bool
	demo     bool
}

// nodeURI is the e2e fixture host on the test driver.
func nodeURI(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("e2e/testdata/node.xml")
	if err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// newApp builds the root on a private connection, sized w×h, with the
// domain list loaded. Events stay off so draining never blocks on them.
func newApp(t *testing.T, o opts, w, h int) *App {
	t.Helper()
	var (
		c   *libvirtx.Conn
		err error
	)
	if o.demo {
		c, err = libvirtx.OpenDemo(o.readOnly)
	} else {
		c, err = libvirtx.Open(nodeURI(t), o.readOnly)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx := &common.Context{Conn: c, URI: c.URI(), ReadOnly: o.readOnly, Demo: o.demo, Styles: styles.New(true)}
	a := New(ctx)
	a.noEvents = true
	t.Cleanup(a.Shutdown)
	drain(t, a, a.Init())
	resize(t, a, w, h)
	return a
}

func resize(t *testing.T, a *App, w, h int) {
	t.Helper()
	drain(t, a, update1(a, tea.WindowSizeMsg{Width: w, Height: h}))
}

func update1(a *App, msg tea.Msg) tea.Cmd {
	_, cmd := a.Update(msg)
	return cmd
}

// drain runs cmd and every command its messages lead to, like bubbletea's
// loop but synchronously, and returns the messages seen. bubbles' own
// messages (spinner ticks, cursor blinks) are dropped: they only animate
// and would loop forever.
func drain(t *testing.T, a *App, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return uitest.Drain(t, cmd, func(msg tea.Msg) tea.Cmd { return update1(a, msg) })
}

func runCmd(t *testing.T, c tea.Cmd) tea.Msg {
	t.Helper()
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case m := <-done:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("a command did not return within 10 s")
		return nil
	}
}

func press(t *testing.T, a *App, keys ...string) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	for _, k := range uitest.Keys(keys...) {
		seen = append(seen, drain(t, a, update1(a, k))...)
	}
	return seen
}

func quits(ms []tea.Msg) bool {
	for _, m := range ms {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

func view(a *App) string { return ansi.Strip(a.View()) }

func mustContain(t *testing.T, v string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(v, w) {
			t.Errorf("view lacks %q:\n%s", w, v)
		}
	}
}

func mustNotContain(t *testing.T, v string, nots ...string) {
	t.Helper()
	for _, n := range nots {
		if strings.Contains(v, n) {
			t.Errorf("view has %q:\n%s", n, v)
		}
	}
}

// fakeScreen is a test double of a screen: it records what it receives and
// reports whatever dirty/capturing state a test sets.
type fakeScreen struct {
	dirty, capturing bool
	panics           bool
	got              []tea.Msg
	w, h             int
}

func (f *fakeScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if f.panics {
		panic("fake screen exploded")
	}
	f.got = append(f.got, msg)
	return f, nil
}
func (f *fakeScreen) View() string { return "FAKE SCREEN" }
func (f *fakeScreen) SetSize(w, h int) {
	f.w, f.h = w, h
}
func (f *fakeScreen) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "fake action"))}
}
func (f *fakeScreen) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }
func (f *fakeScreen) Capturing() bool           { return f.capturing }
func (f *fakeScreen) Dirty() bool               { return f.dirty }

func (f *fakeScreen) keys() []string {
	var ks []string
	for _, m := range f.got {
		if k, ok := m.(tea.KeyMsg); ok {
			ks = append(ks, k.String())
		}
	}
	return ks
}

func push(a *App, s common.Screen) {
	a.stack = append(a.stack, s)
	s.SetSize(a.ctx.Width, a.ctx.Height)
}

// ---- tests ----

func TestHeaderBadges(t *testing.T) {
	a := newApp(t, opts{readOnly: true}, 80, 24)
	first := strings.Split(view(a), "\n")[0]
	mustContain(t, first, "virtnic", "test:///", "READ-ONLY")
	mustNotContain(t, first, "DEMO")

	a = newApp(t, opts{}, 80, 24)
	mustNotContain(t, strings.Split(view(a), "\n")[0], "READ-ONLY", "DEMO")

	a = newApp(t, opts{demo: true}, 80, 24)
	v := view(a)
	mustContain(t, strings.Split(v, "\n")[0], "DEMO", "demo host")
	mustContain(t, v, "changes live only in this process")
}

func TestLayoutFillsWindow(t *testing.T) {
	for _, sz := range [][2]int{{60, 16}, {80, 24}, {120, 40}} {
		a := newApp(t, opts{demo: true}, sz[0], sz[1])
		lines := strings.Split(view(a), "\n")
		if len(lines) != sz[1] {
			t.Errorf("%dx%d: %d rows, want %d", sz[0], sz[1], len(lines), sz[1])
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%dx%d: row %d is %d wide: %q", sz[0], sz[1], i, w, l)
			}
		}
		f := &fakeScreen{}
		push(a, f)
		if f.w != sz[0] || f.h != sz[1]-3 {
			t.Errorf("%dx%d: screen got %dx%d, want %dx%d", sz[0], sz[1], f.w, f.h, sz[0], sz[1]-3)
		}
	}
}

func TestTooSmallAndRecovery(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	f := &fakeScreen{}
	push(a, f)
	for _, sz := range [][2]int{{59, 24}, {80, 15}, {40, 10}} {
		resize(t, a, sz[0], sz[1])
		want := fmt.Sprintf("terminal too small (need 60x16, have %dx%d)", sz[0], sz[1])
		if v := strings.ReplaceAll(view(a), "\n", " "); v != want {
			t.Errorf("view at %dx%d = %q, want %q", sz[0], sz[1], v, want)
		}
	}
	// Keys would act on a screen nobody can see.
	press(t, a, "z", "?")
	if len(f.keys()) != 0 {
		t.Errorf("screen got keys while too small: %v", f.keys())
	}
	if len(a.dialogs) != 0 {
		t.Error("? opened the help overlay while too small")
	}
	resize(t, a, 60, 16)
	v := view(a)
	mustContain(t, v, "virtnic", "FAKE SCREEN", "ctrl+c quit")
	if f.w != 60 || f.h != 13 {
		t.Errorf("screen size after recovery = %dx%d, want 60x13", f.w, f.h)
	}
	// ctrl+c still quits while too small.
	resize(t, a, 30, 5)
	if !quits(press(t, a, "ctrl+c")) {
		t.Error("ctrl+c did not quit while too small")
	}
}

func TestHelpOverlay(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	f := &fakeScreen{}
	push(a, f)
	mustContain(t, view(a), "z fake action", "? help", "ctrl+c quit")

	press(t, a, "?")
	v := view(a)
	mustContain(t, v, "Keys", "z fake action", "this help", "esc or ? closes this help", "esc/? close help")
	// The overlay is modal: keys do not reach the screen.
	press(t, a, "z")
	if len(f.keys()) != 0 {
		t.Errorf("screen got %v behind the help overlay", f.keys())
	}
	press(t, a, "esc")
	mustNotContain(t, view(a), "this help")
	press(t, a, "?", "?")
	mustNotContain(t, view(a), "this help")

	// A field with focus takes "?" as text.
	f.capturing = true
	press(t, a, "?")
	mustNotContain(t, view(a), "this help")
	if ks := f.keys(); len(ks) != 1 || ks[0] != "?" {
		t.Errorf("capturing screen got %v, want [?]", ks)
	}
	mustNotContain(t, view(a), "? help")
}

func TestErrorBox(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	f := &fakeScreen{}
	push(a, f)

	// A real libvirt error: libvirt's words and what they mean.
	_, err := a.ctx.Conn.LoadDomain("no-such-vm")
	var le *libvirtx.Error
	if !errors.As(err, &le) {
		t.Fatalf("LoadDomain(no-such-vm) = %v, want a *libvirtx.Error", err)
	}
	drain(t, a, update1(a, common.ErrorMsg{Title: "Cannot open no-such-vm", Err: fmt.Errorf("load: %w", err)}))
	v := view(a)
	mustContain(t, v, "Cannot open no-such-vm", "no-such-vm", "no domain with that name", "esc/enter dismiss")
	mustNotContain(t, v, "? help")
	press(t, a, "z", "?")
	if len(f.keys()) != 0 || len(a.dialogs) != 1 {
		t.Errorf("keys behind the error box: screen got %v, %d dialogs", f.keys(), len(a.dialogs))
	}
	press(t, a, "enter")
	mustNotContain(t, view(a), "Cannot open no-such-vm")

	drain(t, a, update1(a, common.ErrorMsg{Title: "Oops", Err: errors.New("plain failure")}))
	mustContain(t, view(a), "Oops", "plain failure")
	press(t, a, "esc")
	mustNotContain(t, view(a), "plain failure")
	if len(f.keys()) != 0 {
		t.Errorf("dismiss keys reached the screen: %v", f.keys())
	}
}

func TestQuit(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	if !quits(press(t, a, "ctrl+c")) {
		t.Error("ctrl+c with nothing dirty did not quit")
	}

	a = newApp(t, opts{}, 80, 24)
	if !quits(drain(t, a, update1(a, common.QuitMsg{}))) {
		t.Error("QuitMsg with nothing dirty did not quit")
	}

	a = newApp(t, opts{}, 80, 24)
	f := &fakeScreen{dirty: true}
	push(a, f)
	if quits(press(t, a, "ctrl+c")) {
		t.Fatal("quit without asking about unapplied changes")
	}
	mustContain(t, view(a), "Quit with unapplied changes?", "q quit", "esc stay")
	if quits(press(t, a, "esc")) {
		t.Fatal("esc quit")
	}
	mustNotContain(t, view(a), "Quit with unapplied changes?")
	if len(f.keys()) != 0 {
		t.Errorf("dialog keys reached the screen: %v", f.keys())
	}

	if quits(drain(t, a, update1(a, common.QuitMsg{}))) {
		t.Fatal("QuitMsg quit without asking")
	}
	if !quits(press(t, a, "q")) {
		t.Error("q in the dialog did not quit")
	}

	// ctrl+c twice quits even when the dialog cannot be seen.
	a = newApp(t, opts{}, 80, 24)
	push(a, &fakeScreen{dirty: true})
	resize(t, a, 40, 10)
	if !quits(press(t, a, "ctrl+c", "ctrl+c")) {
		t.Error("ctrl+c twice did not quit")
	}
}

func TestNavigation(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	mustContain(t, view(a), "vm1", "vm2", "vm3")

	drain(t, a, update1(a, common.OpenDomainMsg{Name: "vm2"}))
	if len(a.stack) != 2 {
		t.Fatalf("stack has %d screens after OpenDomainMsg, want 2", len(a.stack))
	}
	mustContain(t, view(a), "vm2", "NIC :00:02:01")

	drain(t, a, update1(a, common.BackMsg{}))
	if len(a.stack) != 1 {
		t.Fatalf("stack has %d screens after BackMsg, want 1", len(a.stack))
	}
	mustNotContain(t, view(a), "NIC :00:02:01")
	// The bottom screen is never popped.
	drain(t, a, update1(a, common.BackMsg{}))
	if len(a.stack) != 1 {
		t.Fatalf("BackMsg popped the domain list")
	}

	// Keys go to the top screen only.
	bottom := &fakeScreen{}
	top := &fakeScreen{}
	a.stack = []common.Screen{bottom, top}
	press(t, a, "z")
	if len(bottom.keys()) != 0 || len(top.keys()) != 1 {
		t.Errorf("keys: bottom %v, top %v; want only the top to get z", bottom.keys(), top.keys())
	}
}

func TestStatusLine(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	for _, c := range []struct {
		level common.StatusLevel
		sym   string
	}{{common.StatusInfo, ""}, {common.StatusOK, "✓ "}, {common.StatusWarn, "! "}, {common.StatusError, "✗ "}} {
		drain(t, a, update1(a, common.StatusMsg{Text: "applied to config", Level: c.level}))
		lines := strings.Split(view(a), "\n")
		if got := lines[len(lines)-2]; !strings.HasPrefix(got, c.sym+"applied to config") {
			t.Errorf("status row = %q, want %q", got, c.sym+"applied to config")
		}
	}
}

func TestEventsReachEveryScreen(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	bottom, top := &fakeScreen{}, &fakeScreen{}
	a.stack = []common.Screen{bottom, top}

	ch := make(chan libvirtx.Event, 1)
	a.gen++
	a.events = ch
	wait := a.wait()
	ev := libvirtx.Event{Kind: libvirtx.EventLifecycle, Domain: "vm1", Detail: "stopped"}
	ch <- ev
	next := update1(a, runCmd(t, wait))
	for name, s := range map[string]*fakeScreen{"bottom": bottom, "top": top} {
		if len(s.got) != 1 || s.got[0] != (common.DomainEventMsg{Event: ev}) {
			t.Errorf("%s screen got %v, want the event", name, s.got)
		}
	}
	if next == nil {
		t.Fatal("no command re-armed after an event")
	}
	// The re-armed wait ends cleanly when the subscription closes.
	close(ch)
	drain(t, a, next)
	if a.events != nil {
		t.Error("closed event channel still held")
	}

	// A stale subscription (replaced by a reconnect) is ignored.
	old := len(top.got)
	drain(t, a, update1(a, eventMsg{gen: a.gen - 1, ev: ev, ok: true}))
	if len(top.got) != old {
		t.Error("a stale subscription's event reached the screens")
	}
}

// The real subscription on the test driver: Events works, the first wait is
// armed, and Shutdown ends it.
func TestSubscribeRealConnection(t *testing.T) {
	a := newApp(t, opts{demo: true}, 80, 24)
	a.noEvents = false
	msg := runCmd(t, a.subscribe(a.ctx.Conn))
	sm, ok := msg.(subscribedMsg)
	if !ok || sm.err != nil {
		t.Fatalf("subscribe: %#v", msg)
	}
	if update1(a, sm) == nil || a.events == nil || a.stopEvents == nil {
		t.Fatal("subscription not taken")
	}
	a.Shutdown()
	if _, open := <-a.events; open {
		t.Error("event channel still open after Shutdown")
	}
}

func TestReconnectDemo(t *testing.T) {
	a := newApp(t, opts{demo: true}, 80, 24)
	old := a.ctx.Conn
	f := &fakeScreen{}
	a.stack = append(a.stack, f)

	cmd := update1(a, common.DomainEventMsg{Event: libvirtx.Event{Kind: libvirtx.EventClosed, Detail: "closed: eof"}})
	mustContain(t, view(a), "connection to libvirt lost — reconnecting…")
	for _, m := range f.got {
		if _, ok := m.(common.DomainEventMsg); ok {
			t.Error("screens got the closed event; the root handles it")
		}
	}
	// A second sign of the same loss does not start a second loop.
	if c := update1(a, common.ConnLostMsg{Reason: "again"}); c != nil {
		t.Error("second loss started another reconnect loop")
	}

	drain(t, a, cmd)
	if a.reconnecting {
		t.Fatal("still reconnecting after the demo reopened")
	}
	if a.ctx.Conn == old || a.ctx.Conn == nil {
		t.Fatal("connection not replaced")
	}
	if len(a.retired) != 1 || a.retired[0] != old {
		t.Errorf("retired = %v, want the old connection kept until exit", a.retired)
	}
	mustContain(t, view(a), "reconnected", "demo host started afresh")
	var got bool
	for _, m := range f.got {
		if rm, ok := m.(common.ReconnectedMsg); ok && rm.Conn == a.ctx.Conn {
			got = true
		}
	}
	if !got {
		t.Error("screens were not told to reload from the new connection")
	}
	// The list reloaded through the new connection.
	drain(t, a, update1(a, common.BackMsg{}))
	mustContain(t, view(a), "web01")
}

func TestReconnectRetries(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	good := a.ctx.URI
	a.ctx.URI = "test:///nonexistent/virtnic-node.xml"

	lost := &libvirtx.Error{Op: "list domains", Code: 38, Domain: 7, Kind: libvirtx.KindConnLost,
		Message: "Cannot recv data: Connection reset by peer", Meaning: "the connection to libvirt is lost"}
	tick := update1(a, common.ErrorMsg{Title: "Cannot list domains", Err: lost})
	if !a.reconnecting {
		t.Fatal("an error meaning a lost connection did not start reconnecting")
	}
	// One failed attempt: the loop continues and says why.
	next := update1(a, runCmd(t, tick))
	rm, ok := runCmd(t, next).(common.ReconnectedMsg)
	if !ok || rm.Err == nil {
		t.Fatalf("attempt on a missing node file: %#v, want a failed ReconnectedMsg", rm)
	}
	again := update1(a, rm)
	if again == nil || !a.reconnecting {
		t.Fatal("a failed attempt ended the loop")
	}
	press(t, a, "esc")
	mustContain(t, view(a), "reconnecting…", "last attempt")

	a.ctx.URI = good
	drain(t, a, again)
	if a.reconnecting {
		t.Fatal("not reconnected once the URI works again")
	}
	mustContain(t, view(a), "reconnected to "+good)

	// A straggling result after success is closed at exit, not used.
	c, err := libvirtx.Open(good, false)
	if err != nil {
		t.Fatal(err)
	}
	cur := a.ctx.Conn
	drain(t, a, update1(a, common.ReconnectedMsg{Conn: c}))
	if a.ctx.Conn != cur {
		t.Error("a late ReconnectedMsg replaced the connection")
	}
}

func TestPanickingScreenShowsError(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	push(a, &fakeScreen{panics: true})
	press(t, a, "z")
	mustContain(t, view(a), "Internal error", "fake screen exploded")
	press(t, a, "esc")
	mustContain(t, view(a), "FAKE SCREEN")

	boom := a.safeCmd(func() tea.Msg { panic("cmd exploded") })
	em, ok := runCmd(t, boom).(common.ErrorMsg)
	if !ok || !strings.Contains(em.Err.Error(), "cmd exploded") {
		t.Errorf("panicking command gave %#v, want an ErrorMsg", em)
	}
}

func TestOverlayKeepsBackground(t *testing.T) {
	bg := strings.Join([]string{"aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"}, "\n")
	got := overlay(bg, "XX\nYY", 10, 4)
	want := strings.Join([]string{"aaaaaaaaaa", "bbbbXXbbbb", "ccccYYcccc", "dddddddddd"}, "\n")
	if got != want {
		t.Errorf("overlay:\n%s\nwant:\n%s", got, want)
	}
	// Short background rows are padded, not shifted.
	got = overlay("a\nb", "XX", 6, 2)
	if want := "a XX\nb"; got != want {
		t.Errorf("overlay on short rows = %q, want %q", got, want)
	}
}

// ---- golden views ----

// golden checks got against the golden file named after the (sub)test.
func golden(t *testing.T, got string) {
	t.Helper()
	uitest.Golden(t, got)
}

func TestGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		t.Run("list-"+name, func(t *testing.T) {
			a := newApp(t, opts{demo: true}, sz[0], sz[1])
			golden(t, view(a))
		})
		t.Run("details-"+name, func(t *testing.T) {
			a := newApp(t, opts{demo: true, readOnly: true}, sz[0], sz[1])
			drain(t, a, update1(a, common.OpenDomainMsg{Name: "router-fw"}))
			golden(t, view(a))
		})
		t.Run("nic-"+name, func(t *testing.T) {
			// The first NIC's page: 802.1Qbg on a running guest.
			a := newApp(t, opts{demo: true}, sz[0], sz[1])
			drain(t, a, update1(a, common.OpenDomainMsg{Name: "router-fw"}))
			press(t, a, "j", "j", "j", "j", "enter")
			golden(t, view(a))
		})
	}
	t.Run("add-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		drain(t, a, update1(a, common.OpenDomainMsg{Name: "web01"}))
		press(t, a, "a")
		golden(t, view(a))
	})
	t.Run("log-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		clock := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
		now = func() time.Time { clock = clock.Add(7 * time.Second); return clock }
		t.Cleanup(func() { now = time.Now })
		for _, m := range []common.StatusMsg{
			{Text: "NIC :3a:50:01 saved: config applied; live: after next guest shutdown (mode) · L: details", Level: common.StatusWarn,
				Detail: "mode: vepa → private: after next guest shutdown (takes effect after the next guest shutdown: QEMU cannot change a macvtap (direct) NIC's device, mode or virtual port on a running guest)\nwritten by the per-device path"},
			{Text: "read-only connection: restart virtnic without -r, as a user allowed to manage libvirt, to edit", Level: common.StatusWarn},
			{Text: "reconnected to qemu+ssh://hv1/system", Level: common.StatusOK},
		} {
			drain(t, a, update1(a, m))
		}
		press(t, a, "L")
		golden(t, view(a))
	})
	t.Run("help-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		press(t, a, "?")
		golden(t, view(a))
	})
	t.Run("error-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		drain(t, a, update1(a, common.ErrorMsg{Title: "Apply failed", Err: &libvirtx.Error{
			Op: "define domain vm1", Code: 27, Message: "XML error: invalid macvtap mode 'sideways'",
			Meaning: "libvirt rejected the configuration; nothing was changed"}}))
		golden(t, view(a))
	})
	t.Run("quit-80x24", func(t *testing.T) {
		a := newApp(t, opts{demo: true}, 80, 24)
		push(a, &fakeScreen{dirty: true})
		press(t, a, "ctrl+c")
		golden(t, view(a))
	})
	t.Run("toosmall-59x16", func(t *testing.T) {
		a := newApp(t, opts{}, 59, 16)
		golden(t, view(a))
	})
}

// Letters that arrive in one read (key repeat over SSH, scripted input)
// come as one KeyMsg; each must act as its own key until a field captures.
func TestMergedRunesSplit(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	f := &fakeScreen{}
	push(a, f)
	drain(t, a, update1(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("zz")}))
	if ks := f.keys(); len(ks) != 2 || ks[0] != "z" || ks[1] != "z" {
		t.Errorf("screen got %q, want [z z]", ks)
	}

	f.got = nil
	f.capturing = true
	drain(t, a, update1(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("finance")}))
	if ks := f.keys(); len(ks) != 1 || ks[0] != "finance" {
		t.Errorf("capturing screen got %q, want the text in one piece", ks)
	}

	// On the real list: "jj" moves two rows.
	a = newApp(t, opts{}, 80, 24)
	drain(t, a, update1(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jj")}))
	mustContain(t, view(a), "▸ ‖ paused       vm3")
}

// The root reads the host survey once, then keeps it current from events
// that name a domain and from the domains screens load.
func TestSurveyKeptCurrent(t *testing.T) {
	a := newApp(t, opts{}, 80, 24)
	sv := a.ctx.Survey
	if sv == nil || len(sv.Domains) == 0 {
		t.Fatalf("no survey after Init: %+v", sv)
	}
	macs := func() map[string]bool {
		m := map[string]bool{}
		for _, d := range a.ctx.Survey.Domains {
			for _, n := range d.NICs {
				m[n.MAC] = true
			}
		}
		return m
	}
	// Someone else changes vm2's MAC; the event that names vm2 brings it
	// into the survey.
	d, err := a.ctx.Conn.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	n := d.NICs[0]
	old := n.MAC
	n.MAC = "52:54:00:77:77:77"
	if _, err := a.ctx.Conn.SetNIC(d, 0, n); err != nil {
		t.Fatal(err)
	}
	if macs()["52:54:00:77:77:77"] {
		t.Fatal("the survey changed before any event")
	}
	drain(t, a, func() tea.Msg {
		return common.DomainEventMsg{Event: libvirtx.Event{Kind: libvirtx.EventLifecycle, Domain: "vm2", Detail: "defined"}}
	})
	if m := macs(); !m["52:54:00:77:77:77"] || m[old] {
		t.Errorf("after the event the survey's MACs are %v", m)
	}
}

// rawScreen draws a libvirt string without escaping it, as a careless new
// screen would.
type rawScreen struct{ text string }

func (s rawScreen) Update(tea.Msg) (common.Screen, tea.Cmd) { return s, nil }
func (s rawScreen) View() string                            { return s.text }
func (s rawScreen) SetSize(int, int)                        {}
func (s rawScreen) ShortHelp() []key.Binding                { return nil }
func (s rawScreen) FullHelp() [][]key.Binding               { return nil }
func (s rawScreen) Capturing() bool                         { return false }
func (s rawScreen) Dirty() bool                             { return false }

// Whatever a screen draws, the frame reaches the terminal with C1 controls,
// bidi overrides and zero-width characters escaped.
func TestFrameEscapesWhatScreensMiss(t *testing.T) {
	a := newApp(t, opts{demo: true}, 80, 24)
	a.stack = append(a.stack, rawScreen{text: "osc\u009d52;c;aGk=\u009c \u202eevil vm\u200b1"})
	v := a.View()
	for _, r := range []rune{0x9d, 0x9c, 0x202e, 0x200b} {
		if strings.ContainsRune(v, r) {
			t.Errorf("the frame carries raw %U", r)
		}
	}
	if !strings.Contains(v, `osc\u009d52;c;aGk=\u009c \u202eevil vm\u200b1`) {
		t.Errorf("the escaped text is not shown:\n%s", v)
	}
}
