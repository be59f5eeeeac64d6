package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// The domains each operation edits: shut off, so that every tool makes
// the same config-only change.
const (
	linkDom = 10
	macDom  = 11
	addDom  = 12
	tuiDom  = 13
)

var (
	ifaceRE = regexp.MustCompile(`(?s)<interface type='direct'>.*?</interface>`)
	macRE   = regexp.MustCompile(`<mac address='([0-9a-f:]+)'/>`)
)

// inactiveXML reads a domain's persistent XML over the local socket, to
// check what a run did without adding to its time.
func (h *host) inactiveXML(dom string) (string, error) {
	return h.d.Virsh("dumpxml", "--inactive", dom)
}

// linkState is the configured link state of the domain's first NIC.
func (h *host) linkState(dom string) (string, error) {
	x, err := h.inactiveXML(dom)
	if err != nil {
		return "", err
	}
	nic := ifaceRE.FindString(x)
	if nic == "" {
		return "", fmt.Errorf("%s has no direct NIC:\n%s", dom, x)
	}
	if strings.Contains(nic, "<link state='down'/>") {
		return "down", nil
	}
	return "up", nil
}

// toggler flips a domain's link state, checking each flip. It reads the
// state before every run (untimed), so a failed run cannot put it out of
// step with the domain.
type toggler struct {
	h    *host
	dom  string
	want string // what the current run sets
	err  error  // why want is unknown
}

// aim reads the link state and returns the opposite, for this run to set.
func (t *toggler) aim() string {
	cur, err := t.h.linkState(t.dom)
	t.want, t.err = "down", err
	if cur == "down" {
		t.want = "up"
	}
	return t.want
}

// flipped checks that the NIC now has the state aimed at.
func (t *toggler) flipped(string) error {
	if t.err != nil {
		return t.err
	}
	got, err := t.h.linkState(t.dom)
	if err != nil {
		return err
	}
	if got != t.want {
		return fmt.Errorf("%s: link %s after setting %s", t.dom, got, t.want)
	}
	return nil
}

// setLink: one NIC's link state, virtnic vs virsh update-device (with
// the whole <interface> as it stands, link changed) vs virt-xml.
func (b *bench) setLink(h *host) (*comparison, error) {
	dom := h.doms[linkDom]
	x, err := h.inactiveXML(dom)
	if err != nil {
		return nil, err
	}
	nic := ifaceRE.FindString(x)
	files := map[string]string{}
	for _, st := range []string{"up", "down"} {
		f := filepath.Join(b.work, "link-"+st+".xml")
		withLink := strings.Replace(nic, "<rom ", "<link state='"+st+"'/>\n      <rom ", 1)
		if err := os.WriteFile(f, []byte(withLink), 0o644); err != nil {
			return nil, err
		}
		files[st] = f
	}
	t := &toggler{h: h, dom: dom}
	vn := b.cfg.virtnic
	ss := b.measure(b.cfg.runs,
		spec{"virtnic", "virtnic -c URI set DOM 0 --link down/up",
			func() [][]string { return argv(vn, "-c", h.uri, "set", dom, "0", "--link", t.aim()) }, t.flipped},
		spec{"virsh", "virsh -c URI update-device DOM FILE --config",
			func() [][]string {
				return argv("virsh", "-c", h.uri, "update-device", dom, files[t.aim()], "--config")
			}, t.flipped},
		spec{"virt-xml", "virt-xml -c URI DOM --edit 1 --network link.state=down/up",
			func() [][]string {
				return argv("virt-xml", "-c", h.uri, dom, "--edit", "1", "--network", "link.state="+t.aim())
			}, t.flipped},
	)
	c := &comparison{title: "set a NIC's link state (config, domain shut off)", series: ss}
	c.goals = []goal{ratioGoal(c, 1, 3, "≤ 3× virsh update-device")}
	return c, nil
}

