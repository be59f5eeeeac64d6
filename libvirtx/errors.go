package libvirtx

import (
	"errors"

	"libvirt.org/go/libvirt"

	"virtnic/model"
)

// Codes of libvirt errors that callers branch on. They equal libvirt's
// virErrorNumber values so Error.Code can be compared directly.
const (
	CodeNoSupport            = int(libvirt.ERR_NO_SUPPORT)            // 3
	CodeOperationDenied      = int(libvirt.ERR_OPERATION_DENIED)      // 29
	CodeNoDomain             = int(libvirt.ERR_NO_DOMAIN)             // 42
	CodeOperationUnsupported = int(libvirt.ERR_OPERATION_UNSUPPORTED) // 84
)

// ErrConcurrentEdit means the domain's configuration changed between reading
// it and writing it back; writing would silently undo someone else's change.
var ErrConcurrentEdit = errors.New("the domain's configuration was changed by someone else since it was read; reload and try again")

// Error is a libvirt failure in libvirt's own words plus what it means for
// the user.
type Error struct {
	Op      string // what virtnic was doing, e.g. "define domain vm1"
	Code    int    // libvirt's virErrorNumber, 0 when not from libvirt
	Domain  int    // libvirt's virErrorDomain: which part of libvirt failed
	Kind    Kind   // what it means, decided from Domain and Code
	Message string // libvirt's message, verbatim (and possibly translated)
	Meaning string
}

func (e *Error) Error() string {
	s := e.Op + ": " + e.Message
	if e.Meaning != "" {
		s += " — " + e.Meaning
	}
	return s
}

// IsCode reports whether err is (or wraps) a libvirt error with that code.
func IsCode(err error, code int) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Code == code
	}
	var le libvirt.Error
	if errors.As(err, &le) {
		return int(le.Code) == code
	}
	return false
}

// IsConnectionLost reports whether err says the connection to libvirt is
// gone or the daemon cannot be reached (stopped, network lost, connection
// closed), so a caller can reconnect instead of showing the error. A refused
// login or a bad URI is not: reconnecting would only fail the same way.
func IsConnectionLost(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind.lost()
	}
	var le libvirt.Error
	return errors.As(err, &le) && classify(le, origin{}).lost()
}

// IsAuthError reports whether err says libvirt, polkit or ssh refused the
// credentials, the account or the host key, or that libvirt needed an
// answer nobody gave. Retrying on a timer would only be refused again, and
// each refused login counts against the account on the server (fail2ban
// bans after a few): reconnect loops stop on these and wait for the user.
func IsAuthError(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind.auth()
}

// wrap turns a libvirt.Error into *Error. An *Error passes through
// unchanged, nil stays nil, and any other error becomes an *Error with
// Code 0 and no Meaning, so callers always get one shape.
func wrap(op string, err error) error { return wrapAt(op, err, origin{}) }

// wrap is the package wrap knowing the connection: its URI is named in
// "not found" meanings (users with several hosts see which one was asked),
// read-only advice matches the flags it was opened with, and a close it
// reported explains a call it cut off.
func (c *Conn) wrap(op string, err error) error { return wrapAt(op, err, c.origin()) }

func (c *Conn) origin() origin {
	at := origin{uri: c.uri, host: c.host, roKnown: true, readOnly: c.readOnly}
	if r := c.closedBy.Load(); r > 0 {
		at.closed, at.closedBy = true, libvirt.ConnectCloseReason(r-1)
	}
	return at
}

func wrapAt(op string, err error, at origin) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	var le libvirt.Error
	if !errors.As(err, &le) {
		return &Error{Op: op, Message: err.Error()}
	}
	k := classify(le, at)
	return &Error{Op: op, Code: int(le.Code), Domain: int(le.Domain), Kind: k, Message: le.Message, Meaning: k.meaning(at)}
}

// connLostError is an error virtnic raises itself when it finds the
// connection gone.
func connLostError(op, msg string) *Error {
	return &Error{Op: op, Kind: KindConnLost, Message: msg, Meaning: KindConnLost.meaning(origin{})}
}

