package libvirtx

import (
	"errors"
	"strings"

	"libvirt.org/go/libvirt"
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
	Message string // libvirt's message, verbatim
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

// wrap turns a libvirt.Error into *Error. An *Error passes through
// unchanged, nil stays nil, and any other error becomes an *Error with
// Code 0 and no Meaning, so callers always get one shape.
func wrap(op string, err error) error {
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
	return &Error{Op: op, Code: int(le.Code), Message: le.Message, Meaning: meaning(le)}
}

// wrap is the package wrap with the connection's URI named in the
// "no domain" meaning, so a user with several hosts sees which one was asked.
func (c *Conn) wrap(op string, err error) error {
	err = wrap(op, err)
	var e *Error
	if errors.As(err, &e) && e.Code == CodeNoDomain {
		e.Meaning = "no domain with that name or UUID on " + c.uri
	}
	return err
}

func meaning(le libvirt.Error) string {
	msg := strings.ToLower(le.Message)
	switch le.Code {
	case libvirt.ERR_OPERATION_DENIED:
		if strings.Contains(msg, "read only") || strings.Contains(msg, "read-only") || strings.Contains(msg, "secure flag") {
			return "this is a read-only connection; reconnect without -r/--readonly with an account allowed to write"
		}
		return "your account is not allowed to do this on this connection"
	case libvirt.ERR_NO_SUPPORT:
		return "this hypervisor driver does not offer this operation"
	case libvirt.ERR_OPERATION_UNSUPPORTED:
		return "the hypervisor cannot make this change to a running domain; it can be applied to the configuration and take effect after the next shutdown"
	case libvirt.ERR_NO_DOMAIN:
		return "no domain with that name or UUID on this connection"
	case libvirt.ERR_XML_ERROR, libvirt.ERR_XML_DETAIL, libvirt.ERR_CONFIG_UNSUPPORTED, libvirt.ERR_INVALID_ARG:
		return "libvirt rejected the configuration; nothing was changed"
	case libvirt.ERR_NO_CONNECT, libvirt.ERR_RPC, libvirt.ERR_INVALID_CONN:
		return MeaningConnLost
	case libvirt.ERR_SYSTEM_ERROR, libvirt.ERR_INTERNAL_ERROR:
		if strings.Contains(msg, "failed to connect socket") && strings.Contains(msg, "permission denied") {
			return "your account may not open libvirt's socket; use an account in the libvirt group, or -r/--readonly"
		}
		if connectionLost(msg) {
			return MeaningConnLost
		}
	case libvirt.ERR_AUTH_FAILED, libvirt.ERR_AUTH_CANCELLED, libvirt.ERR_AUTH_UNAVAILABLE:
		return "authentication to libvirt failed; check your account's access (e.g. membership of the libvirt group or polkit rules)"
	case libvirt.ERR_NO_NETWORK:
		return "no libvirt network with that name on this connection"
	case libvirt.ERR_OPERATION_INVALID:
		return "the domain is not in a state that allows this operation"
	}
	return "libvirt refused the request"
}

// connectionLost recognises the socket-level failures libvirt reports as
// generic system or internal errors: a dead daemon shows up as a closed
// socket on the next call, a broken pipe on write, or a refused or missing
// socket on connect.
func connectionLost(msg string) bool {
	for _, sign := range []string{
		"socket is closed", "connection refused", "connection reset", "broken pipe",
		"end of file while reading data", "cannot recv data", "cannot write data",
		"failed to connect socket",
	} {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}

// IsConnectionLost reports whether err says the connection to libvirt is
// gone (daemon stopped, network lost, connection closed), so a caller can
// reconnect instead of showing the error.
func IsConnectionLost(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Meaning == MeaningConnLost
}
