// Package testdaemon runs a private, real libvirtd (QEMU driver) for tests.
//
// The daemon lives in its own mount namespace (unshare -m): its config,
// state, socket, logs and even the libvirt-qemu user are bind-mounted from a
// short temporary directory, so nothing on the machine changes and killing the
// process drops every mount. With Options.TCP it also listens on a free
// loopback TCP port (no TLS, no auth), for remote-style qemu+tcp clients.
//
// The package is pure Go and talks to the daemon only through virsh and ip;
// it never imports libvirt.org/go/libvirt.
//
// Without root, libvirtd, qemu-system-x86_64, virsh, unshare or ip the
// helpers skip the test, except when the environment variable CI is "true":
// there they fail it, because these tests must run in CI.
package testdaemon

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Tools the daemon needs, looked up in PATH (and /usr/sbin, /sbin).
var requiredTools = []string{"libvirtd", "qemu-system-x86_64", "virsh", "unshare", "mount", "ip"}

// hostMountPoints are the host directories the namespace hides behind
// private ones. They are created when missing and removed again afterwards.
var hostMountPoints = []struct{ host, private string }{
	{"/run/libvirt", "run"},
	{"/var/lib/libvirt", "lib"},
	{"/var/cache/libvirt", "cache"},
	{"/var/log/libvirt", "log"},
}

const (
	socketWait   = 10 * time.Second
	stopGrace    = 5 * time.Second
	virshTimeout = 30 * time.Second
	// ownerMark is written into every daemon directory; stale directories
	// from crashed runs are recognised by it (see reapStale).
	ownerMark = "owner.pid"
)

// Daemon is one private libvirtd. Its methods are safe for concurrent use.
type Daemon struct {
	dir     string
	tcpPort int // 0: no TCP listener

	mu      sync.Mutex
	env     []string // extra environment of libvirtd, see RestartWithEnv
	cmd     *exec.Cmd
	done    chan struct{} // closed when cmd has been waited for
	pid     int
	running bool
	closed  bool
	mounts  []*mountPoint
}

// Start starts a private libvirtd for t and stops it in t.Cleanup. It skips
// (or, with CI=true, fails) the test when the machine cannot run one.
func Start(t testing.TB) *Daemon {
	t.Helper()
	return StartWith(t, Options{})
}

// StartWith is Start with options (e.g. a TCP listener).
func StartWith(t testing.TB, opts Options) *Daemon {
	t.Helper()
	if reason := unavailable(); reason != "" {
		SkipOrFail(t, reason)
	}
	d, err := start(opts)
	if err != nil {
		t.Fatalf("testdaemon: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("testdaemon: libvirtd log tail (%s):\n%s", d.dir, d.Log())
		}
		if err := d.stop(); err != nil {
			t.Errorf("testdaemon: stop: %v", err)
		}
	})
	return d
}

// unavailable returns why no daemon can run here, or "".
func unavailable() string {
	if os.Geteuid() != 0 {
		return "testdaemon: a private libvirtd needs root"
	}
	for _, tool := range requiredTools {
		if _, err := LookTool(tool); err != nil {
			return fmt.Sprintf("testdaemon: %s not found (install libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients, qemu-system-x86, util-linux, iproute2)", tool)
		}
	}
	return ""
}

