package testdaemon

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// The process-wide daemon behind Shared. The first QEMU capability probe of
// a fresh daemon takes 4–8 s, so a package's tests share one.
var shared struct {
	once   sync.Once
	inMain bool
	d      *Daemon
	skip   string // why no daemon can run here
	err    error  // why starting it failed
}

// Main runs a package's tests and then stops the daemon that Shared started,
// if any. Call it from TestMain:
//
//	func TestMain(m *testing.M) { testdaemon.Main(m) }
func Main(m *testing.M) {
	os.Exit(Run(m))
}

// Run is Main without the exit, for a TestMain with cleanup of its own.
func Run(m *testing.M) int {
	shared.inMain = true
	code := m.Run()
	if shared.d != nil {
		if err := shared.d.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "testdaemon: stop: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// Shared returns the package's shared daemon, starting it on first use. Tests
// must remove what they create (DefineDomain, DefineNetwork and Veth do). It
// needs Main in TestMain; without it, it falls back to Start(t).
func Shared(t testing.TB) *Daemon {
	t.Helper()
	if !shared.inMain {
		t.Log("testdaemon: Shared without testdaemon.Main in TestMain: starting a daemon for this test only")
		return Start(t)
	}
	shared.once.Do(func() {
		if shared.skip = unavailable(); shared.skip != "" {
			return
		}
		shared.d, shared.err = start(Options{})
	})
	if shared.skip != "" {
		SkipOrFail(t, shared.skip)
	}
	if shared.err != nil {
		t.Fatalf("testdaemon: %v", shared.err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("testdaemon: libvirtd log tail (%s):\n%s", shared.d.dir, shared.d.Log())
		}
	})
	return shared.d
}
