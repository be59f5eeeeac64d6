package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// remote runs the remote benchmark and writes its section.
func (b *bench) remote() error {
	t0 := time.Now()
	loadBefore := loadAvg()
	h, err := b.setupHost(b.cfg.domains, b.cfg.running)
	if err != nil {
		return fmt.Errorf("set up the host: %w", err)
	}
	b.logf("host ready in %v: %d domains (%d running), networks %v", time.Since(t0).Round(time.Millisecond), len(h.doms), len(h.running), h.nets)
	connect, err := b.checkRTT(h)
	if err != nil {
		return err
	}

	var cs []*comparison
	c, err := b.setLink(h)
	if err != nil {
		return err
	}
	cs = append(cs, c, b.sources(h))
	if c, err = b.randomMAC(h); err != nil {
		return err
	}
	cs = append(cs, c, b.addNIC(h))
	cs = append(cs, b.tui(h)...)
	h.close()

	var out strings.Builder
	b.remoteHeader(&out, connect, loadBefore, loadAvg(), time.Since(t0))
	out.WriteString("\n")
	table(&out, b.rtt, cs)
	out.WriteString("\nGoals (the engine's targets; judged on the medians above):\n\n")
	goalsTable(&out, cs)
	out.WriteString("\nTimed runs, wall seconds in order:\n\n")
	rawRuns(&out, cs)
	return os.WriteFile(b.cfg.remoteOut, []byte(out.String()), 0o644)
}

// checkRTT makes sure the proxy adds what it should: virsh uri (connect,
// one call, close) must take several round trips, not loopback time. It
// returns that time (the fastest of three): what any tool pays to connect.
func (b *bench) checkRTT(h *host) (time.Duration, error) {
	var best time.Duration
	for i := 0; i < 3; i++ {
		s, _, err := runOnce([]string{"virsh", "-c", h.uri, "uri"})
		if err != nil {
			return 0, err
		}
		if best == 0 || s.wall < best {
			best = s.wall
		}
	}
	if best < 2*b.rtt {
		return 0, fmt.Errorf("virsh uri over the proxy took %v, less than two round trips of %v: the delay is not applied", best, b.rtt)
	}
	b.logf("virsh uri over the proxy: %v (%.0f RTT)", best.Round(time.Millisecond), ratio(best, b.rtt))
	return best, nil
}

// remoteHeader says what was measured, how, where and with what.
func (b *bench) remoteHeader(w *strings.Builder, connect time.Duration, before, after string, took time.Duration) {
	ms := b.rtt.Milliseconds()
	fmt.Fprintf(w, "## Remote (%d ms RTT, %d domains)\n\n", ms, b.cfg.domains)
	fmt.Fprintf(w, "A private libvirtd (QEMU driver) with a TCP listener on 127.0.0.1, reached through a proxy that\n"+
		"delays every chunk by %d ms in each direction without serialising (concurrent calls stay\n"+
		"pipelined): every tool connects to `qemu+tcp://127.0.0.1:PORT/system` as it would to a host\n"+
		"%d ms of round trip away. The host has %d defined domains (`vnb-000`…, diskless, one macvtap NIC\n"+
		"each), %d of them running, an active network `%s` (macvtap pool on a veth) and an inactive one.\n"+
		"The edited domains are shut off, so every tool makes the same config-only change.\n\n",
		ms/2, ms, b.cfg.domains, b.cfg.running, activeNet)
	fmt.Fprintf(w, "Each command is a whole process, timed from start to exit. Every command ran once with the\n"+
		"client's libvirt debug log on (warm-up: its RPC calls are counted, its time is not), then %d\n"+
		"times (terminal UI: %d) with the tools taking turns run by run; **ratios are against the peer\n"+
		"measured in the same run**. `median ÷ RTT` is the wall time in round trips; RPC calls that\n"+
		"overlap cost one round trip together. After every run its effect is checked (and an added NIC\n"+
		"detached again) over the local socket, untimed. The terminal UI runs in tmux at 120x40; its time is\n"+
		"from sending the key until the screen (polled every %v) shows the result. Connecting alone\n"+
		"costs every process %.0f RTT (`virsh -c URI uri`: %.2f s, fastest of 3).\n\n",
		b.cfg.runs, b.cfg.tuiRuns, poll, ratio(connect, b.rtt), connect.Seconds())
	fmt.Fprintf(w, "%s; load average %s before, %s after; the whole run took %v.\n",
		machine(b.cfg.rev), before, after, took.Round(time.Second))
	fmt.Fprintf(w, "Reproduce: `make bench-remote` (or `RUNS=%d bench/remote.sh`).\n", b.cfg.runs)
}
