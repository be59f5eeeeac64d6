package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

func TestBackoff(t *testing.T) {
	var got []time.Duration
	for n := 0; n < 8; n++ {
		got = append(got, backoff(n, 2*time.Second, time.Minute))
	}
	want := []time.Duration{2, 4, 8, 16, 32, 60, 60, 60}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("backoff sequence %v, want %v s", got, want)
		}
	}
	if d := backoff(1000, 2*time.Second, time.Minute); d != time.Minute {
		t.Errorf("after many failures: %v", d)
	}
	if secondsLeft(2*time.Millisecond) != 1 || secondsLeft(8*time.Second) != 8 || secondsLeft(8500*time.Millisecond) != 9 {
		t.Error("secondsLeft does not round up")
	}
}

// authNodeURI is a test-driver host that asks for a user name and password
// (alice, s3cret) before it opens, like a SASL-protected daemon.
func authNodeURI(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "auth.xml")
	xml := `<node><auth><user password="s3cret">alice</user></auth>
<domain type='test'><name>guarded</name><memory>65536</memory><os><type>hvm</type></os></domain></node>`
	if err := os.WriteFile(p, []byte(xml), 0o600); err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// answering stands in for the program's Send: it answers libvirt's
// questions the way the terminal prompt would, and counts them.
func answering(asked *int, user, pass string) func(tea.Msg) {
	return func(m tea.Msg) {
		pm := m.(promptMsg)
		for i := range pm.creds {
			*asked++
			if pm.creds[i].Kind.Echo() {
				pm.creds[i].Answer = user
			} else {
				pm.creds[i].Answer = pass
			}
		}
		pm.reply <- nil
	}
}

// unopened is the root as Run builds it: no connection yet, open to come.
func unopened(t *testing.T, open Opener, host string) *App {
	t.Helper()
	ctx := &common.Context{Host: host, Styles: styles.New(true)}
	a := newRoot(ctx, open)
	a.noEvents = true
	t.Cleanup(a.Shutdown)
	resize(t, a, 80, 24)
	return a
}

// The first frame says where virtnic connects before the open runs; a
// failed open stays on the connect screen with its reason until r.
func TestFirstOpenAfterFirstFrame(t *testing.T) {
	uri := nodeURI(t)
	opened := 0
	target := "test:///nonexistent/virtnic-node.xml"
	open := func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
		opened++
		return libvirtx.OpenWith(target, libvirtx.OpenOpts{Prompter: p})
	}
	a := unopened(t, open, "hv1")
	first := a.Init()
	if opened != 0 {
		t.Fatal("Init opened the connection instead of returning a command")
	}
	mustContain(t, view(a), "virtnic  hv1", "connecting to hv1…")

	drain(t, a, first)
	if opened != 1 || a.ctx.Conn != nil {
		t.Fatalf("opened %d times, conn %v", opened, a.ctx.Conn)
	}
	mustContain(t, view(a), "Cannot connect to hv1", "nonexistent/virtnic-node.xml", "press r to retry, q to quit", "r retry now")

	target = uri
	drain(t, a, pressCmd(a, "r"))
	if opened != 2 || a.ctx.Conn == nil {
		t.Fatalf("r: opened %d times, conn %v", opened, a.ctx.Conn)
	}
	v := view(a)
	mustContain(t, v, "virtnic  "+uri, "vm1", "vm3")
	mustNotContain(t, v, "Cannot connect", "retry now")
	// Connected, r is the list's reload again, not the root's retry.
	if _, ok := a.table().Match(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("r")}); ok {
		t.Error("the root still takes r once connected")
	}
}

func TestConnectScreenQuits(t *testing.T) {
	a := unopened(t, func(libvirtx.Prompter) (*libvirtx.Conn, error) {
		return libvirtx.Open("test:///nonexistent/x.xml", false)
	}, "hv1")
	drain(t, a, a.Init())
	if !quits(press(t, a, "q")) {
		t.Error("q on the connect screen did not quit")
	}
}

// libvirt's questions during the first open go to the terminal by a round
// trip through the program, and the answers come back to libvirt.
func TestFirstOpenAsks(t *testing.T) {
	uri := authNodeURI(t)
	a := unopened(t, func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
		return libvirtx.OpenWith(uri, libvirtx.OpenOpts{Prompter: p})
	}, "guarded-host")
	asked := 0
	a.send = answering(&asked, "alice", "s3cret")
	drain(t, a, a.Init())
	if a.ctx.Conn == nil || asked != 2 {
		t.Fatalf("conn %v after %d questions: %v", a.ctx.Conn, asked, a.connectErr)
	}
	mustContain(t, view(a), "guarded")

	// Without a program to ask through, the open fails and says why.
	b := unopened(t, func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
		return libvirtx.OpenWith(uri, libvirtx.OpenOpts{Prompter: p})
	}, "guarded-host")
	drain(t, b, b.Init())
	mustContain(t, view(b), "Cannot connect to guarded-host", "cannot ask here")
}

