package libvirtx

import (
	"errors"
	"sync"
	"time"

	"libvirt.org/go/libvirt"
)

// EventKind classifies an Event.
type EventKind int

const (
	// EventLifecycle: a domain was defined, undefined, started, stopped…
	EventLifecycle EventKind = iota
	// EventDevice: a device was added to or removed from a running domain.
	EventDevice
	// EventClosed: the connection is gone (libvirtd stopped, network lost).
	EventClosed
)

// Event is a libvirt event copied out of the event loop: plain values only,
// because the handles libvirt passes to callbacks are borrowed.
type Event struct {
	Kind   EventKind
	Domain string // domain name; "" for EventClosed
	Detail string // e.g. "started", "stopped", "defined", "device added net1", "closed: eof — libvirtd closed it …"
}

// eventBuffer is how many events may wait for the reader. Consumers reload on
// any event, so losing a burst beyond this costs nothing but a dropped
// duplicate reload; blocking would stall libvirt's whole event loop.
const eventBuffer = 64

var eventLoop struct {
	once sync.Once
	err  error
}

// StartEventLoop registers libvirt's default event loop and runs it in a
// goroutine for the life of the process. It must run before the first Open:
// libvirt binds a connection to the event implementation present when it is
// opened, so a connection opened earlier never delivers domain events, never
// sends keepalives and never reports its close. Calling it again is harmless
// and returns the first call's result.
func StartEventLoop() error {
	eventLoop.once.Do(func() {
		if err := libvirt.EventRegisterDefaultImpl(); err != nil {
			eventLoop.err = wrap("start the libvirt event loop", err)
			return
		}
		go func() {
			for {
				if err := libvirt.EventRunDefaultImpl(); err != nil {
					// An iteration error is transient (e.g. EINTR from poll);
					// the pause only keeps a persistent failure from spinning.
					time.Sleep(100 * time.Millisecond)
				}
			}
		}()
	})
	return eventLoop.err
}

// Keepalive settings for Events: a ping every 5 s and the connection declared
// dead after 3 unanswered ones, so a vanished host is noticed within ~20 s
// rather than at the next call's TCP timeout.
const (
	keepAliveInterval = 5
	keepAliveCount    = 3
)

// eventSink is the channel side of one Events subscription. Callbacks run on
// the event loop goroutine while stop runs on the caller's, so the mutex makes
// "send unless closed" and "close" exclusive.
type eventSink struct {
	mu     sync.Mutex
	ch     chan Event
	closed bool
}

func (s *eventSink) send(ev Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	select {
	case s.ch <- ev:
	default: // full: the reader reloads anyway; never block the event loop
	}
}

func (s *eventSink) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ch)
	}
}