// meaning says what k means for the user and what to do about it.
func (k Kind) meaning(at origin) string {
	switch k {
	case KindConnLost:
		if at.closed {
			return "the connection to libvirt is lost: " + closeMeaning(at.closedBy)
		}
		return "the connection to libvirt is lost (libvirtd stopped, or the network or host went away)"
	case KindSocketDenied:
		if at.roKnown && at.readOnly {
			return "your account may not open libvirt's read-only socket either; use an account in the libvirt group"
		}
		return "your account may not open libvirt's socket; use an account in the libvirt group, or -r/--readonly for the read-only socket"
	case KindReadOnly:
		switch {
		case !at.roKnown:
			return "the connection is read-only; writing needs a read-write connection with an account allowed to write"
		case at.readOnly:
			return "this is a read-only connection (-r): drop -r and use an account allowed to write"
		}
		return "libvirt made this connection read-only although -r was not given: the socket or account is read-only; connect through libvirt's read-write socket with an account allowed to write"
	case KindClosedWhileOpening:
		if transportOf(at.uri) == "" {
			// An alias or the default URI may well go through ssh.
			return "the other end closed the connection while it was being opened: libvirtd turned the client away, or, over ssh, ssh failed (its own words are in the message)"
		}
	case KindNoDomain:
		return "no domain with that name or UUID on " + onWhat(at)
	case KindNoNetwork:
		return "no libvirt network with that name on " + onWhat(at)
	case KindNoInterface:
		return "no host interface with that name on " + onWhat(at)
	}
	return meanings[k]
}

func onWhat(at origin) string {
	switch {
	case at.host != "":
		return at.host
	case at.uri == "":
		return "this connection"
	}
	return model.DisplayURI(at.uri)
}

// meanings are the meanings that need no context.
var meanings = map[Kind]string{
	KindUnknown:            "libvirt refused the request",
	KindNoDaemon:           "libvirtd is not running there: its socket is missing or refuses connections (start libvirtd, or check the URI's host, port or socket)",
	KindUnreachable:        "the libvirt host cannot be reached: its name does not resolve, or the network or a firewall does not let the connection through",
	KindSSHFailed:          "ssh could not connect or log in (a refused key or password, a changed or unknown host key, an unreachable host: ssh's own words are in the message), or libvirtd does not run on that host",
	KindClosedWhileOpening: "libvirtd closed the connection while it was being opened (it may be shutting down, at its client limit, or refusing this account)",
	KindAuthFailed:         "libvirt did not accept the credentials for this connection (user name and password, SASL or TLS credentials)",
	KindPolkitDenied:       "polkit does not allow your account to use libvirt; use an account in the libvirt group, or allow it with a polkit rule",
	KindAuthUnavailable:    "libvirt needs credentials it cannot ask for here (no polkit agent or password prompt), or the prompt was cancelled",
	KindSSHAuth:            "ssh refused the login: the key or password was not accepted, or the host key is unknown or differs from the one in known_hosts (verify the host before accepting its key)",
	KindSSHTransport:       "libvirt's libssh transport could not log in or start libvirt's proxy on the host: the server refused the key (check keyfile= and authorized_keys), or the host key was not accepted; libssh's own words are in the message",
	KindBadURI:             "libvirt cannot use this URI: check its spelling (e.g. qemu:///system), the driver name and any alias in libvirt.conf",
	KindOpenFailed:         "the hypervisor driver could not open the connection",
	KindAccessDenied:       "libvirt's access control (polkit rules) does not allow your account this operation",
	KindNoSupport:          "this hypervisor driver does not offer this operation",
	KindUnsupportedChange:  "the hypervisor cannot make this change to a running domain; it can be applied to the configuration and take effect after the next shutdown",
	KindXMLMalformed:       "the XML sent to libvirt is not well-formed; nothing was changed",
	KindXMLInvalid:         "libvirt rejected a value in the XML; nothing was changed",
	KindXMLSchema:          "the XML does not follow libvirt's schema; nothing was changed",
	KindConfigUnsupported:  "this hypervisor does not support this configuration; nothing was changed",
	KindInvalidArg:         "libvirt rejected an argument of the request; nothing was changed",
	KindOperationInvalid:   "the domain is not in a state that allows this operation (e.g. it is not running)",
}

// closeMeaning says why libvirt closed a connection, from the reason its
// close callback passes.
func closeMeaning(r libvirt.ConnectCloseReason) string {
	switch r {
	case libvirt.CONNECT_CLOSE_REASON_EOF:
		return "libvirtd closed it (it stopped or restarted)"
	case libvirt.CONNECT_CLOSE_REASON_KEEPALIVE:
		return "libvirtd stopped answering keepalives (its host is down or the network is lost)"
	case libvirt.CONNECT_CLOSE_REASON_ERROR:
		return "it failed with an I/O error"
	case libvirt.CONNECT_CLOSE_REASON_CLIENT:
		return "virtnic closed it"
	}
	return "libvirt gave no reason"
}
