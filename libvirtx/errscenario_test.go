package libvirtx

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"libvirt.org/go/libvirt"
)

// Real libvirt failures, each produced for real, and the kind of meaning
// each must get. They run in this process (English: a Go program never
// calls setlocale, so libvirt stays untranslated) and again in a child
// process under a translated libvirt (errlocale_test.go), where every kind
// and meaning must come out the same.

// scenarioEnv is what the scenarios need of the private libvirtd.
type scenarioEnv struct {
	URI, ROURI string // its read-write and read-only sockets
	PID        int    // its pid: the last scenarios kill it
	Missing    string // a socket path where no daemon listens
	Domain     string // a domain defined on it
}

type scenario struct {
	name   string
	want   Kind
	nobody bool   // must run as an unprivileged account (root opens any socket)
	libxml bool   // the message is mostly libxml2's, which nobody translates
	racy   bool   // code and words depend on whether libvirt saw the close first
	has    string // the meaning must contain this …
	lacks  string // … and must not contain this
	run    func(env scenarioEnv, kill func()) error
}

// outcome is what a scenario's error came out as.
type outcome struct {
	Name             string
	Kind             Kind
	Lost             bool // IsConnectionLost
	Code, Domain     int
	Message, Meaning string
}

const (
	rDropText = "drop -r"
	// testDomXML is a minimal domain for the test driver.
	testDomXML = `<domain type='test'><name>virtnic-err</name><memory>65536</memory><os><type>hvm</type></os></domain>`
	// qemuDomXML never gets defined: the read-only socket refuses first.
	qemuDomXML = `<domain type='qemu'><name>virtnic-err</name><memory>65536</memory><os><type>hvm</type></os></domain>`
)

var scenarios = []scenario{
	{name: "socket permission denied", want: KindSocketDenied, nobody: true, has: "libvirt group",
		run: func(e scenarioEnv, _ func()) error { _, err := Open(e.URI, false); return err }},
	{name: "socket missing", want: KindNoDaemon,
		run: func(e scenarioEnv, _ func()) error {
			_, err := Open("qemu:///system?socket="+e.Missing, false)
			return err
		}},
	{name: "unknown URI alias", want: KindBadURI,
		run: func(scenarioEnv, func()) error { _, err := Open("virtnic-no-such-alias", false); return err }},
	{name: "write on -r (test driver)", want: KindReadOnly, has: rDropText,
		run: onTest(true, func(c *Conn) error { return defineXML(c, testDomXML, 0) })},
	{name: "missing domain", want: KindNoDomain,
		run: onTest(false, func(c *Conn) error { _, err := c.LoadDomain("virtnic-missing"); return err })},
	{name: "missing network", want: KindNoNetwork,
		run: onTest(false, func(c *Conn) error {
			_, err := c.c.LookupNetworkByName("virtnic-missing")
			return c.wrap("look up network virtnic-missing", err)
		})},
	{name: "malformed XML", want: KindXMLMalformed, libxml: true,
		run: onTest(false, func(c *Conn) error { return defineXML(c, "<domain", 0) })},
	{name: "invalid XML", want: KindXMLInvalid,
		run: onTest(false, func(c *Conn) error { return defineXML(c, "<domain type='test'><name>x</name></domain>", 0) })},
	{name: "XML against the schema", want: KindXMLSchema,
		run: onTest(false, func(c *Conn) error {
			return defineXML(c, strings.Replace(testDomXML, "</domain>", "<bogus/></domain>", 1), libvirt.DOMAIN_DEFINE_VALIDATE)
		})},
	{name: "unsupported test-driver call", want: KindNoSupport,
		run: onTest(false, func(c *Conn) error {
			return onTestDomain(c, func(d *libvirt.Domain) error {
				return d.UpdateDeviceFlags("<interface type='network'><source network='default'/></interface>", libvirt.DOMAIN_DEVICE_MODIFY_CONFIG)
			})
		})},
	{name: "domain not running", want: KindOperationInvalid,
		run: onTest(false, func(c *Conn) error { return onTestDomain(c, (*libvirt.Domain).Destroy) })},
	{name: "write through the read-only socket without -r", want: KindReadOnly, has: "read-only", lacks: rDropText,
		run: onDaemonRO(false, func(c *Conn, _ scenarioEnv) error { return defineXML(c, qemuDomXML, 0) })},
	{name: "read through the read-only socket without -r", want: KindReadOnly, has: "read-only", lacks: rDropText,
		run: onDaemonRO(false, func(c *Conn, e scenarioEnv) error { _, err := c.LoadDomain(e.Domain); return err })},
	{name: "write through the read-only socket with -r", want: KindReadOnly, has: rDropText,
		run: onDaemonRO(true, func(c *Conn, _ scenarioEnv) error { return defineXML(c, qemuDomXML, 0) })},
	{name: "daemon killed mid-session", want: KindConnLost, racy: true, run: killedMidSession},
	{name: "daemon killed, then connect", want: KindNoDaemon,
		run: func(e scenarioEnv, _ func()) error { _, err := Open(e.URI, false); return err }},
}

