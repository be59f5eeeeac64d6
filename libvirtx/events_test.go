package libvirtx

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"libvirt.org/go/libvirt"

	"virtnic/libvirtx/testdaemon"
)

// subscribe starts Events on c and stops it before c's own Close cleanup runs
// (cleanups run last-registered first), as callers must.
func subscribe(t *testing.T, c *Conn) (<-chan Event, func()) {
	t.Helper()
	ch, stop, err := c.Events()
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	t.Cleanup(stop)
	return ch, stop
}

// waitEvent waits for an event equal to want, skipping others (libvirt may
// send e.g. "resumed" before "started").
func waitEvent(t *testing.T, ch <-chan Event, want Event, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	var seen []Event
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("channel closed while waiting for %+v; saw %+v", want, seen)
			}
			if ev == want {
				return
			}
			seen = append(seen, ev)
		case <-deadline:
			t.Fatalf("no %+v within %v; saw %+v", want, within, seen)
		}
	}
}

func testDomainXML(name string) string {
	return fmt.Sprintf(`<domain type='test'><name>%s</name><memory unit='KiB'>131072</memory><vcpu>1</vcpu><os><type arch='i686'>hvm</type></os></domain>`, name)
}

func TestEventsLifecycle(t *testing.T) {
	c := openNode(t, "write-node.xml", false)
	ch, _ := subscribe(t, c)

	d, err := c.lv().DomainDefineXML(testDomainXML("evdef"))
	if err != nil {
		t.Fatal(err)
	}
	d.Free()
	waitEvent(t, ch, Event{Kind: EventLifecycle, Domain: "evdef", Detail: "defined"}, 2*time.Second)

	dom, err := c.lv().LookupDomainByName("rich") // shut off in the node file
	if err != nil {
		t.Fatal(err)
	}
	defer dom.Free()
	if err := dom.Create(); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ch, Event{Kind: EventLifecycle, Domain: "rich", Detail: "started"}, 2*time.Second)
	if err := dom.Suspend(); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ch, Event{Kind: EventLifecycle, Domain: "rich", Detail: "suspended"}, 2*time.Second)
	if err := dom.Destroy(); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ch, Event{Kind: EventLifecycle, Domain: "rich", Detail: "stopped"}, 2*time.Second)

	u, err := c.lv().LookupDomainByName("evdef")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Free()
	if err := u.Undefine(); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ch, Event{Kind: EventLifecycle, Domain: "evdef", Detail: "undefined"}, 2*time.Second)
}

// A write through the engine is seen like anyone else's.
func TestEventsSeeSetNIC(t *testing.T) {
	c := openNode(t, "write-node.xml", false)
	ch, _ := subscribe(t, c)
	d, err := c.LoadDomain("rich")
	if err != nil {
		t.Fatal(err)
	}
	n := d.NICs[0]
	n.Link = "down"
	if n.Link == d.NICs[0].Link {
		n.Link = "up"
	}
	if _, err := c.SetNIC(d, 0, n); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ch, Event{Kind: EventLifecycle, Domain: "rich", Detail: "defined"}, 2*time.Second)
}

func TestEventsStop(t *testing.T) {
	c := openNode(t, "write-node.xml", false)
	ch, stop := subscribe(t, c)
	stop()
	select {
	case _, ok := <-ch:
		if ok {
			// A buffered event is allowed; the channel must still close.
			for range ch {
			}
		}
	case <-time.After(time.Second):
		t.Fatal("channel not closed after stop")
	}
	stop() // idempotent

	// Changes after stop must neither panic (send on closed channel) nor
	// reach anyone.
	d, err := c.lv().DomainDefineXML(testDomainXML("evafter"))
	if err != nil {
		t.Fatal(err)
	}
	d.Free()
	time.Sleep(200 * time.Millisecond)

	// A fresh subscription on the same connection works after a stop.
	ch2, _ := subscribe(t, c)
	d, err = c.lv().DomainDefineXML(testDomainXML("evafter2"))
	if err != nil {
		t.Fatal(err)
	}
	d.Free()
	waitEvent(t, ch2, Event{Kind: EventLifecycle, Domain: "evafter2", Detail: "defined"}, 2*time.Second)
}

