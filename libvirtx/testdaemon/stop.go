package testdaemon

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// kill signals libvirtd and waits up to grace for it to exit; after grace it
// sends SIGKILL and waits for good. grace 0 means no second signal.
func (d *Daemon) kill(sig syscall.Signal, grace time.Duration) error {
	d.mu.Lock()
	cmd, done, running := d.cmd, d.done, d.running
	d.mu.Unlock()
	if cmd == nil || !running {
		return nil
	}
	_ = cmd.Process.Signal(sig)
	var err error
	if grace > 0 {
		select {
		case <-done:
		case <-time.After(grace):
			err = fmt.Errorf("libvirtd (pid %d) ignored %v for %v; killed", cmd.Process.Pid, sig, grace)
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		return fmt.Errorf("libvirtd (pid %d) did not exit", cmd.Process.Pid)
	}
	d.mu.Lock()
	d.running = false
	d.mu.Unlock()
	return err
}

// Kill SIGKILLs libvirtd at once, as a crash would, and waits for it to be
// gone. Domains keep running; Restart brings the daemon back.
func (d *Daemon) Kill() {
	_ = d.kill(syscall.SIGKILL, 0)
}

// Restart stops libvirtd (if running) and starts it again on the same
// directories, so running domains are picked up again. For reconnect tests.
func (d *Daemon) Restart(t testing.TB) {
	t.Helper()
	d.mu.Lock()
	closed := d.closed
	d.mu.Unlock()
	if closed {
		t.Fatal("testdaemon: Restart after Stop")
	}
	if err := d.kill(syscall.SIGTERM, stopGrace); err != nil {
		t.Errorf("testdaemon: %v", err)
	}
	if err := d.launch(); err != nil {
		t.Fatalf("testdaemon: restart: %v\nlibvirtd log:\n%s", err, d.Log())
	}
}

// RestartWithEnv is Restart with extra environment variables for libvirtd,
// which override the default LC_ALL=C: e.g. a locale, so that libvirtd
// formats its errors in another language. Later Restarts keep them.
func (d *Daemon) RestartWithEnv(t testing.TB, env ...string) {
	t.Helper()
	d.mu.Lock()
	d.env = append([]string(nil), env...)
	d.mu.Unlock()
	d.Restart(t)
}

// Stop destroys and undefines every domain and network of the daemon, stops
// libvirtd (SIGTERM, SIGKILL after 5 s), kills any QEMU it left behind,
// removes the host mount points it created and its directory. Idempotent.
func (d *Daemon) Stop() {
	if err := d.stop(); err != nil {
		fmt.Fprintf(os.Stderr, "testdaemon: stop: %v\n", err)
	}
}

func (d *Daemon) stop() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	running := d.running
	d.mu.Unlock()

	var errs []error
	if running {
		d.removeAllObjects()
	}
	if err := d.kill(syscall.SIGTERM, stopGrace); err != nil {
		errs = append(errs, err)
	}
	if err := killOrphans(d.dir); err != nil {
		errs = append(errs, err)
	}
	d.releaseMounts()
	saveCapsCache(d.dir)
	if err := os.RemoveAll(d.dir); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// removeAllObjects destroys and undefines every domain and network.
func (d *Daemon) removeAllObjects() {
	if out, err := d.Virsh("list", "--all", "--name"); err == nil {
		for _, name := range fields(out) {
			d.removeDomain(name)
		}
	}
	if out, err := d.Virsh("net-list", "--all", "--name"); err == nil {
		for _, name := range fields(out) {
			_, _ = d.Virsh("net-destroy", name)
			_, _ = d.Virsh("net-undefine", name)
		}
	}
}

func (d *Daemon) removeDomain(name string) {
	_, _ = d.Virsh("destroy", name)
	_, _ = d.Virsh("undefine", name, "--nvram")
	if out, err := d.Virsh("domstate", name); err == nil && strings.TrimSpace(out) != "" {
		_, _ = d.Virsh("undefine", name)
	}
}

func fields(s string) []string { return strings.Fields(s) }

// killOrphans kills every QEMU whose pid file is in dir's private run
// directory (still alive after libvirtd stopped) and waits for it to go.
func killOrphans(dir string) error {
	pidfiles, _ := filepath.Glob(filepath.Join(dir, "run", "qemu", "*.pid"))
	var errs []error
	for _, pf := range pidfiles {
		b, err := os.ReadFile(pf)
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 1 || !isQEMU(pid) {
			continue
		}
		_ = syscall.Kill(pid, syscall.SIGKILL)
		if !waitGone(pid, 5*time.Second) {
			errs = append(errs, fmt.Errorf("qemu pid %d (%s) survived SIGKILL", pid, pf))
		}
	}
	return errors.Join(errs...)
}

// alive reports whether process pid exists and is not a zombie (a killed
// test binary stays a zombie until its parent reaps it).
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(st, ')')
	return i < 0 || i+2 >= len(st) || st[i+2] != 'Z'
}

func isQEMU(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	return err == nil && bytes.Contains(b, []byte("qemu"))
}

func waitGone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return true
		}
		// A zombie child of ours? Not the case for QEMU (libvirtd's child,
		// reparented to init), but check the state to avoid waiting in vain.
		if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
			if i := bytes.LastIndexByte(st, ')'); i > 0 && i+2 < len(st) && st[i+2] == 'Z' {
				return true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
