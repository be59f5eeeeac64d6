package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"virtnic/libvirtx/testdaemon"
	"virtnic/libvirtx/testsshd"
)

// authNodeURI is a test-driver host that asks for a user name and a
// password (alice, s3cret) before it opens, as a SASL-protected libvirtd
// does, through the same auth callback.
func authNodeURI(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "auth.xml")
	xml := `<node><auth><user password="s3cret">alice</user></auth>
<domain type='test'><name>guarded</name><memory>65536</memory><os><type>hvm</type></os></domain></node>`
	if err := os.WriteFile(p, []byte(xml), 0o600); err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// The CLI asks libvirt's questions on the terminal, as virsh does, and
// does not echo the password.
func TestCLIAsksOnTheTerminal(t *testing.T) {
	tm := start(t, 100, 24, "-c", authNodeURI(t), "list")
	tm.waitFor(`(?m)^Enter username for localhost:[ ]*$`)
	tm.text("alice")
	tm.keys("Enter")
	tm.waitFor(`(?m)^Enter alice's password for localhost:[ ]*$`)
	tm.text("s3cret")
	tm.keys("Enter")
	s := tm.waitFor(`guarded`, `\[virtnic exited 0\]`)
	if regexp.MustCompile(`s3cret`).MatchString(s) {
		t.Errorf("the password was echoed:\n%s", s)
	}
}

// The terminal UI draws its first frame, then hands the terminal over
// while libvirt asks, and takes it back to show the host.
func TestTUIAsksWithTheTerminalHandedOver(t *testing.T) {
	uri := authNodeURI(t)
	tm := start(t, 100, 24, "-c", uri)
	s := tm.waitFor(`virtnic: connecting to test:///.*auth\.xml…`, `Enter username for localhost`)
	if regexp.MustCompile(`STATE\s+NAME`).MatchString(s) {
		t.Errorf("the UI is drawn over the question:\n%s", s)
	}
	tm.text("alice")
	tm.keys("Enter")
	tm.waitFor(`(?m)password for localhost:[ ]*$`)
	tm.text("s3cret")
	tm.keys("Enter")
	s = tm.waitFor(`virtnic\s+test:///.*auth\.xml`, `guarded`, `1 domains? \(1 shown\)`)
	if regexp.MustCompile(`s3cret|Enter username`).MatchString(s) {
		t.Errorf("the question or the password is left on the UI:\n%s", s)
	}
	tm.keys("C-c")
	tm.waitFor(`\[virtnic exited 0\]`)
}

// A wrong answer leaves the UI on its connect screen, with libvirt's
// reason; q quits.
func TestTUIRefusedLoginOnConnectScreen(t *testing.T) {
	tm := start(t, 100, 24, "-c", authNodeURI(t))
	tm.waitFor(`Enter username for localhost`)
	tm.text("alice")
	tm.keys("Enter")
	tm.waitFor(`(?m)password for localhost:[ ]*$`)
	tm.text("guess")
	tm.keys("Enter")
	tm.waitFor(`Cannot connect to test:///`, `authentication failed`, `press r to retry, q to quit`, `r retry now`)
	tm.keys("q")
	tm.waitFor(`\[virtnic exited 0\]`)
}

// sshHost is a private libvirtd behind a private sshd, with one domain.
type sshHost struct {
	d *testdaemon.Daemon
	s *testsshd.Server
}

const sshDom = "vne2essh"

func startSSHHost(t *testing.T) sshHost {
	t.Helper()
	if skipAll != "" {
		t.Skip(skipAll)
	}
	d := testdaemon.Start(t)
	s := testsshd.Start(t)
	d.DefineDomain(t, sshDom, testdaemon.DisklessDomainXML(sshDom, "52:54:00:5e:00:01", "vne2enone", "bridge"))
	return sshHost{d: d, s: s}
}

// Over qemu+libssh an unknown host key and the key's passphrase are asked
// on the terminal; "yes" accepts the key.
func TestCLILibsshHostKeyAndPassphrase(t *testing.T) {
	h := startSSHHost(t)
	kh := h.s.KnownHosts(t, false)
	tm := start(t, 250, 30, "-c", h.s.LibsshURI(h.d.SocketPath(), h.s.ClientKey(), kh), "list")
	tm.waitFor(`(?m)Accept SSH host key with hash '[0-9a-f:]+' for host '127\.0\.0\.1:\d+' \(y/n\)\?[ ]*$`)
	tm.text("yes")
	tm.keys("Enter")
	tm.waitFor(`(?m)^Passphrase for key '.*client_key':[ ]*$`)
	tm.text(testsshd.Passphrase)
	tm.keys("Enter")
	s := tm.waitFor(sshDom, `\[virtnic exited 0\]`)
	if regexp.MustCompile(regexp.QuoteMeta(testsshd.Passphrase)).MatchString(s) {
		t.Errorf("the passphrase was echoed:\n%s", s)
	}
	if b, _ := os.ReadFile(kh); len(b) == 0 {
		t.Error("the accepted host key was not written to known_hosts")
	}
}

// A key the server refuses ends with a message that says so.
func TestCLISSHWrongKey(t *testing.T) {
	h := startSSHHost(t)
	tm := start(t, 120, 30, "-c", h.s.SSHURI(h.d.SocketPath(), h.s.WrongKey()), "list")
	s := tm.waitFor(`Permission denied \(publickey\)`, `ssh refused the login: the key or password was not accepted`, `\[virtnic exited 1\]`)
	if regexp.MustCompile(`keyfile=`).MatchString(s) {
		t.Errorf("the message shows the key file parameter:\n%s", s)
	}
}

// Over the ssh binary the terminal UI hands the terminal to ssh for its
// passphrase prompt. When libvirtd restarts, the automatic reconnect runs
// ssh in batch mode (no prompt over the UI), which a passphrase key cannot
// pass: the loop stops and says so, and r hands the terminal over again.
func TestTUISSHPassphraseAndReconnect(t *testing.T) {
	h := startSSHHost(t)
	tm := start(t, 120, 30, "-c", h.s.SSHURI(h.d.SocketPath(), h.s.ClientKey()))
	tm.waitFor(`virtnic: connecting to qemu\+ssh://root@127\.0\.0\.1:\d+/system`, `(?m)Enter passphrase for key '.*client_key':[ ]*$`)
	tm.text(testsshd.Passphrase)
	tm.keys("Enter")
	s := tm.waitFor(`virtnic\s+qemu\+ssh://root@127\.0\.0\.1`, sshDom)
	if regexp.MustCompile(`keyfile=|Enter passphrase`).MatchString(s) {
		t.Errorf("the header shows the key file, or the prompt is left over:\n%s", s)
	}

	h.d.Restart(t)
	tm.waitFor(`not retrying, the login was refused: press r to retry`)
	tm.keys("r")
	// The terminal shows what it showed before the UI took it: the first
	// prompt is still there, above the second.
	tm.waitFor(`(?s)Enter passphrase for key.*\n.*virtnic: connecting to.*Enter passphrase for key '.*client_key':[ ]*\n\s*$`)
	tm.text(testsshd.Passphrase)
	tm.keys("Enter")
	tm.waitFor(`reconnected to qemu\+ssh://root@127\.0\.0\.1`, sshDom)
	tm.keys("C-c")
	tm.waitFor(`\[virtnic exited 0\]`)
}
