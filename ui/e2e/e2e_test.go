// Package e2e drives the built virtnic binary inside tmux, the way a person
// at a terminal does: keys in, screen text out. Each test gets its own tmux
// server (-L socket), so nothing else running tmux is touched.
package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var (
	bin     string // the virtnic binary built by TestMain
	skipAll string // why every test skips ("" = run)
	seq     atomic.Int32
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := exec.LookPath("tmux"); err != nil {
		// The terminal UI tests must run in CI; elsewhere a missing tmux
		// only skips them.
		if os.Getenv("CI") != "" {
			fmt.Fprintln(os.Stderr, "e2e: tmux not found (CI is set: these tests must run; install tmux)")
			return 1
		}
		skipAll = "tmux not installed"
		return m.Run()
	}
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		fmt.Fprintln(os.Stderr, "e2e: cannot find the module root:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "virtnic-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "virtnic")
	build := exec.Command("go", "build", "-o", bin, "./cmd/virtnic")
	build.Dir = filepath.Dir(gomod)
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// nodeURI is the test-driver host every scenario starts from; the driver
// re-reads the file per connection, so each run starts fresh.
func nodeURI(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs("testdata/node.xml")
	if err != nil {
		t.Fatal(err)
	}
	return "test://" + p
}

// term is one virtnic running in a private tmux server.
type term struct {
	t      *testing.T
	socket string
	name   string
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// start runs virtnic args in a w×h tmux window. When virtnic exits the
// pane stays, showing its exit status and stderr, so a failure is visible
// in the captured screen.
func start(t *testing.T, w, h int, args ...string) *term {
	t.Helper()
	return startEnv(t, w, h, []string{"TERM=xterm-256color", "LANG=C.UTF-8"}, args...)
}

// startEnv is start with the environment env (TERM, LANG…) for virtnic.
func startEnv(t *testing.T, w, h int, env []string, args ...string) *term {
	t.Helper()
	if skipAll != "" {
		t.Skip(skipAll)
	}
	tm := &term{t: t, socket: fmt.Sprintf("vne2e-%d-%d", os.Getpid(), seq.Add(1)), name: "virtnic"}
	cmd := shellQuote(bin)
	for _, a := range args {
		cmd += " " + shellQuote(a)
	}
	cmd += `; echo "[virtnic exited $?]"; sleep 600`
	var sockPath string
	t.Cleanup(func() {
		_ = exec.Command("tmux", "-L", tm.socket, "kill-server").Run()
		// kill-server leaves the socket file behind.
		if sockPath != "" {
			_ = os.Remove(sockPath)
		}
	})
	newArgs := []string{"new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-s", tm.name, "env", "-u", "LC_ALL", "-u", "LC_CTYPE"}
	newArgs = append(newArgs, env...)
	tm.tmux(append(newArgs, "sh", "-c", cmd)...)
	sockPath = strings.TrimSpace(tm.tmux("display-message", "-p", "#{socket_path}"))
	return tm
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keys sends tmux key names (Enter, Tab, C-s, j…).
func (tm *term) keys(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", tm.name}, keys...)...)
}

// text types s literally.
func (tm *term) text(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", tm.name, "-l", s)
}

func (tm *term) screen() string {
	tm.t.Helper()
	return tm.tmux("capture-pane", "-p", "-t", tm.name)
}

func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.tmux("resize-window", "-t", tm.name, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
}

const wait = 10 * time.Second

// waitFor polls the screen until every pattern (a regexp) matches and
// returns that screen; it fails the test with the last screen on timeout.
func (tm *term) waitFor(patterns ...string) string {
	tm.t.Helper()
	return tm.waitUntil(wait, patterns, nil)
}

// waitGone polls until no pattern matches.
func (tm *term) waitGone(patterns ...string) string {
	tm.t.Helper()
	return tm.waitUntil(wait, nil, patterns)
}

func (tm *term) waitUntil(d time.Duration, want, gone []string) string {
	tm.t.Helper()
	deadline := time.Now().Add(d)
	var s string
	for {
		s = tm.screen()
		if matchAll(s, want) && matchNone(s, gone) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("after %v the screen still lacks %q or shows %q:\n%s", d, want, gone, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func matchAll(s string, res []string) bool {
	for _, r := range res {
		if !regexp.MustCompile(r).MatchString(s) {
			return false
		}
	}
	return true
}

func matchNone(s string, res []string) bool {
	for _, r := range res {
		if regexp.MustCompile(r).MatchString(s) {
			return false
		}
	}
	return true
}

// openNIC opens domain dom from the list and the page of its first NIC. The
// device list starts with four summary pages (Overview, CPUs, Memory, Boot
// Options) before the NICs.
func (tm *term) openNIC(dom, nicLabel string) {
	tm.t.Helper()
	tm.waitFor(`(?m)^\s*\S+\s+\S.*\b` + dom + `\b`)
	tm.text("/" + dom)
	tm.keys("Enter")
	tm.waitFor(`\(1 shown\)`)
	tm.keys("Enter")
	tm.waitFor(regexp.QuoteMeta(nicLabel), "Overview")
	tm.keys("j", "j", "j", "j")
	tm.waitFor(`› ` + regexp.QuoteMeta(nicLabel))
	tm.keys("Enter")
	tm.waitFor("Virtual Network Interface", `Network source`)
}

// focus tabs through the form until the field labelled label has focus.
func (tm *term) focus(label string) {
	tm.t.Helper()
	marker := regexp.MustCompile(`▸ ` + regexp.QuoteMeta(label))
	s := tm.screen()
	for i := 0; i < 20; i++ {
		if marker.MatchString(s) {
			return
		}
		tm.keys("Tab")
		// Wait for the Tab to be drawn before judging where focus is.
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); {
			time.Sleep(30 * time.Millisecond)
			if n := tm.screen(); n != s {
				s = n
				break
			}
		}
	}
	tm.t.Fatalf("field %q never took focus:\n%s", label, tm.screen())
}

// ---- scenarios ----

// The "Done when": at 80x24, put vm2's first NIC on eth1 in private
// mode with an 802.1Qbh port profile, apply, and see the re-read page.
func TestEditQbhPrivate(t *testing.T) {
	tm := start(t, 80, 24, "-c", nodeURI(t))
	tm.waitFor(`virtnic\s+test:///`, `vm2`)
	tm.openNIC("vm2", "NIC :00:02:01")

	tm.keys("Enter")
	tm.waitFor("Choose: Network source", `Host device eth1: macvtap`)
	tm.text("/eth1")
	tm.waitFor(`/eth1`, `1/1`)
	tm.keys("Enter")
	tm.waitFor(`Network source\s+Host device eth1: macvtap`, "Virtual Network Interface")

	tm.keys("Tab", "Enter")
	tm.waitFor("Choose: Source mode", "private")
	tm.text("/private")
	tm.waitFor(`/private`, `1/1`)
	tm.keys("Enter")
	tm.waitFor(`Source mode\s+private`)

	// model, MAC, link state, then the virtual port type
	tm.keys("Tab", "Tab", "Tab", "Tab", "Enter")
	tm.waitFor("Choose: Type", "802.1Qbh")
	tm.text("/Qbh")
	tm.waitFor(`/Qbh`, `1/1`)
	tm.keys("Enter")
	tm.waitFor(`Type\s+802\.1Qbh`, `Profile ID`)
	tm.keys("Tab")
	tm.waitFor(`▸ Profile ID`)
	tm.text("finance")
	tm.waitFor(`Profile ID\s+finance`)

	tm.keys("C-s")
	s := tm.waitFor(`Apply changes to NIC :00:02:01\?`, `y apply`)
	for _, want := range []string{"mode: bridge → private", "802.1Qbh", "profileid='finance'"} {
		if !strings.Contains(s, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, s)
		}
	}
	tm.keys("y")
	s = tm.waitFor(`saved: config applied`, `Source mode\s+private`, `Profile ID\s+finance`, `Type\s+802\.1Qbh`)
	if strings.Contains(s, "modified") {
		t.Errorf("page still modified after apply:\n%s", s)
	}
	// Leave and come back: the page is read from libvirt again.
	tm.keys("Escape")
	tm.waitFor(`› NIC :00:02:01`)
	tm.keys("Enter")
	tm.waitFor(`Source mode\s+private`, `Type\s+802\.1Qbh`, `Profile ID\s+finance`)
}

// 802.1Qbg: an out-of-range managerid is reported inline and blocks nothing
// else; fixed, it applies and the re-read page shows the values.
func TestEditQbgValidation(t *testing.T) {
	tm := start(t, 80, 24, "-c", nodeURI(t))
	tm.openNIC("vm2", "NIC :00:02:01")
	for i := 0; i < 5; i++ { // source, mode, model, MAC, link → type
		tm.keys("Tab")
	}
	tm.keys("Enter")
	tm.waitFor("Choose: Type", "802.1Qbg")
	tm.text("/Qbg")
	tm.waitFor(`/Qbg`, `1/1`)
	tm.keys("Enter")
	tm.waitFor(`Type\s+802\.1Qbg`, `Manager ID`)
	tm.keys("Tab")
	tm.waitFor(`▸ Manager ID`)
	tm.text("0")
	tm.waitFor(`managerid 0 is out of range: allowed 1–255`)

	// Apply refuses while an error stands.
	tm.keys("C-s")
	tm.waitFor(`fix \d+ errors? before applying`)
	if s := tm.screen(); strings.Contains(s, "Apply changes to NIC") {
		t.Fatalf("apply dialog opened despite the managerid error:\n%s", s)
	}

	tm.keys("BSpace")
	tm.text("11")
	tm.waitFor(`Manager ID\s+11`)
	tm.waitGone(`managerid 0 is out of range`)
	tm.keys("Tab")
	tm.text("1193047")
	tm.keys("Tab")
	tm.text("2")
	tm.waitFor(`Type ID\s+1193047`, `Type ID version\s+2`)

	tm.keys("C-s")
	tm.waitFor(`Apply changes to NIC :00:02:01\?`, `802\.1Qbg managerid=11 typeid=1193047`, `generated instanceid: [0-9a-f-]{36}`)
	// What the dialog confirms is what is written: the generated UUID it
	// shows is the one the re-read page shows.
	gen := regexp.MustCompile(`generated instanceid: ([0-9a-f-]{36})`).FindStringSubmatch(tm.screen())
	if gen == nil {
		t.Fatalf("no generated instanceid in the dialog:\n%s", tm.screen())
	}
	tm.keys("y")
	tm.waitFor(`saved: config applied`)
	// The re-read page starts at the top; the port's rows are below.
	tm.focus("Instance ID")
	tm.waitFor(`Type\s+802\.1Qbg`, `Manager ID\s+11`, `Type ID\s+1193047`, `Type ID version\s+2`,
		`Instance ID\s+`+gen[1][:20])
}

// Read-only: the page is viewable, edit keys are absent from help, and an
// edit attempt explains itself.
func TestReadOnly(t *testing.T) {
	tm := start(t, 80, 24, "-r", "-c", nodeURI(t))
	tm.waitFor(`READ-ONLY`)
	tm.openNIC("vm2", "NIC :00:02:01")
	s := tm.screen()
	if strings.Contains(s, "ctrl+s apply") {
		t.Errorf("read-only help bar offers apply:\n%s", s)
	}
	tm.keys("?")
	s = tm.waitFor(`Keys`)
	if regexp.MustCompile(`ctrl\+s\s+apply\s*\n`).MatchString(s) || !strings.Contains(s, "choose (disabled here)") {
		t.Errorf("read-only full help offers editing keys as if they worked:\n%s", s)
	}
	tm.keys("Escape")
	tm.waitGone(`Keys`)
	tm.keys("C-s")
	tm.waitFor(`read-only connection: restart virtnic without -r`)
	if s := tm.screen(); strings.Contains(s, "Apply changes") {
		t.Errorf("read-only apply opened a dialog:\n%s", s)
	}
}

func TestResizeTooSmall(t *testing.T) {
	tm := start(t, 80, 24, "-c", nodeURI(t))
	tm.waitFor(`3 domains`)
	tm.resize(40, 10)
	s := tm.waitFor(`terminal too small`, `40x10`)
	if strings.Contains(s, "vm1") {
		t.Errorf("too-small view still draws the list:\n%s", s)
	}
	tm.resize(80, 24)
	tm.waitFor(`virtnic\s+test:///`, `3 domains`, `\? help`)
	tm.waitGone(`terminal too small`)
}

// Without a terminal virtnic must say how to get one instead of failing in
// bubbletea.
func TestNoTTY(t *testing.T) {
	if skipAll != "" {
		t.Skip(skipAll)
	}
	cmd := exec.Command(bin, "-c", nodeURI(t))
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, &stdout, &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() == 0 {
		t.Fatalf("virtnic without a TTY: %v, want a non-zero exit", err)
	}
	if !strings.Contains(stderr.String(), "ssh -t") {
		t.Errorf("stderr = %q, want the ssh -t hint", stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing (no escape codes into a pipe)", stdout.String())
	}
}
