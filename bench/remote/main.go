// Command remote measures virtnic against virsh and virt-xml on a libvirtd
// that is 50 ms of round trip away (a private libvirtd behind a delay
// proxy, with 200 domains), and the CPU cost of scanning 10,000
// test-driver domains, and list and check across several such hosts
// against each alone. It writes a Markdown section per part for
// bench/RESULTS.md; bench/remote.sh builds everything and runs it.
//
// Every figure is a whole process (or, for the terminal UI, keys in until
// the screen shows the result), median of several runs; the tools take
// turns run by run, and ratios are against the peer in the same run.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type config struct {
	virtnic    string
	runs       int
	tuiRuns    int
	domains    int
	running    int
	rtt        time.Duration
	remoteOut  string
	scanOut    string
	multiOut   string
	multiHosts int
	scanNode   string
	scanDom    string
	rev        string
}

// bench is one benchmark run: its settings, scratch directory and the
// cleanups to run at exit, also on SIGINT/SIGTERM.
type bench struct {
	cfg  config
	rtt  time.Duration
	work string
	seq  atomic.Int64

	mu       sync.Mutex
	cleanups []func()
}

func main() {
	var c config
	flag.StringVar(&c.virtnic, "virtnic", "", "the virtnic binary to measure (required)")
	flag.IntVar(&c.runs, "runs", 5, "timed runs per command (after one counted warm-up run)")
	flag.IntVar(&c.tuiRuns, "tui-runs", 5, "timed runs of the terminal UI scenario")
	flag.IntVar(&c.domains, "domains", 200, "domains on the remote host")
	flag.IntVar(&c.running, "running", 4, "of which running")
	flag.DurationVar(&c.rtt, "rtt", 50*time.Millisecond, "round trip added by the proxy")
	flag.StringVar(&c.remoteOut, "remote-out", "", "write the remote section here (empty: skip the remote benchmark)")
	flag.StringVar(&c.scanOut, "scan-out", "", "write the scan-CPU section here (empty: skip it)")
	flag.StringVar(&c.multiOut, "multi-out", "", "write the several-hosts section here (empty: skip it)")
	flag.IntVar(&c.multiHosts, "multi-hosts", 5, "hosts (private libvirtds) of the several-hosts benchmark, -domains each")
	flag.StringVar(&c.scanNode, "scan-node", "", "test-driver node file for the scan (bench/gennode output)")
	flag.StringVar(&c.scanDom, "scan-dom", "web-00000", "domain of the node file to edit in the scan")
	flag.StringVar(&c.rev, "rev", "", "virtnic revision, for the report")
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	if c.virtnic == "" || c.runs < 1 || c.tuiRuns < 1 || c.domains < 10 || c.running < 0 || c.running > c.domains-5 ||
		c.multiHosts < 2 {
		return fmt.Errorf("need -virtnic, -runs ≥ 1, -tui-runs ≥ 1, -domains ≥ 10, 0 ≤ -running ≤ domains-5 and -multi-hosts ≥ 2")
	}
	tools := []string{"virsh"}
	if c.remoteOut != "" || c.scanOut != "" {
		tools = append(tools, "virt-xml", "tmux")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found (scripts/setup.sh test bench installs it)", tool)
		}
	}
	work, err := os.MkdirTemp("", "vnbench-")
	if err != nil {
		return err
	}
	b := &bench{cfg: c, rtt: c.rtt, work: work}
	b.onExit(func() { os.RemoveAll(work) })
	defer b.cleanup()
	go b.cleanupOnSignal()

	if c.remoteOut != "" {
		if err := b.remote(); err != nil {
			return err
		}
	}
	if c.scanOut != "" {
		if err := b.scan(); err != nil {
			return err
		}
	}
	if c.multiOut != "" {
		if err := b.multi(); err != nil {
			return err
		}
	}
	return nil
}

// onExit registers f to run at exit, last registered first.
func (b *bench) onExit(f func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cleanups = append(b.cleanups, f)
}

func (b *bench) cleanup() {
	b.mu.Lock()
	fs := b.cleanups
	b.cleanups = nil
	b.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

// cleanupOnSignal removes the daemon, links, tmux servers and scratch
// files when the benchmark is interrupted.
func (b *bench) cleanupOnSignal() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	s := <-sig
	fmt.Fprintf(os.Stderr, "bench: %v: cleaning up\n", s)
	b.cleanup()
	os.Exit(1)
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
