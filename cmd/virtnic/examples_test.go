package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// demoShell is bash with a virtnic function that runs the built binary on
// the demo host: --demo added, -c URI dropped (the demo stands in for the
// host named), and --dry-run added to the commands that write. apply has no
// dry run; on the demo host it writes only to its own process's memory.
const demoShell = `set -eo pipefail
virtnic() {
  local pre=() sub
  while [ $# -gt 0 ]; do
    case $1 in
      -c|--connect) shift 2 ;;
      --connect=*) shift ;;
      -*) pre+=("$1"); shift ;;
      *) break ;;
    esac
  done
  sub=${1-}
  [ $# -gt 0 ] && shift
  case $sub in
    set|add|remove) "$VIRTNIC_BIN" --demo "${pre[@]}" "$sub" --dry-run "$@" ;;
    '') "$VIRTNIC_BIN" --demo "${pre[@]}" ;;
    *) "$VIRTNIC_BIN" --demo "${pre[@]}" "$sub" "$@" ;;
  esac
}
`

// exampleLines are the command lines of an Example block, without comments.
func exampleLines(ex string) []string {
	var out []string
	for _, l := range strings.Split(ex, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// TestEveryCommandHasExamples: every subcommand a user can run shows how.
func TestEveryCommandHasExamples(t *testing.T) {
	root := newRootCmd(strings.NewReader(""), io.Discard, io.Discard)
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		if len(exampleLines(c.Example)) == 0 {
			t.Errorf("virtnic %s has no Example lines", c.Name())
		}
		if _, ok := examples[c.Name()]; !ok {
			t.Errorf("virtnic %s: no entry in examples", c.Name())
		}
	}
	for name := range examples {
		if c, _, err := root.Find([]string{name}); err != nil || c == root {
			t.Errorf("examples names %q, which is no subcommand", name)
		}
	}
	var o bytes.Buffer
	if code := run([]string{"set", "--help"}, &o, io.Discard); code != 0 || !strings.Contains(o.String(), "Examples:\n  # ") {
		t.Errorf("set --help (exit %d) shows no Examples block:\n%s", code, o.String())
	}
}

// TestExamplesRunOnTheDemoHost runs every Example line of every subcommand
// in bash, one line at a time and in order (a later line may read a file an
// earlier one wrote), in a scratch directory and home, and wants exit 0.
func TestExamplesRunOnTheDemoHost(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("bash is needed to run the examples as a user would")
	}
	bin := virtnicBinary(t)
	root := newRootCmd(strings.NewReader(""), io.Discard, io.Discard)
	ran := 0
	for _, c := range root.Commands() {
		if c.Example == "" {
			continue
		}
		dir := t.TempDir()
		for _, line := range exampleLines(c.Example) {
			if !strings.Contains(line, "virtnic ") {
				t.Errorf("virtnic %s example %q does not run virtnic", c.Name(), line)
			}
			out, code := runExampleLine(t, bin, dir, line)
			if code != 0 {
				t.Errorf("virtnic %s example on the demo host: %s\nexit %d\n%s", c.Name(), line, code, out)
			}
			ran++
		}
	}
	if ran < 20 {
		t.Errorf("ran %d example lines, want every one of at least 20", ran)
	}
}

func runExampleLine(t *testing.T, bin, dir, line string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", "-c", demoShell+line)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "VIRTNIC_BIN="+bin, "HOME="+dir, "LIBVIRT_DEFAULT_URI=",
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		t.Fatalf("bash: %v", err)
	}
	return string(out), 0
}

// TestDemoShellRunsTheDemo proves the wrapper the examples run under: a
// write gets --dry-run (nothing written, the diff printed), a -c URI gives
// way to the demo host, and a failing example fails.
func TestDemoShellRunsTheDemo(t *testing.T) {
	bin := virtnicBinary(t)
	dir := t.TempDir()
	out, code := runExampleLine(t, bin, dir, "virtnic set web01 0 --link down")
	if code != 0 || !strings.Contains(out, "state='down'") && !strings.Contains(out, `state="down"`) || strings.Contains(out, "applied") {
		t.Errorf("set under the demo shell: exit %d, want a dry run's diff:\n%s", code, out)
	}
	if out, code := runExampleLine(t, bin, dir, "virtnic -c qemu+ssh://nobody@host.invalid/system list"); code != 0 || !strings.Contains(out, "web01") {
		t.Errorf("-c URI under the demo shell: exit %d\n%s", code, out)
	}
	if _, code := runExampleLine(t, bin, dir, "virtnic show no-such-domain"); code == 0 {
		t.Errorf("an example naming a domain the demo lacks passed")
	}
	if _, code := runExampleLine(t, bin, dir, "virtnic show web01 --json | virtnic apply -"); code == 0 {
		t.Errorf("a failing command in a pipe passed")
	}
}