// start makes the directory, takes the host mount points and runs libvirtd.
func start(opts Options) (*Daemon, error) {
	reapStale()
	dir, err := os.MkdirTemp("/tmp", "vnd")
	if err != nil {
		return nil, err
	}
	d := &Daemon{dir: dir}
	if opts.TCP {
		if d.tcpPort, err = FreePort(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if len(d.SocketPath()) >= 108 {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("socket path %s too long for a unix socket", d.SocketPath())
	}
	if err := d.writeFiles(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	for _, mp := range hostMountPoints {
		m, err := acquireMountPoint(mp.host)
		if err != nil {
			d.releaseMounts()
			os.RemoveAll(dir)
			return nil, err
		}
		d.mounts = append(d.mounts, m)
	}
	if err := d.launchPickingPort(); err != nil {
		log := d.Log()
		d.releaseMounts()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%v\nlibvirtd log:\n%s", err, log)
	}
	return d, nil
}

// Dir is the daemon's private directory (config, state, socket, log).
func (d *Daemon) Dir() string { return d.dir }

// SocketPath is the read-write unix socket.
func (d *Daemon) SocketPath() string { return filepath.Join(d.dir, "sock", "libvirt-sock") }

// URI is the read-write connection URI of this daemon.
func (d *Daemon) URI() string { return "qemu:///system?socket=" + d.SocketPath() }

// ROURI is the read-only connection URI of this daemon.
func (d *Daemon) ROURI() string {
	return "qemu:///system?socket=" + filepath.Join(d.dir, "sock", "libvirt-sock-ro")
}

// PID is libvirtd's process id, 0 when it is not running.
func (d *Daemon) PID() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.running {
		return 0
	}
	return d.pid
}

func (d *Daemon) writeFiles() error {
	for _, sub := range []string{"etc", "run", "lib", "cache", "log", "sock"} {
		if err := os.MkdirAll(filepath.Join(d.dir, sub), 0o755); err != nil {
			return err
		}
	}
	qemuConf := `user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
stdio_handler = "file"
namespaces = [ ]
cgroup_controllers = [ ]
` + fmt.Sprintf("remote_display_port_min = %d\nremote_display_port_max = %d\n", vncBase(), vncBase()+vncPorts-1)
	passwd, err := os.ReadFile("/etc/passwd")
	if err != nil {
		return err
	}
	group, err := os.ReadFile("/etc/group")
	if err != nil {
		return err
	}
	passwd = appendLines(passwd, "libvirt-qemu", "libvirt-qemu:x:64055:64055::/var/lib/libvirt:/usr/sbin/nologin")
	group = appendLines(group, "libvirt-qemu", "libvirt-qemu:x:64055:")
	group = appendLines(group, "kvm", "kvm:x:64056:")

	q := shellQuote
	script := "#!/bin/sh\n# virtnic testdaemon: runs in a private mount namespace (unshare -m)\nset -e\n" +
		"mount --make-rprivate /\n" +
		"mount --bind " + q(filepath.Join(d.dir, "passwd")) + " /etc/passwd\n" +
		"mount --bind " + q(filepath.Join(d.dir, "group")) + " /etc/group\n" +
		"mount --bind " + q(filepath.Join(d.dir, "etc")) + " /etc/libvirt\n"
	for _, mp := range hostMountPoints {
		script += "mount --bind " + q(filepath.Join(d.dir, mp.private)) + " " + q(mp.host) + "\n"
	}
	libvirtd, _ := LookTool("libvirtd")
	script += "exec " + q(libvirtd) + " -f " + q(filepath.Join(d.dir, "libvirtd.conf")) +
		" -p " + q(filepath.Join(d.dir, "libvirtd.pid")) + d.listenFlag() + "\n"

	files := []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{"etc/qemu.conf", []byte(qemuConf), 0o644},
		{"libvirtd.conf", []byte(d.libvirtdConf()), 0o644},
		{"passwd", passwd, 0o644},
		{"group", group, 0o644},
		{"start.sh", []byte(script), 0o755},
		{ownerMark, []byte(strconv.Itoa(os.Getpid()) + "\n"), 0o644},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(d.dir, f.name), f.data, f.mode); err != nil {
			return err
		}
	}
	seedCapsCache(d.dir)
	return nil
}

// libvirtdConf is libvirtd.conf: unix sockets in the private directory,
// no auth on them, and the TCP listener when there is one.
func (d *Daemon) libvirtdConf() string {
	return fmt.Sprintf(`unix_sock_dir = %q
unix_sock_group = "root"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = %q
`, filepath.Join(d.dir, "sock"), "3:file:"+filepath.Join(d.dir, "libvirtd.log")) + d.tcpConf()
}

const vncPorts = 50

var vncBaseOnce = sync.OnceValue(pickVNCBase)

func vncBase() int { return vncBaseOnce() }

// pickVNCBase gives this test binary its own VNC port range: two daemons
// with the same range both hand out 5900 to their first guest and the second
// QEMU fails with "Address already in use" (go test ./... runs packages in
// parallel). Ranges of other live daemons (their qemu.conf) are avoided.
func pickVNCBase() int {
	used := map[int]bool{}
	confs, _ := filepath.Glob("/tmp/vnd*/etc/qemu.conf")
	for _, c := range confs {
		b, err := os.ReadFile(c)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "remote_display_port_min = "); ok {
				if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
					used[n] = true
				}
			}
		}
	}
	const first, slots = 5900, (65000 - 5900) / vncPorts
	start := (os.Getpid() * 7919) % slots
	for i := 0; i < slots; i++ {
		base := first + ((start+i)%slots)*vncPorts
		if !used[base] {
			return base
		}
	}
	return first
}

