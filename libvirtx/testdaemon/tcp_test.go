package testdaemon_test

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// TestTCPListener runs two TCP daemons at once: each answers virsh over
// qemu+tcp on its own loopback port, listens on loopback only, and keeps
// its own domains.
func TestTCPListener(t *testing.T) {
	a := testdaemon.StartWith(t, testdaemon.Options{TCP: true})
	b := testdaemon.StartWith(t, testdaemon.Options{TCP: true})
	if a.TCPAddr() == b.TCPAddr() {
		t.Fatalf("two daemons share TCP address %s", a.TCPAddr())
	}
	for _, d := range []*testdaemon.Daemon{a, b} {
		host, port, err := net.SplitHostPort(d.TCPAddr())
		if err != nil || host != "127.0.0.1" {
			t.Fatalf("TCPAddr() = %q (%v), want 127.0.0.1:PORT", d.TCPAddr(), err)
		}
		if want := "qemu+tcp://127.0.0.1:" + port + "/system"; d.TCPURI() != want {
			t.Errorf("TCPURI() = %q, want %q", d.TCPURI(), want)
		}
		if got, err := d.VirshAt(d.TCPURI(), "uri"); err != nil || strings.TrimSpace(got) != d.TCPURI() {
			t.Errorf("virsh -c %s uri = %q, %v", d.TCPURI(), got, err)
		}
		n, _ := strconv.Atoi(port)
		if addrs := listeners(t, n); len(addrs) != 1 || addrs[0] != "0100007F" {
			t.Errorf("port %d listens on %v (hex, /proc/net/tcp*), want only 127.0.0.1 (0100007F)", n, addrs)
		}
	}

	const name = "vntcp1"
	file := filepath.Join(t.TempDir(), "dom.xml")
	xml := testdaemon.DisklessDomainXML(name, "52:54:00:7c:00:01", "vntcpnone", "vepa")
	if err := os.WriteFile(file, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := a.VirshAt(a.TCPURI(), "define", file); err != nil {
		t.Fatal(err)
	}
	a.CleanupDomain(t, name)
	if out, err := a.VirshAt(a.TCPURI(), "list", "--all", "--name"); err != nil || !strings.Contains(out, name) {
		t.Errorf("list over TCP after define = %q, %v", out, err)
	}
	if out := a.MustVirsh(t, "list", "--all", "--name"); !strings.Contains(out, name) {
		t.Errorf("the unix socket does not see the domain defined over TCP: %q", out)
	}
	if out, err := b.VirshAt(b.TCPURI(), "list", "--all", "--name"); err != nil || strings.Contains(out, name) {
		t.Errorf("second daemon lists %q (%v): it must not see the first one's domain", out, err)
	}
}

// TestLaunchStop checks the entry point for programs: Launch starts a TCP
// daemon without a test, and Stop leaves no process, port or directory.
func TestLaunchStop(t *testing.T) {
	if reason := testdaemon.Unavailable(); reason != "" {
		t.Skip(reason)
	}
	d, err := testdaemon.Launch(testdaemon.Options{TCP: true})
	if err != nil {
		t.Fatal(err)
	}
	pid, dir, addr := d.PID(), d.Dir(), d.TCPAddr()
	if _, err := d.VirshAt(d.TCPURI(), "list", "--all"); err != nil {
		d.Stop()
		t.Fatal(err)
	}
	d.Stop()
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("libvirtd pid %d still there after Stop (kill 0: %v)", pid, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("daemon dir %s left behind", dir)
	}
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Errorf("%s still accepts connections after Stop", addr)
	}
}

// listeners returns the local addresses (hex, as the kernel prints them)
// of the TCP sockets listening on port.
func listeners(t *testing.T, port int) []string {
	t.Helper()
	var addrs []string
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			// "sl local_address rem_address st …": local is ADDR:PORT in hex,
			// st 0A is LISTEN.
			fs := strings.Fields(line)
			if len(fs) < 4 || fs[3] != "0A" {
				continue
			}
			host, p, ok := strings.Cut(fs[1], ":")
			if n, err := strconv.ParseInt(p, 16, 32); ok && err == nil && int(n) == port {
				addrs = append(addrs, host)
			}
		}
	}
	return addrs
}
