package libvirtx

import (
	"strconv"
	"strings"
	"syscall"

	"libvirt.org/go/libvirt"
)

// Kind is what a libvirt failure means for the user. It is decided from
// libvirt's error domain and code, the errno libvirt saved with a system
// error, whether the connection was being opened and, once a connection
// reported its close, why it closed. Never from the message: libvirt (and
// libvirtd, in its own locale) translates that.
type Kind int

const (
	KindUnknown            Kind = iota // nothing more is known than that libvirt refused
	KindNoDaemon                       // nothing accepts the connection: socket missing, or refused
	KindUnreachable                    // the host does not answer: name, route or time-out
	KindSocketDenied                   // the account may not open libvirt's socket
	KindSSHFailed                      // the ssh command carrying the connection failed while it was opened
	KindClosedWhileOpening             // libvirtd dropped the connection while it was being opened
	KindConnLost                       // an open connection was lost or closed
	KindAuthFailed                     // libvirt rejected the credentials
	KindPolkitDenied                   // polkit refused the account
	KindAuthUnavailable                // credentials were needed but could not be asked for, or were cancelled
	KindSSHAuth                        // ssh refused the key or password, or the host key (changed, or unknown to the ssh binary)
	KindSSHTransport                   // libssh/libssh2: other transport failure, e.g. an unconfirmed host key
	KindBadURI                         // unknown alias or driver, malformed URI or URI parameter
	KindOpenFailed                     // the driver could not open the connection for another reason
	KindReadOnly                       // the connection refuses writes (and secrets)
	KindAccessDenied                   // libvirt's access control forbids the operation
	KindNoSupport                      // the driver lacks the operation
	KindUnsupportedChange              // the hypervisor cannot make this change to a running domain
	KindNoDomain                       // no such domain
	KindNoNetwork                      // no such libvirt network
	KindNoInterface                    // no such host interface
	KindXMLMalformed                   // the XML does not parse
	KindXMLInvalid                     // the XML parses but holds a value libvirt rejects
	KindXMLSchema                      // the XML does not follow libvirt's schema
	KindConfigUnsupported              // the hypervisor does not support the configuration
	KindInvalidArg                     // libvirt rejected an argument
	KindOperationInvalid               // the domain's state does not allow the operation
)

