package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// A running QEMU guest with a macvtap NIC on a veth: link state applies
// live; a mode change is marked and reported as after the next shutdown.
func TestRealDaemonLiveAndAfterShutdown(t *testing.T) {
	if skipAll != "" {
		t.Skip(skipAll)
	}
	const (
		dom = "vne2e1"
		mac = "52:54:00:7e:00:01"
	)
	d := testdaemon.Start(t)
	vethA, _ := testdaemon.Veth(t, "vne2e")
	// Links whose names libvirt cannot put in valid XML must not stop the
	// UI: they are skipped, the rest of the host is offered.
	pid := os.Getpid() % 1000
	testdaemon.VethNamed(t, fmt.Sprintf("vn\x1b[%d", pid), fmt.Sprintf("vn\xff%d", pid))
	d.DefineDomain(t, dom, testdaemon.DisklessDomainXML(dom, mac, vethA, "bridge"))
	d.StartDomain(t, dom)

	tm := start(t, 80, 24, "-c", d.URI())
	tm.waitFor(dom, `running`)
	tm.openNIC(dom, "NIC :7e:00:01")
	tm.waitGone(`reading host…`)
	tm.keys("Enter")
	tm.waitFor(`Choose: Network source`)
	tm.text("/" + vethA)
	tm.waitFor(`Host device `+vethA+`: macvtap`, `sources: host interface vn\\x1b\[`)
	tm.keys("Escape")
	tm.waitGone(`/` + vethA)
	tm.keys("Escape")
	tm.waitGone(`Choose: Network source`)

	tm.focus("Link state")
	tm.keys("Space")
	tm.waitFor(`Link state\s+down`)
	tm.keys("C-s")
	tm.waitFor(`Apply changes to NIC :7e:00:01\?`, `link: up → down`, `live now: link`)
	tm.keys("y")
	tm.waitFor(`saved: config applied; live: applied`, `Link state\s+down`)
	if got := d.MustVirsh(t, "domif-getlink", dom, mac); !strings.Contains(got, "down") {
		t.Errorf("virsh domif-getlink = %q, want down", got)
	}

	tm.focus("Source mode")
	tm.keys("Enter")
	tm.waitFor("Choose: Source mode")
	tm.text("/vepa")
	tm.waitFor(`/vepa`, `1/1`)
	tm.keys("Enter")
	tm.waitFor(`Source mode\s+vepa`, `⏻ after shutdown`)
	tm.keys("C-s")
	tm.waitFor(`Apply changes to NIC :7e:00:01\?`, `mode: bridge → vepa`, `after next guest shutdown: mode`)
	tm.keys("y")
	tm.waitFor(`saved: config applied; live: after next guest shutdown`, `Source mode\s+vepa`)
	tm.waitFor(`pending: differs from running guest`)
}

// Read-only, the host network view shows who uses what: mail reaches eth1
// through the macvtap network macvtap-net, and enter on that row opens
// mail's NIC page.
func TestHostNetworkView(t *testing.T) {
	tm := start(t, 80, 24, "-r", "--demo")
	tm.waitFor(`READ-ONLY`, `12 domains`)
	tm.keys("n")
	// At 80x24 the view opens on the SR-IOV PF and which of its VFs are free.
	tm.waitFor(`Host network`, `SR-IOV \(physical function → virtual functions\)`,
		`ens1f0  PF 0000:03:00.0 · 10 Gb/s · 8 VFs, 4 free`,
		`ens1f0v1  VF 1 · 0000:03:02\.1 · taken by nfv-router`,
		`ens1f0v2  VF 2 · 0000:03:02\.2 · free`, `ens1f0v5  VF 5 · 0000:03:02\.5 · free`,
		`ens1f0v7  VF 7 · 0000:03:02\.7 · reserved by staging-web \(off\)`,
		`Host devices \(macvtap\)`)
	tm.text("/mail")
	tm.waitFor(`/ mail`, `▸ eth1  ethernet`,
		`(?m)^. eth1  ethernet.*\n(    . . .*\n)*    ! ▶ mail +NIC :3a:70:01 +bridge +running +via macvtap-net`)
	tm.keys("Enter", "j")
	tm.waitFor(`▸ +! ▶ mail +NIC :3a:70:01 +bridge +running +via macvtap-net`)
	tm.keys("Enter")
	tm.waitFor(`mail — `, `Virtual Network Interface`, `Network source\s+Virtual network 'macvtap-net'`)
	// Back to the view, with the filter kept, then to the domain list.
	// One Escape at a time: two in one write read as alt+esc.
	tm.keys("Escape")
	tm.waitFor(`› NIC :3a:70:01`)
	tm.keys("Escape")
	tm.waitFor(`Host network`, `/ mail`)
	tm.keys("Escape")
	tm.waitGone(`/ mail`)
	tm.keys("Escape")
	tm.waitFor(`12 domains \(12 shown\)`)
}
