package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// term is virtnic's terminal UI in a tmux server of its own (-L), so no
// other tmux is touched. When virtnic exits the pane stays and says so.
type term struct {
	socket string
	path   string // the server's socket file, removed by kill
}

var (
	exitedRE = regexp.MustCompile(`\[virtnic exited \d+\]`)
	// The footer of virtnic's error box: waiting on is pointless then.
	errorBoxRE = regexp.MustCompile(`esc/enter dismiss`)
)

// poll is how often the screen is captured while waiting.
const poll = 10 * time.Millisecond

// startTerm runs argv (with env) in a w×h window.
func (b *bench) startTerm(w, h int, env, argv []string) (*term, error) {
	t := &term{socket: fmt.Sprintf("vnbench-%d-%d", os.Getpid(), b.seq.Add(1))}
	b.onExit(t.kill)
	var cmd strings.Builder
	for _, a := range argv {
		cmd.WriteString(shellQuote(a) + " ")
	}
	cmd.WriteString(`; echo "[virtnic exited $?]"; sleep 3600`)
	args := []string{"new-session", "-d", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), "-s", "vn",
		"env", "TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=", "LIBVIRT_DEFAULT_URI="}
	args = append(append(args, env...), "sh", "-c", cmd.String())
	if _, err := t.tmux(args...); err != nil {
		return nil, err
	}
	out, err := t.tmux("display-message", "-p", "#{socket_path}")
	t.path = strings.TrimSpace(out)
	return t, err
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (t *term) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-L", t.socket}, args...)...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("tmux %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return string(out), nil
}

// keys sends tmux key names (Enter, Tab, C-s, j…).
func (t *term) keys(keys ...string) error {
	_, err := t.tmux(append([]string{"send-keys", "-t", "vn"}, keys...)...)
	return err
}

// text types s literally.
func (t *term) text(s string) error {
	_, err := t.tmux("send-keys", "-t", "vn", "-l", s)
	return err
}

func (t *term) screen() (string, error) { return t.tmux("capture-pane", "-p", "-t", "vn") }

// waitFor polls the screen until every pattern matches and returns it.
func (t *term) waitFor(timeout time.Duration, patterns ...string) (string, error) {
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
	deadline := time.Now().Add(timeout)
	for {
		s, err := t.screen()
		if err != nil {
			return s, err
		}
		if all(s, res) {
			return s, nil
		}
		if errorBoxRE.MatchString(s) {
			return s, &screenError{fmt.Sprintf("virtnic shows an error while waiting for %q: %s", patterns, errorBox(s)), s}
		}
		if exitedRE.MatchString(s) {
			return s, &screenError{fmt.Sprintf("virtnic exited while waiting for %q", patterns), s}
		}
		if time.Now().After(deadline) {
			return s, &screenError{fmt.Sprintf("after %v the screen still lacks %q", timeout, patterns), s}
		}
		time.Sleep(poll)
	}
}

// waitChange waits until the screen differs from before (a key drawn).
func (t *term) waitChange(timeout time.Duration, before string) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		s, err := t.screen()
		if err != nil || s != before {
			return s, err
		}
		if time.Now().After(deadline) {
			return s, fmt.Errorf("screen unchanged for %v:\n%s", timeout, s)
		}
		time.Sleep(poll)
	}
}

// screenError is a wait that failed, with the screen it saw.
type screenError struct{ msg, screen string }

func (e *screenError) Error() string { return e.msg + ":\n" + e.screen }

// errorBox is the text of the error box on screen s, from its ✗ title to
// the dismiss footer, on one line without the frame.
func errorBox(s string) string {
	var text []string
	in := false
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "✗") {
			in = true
		}
		if !in {
			continue
		}
		if errorBoxRE.MatchString(line) {
			break
		}
		// The box sits inside the page's frame: keep the innermost cell.
		cells := strings.FieldsFunc(line, func(r rune) bool { return r == '│' })
		if len(cells) > 0 {
			if t := strings.TrimSpace(cells[len(cells)/2]); t != "" {
				text = append(text, t)
			}
		}
	}
	return strings.Join(text, " ")
}

func all(s string, res []*regexp.Regexp) bool {
	for _, re := range res {
		if !re.MatchString(s) {
			return false
		}
	}
	return true
}

// kill stops the tmux server (and virtnic in it) and removes its socket.
// Safe to call twice.
func (t *term) kill() {
	if t.socket == "" {
		return
	}
	_ = exec.Command("tmux", "-L", t.socket, "kill-server").Run()
	if t.path != "" {
		_ = os.Remove(t.path)
	}
	t.socket = ""
}
