package model

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func poolFile(t *testing.T, name string) string {
	t.Helper()
	return mustRead(t, filepath.Join("testdata", "pool", name))
}

// The captured live network counts the guest on the member it got; the
// inactive XML counts nothing.
func TestReadPoolXMLCaptured(t *testing.T) {
	live := Network{Name: "vnpool", Active: true, Forward: "passthrough"}
	if err := ReadPoolXML(&live, poolFile(t, "real-passthrough-live-net.xml")); err != nil {
		t.Fatal(err)
	}
	if live.Connections != 1 || !reflect.DeepEqual(live.MemberConnections, map[string]int{"vnpx8861a": 1}) {
		t.Errorf("live: connections %d, members %v", live.Connections, live.MemberConnections)
	}
	inactive := Network{Name: "vnpool", Forward: "passthrough"}
	if err := ReadPoolXML(&inactive, poolFile(t, "real-passthrough-inactive-net.xml")); err != nil {
		t.Fatal(err)
	}
	if inactive.Connections != 0 || inactive.MemberConnections != nil {
		t.Errorf("inactive: connections %d, members %v", inactive.Connections, inactive.MemberConnections)
	}
}

// A hostdev pool by PCI address (libvirt's schema: <address type='pci'
// … connections='n'/>, the parts as strtoul reads them) and one by PF.
func TestReadPoolXMLHostdev(t *testing.T) {
	var n Network
	err := ReadPoolXML(&n, `<network connections='2'><name>hd</name><forward mode='hostdev' managed='yes'>
	  <pf dev='ens1f0'/>
	  <address type='pci' domain='0x0000' bus='0x03' slot='0x02' function='0x0' connections='1'/>
	  <address type='pci' domain='0' bus='3' slot='2' function='1'/>
	  <address type='pci' domain='0x0000' bus='0x03' slot='0x02' function='0x2' connections='1'/>
	</forward></network>`)
	if err != nil {
		t.Fatal(err)
	}
	want := Network{ForwardPF: "ens1f0", ForwardAddrs: []string{"0000:03:02.0", "0000:03:02.1", "0000:03:02.2"},
		Connections: 2, MemberConnections: map[string]int{"0000:03:02.0": 1, "0000:03:02.2": 1}}
	if !reflect.DeepEqual(n, want) {
		t.Errorf("got %+v\nwant %+v", n, want)
	}
	if err := ReadPoolXML(&n, "<network><forward>"); err == nil {
		t.Error("truncated network XML read without error")
	}
}

// The captured running guest on the passthrough pool: from its live XML
// the pool knows which member it holds; from libvirt's count alone it
// knows a member is taken but not by whom; from neither (an inactive
// network, a driver that does not count) only that one is in use.
func TestPoolAccountingCaptured(t *testing.T) {
	cfg, err := ScanNICs(poolFile(t, "real-passthrough-inactive-domain.xml"))
	if err != nil {
		t.Fatal(err)
	}
	live, err := ScanNICs(poolFile(t, "real-passthrough-live-domain.xml"))
	if err != nil {
		t.Fatal(err)
	}
	net := func(file string) Network {
		n := Network{Name: "vnpool", Active: true, Forward: "passthrough", ForwardDevs: []string{"vnpx8861a", "vnpx8862a"}}
		if err := ReadPoolXML(&n, poolFile(t, file)); err != nil {
			t.Fatal(err)
		}
		return n
	}
	dom := DomainNICs{Name: "vnpxd", Active: true, NICs: cfg}
	placed := dom
	placed.Placed = Placements(cfg, live)
	if len(placed.Placed) != 1 || placed.Placed[0].Dev != "vnpx8861a" || placed.Placed[0].Network != "vnpool" {
		t.Fatalf("placements %+v", placed.Placed)
	}

	for _, c := range []struct {
		name    string
		net     Network
		dom     DomainNICs
		holder  string // who holds member 0, "" none known
		taken   bool
		unplace int
	}{
		{"live XML and count", net("real-passthrough-live-net.xml"), placed, "vnpxd", true, 0},
		{"count only", net("real-passthrough-live-net.xml"), dom, "", true, 0},
		{"neither", net("real-passthrough-inactive-net.xml"), dom, "", false, 1},
	} {
		s := HostSurvey{Networks: []Network{c.net}, Domains: []DomainNICs{c.dom}}
		p := s.Pools()["vnpool"]
		if p.Size != 2 || p.InUse != 1 || p.Free != 1 || !p.Exclusive || p.Unplaced != c.unplace {
			t.Errorf("%s: size %d in use %d free %d unplaced %d exclusive %v", c.name, p.Size, p.InUse, p.Free, p.Unplaced, p.Exclusive)
		}
		m := p.Members[0]
		var holders []string
		for _, u := range m.Holders {
			holders = append(holders, u.Domain)
		}
		if m.Taken != c.taken || strings.Join(holders, ",") != c.holder || p.Members[1].Taken {
			t.Errorf("%s: member 0 taken %v by %v, member 1 taken %v", c.name, m.Taken, holders, p.Members[1].Taken)
		}
		if len(p.Guests) != 1 || p.Guests[0].Domain != "vnpxd" || p.Guests[0].Mode != ModePassthrough {
			t.Errorf("%s: guests %+v", c.name, p.Guests)
		}
		// DeviceUses puts a placed NIC under its member only, certain.
		uses := DeviceUses(s.Domains, s.Networks, nil)
		if c.holder != "" && (len(uses["vnpx8862a"]) != 0 || len(uses["vnpx8861a"]) != 1 || uses["vnpx8861a"][0].Pool != 1) {
			t.Errorf("%s: uses %+v", c.name, uses)
		}
		if c.holder == "" && (len(uses["vnpx8862a"]) != 1 || uses["vnpx8862a"][0].Pool != 2) {
			t.Errorf("%s: an unplaced pool NIC is not under every member: %+v", c.name, uses)
		}
	}
}

