package libvirtx

import (
	"fmt"
	"os"
	"testing"
)

// TestMain starts the event loop before any test opens a connection, as the
// programs do: a connection opened without it never delivers events, so the
// event tests depend on it, and every other test runs the way it runs in
// production (with keepalive on the daemon connections).
func TestMain(m *testing.M) {
	if err := StartEventLoop(); err != nil {
		fmt.Fprintf(os.Stderr, "StartEventLoop: %v\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
