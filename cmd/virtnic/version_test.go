package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"virtnic/libvirtx"
	"virtnic/libvirtx/testdaemon"
)

func versionLines(t *testing.T, args ...string) []string {
	t.Helper()
	out := mustRun(t, append(args, "--version")...)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("--version printed %d lines, want 3:\n%s", len(lines), out)
	}
	lib, err := libvirtx.LibraryVersion()
	if err != nil {
		t.Fatal(err)
	}
	if want := "virtnic " + virtnicVersion() + " ("; !strings.HasPrefix(lines[0], want) {
		t.Errorf("first line %q, want it to start %q", lines[0], want)
	}
	if want := "libvirt library " + lib.String() + " (virtnic built against " + libvirtx.BuiltAgainstVersion().String() + ")"; lines[1] != want {
		t.Errorf("second line %q, want %q", lines[1], want)
	}
	return lines
}

// The daemon's versions are what virsh reports for the same daemon.
func TestVersionNamesTheDaemonLikeVirsh(t *testing.T) {
	d := testdaemon.Shared(t)
	lines := versionLines(t, "-c", d.URI())
	virsh := d.MustVirsh(t, "version", "--daemon")
	daemon := regexp.MustCompile(`Running against daemon: (\S+)`).FindStringSubmatch(virsh)
	hyper := regexp.MustCompile(`Running hypervisor: (\S+) (\S+)`).FindStringSubmatch(virsh)
	if daemon == nil || hyper == nil {
		t.Fatalf("virsh version has no daemon or hypervisor line:\n%s", virsh)
	}
	want := "libvirt daemon " + daemon[1] + ", hypervisor " + hyper[1] + " " + hyper[2] + ", at " + d.URI()
	if lines[2] != want {
		t.Errorf("daemon line %q, want %q (virsh version:\n%s)", lines[2], want, virsh)
	}
}

func TestVersionOnTheDemoHost(t *testing.T) {
	lines := versionLines(t, "--demo")
	lib, _ := libvirtx.LibraryVersion()
	// The test driver runs in this process: its "daemon" is this library.
	if want := "libvirt daemon " + lib.String() + ", hypervisor TEST "; !strings.HasPrefix(lines[2], want) ||
		!strings.HasSuffix(lines[2], ", at the demo host") {
		t.Errorf("daemon line %q, want %q… at the demo host", lines[2], want)
	}
}

// Without a daemon --version still answers, exit 0, and says so.
func TestVersionWithoutADaemon(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "no-daemon.sock")
	lines := versionLines(t, "-c", "qemu:///system?socket="+sock)
	if !strings.HasPrefix(lines[2], "libvirt daemon: not reached: ") || !strings.Contains(lines[2], sock) {
		t.Errorf("daemon line %q, want 'libvirt daemon: not reached: ' and libvirt's error naming %s", lines[2], sock)
	}
}

func TestVersionFromLdflagsWins(t *testing.T) {
	old := version
	t.Cleanup(func() { version = old })
	version = "1.2.3-test"
	if got := virtnicVersion(); got != "1.2.3-test" {
		t.Errorf("virtnicVersion() = %q with -X main.version=1.2.3-test", got)
	}
}

// virtnic man DIR writes one page per command a user can run, each with
// that command's flags, and nothing for hidden commands or help.
func TestManPagesCoverEveryCommand(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, "man", dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}

	root := newRootCmd(nil, nil, nil)
	root.InitDefaultCompletionCmd()
	pages := map[string]*cobra.Command{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c != root && (!c.IsAvailableCommand() || c.Name() == "help") {
			return
		}
		pages[strings.ReplaceAll(c.CommandPath(), " ", "-")+".1"] = c
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	var want []string
	for p := range pages {
		want = append(want, p)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("man pages %v, want %v", got, want)
	}
	for name, c := range pages {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		if !strings.HasPrefix(page, ".nh\n.TH \"VIRTNIC\" \"1\" ") || !strings.Contains(page, "virtnic "+virtnicVersion()) {
			t.Errorf("%s: no VIRTNIC(1) header naming virtnic %s:\n%.200s", name, virtnicVersion(), page)
		}
		if strings.Contains(page, "spf13/cobra") {
			t.Errorf("%s: carries cobra's auto-generated tag", name)
		}
		c.NonInheritedFlags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden && !strings.Contains(page, `\fB--`+f.Name+`\fP`) {
				t.Errorf("%s: flag --%s is not documented", name, f.Name)
			}
		})
	}
	if _, _, code := runCLI(t, "man"); code != exitValidation {
		t.Errorf("virtnic man without DIR: exit %d, want %d", code, exitValidation)
	}
}
