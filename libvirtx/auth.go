package libvirtx

import (
	"errors"
	"net/url"
	"os"
	"strings"

	"libvirt.org/go/libvirt"
)

// CredKind is what libvirt asks for while a connection opens.
type CredKind int

const (
	CredUsername     CredKind = iota + 1 // a user name (the URI names none)
	CredAuthname                         // the identity to authenticate as (SASL)
	CredPassphrase                       // a password or a key's passphrase: never echoed
	CredEchoPrompt                       // a question whose answer may be shown: libssh's "accept host key (y/n)?"
	CredNoEchoPrompt                     // a question whose answer must not be shown: a one-time code
	CredRealm                            // the SASL realm
)

// Echo reports whether an answer may be shown as it is typed.
func (k CredKind) Echo() bool { return k != CredPassphrase && k != CredNoEchoPrompt }

// Credential is one question libvirt asks. Prompt, Challenge and Default
// come from libvirt (and, over ssh, from the remote server): sanitise them
// before they reach a terminal.
type Credential struct {
	Kind      CredKind
	Prompt    string
	Challenge string
	Default   string // libvirt's suggestion, taken when the answer is empty
	Answer    string
}

// Prompter answers libvirt's questions, e.g. on the terminal. Prompt fills
// in each credential's Answer, or returns an error when it cannot ask (no
// terminal) or the user declined; libvirt then fails the open.
type Prompter interface {
	Prompt(creds []Credential) error
}

// credKinds maps what libvirt asks to CredKind. CRED_EXTERNAL (a polkit
// agent outside the process) is not offered: nothing here can answer it.
var credKinds = map[libvirt.ConnectCredentialType]CredKind{
	libvirt.CRED_USERNAME:     CredUsername,
	libvirt.CRED_AUTHNAME:     CredAuthname,
	libvirt.CRED_PASSPHRASE:   CredPassphrase,
	libvirt.CRED_ECHOPROMPT:   CredEchoPrompt,
	libvirt.CRED_NOECHOPROMPT: CredNoEchoPrompt,
	libvirt.CRED_REALM:        CredRealm,
}

// offered is the order libvirt sees the kinds in: where several fit a
// question (libssh takes the first of PASSPHRASE and NOECHOPROMPT for a
// hidden one), the first wins.
var offered = []libvirt.ConnectCredentialType{
	libvirt.CRED_AUTHNAME, libvirt.CRED_USERNAME, libvirt.CRED_PASSPHRASE,
	libvirt.CRED_ECHOPROMPT, libvirt.CRED_NOECHOPROMPT, libvirt.CRED_REALM,
}

// OpenOpts choose how a connection is opened.
type OpenOpts struct {
	// ReadOnly uses the read-only socket, which most accounts may open, but
	// refuses every write and the DOMAIN_XML_SECURE flag.
	ReadOnly bool
	// Prompter answers libvirt's credential questions; nil asks none, and
	// a connection that needs an answer fails, saying so.
	Prompter Prompter
	// NoTTY keeps the ssh binary (qemu+ssh URIs) from asking on the
	// terminal: libvirt's no_tty=1 runs it in batch mode, so a key that
	// needs a passphrase or an unknown host key fails instead. An alias
	// cannot take URI parameters, so it is left as it is.
	NoTTY bool
}

// asker is the libvirt side of a Prompter for one open. err keeps why the
// Prompter could not answer, to explain the failure libvirt then reports.
type asker struct {
	p       Prompter
	keyfile string // the URI's keyfile=, to say which key a passphrase opens
	err     error
}

// newAsker is the asker of one open of uri.
func newAsker(p Prompter, uri string) *asker {
	a := &asker{p: p}
	if _, q, ok := strings.Cut(uri, "?"); ok {
		if v, err := url.ParseQuery(q); err == nil {
			a.keyfile = v.Get("keyfile")
		}
	}
	return a
}

// errNoPrompter is why nothing was asked when the caller gave no Prompter.
var errNoPrompter = errors.New("it was opened without a way to ask (no terminal)")

type refuse struct{ err error }

