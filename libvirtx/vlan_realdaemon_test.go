package libvirtx_test

// VLAN and MTU rules against libvirt 9.0 itself: each case is defined on a
// real libvirtd, started where that needs no hardware (a Linux bridge, veth
// links for macvtap), and libvirt's verdict must be the model's. Open
// vSwitch ports and SR-IOV VFs need what this machine lacks, so their cases
// are define-only: libvirt accepts the definition and the model raises no
// error.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"virtnic/libvirtx"
	"virtnic/libvirtx/testdaemon"
	"virtnic/model"
)

type vlanCase struct {
	name string
	nic  string // the <interface> without its <mac>
	// libvirt: "define" (refused at define), "start" (refused at start),
	// "starts", or "defines" (define-only: starting needs hardware).
	libvirt string
	says    string // part of libvirt's refusal, or of the model's warning
	// model: the worst problem Validate raises on vlan, vlan-native or
	// mtu for this NIC added new: "error", "warning" or "".
	model string
}

func vlanCases(br, veth, ovsNet, brNet, ptNet, mvNet string) []vlanCase {
	bridge := func(inner string) string {
		return "<interface type='bridge'><source bridge='" + br + "'/>" + inner + "<model type='virtio'/></interface>"
	}
	ovs := func(v string) string { return bridge(v + "<virtualport type='openvswitch'/>") }
	direct := func(mode, inner string) string {
		return "<interface type='direct'><source dev='" + veth + "' mode='" + mode + "'/>" + inner + "<model type='virtio'/></interface>"
	}
	network := func(net, inner string) string {
		return "<interface type='network'><source network='" + net + "'/>" + inner + "<model type='virtio'/></interface>"
	}
	hostdev := func(inner string) string {
		return "<interface type='hostdev' managed='yes'><source><address type='pci' domain='0x0000' bus='0x41' slot='0x10' function='0x1'/></source>" + inner + "</interface>"
	}
	tag10 := "<vlan><tag id='10'/></vlan>"
	return []vlanCase{
		{"linux bridge", bridge(tag10), "start", "vlan tag not supported for this connection type", "error"},
		{"open vswitch bridge", ovs(tag10), "defines", "", ""},
		{"open vswitch trunk, native", ovs("<vlan trunk='yes'><tag id='10' nativeMode='untagged'/><tag id='20'/></vlan>"), "defines", "", ""},
		{"open vswitch single-tag trunk", ovs("<vlan trunk='yes'><tag id='7'/></vlan>"), "defines", "", ""},
		{"tag 4095", ovs("<vlan><tag id='4095'/></vlan>"), "defines", "", ""},
		{"tag 4096", ovs("<vlan><tag id='4096'/></vlan>"), "define", "vlan tag id 4096 too large (maximum 4095)", "error"},
		{"two native tags", ovs("<vlan trunk='yes'><tag id='1' nativeMode='tagged'/><tag id='2' nativeMode='untagged'/></vlan>"), "define", "duplicate native vlan setting", "error"},
		{"native without trunk", ovs("<vlan><tag id='1' nativeMode='tagged'/></vlan>"), "defines", "", "warning"},
		{"macvtap bridge mode", direct("bridge", tag10), "start", "vlan tag not supported for this connection type", "error"},
		{"macvtap vepa", direct("vepa", tag10), "start", "vlan tag not supported for this connection type", "error"},
		{"macvtap passthrough of a non-VF", direct("passthrough", tag10), "start", "vlan can only be set for SR-IOV VFs", "warning"},
		{"macvtap passthrough trunk", direct("passthrough", "<vlan trunk='yes'><tag id='10'/><tag id='20'/></vlan>"), "start", "vlan can only be set for SR-IOV VFs", "error"},
		{"hostdev VF", hostdev("<vlan><tag id='42'/></vlan>"), "defines", "", ""},
		{"linux bridge network", network(brNet, tag10), "start", "vlan tag not supported for this connection type", "error"},
		{"macvtap network", network(mvNet, tag10), "start", "vlan tag not supported for this connection type", "error"},
		{"passthrough network of a non-VF", network(ptNet, tag10), "start", "vlan can only be set for SR-IOV VFs", "warning"},
		{"open vswitch network, own trunk over the portgroup", "<interface type='network'><source network='" + ovsNet + "' portgroup='v10'/>" +
			"<vlan trunk='yes'><tag id='10' nativeMode='untagged'/><tag id='20'/></vlan><model type='virtio'/></interface>", "defines", "", ""},
		{"mtu on a bridge", bridge("<mtu size='9000'/>"), "starts", "", ""},
		{"mtu 68", bridge("<mtu size='68'/>"), "starts", "", ""},
		{"mtu 65521", bridge("<mtu size='65521'/>"), "starts", "", ""},
		{"mtu 67", bridge("<mtu size='67'/>"), "start", "Cannot set interface MTU", "error"},
		{"mtu 65522", bridge("<mtu size='65522'/>"), "start", "Cannot set interface MTU", "error"},
		{"mtu on a network", network(brNet, "<mtu size='1400'/>"), "starts", "", ""},
		{"mtu on macvtap", direct("bridge", "<mtu size='1400'/>"), "define", "setting MTU on interface type direct is not supported yet", "error"},
		{"mtu on hostdev", hostdev("<mtu size='9000'/>"), "define", "setting MTU on interface type hostdev is not supported yet", "error"},
	}
}