// A reader that never reads must not stall libvirt's event loop: events
// beyond the buffer are dropped and libvirt calls keep working.
func TestEventsFullChannelDrops(t *testing.T) {
	c := openNode(t, "write-node.xml", false)
	ch, _ := subscribe(t, c)
	for i := range eventBuffer + 20 {
		d, err := c.lv().DomainDefineXML(testDomainXML(fmt.Sprintf("evfull%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		d.Free()
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(ch) < eventBuffer && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if len(ch) != eventBuffer {
		t.Fatalf("buffered %d events, want the full %d", len(ch), eventBuffer)
	}
	// The loop is still alive: a second connection's events arrive.
	c2 := openNode(t, "write-node.xml", false)
	ch2, _ := subscribe(t, c2)
	d, err := c2.lv().DomainDefineXML(testDomainXML("evfull-other"))
	if err != nil {
		t.Fatal(err)
	}
	d.Free()
	waitEvent(t, ch2, Event{Kind: EventLifecycle, Domain: "evfull-other", Detail: "defined"}, 2*time.Second)
}

// test:///default is one driver shared by every connection of the process,
// so a read-only connection can watch what a read-write one does.
func TestEventsReadOnly(t *testing.T) {
	ro, err := Open("test:///default", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	rw, err := Open("test:///default", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rw.Close() })
	ch, _ := subscribe(t, ro)

	d, err := rw.lv().DomainDefineXML(testDomainXML("evro"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		d.Undefine()
		d.Free()
	}()
	waitEvent(t, ch, Event{Kind: EventLifecycle, Domain: "evro", Detail: "defined"}, 2*time.Second)
}

func TestEventsOnClosedConn(t *testing.T) {
	c, err := Open("test:///default", true)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, _, err := c.Events(); err == nil {
		t.Fatal("Events on a closed connection succeeded")
	}
}

func TestEventWords(t *testing.T) {
	if got := closeWord(libvirt.CONNECT_CLOSE_REASON_CLIENT); got != "" {
		t.Errorf("CLIENT close reported as %q; our own Close is not a loss", got)
	}
	for r, want := range map[libvirt.ConnectCloseReason]string{
		libvirt.CONNECT_CLOSE_REASON_ERROR:     "error",
		libvirt.CONNECT_CLOSE_REASON_EOF:       "eof",
		libvirt.CONNECT_CLOSE_REASON_KEEPALIVE: "keepalive",
	} {
		if got := closeWord(r); got != want {
			t.Errorf("closeWord(%d) = %q, want %q", r, got, want)
		}
	}
	for ev, want := range map[libvirt.DomainEventType]string{
		libvirt.DOMAIN_EVENT_RESUMED:     "resumed",
		libvirt.DOMAIN_EVENT_SHUTDOWN:    "shutdown",
		libvirt.DOMAIN_EVENT_PMSUSPENDED: "pmsuspended",
		libvirt.DOMAIN_EVENT_CRASHED:     "crashed",
	} {
		if got := lifecycleWord(ev); got != want {
			t.Errorf("lifecycleWord(%d) = %q, want %q", ev, got, want)
		}
	}
}

// Against a real libvirtd: both a read-write and a read-only connection see a
// define made by someone else (virsh), and both learn that the daemon died.
func TestEventsRealDaemonLoss(t *testing.T) {
	d := testdaemon.Start(t)
	rw, err := Open(d.URI(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rw.Close() })
	ro, err := Open(d.ROURI(), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	rwCh, _ := subscribe(t, rw)
	roCh, _ := subscribe(t, ro)

	d.DefineDomain(t, "vnev1", testdaemon.DisklessDomainXML("vnev1", testdaemon.MAC(0xe1), "eth0", "bridge"))
	waitEvent(t, rwCh, Event{Kind: EventLifecycle, Domain: "vnev1", Detail: "defined"}, 5*time.Second)
	waitEvent(t, roCh, Event{Kind: EventLifecycle, Domain: "vnev1", Detail: "defined"}, 5*time.Second)

	t0 := time.Now()
	d.Kill()
	for name, ch := range map[string]<-chan Event{"read-write": rwCh, "read-only": roCh} {
		deadline := time.After(10 * time.Second)
	wait:
		for {
			select {
			case ev, ok := <-ch:
				if !ok {
					t.Fatalf("%s: channel closed before EventClosed", name)
				}
				if ev.Kind == EventClosed {
					if !strings.HasPrefix(ev.Detail, "closed: ") || ev.Detail == "closed: " {
						t.Errorf("%s: closed detail %q", name, ev.Detail)
					}
					t.Logf("%s: %q %v after kill", name, ev.Detail, time.Since(t0))
					break wait
				}
			case <-deadline:
				t.Fatalf("%s: no EventClosed within 10 s of killing libvirtd", name)
			}
		}
	}
	// A call after the close is a lost connection, and its meaning names
	// the reason the close callback gave.
	_, err = rw.ListDomains()
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindConnLost || !strings.HasPrefix(e.Meaning, "the connection to libvirt is lost: ") {
		t.Errorf("ListDomains after the close event: %v, want a lost connection with the close's reason", err)
	}
}

// Callers should stop before Close, but the other order must not crash:
// libvirt keeps the connection alive while callbacks hold it.
func TestEventsStopAfterClose(t *testing.T) {
	c, err := Open("test:///default", false)
	if err != nil {
		t.Fatal(err)
	}
	ch, stop, err := c.Events()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	stop()
	for range ch {
	}
}
