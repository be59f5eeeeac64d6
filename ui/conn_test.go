package ui

import (
	"testing"
	"virtnic/libvirtx"
	"virtnic/ui/common"

	tea "github.com/charmbracelet/bubbletea"
)

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
		if len(s.got) != 1 || s.got[0] != (common.DomainEventMsg{Host: a.ctx, Event: ev}) {
			t.Errorf("%s screen got %v, want the event, naming its host", name, s.got)
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
