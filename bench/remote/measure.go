package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// spec is one tool's way of doing an operation.
type spec struct {
	tool  string // virtnic, virsh, virt-xml
	label string // the command as the report shows it
	// argvs gives the processes of one run, run one after the other; the
	// run's figures are their sums. It is called once per run.
	argvs func() [][]string
	// after checks that the run did what it should and undoes what must
	// be undone before the next one (standard output of every process,
	// concatenated). Untimed.
	after func(out string) error
}

// series is what measuring a spec gave.
type series struct {
	spec
	samples []sample
	calls   int     // RPC calls in the counted run; -1 when unknown
	api     counts  // public API calls of the counted run
	failed  []error // runs that failed and were repeated
	err     error   // why the series stopped early
}

// tries is how often a failing run is attempted before its series stops,
// retryPause how long to wait before the next attempt. A host that changes
// under a tool (other libvirtds and tests on the machine make and delete
// links) can fail a run for a while; the report lists every failure.
const (
	tries      = 3
	retryPause = 30 * time.Second
)

// measure runs each spec once with the client's libvirt log on (warm-up:
// counted, not timed), then runs times, the tools taking turns run by
// run so that a drift in the machine's speed hits all of them alike.
func (b *bench) measure(runs int, specs ...spec) []*series {
	ss := make([]*series, len(specs))
	for i, sp := range specs {
		ss[i] = &series{spec: sp, calls: -1}
	}
	for r := 0; r <= runs; r++ {
		for _, s := range ss {
			if s.err == nil {
				s.err = b.retry(s, func() error { return b.runSeries(s, r == 0) })
			}
		}
	}
	for _, s := range ss {
		if s.err != nil {
			b.logf("%s: %v", s.label, s.err)
		}
	}
	return ss
}

// retry runs run until it succeeds, at most tries times, noting failures
// in s; it returns the last error when none succeeded.
func (b *bench) retry(s *series, run func() error) error {
	var err error
	for i := 0; i < tries; i++ {
		if err = run(); err == nil {
			return nil
		}
		s.failed = append(s.failed, err)
		b.logf("%s: run failed (attempt %d of %d): %v", s.label, i+1, tries, err)
		if i < tries-1 {
			time.Sleep(retryPause)
		}
	}
	return err
}

// runSeries does one run of s; a counted run is logged, not timed.
func (b *bench) runSeries(s *series, counted bool) error {
	var total sample
	var out strings.Builder
	calls := 0
	api := counts{api: map[string]int{}}
	for i, argv := range s.argvs() {
		var env []string
		var log libvirtLog
		if counted {
			log = newLibvirtLog(b.work, fmt.Sprintf("%s-%d-%d", s.tool, b.seq.Add(1), i))
			env = log.env()
		}
		one, stdout, err := runOnce(argv, env...)
		if err != nil {
			return err
		}
		total.wall += one.wall
		total.cpu += one.cpu
		out.WriteString(stdout)
		if counted {
			c, err := log.callsBetween(0, -1)
			if err != nil {
				return fmt.Errorf("count calls: %w", err)
			}
			calls += c.rpc
			for k, v := range c.api {
				api.api[k] += v
			}
		}
	}
	if s.after != nil {
		if err := s.after(out.String()); err != nil {
			return fmt.Errorf("check after the run: %w", err)
		}
	}
	if counted {
		s.calls, s.api = calls, api
	} else {
		s.samples = append(s.samples, total)
	}
	kind := "timed"
	if counted {
		kind = fmt.Sprintf("warm-up, %d RPC calls", calls)
	}
	b.logf("  %-8s %-60.60s wall %6.2fs cpu %5.2fs (%s)", s.tool, s.label, total.wall.Seconds(), total.cpu.Seconds(), kind)
	return nil
}

// spread is min, median and max.
type spread struct{ min, med, max time.Duration }

func spreadOf(ds []time.Duration) spread {
	if len(ds) == 0 {
		return spread{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return spread{s[0], med, s[len(s)-1]}
}

func (s *series) walls() spread {
	return spreadOf(s.pick(func(x sample) time.Duration { return x.wall }))
}
func (s *series) cpus() spread {
	return spreadOf(s.pick(func(x sample) time.Duration { return x.cpu }))
}

func (s *series) pick(f func(sample) time.Duration) []time.Duration {
	var ds []time.Duration
	for _, x := range s.samples {
		ds = append(ds, f(x))
	}
	return ds
}

// ok says whether s has figures to report.
func (s *series) ok() bool { return len(s.samples) > 0 }
