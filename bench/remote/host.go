package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"virtnic/bench/delayproxy"
	"virtnic/libvirtx/testdaemon"
)

// host is the private libvirtd the remote benchmark talks to, its delay
// proxy, and what was made on it.
type host struct {
	d       *testdaemon.Daemon
	proxy   *delayproxy.Proxy
	uri     string   // qemu+tcp through the proxy: what the tools use
	doms    []string // every defined domain, in order
	running []string // the started ones
	nets    []string
	links   []string // first ends of our veth pairs
	lower   string   // the host device the domains' macvtap NICs sit on
}

const (
	domPrefix = "vnb-"
	activeNet = "vnbnet"
	otherNet  = "vnbiso"
)

// macBase makes the domains' MACs 52:54:00:7b:xx:xx.
const macBase = 0x7b0000

// setupHost starts the daemon with TCP and the proxy in front of it, and
// fills it: two networks (one active, a macvtap pool on a veth), n defined
// domains with a macvtap NIC each, of which the last `running` are started.
func (b *bench) setupHost(n, running int) (*host, error) {
	d, err := testdaemon.Launch(testdaemon.Options{TCP: true})
	if err != nil {
		return nil, err
	}
	h := &host{d: d}
	b.onExit(h.close)
	if h.proxy, err = delayproxy.Listen("127.0.0.1:0", d.TCPAddr(), b.rtt/2); err != nil {
		return h, err
	}
	h.uri = testdaemon.RemoteURI(h.proxy.Addr())
	b.logf("libvirtd pid %d, TCP %s, through the proxy %s (%v round trip)", d.PID(), d.TCPAddr(), h.uri, b.rtt)

	guest, _, err := h.vethPair("vnbg")
	if err != nil {
		return h, err
	}
	h.lower = guest
	if err := h.defineNetworks(); err != nil {
		return h, err
	}
	if err := h.defineFrom(b.work, "dom", n, func(i int) string { return h.domXML(i, i >= n-running) }); err != nil {
		return h, err
	}
	return h, h.startGuests(running)
}

func (h *host) defineNetworks() error {
	_, pool, err := h.vethPair("vnbn")
	if err != nil {
		return err
	}
	nets := []struct {
		name, xml string
		start     bool
	}{
		// A macvtap pool needs no dnsmasq, so it can start here.
		{activeNet, fmt.Sprintf("<network><name>%s</name><forward mode='bridge'><interface dev='%s'/></forward></network>", activeNet, pool), true},
		// Defined only: starting it would make a host bridge.
		{otherNet, fmt.Sprintf("<network><name>%s</name><bridge name='%s0'/></network>", otherNet, otherNet), false},
	}
	for _, n := range nets {
		if _, err := h.d.VirshXML(n.xml, "net-define"); err != nil {
			return err
		}
		h.nets = append(h.nets, n.name)
		if n.start {
			if _, err := h.d.Virsh("net-start", n.name); err != nil {
				return err
			}
		}
	}
	return nil
}

// vethPair makes a veth pair; close deletes it.
func (h *host) vethPair(prefix string) (string, string, error) {
	a, b, err := testdaemon.NewVeth(prefix)
	if a != "" {
		h.links = append(h.links, a)
	}
	return a, b, err
}

// domXML is domain i: the diskless fixture with a macvtap NIC on the
// lower device in one of three modes. A running guest's macvtap gets a
// name of ours: libvirt's own macvtapN names are shared with every other
// libvirtd on the machine, and two picking the same one at once collide.
func (h *host) domXML(i int, run bool) string {
	modes := []string{"bridge", "vepa", "private"}
	x := testdaemon.DisklessDomainXML(domName(i), testdaemon.MAC(macBase+i), h.lower, modes[i%3])
	if run {
		target := fmt.Sprintf("<target dev='vnbt%d%d'/>\n      <model type='virtio'/>", os.Getpid()%1000, i)
		x = strings.Replace(x, "<model type='virtio'/>", target, 1)
	}
	return x
}

func domName(i int) string { return fmt.Sprintf("%s%03d", domPrefix, i) }

// defineFrom defines n domains, domain i from xmlOf(i), with one virsh
// process (a define per process would take minutes over many domains), and
// records them; tag keeps the files of several hosts apart.
func (h *host) defineFrom(dir, tag string, n int, xmlOf func(i int) string) error {
	var cmds []string
	for i := 0; i < n; i++ {
		f := filepath.Join(dir, fmt.Sprintf("%s-%03d.xml", tag, i))
		if err := os.WriteFile(f, []byte(xmlOf(i)), 0o644); err != nil {
			return err
		}
		cmds = append(cmds, "define "+f)
	}
	if _, err := h.d.Virsh(strings.Join(cmds, "; ")); err != nil {
		return err
	}
	out, err := h.d.Virsh("list", "--all", "--name")
	if err != nil {
		return err
	}
	for _, name := range strings.Fields(out) {
		if strings.HasPrefix(name, domPrefix) {
			h.doms = append(h.doms, name)
		}
	}
	if len(h.doms) != n {
		return fmt.Errorf("defined %d domains, libvirtd lists %d", n, len(h.doms))
	}
	return nil
}

// startGuests starts the last `running` domains (never one with an
// 802.1Qbg/Qbh port: on a veth that hangs libvirtd; these have none).
func (h *host) startGuests(running int) error {
	for _, name := range h.doms[len(h.doms)-running:] {
		if _, err := h.d.Virsh("start", name); err != nil {
			return fmt.Errorf("%v\n%s", err, h.d.Log())
		}
		h.running = append(h.running, name)
	}
	return nil
}

// close removes everything: the proxy, the domains (in one virsh process),
// the daemon with its directory, and our veths. Safe to call twice.
func (h *host) close() {
	if h.proxy != nil {
		h.proxy.Close()
	}
	if h.d.PID() != 0 && len(h.doms) > 0 {
		var cmds []string
		for _, name := range h.running {
			cmds = append(cmds, "destroy "+name)
		}
		for _, name := range h.doms {
			cmds = append(cmds, "undefine "+name)
		}
		_, _ = h.d.Virsh(strings.Join(cmds, "; "))
		h.doms, h.running = nil, nil
	}
	h.d.Stop()
	for _, l := range h.links {
		if err := testdaemon.DeleteLink(l); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
	}
	h.links = nil
}