// defineXML is DomainDefineXMLFlags through c.wrap, as every write of
// virtnic's.
func defineXML(c *Conn, x string, f libvirt.DomainDefineFlags) error {
	d, err := c.c.DomainDefineXMLFlags(x, f)
	if err == nil {
		d.Free()
		return errors.New("libvirt defined the domain")
	}
	return c.wrap("define domain", err)
}

func onTest(readOnly bool, f func(c *Conn) error) func(scenarioEnv, func()) error {
	return func(scenarioEnv, func()) error { return withConn("test:///default", readOnly, f) }
}

// onDaemonRO runs f on the daemon's read-only socket, opened with or
// without -r.
func onDaemonRO(readOnly bool, f func(c *Conn, e scenarioEnv) error) func(scenarioEnv, func()) error {
	return func(e scenarioEnv, _ func()) error {
		return withConn(e.ROURI, readOnly, func(c *Conn) error { return f(c, e) })
	}
}

func withConn(uri string, readOnly bool, f func(c *Conn) error) error {
	c, err := Open(uri, readOnly)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	defer c.Close()
	return f(c)
}

// onTestDomain runs f on a shut-off test-driver domain.
func onTestDomain(c *Conn, f func(d *libvirt.Domain) error) error {
	d, err := c.c.DomainDefineXML(testDomXML)
	if err != nil {
		return fmt.Errorf("setup: %w", c.wrap("define", err))
	}
	defer d.Free()
	return c.wrap("call on domain virtnic-err", f(d))
}

func killedMidSession(e scenarioEnv, kill func()) error {
	c, err := Open(e.URI, false)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	defer c.Close()
	if _, err := c.ListDomains(); err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	kill()
	_, err = c.ListDomains()
	return err
}

// runScenarios runs the scenarios for this account (root or not) in order.
func runScenarios(env scenarioEnv, nobody bool, kill func()) []outcome {
	var out []outcome
	for _, s := range scenarios {
		if s.nobody != nobody {
			continue
		}
		err := s.run(env, kill)
		o := outcome{Name: s.name, Kind: -1, Lost: IsConnectionLost(err)}
		var e *Error
		switch {
		case err == nil:
			o.Message = "no error"
		case errors.As(err, &e):
			o.Kind, o.Code, o.Domain, o.Message, o.Meaning = e.Kind, e.Code, e.Domain, e.Message, e.Meaning
		default:
			o.Message = err.Error()
		}
		out = append(out, o)
	}
	return out
}

// checkOutcomes asserts each outcome's kind, the meaning's required words
// and that IsConnectionLost agrees with the kind.
func checkOutcomes(t *testing.T, got []outcome) {
	t.Helper()
	byName := map[string]scenario{}
	for _, s := range scenarios {
		byName[s.name] = s
	}
	for _, o := range got {
		s := byName[o.Name]
		if o.Kind != s.want {
			t.Errorf("%s: kind %v (domain %d, code %d, %q), want %v", o.Name, o.Kind, o.Domain, o.Code, o.Message, s.want)
			continue
		}
		if s.has != "" && !strings.Contains(o.Meaning, s.has) || s.lacks != "" && strings.Contains(o.Meaning, s.lacks) {
			t.Errorf("%s: meaning %q, want it to contain %q and not %q", o.Name, o.Meaning, s.has, s.lacks)
		}
		if o.Lost != s.want.lost() {
			t.Errorf("%s: IsConnectionLost = %v for %v", o.Name, o.Lost, s.want)
		}
		t.Logf("%-48s %-18v domain %2d code %2d  %s", o.Name, o.Kind, o.Domain, o.Code, o.Message)
	}
	if len(got) != len(scenarios) {
		t.Errorf("%d of %d scenarios ran", len(got), len(scenarios))
	}
}

// killAndWait SIGKILLs pid and waits until its parent (the test that
// started the daemon) has reaped it. A zombie is not enough: the leader
// of a threaded process turns zombie while its other threads still hold
// the listening socket, and a connect then still gets through.
func killAndWait(pid int) error {
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		return err
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return nil
		}
	}
	return fmt.Errorf("pid %d was not gone 10 s after SIGKILL", pid)
}
