// Package libvirtx is virtnic's only door to libvirt: it opens connections,
// reads domains, networks and host interfaces into model types, and writes
// NIC edits back. No other package imports libvirt.org/go/libvirt.
package libvirtx

import (
	"strings"
	"sync"
	"sync/atomic"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// Conn is an open libvirt connection.
type Conn struct {
	c        *libvirt.Connect
	uri      string
	given    string // the URI as the caller gave it, for a reconnect
	host     string // what messages call it (Display)
	readOnly bool
	demo     bool
	// noDeviceCalls is set once the driver answered a device call with
	// ERR_NO_SUPPORT (the test driver), so later writes go straight to
	// the define path instead of paying a refused round trip each.
	noDeviceCalls atomic.Bool
	noDeviceMsg   atomic.Value // libvirt's words when it refused, a string
	testDriver    bool
	// closedBy is the reason libvirt's close callback gave plus one, 0
	// until it fires: it explains calls the close cut off.
	closedBy atomic.Int32
	// ifaceCalls keeps this connection's host interface calls one at a
	// time (libvirtIfaces says why).
	ifaceCalls sync.Mutex
}

// Open connects to uri ("" lets libvirt pick its default URI) without
// asking for credentials. A read-only connection can use the read-only
// socket, which most accounts may open, but refuses every write and the
// DOMAIN_XML_SECURE flag.
func Open(uri string, readOnly bool) (*Conn, error) {
	return OpenWith(uri, OpenOpts{ReadOnly: readOnly})
}

// OpenWith connects to uri as o asks: read-only or not, answering
// libvirt's credential questions (user names, passwords, key passphrases,
// libssh's host key confirmation) with o.Prompter, as virsh does on the
// terminal.
func OpenWith(uri string, o OpenOpts) (*Conn, error) {
	return open(uri, o, "")
}

// open is OpenWith naming the host host in messages ("" names it by
// DisplayURI of uri).
func open(uri string, o OpenOpts, host string) (*Conn, error) {
	given := uri
	if host == "" {
		host = displayURI(uri)
	}
	if o.NoTTY {
		uri = withNoTTY(uri)
	}
	a := newAsker(o.Prompter, uri)
	lc, errno, err := connect(uri, o.ReadOnly, a.auth())
	if err != nil {
		at := origin{uri: uri, host: host, roKnown: true, readOnly: o.ReadOnly, connecting: true, errno: errno}
		return nil, explainAsk(wrapAt("connect to "+host, err, at), a)
	}
	c := &Conn{c: lc, uri: uri, given: given, readOnly: o.ReadOnly, host: host}
	// The URI libvirt actually chose is what users need in messages when
	// they passed "" and libvirt resolved it from LIBVIRT_DEFAULT_URI or
	// its own probing. It never changes, so one round trip is enough.
	if real, err := lc.GetURI(); err == nil && real != "" {
		c.uri = real
		if given == "" {
			c.host = model.DisplayURI(real)
		}
	}
	// libvirt's test driver has no device calls at all, so its plans
	// predict the define path they will take.
	c.testDriver = strings.HasPrefix(c.uri, "test:")
	return c, nil
}

// displayURI is how uri is named in messages: as the user gave it, without
// credentials (model.DisplayURI).
func displayURI(uri string) string {
	if uri == "" {
		return "libvirt's default URI"
	}
	return model.DisplayURI(uri)
}

// Display is how the connection is named in the header, messages and
// logs: the URI or libvirt.conf alias the user gave, without credentials;
// libvirt's resolved URI when they gave none; "the demo host" for the demo.
func (c *Conn) Display() string { return c.host }

// URI is the connection's URI as libvirt reports it.
func (c *Conn) URI() string { return c.uri }

// ReadOnly reports whether the connection was opened read-only.
func (c *Conn) ReadOnly() bool { return c.readOnly }

// Demo reports whether the connection is the embedded demo node file.
func (c *Conn) Demo() bool { return c.demo }

// Close releases the connection. Closing twice is harmless.
func (c *Conn) Close() error {
	if c == nil || c.c == nil {
		return nil
	}
	_, err := c.c.Close()
	c.c = nil
	if err != nil {
		return wrap("close connection", err)
	}
	return nil
}

// ensureOpen refuses calls on a closed connection: a command built before a
// reconnect may still run against the old one, and must fail, not crash.
func (c *Conn) ensureOpen(op string) error {
	if c != nil && c.c != nil {
		return nil
	}
	return connLostError(op, "the connection is closed")
}

// lv exposes the raw connection to the write path in this package.
func (c *Conn) lv() *libvirt.Connect { return c.c }
