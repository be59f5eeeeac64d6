// Package testsshd runs a private OpenSSH server on 127.0.0.1 for tests of
// libvirt's ssh transports, in front of a private libvirtd (testdaemon).
//
// Everything it uses lives in one temporary directory: its sshd_config,
// host key, authorized_keys, a passphrase-protected client key that the
// server accepts and a second key that it does not, the ssh client
// configuration for qemu+ssh (its own known_hosts, no agent, no
// ~/.ssh/config) and the small netcat the remote side runs (unixnc). sshd
// is stopped by its PID in t.Cleanup. The only thing outside the directory
// is sshd's privilege separation directory /run/sshd, created empty when
// missing, as the openssh-server package's service would.
//
// Like testdaemon, without root or the OpenSSH binaries the helpers skip the
// test, except when CI is "true": there they fail it.
package testsshd

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"virtnic/libvirtx/testdaemon"
)

// Passphrase protects ClientKey.
const Passphrase = "virtnic test passphrase"

const (
	readyWait = 10 * time.Second
	stopGrace = 5 * time.Second
	privsep   = "/run/sshd"
)

var requiredTools = []string{"sshd", "ssh", "ssh-keygen"}

// Server is one private sshd.
type Server struct {
	dir  string
	port int
	user string
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts a private sshd for t and stops it in t.Cleanup.
func Start(t testing.TB) *Server {
	t.Helper()
	if reason := unavailable(); reason != "" {
		testdaemon.SkipOrFail(t, reason)
	}
	s, err := start()
	if err != nil {
		t.Fatalf("testsshd: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("testsshd: sshd log (%s):\n%s", s.dir, s.Log())
		}
		if err := s.stop(); err != nil {
			t.Errorf("testsshd: stop: %v", err)
		}
		os.RemoveAll(s.dir)
	})
	return s
}

func unavailable() string {
	if os.Geteuid() != 0 {
		return "testsshd: a private sshd for another account needs root"
	}
	for _, tool := range requiredTools {
		if _, err := testdaemon.LookTool(tool); err != nil {
			return fmt.Sprintf("testsshd: %s not found (install openssh-server and openssh-client)", tool)
		}
	}
	return ""
}

func start() (*Server, error) {
	dir, err := os.MkdirTemp("", "vnsshd")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, user: "root"}
	if err := s.prepare(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	var lerr error
	for attempt := 0; attempt < 3; attempt++ {
		if s.port, lerr = testdaemon.FreePort(); lerr != nil {
			break
		}
		if lerr = s.launch(); lerr == nil {
			return s, nil
		}
		if !strings.Contains(s.Log(), "Address already in use") {
			break
		}
	}
	log := s.Log()
	os.RemoveAll(dir)
	return nil, fmt.Errorf("%v\nsshd log:\n%s", lerr, log)
}