// An automatic reconnect asks nothing; a refused login stops the loop
// (no more attempts, and the status line says so) until r, which asks.
func TestReconnectStopsOnRefusedLogin(t *testing.T) {
	a := newApp(t, opts{}, 100, 24)
	a.ctx.URI = authNodeURI(t)
	asked := 0
	a.send = answering(&asked, "alice", "s3cret")

	first := update1(a, common.ConnLostMsg{Reason: "eof"})
	if !a.reconnecting {
		t.Fatal("not reconnecting")
	}
	mustContain(t, view(a), "connection to libvirt lost — reconnecting… retrying in 1 s")
	seen := drain(t, a, first)
	if asked != 0 {
		t.Errorf("an automatic attempt asked %d question(s)", asked)
	}
	attempts := 0
	for _, m := range seen {
		if rm, ok := m.(common.ReconnectedMsg); ok {
			attempts++
			if !libvirtx.IsAuthError(rm.Err) {
				t.Errorf("attempt failed with %v, want a refused login", rm.Err)
			}
		}
	}
	if attempts != 1 || !a.stopped || !a.reconnecting {
		t.Fatalf("%d attempts, stopped %v: want exactly one, then a stop", attempts, a.stopped)
	}
	mustContain(t, view(a), "not retrying, the login was refused: press r to retry", "r retry now")
	// The whole reason is in the message log.
	if !strings.Contains(a.lastTry, "automatic reconnects ask nothing") {
		t.Errorf("last attempt %q does not say why nothing was asked", a.lastTry)
	}
	press(t, a, "L")
	mustContain(t, view(a), "reconnecting stopped: the login was refused")
	press(t, a, "esc")

	// A tick scheduled before the stop does nothing.
	if c := update1(a, reconnectTickMsg{seq: a.seq}); c != nil || a.opening {
		t.Error("a tick after the stop started an attempt")
	}

	// r retries at once, and answers libvirt's questions.
	drain(t, a, pressCmd(a, "r"))
	if a.reconnecting || asked != 2 {
		t.Fatalf("after r: reconnecting %v, asked %d", a.reconnecting, asked)
	}
	mustContain(t, view(a), "reconnected to "+a.ctx.HostName())
}

// r while an attempt waits for its turn tries at once and voids the
// scheduled one; while one is in flight it only says so.
func TestRetryNowOvertakesSchedule(t *testing.T) {
	a := newApp(t, opts{}, 100, 24)
	reconnectEvery = 50 * time.Second // only r can reconnect in this test
	t.Cleanup(func() { reconnectEvery = time.Millisecond })
	_ = update1(a, common.ConnLostMsg{Reason: "eof"})
	lostSeq := a.seq
	mustContain(t, view(a), "retrying in 50 s")
	cmd := pressCmd(a, "r")
	if !a.opening || a.seq == lostSeq {
		t.Fatal("r did not start an attempt that voids the scheduled one")
	}
	if c := pressCmd(a, "r"); c != nil {
		t.Error("a second r started another attempt")
	}
	mustContain(t, view(a), "connection to libvirt lost — reconnecting…")
	mustNotContain(t, view(a), "retrying in")
	if c := update1(a, reconnectTickMsg{seq: lostSeq}); c != nil {
		t.Error("the voided scheduled attempt ran")
	}
	drain(t, a, cmd)
	if a.reconnecting {
		t.Fatal("r did not reconnect")
	}
}

// The status line counts down to the next attempt.
func TestReconnectCountdown(t *testing.T) {
	a := newApp(t, opts{}, 100, 24)
	reconnectEvery = 8 * time.Second
	t.Cleanup(func() { reconnectEvery = time.Millisecond })
	_ = update1(a, common.ConnLostMsg{Reason: "eof"})
	mustContain(t, view(a), "retrying in 8 s")
	next := update1(a, countdownMsg{seq: a.seq})
	mustContain(t, view(a), "retrying in 7 s")
	if next == nil {
		t.Error("the countdown stopped")
	}
	if update1(a, countdownMsg{seq: a.seq - 1}) != nil {
		t.Error("a stale countdown re-armed")
	}
	mustContain(t, view(a), "retrying in 7 s")
}

// pressCmd delivers one letter key and returns its command without
// running it.
func pressCmd(a *App, letter string) tea.Cmd {
	return update1(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(letter)})
}
