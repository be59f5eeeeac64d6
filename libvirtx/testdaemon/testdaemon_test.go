package testdaemon_test

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"virtnic/libvirtx/testdaemon"
)

func TestMain(m *testing.M) { testdaemon.Main(m) }

// TestSmoke runs a daemon of its own, starts a diskless guest with a
// macvtap on a veth, flips its link live, restarts the daemon under the
// running guest, and then checks that Stop left nothing behind.
func TestSmoke(t *testing.T) {
	mountPoints := []string{"/run/libvirt", "/var/lib/libvirt", "/var/cache/libvirt", "/var/log/libvirt"}
	existed := map[string]bool{}
	for _, p := range mountPoints {
		_, err := os.Stat(p)
		existed[p] = err == nil
	}
	var pid int
	var dir, vethA, vethB string
	var macvtaps []string

	t.Run("daemon", func(t *testing.T) {
		t0 := time.Now()
		d := testdaemon.Start(t)
		pid, dir = d.PID(), d.Dir()
		if pid <= 0 {
			t.Fatalf("PID() = %d", pid)
		}
		t.Logf("libvirtd pid %d up in %v at %s", pid, time.Since(t0), d.URI())
		if !strings.HasPrefix(d.URI(), "qemu:///system?socket=/tmp/vnd") || !strings.HasSuffix(d.ROURI(), "/sock/libvirt-sock-ro") {
			t.Errorf("URI %q ROURI %q", d.URI(), d.ROURI())
		}
		vethA, vethB = testdaemon.Veth(t, "vn")
		if len(vethA) > 15 || len(vethB) > 15 {
			t.Errorf("veth names %q %q longer than 15", vethA, vethB)
		}

		t1 := time.Now()
		if out, err := d.Virsh("list", "--all"); err != nil || !strings.Contains(out, "Name") {
			t.Fatalf("virsh list: %q %v", out, err)
		}
		t.Logf("first virsh list (QEMU capability probe) %v", time.Since(t1))

		const name, mac = "vnsmoke", "52:54:00:5a:00:01"
		d.DefineDomain(t, name, testdaemon.DisklessDomainXML(name, mac, vethA, "bridge"))
		t2 := time.Now()
		d.StartDomain(t, name)
		t.Logf("domain start %v", time.Since(t2))

		var err error
		macvtaps, err = testdaemon.Macvtaps(vethA)
		if err != nil || len(macvtaps) != 1 {
			t.Fatalf("macvtaps on %s = %v, %v", vethA, macvtaps, err)
		}
		live := d.MustVirsh(t, "dumpxml", name)
		if !strings.Contains(live, "<target dev='"+macvtaps[0]+"'/>") || !strings.Contains(live, "mode='bridge'") {
			t.Errorf("live XML lacks target %s / mode bridge:\n%s", macvtaps[0], live)
		}
		if strings.Contains(live, testdaemon.VNCPassword) {
			t.Errorf("dumpxml without --security-info shows the VNC password")
		}
		if sec := d.MustVirsh(t, "dumpxml", "--inactive", "--security-info", name); !strings.Contains(sec, "passwd='"+testdaemon.VNCPassword+"'") {
			t.Errorf("--security-info lacks the VNC password:\n%s", sec)
		}

		d.MustVirsh(t, "domif-setlink", name, mac, "down")
		if got := d.MustVirsh(t, "domif-getlink", name, mac); !strings.Contains(got, "down") {
			t.Errorf("domif-getlink after setlink down = %q", got)
		}

		// Read-only socket: reads work, writes are refused.
		if out, err := d.VirshRO("list", "--name"); err != nil || !strings.Contains(out, name) {
			t.Errorf("read-only list = %q, %v", out, err)
		}
		if _, err := d.VirshRO("destroy", name); err == nil || !strings.Contains(err.Error(), "read only") {
			t.Errorf("read-only destroy: %v", err)
		}

		// A restarted daemon picks the running guest up again.
		d.Kill()
		if d.PID() != 0 {
			t.Errorf("PID() after Kill = %d", d.PID())
		}
		t3 := time.Now()
		d.Restart(t)
		t.Logf("restart %v", time.Since(t3))
		if st := strings.TrimSpace(d.MustVirsh(t, "domstate", name)); st != "running" {
			t.Errorf("domstate after restart = %q", st)
		}
		if got := d.MustVirsh(t, "domif-getlink", name, mac); !strings.Contains(got, "down") {
			t.Errorf("domif-getlink after restart = %q", got)
		}
		d.MustVirsh(t, "destroy", name)
		if tv, _ := testdaemon.Macvtaps(vethA); len(tv) != 0 {
			t.Errorf("macvtaps left after destroy: %v", tv)
		}
		// Start it again so that Stop has a running guest to clean up.
		d.StartDomain(t, name)
	})
	if t.Failed() || pid == 0 {
		return
	}

	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("libvirtd pid %d still there after Stop (kill 0: %v)", pid, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("daemon dir %s left behind", dir)
	}
	// macvtapN names are not checked here: another daemon (another test
	// package, another user of the machine) may legitimately reuse them.
	// Ours sat on vethA, so checking that vethA is gone covers them.
	for _, l := range []string{vethA, vethB} {
		if testdaemon.LinkExists(l) {
			t.Errorf("link %s left behind", l)
		}
	}
	if procs := qemuProcsMentioning(dir); len(procs) > 0 {
		t.Errorf("qemu processes of %s left: %v", dir, procs)
	}
	for _, p := range mountPoints {
		if _, err := os.Stat(p); err == nil && !existed[p] && !heldByOtherDaemon(p) {
			t.Errorf("mount point %s created and left behind", p)
		}
	}
}

func qemuProcsMentioning(dir string) []string {
	ents, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range ents {
		cl, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && strings.Contains(string(cl), "qemu") && strings.Contains(string(cl), dir) {
			found = append(found, e.Name())
		}
	}
	return found
}

// heldByOtherDaemon reports whether another test binary's daemon holds the
// host mount point p (go test ./... runs packages in parallel).
func heldByOtherDaemon(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return true
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// TestShared checks that Shared hands out one daemon per process.
func TestShared(t *testing.T) {
	a := testdaemon.Shared(t)
	b := testdaemon.Shared(t)
	if a != b || a.PID() == 0 {
		t.Fatalf("Shared returned %p (pid %d) and %p", a, a.PID(), b)
	}
	if _, err := a.Virsh("version"); err != nil {
		t.Fatal(err)
	}
}

func TestDisklessDomainXML(t *testing.T) {
	x := testdaemon.DisklessDomainXML("vm<1>", "52:54:00:00:00:01", "eth9", "")
	for _, want := range []string{"<name>vm&lt;1&gt;</name>", "<source dev='eth9'/>", "<rom enabled='no'/>", "passwd='s3cret'", "<model type='none'/>", "<memballoon model='none'/>", "type='qemu'"} {
		if !strings.Contains(x, want) {
			t.Errorf("missing %q in\n%s", want, x)
		}
	}
	if x := testdaemon.DisklessDomainXML("a", "52:54:00:00:00:01", "eth9", "vepa"); !strings.Contains(x, "<source dev='eth9' mode='vepa'/>") {
		t.Errorf("mode not set:\n%s", x)
	}
}
