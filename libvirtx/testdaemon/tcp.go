package testdaemon

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Options choose what a daemon listens on besides its unix sockets.
type Options struct {
	// TCP adds a plain TCP listener on 127.0.0.1 at a free port, without
	// TLS and without authentication, so that clients connect the way they
	// would to a remote host (qemu+tcp). It never listens beyond loopback.
	TCP bool
}

// Launch starts a private libvirtd outside of a test (for benchmark
// programs and scripts). The caller must call Stop, which removes
// everything the daemon made. It fails with Unavailable's reason when the
// machine cannot run one.
func Launch(opts Options) (*Daemon, error) {
	if reason := unavailable(); reason != "" {
		return nil, fmt.Errorf("%s", reason)
	}
	return start(opts)
}

// Unavailable says why no private libvirtd can run on this machine, or ""
// when one can.
func Unavailable() string { return unavailable() }

// TCPAddr is the daemon's TCP listener, "127.0.0.1:PORT", or "" without
// Options.TCP.
func (d *Daemon) TCPAddr() string {
	if d.tcpPort == 0 {
		return ""
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(d.tcpPort))
}

// TCPURI is the read-write qemu+tcp URI of the daemon's TCP listener, or ""
// without Options.TCP.
func (d *Daemon) TCPURI() string {
	if d.tcpPort == 0 {
		return ""
	}
	return RemoteURI(d.TCPAddr())
}

// RemoteURI is the qemu+tcp URI of a libvirtd reached at addr (host:port),
// for instance through a proxy in front of TCPAddr.
func RemoteURI(addr string) string { return "qemu+tcp://" + addr + "/system" }

// VirshAt runs virsh -c uri args… like Virsh, for another URI of this
// daemon (TCPURI, or a proxy's).
func (d *Daemon) VirshAt(uri string, args ...string) (string, error) {
	return d.virsh(uri, args...)
}

// tcpConf is the libvirtd.conf part for the TCP listener. libvirtd reads
// it only when started with --listen (listenFlag).
func (d *Daemon) tcpConf() string {
	if d.tcpPort == 0 {
		return ""
	}
	return fmt.Sprintf(`listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "%d"
auth_tcp = "none"
`, d.tcpPort)
}

// listenFlag is libvirtd's --listen when the daemon has a TCP listener:
// without systemd socket activation libvirtd opens no TCP socket otherwise.
func (d *Daemon) listenFlag() string {
	if d.tcpPort == 0 {
		return ""
	}
	return " --listen"
}

// FreePort asks the kernel for a loopback port nobody listens on. Another
// process may take it before libvirtd binds it; launchPickingPort retries.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free TCP port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// launchPickingPort launches libvirtd; when its TCP port was taken in the
// meantime, it picks another one (three attempts in all).
func (d *Daemon) launchPickingPort() error {
	err := d.launch()
	for attempt := 1; err != nil && d.tcpPort != 0 && attempt < 3; attempt++ {
		if !strings.Contains(d.Log(), "Address already in use") {
			return err
		}
		if d.tcpPort, err = FreePort(); err != nil {
			return err
		}
		if err = os.WriteFile(filepath.Join(d.dir, "libvirtd.conf"), []byte(d.libvirtdConf()), 0o644); err != nil {
			return err
		}
		err = d.launch()
	}
	return err
}

// waitTCP waits until the TCP listener accepts connections; libvirtd
// creates its unix sockets first. done is closed when libvirtd has exited.
func (d *Daemon) waitTCP(deadline time.Time, done <-chan struct{}) error {
	if d.tcpPort == 0 {
		return nil
	}
	for {
		c, err := net.DialTimeout("tcp", d.TCPAddr(), time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-done:
			d.mu.Lock()
			d.running = false
			d.mu.Unlock()
			return fmt.Errorf("libvirtd exited before listening on %s", d.TCPAddr())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = d.kill(syscall.SIGKILL, 0)
			return fmt.Errorf("libvirtd did not listen on %s within %v: %v", d.TCPAddr(), socketWait, err)
		}
	}
}