// demoSRIOV is a PF ens1f0 with VFs ens1f0v0…v3 at 0000:03:02.0–3.
func demoSRIOV(t *testing.T) SRIOV {
	pf := PF{Netdev: "ens1f0", PCI: pci(t, "0000:03:00.0"), MaxVFs: 8}
	for i := 0; i < 4; i++ {
		pf.VFs = append(pf.VFs, VF{Index: i, PCI: PCIAddr{Bus: 3, Slot: 2, Function: uint(i)}, Netdev: "ens1f0v" + string(rune('0'+i))})
	}
	return SRIOV{PFs: []PF{pf}}
}

// A hostdev pool of a PF's VFs: members are the PF's VFs; a VF named by a
// running guest outside the pool is in use, one named by a shut-off guest
// reserved, and running pool guests not known where take the free ones.
func TestPoolOfPF(t *testing.T) {
	s := HostSurvey{
		SRIOV:    demoSRIOV(t),
		Networks: []Network{{Name: "sriov-pool", Active: true, Forward: "hostdev", ForwardPF: "ens1f0"}},
		Domains: []DomainNICs{
			{Name: "a", Active: true, NICs: []NICBrief{{Index: 0, MAC: "52:54:00:00:00:01", Kind: KindDirect, Dev: "ens1f0v1", Mode: ModePassthrough}}},
			{Name: "b", NICs: []NICBrief{{Index: 0, MAC: "52:54:00:00:00:02", Kind: KindHostdev, PCI: "0000:03:02.0"}}},
			{Name: "c", Active: true, NICs: []NICBrief{{Index: 0, MAC: "52:54:00:00:00:03", Kind: KindNetwork, Network: "sriov-pool"}}},
		},
	}
	p := s.Pools()["sriov-pool"]
	if p.Size != 4 || p.InUse != 2 || p.Reserved != 1 || p.Free != 1 || p.Unplaced != 1 || p.PF != "ens1f0" {
		t.Errorf("pool: size %d in use %d reserved %d free %d unplaced %d", p.Size, p.InUse, p.Reserved, p.Free, p.Unplaced)
	}
	if p.Members[0].PCI != "0000:03:02.0" || p.Members[0].Dev != "ens1f0v0" || p.Members[0].VF == nil || p.Members[0].VF.VF.Index != 0 {
		t.Errorf("member 0 %+v", p.Members[0])
	}
	if !p.Members[0].Reserved || !p.Members[1].Taken || p.Members[2].Taken || p.Members[3].Taken {
		t.Errorf("members %+v", p.Members)
	}

	src := s.Sources()
	if len(src.SRIOV) != 1 {
		t.Fatalf("SR-IOV usage %+v", src.SRIOV)
	}
	pf := src.SRIOV[0]
	states := []VFState{}
	for _, v := range pf.VFs {
		states = append(states, v.State)
	}
	if !reflect.DeepEqual(states, []VFState{VFReserved, VFTaken, VFFree, VFFree}) {
		t.Errorf("VF states %v", states)
	}
	// Two VFs no NIC names, one of them the running pool guest's: 1 free.
	if pf.Free != 1 || len(pf.VFs[2].MaybeHeld) != 1 || pf.VFs[2].MaybeHeld[0].Domain != "c" {
		t.Errorf("PF free %d, VF 2 may be held by %+v", pf.Free, pf.VFs[2].MaybeHeld)
	}
	if !reflect.DeepEqual(pf.VFs[3].Pools, []string{"sriov-pool"}) {
		t.Errorf("VF 3 pools %v", pf.VFs[3].Pools)
	}
	// The hostdev NIC is keyed by its VF's interface, mode hostdev.
	if u := s.Context("x").DeviceUse["ens1f0v0"]; len(u) < 1 || u[0].Domain != "b" || u[0].Mode != ModeHostdev {
		t.Errorf("uses of ens1f0v0 %+v", u)
	}

	// The PF is gone from the node devices: the pool says why it is empty.
	s.SRIOV = SRIOV{}
	if p := s.Pools()["sriov-pool"]; p.Size != 0 || !strings.Contains(p.Note, "not an SR-IOV PF") {
		t.Errorf("pool without its PF: %+v", p)
	}
}

// A pool whose guests share members (bridge, private, vepa) is not
// exclusive; a pool of one device places every guest on it.
func TestSharedPoolOfOne(t *testing.T) {
	s := HostSurvey{
		Networks: []Network{{Name: "mv", Active: true, Forward: "bridge", ForwardDevs: []string{"eth1"}}},
		Domains: []DomainNICs{
			{Name: "a", Active: true, NICs: []NICBrief{{Index: 0, MAC: "52:54:00:00:00:01", Kind: KindNetwork, Network: "mv"}}},
			{Name: "b", NICs: []NICBrief{{Index: 0, MAC: "52:54:00:00:00:02", Kind: KindNetwork, Network: "mv"}}},
		},
	}
	p := s.Pools()["mv"]
	if p.Exclusive || p.Size != 1 || p.Unplaced != 0 || len(p.Members[0].Holders) != 1 || p.Members[0].Holders[0].Domain != "a" {
		t.Errorf("pool %+v", p)
	}
	if !PoolNetwork(Network{Forward: "bridge", ForwardPF: "ens1f0"}) || PoolNetwork(Network{Forward: "bridge", Bridge: "br0"}) || PoolNetwork(Network{Forward: "nat"}) {
		t.Error("PoolNetwork misjudges a network")
	}
}
