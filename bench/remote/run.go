package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// sample is one timed run: wall time from start to exit, and the CPU time
// (user + system) of the process and the children it waited for.
type sample struct {
	wall, cpu time.Duration
}

// cmdTimeout bounds one command; today's slowest take tens of seconds.
const cmdTimeout = 10 * time.Minute

// runOnce runs argv with LC_ALL=C plus env and returns its sample and
// standard output; a non-zero exit is an error carrying standard error.
func runOnce(argv []string, env ...string) (sample, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), append([]string{"LC_ALL=C", "LIBVIRT_DEFAULT_URI="}, env...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(t0)}
	if cmd.ProcessState != nil {
		s.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		// The binary's name, not its (temporary) path, for the report.
		shown := append([]string{filepath.Base(argv[0])}, argv[1:]...)
		return s, stdout.String(), fmt.Errorf("%s: %v: %s", strings.Join(shown, " "), err, strings.TrimSpace(stderr.String()))
	}
	return s, stdout.String(), nil
}

// libvirtLog is a client-side libvirt debug log of one run: the public API
// entry points and the RPC client only, so that calls can be counted.
type libvirtLog struct{ path string }

func newLibvirtLog(dir, name string) libvirtLog {
	return libvirtLog{path: filepath.Join(dir, name+".libvirt.log")}
}

// env is what makes a libvirt client write the log.
func (l libvirtLog) env() []string {
	return []string{"LIBVIRT_LOG_OUTPUTS=1:file:" + l.path, "LIBVIRT_LOG_FILTERS=1:libvirt 1:rpc"}
}

// size is the log's current length, to count the calls of a span of a
// long-running client (the terminal UI) with callsSince.
func (l libvirtLog) size() int64 {
	fi, err := os.Stat(l.path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

var (
	// virNetClientIO logs this once for every message the client sends
	// and waits on: type=0 is a call with a reply, one round trip unless
	// calls overlap (on one connection or several).
	rpcOutgoing = regexp.MustCompile(`: virNetClientIO:\d+ : Outgoing message prog=\d+ version=\d+ serial=\d+ proc=\d+ type=0 `)
	// The debug line every public API entry point logs first.
	apiEntry = regexp.MustCompile(`: debug : (vir(?:Connect|Domain|Network|Node|Interface|Storage|Secret|NWFilter)\w*):\d+ : `)
)

// counts are the RPC calls and public API calls in a stretch of the log.
type counts struct {
	rpc int
	api map[string]int
}

// callsBetween counts the calls logged between byte offsets from and to
// (to < 0: the end).
func (l libvirtLog) callsBetween(from, to int64) (counts, error) {
	data, err := os.ReadFile(l.path)
	if err != nil {
		return counts{}, err
	}
	if to < 0 || to > int64(len(data)) {
		to = int64(len(data))
	}
	data = data[min(from, to):to]
	c := counts{api: map[string]int{}}
	for _, line := range strings.Split(string(data), "\n") {
		if m := apiEntry.FindStringSubmatch(line); m != nil {
			c.api[m[1]]++
		} else if rpcOutgoing.MatchString(line) {
			c.rpc++
		}
	}
	return c, nil
}