// Events subscribes to lifecycle and device events of every domain and to
// the connection's close, and turns keepalive on where the driver has it
// (the test driver does not, which is fine: it cannot die). Read-only
// connections get events too.
//
// StartEventLoop must have run before the connection was opened. The
// returned stop deregisters everything and then closes the channel; it is
// idempotent. Call it before Close; after Close it only closes the channel,
// since Close already took the callbacks with the connection. Stop and Close
// must not race (call both from one goroutine). A connection has a single
// close callback, so keep at most one subscription per Conn.
//
// Events are hints, not state: the channel drops events when its reader
// falls behind, and config-only device updates emit nothing at all, so a
// reader should re-read libvirt on any event and still refresh after its own
// writes.
func (c *Conn) Events() (<-chan Event, func(), error) {
	if c == nil || c.c == nil {
		return nil, nil, &Error{Op: "subscribe to events", Message: "the connection is closed"}
	}
	lc := c.c
	sink := &eventSink{ch: make(chan Event, eventBuffer)}
	var (
		ids      []int
		closeReg bool
	)
	deregister := func() {
		// After Close the handle may already be freed (libvirt drops a
		// connection's callbacks with it), and touching it crashes; nothing
		// is left to undo then.
		if c.c != lc {
			return
		}
		// Errors are ignored: on a dead connection deregistering fails, and
		// there is nothing left to undo.
		for _, id := range ids {
			_ = lc.DomainEventDeregister(id)
		}
		if closeReg {
			_ = lc.UnregisterCloseCallback()
		}
	}
	fail := func(op string, err error) (<-chan Event, func(), error) {
		deregister()
		sink.close()
		return nil, nil, c.wrap(op, err)
	}

	id, err := lc.DomainEventLifecycleRegister(nil, func(_ *libvirt.Connect, d *libvirt.Domain, ev *libvirt.DomainEventLifecycle) {
		sink.send(Event{Kind: EventLifecycle, Domain: domainName(d), Detail: lifecycleWord(ev.Event)})
	})
	if err != nil {
		return fail("subscribe to domain lifecycle events", err)
	}
	ids = append(ids, id)

	id, err = lc.DomainEventDeviceAddedRegister(nil, func(_ *libvirt.Connect, d *libvirt.Domain, ev *libvirt.DomainEventDeviceAdded) {
		sink.send(Event{Kind: EventDevice, Domain: domainName(d), Detail: "device added " + ev.DevAlias})
	})
	if err != nil {
		return fail("subscribe to device-added events", err)
	}
	ids = append(ids, id)

	id, err = lc.DomainEventDeviceRemovedRegister(nil, func(_ *libvirt.Connect, d *libvirt.Domain, ev *libvirt.DomainEventDeviceRemoved) {
		sink.send(Event{Kind: EventDevice, Domain: domainName(d), Detail: "device removed " + ev.DevAlias})
	})
	if err != nil {
		return fail("subscribe to device-removed events", err)
	}
	ids = append(ids, id)

	err = lc.RegisterCloseCallback(func(_ *libvirt.Connect, reason libvirt.ConnectCloseReason) {
		if word := closeWord(reason); word != "" {
			c.closedBy.Store(int32(reason) + 1)
			sink.send(Event{Kind: EventClosed, Detail: "closed: " + word + " — " + closeMeaning(reason)})
		}
	})
	switch {
	case err == nil:
		closeReg = true
	case !errors.Is(err, libvirt.ERR_NO_SUPPORT):
		return fail("watch the connection for loss", err)
	}

	if err := lc.SetKeepAlive(keepAliveInterval, keepAliveCount); err != nil && !errors.Is(err, libvirt.ERR_NO_SUPPORT) {
		return fail("turn on keepalive", err)
	}

	var once sync.Once
	stop := func() {
		once.Do(func() {
			// Deregister first so no callback is still queued for a sink the
			// reader believes finished; sink.close tolerates a late one anyway.
			deregister()
			sink.close()
		})
	}
	return sink.ch, stop, nil
}

// domainName copies the name out of a borrowed handle: libvirt frees the
// domain when the callback returns, so neither the handle nor a Free may
// outlive it.
func domainName(d *libvirt.Domain) string {
	if d == nil {
		return ""
	}
	name, err := d.GetName()
	if err != nil {
		return ""
	}
	return name
}

func lifecycleWord(t libvirt.DomainEventType) string {
	switch t {
	case libvirt.DOMAIN_EVENT_DEFINED:
		return "defined"
	case libvirt.DOMAIN_EVENT_UNDEFINED:
		return "undefined"
	case libvirt.DOMAIN_EVENT_STARTED:
		return "started"
	case libvirt.DOMAIN_EVENT_SUSPENDED:
		return "suspended"
	case libvirt.DOMAIN_EVENT_RESUMED:
		return "resumed"
	case libvirt.DOMAIN_EVENT_STOPPED:
		return "stopped"
	case libvirt.DOMAIN_EVENT_SHUTDOWN:
		return "shutdown"
	case libvirt.DOMAIN_EVENT_PMSUSPENDED:
		return "pmsuspended"
	case libvirt.DOMAIN_EVENT_CRASHED:
		return "crashed"
	}
	return "changed"
}

// closeWord names why the connection closed, or "" for CLIENT: that is our
// own Close, which is not a lost connection.
func closeWord(r libvirt.ConnectCloseReason) string {
	switch r {
	case libvirt.CONNECT_CLOSE_REASON_ERROR:
		return "error"
	case libvirt.CONNECT_CLOSE_REASON_EOF:
		return "eof"
	case libvirt.CONNECT_CLOSE_REASON_KEEPALIVE:
		return "keepalive"
	case libvirt.CONNECT_CLOSE_REASON_CLIENT:
		return ""
	}
	return "unknown reason"
}
