package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/details"
	"virtnic/ui/domainlist"
	"virtnic/ui/hostnet"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

// ---- harness: several hosts, opened the way Run opens them ----

// fileURI is the test-driver host of a node file in the repository.
func fileURI(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// nodeCopyURI is a second host with node.xml's domains (same names, same
// UUIDs: another hypervisor defining the same guests), named name.
func nodeCopyURI(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile("e2e/testdata/node.xml")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name+".xml")
	if err := os.WriteFile(p, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// multiApp is the root as Run builds it for virtnic -c uri1 -c uri2…:
// nothing open, one opener per host; Init opens them all.
func multiApp(t *testing.T, w, h int, uris ...string) *App {
	t.Helper()
	a := unopenedHosts(t, uris...)
	resize(t, a, w, h)
	drain(t, a, a.Init())
	return a
}

func unopenedHosts(t *testing.T, uris ...string) *App {
	t.Helper()
	var (
		hosts []*common.Context
		opens []Opener
	)
	st := styles.New(true)
	for _, u := range uris {
		hosts = append(hosts, &common.Context{Host: model.DisplayURI(u), Styles: st})
		opens = append(opens, func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
			return libvirtx.OpenWith(u, libvirtx.OpenOpts{Prompter: p})
		})
	}
	a := newHosts(hosts, opens)
	a.noEvents = true
	t.Cleanup(a.Shutdown)
	return a
}

// hostCtx is the Context of the host labelled label.
func hostCtx(t *testing.T, a *App, label string) *common.Context {
	t.Helper()
	for _, s := range a.sessions {
		if s.ctx.Label == label {
			return s.ctx
		}
	}
	t.Fatalf("no host labelled %q", label)
	return nil
}

// listCursorTo moves the merged list's cursor to host's domain name ("" for
// the host's row).
func listCursorTo(t *testing.T, a *App, host, name string) {
	t.Helper()
	l := a.stack[0].(*domainlist.Model)
	press(t, a, "home")
	for range 40 {
		if h := l.SelectedHost(); h != nil && h.Label == host && l.Selected() == name {
			return
		}
		press(t, a, "j")
	}
	t.Fatalf("no row %s/%q:\n%s", host, name, view(a))
}

func rowWith(t *testing.T, v string, parts ...string) string {
	t.Helper()
	for _, l := range strings.Split(v, "\n") {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(l, p)
		}
		if ok {
			return l
		}
	}
	t.Fatalf("no row with %q:\n%s", parts, v)
	return ""
}

// ---- tests ----

// Three hosts, one of which does not exist: the merged list shows the two
// that opened, grouped by host in the order given, and one row for the
// third with its error; no error box stands in the way.
func TestMultiGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) { multiGolden(t, sz) })
	}
}

func multiGolden(t *testing.T, sz [2]int) {
	{
		a := multiApp(t, sz[0], sz[1], nodeURI(t), fileURI(t, "../libvirtx/demo.xml"), "test:///nonexistent.xml")
		v := view(a)
		if len(a.dialogs) != 0 {
			t.Fatalf("%dx%d: a dialog is open:\n%s", sz[0], sz[1], v)
		}
		mustContain(t, v, "virtnic  node ●  demo ●  nonexistent ✗ failed", "HOST", "15 domains on 3 hosts (15 shown)")
		if r := rowWith(t, v, "nonexistent", "cannot connect"); !strings.Contains(r, "✗ failed") {
			t.Errorf("the failed host's row: %q", r)
		}
		lines := strings.Split(v, "\n")
		if len(lines) != sz[1] {
			t.Errorf("%dx%d: %d rows", sz[0], sz[1], len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%dx%d: row %d is %d wide: %q", sz[0], sz[1], i, w, l)
			}
		}
		// node's vm1…vm3 come before demo's domains, each host's by name.
		if strings.Index(v, "vm3") > strings.Index(v, "build-runner") || strings.Index(v, "web01") > strings.Index(v, "nonexistent    cannot") {
			t.Errorf("rows not grouped by host in the order given:\n%s", v)
		}
		golden(t, v)
	}
}

