package testdaemon

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var linkSeq atomic.Int32

// maxIfName is IFNAMSIZ-1.
const maxIfName = 15

// linkName builds a unique-looking interface name prefix<pid%1000><n><suffix>
// of at most 15 bytes.
func linkName(prefix string, n int32, suffix string) string {
	tail := fmt.Sprintf("%d%d%s", os.Getpid()%1000, n, suffix)
	if len(prefix)+len(tail) > maxIfName {
		prefix = prefix[:max(0, maxIfName-len(tail))]
	}
	return prefix + tail
}

func ip(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ip", args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

// LinkExists reports whether a host network interface of that name exists.
func LinkExists(name string) bool {
	_, err := os.Stat("/sys/class/net/" + name)
	return err == nil
}

// Veth creates a veth pair with names generated from prefix (e.g. "vn" →
// vn123 4a / vn1234b, at most 15 bytes), brings both ends up and deletes the
// pair in t.Cleanup. Only links this function created are ever deleted.
func Veth(t testing.TB, prefix string) (a, b string) {
	t.Helper()
	if reason := unavailable(); reason != "" {
		skipOrFail(t, reason)
	}
	if prefix == "" {
		prefix = "vn"
	}
	for attempt := 0; ; attempt++ {
		n := linkSeq.Add(1)
		a, b = linkName(prefix, n, "a"), linkName(prefix, n, "b")
		if LinkExists(a) || LinkExists(b) {
			continue
		}
		_, err := ip("link", "add", a, "type", "veth", "peer", "name", b)
		if err == nil {
			break
		}
		if attempt < 20 && strings.Contains(err.Error(), "exists") {
			continue // another test binary took the name meanwhile
		}
		t.Fatalf("testdaemon: %v", err)
	}
	t.Cleanup(func() {
		// Deleting one end deletes the pair, and any macvtap on top of it.
		if LinkExists(a) {
			if _, err := ip("link", "del", a); err != nil && LinkExists(a) {
				t.Errorf("testdaemon: %v", err)
			}
		}
	})
	for _, l := range []string{a, b} {
		if _, err := ip("link", "set", l, "up"); err != nil {
			t.Fatalf("testdaemon: %v", err)
		}
	}
	return a, b
}

// Bridge creates a Linux bridge named from prefix (at most 15 bytes), up,
// and deletes it in t.Cleanup.
func Bridge(t testing.TB, prefix string) string {
	t.Helper()
	if reason := unavailable(); reason != "" {
		skipOrFail(t, reason)
	}
	if prefix == "" {
		prefix = "vnbr"
	}
	var name string
	for attempt := 0; ; attempt++ {
		name = linkName(prefix, linkSeq.Add(1), "")
		if LinkExists(name) {
			continue
		}
		_, err := ip("link", "add", "name", name, "type", "bridge")
		if err == nil {
			break
		}
		if attempt < 20 && strings.Contains(err.Error(), "exists") {
			continue
		}
		t.Fatalf("testdaemon: %v", err)
	}
	t.Cleanup(func() {
		if LinkExists(name) {
			if _, err := ip("link", "del", name); err != nil && LinkExists(name) {
				t.Errorf("testdaemon: %v", err)
			}
		}
	})
	if _, err := ip("link", "set", name, "up"); err != nil {
		t.Fatalf("testdaemon: %v", err)
	}
	return name
}

// Macvtaps returns the macvtap links whose lower device is dev
// (from `ip -o link show type macvtap`).
func Macvtaps(dev string) ([]string, error) {
	out, err := ip("-o", "link", "show", "type", "macvtap")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(out, "\n") {
		// "12: macvtap0@vn1231a: <BROADCAST,...> ..."
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		name, lower, ok := strings.Cut(strings.TrimSuffix(f[1], ":"), "@")
		if ok && lower == dev {
			names = append(names, name)
		}
	}
	return names, nil
}