// appendLines adds line to an /etc/passwd-style file unless an entry named
// name exists already.
func appendLines(file []byte, name, line string) []byte {
	for _, l := range strings.Split(string(file), "\n") {
		if strings.HasPrefix(l, name+":") {
			return file
		}
	}
	if len(file) > 0 && file[len(file)-1] != '\n' {
		file = append(file, '\n')
	}
	return append(file, line+"\n"...)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// launch runs unshare -m start.sh and waits for the socket.
func (d *Daemon) launch() error {
	unshare, _ := LookTool("unshare")
	out, err := os.OpenFile(filepath.Join(d.dir, "libvirtd.stderr"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer out.Close()
	_ = os.Remove(d.SocketPath())
	cmd := exec.Command(unshare, "-m", filepath.Join(d.dir, "start.sh"))
	cmd.Dir = d.dir
	cmd.Stdout = out
	cmd.Stderr = out
	d.mu.Lock()
	extra := d.env
	d.mu.Unlock()
	cmd.Env = append(append(os.Environ(), "LC_ALL=C"), extra...)
	// If the test binary dies without cleaning up, take libvirtd along.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start libvirtd: %w", err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	d.mu.Lock()
	d.cmd, d.done, d.pid, d.running = cmd, done, cmd.Process.Pid, true
	d.mu.Unlock()

	deadline := time.Now().Add(socketWait)
	for {
		if fi, err := os.Stat(d.SocketPath()); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return d.waitTCP(deadline, done)
		}
		select {
		case <-done:
			d.mu.Lock()
			d.running = false
			d.mu.Unlock()
			return fmt.Errorf("libvirtd exited before creating %s (%v)", d.SocketPath(), cmd.ProcessState)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = d.kill(syscall.SIGKILL, 0)
			return fmt.Errorf("libvirtd did not create %s within %v", d.SocketPath(), socketWait)
		}
	}
}

// Log returns the tail of libvirtd's log and stderr, for failure messages.
func (d *Daemon) Log() string {
	var b strings.Builder
	for _, name := range []string{"libvirtd.stderr", "libvirtd.log"} {
		data, err := os.ReadFile(filepath.Join(d.dir, name))
		if err != nil || len(data) == 0 {
			continue
		}
		const max = 6000
		if len(data) > max {
			data = data[len(data)-max:]
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				data = data[i+1:]
			}
		}
		fmt.Fprintf(&b, "--- %s ---\n%s", name, data)
	}
	return b.String()
}

// Virsh runs virsh -c URI args… (with a timeout) and returns its standard
// output. The error carries virsh's standard error.
func (d *Daemon) Virsh(args ...string) (string, error) {
	return d.virsh(d.URI(), args...)
}

// VirshRO is Virsh on the read-only socket.
func (d *Daemon) VirshRO(args ...string) (string, error) {
	return d.virsh(d.ROURI(), args...)
}

func (d *Daemon) virsh(uri string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), virshTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "virsh", append([]string{"-c", uri}, args...)...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return stdout.String(), fmt.Errorf("virsh %s: timed out after %v", strings.Join(args, " "), virshTimeout)
	}
	if err != nil {
		return stdout.String(), fmt.Errorf("virsh %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

func (d *Daemon) releaseMounts() {
	for i := len(d.mounts) - 1; i >= 0; i-- {
		d.mounts[i].release()
	}
	d.mounts = nil
}

// reapStale cleans up after test binaries that died without stopping their
// daemon: a /tmp/vnd* directory whose owner process is gone gets its QEMUs
// and libvirtd killed and is removed. Host mount points it created still
// carry their marker, so the next daemon to release them removes them.
func reapStale() {
	reapOnce.Do(reapStaleLinks)
	dirs, _ := filepath.Glob("/tmp/vnd[0-9]*")
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerMark))
		if err != nil {
			continue
		}
		owner, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || owner <= 0 || owner == os.Getpid() {
			continue
		}
		if alive(owner) {
			continue
		}
		if b, err := os.ReadFile(filepath.Join(dir, "libvirtd.pid")); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 1 {
				if cl, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err == nil && bytes.Contains(cl, []byte(dir)) {
					_ = syscall.Kill(pid, syscall.SIGKILL)
					waitGone(pid, 5*time.Second)
				}
			}
		}
		_ = killOrphans(dir)
		_ = os.RemoveAll(dir)
	}
}
