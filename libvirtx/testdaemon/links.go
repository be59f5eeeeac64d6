package testdaemon

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var linkSeq atomic.Int32

// A test binary killed before its t.Cleanup ran (kill -9, a timeout panic)
// leaves its links behind. While a process has links, their names are
// listed in /tmp/vndlinks.<pid>; the next Start of any test binary deletes
// the links of dead owners (reapStaleLinks). The file goes with the last link.
var linkReg struct {
	mu    sync.Mutex
	names map[string]bool
}

var reapOnce sync.Once

func linkRegFile(pid int) string { return fmt.Sprintf("/tmp/vndlinks.%d", pid) }

func registerLink(name string, add bool) {
	linkReg.mu.Lock()
	defer linkReg.mu.Unlock()
	if linkReg.names == nil {
		linkReg.names = map[string]bool{}
	}
	if add {
		linkReg.names[name] = true
	} else {
		delete(linkReg.names, name)
	}
	file := linkRegFile(os.Getpid())
	if len(linkReg.names) == 0 {
		_ = os.Remove(file)
		return
	}
	var b strings.Builder
	for n := range linkReg.names {
		b.WriteString(n + "\n")
	}
	_ = os.WriteFile(file, []byte(b.String()), 0o644)
}

// reapStaleLinks deletes the links listed by test binaries that are gone.
func reapStaleLinks() {
	files, _ := filepath.Glob("/tmp/vndlinks.*")
	for _, f := range files {
		pid, err := strconv.Atoi(strings.TrimPrefix(f, "/tmp/vndlinks."))
		if err != nil || pid == os.Getpid() {
			continue
		}
		if alive(pid) {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, name := range strings.Fields(string(b)) {
			if LinkExists(name) {
				_, _ = ip("link", "del", name)
			}
		}
		_ = os.Remove(f)
	}
}

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
		SkipOrFail(t, reason)
	}
	a, b, err := NewVeth(prefix)
	if a != "" {
		t.Cleanup(func() {
			if err := DeleteLink(a); err != nil {
				t.Errorf("testdaemon: %v", err)
			}
		})
	}
	if err != nil {
		t.Fatalf("testdaemon: %v", err)
	}
	return a, b
}

// NewVeth is Veth outside of a test: the caller deletes the pair with
// DeleteLink(a). On an error after the pair was made, a is set (and must
// still be deleted).
func NewVeth(prefix string) (a, b string, err error) {
	reapOnce.Do(reapStaleLinks)
	if prefix == "" {
		prefix = "vn"
	}
	for attempt := 0; ; attempt++ {
		n := linkSeq.Add(1)
		a, b = linkName(prefix, n, "a"), linkName(prefix, n, "b")
		if LinkExists(a) || LinkExists(b) {
			continue
		}
		registerLink(a, true)
		_, err = ip("link", "add", a, "type", "veth", "peer", "name", b)
		if err == nil {
			break
		}
		registerLink(a, false)
		if attempt < 20 && strings.Contains(err.Error(), "exists") {
			continue // another test binary took the name meanwhile
		}
		return "", "", err
	}
	for _, l := range []string{a, b} {
		if _, err := ip("link", "set", l, "up"); err != nil {
			return a, b, err
		}
	}
	return a, b, nil
}

// DeleteLink deletes a link that NewVeth (its first end) or Bridge made.
// Deleting one end of a veth deletes the pair, and any macvtap on top.
func DeleteLink(name string) error {
	if LinkExists(name) {
		if _, err := ip("link", "del", name); err != nil && LinkExists(name) {
			return err
		}
	}
	registerLink(name, false)
	return nil
}

// Bridge creates a Linux bridge named from prefix (at most 15 bytes), up,
// and deletes it in t.Cleanup.
func Bridge(t testing.TB, prefix string) string {
	t.Helper()
	if reason := unavailable(); reason != "" {
		SkipOrFail(t, reason)
	}
	reapOnce.Do(reapStaleLinks)
	if prefix == "" {
		prefix = "vnbr"
	}
	var name string
	for attempt := 0; ; attempt++ {
		name = linkName(prefix, linkSeq.Add(1), "")
		if LinkExists(name) {
			continue
		}
		registerLink(name, true)
		_, err := ip("link", "add", "name", name, "type", "bridge")
		if err == nil {
			break
		}
		registerLink(name, false)
		if attempt < 20 && strings.Contains(err.Error(), "exists") {
			continue
		}
		t.Fatalf("testdaemon: %v", err)
	}
	t.Cleanup(func() {
		if LinkExists(name) {
			if _, err := ip("link", "del", name); err != nil && LinkExists(name) {
				t.Errorf("testdaemon: %v", err)
				return
			}
		}
		registerLink(name, false)
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
