// Package ttyprompt answers libvirt's credential questions on the terminal,
// as virsh does: each question written to /dev/tty, its answer read from
// there, with echo off for passwords and passphrases. /dev/tty rather than
// the standard streams, so that `virtnic list --json | jq` still asks the
// person at the keyboard, and a script with no terminal gets a clear
// refusal instead of a hang.
package ttyprompt

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"

	"virtnic/libvirtx"
	"virtnic/present"
)

// ttyPath is the process's controlling terminal.
const ttyPath = "/dev/tty"

// Terminal is a libvirtx.Prompter on the controlling terminal.
type Terminal struct{}

// New returns the terminal prompter. It opens the terminal only when libvirt
// asks something, so connections that need no answer work without one.
func New() Terminal { return Terminal{} }

// Prompt asks each question on the terminal.
func (Terminal) Prompt(creds []libvirtx.Credential) error {
	f, err := os.OpenFile(ttyPath, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("no terminal to ask on (%v)", err)
	}
	defer f.Close()
	return Ask(f, f, func() (string, error) {
		b, err := term.ReadPassword(f.Fd())
		return string(b), err
	}, creds)
}

// Ask writes each question to out and reads its answer from in, or, for an
// answer that must not be shown, with hidden (which reads without echo).
// Questions come from libvirt and, over ssh, from the remote server, so
// they are sanitised before they reach the terminal.
func Ask(in io.Reader, out io.Writer, hidden func() (string, error), creds []libvirtx.Credential) error {
	for i := range creds {
		c := &creds[i]
		// Like virsh, the challenge is not shown: libvirt puts the host
		// name there, which the prompt already says.
		fmt.Fprint(out, question(*c))
		var (
			ans string
			err error
		)
		if c.Kind.Echo() {
			ans, err = readLine(in)
		} else {
			ans, err = hidden()
			// Nothing was echoed, not even the Enter.
			fmt.Fprintln(out)
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return errors.New("no answer (end of input)")
			}
			return err
		}
		c.Answer = ans
	}
	return nil
}

// question is libvirt's prompt as virsh shows it: "PROMPT: ", or
// "PROMPT " when it already ends in a question mark or colon, with the
// default in brackets unless the prompt names it already.
func question(c libvirtx.Credential) string {
	p := strings.TrimSpace(present.Safe(c.Prompt))
	if p == "" {
		p = defaultPrompt(c.Kind)
	}
	if c.Default != "" && !strings.Contains(p, "["+c.Default+"]") {
		p += " [" + present.Safe(c.Default) + "]"
	}
	if strings.HasSuffix(p, "?") || strings.HasSuffix(p, ":") {
		return p + " "
	}
	return p + ": "
}

func defaultPrompt(k libvirtx.CredKind) string {
	switch k {
	case libvirtx.CredUsername, libvirtx.CredAuthname:
		return "User name"
	case libvirtx.CredPassphrase:
		return "Password"
	case libvirtx.CredRealm:
		return "Realm"
	}
	return "Answer"
}

// readLine reads one line a byte at a time: a buffered reader could take
// bytes typed for the next, hidden, answer.
func readLine(in io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := in.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return strings.TrimSuffix(b.String(), "\r"), nil
			}
			b.WriteByte(buf[0])
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) && b.Len() > 0 {
				return b.String(), nil
			}
			return "", err
		}
	}
}