func TestRealDaemonVLANAndMTUAcceptance(t *testing.T) {
	d := testdaemon.Start(t)
	vethA, vethB := testdaemon.Veth(t, "vnvl")
	br := testdaemon.Bridge(t, "vnvb")
	d.DefineNetwork(t, "vn-brnet", "<network><name>vn-brnet</name><forward mode='bridge'/><bridge name='"+br+"'/></network>", true)
	d.DefineNetwork(t, "vn-ovsnet", "<network><name>vn-ovsnet</name><forward mode='bridge'/><bridge name='"+br+"'/>"+
		"<virtualport type='openvswitch'/><portgroup name='v10'><vlan><tag id='10'/></vlan></portgroup></network>", false)
	d.DefineNetwork(t, "vn-ptnet", "<network><name>vn-ptnet</name><forward mode='passthrough'><interface dev='"+vethB+"'/></forward></network>", true)
	d.DefineNetwork(t, "vn-mvnet", "<network><name>vn-mvnet</name><forward mode='bridge'><interface dev='"+vethB+"'/></forward></network>", true)
	// libvirt refuses a portgroup VLAN on a Linux bridge network outright.
	if _, err := d.VirshXML("<network><name>vn-bad</name><forward mode='bridge'/><bridge name='"+br+"'/>"+
		"<portgroup name='v10'><vlan><tag id='10'/></vlan></portgroup></network>", "net-define"); err == nil ||
		!strings.Contains(err.Error(), "whose type doesn't support vlan configuration") {
		_, _ = d.Virsh("net-undefine", "vn-bad")
		t.Errorf("net-define of a Linux bridge network with a portgroup VLAN: %v", err)
	}
	c := rdOpen(t, d.URI(), false)
	sv, err := c.Survey(libvirtx.SurveyOpts{})
	if err != nil {
		t.Fatal(err)
	}
	for i, vc := range vlanCases(br, vethA, "vn-ovsnet", "vn-brnet", "vn-ptnet", "vn-mvnet") {
		t.Run(vc.name, func(t *testing.T) {
			name, mac := fmt.Sprintf("vnvl%d", i), testdaemon.MAC(0x7e1000+i)
			elem := strings.Replace(vc.nic, "<source", "<mac address='"+mac+"'/><source", 1)
			got := modelVerdict(t, elem, sv.Context(name))
			if got != vc.model {
				t.Errorf("model: worst problem %q, want %q", got, vc.model)
			}
			x, err := model.ReplaceInterface(testdaemon.DisklessDomainXML(name, mac, vethA, "bridge"), 0, elem)
			if err != nil {
				t.Fatal(err)
			}
			verdict, msg := libvirtVerdict(t, d, name, x, vc.libvirt != "defines")
			if verdict != vc.libvirt && !(vc.libvirt == "defines" && verdict == "starts") {
				t.Fatalf("libvirt: %s (%s), want %s", verdict, msg, vc.libvirt)
			}
			if vc.says != "" && (verdict == "define" || verdict == "start") && !strings.Contains(msg, vc.says) {
				t.Errorf("libvirt said %q, want it to say %q", msg, vc.says)
			}
		})
	}
}

