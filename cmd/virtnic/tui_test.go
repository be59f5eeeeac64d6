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
	// --no-color belongs to the UI; a subcommand rejects it rather than
	// silently ignoring it (--log is for every command).
	_, errOut, code := runCLI(t, "-c", nodeURI(t), "list", "--no-color")
	if code != exitValidation || !strings.Contains(errOut, "unknown flag") {
		t.Errorf("list --no-color: exit %d, stderr %q; want a usage error", code, errOut)
	}
}

func TestUTF8Locale(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"LANG": "C"}, false},
		{map[string]string{"LANG": "en_US.UTF-8"}, true},
		{map[string]string{"LANG": "de_DE.utf8"}, true},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "C"}, false},
		{map[string]string{"LANG": "C", "LC_CTYPE": "C.UTF-8"}, true},
		{map[string]string{"LC_ALL": "POSIX", "LC_CTYPE": "C.UTF-8"}, false},
	} {
		if got := utf8Locale(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("utf8Locale(%v) = %v, want %v", c.env, got, c.want)
		}
	}
}
