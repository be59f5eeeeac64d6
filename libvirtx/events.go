package libvirtx

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
	Detail string // e.g. "started", "stopped", "defined", "device added net1", "closed: eof"
}
