package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"virtnic/bench/delayproxy"
	"virtnic/libvirtx/testdaemon"
)

// The several-hosts benchmark: virtnic list and check with one -c per host
// against each host alone. The hosts are separate private libvirtds, each
// behind a delay proxy of its own, with disjoint domains; the connections
// open and read in parallel, so all of them should take about as long as
// the slowest one.

// multiMACBase keeps the hosts' MACs apart from the remote benchmark's
// and from each other's: host k gets 52:54:00:7c+k/… .
const multiMACBase = 0x7c0000

// setupMultiHosts starts n daemons with TCP, a proxy in front of each, and
// defines domains domains on each (shut off, one macvtap NIC in bridge
// mode on one shared veth, so check finds nothing to report and exits 0).
func (b *bench) setupMultiHosts(n, domains int) ([]*host, error) {
	lower, _, err := testdaemon.NewVeth("vnbm")
	if lower != "" {
		b.onExit(func() {
			if err := testdaemon.DeleteLink(lower); err != nil {
				b.logf("%v", err)
			}
		})
	}
	if err != nil {
		return nil, err
	}
	var hs []*host
	for k := 0; k < n; k++ {
		t0 := time.Now()
		d, err := testdaemon.Launch(testdaemon.Options{TCP: true})
		if err != nil {
			return hs, err
		}
		h := &host{d: d, lower: lower}
		b.onExit(h.close)
		hs = append(hs, h)
		if h.proxy, err = delayproxy.Listen("127.0.0.1:0", d.TCPAddr(), b.rtt/2); err != nil {
			return hs, err
		}
		h.uri = testdaemon.RemoteURI(h.proxy.Addr())
		if err := h.defineFrom(b.work, fmt.Sprintf("multi-%d", k), domains, func(i int) string {
			return testdaemon.DisklessDomainXML(multiDomName(k, i), testdaemon.MAC(multiMACBase+k<<12+i), lower, "bridge")
		}); err != nil {
			return hs, err
		}
		b.logf("host %d: libvirtd pid %d, %s, %d domains, ready in %v", k+1, d.PID(), h.uri, len(h.doms), time.Since(t0).Round(time.Millisecond))
	}
	return hs, nil
}

func multiDomName(k, i int) string { return fmt.Sprintf("%sh%d-%03d", domPrefix, k+1, i) }

// multi runs the several-hosts benchmark and writes its section.
func (b *bench) multi() error {
	t0 := time.Now()
	loadBefore := loadAvg()
	hs, err := b.setupMultiHosts(b.cfg.multiHosts, b.cfg.domains)
	if err != nil {
		return fmt.Errorf("set up the hosts: %w", err)
	}
	b.logf("%d hosts ready in %v", len(hs), time.Since(t0).Round(time.Second))
	connect, err := b.checkRTT(hs[0])
	if err != nil {
		return err
	}
	ops := []*multiOp{
		b.multiOp(hs, "list the domains", "list"),
		b.multiOp(hs, "check every NIC", "check"),
	}
	for _, h := range hs {
		h.close()
	}
	var out strings.Builder
	b.multiReport(&out, ops, connect, loadBefore, loadAvg(), time.Since(t0))
	return os.WriteFile(b.cfg.multiOut, []byte(out.String()), 0o644)
}

// multiOp is one command across every host (series[0]) and on each host
// alone (the rest), measured taking turns.
type multiOp struct {
	title  string
	series []*series
}

// all is the run across every host, single the runs on one host each.
func (o *multiOp) all() *series      { return o.series[0] }
func (o *multiOp) single() []*series { return o.series[1:] }
func (o *multiOp) slowest() *series {
	var worst *series
	for _, s := range o.single() {
		if s.ok() && (worst == nil || s.walls().med > worst.walls().med) {
			worst = s
		}
	}
	return worst
}

// ratio is the run across every host ÷ the slowest host alone (medians).
func (o *multiOp) ratio() (float64, bool) {
	w := o.slowest()
	if w == nil || !o.all().ok() {
		return 0, false
	}
	return ratio(o.all().walls().med, w.walls().med), true
}

