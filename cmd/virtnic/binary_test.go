package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// The virtnic binary, built once per test binary for the tests that run it
// as a separate process (several writers at once, RPC counts, kills).
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

func virtnicBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "virtnic-bin-")
		if built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "virtnic")
		built.out, built.err = exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.path
}

func TestMain(m *testing.M) {
	// LIBVIRT_DEFAULT_URI on a developer's machine must not leak into tests.
	os.Unsetenv("LIBVIRT_DEFAULT_URI")
	code := testdaemon.Run(m)
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}
