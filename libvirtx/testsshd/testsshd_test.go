package testsshd

import (
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sshRun runs a command on the server with the client configuration
// qemu+ssh uses, answering a passphrase question with pass through
// SSH_ASKPASS, so no terminal is needed.
func sshRun(t *testing.T, s *Server, key, pass, command string) (string, error) {
	t.Helper()
	askpass := filepath.Join(t.TempDir(), "askpass")
	if err := os.WriteFile(askpass, []byte("#!/bin/sh\nprintf '%s\\n' "+shellQuote(pass)+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(s.SSHCommand(), "-p", strconv.Itoa(s.Port()), "-l", s.User(), "-i", key, "127.0.0.1", command)
	cmd.Env = append(os.Environ(), "SSH_ASKPASS="+askpass, "SSH_ASKPASS_REQUIRE=force")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestServerTakesOnlyItsKey(t *testing.T) {
	s := Start(t)
	out, err := sshRun(t, s, s.ClientKey(), Passphrase, "echo logged-in-as-$(id -un)")
	if err != nil || !strings.Contains(out, "logged-in-as-"+s.User()) {
		t.Fatalf("the authorised key with its passphrase: %v\n%s\nsshd log:\n%s", err, out, s.Log())
	}
	out, err = sshRun(t, s, s.WrongKey(), "", "true")
	if err == nil || !strings.Contains(out, "Permission denied") {
		t.Errorf("the unauthorised key: err %v, output %q; want ssh's Permission denied", err, out)
	}
	out, err = sshRun(t, s, s.ClientKey(), "not the passphrase", "true")
	if err == nil {
		t.Errorf("a wrong passphrase logged in: %q", out)
	}
}

// The netcat the remote side runs joins a unix socket both ways.
func TestNetcatJoinsUnixSocket(t *testing.T) {
	s := Start(t)
	sock := filepath.Join(s.Dir(), "echo.sock")
	l, err := listenEcho(sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	out, err := sshRun(t, s, s.ClientKey(), Passphrase, "echo ping | "+s.Netcat()+" -U "+sock)
	if err != nil || strings.TrimSpace(out) != "echo: ping" {
		t.Fatalf("through unixnc: %v, %q", err, out)
	}
}

// listenEcho answers each connection with "echo: " and what it sent.
func listenEcho(path string) (net.Listener, error) {
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				b, _ := io.ReadAll(c)
				_, _ = c.Write(append([]byte("echo: "), b...))
			}()
		}
	}()
	return l, nil
}
