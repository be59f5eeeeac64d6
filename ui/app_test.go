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
		recheckEvery = 0
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
	return uitest.Call(t, c)
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
