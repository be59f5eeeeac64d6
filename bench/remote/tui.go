package main

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"virtnic/libvirtx/testdaemon"
)

// tuiWait bounds each wait for a screen; today's slowest step takes
// about a dozen seconds at 50 ms round trip.
const tuiWait = 2 * time.Minute

// tuiTimes is one terminal UI run: from the enter that opens the domain
// until its NIC page is drawn, and until the link change is saved; with
// the RPC calls in those spans when the run was counted.
type tuiTimes struct {
	open, saved           time.Duration
	openCalls, savedCalls int
}

// tui: open a domain in the terminal UI and its NIC page, vs virsh
// domiflist; then toggle the link and apply (ctrl+s, y) until "saved".
func (b *bench) tui(h *host) []*comparison {
	dom := h.doms[tuiDom]
	mac := testdaemon.MAC(macBase + tuiDom)
	label := "NIC " + mac[8:]
	t := &toggler{h: h, dom: dom}
	open := &series{spec: spec{tool: "virtnic", label: "TUI: enter on DOM in the list … its NIC page drawn"}, calls: -1}
	saved := &series{spec: spec{tool: "virtnic", label: "TUI: the above + link toggle, ctrl+s, y … \"saved\""}, calls: -1}
	peer := &series{spec: spec{"virsh", "virsh -c URI domiflist DOM",
		func() [][]string { return argv("virsh", "-c", h.uri, "domiflist", dom) },
		func(out string) error {
			if !strings.Contains(out, mac) {
				return fmt.Errorf("domiflist lacks %s:\n%s", mac, out)
			}
			return nil
		}}, calls: -1}
	for r := 0; r <= b.cfg.tuiRuns && open.err == nil; r++ {
		var res tuiTimes
		err := b.retry(open, func() (err error) {
			res, err = b.tuiOnce(h, t, label, r == 0)
			return err
		})
		switch {
		case err != nil:
			open.err, saved.err = err, err
		case r == 0:
			open.calls, saved.calls = res.openCalls, res.savedCalls
		default:
			open.samples = append(open.samples, sample{wall: res.open})
			saved.samples = append(saved.samples, sample{wall: res.saved})
			b.logf("  TUI open %.2fs, saved %.2fs", res.open.Seconds(), res.saved.Seconds())
		}
		if peer.err == nil {
			peer.err = b.retry(peer, func() error { return b.runSeries(peer, r == 0) })
		}
	}
	c1 := &comparison{title: "terminal UI: open a domain's NIC page", series: []*series{open, peer}}
	c1.goals = []goal{ratioGoal(c1, 1, 3, "≤ 3× virsh domiflist")}
	c2 := &comparison{title: "terminal UI: open + link toggle + apply", series: []*series{saved}}
	c2.goals = []goal{wallGoal(saved, 3*time.Second, b.rtt, "≤ 3 s")}
	return []*comparison{c1, c2}
}

// tuiOnce starts virtnic in tmux, filters the list down to the domain
// (untimed), then times enter … NIC page and the link toggle until saved,
// and checks the saved state over the local socket.
func (b *bench) tuiOnce(h *host, tg *toggler, label string, counted bool) (tuiTimes, error) {
	var env []string
	var log libvirtLog
	if counted {
		log = newLibvirtLog(b.work, fmt.Sprintf("tui-%d", b.seq.Add(1)))
		env = log.env()
	}
	tg.aim()
	tm, err := b.startTerm(120, 40, env, []string{b.cfg.virtnic, "-c", h.uri})
	if err != nil {
		return tuiTimes{}, err
	}
	defer tm.kill()
	n := len(h.doms)
	if _, err := tm.waitFor(tuiWait, fmt.Sprintf(`%d domains \(%d shown\)`, n, n)); err != nil {
		return tuiTimes{}, err
	}
	if err := tm.text("/" + tg.dom); err != nil {
		return tuiTimes{}, err
	}
	if err := tm.keys("Enter"); err != nil {
		return tuiTimes{}, err
	}
	if _, err := tm.waitFor(tuiWait, `\(1 shown\)`); err != nil {
		return tuiTimes{}, err
	}

	var res tuiTimes
	from := log.size()
	t0 := time.Now()
	nic := regexp.QuoteMeta(label)
	steps := []step{
		{[]string{"Enter"}, []string{`› Overview`, nic}},
		{[]string{"j", "j", "j", "j"}, []string{`› ` + nic, `Virtual Network Interface`}},
	}
	if err := tm.run(steps); err != nil {
		return res, err
	}
	res.open = time.Since(t0)
	openEnd := log.size()
	if err := b.toggleAndSave(tm, tg, nic); err != nil {
		return res, err
	}
	res.saved = time.Since(t0)
	if counted {
		o, err1 := log.callsBetween(from, openEnd)
		s, err2 := log.callsBetween(from, -1)
		if err1 != nil || err2 != nil {
			return res, fmt.Errorf("count calls: %v %v", err1, err2)
		}
		res.openCalls, res.savedCalls = o.rpc, s.rpc
	}
	return res, tg.flipped("")
}

// toggleAndSave focuses the page and its link field, toggles it and
// applies the change, waiting for each step to be drawn.
func (b *bench) toggleAndSave(tm *term, tg *toggler, nic string) error {
	s, err := tm.waitFor(tuiWait, `Virtual Network Interface`)
	if err != nil {
		return err
	}
	if err := tm.keys("Enter"); err != nil {
		return err
	}
	if s, err = tm.waitChange(tuiWait, s); err != nil {
		return err
	}
	focused := regexp.MustCompile(`▸ Link state`)
	for i := 0; !focused.MatchString(s); i++ {
		if i == 20 {
			return fmt.Errorf("the link field never took focus:\n%s", s)
		}
		if err := tm.keys("Tab"); err != nil {
			return err
		}
		if s, err = tm.waitChange(tuiWait, s); err != nil {
			return err
		}
	}
	return tm.run([]step{
		{[]string{"Space"}, []string{`▸ Link state\s+` + tg.want}},
		{[]string{"C-s"}, []string{`Apply changes to ` + nic}},
		{[]string{"y"}, []string{nic + ` saved: config applied`}},
	})
}

// step is keys to send and the screen (patterns) they lead to.
type step struct{ keys, want []string }

// run sends each step's keys and waits for its screen.
func (t *term) run(steps []step) error {
	for _, st := range steps {
		if err := t.keys(st.keys...); err != nil {
			return err
		}
		if _, err := t.waitFor(tuiWait, st.want...); err != nil {
			return err
		}
	}
	return nil
}