// modelVerdict is the worst VLAN or MTU problem Validate raises on elem
// as a new NIC.
func modelVerdict(t *testing.T, elem string, ctx model.Context) string {
	t.Helper()
	iface, err := model.ParseInterface(elem)
	if err != nil {
		t.Fatal(err)
	}
	worst := ""
	for _, p := range model.Validate(model.NIC{}, model.NICFromXML(0, iface), ctx) {
		if p.Field != model.FieldVLAN && p.Field != model.FieldVLANNative && p.Field != model.FieldMTU {
			continue
		}
		if p.Severity == model.SeverityError {
			return "error"
		}
		worst = "warning"
	}
	return worst
}

// libvirtVerdict defines x and, if start, starts it: "define" or "start"
// with libvirt's message when one refuses, else "starts" or "defines".
func libvirtVerdict(t *testing.T, d *testdaemon.Daemon, name, x string, start bool) (string, string) {
	t.Helper()
	if _, err := d.VirshXML(x, "define"); err != nil {
		return "define", err.Error()
	}
	d.CleanupDomain(t, name)
	if !start {
		return "defines", ""
	}
	if _, err := d.Virsh("start", name); err != nil {
		return "start", err.Error()
	}
	_, _ = d.Virsh("destroy", name)
	return "starts", ""
}

// TestRealDaemonVLANAndMTULive: what a running guest takes. libvirt refuses
// a live MTU change ("cannot modify MTU") and checks a live VLAN change
// against the connection like a start does; virtnic predicts both and
// writes them to the config only. A NIC carrying <vlan>, <mtu> and
// <bandwidth> keeps them through an edit of another field.
func TestRealDaemonVLANAndMTULive(t *testing.T) {
	d := testdaemon.Start(t)
	br := testdaemon.Bridge(t, "vnvb")
	vethA, _ := testdaemon.Veth(t, "vnvl")
	const name, mac = "vnvlive", "52:54:00:7e:20:01"
	nic := func(inner string) string {
		return "<interface type='bridge'><mac address='" + mac + "'/><source bridge='" + br + "'/>" + inner + "<model type='virtio'/></interface>"
	}
	x, err := model.ReplaceInterface(testdaemon.DisklessDomainXML(name, mac, vethA, "bridge"), 0, nic("<mtu size='1500'/>"))
	if err != nil {
		t.Fatal(err)
	}
	d.DefineDomain(t, name, x)
	d.StartDomain(t, name)

	for what, inner := range map[string]string{
		"cannot modify MTU": "<mtu size='9000'/>",
		"vlan tag not supported for this connection type": "<mtu size='1500'/><vlan><tag id='10'/></vlan>",
	} {
		if _, err := d.VirshXML(nic(inner), "update-device", name, "--live"); err == nil || !strings.Contains(err.Error(), what) {
			t.Errorf("live update with %s: %v, want libvirt to say %q", inner, err, what)
		}
	}

	c := rdOpen(t, d.URI(), false)
	dom := rdLoad(t, c, name)
	n := dom.NICs[0]
	n.MTU = 9000
	res, err := c.SetNIC(dom, 0, n)
	if err != nil {
		t.Fatalf("SetNIC mtu: %v", err)
	}
	rdAssertPath(t, res, libvirtx.PathDevice)
	if len(res.Fields) != 1 || res.Fields[0].Field != model.FieldMTU || res.Fields[0].Live.Status != libvirtx.LiveAfterShutdown {
		t.Errorf("fields = %+v, want mtu after shutdown", res.Fields)
	}
	if cfg := rdNICs(t, rdSecure(t, d, name)); cfg[0].MTU != 9000 {
		t.Errorf("config mtu = %d, want 9000", cfg[0].MTU)
	}
	if live := rdNICs(t, d.MustVirsh(t, "dumpxml", name)); live[0].MTU != 1500 {
		t.Errorf("live mtu = %d, want 1500 until shutdown", live[0].MTU)
	}
	if re := rdLoad(t, c, name); !slices.Contains(re.NICs[0].Pending, model.FieldMTU) {
		t.Errorf("pending = %v, want mtu", re.NICs[0].Pending)
	}
}