var kindNames = [...]string{"unknown", "no-daemon", "unreachable", "socket-denied", "ssh-failed",
	"closed-while-opening", "connection-lost", "auth-failed", "polkit-denied", "auth-unavailable",
	"ssh-auth", "ssh-transport", "bad-uri", "open-failed", "read-only", "access-denied", "no-support",
	"unsupported-change", "no-domain", "no-network", "no-interface", "xml-malformed", "xml-invalid",
	"xml-schema", "config-unsupported", "invalid-arg", "operation-invalid"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// lost reports whether reconnecting is the remedy: the connection died, or
// the daemon cannot be reached (yet).
func (k Kind) lost() bool {
	return k == KindConnLost || k == KindNoDaemon || k == KindUnreachable
}

// auth reports whether k refuses the login itself (see IsAuthError).
// libssh's transport failures count: they come after the TCP connection
// stood (a failed one is a socket error), from the host key check, the
// authentication or the remote command.
func (k Kind) auth() bool {
	switch k {
	case KindAuthFailed, KindPolkitDenied, KindAuthUnavailable, KindSSHAuth, KindSSHTransport,
		KindSocketDenied, KindAccessDenied:
		return true
	}
	return false
}

// origin is what virtnic knows about where an error happened, beyond
// libvirt's error itself.
type origin struct {
	uri        string                     // the connection's URI: its transport explains failures
	host       string                     // what "not found" meanings call it (Conn.Display)
	roKnown    bool                       // whether readOnly says how the connection was opened
	readOnly   bool                       // opened with -r
	connecting bool                       // the error came from opening the connection
	errno      int                        // libvirt's saved errno (virError.int1), only while connecting
	closed     bool                       // libvirt's close callback fired for the connection …
	closedBy   libvirt.ConnectCloseReason // … with this reason
}

// kindByCode holds the codes whose meaning does not depend on the domain.
var kindByCode = map[libvirt.ErrorNumber]Kind{
	libvirt.ERR_INVALID_CONN:          KindConnLost,
	libvirt.ERR_NO_CONNECT:            KindBadURI,
	libvirt.ERR_AUTH_FAILED:           KindAuthFailed,
	libvirt.ERR_AUTH_CANCELLED:        KindAuthUnavailable,
	libvirt.ERR_AUTH_UNAVAILABLE:      KindAuthUnavailable,
	libvirt.ERR_OPERATION_DENIED:      KindReadOnly,
	libvirt.ERR_ACCESS_DENIED:         KindAccessDenied,
	libvirt.ERR_NO_SUPPORT:            KindNoSupport,
	libvirt.ERR_OPERATION_UNSUPPORTED: KindUnsupportedChange,
	libvirt.ERR_NO_DOMAIN:             KindNoDomain,
	libvirt.ERR_NO_NETWORK:            KindNoNetwork,
	libvirt.ERR_NO_INTERFACE:          KindNoInterface,
	libvirt.ERR_XML_DETAIL:            KindXMLMalformed,
	libvirt.ERR_XML_ERROR:             KindXMLInvalid,
	libvirt.ERR_XML_INVALID_SCHEMA:    KindXMLSchema,
	libvirt.ERR_CONFIG_UNSUPPORTED:    KindConfigUnsupported,
	libvirt.ERR_INVALID_ARG:           KindInvalidArg,
	libvirt.ERR_OPERATION_INVALID:     KindOperationInvalid,
}

// classify decides a failure's Kind: first by the part of libvirt that
// raised it where that changes what a code means, then by the code alone.
func classify(le libvirt.Error, at origin) Kind {
	if k, ok := domainKind(le, at); ok {
		return k
	}
	k, ok := kindByCode[le.Code]
	switch {
	case at.connecting:
		return openingKind(k)
	case ok:
		return k
	case at.closed:
		// A call cut off by a keepalive time-out can fail with libvirt's
		// generic "cause unknown" error; the close callback knows better.
		return KindConnLost
	}
	return KindUnknown
}

// domainKind covers the domains whose codes mean something of their own.
func domainKind(le libvirt.Error, at origin) (Kind, bool) {
	switch le.Domain {
	case libvirt.FROM_SSH, libvirt.FROM_LIBSSH:
		// libssh and libssh2 report a refused key or password and a
		// changed host key alike as AUTH_FAILED, everything else
		// (including a host key nobody could confirm) as their own code.
		switch le.Code {
		case libvirt.ERR_AUTH_FAILED:
			return KindSSHAuth, true
		case libvirt.ERR_SSH, libvirt.ERR_LIBSSH:
			return KindSSHTransport, true
		}
	case libvirt.FROM_POLKIT:
		if le.Code == libvirt.ERR_AUTH_FAILED {
			return KindPolkitDenied, true
		}
	case libvirt.FROM_RPC:
		// The RPC client reports every socket failure as a system,
		// internal or RPC error; the same codes from a driver mean
		// something else entirely.
		if transportCode(le.Code) {
			if at.connecting {
				return openKind(le, at), true
			}
			return KindConnLost, true
		}
	case libvirt.FROM_URI, libvirt.FROM_NONE:
		// libvirt's own URI handling (aliases, parsing, the
		// "qemu://system" check) runs before any driver does.
		if at.connecting {
			return KindBadURI, true
		}
	}
	return 0, false
}

// openingKind narrows a driver's code while a connection is being opened:
// credentials and URI problems keep their meaning, anything else (a test
// driver's unreadable node file is an XML error) means the driver could
// not open the connection, not that virtnic sent bad XML.
func openingKind(k Kind) Kind {
	switch k {
	case KindAuthFailed, KindAuthUnavailable, KindAccessDenied, KindBadURI:
		return k
	case KindInvalidArg, KindConfigUnsupported:
		return KindBadURI // a URI parameter or mode the driver rejects
	}
	return KindOpenFailed
}

func transportCode(c libvirt.ErrorNumber) bool {
	return c == libvirt.ERR_SYSTEM_ERROR || c == libvirt.ERR_INTERNAL_ERROR || c == libvirt.ERR_RPC
}

// openKind tells socket failures while opening apart by the errno libvirt
// saved and by the transport the URI names: over ssh any failure is ssh's,
// and over TLS a missing or unreadable file is a certificate, not a socket.
func openKind(le libvirt.Error, at origin) Kind {
	tr := transportOf(at.uri)
	switch tr {
	case "ssh":
		if sshRefused(le.Message) {
			return KindSSHAuth
		}
		return KindSSHFailed
	case "ext":
		return KindOpenFailed // whatever the URI's command does, libvirt cannot tell
	}
	switch syscall.Errno(at.errno) {
	case syscall.ENOENT:
		if tr == "tls" {
			return KindOpenFailed
		}
		return KindNoDaemon
	case syscall.ECONNREFUSED:
		return KindNoDaemon
	case syscall.EACCES, syscall.EPERM:
		if tr == "tls" {
			return KindOpenFailed
		}
		return KindSocketDenied
	case syscall.ETIMEDOUT, syscall.EHOSTUNREACH, syscall.ENETUNREACH, syscall.EHOSTDOWN, syscall.ENETDOWN:
		return KindUnreachable
	case syscall.EPIPE, syscall.ECONNRESET, syscall.EIO:
		return KindClosedWhileOpening
	}
	if le.Code == libvirt.ERR_SYSTEM_ERROR && at.errno <= 0 && tr != "unix" && tr != "" {
		return KindUnreachable // a host name that does not resolve carries no errno
	}
	return KindOpenFailed
}

// sshRefusals are the ssh binary's own words for a refused login, which
// libvirt passes on verbatim after its (translated) "Cannot recv data:".
// OpenSSH has no translations, so unlike libvirt's words these can be
// matched; nothing else tells a refused key from a host that is down.
var sshRefusals = []string{"Permission denied (", "Host key verification failed", "Too many authentication failures"}

func sshRefused(msg string) bool {
	for _, s := range sshRefusals {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// transportOf is the transport a URI asks for, as libvirt's remote driver
// picks it: "driver+transport://…", TLS when a host is named without one,
// the local socket otherwise; "" when the URI is not known (libvirt's
// default, or an alias).
func transportOf(uri string) string {
	scheme, rest, ok := strings.Cut(uri, ":")
	if !ok || scheme == "" {
		return ""
	}
	if _, tr, ok := strings.Cut(scheme, "+"); ok {
		if tr == "libssh" || tr == "libssh2" {
			return "tcp" // its ssh failures carry their own domains
		}
		return tr
	}
	if host, ok := strings.CutPrefix(rest, "//"); ok && host != "" && host[0] != '/' {
		return "tls"
	}
	return "unix"
}
