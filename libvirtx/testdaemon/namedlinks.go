package testdaemon

import (
	"strings"
	"testing"
)

// VethNamed creates a veth pair with exactly the names a and b (which may
// hold any byte Linux allows in a link name: ESC, invalid UTF-8), brings both
// up and deletes the pair in t.Cleanup. A name taken already fails the test
// rather than touching a link this package did not create.
func VethNamed(t testing.TB, a, b string) {
	t.Helper()
	if reason := unavailable(); reason != "" {
		SkipOrFail(t, reason)
	}
	reapOnce.Do(reapStaleLinks)
	if LinkExists(a) || LinkExists(b) {
		t.Fatalf("testdaemon: link %q or %q exists already", a, b)
	}
	registerLink(a, true)
	if _, err := ip("link", "add", a, "type", "veth", "peer", "name", b); err != nil {
		registerLink(a, false)
		if strings.Contains(err.Error(), "exists") {
			t.Fatalf("testdaemon: %v", err)
		}
		t.Fatalf("testdaemon: %v", err)
	}
	t.Cleanup(func() {
		if LinkExists(a) {
			if _, err := ip("link", "del", a); err != nil && LinkExists(a) {
				t.Errorf("testdaemon: %v", err)
				return
			}
		}
		registerLink(a, false)
	})
	for _, l := range []string{a, b} {
		if _, err := ip("link", "set", l, "up"); err != nil {
			t.Fatalf("testdaemon: %v", err)
		}
	}
}