// multiOp measures virtnic -c H1 … -c Hn ARGS against virtnic -c Hk ARGS
// for each k. list's output must name every domain; check's must say how
// many it checked.
func (b *bench) multiOp(hs []*host, title string, args ...string) *multiOp {
	vn := b.cfg.virtnic
	var all []string
	for _, h := range hs {
		all = append(all, "-c", h.uri)
	}
	expect := func(n int) func(string) error {
		return func(out string) error {
			if args[0] == "check" {
				want := fmt.Sprintf("%d domains checked", n*b.cfg.domains)
				if !strings.Contains(out, want) {
					return fmt.Errorf("check output lacks %q:\n%s", want, lastLines(out, 3))
				}
				return nil
			}
			if got := strings.Count(out, "\n") - 1; got != n*b.cfg.domains {
				return fmt.Errorf("list printed %d domains, want %d", got, n*b.cfg.domains)
			}
			return nil
		}
	}
	specs := []spec{{"virtnic", fmt.Sprintf("virtnic -c URI1 … -c URI%d %s", len(hs), strings.Join(args, " ")),
		func() [][]string { return argv(append(append([]string{vn}, all...), args...)...) }, expect(len(hs))}}
	for k, h := range hs {
		uri := h.uri
		specs = append(specs, spec{"virtnic", fmt.Sprintf("virtnic -c URI%d %s", k+1, strings.Join(args, " ")),
			func() [][]string { return argv(append([]string{vn, "-c", uri}, args...)...) }, expect(1)})
	}
	return &multiOp{title: title, series: b.measure(b.cfg.runs, specs...)}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// multiGoal is the factor the run across every host may take over the
// slowest host alone: they run in parallel.
const multiGoal = 1.5

func (b *bench) multiReport(w *strings.Builder, ops []*multiOp, connect time.Duration, before, after string, took time.Duration) {
	ms := b.rtt.Milliseconds()
	n := b.cfg.multiHosts
	fmt.Fprintf(w, "## Several hosts (%d × %d domains, %d ms RTT)\n\n", n, b.cfg.domains, ms)
	fmt.Fprintf(w, "%d private libvirtds (QEMU driver), each with a TCP listener on 127.0.0.1 behind a delay proxy of its\n"+
		"own (%d ms each way, pipelined as in the remote benchmark), each with %d defined domains (`vnb-hK-000`…,\n"+
		"shut off, one macvtap NIC in bridge mode on a shared veth, MACs distinct across hosts, so `check` finds\n"+
		"nothing and exits 0). virtnic gets one `-c` per host and opens and reads them in parallel; each host is\n"+
		"also measured alone with the same command. Every command ran once with the client's libvirt debug log\n"+
		"on (warm-up: RPC calls counted), then %d times, all of them taking turns run by run; **the ratio is the\n"+
		"median across all hosts ÷ the median of the slowest host alone, measured in the same run**. Connecting\n"+
		"alone costs a process %.0f RTT (`virsh -c URI uri`: %.2f s, fastest of 3).\n\n",
		n, ms/2, b.cfg.domains, b.cfg.runs, ratio(connect, b.rtt), connect.Seconds())
	fmt.Fprintf(w, "%s; load average %s before, %s after; the whole run took %v.\n",
		machine(b.cfg.rev), before, after, took.Round(time.Second))
	fmt.Fprintf(w, "Reproduce: `PARTS=multi bench/remote.sh` (or `make bench-remote`, which runs every part).\n\n")
	w.WriteString("| operation | command | runs | wall min / **median** / max (s) | median ÷ RTT | RPC calls | ÷ slowest host alone |\n")
	w.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, o := range ops {
		slow := o.slowest()
		for i, s := range o.series {
			title, rel := "", "–"
			if i == 0 {
				title = o.title
				if r, ok := o.ratio(); ok {
					rel = fmt.Sprintf("%.2f×", r)
				}
			} else if s == slow {
				rel = "1.00× (slowest)"
			}
			fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s | %s |\n", title, s.label, runsCell(s), wallCell(s), rttCell(s, b.rtt), callsCell(s), rel)
		}
	}
	fmt.Fprintf(w, "\nGoals (judged on the medians above):\n\n| operation | goal | measured | met |\n| --- | --- | --- | --- |\n")
	for _, o := range ops {
		measured, met := "not measured", "–"
		if r, ok := o.ratio(); ok {
			measured = fmt.Sprintf("%.2f× (%s s ÷ %s s)", r, secs(o.all().walls().med), secs(o.slowest().walls().med))
			met = map[bool]string{true: "yes", false: "no"}[r <= multiGoal]
		}
		fmt.Fprintf(w, "| %s across %d hosts | ≤ %.1f× the slowest host alone | %s | %s |\n", o.title, n, multiGoal, measured, met)
	}
	w.WriteString("\nTimed runs, wall seconds in order:\n\n")
	for _, o := range ops {
		rawRuns(w, []*comparison{{title: o.title, series: o.series}})
	}
}