// The failed host alone: r on the merged list retries it (and only it),
// and its domains appear once it opens.
func TestMultiFailedHostRetries(t *testing.T) {
	target := "test:///nonexistent/virtnic-node.xml"
	good := nodeCopyURI(t, "spare")
	opens := 0
	a := unopenedHosts(t, fileURI(t, "../libvirtx/demo.xml"), "test:///nonexistent/spare.xml")
	a.sessions[1].opener = func(p libvirtx.Prompter) (*libvirtx.Conn, error) {
		opens++
		return libvirtx.OpenWith(target, libvirtx.OpenOpts{Prompter: p})
	}
	resize(t, a, 100, 30)
	drain(t, a, a.Init())
	demo := a.sessions[0].ctx.Conn
	if demo == nil || a.sessions[1].ctx.Conn != nil || opens != 1 {
		t.Fatalf("after Init: demo %v, spare %v, %d opens", demo, a.sessions[1].ctx.Conn, opens)
	}
	v := view(a)
	mustContain(t, v, "spare ✗ failed", "web01", "✗ spare: cannot connect (r retries, L shows why)", "r refresh, retry hosts")
	press(t, a, "L")
	mustContain(t, view(a), "spare: cannot connect", "nonexistent/virtnic-node.xml")
	press(t, a, "esc")

	target = good
	press(t, a, "r")
	if opens != 2 || a.sessions[1].ctx.Conn == nil {
		t.Fatalf("r: %d opens, spare conn %v", opens, a.sessions[1].ctx.Conn)
	}
	if a.sessions[0].ctx.Conn != demo {
		t.Error("r replaced the working host's connection")
	}
	v = view(a)
	mustContain(t, v, "demo ●  spare ●", "15 domains on 2 hosts", "spare: connected")
	if r := rowWith(t, v, "spare", "vm2"); !strings.Contains(r, "shut off") {
		t.Errorf("spare's vm2 row: %q", r)
	}
	mustNotContain(t, v, "cannot connect", "retry hosts")
}

// "/" matches the host's label: "spare" keeps spare's domains only.
func TestMultiFilterMatchesHost(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), nodeCopyURI(t, "spare"), "test:///nonexistent.xml")
	press(t, a, "/", "spare", "enter")
	v := view(a)
	mustContain(t, v, "(3 shown)", "spare")
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "vm") && !strings.Contains(l, "spare") {
			t.Errorf("row of another host passes the filter: %q", l)
		}
	}
	press(t, a, "esc", "/", "nonex", "enter")
	v = view(a)
	mustContain(t, v, "nonexistent", "cannot connect", "(0 shown)")
	mustNotContain(t, v, "vm1")
}

// Same names on two hosts: enter opens the details of the row's host, the
// write goes to that host only, and n opens that host's network view.
func TestMultiOpensOnTheRowsHost(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), nodeCopyURI(t, "spare"))
	spare, node := hostCtx(t, a, "spare"), hostCtx(t, a, "node")
	listCursorTo(t, a, "spare", "vm3")
	press(t, a, "enter")
	d, ok := a.top().(*details.Model)
	if !ok || d.OnHost() != spare {
		t.Fatalf("enter on spare's vm3 opened %T on %v", a.top(), msgHostName(a.top()))
	}
	mustContain(t, view(a), "vm3 on spare")
	// NIC page, link state (source, mode, model, MAC, link), space, apply, yes.
	press(t, a, "j", "j", "j", "j", "enter", "tab", "tab", "tab", "tab", " ", "ctrl+s")
	mustContain(t, view(a), "Apply changes to NIC")
	press(t, a, "y")
	mustContain(t, view(a), "saved")
	linkOf := func(c *common.Context) string {
		dom, err := c.Conn.LoadDomain("vm3")
		if err != nil {
			t.Fatal(err)
		}
		return string(dom.NICs[0].Link)
	}
	if linkOf(spare) == linkOf(node) {
		t.Errorf("link state: spare %q, node %q: the write did not reach spare alone", linkOf(spare), linkOf(node))
	}

	press(t, a, "esc", "esc")
	listCursorTo(t, a, "node", "vm1")
	press(t, a, "n")
	hn, ok := a.top().(*hostnet.Model)
	if !ok || hn.OnHost() != node {
		t.Fatalf("n on node's vm1 opened %T", a.top())
	}
	mustContain(t, view(a), "Host network of node", "eth0")
}

