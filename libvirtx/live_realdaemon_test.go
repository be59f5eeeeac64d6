package libvirtx_test

// What a running guest's NIC takes, asked of libvirt 9.0 itself: each edit
// is predicted by model.PlanIn and sent to the running guest as libvirt's
// own update-device --live, and the prediction must be libvirt's answer.
// The guest is diskless with a macvtap NIC on a veth, a NIC on a Linux
// bridge this test creates and a NIC on a network over such a bridge;
// Open vSwitch and 802.1Qbg/Qbh ports need what this machine must not or
// cannot run, so model/live_test.go alone covers them.

import (
	"strings"
	"testing"

	"virtnic/libvirtx"
	"virtnic/libvirtx/testdaemon"
	"virtnic/model"
)

type liveCase struct {
	name string
	mac  string
	edit func(n *model.NIC)
	// shows is part of the guest's live <interface> once libvirt really
	// applied the edit: libvirt can accept an update and change nothing.
	shows string
}

// liveTries: for these cases, a libvirt error with this text shows that it
// went the live way and the host could not follow (this kernel has no
// traffic shaping modules for tc).
var liveTries = map[string]string{
	"network: portgroup with a bandwidth": "Child process (tc ",
}

func TestRealDaemonLivePrediction(t *testing.T) {
	d := testdaemon.Start(t)
	vethA, vethB := testdaemon.Veth(t, "vnlp")
	vethC, _ := testdaemon.Veth(t, "vnlp")
	br1, br2 := testdaemon.Bridge(t, "vnlpb"), testdaemon.Bridge(t, "vnlpb")
	d.DefineNetwork(t, "vn-lb1", "<network><name>vn-lb1</name><forward mode='bridge'/><bridge name='"+br1+"'/>"+
		"<portgroup name='pa'><bandwidth><outbound average='1000'/></bandwidth></portgroup><portgroup name='pb'/></network>", true)
	d.DefineNetwork(t, "vn-lb2", "<network><name>vn-lb2</name><forward mode='bridge'/><bridge name='"+br2+"'/></network>", true)
	d.DefineNetwork(t, "vn-mv", "<network><name>vn-mv</name><forward mode='bridge'><interface dev='"+vethB+"'/></forward></network>", true)
	d.DefineNetwork(t, "vn-mvsame", "<network><name>vn-mvsame</name><forward mode='bridge'><interface dev='"+vethA+"'/></forward></network>", true)

	const name = "vnlivep"
	macD, macB, macN := testdaemon.MAC(0x7e4001), testdaemon.MAC(0x7e4002), testdaemon.MAC(0x7e4003)
	x := testdaemon.DisklessDomainXML(name, macD, vethA, "bridge")
	for _, e := range []string{
		"<interface type='bridge'><mac address='" + macB + "'/><source bridge='" + br1 + "'/><model type='virtio'/></interface>",
		"<interface type='network'><mac address='" + macN + "'/><source network='vn-lb1'/><model type='virtio'/></interface>",
	} {
		var err error
		if x, err = model.InsertInterface(x, e); err != nil {
			t.Fatal(err)
		}
	}
	d.DefineDomain(t, name, x)
	d.StartDomain(t, name)

	c := rdOpen(t, d.URI(), false)
	sv, err := c.Survey(libvirtx.SurveyOpts{})
	if err != nil {
		t.Fatal(err)
	}
	nets := sv.Context(name).Networks
	toBridge := func(br string) func(n *model.NIC) {
		return func(n *model.NIC) {
			n.Kind, n.Bridge, n.Network, n.PortGroup, n.Dev, n.Mode = model.KindBridge, br, "", "", "", ""
		}
	}
	toNetwork := func(net string) func(n *model.NIC) {
		return func(n *model.NIC) { n.Kind, n.Network, n.Bridge, n.Dev, n.Mode = model.KindNetwork, net, "", "", "" }
	}
	toDirect := func(dev string) func(n *model.NIC) {
		return func(n *model.NIC) {
			n.Kind, n.Dev, n.Mode, n.Bridge, n.Network = model.KindDirect, dev, model.ModeBridge, "", ""
		}
	}
	linkDown := func(n *model.NIC) { n.Link = "down" }
	cases := []liveCase{
		{"direct: link", macD, linkDown, "<link state='down'/>"},
		{"direct: mode", macD, func(n *model.NIC) { n.Mode = model.ModeVEPA }, "mode='vepa'"},
		{"direct: device", macD, toDirect(vethC), "dev='" + vethC + "'"},
		{"direct: to a Linux bridge", macD, toBridge(br1), "bridge='" + br1 + "'"},
		{"direct: to a macvtap network on another device", macD, toNetwork("vn-mv"), "network='vn-mv'"},
		// Same device and mode: libvirt answers success and keeps the
		// running NIC a plain direct one (needReplaceDevDef stays false).
		{"direct: to a macvtap network on its own device", macD, toNetwork("vn-mvsame"), "network='vn-mvsame'"},
		{"direct: model", macD, func(n *model.NIC) { n.Model = "e1000" }, "type='e1000'"},
		{"bridge: link", macB, linkDown, "<link state='down'/>"},
		{"bridge: another Linux bridge", macB, toBridge(br2), "bridge='" + br2 + "'"},
		{"bridge: to a bridge network", macB, toNetwork("vn-lb2"), "network='vn-lb2'"},
		{"bridge: to a macvtap network", macB, toNetwork("vn-mv"), "network='vn-mv'"},
		{"bridge: to direct", macB, toDirect(vethC), "dev='" + vethC + "'"},
		{"bridge: an openvswitch virtual port", macB, func(n *model.NIC) {
			n.VirtualPort = &model.VirtualPort{Type: model.VPortOpenVSwitch, InterfaceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"}
		}, "openvswitch"},
		{"bridge: mtu", macB, func(n *model.NIC) { n.MTU = 1400 }, "<mtu size='1400'/>"},
		{"bridge: vlan", macB, func(n *model.NIC) { n.VLAN = &model.VLAN{Tags: []model.VLANTag{{ID: 10}}} }, "<tag id='10'/>"},
		{"network: link", macN, linkDown, "<link state='down'/>"},
		{"network: another bridge network", macN, toNetwork("vn-lb2"), "network='vn-lb2'"},
		{"network: portgroup with a bandwidth", macN, func(n *model.NIC) { n.PortGroup = "pa" }, "portgroup='pa'"},
		// Nothing the portgroup sets differs: libvirt answers success and
		// keeps the old portgroup on the running NIC.
		{"network: portgroup that sets nothing", macN, func(n *model.NIC) { n.PortGroup = "pb" }, "portgroup='pb'"},
		{"network: to a Linux bridge", macN, toBridge(br2), "bridge='" + br2 + "'"},
		{"network: to a macvtap network", macN, toNetwork("vn-mv"), "network='vn-mv'"},
		{"network: mac", macN, func(n *model.NIC) { n.MAC = testdaemon.MAC(0x7e40ff) }, testdaemon.MAC(0x7e40ff)},
	}
	for _, lc := range cases {
		t.Run(lc.name, func(t *testing.T) { checkLivePrediction(t, d, c, name, nets, lc) })
	}
}

// checkLivePrediction predicts lc's edit, sends it to the running guest
// and compares; an edit libvirt took is undone the same way.
func checkLivePrediction(t *testing.T, d *testdaemon.Daemon, c *libvirtx.Conn, name string, nets map[string]model.Network, lc liveCase) {
	dom := rdLoad(t, c, name)
	idx := rdIndexByMAC(dom.NICs, lc.mac)
	if idx < 0 || dom.NICs[idx].Running == nil {
		t.Fatalf("NIC %s: index %d, running connection not read", lc.mac, idx)
	}
	old := dom.NICs[idx]
	n := old
	lc.edit(&n)
	changes := model.PlanIn(old, n, true, nets)
	if len(changes) == 0 {
		t.Fatal("the edit changes nothing")
	}
	predicted := true
	for _, ch := range changes {
		predicted = predicted && ch.Live
	}
	elems, err := model.InterfaceElements(dom.InactiveXML)
	if err != nil {
		t.Fatal(err)
	}
	before, after := elems[idx], editedElement(t, elems[idx], old, n)
	_, uerr := d.VirshXML(after, "update-device", name, "--live")
	took := uerr == nil && strings.Contains(liveElementByMAC(t, d, name, n.MAC), lc.shows)
	if tries := liveTries[lc.name]; uerr != nil && tries != "" && strings.Contains(uerr.Error(), tries) {
		t.Logf("libvirt applies it live, the host cannot: %v", uerr)
		took = true
	}
	if uerr == nil {
		if _, err := d.VirshXML(before, "update-device", name, "--live"); err != nil {
			t.Fatalf("undoing the edit: %v", err)
		}
	}
	if took != predicted {
		t.Errorf("libvirt took it: %v (%v); predicted %+v", took, uerr, changes)
	}
}

func editedElement(t *testing.T, elem string, old, n model.NIC) string {
	t.Helper()
	iface, err := model.ParseInterface(elem)
	if err != nil {
		t.Fatal(err)
	}
	if err := model.ApplyToXML(iface, old, n); err != nil {
		t.Fatal(err)
	}
	x, err := iface.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// liveElementByMAC is the running guest's <interface> with mac, "" when
// it has none.
func liveElementByMAC(t *testing.T, d *testdaemon.Daemon, name, mac string) string {
	t.Helper()
	elems, err := model.InterfaceElements(d.MustVirsh(t, "dumpxml", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range elems {
		if strings.Contains(strings.ToLower(e), "address='"+strings.ToLower(mac)+"'") {
			return e
		}
	}
	return ""
}
