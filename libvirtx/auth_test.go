package libvirtx

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"libvirt.org/go/libvirt"
)

// authNodeXML is a test-driver host that, like a SASL-protected daemon,
// asks for a user name and a password before it opens.
const authNodeXML = `<node>
  <auth><user password="s3cret">alice</user></auth>
  <domain type='test'><name>guarded</name><memory>65536</memory><os><type>hvm</type></os></domain>
</node>`

func authNodeURI(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "auth.xml")
	if err := os.WriteFile(p, []byte(authNodeXML), 0o600); err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// scripted answers by kind and records every question.
type scripted struct {
	answers map[CredKind]string
	err     error
	asked   []Credential
}

func (s *scripted) Prompt(creds []Credential) error {
	s.asked = append(s.asked, creds...)
	if s.err != nil {
		return s.err
	}
	for i := range creds {
		creds[i].Answer = s.answers[creds[i].Kind]
	}
	return nil
}

func TestOpenAsksLibvirtsQuestions(t *testing.T) {
	uri := authNodeURI(t)
	p := &scripted{answers: map[CredKind]string{CredAuthname: "alice", CredPassphrase: "s3cret"}}
	c, err := OpenWith(uri, OpenOpts{Prompter: p})
	if err != nil {
		t.Fatalf("with the right answers: %v", err)
	}
	defer c.Close()
	ds, err := c.ListDomains()
	if err != nil || len(ds) != 1 || ds[0].Name != "guarded" {
		t.Fatalf("listing after the login: %v %+v", err, ds)
	}
	var kinds []CredKind
	for _, q := range p.asked {
		kinds = append(kinds, q.Kind)
		if q.Prompt == "" {
			t.Errorf("libvirt asked %v without a prompt", q.Kind)
		}
	}
	if len(kinds) != 2 || kinds[0] != CredAuthname || kinds[1] != CredPassphrase {
		t.Errorf("asked %v, want the user name, then the password", kinds)
	}
	if CredPassphrase.Echo() || !CredAuthname.Echo() {
		t.Error("a password would be echoed, or a user name hidden")
	}
	// Read-only goes through the same questions.
	ro, err := OpenWith(uri, OpenOpts{ReadOnly: true, Prompter: p})
	if err != nil {
		t.Fatalf("read-only with the right answers: %v", err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Error("not read-only")
	}
}

func TestOpenWrongPasswordIsAuthFailed(t *testing.T) {
	p := &scripted{answers: map[CredKind]string{CredAuthname: "alice", CredPassphrase: "guess"}}
	_, err := OpenWith(authNodeURI(t), OpenOpts{Prompter: p})
	var e *Error
	if !errors.As(err, &e) || e.Kind != KindAuthFailed {
		t.Fatalf("wrong password: %#v, want KindAuthFailed", err)
	}
	if !IsAuthError(err) || IsConnectionLost(err) {
		t.Errorf("wrong password: IsAuthError %v, IsConnectionLost %v", IsAuthError(err), IsConnectionLost(err))
	}
	if !strings.Contains(e.Meaning, "credentials") {
		t.Errorf("meaning %q does not speak of the credentials", e.Meaning)
	}
}

// A Prompter that cannot ask fails the open, and the message says why.
func TestOpenPrompterCannotAsk(t *testing.T) {
	p := &scripted{err: errors.New("no terminal to ask on")}
	_, err := OpenWith(authNodeURI(t), OpenOpts{Prompter: p})
	if err == nil {
		t.Fatal("opened without answers")
	}
	if !strings.Contains(err.Error(), "virtnic could not ask for it: no terminal to ask on") {
		t.Errorf("error %q does not say why nothing was asked", err)
	}
	if !IsAuthError(err) {
		t.Errorf("%v is not an authentication error", err)
	}
	// Without a Prompter libvirt asks nothing and fails the same way.
	if _, err := Open(authNodeURI(t), false); !IsAuthError(err) {
		t.Errorf("without a prompter: %v, want an authentication error", err)
	}
}

func TestAnswer(t *testing.T) {
	hostKey := "Accept SSH host key with hash 'ab:cd' for host '127.0.0.1:2222' (y/n)?"
	for _, tc := range []struct {
		c    Credential
		want string
	}{
		{Credential{Kind: CredAuthname, Default: "root"}, "root"},
		{Credential{Kind: CredAuthname, Default: "root", Answer: "alice"}, "alice"},
		{Credential{Kind: CredEchoPrompt, Prompt: hostKey, Answer: "yes"}, "y"},
		{Credential{Kind: CredEchoPrompt, Prompt: hostKey, Answer: " Y "}, "y"},
		{Credential{Kind: CredEchoPrompt, Prompt: hostKey, Answer: "no"}, "n"},
		{Credential{Kind: CredEchoPrompt, Prompt: hostKey, Answer: "maybe"}, "maybe"},
		// Only a (y/n) question turns yes into y.
		{Credential{Kind: CredEchoPrompt, Prompt: "Token:", Answer: "yes"}, "yes"},
		{Credential{Kind: CredPassphrase, Prompt: hostKey, Answer: "yes"}, "yes"},
	} {
		if got := answer(tc.c); got != tc.want {
			t.Errorf("answer(%+v) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func TestWithNoTTY(t *testing.T) {
	for in, want := range map[string]string{
		"qemu+ssh://h/system":                    "qemu+ssh://h/system?no_tty=1",
		"qemu+ssh://h/system?keyfile=/k":         "qemu+ssh://h/system?keyfile=/k&no_tty=1",
		"qemu+ssh://h/system?no_tty=0":           "qemu+ssh://h/system?no_tty=0",
		"qemu+libssh://h/system":                 "qemu+libssh://h/system",
		"qemu:///system":                         "qemu:///system",
		"hv1":                                    "hv1",
		"qemu+ssh://h/system?socket=/s&netcat=n": "qemu+ssh://h/system?socket=/s&netcat=n&no_tty=1",
	} {
		if got := withNoTTY(in); got != want {
			t.Errorf("withNoTTY(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSSHMayPrompt(t *testing.T) {
	t.Setenv("LIBVIRT_DEFAULT_URI", "")
	for uri, want := range map[string]bool{
		"":                       false,
		"qemu:///system":         false,
		"test:///default":        false,
		"qemu+tls://h/system":    false,
		"qemu+libssh://h/system": false, // it asks through the Prompter
		"qemu+ssh://h/system":    true,
		"hv1":                    true, // an alias may stand for anything
	} {
		if got := SSHMayPrompt(uri); got != want {
			t.Errorf("SSHMayPrompt(%q) = %v, want %v", uri, got, want)
		}
	}
	t.Setenv("LIBVIRT_DEFAULT_URI", "qemu+ssh://root@hv1/system")
	if !SSHMayPrompt("") {
		t.Error("the default URI over ssh may prompt")
	}
}

// Messages name the host as the user gave it, never its credentials, and
// the demo by name rather than by its deleted node file.
func TestDisplayNamesHost(t *testing.T) {
	uri := authNodeURI(t)
	p := &scripted{answers: map[CredKind]string{CredAuthname: "alice", CredPassphrase: "s3cret"}}
	// The test driver ignores the parameter; a remote URI would use it.
	c, err := OpenWith(uri+"?keyfile=/secret/key", OpenOpts{Prompter: p})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := c.Display(); got != uri {
		t.Errorf("Display() = %q, want %q", got, uri)
	}
	_, err = OpenWith("test:///nonexistent/node.xml?keyfile=/secret/key", OpenOpts{})
	if err == nil || strings.Contains(err.Error(), "/secret/key") {
		t.Errorf("a failed open shows the key file: %v", err)
	}
	d, err := OpenDemo(true)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Display() != "the demo host" {
		t.Errorf("demo Display() = %q", d.Display())
	}
	_, err = d.LoadDomain("no-such-domain")
	if err == nil || strings.Contains(err.Error(), "virtnic-demo-") || !strings.Contains(err.Error(), "on the demo host") {
		t.Errorf("demo error %q names the node file, or not the demo host", err)
	}
}

// Over the ssh binary every failure is the same closed pipe; only ssh's own
// words, which OpenSSH never translates, tell a refused login (stop
// retrying) from a host that is down (retry). libvirt's part may be in any
// language.
func TestSSHBinaryRefusalFromItsOwnWords(t *testing.T) {
	at := opening("qemu+ssh://root@hv1/system", syscall.ECONNRESET)
	for msg, want := range map[string]Kind{
		"Cannot recv data: root@hv1: Permission denied (publickey,password).: Connection reset by peer":    KindSSHAuth,
		"Daten können nicht empfangen werden: Host key verification failed.: Verbindung zurückgesetzt":     KindSSHAuth,
		"Cannot recv data: Received disconnect from 10.0.0.1 port 22:2: Too many authentication failures":  KindSSHAuth,
		"Cannot recv data: ssh: connect to host hv1 port 22: Connection refused: Connection reset by peer": KindSSHFailed,
		"Cannot recv data: ssh: Could not resolve hostname hv1: Name or service not known":                 KindSSHFailed,
	} {
		le := libvirt.Error{Domain: libvirt.FROM_RPC, Code: libvirt.ERR_SYSTEM_ERROR, Message: msg}
		got := classify(le, at)
		if got != want {
			t.Errorf("%q: %v, want %v", msg, got, want)
		}
		if got.auth() != (want == KindSSHAuth) {
			t.Errorf("%q: auth() = %v", msg, got.auth())
		}
	}
}