func (r refuse) Prompt([]Credential) error { return r.err }

// Refuse is a Prompter that asks nothing and gives err as the reason, for
// opens that must not ask (e.g. automatic reconnects in the background).
func Refuse(err error) Prompter { return refuse{err} }

// auth always offers libvirt a callback, one that refuses when there is no
// Prompter: without any, libvirt's drivers fail each in their own way (the
// test driver with "invalid argument"), and with one the failure says
// what could not be asked and why.
func (a *asker) auth() *libvirt.ConnectAuth {
	if a.p == nil {
		a.p = refuse{errNoPrompter}
	}
	return &libvirt.ConnectAuth{CredType: offered, Callback: a.callback}
}

// callback runs on the thread that is opening the connection, inside
// libvirt: it must not call libvirt (that would replace the thread's last
// error, which connect reads afterwards).
func (a *asker) callback(lcs []*libvirt.ConnectCredential) {
	creds := make([]Credential, len(lcs))
	for i, lc := range lcs {
		creds[i] = Credential{Kind: credKinds[lc.Type], Prompt: a.prompt(lc), Challenge: lc.Challenge, Default: lc.DefResult}
	}
	err := a.p.Prompt(creds)
	if err != nil && a.err == nil {
		a.err = err
	}
	for i, lc := range lcs {
		// The binding cannot report a failed callback, and a missing
		// answer can crash libvirt's copy of it: an empty answer makes
		// libvirt fail cleanly instead.
		ans := ""
		if err == nil {
			ans = answer(creds[i])
		}
		lc.Result, lc.ResultLen = ans, len(ans)
	}
}

// prompt is libvirt's question, saying which key libssh's bare
// "Passphrase" is for (libvirt's own password prompts name the account).
func (a *asker) prompt(lc *libvirt.ConnectCredential) string {
	if lc.Type != libvirt.CRED_PASSPHRASE || lc.Prompt != "Passphrase" {
		return lc.Prompt
	}
	if a.keyfile == "" {
		return "Passphrase for the ssh key"
	}
	return "Passphrase for key '" + a.keyfile + "'"
}

// answer is what libvirt gets for c: its default for an empty answer, and
// "y" for a yes to a "(y/n)" question, which libssh's host key check takes
// only as "y".
func answer(c Credential) string {
	a := c.Answer
	if a == "" {
		return c.Default
	}
	if c.Kind == CredEchoPrompt && strings.Contains(c.Prompt, "(y/n)") {
		switch strings.ToLower(strings.TrimSpace(a)) {
		case "y", "yes":
			return "y"
		case "n", "no":
			return "n"
		}
	}
	return a
}

// explainAsk adds to err why virtnic could not answer libvirt, when that
// is what made the open fail.
func explainAsk(err error, a *asker) error {
	var e *Error
	if a == nil || a.err == nil || !errors.As(err, &e) {
		return err
	}
	why := "virtnic could not ask for it: " + a.err.Error()
	if e.Meaning == "" {
		e.Meaning = why
	} else {
		e.Meaning += "; " + why
	}
	return err
}

// withNoTTY adds libvirt's no_tty=1 to a qemu+ssh URI that lacks it.
func withNoTTY(uri string) string {
	if transportOf(uri) != "ssh" || strings.Contains(uri, "no_tty=") {
		return uri
	}
	if strings.Contains(uri, "?") {
		return uri + "&no_tty=1"
	}
	return uri + "?no_tty=1"
}

// SSHMayPrompt reports whether opening uri may run the ssh binary, which
// asks for passphrases and host keys on the terminal by itself, outside any
// Prompter: qemu+ssh URIs, and aliases and the default URI, whose transport
// only libvirt knows. A caller drawing on the terminal gives it up while
// such a connection opens.
func SSHMayPrompt(uri string) bool {
	if uri == "" {
		uri = os.Getenv("LIBVIRT_DEFAULT_URI")
		if uri == "" {
			return false // libvirt probes the local daemons
		}
	}
	tr := transportOf(uri)
	return tr == "ssh" || tr == ""
}
