package testdaemon

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// What the harnesses (this one and testsshd) need of the machine: its
// programs, and whether a test that lacks them skips or fails.

// SkipOrFail skips a test that cannot run here, except under CI=true,
// where it fails it: the harness's tests must run in CI.
func SkipOrFail(t testing.TB, reason string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: these tests must run in CI)", reason)
	}
	t.Skip(reason)
}

// LookTool finds a program in $PATH or the sbin directories a non-login
// root shell may lack.
func LookTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/sbin", "/usr/bin", "/bin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", exec.ErrNotFound
}
