package libvirtx_test

import (
	"strings"
	"testing"

	"virtnic/libvirtx"
	"virtnic/libvirtx/testdaemon"
	"virtnic/model"
)

// A real libvirtd's pool accounting: a passthrough network over two veths
// and a running guest on it. libvirt counts the guest on the member it got
// (the live network XML), and the guest's live XML names that member, so
// the survey says which domain holds which member, without the live MACs
// a CLI survey does not read. Then a hostdev NIC (define only: no VF here)
// takes a MAC change losslessly.
func TestRealDaemonPool(t *testing.T) {
	d := testdaemon.Start(t)
	a, _ := testdaemon.Veth(t, "vnpl")
	b, _ := testdaemon.Veth(t, "vnpl")
	d.DefineNetwork(t, "vnpool", "<network><name>vnpool</name><forward mode='passthrough'><interface dev='"+a+"'/><interface dev='"+b+"'/></forward></network>", true)
	const guest, mac = "vnpl1", "52:54:00:7e:10:01"
	x := testdaemon.DisklessDomainXML(guest, mac, a, "bridge")
	x = strings.Replace(x, "<interface type='direct'>", "<interface type='network'>", 1)
	x = strings.Replace(x, "<source dev='"+a+"' mode='bridge'/>", "<source network='vnpool'/>", 1)
	d.DefineDomain(t, guest, x)
	d.StartDomain(t, guest)

	c := rdOpen(t, d.URI(), true)
	s, err := c.Survey(libvirtx.SurveyOpts{})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := s.Pools()["vnpool"]
	if !ok || p.Size != 2 || p.InUse != 1 || p.Free != 1 || p.Unplaced != 0 || !p.Exclusive {
		t.Fatalf("pool: %+v", p)
	}
	var held []string
	for _, m := range p.Members {
		if m.Taken {
			held = append(held, m.Dev)
			if m.Connections != 1 || len(m.Holders) != 1 || m.Holders[0].Domain != guest || m.Holders[0].MAC != mac {
				t.Errorf("member %s: connections %d holders %+v", m.Dev, m.Connections, m.Holders)
			}
		}
	}
	if len(held) != 1 {
		t.Fatalf("members taken: %v", held)
	}
	uses := model.DeviceUses(s.Domains, s.Networks, &s.SRIOV)
	if u := uses[held[0]]; len(u) != 1 || u[0].Pool != 1 || u[0].Network != "vnpool" {
		t.Errorf("uses of the held member %s: %+v", held[0], u)
	}
	other := a
	if held[0] == a {
		other = b
	}
	if u := uses[other]; len(u) != 0 {
		t.Errorf("the free member %s is listed as used: %+v", other, u)
	}
	if _, _, err := c.SRIOV(); err != nil {
		t.Errorf("SRIOV on a host without SR-IOV: %v", err)
	}

	const hd = "vnpl2"
	h := testdaemon.DisklessDomainXML(hd, "52:54:00:7e:10:02", a, "bridge")
	h = strings.Replace(h, "<interface type='direct'>", "<interface type='hostdev' managed='yes'>", 1)
	h = strings.Replace(h, "<source dev='"+a+"' mode='bridge'/>", "<source><address type='pci' domain='0x0000' bus='0x03' slot='0x02' function='0x1'/></source>", 1)
	h = strings.Replace(h, "<model type='virtio'/>", "", 1)
	d.DefineDomain(t, hd, h)
	w := rdOpen(t, d.URI(), false)
	dom := rdLoad(t, w, hd)
	n := dom.NICs[0]
	if n.Kind != model.KindHostdev || n.HostdevPCI != "0000:03:02.1" || !n.Editable {
		t.Fatalf("hostdev NIC reads %+v", n)
	}
	before := rdSecure(t, d, hd)
	n.MAC = "52:54:00:7e:10:09"
	if _, err := w.SetNIC(dom, 0, n); err != nil {
		t.Fatalf("SetNIC MAC of a hostdev NIC: %v", err)
	}
	after := rdSecure(t, d, hd)
	if got := rdNICs(t, after)[0]; got.MAC != "52:54:00:7e:10:09" || got.HostdevPCI != "0000:03:02.1" {
		t.Errorf("libvirt has %+v", got)
	}
	assertOnlyNICChanged(t, before, after, 0, 0)
	be, _ := model.InterfaceElements(before)
	ae, _ := model.InterfaceElements(after)
	diff, err := model.SemanticDiff(be[0], ae[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"- /interface/mac[@address=52:54:00:7e:10:02]", "+ /interface/mac[@address=52:54:00:7e:10:09]"}; !sameStrings(diff, want) {
		t.Errorf("the hostdev NIC changed by %q, want only its MAC %q", diff, want)
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
