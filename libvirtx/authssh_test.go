package libvirtx

import (
	"errors"
	"os"
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
	"virtnic/libvirtx/testsshd"
)

// sshHost is a private libvirtd behind a private sshd, with one domain.
type sshHost struct {
	d *testdaemon.Daemon
	s *testsshd.Server
}

const sshDomain = "vnssh1"

func startSSHHost(t *testing.T) sshHost {
	t.Helper()
	d := testdaemon.Start(t)
	s := testsshd.Start(t)
	d.DefineDomain(t, sshDomain, testdaemon.DisklessDomainXML(sshDomain, "52:54:00:55:00:01", "vnsshnone", "bridge"))
	return sshHost{d: d, s: s}
}

func (h sshHost) mustList(t *testing.T, c *Conn) {
	t.Helper()
	defer c.Close()
	ds, err := c.ListDomains()
	if err != nil {
		t.Fatalf("list over ssh: %v", err)
	}
	if len(ds) != 1 || ds[0].Name != sshDomain {
		t.Fatalf("over ssh: %+v, want %s", ds, sshDomain)
	}
}

// libssh asks for the key's passphrase through the Prompter, and for an
// unknown host key with a "(y/n)" question whose "yes" it takes as "y";
// the accepted key is written to known_hosts.
func TestLibsshAsksHostKeyAndPassphrase(t *testing.T) {
	h := startSSHHost(t)
	kh := h.s.KnownHosts(t, false)
	p := &scripted{answers: map[CredKind]string{CredEchoPrompt: "yes", CredPassphrase: testsshd.Passphrase}}
	c, err := OpenWith(h.s.LibsshURI(h.d.SocketPath(), h.s.ClientKey(), kh), OpenOpts{Prompter: p})
	if err != nil {
		t.Fatalf("open: %v\nasked: %+v\nsshd log:\n%s", err, p.asked, h.s.Log())
	}
	h.mustList(t, c)
	if len(p.asked) != 2 || p.asked[0].Kind != CredEchoPrompt || !strings.Contains(p.asked[0].Prompt, "(y/n)") ||
		p.asked[1].Kind != CredPassphrase || p.asked[1].Prompt != "Passphrase for key '"+h.s.ClientKey()+"'" {
		t.Errorf("asked %+v, want the host key question, then the passphrase of the URI's key", p.asked)
	}
	known, _ := os.ReadFile(kh)
	if !strings.Contains(string(known), strings.Fields(h.s.KnownHostsLine())[2]) {
		t.Errorf("known_hosts after accepting: %q", known)
	}
	// Known now: only the passphrase is asked.
	p.asked = nil
	c, err = OpenWith(h.s.LibsshURI(h.d.SocketPath(), h.s.ClientKey(), kh), OpenOpts{Prompter: p})
	if err != nil {
		t.Fatal(err)
	}
	h.mustList(t, c)
	if len(p.asked) != 1 || p.asked[0].Kind != CredPassphrase {
		t.Errorf("second open asked %+v, want only the passphrase", p.asked)
	}
}

// Each refusal over ssh is an authentication error (no reconnect loop
// retries it) with a meaning that says what to check.
func TestSSHRefusalsAreClear(t *testing.T) {
	h := startSSHHost(t)
	sock := h.d.SocketPath()
	known := h.s.KnownHosts(t, true)
	cases := []struct {
		name string
		uri  string
		p    Prompter
		want Kind
		has  string
	}{
		{"libssh: host key declined", h.s.LibsshURI(sock, h.s.ClientKey(), h.s.KnownHosts(t, false)),
			&scripted{answers: map[CredKind]string{CredEchoPrompt: "n"}}, KindSSHTransport, "host key"},
		{"libssh: wrong passphrase", h.s.LibsshURI(sock, h.s.ClientKey(), known),
			&scripted{answers: map[CredKind]string{CredPassphrase: "not it"}}, KindSSHAuth, "key or password"},
		{"libssh: key not authorised", h.s.LibsshURI(sock, h.s.WrongKey(), known), nil, KindSSHTransport, "refused"},
		{"libssh: nobody to ask", h.s.LibsshURI(sock, h.s.ClientKey(), known), nil, KindSSHAuth, "virtnic could not ask"},
		{"ssh: key not authorised", h.s.SSHURI(sock, h.s.WrongKey()), nil, KindSSHAuth, "key or password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := OpenWith(tc.uri, OpenOpts{Prompter: tc.p})
			if err == nil {
				c.Close()
				t.Fatal("opened")
			}
			t.Logf("%v", err)
			var e *Error
			if !errors.As(err, &e) || e.Kind != tc.want {
				t.Fatalf("%v (kind %v), want %v", err, kindOf(err), tc.want)
			}
			if !IsAuthError(err) || IsConnectionLost(err) {
				t.Errorf("IsAuthError %v, IsConnectionLost %v", IsAuthError(err), IsConnectionLost(err))
			}
			if !strings.Contains(err.Error(), tc.has) {
				t.Errorf("%q lacks %q", err, tc.has)
			}
			for _, secret := range []string{h.s.WrongKey(), h.s.ClientKey() + "&", "known_hosts="} {
				if strings.Contains(e.Op, secret) {
					t.Errorf("the operation %q shows %q", e.Op, secret)
				}
			}
		})
	}
}

// The ssh binary carries the connection; with no_tty it never asks on the
// terminal, so a key that needs a passphrase fails as refused at once.
func TestSSHBinary(t *testing.T) {
	h := startSSHHost(t)
	c, err := Open(h.s.SSHURI(h.d.SocketPath(), h.s.PlainClientKey()), false)
	if err != nil {
		t.Fatalf("qemu+ssh with a key that needs nothing: %v\nsshd log:\n%s", err, h.s.Log())
	}
	h.mustList(t, c)
	_, err = OpenWith(h.s.SSHURI(h.d.SocketPath(), h.s.ClientKey()), OpenOpts{NoTTY: true})
	if kindOf(err) != KindSSHAuth {
		t.Fatalf("no_tty with a passphrase key: %v (kind %v), want KindSSHAuth", err, kindOf(err))
	}
}

func kindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return -1
}
