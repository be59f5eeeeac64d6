package e2e

import (
	"strings"
	"testing"

	"virtnic/libvirtx/testdaemon"
)

// countNICs is the number of <interface> elements of a domain XML.
func countNICs(x string) int { return strings.Count(x, "<interface ") }

// Adding "br0 + e1000e" to a running guest goes through the form: nothing
// reaches libvirt until the plan of exactly that NIC is confirmed, then one
// write adds it to the config and hot-plugs it — never a default NIC first.
func TestAddNICThroughTheFormOnARunningGuest(t *testing.T) {
	if skipAll != "" {
		t.Skip(skipAll)
	}
	const (
		dom = "vne2eadd"
		mac = "52:54:00:7e:01:01"
	)
	d := testdaemon.Start(t)
	vethA, _ := testdaemon.Veth(t, "vnadd")
	br := testdaemon.Bridge(t, "vnabr")
	d.DefineDomain(t, dom, testdaemon.DisklessDomainXML(dom, mac, vethA, "bridge"))
	d.StartDomain(t, dom)
	cfg0 := d.MustVirsh(t, "dumpxml", "--inactive", dom)
	live0 := d.MustVirsh(t, "dumpxml", dom)

	tm := start(t, 120, 40, "-c", d.URI())
	tm.waitFor(dom, `running`)
	tm.text("/" + dom)
	tm.keys("Enter")
	tm.waitFor(`\(1 shown\)`)
	tm.keys("Enter")
	tm.waitFor("Overview")
	tm.waitGone(`reading host…`)
	tm.keys("a")
	tm.waitFor(`New NIC`, `hot-plugged into the running guest`)
	tm.keys("Enter") // the source picker
	tm.waitFor(`Choose: Network source`)
	tm.text("/" + br)
	tm.waitFor(`Bridge ` + br)
	tm.keys("Enter")
	tm.waitFor(`Network source\s+Bridge ` + br)
	tm.focus("Device model")
	tm.keys("Enter")
	tm.waitFor(`Choose: Device model`)
	tm.text("/e1000e")
	tm.waitFor(`1/1`)
	tm.keys("Enter")
	tm.waitFor(`Device model\s+e1000e`)
	if cfg := d.MustVirsh(t, "dumpxml", "--inactive", dom); cfg != cfg0 {
		t.Fatalf("the config changed before the plan was confirmed")
	}
	tm.keys("C-s")
	tm.waitFor(`Add a NIC to `+dom+`\?`, `hot-plugged into the running guest`, `source bridge='`+br+`'`, `model type='e1000e'`)
	if live := d.MustVirsh(t, "dumpxml", dom); countNICs(live) != countNICs(live0) {
		t.Fatalf("the running guest got a NIC before the plan was confirmed")
	}
	tm.keys("y")
	tm.waitFor(`added: config applied; live: applied`)
	cfg := d.MustVirsh(t, "dumpxml", "--inactive", dom)
	live := d.MustVirsh(t, "dumpxml", dom)
	if countNICs(cfg) != countNICs(cfg0)+1 || countNICs(live) != countNICs(live0)+1 {
		t.Fatalf("NICs: config %d → %d, live %d → %d; want one more each", countNICs(cfg0), countNICs(cfg), countNICs(live0), countNICs(live))
	}
	for what, x := range map[string]string{"config": cfg, "live": live} {
		if !strings.Contains(x, "<source bridge='"+br+"'/>") || !strings.Contains(x, "<model type='e1000e'/>") {
			t.Errorf("%s lacks the bridge %s + e1000e NIC:\n%s", what, br, x)
		}
		if strings.Contains(x, "network='default'") {
			t.Errorf("%s got a default-network NIC on the way:\n%s", what, x)
		}
	}
}
