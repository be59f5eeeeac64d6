package main

import (
	"strings"
	"testing"
)

// Without a terminal the UI must refuse before connecting and say how to
// get one: the URI here does not exist, so a connect attempt would fail
// with a different message.
func TestTUINeedsTerminal(t *testing.T) {
	old := stdin
	stdin = strings.NewReader("")
	t.Cleanup(func() { stdin = old })

	out, errOut, code := runCLI(t, "-c", "test:///nonexistent/node.xml")
	if code != exitValidation {
		t.Errorf("exit code = %d, want %d", code, exitValidation)
	}
	if !strings.Contains(errOut, "ssh -t") || !strings.Contains(errOut, "needs a terminal") {
		t.Errorf("stderr = %q, want the terminal hint with ssh -t", errOut)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing", out)
	}
}

func TestTUIFlagsOnRootOnly(t *testing.T) {
	// --no-color and --log belong to the UI; a subcommand rejects them
	// rather than silently ignoring them.
	_, errOut, code := runCLI(t, "-c", nodeURI(t), "list", "--no-color")
	if code != exitValidation || !strings.Contains(errOut, "unknown flag") {
		t.Errorf("list --no-color: exit %d, stderr %q; want a usage error", code, errOut)
	}
}