func msgHostName(s any) string {
	if hb, ok := s.(common.HostBound); ok && hb.OnHost() != nil {
		return hb.OnHost().HostName()
	}
	return "no host"
}

// n on a host row asks which host; the answer opens that host's view.
func TestMultiHostNetAsksOnHostRow(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), nodeCopyURI(t, "spare"), "test:///nonexistent.xml")
	listCursorTo(t, a, "nonexistent", "")
	press(t, a, "n")
	mustContain(t, view(a), "Host network of which host?", "1 node", "2 spare")
	press(t, a, "2")
	hn, ok := a.top().(*hostnet.Model)
	if !ok || hn.OnHost() != hostCtx(t, a, "spare") {
		t.Fatalf("choosing 2 opened %T", a.top())
	}
	mustContain(t, view(a), "Host network of spare")
}

// One host lost reconnects on its own; the other keeps its connection,
// and the list keeps the lost host's rows, marked.
func TestMultiReconnectPerHost(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), nodeCopyURI(t, "spare"))
	node, spare := a.sessions[0], a.sessions[1]
	keep, old := node.ctx.Conn, spare.ctx.Conn
	good := spare.ctx.URI
	spare.ctx.URI = "test:///nonexistent/virtnic-spare.xml"
	first := update1(a, common.DomainEventMsg{Host: spare.ctx, Event: libvirtx.Event{Kind: libvirtx.EventClosed, Detail: "closed: eof"}})
	if !spare.reconnecting || node.reconnecting {
		t.Fatalf("reconnecting: spare %v, node %v", spare.reconnecting, node.reconnecting)
	}
	v := view(a)
	mustContain(t, v, "node ●  spare ○ retrying in 1 s", "spare: connection lost — reconnecting")
	if r := rowWith(t, v, "spare ○", "vm2"); r == "" {
		t.Error("spare's rows are not marked lost")
	}
	// One failed attempt keeps spare's loop going; node is untouched.
	next := update1(a, runCmd(t, first))
	rm := runCmd(t, next)
	again := update1(a, rm)
	if again == nil || !spare.reconnecting || node.ctx.Conn != keep {
		t.Fatalf("after a failed attempt: spare reconnecting %v, node conn kept %v", spare.reconnecting, node.ctx.Conn == keep)
	}
	spare.ctx.URI = good
	drain(t, a, again)
	if spare.reconnecting || spare.ctx.Conn == old || node.ctx.Conn != keep {
		t.Fatalf("after the retry: spare reconnecting %v, replaced %v; node kept %v", spare.reconnecting, spare.ctx.Conn != old, node.ctx.Conn == keep)
	}
	mustContain(t, view(a), "node ●  spare ●", "reconnected to spare")
	if len(spare.retired) != 1 || len(node.retired) != 0 {
		t.Errorf("retired: spare %d, node %d", len(spare.retired), len(node.retired))
	}
}

// A refused login stops only that host's attempts; r on the list retries
// it (asking), and the other host was never touched.
func TestMultiRefusedLoginStopsOneHost(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), nodeCopyURI(t, "spare"))
	node, spare := a.sessions[0], a.sessions[1]
	keep := node.ctx.Conn
	spare.ctx.URI = authNodeURI(t)
	asked := 0
	a.send = answering(&asked, "alice", "s3cret")
	drain(t, a, update1(a, common.ConnLostMsg{Host: spare.ctx, Reason: "eof"}))
	if !spare.stopped || asked != 0 || node.reconnecting {
		t.Fatalf("spare stopped %v after %d questions; node reconnecting %v", spare.stopped, asked, node.reconnecting)
	}
	v := view(a)
	mustContain(t, v, "spare ✗ refused", "spare: reconnecting stopped: the login was refused", "r refresh, retry hosts")
	if n := len(strings.Split(v, "\n")[0]); strings.Contains(strings.Split(v, "\n")[0], "node ○") || n == 0 {
		t.Errorf("node shown down: %q", strings.Split(v, "\n")[0])
	}
	press(t, a, "r")
	if spare.reconnecting || asked != 2 || node.ctx.Conn != keep {
		t.Fatalf("r: spare reconnecting %v, asked %d, node kept %v", spare.reconnecting, asked, node.ctx.Conn == keep)
	}
	mustContain(t, view(a), "node ●  spare ●", "guarded")
}