// sources: what a NIC can connect to, vs the two virsh listings it
// replaces, as two processes (summed) and as one.
func (b *bench) sources(h *host) *comparison {
	lists := func(out string) error {
		if !strings.Contains(out, activeNet) || !strings.Contains(out, h.lower) {
			return fmt.Errorf("output lacks network %s or device %s:\n%s", activeNet, h.lower, out)
		}
		return nil
	}
	ss := b.measure(b.cfg.runs,
		spec{"virtnic", "virtnic -c URI sources", func() [][]string { return argv(b.cfg.virtnic, "-c", h.uri, "sources") }, lists},
		spec{"virsh", "virsh -c URI net-list --all + virsh -c URI iface-list --all (2 processes, summed)",
			func() [][]string {
				return [][]string{{"virsh", "-c", h.uri, "net-list", "--all"}, {"virsh", "-c", h.uri, "iface-list", "--all"}}
			}, lists},
		spec{"virsh", "virsh -c URI 'net-list --all; iface-list --all' (1 process)",
			func() [][]string { return argv("virsh", "-c", h.uri, "net-list --all; iface-list --all") }, lists},
	)
	c := &comparison{title: "list the sources a NIC can use", series: ss}
	c.goals = []goal{rttGoal(c, b.rtt, 60)}
	return c
}

// randomMAC: a new MAC that no domain uses; virtnic checks all of them.
func (b *bench) randomMAC(h *host) (*comparison, error) {
	dom := h.doms[macDom]
	current := func() (string, error) {
		x, err := h.inactiveXML(dom)
		if err != nil {
			return "", err
		}
		m := macRE.FindStringSubmatch(ifaceRE.FindString(x))
		if m == nil {
			return "", fmt.Errorf("%s: no MAC in\n%s", dom, x)
		}
		return m[1], nil
	}
	mac, err := current()
	if err != nil {
		return nil, err
	}
	changed := func(string) error {
		now, err := current()
		if err == nil && now == mac {
			err = fmt.Errorf("%s: MAC still %s", dom, mac)
		}
		mac = now
		return err
	}
	ss := b.measure(b.cfg.runs,
		spec{"virtnic", "virtnic -c URI set DOM 0 --mac random",
			func() [][]string { return argv(b.cfg.virtnic, "-c", h.uri, "set", dom, "0", "--mac", "random") }, changed},
	)
	c := &comparison{title: "give a NIC a new unused MAC", series: ss}
	c.goals = []goal{rttGoal(c, b.rtt, 80)}
	return c, nil
}

// addNIC: a NIC on a network, vs virsh attach-interface and virt-xml;
// after every run the new NIC is detached again (untimed).
func (b *bench) addNIC(h *host) *comparison {
	dom := h.doms[addDom]
	added := func(string) error {
		x, err := h.inactiveXML(dom)
		if err != nil {
			return err
		}
		if n := strings.Count(x, "<source network='"+activeNet+"'"); n != 1 {
			return fmt.Errorf("%s has %d NICs on %s after an add, want 1", dom, n, activeNet)
		}
		_, err = h.d.Virsh("detach-interface", dom, "network", "--config")
		return err
	}
	net := activeNet
	ss := b.measure(b.cfg.runs,
		spec{"virtnic", "virtnic -c URI add DOM --network NET",
			func() [][]string { return argv(b.cfg.virtnic, "-c", h.uri, "add", dom, "--network", net) }, added},
		spec{"virsh", "virsh -c URI attach-interface DOM network NET --config",
			func() [][]string {
				return argv("virsh", "-c", h.uri, "attach-interface", dom, "network", net, "--config")
			}, added},
		spec{"virt-xml", "virt-xml -c URI DOM --add-device --network network=NET",
			func() [][]string {
				return argv("virt-xml", "-c", h.uri, dom, "--add-device", "--network", "network="+net)
			}, added},
	)
	return &comparison{title: "add a NIC on a network (config, domain shut off)", series: ss}
}

// argv is one process's argument vector as a one-process run.
func argv(args ...string) [][]string { return [][]string{args} }