// TestRealDaemonVLANWriteIsLossless: on a defined guest, per-device writes
// of an Open vSwitch NIC: a link toggle keeps <vlan>, <mtu> and <bandwidth>
// byte for byte as libvirt prints them, and a VLAN edit lands as planned.
func TestRealDaemonVLANWriteIsLossless(t *testing.T) {
	d := testdaemon.Start(t)
	br := testdaemon.Bridge(t, "vnvb")
	vethA, _ := testdaemon.Veth(t, "vnvl")
	const name, mac = "vnvlw", "52:54:00:7e:30:01"
	elem := "<interface type='bridge'><mac address='" + mac + "'/><source bridge='" + br + "'/>" +
		"<vlan trunk='yes'><tag id='10' nativeMode='untagged'/><tag id='20'/></vlan><virtualport type='openvswitch'/>" +
		"<bandwidth><inbound average='1000' peak='5000' burst='1024'/><outbound average='128'/></bandwidth>" +
		"<model type='virtio'/><mtu size='9000'/></interface>"
	x, err := model.ReplaceInterface(testdaemon.DisklessDomainXML(name, mac, vethA, "bridge"), 0, elem)
	if err != nil {
		t.Fatal(err)
	}
	d.DefineDomain(t, name, x)
	c := rdOpen(t, d.URI(), false)

	before := rdSecure(t, d, name)
	dom := rdLoad(t, c, name)
	n := dom.NICs[0]
	n.Link = "down"
	res, err := c.SetNIC(dom, 0, n)
	if err != nil {
		t.Fatalf("SetNIC link: %v", err)
	}
	rdResultClean(t, res)
	rdAssertPath(t, res, libvirtx.PathDevice)
	after := rdSecure(t, d, name)
	for _, kept := range []string{
		"<vlan trunk='yes'>\n        <tag id='10' nativeMode='untagged'/>\n        <tag id='20'/>\n      </vlan>",
		"<bandwidth>\n        <inbound average='1000' peak='5000' burst='1024'/>\n        <outbound average='128'/>\n      </bandwidth>",
		"<mtu size='9000'/>",
	} {
		if !strings.Contains(before, kept) || !strings.Contains(after, kept) {
			t.Errorf("%q not kept byte for byte:\nbefore\n%s\nafter\n%s", kept, before, after)
		}
	}
	assertOnlyNICChanged(t, before, after, 0, 0)

	dom = rdLoad(t, c, name)
	n = dom.NICs[0]
	n.VLAN = &model.VLAN{Tags: []model.VLANTag{{ID: 42}}}
	if _, err := c.SetNIC(dom, 0, n); err != nil {
		t.Fatalf("SetNIC vlan: %v", err)
	}
	cfg := rdNICs(t, rdSecure(t, d, name))
	if !model.VLANEqual(cfg[0].VLAN, n.VLAN) || cfg[0].MTU != 9000 || cfg[0].Bandwidth == nil || cfg[0].Link != "down" {
		t.Errorf("after the VLAN edit: vlan %s mtu %d bandwidth %+v link %s", model.VLANString(cfg[0].VLAN), cfg[0].MTU, cfg[0].Bandwidth, cfg[0].Link)
	}
}