// On a details screen of a host that is down, r is the root's retry (as
// with one host); with every host up it is the screen's reload.
func TestMultiRetryOnDetailsOfDownHost(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), nodeCopyURI(t, "spare"))
	spare := a.sessions[1]
	listCursorTo(t, a, "spare", "vm1")
	press(t, a, "enter")
	if a.retryable() {
		t.Fatal("r is the root's while every host is up")
	}
	reconnectEvery = 50e9 // only r reconnects here
	t.Cleanup(func() { reconnectEvery = 1e6 })
	_ = update1(a, common.ConnLostMsg{Host: spare.ctx, Reason: "eof"})
	if !a.retryable() {
		t.Fatal("r is not the root's retry on the details of a lost host")
	}
	mustContain(t, view(a), "r retry now")
	drain(t, a, pressCmd(a, "r"))
	if spare.reconnecting {
		t.Fatal("r did not reconnect spare")
	}
}

// The poll asks each host the list shows for its counters, one call per
// host per tick, and never a host whose poll is still out.
func TestMultiStatsPollPerHost(t *testing.T) {
	a := multiApp(t, 100, 30, nodeURI(t), fileURI(t, "../libvirtx/demo.xml"))
	poll := func() []common.NetStatsMsg {
		var out []common.NetStatsMsg
		for _, m := range runAll(t, a.pollStats()) {
			if s, ok := m.(common.NetStatsMsg); ok {
				out = append(out, s)
			}
		}
		return out
	}
	got := poll()
	if len(got) != 2 || got[0].Host == got[1].Host || got[0].UUID != "" {
		t.Fatalf("polls %+v, want one bulk call per host", got)
	}
	if again := poll(); len(again) != 0 {
		t.Fatalf("polled %d hosts again while both polls were out", len(again))
	}
	drain(t, a, update1(a, got[1]))
	if again := poll(); len(again) != 1 || again[0].Host != got[1].Host {
		t.Fatalf("after one answer: %+v, want only that host again", again)
	}
	// On a domain's page, only its host is polled.
	drain(t, a, update1(a, got[0]))
	drain(t, a, update1(a, runAll(t, a.pollStats())[0]))
	listCursorTo(t, a, "node", "vm1")
	press(t, a, "enter", "j", "j", "j", "j", "enter")
	if got := poll(); len(got) != 1 || got[0].Host != hostCtx(t, a, "node") || got[0].UUID == "" {
		t.Fatalf("vm1's NIC page polls %+v, want node's vm1 only", got)
	}
}

func runAll(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	return uitest.Run(cmd)
}

// The header names every host with its state while they fit, and counts
// the rest; without UTF-8 the symbols are ASCII.
func TestMultiHeaderFits(t *testing.T) {
	var uris []string
	for _, n := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"} {
		uris = append(uris, "qemu+ssh://root@"+n+".lab.example/system")
	}
	a := unopenedHosts(t, uris...)
	resize(t, a, 80, 24)
	a.sessions[1].ctx.Conn = a.sessions[0].ctx.Conn // stands for nothing; only the state is drawn
	a.sessions[2].connectErr = errors.New("connection refused")
	a.syncLinks()
	head := strings.Split(view(a), "\n")[0]
	if w := ansi.StringWidth(head); w > 80 {
		t.Errorf("header is %d wide: %q", w, head)
	}
	mustContain(t, head, "virtnic  alpha … connecting  bravo … connecting  charlie ✗ failed", "+")
	golden(t, head)

	a.ctx.Styles = styles.NewFor(true, true)
	raw := a.View()
	for i := 0; i < len(raw); i++ {
		if raw[i] > 0x7f {
			t.Fatalf("byte %#x in the ASCII frame: %q", raw[i], strings.Split(raw, "\n")[0])
		}
	}
	mustContain(t, strings.Split(raw, "\n")[0], "alpha ~ connecting", "charlie x failed")
}
