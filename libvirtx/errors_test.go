package libvirtx

import (
	"strings"
	"syscall"
	"testing"

	"libvirt.org/go/libvirt"
)

// kindCase is one (domain, code) libvirt raises, where virtnic was and what
// it must mean. The sources say which failure raises what: the RPC client
// reports every socket failure as FROM_RPC system/internal/RPC errors
// (the errno telling them apart), libssh and libssh2 their own domains,
// polkit FROM_POLKIT, libvirt's URI handling FROM_NONE/FROM_URI.
type kindCase struct {
	name   string
	domain libvirt.ErrorDomain
	code   libvirt.ErrorNumber
	at     origin
	want   Kind
}

func opening(uri string, errno syscall.Errno) origin {
	return origin{uri: uri, connecting: true, errno: int(errno)}
}

// noErrno is what libvirt saves when it raised a system error without one.
const noErrno = -1

var kindCases = []kindCase{
	// Opening: the socket.
	{"socket missing", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu:///system", syscall.ENOENT), KindNoDaemon},
	{"socket refuses (daemon killed)", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu:///system", syscall.ECONNREFUSED), KindNoDaemon},
	{"default URI, socket missing", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("", syscall.ENOENT), KindNoDaemon},
	{"TCP port refused", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu+tcp://h/system", syscall.ECONNREFUSED), KindNoDaemon},
	{"TLS port refused", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu://h/system", syscall.ECONNREFUSED), KindNoDaemon},
	{"socket permission denied", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu:///system", syscall.EACCES), KindSocketDenied},
	{"TLS CA certificate missing", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu://h/system", syscall.ENOENT), KindOpenFailed},
	{"host times out", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu+tcp://h/system", syscall.ETIMEDOUT), KindUnreachable},
	{"no route to host", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu+libssh2://h/system", syscall.EHOSTUNREACH), KindUnreachable},
	{"host name does not resolve", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, origin{uri: "qemu+tcp://h/system", connecting: true, errno: noErrno}, KindUnreachable},
	{"daemon drops the new client", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu:///system", syscall.EPIPE), KindClosedWhileOpening},
	{"alias, peer closes", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("vm-host", syscall.ECONNRESET), KindClosedWhileOpening},
	{"ext command fails", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu+ext:///system?command=x", syscall.ECONNRESET), KindOpenFailed},
	// Opening over the ssh binary: its failures all arrive as a closed pipe.
	{"ssh: key refused", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu+ssh://h/system", syscall.ECONNRESET), KindSSHFailed},
	{"ssh: host key changed", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, opening("qemu+ssh://h/system", syscall.EIO), KindSSHFailed},
	// libssh and libssh2.
	{"libssh: key or password refused", libvirt.FROM_LIBSSH, libvirt.ERR_AUTH_FAILED, opening("qemu+libssh://h/system", 0), KindSSHAuth},
	{"libssh2: host key changed", libvirt.FROM_SSH, libvirt.ERR_AUTH_FAILED, opening("qemu+libssh2://h/system", 0), KindSSHAuth},
	{"libssh: host key unknown", libvirt.FROM_LIBSSH, libvirt.ERR_LIBSSH, opening("qemu+libssh://h/system", 0), KindSSHTransport},
	{"libssh2: host key not accepted", libvirt.FROM_SSH, libvirt.ERR_SSH, opening("qemu+libssh2://h/system", 0), KindSSHTransport},
	// Authentication.
	{"polkit denies", libvirt.FROM_POLKIT, libvirt.ERR_AUTH_FAILED, opening("qemu:///system", 0), KindPolkitDenied},
	{"no polkit agent", libvirt.FROM_POLKIT, libvirt.ERR_AUTH_UNAVAILABLE, opening("qemu:///system", 0), KindAuthUnavailable},
	{"prompt cancelled", libvirt.FROM_POLKIT, libvirt.ERR_AUTH_CANCELLED, opening("qemu:///system", 0), KindAuthUnavailable},
	{"wrong password (SASL)", libvirt.FROM_REMOTE, libvirt.ERR_AUTH_FAILED, opening("qemu+tcp://h/system", 0), KindAuthFailed},
	// The URI.
	{"unknown URI alias", libvirt.FROM_NONE, libvirt.ERR_NO_CONNECT, opening("vm-host", 0), KindBadURI},
	{"no driver for the scheme", libvirt.FROM_NONE, libvirt.ERR_NO_CONNECT, opening("bogus:///x", 0), KindBadURI},
	{"qemu://system", libvirt.FROM_NONE, libvirt.ERR_INTERNAL_ERROR, opening("qemu://system", 0), KindBadURI},
	{"unparsable URI", libvirt.FROM_URI, libvirt.ERR_INTERNAL_ERROR, opening("::", 0), KindBadURI},
	{"bad URI parameter", libvirt.FROM_REMOTE, libvirt.ERR_INVALID_ARG, opening("qemu:///system?no_tty=x", 0), KindBadURI},
	{"test driver node file unreadable", libvirt.FROM_TEST, libvirt.ERR_XML_ERROR, opening("test:///x.xml", 0), KindOpenFailed},
	// An open connection.
	{"daemon gone: recv fails", libvirt.FROM_RPC, libvirt.ERR_SYSTEM_ERROR, origin{}, KindConnLost},
	{"client socket is closed", libvirt.FROM_RPC, libvirt.ERR_INTERNAL_ERROR, origin{}, KindConnLost},
	{"protocol broken off", libvirt.FROM_RPC, libvirt.ERR_RPC, origin{}, KindConnLost},
	{"connection pointer closed", libvirt.FROM_NONE, libvirt.ERR_INVALID_CONN, origin{}, KindConnLost},
	{"cut off by keepalive", libvirt.FROM_NONE, libvirt.ERR_INTERNAL_ERROR, origin{closed: true, closedBy: libvirt.CONNECT_CLOSE_REASON_KEEPALIVE}, KindConnLost},
	{"cause unknown, connection fine", libvirt.FROM_NONE, libvirt.ERR_INTERNAL_ERROR, origin{}, KindUnknown},
	{"storage file missing", libvirt.FROM_QEMU, libvirt.ERR_SYSTEM_ERROR, origin{}, KindUnknown},
	{"read-only connection writes", libvirt.FROM_DOMAIN, libvirt.ERR_OPERATION_DENIED, origin{}, KindReadOnly},
	{"read-only network write", libvirt.FROM_NETWORK, libvirt.ERR_OPERATION_DENIED, origin{}, KindReadOnly},
	{"ACL forbids", libvirt.FROM_ACCESS, libvirt.ERR_ACCESS_DENIED, origin{}, KindAccessDenied},
	{"driver lacks the call", libvirt.FROM_TEST, libvirt.ERR_NO_SUPPORT, origin{}, KindNoSupport},
	{"old daemon lacks the procedure", libvirt.FROM_RPC, libvirt.ERR_NO_SUPPORT, origin{}, KindNoSupport},
	{"live change impossible", libvirt.FROM_QEMU, libvirt.ERR_OPERATION_UNSUPPORTED, origin{}, KindUnsupportedChange},
	{"domain not found", libvirt.FROM_QEMU, libvirt.ERR_NO_DOMAIN, origin{}, KindNoDomain},
	{"network not found", libvirt.FROM_NETWORK, libvirt.ERR_NO_NETWORK, origin{}, KindNoNetwork},
	{"interface not found", libvirt.FROM_INTERFACE, libvirt.ERR_NO_INTERFACE, origin{}, KindNoInterface},
	{"XML does not parse", libvirt.FROM_DOMAIN, libvirt.ERR_XML_DETAIL, origin{}, KindXMLMalformed},
	{"XML value rejected", libvirt.FROM_DOMAIN, libvirt.ERR_XML_ERROR, origin{}, KindXMLInvalid},
	{"XML against the schema", libvirt.FROM_XML, libvirt.ERR_XML_INVALID_SCHEMA, origin{}, KindXMLSchema},
	{"configuration unsupported", libvirt.FROM_QEMU, libvirt.ERR_CONFIG_UNSUPPORTED, origin{}, KindConfigUnsupported},
	{"argument rejected", libvirt.FROM_DOMAIN, libvirt.ERR_INVALID_ARG, origin{}, KindInvalidArg},
	{"domain not running", libvirt.FROM_QEMU, libvirt.ERR_OPERATION_INVALID, origin{}, KindOperationInvalid},
}

func TestKindFromDomainAndCode(t *testing.T) {
	for _, tc := range kindCases {
		le := libvirt.Error{Domain: tc.domain, Code: tc.code}
		if got := classify(le, tc.at); got != tc.want {
			t.Errorf("%s (domain %d, code %d): %v, want %v", tc.name, tc.domain, tc.code, got, tc.want)
		}
		// The message never decides: an English, a German or no message
		// at all mean the same.
		for _, msg := range []string{"Failed to connect socket: Connection refused", "Domain nicht gefunden", "read only"} {
			le.Message = msg
			if got := classify(le, tc.at); got != tc.want {
				t.Errorf("%s with message %q: %v, want %v", tc.name, msg, got, tc.want)
			}
		}
	}
}

// Every kind says something of its own, and the lost ones are exactly
// those a reconnect can cure.
func TestKindMeaningsAreDistinct(t *testing.T) {
	if len(kindNames) != int(KindOperationInvalid)+1 {
		t.Fatalf("%d kind names for %d kinds", len(kindNames), KindOperationInvalid+1)
	}
	seen := map[string]Kind{}
	for k := KindUnknown; k <= KindOperationInvalid; k++ {
		m := k.meaning(origin{roKnown: true})
		if m == "" {
			t.Errorf("%v has no meaning", k)
		}
		if other, ok := seen[m]; ok {
			t.Errorf("%v and %v both mean %q", k, other, m)
		}
		seen[m] = k
		err := &Error{Kind: k}
		want := k == KindConnLost || k == KindNoDaemon || k == KindUnreachable
		if IsConnectionLost(err) != want {
			t.Errorf("IsConnectionLost(%v) = %v, want %v", k, !want, want)
		}
	}
	local, unknown := KindClosedWhileOpening.meaning(origin{uri: "qemu:///system"}), KindClosedWhileOpening.meaning(origin{})
	if local == unknown || !strings.Contains(unknown, "ssh") {
		t.Errorf("closed while opening: a local URI and an alias both mean %q", local)
	}
	raw := libvirt.Error{Domain: libvirt.FROM_RPC, Code: libvirt.ERR_SYSTEM_ERROR}
	if !IsConnectionLost(raw) {
		t.Error("IsConnectionLost(unwrapped FROM_RPC system error) = false")
	}
}

// Read-only advice follows the flags given: only a connection opened with
// -r is told to drop it.
func TestReadOnlyMeaningFollowsFlags(t *testing.T) {
	const withR = "this is a read-only connection (-r): drop -r and use an account allowed to write"
	if got := KindReadOnly.meaning(origin{roKnown: true, readOnly: true}); got != withR {
		t.Errorf("opened with -r: %q", got)
	}
	for _, at := range []origin{{roKnown: true}, {}} {
		got := KindReadOnly.meaning(at)
		if !strings.Contains(got, "read-only") || strings.Contains(got, "drop -r") {
			t.Errorf("opened without -r (known %v): %q", at.roKnown, got)
		}
	}
	if got := KindSocketDenied.meaning(origin{roKnown: true, readOnly: true}); strings.Contains(got, "or -r") {
		t.Errorf("socket denied with -r already given: %q", got)
	}
}

func TestConnLostMeaningNamesTheCloseReason(t *testing.T) {
	for r, want := range map[libvirt.ConnectCloseReason]string{
		libvirt.CONNECT_CLOSE_REASON_EOF:       "stopped or restarted",
		libvirt.CONNECT_CLOSE_REASON_KEEPALIVE: "keepalives",
		libvirt.CONNECT_CLOSE_REASON_ERROR:     "I/O error",
	} {
		if got := KindConnLost.meaning(origin{closed: true, closedBy: r}); !strings.Contains(got, want) {
			t.Errorf("close reason %d: %q lacks %q", r, got, want)
		}
	}
	if got := KindNoDomain.meaning(origin{uri: "qemu+ssh://h2/system"}); !strings.HasSuffix(got, "on qemu+ssh://h2/system") {
		t.Errorf("no domain: %q does not name the URI", got)
	}
}

func TestTransportOf(t *testing.T) {
	for uri, want := range map[string]string{
		"":                       "",
		"vm-host":                "",
		"qemu:///system":         "unix",
		"test:///default":        "unix",
		"qemu+unix:///system":    "unix",
		"qemu://h/system":        "tls",
		"qemu+tls://h/system":    "tls",
		"qemu+tcp://h/system":    "tcp",
		"qemu+ssh://u@h/system":  "ssh",
		"qemu+libssh://h/system": "tcp",
		"qemu+ext:///system":     "ext",
		"qemu+unix://":           "unix",
	} {
		if got := transportOf(uri); got != want {
			t.Errorf("transportOf(%q) = %q, want %q", uri, got, want)
		}
	}
}