// prepare writes the keys, the client side and the netcat.
func (s *Server) prepare() error {
	if err := os.MkdirAll(privsep, 0o755); err != nil {
		return err
	}
	keys := []struct{ name, pass string }{{"host_key", ""}, {"client_key", Passphrase}, {"wrong_key", ""}}
	for _, k := range keys {
		if out, err := run("ssh-keygen", "-q", "-t", "ed25519", "-N", k.pass, "-C", "virtnic-test-"+k.name, "-f", s.path(k.name)); err != nil {
			return fmt.Errorf("ssh-keygen %s: %v\n%s", k.name, err, out)
		}
	}
	if err := copyFile(s.path("client_key"), s.path("plain_key")); err != nil {
		return err
	}
	if out, err := run("ssh-keygen", "-q", "-p", "-P", Passphrase, "-N", "", "-f", s.path("plain_key")); err != nil {
		return fmt.Errorf("ssh-keygen -p: %v\n%s", err, out)
	}
	pub, err := os.ReadFile(s.path("client_key.pub"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(s.path("authorized_keys"), pub, 0o600); err != nil {
		return err
	}
	ssh, err := testdaemon.LookTool("ssh")
	if err != nil {
		return err
	}
	wrapper := "#!/bin/sh\nexec " + shellQuote(ssh) + " -F " + shellQuote(s.path("ssh_config")) + ` "$@"` + "\n"
	if err := os.WriteFile(s.path("ssh"), []byte(wrapper), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(s.path("ssh_config"), []byte(s.sshConfig()), 0o644); err != nil {
		return err
	}
	return buildNetcat(s.path("unixnc"))
}

// buildNetcat builds unixnc with the go command running the tests (the
// build cache makes it quick after the first time).
func buildNetcat(out string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = "/usr/local/go/bin/go" // the Makefile's fallback too
	}
	cmd := exec.Command(goBin, "build", "-o", out, "virtnic/libvirtx/testsshd/unixnc")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build unixnc: %v\n%s", err, b)
	}
	return nil
}

func (s *Server) sshdConfig() string {
	return strings.Join([]string{
		"ListenAddress 127.0.0.1:" + strconv.Itoa(s.port),
		"HostKey " + s.path("host_key"),
		"PidFile " + s.path("sshd.pid"),
		"AuthorizedKeysFile " + s.path("authorized_keys"),
		"AllowUsers " + s.user,
		"PermitRootLogin prohibit-password",
		"PubkeyAuthentication yes",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"UsePAM no",
		// The temporary directory is not the user's home; its modes are
		// the test's business.
		"StrictModes no",
		"MaxAuthTries 6",
		"PermitTTY no",
		"X11Forwarding no",
		"AllowTcpForwarding no",
		"PrintMotd no",
		"LogLevel VERBOSE",
		"",
	}, "\n")
}

// sshConfig is the client configuration of qemu+ssh: only the key the URI
// names, only this directory's known_hosts (which knows the server), never
// an agent or the user's own files.
func (s *Server) sshConfig() string {
	return strings.Join([]string{
		"Host *",
		"  UserKnownHostsFile " + s.path("known_hosts_ssh"),
		"  GlobalKnownHostsFile /dev/null",
		"  StrictHostKeyChecking ask",
		"  UpdateHostKeys no",
		"  IdentitiesOnly yes",
		"  IdentityAgent none",
		"  PasswordAuthentication no",
		"  KbdInteractiveAuthentication no",
		"",
	}, "\n")
}

func (s *Server) launch() error {
	if err := os.WriteFile(s.path("sshd_config"), []byte(s.sshdConfig()), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(s.path("known_hosts_ssh"), []byte(s.KnownHostsLine()), 0o644); err != nil {
		return err
	}
	sshd, err := testdaemon.LookTool("sshd")
	if err != nil {
		return err
	}
	os.Remove(s.path("sshd.log"))
	// sshd re-executes itself, so it needs its absolute path.
	s.cmd = exec.Command(sshd, "-D", "-f", s.path("sshd_config"), "-E", s.path("sshd.log"))
	// Its own process group: the session processes it forks are stopped
	// with it.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return err
	}
	s.done = make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(readyWait)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("sshd exited at start: %v", s.cmd.ProcessState)
		default:
		}
		if c, err := net.DialTimeout("tcp", s.Addr(), 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = s.stop()
	return fmt.Errorf("sshd did not listen on %s within %v", s.Addr(), readyWait)
}

func (s *Server) stop() error {
	if s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	pid := s.cmd.Process.Pid
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	var err error
	select {
	case <-s.done:
	case <-time.After(stopGrace):
		err = fmt.Errorf("sshd (pid %d) ignored SIGTERM; killed", pid)
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	// Sessions still open belong to the group sshd led.
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	s.cmd = nil
	return err
}

// Log is sshd's log so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.path("sshd.log"))
	return string(b)
}

func (s *Server) path(name string) string { return filepath.Join(s.dir, name) }

// Dir is the server's private directory.
func (s *Server) Dir() string { return s.dir }

// Port is the port sshd listens on, on 127.0.0.1.
func (s *Server) Port() int { return s.port }

// Addr is "127.0.0.1:PORT".
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// User is the account clients log in as.
func (s *Server) User() string { return s.user }

// ClientKey is the private key the server accepts; Passphrase opens it.
func (s *Server) ClientKey() string { return s.path("client_key") }

// PlainClientKey is ClientKey without its passphrase: the same identity
// for tests that must not be asked anything.
func (s *Server) PlainClientKey() string { return s.path("plain_key") }

// WrongKey is a private key without a passphrase that the server refuses.
func (s *Server) WrongKey() string { return s.path("wrong_key") }

// Netcat is the remote side's netcat for the URI's netcat= parameter.
func (s *Server) Netcat() string { return s.path("unixnc") }

// SSHCommand is the ssh for the URI's command= parameter: the system's ssh
// with this server's client configuration.
func (s *Server) SSHCommand() string { return s.path("ssh") }

// KnownHostsLine is the server's host key as a known_hosts line.
func (s *Server) KnownHostsLine() string {
	pub, err := os.ReadFile(s.path("host_key.pub"))
	if err != nil {
		return ""
	}
	f := strings.Fields(string(pub))
	if len(f) < 2 {
		return ""
	}
	return fmt.Sprintf("[127.0.0.1]:%d %s %s\n", s.port, f[0], f[1])
}

// KnownHosts writes a known_hosts file that knows the server (known true)
// or is empty, and returns its path. Each call makes a new file.
func (s *Server) KnownHosts(t testing.TB, known bool) string {
	t.Helper()
	f, err := os.CreateTemp(s.dir, "known_hosts")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if known {
		if _, err := f.WriteString(s.KnownHostsLine()); err != nil {
			t.Fatal(err)
		}
	}
	return f.Name()
}

// LibsshURI is a qemu+libssh URI through this server to the libvirtd whose
// read-write socket is socket, logging in with keyfile and checking the
// host key against knownHosts (libvirt asks when it is not there).
func (s *Server) LibsshURI(socket, keyfile, knownHosts string) string {
	q := url.Values{}
	q.Set("socket", socket)
	q.Set("netcat", s.Netcat())
	q.Set("keyfile", keyfile)
	q.Set("known_hosts", knownHosts)
	q.Set("sshauth", "privkey")
	return fmt.Sprintf("qemu+libssh://%s@%s/system?%s", s.user, s.Addr(), encode(q))
}

// SSHURI is a qemu+ssh URI (the ssh binary) through this server to the
// libvirtd whose read-write socket is socket, logging in with keyfile.
func (s *Server) SSHURI(socket, keyfile string) string {
	q := url.Values{}
	q.Set("socket", socket)
	q.Set("netcat", s.Netcat())
	q.Set("keyfile", keyfile)
	q.Set("command", s.SSHCommand())
	return fmt.Sprintf("qemu+ssh://%s@%s/system?%s", s.user, s.Addr(), encode(q))
}

// encode is url.Values.Encode without escaping "/", which libvirt reads
// either way but people read better.
func encode(q url.Values) string {
	return strings.ReplaceAll(q.Encode(), "%2F", "/")
}

func run(name string, args ...string) ([]byte, error) {
	p, err := testdaemon.LookTool(name)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	cmd := exec.Command(p, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	return out.Bytes(), err
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
