package libvirtx_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"virtnic/libvirtx"
	"virtnic/model"
)

func openWriteNode(t *testing.T) *libvirtx.Conn {
	t.Helper()
	p, err := filepath.Abs("testdata/write-node.xml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := libvirtx.Open("test://"+p, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func load(t *testing.T, c *libvirtx.Conn, name string) *libvirtx.Domain {
	t.Helper()
	d, err := c.LoadDomain(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return d
}

func u(v uint) *uint { return &v }

// assertOnlyNICChanged proves a write was lossless: with the edited NIC taken
// out of both, the persistent XML before and after means the same.
func assertOnlyNICChanged(t *testing.T, before, after string, idxBefore, idxAfter int) {
	t.Helper()
	var err error
	if idxBefore >= 0 {
		if before, err = model.RemoveInterface(before, idxBefore); err != nil {
			t.Fatal(err)
		}
	}
	if idxAfter >= 0 {
		if after, err = model.RemoveInterface(after, idxAfter); err != nil {
			t.Fatal(err)
		}
	}
	diff, err := model.SemanticDiff(before, after)
	if err != nil {
		t.Fatal(err)
	}
	if len(diff) > 0 {
		t.Errorf("write changed the domain outside the edited NIC:\n%s", strings.Join(diff, "\n"))
	}
}

func TestSetNICEveryEditKindIsLossless(t *testing.T) {
	cases := []struct {
		name  string
		dom   string
		idx   int
		edit  func(n *model.NIC)
		check func(t *testing.T, n model.NIC)
	}{
		{"link", "rich", 0, func(n *model.NIC) { n.Link = "down" },
			func(t *testing.T, n model.NIC) { eq(t, n.Link, "down") }},
		{"mode", "rich", 0, func(n *model.NIC) { n.Mode = model.ModePrivate },
			func(t *testing.T, n model.NIC) { eq(t, string(n.Mode), "private") }},
		{"direct device", "rich", 0, func(n *model.NIC) { n.Dev = "eth0.100" },
			func(t *testing.T, n model.NIC) { eq(t, n.Dev, "eth0.100") }},
		{"model", "rich", 1, func(n *model.NIC) { n.Model = "rtl8139" },
			func(t *testing.T, n model.NIC) { eq(t, n.Model, "rtl8139") }},
		{"mac", "rich", 1, func(n *model.NIC) { n.MAC = "52:54:00:ab:cd:ef" },
			func(t *testing.T, n model.NIC) { eq(t, n.MAC, "52:54:00:ab:cd:ef") }},
		{"network to ovs network with portgroup", "rich", 1, func(n *model.NIC) { n.Network, n.PortGroup = "ovs", "vlan-20" },
			func(t *testing.T, n model.NIC) { eq(t, n.Network, "ovs"); eq(t, n.PortGroup, "vlan-20") }},
		{"Qbg direct to Qbh private", "rich", 0, func(n *model.NIC) {
			n.Mode = model.ModePrivate
			n.VirtualPort = &model.VirtualPort{Type: model.VPortQbh, ProfileID: "finance"}
		}, func(t *testing.T, n model.NIC) {
			eq(t, string(n.VirtualPort.Type), "802.1Qbh")
			eq(t, n.VirtualPort.ProfileID, "finance")
		}},
		{"Qbg parameters", "rich", 0, func(n *model.NIC) {
			n.VirtualPort = &model.VirtualPort{Type: model.VPortQbg, ManagerID: u(12), TypeID: u(16777215), TypeIDVersion: u(0)}
		}, func(t *testing.T, n model.NIC) {
			vp := n.VirtualPort
			if vp.ManagerID == nil || *vp.ManagerID != 12 || *vp.TypeID != 16777215 || *vp.TypeIDVersion != 0 {
				t.Errorf("virtual port = %+v", vp)
			}
			if len(vp.InstanceID) != 36 {
				t.Errorf("blank instanceid was not generated: %q", vp.InstanceID)
			}
		}},
		// MidoNet takes no VLAN tags, so the edit drops the NIC's too.
		{"bridge ovs to midonet", "rich", 2, func(n *model.NIC) {
			n.VirtualPort, n.VLAN = &model.VirtualPort{Type: model.VPortMidonet}, nil
		}, func(t *testing.T, n model.NIC) {
			eq(t, string(n.VirtualPort.Type), "midonet")
			if n.VLAN != nil {
				t.Errorf("vlan survived its removal: %+v", n.VLAN)
			}
			if len(n.VirtualPort.InterfaceID) != 36 {
				t.Errorf("midonet interfaceid not generated: %q", n.VirtualPort.InterfaceID)
			}
		}},
		{"bridge to direct passthrough, port removed", "rich", 2, func(n *model.NIC) {
			n.Kind, n.Bridge, n.Dev, n.Mode, n.VirtualPort = model.KindDirect, "", "eth0.100", model.ModePassthrough, nil
		}, func(t *testing.T, n model.NIC) {
			eq(t, string(n.Kind), "direct")
			eq(t, string(n.Mode), "passthrough")
			if n.VirtualPort != nil && n.VirtualPort.Type != model.VPortNone {
				t.Errorf("virtual port survived: %+v", n.VirtualPort)
			}
		}},
		{"network to bridge", "rich", 1, func(n *model.NIC) { n.Kind, n.Network, n.Bridge = model.KindBridge, "", "br0" },
			func(t *testing.T, n model.NIC) { eq(t, string(n.Kind), "bridge"); eq(t, n.Bridge, "br0") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := openWriteNode(t)
			d := load(t, c, tc.dom)
			n := d.NICs[tc.idx]
			tc.edit(&n)
			res, err := c.SetNIC(d, tc.idx, n)
			if err != nil {
				t.Fatalf("SetNIC: %v", err)
			}
			if len(res.Fields) == 0 {
				t.Fatal("no change reported")
			}
			after := load(t, c, tc.dom)
			tc.check(t, after.NICs[tc.idx])
			if !strings.Contains(after.InactiveXML, "passwd='s3cret'") {
				t.Error("graphics password lost")
			}
			if !strings.Contains(after.InactiveXML, "http://example.org/app/1") {
				t.Error("foreign metadata lost")
			}
			assertOnlyNICChanged(t, d.InactiveXML, after.InactiveXML, tc.idx, tc.idx)
			if res.XML != after.InactiveXML {
				t.Error("Result.XML is not the re-read persistent XML")
			}
		})
	}
}

func eq(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSetNICOnRunningDomainReportsLiveOutcome(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "live")
	n := d.NICs[0]
	n.Link = "down"
	res, err := c.SetNIC(d, 0, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fields) != 1 || res.Fields[0].Field != model.FieldLink {
		t.Fatalf("fields = %+v", res.Fields)
	}
	// The test driver has no virDomainUpdateDeviceFlags: the engine must say
	// so in libvirt's words and promise the next boot, not claim success.
	lo := res.Fields[0].Live
	if lo.Status != libvirtx.LiveAfterShutdown || !strings.Contains(lo.Message, "virDomainUpdateDeviceFlags") || !strings.Contains(lo.Reason, "after the next guest shutdown") {
		t.Errorf("live outcome = %+v", lo)
	}
	if got := load(t, c, "live").NICs[0].Link; got != "down" {
		t.Errorf("config link = %q, want down", got)
	}

	// A mode change on a running direct NIC is predicted after-shutdown and
	// never attempted live.
	d = load(t, c, "live")
	n = d.NICs[1]
	n.Mode = model.ModeVEPA
	res, err = c.SetNIC(d, 1, n)
	if err != nil {
		t.Fatal(err)
	}
	if lo := res.Fields[0].Live; lo.Status != libvirtx.LiveAfterShutdown || lo.Message != "" {
		t.Errorf("mode live outcome = %+v (must be predicted, not attempted)", lo)
	}
}

// A plan made before someone else's write still applies when that write
// touched another NIC (and keeps it), and is refused when it touched the
// same NIC.
func TestConcurrentEditOfSameNICIsRefusedOtherNICKept(t *testing.T) {
	c := openWriteNode(t)
	stale := load(t, c, "rich")
	fresh := load(t, c, "rich")
	n := fresh.NICs[1]
	n.Model = "rtl8139"
	if _, err := c.SetNIC(fresh, 1, n); err != nil {
		t.Fatal(err)
	}
	n = stale.NICs[0]
	n.Link = "down"
	res, err := c.SetNIC(stale, 0, n)
	if err != nil {
		t.Fatalf("stale edit of another NIC: %v", err)
	}
	if len(res.Others) == 0 {
		t.Errorf("the other writer's change was not reported: %+v", res)
	}
	now := load(t, c, "rich")
	if now.NICs[0].Link != "down" || now.NICs[1].Model != "rtl8139" {
		t.Errorf("a change was lost: %+v", now.NICs[:2])
	}
	n = stale.NICs[1]
	n.Link = "down"
	if _, err := c.SetNIC(stale, 1, n); !errors.Is(err, libvirtx.ErrConcurrentEdit) {
		t.Fatalf("stale edit of the same NIC: err = %v, want ErrConcurrentEdit", err)
	}
	if now := load(t, c, "rich"); now.NICs[1].Link != "up" || now.NICs[1].Model != "rtl8139" {
		t.Errorf("stale edit was written: %+v", now.NICs[1])
	}
}

func TestDryRunWritesNothingAndShowsDiff(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "rich")
	n := d.NICs[0]
	n.Mode = model.ModeBridge
	p, err := c.PlanSet(d, 0, n, libvirtx.PlanOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Diff, "-") || !strings.Contains(p.Diff, "bridge") || !strings.Contains(p.Element, "mode='bridge'") {
		t.Errorf("plan: diff %q element %q", p.Diff, p.Element)
	}
	if now := load(t, c, "rich"); now.InactiveXML != d.InactiveXML {
		t.Error("dry run wrote")
	}
}

func TestAddAndRemoveAreLossless(t *testing.T) {
	c := openWriteNode(t)
	d := load(t, c, "rich")
	res, err := c.AddNIC(d, model.NIC{})
	if err != nil {
		t.Fatal(err)
	}
	after := load(t, c, "rich")
	if len(after.NICs) != 4 {
		t.Fatalf("NICs after add = %d", len(after.NICs))
	}
	added := after.NICs[3]
	if added.Kind != model.KindNetwork || added.Network != "default" || added.Model != "virtio" || !strings.HasPrefix(added.MAC, "52:54:00:") || added.MAC != res.Plan.MAC {
		t.Errorf("added NIC = %+v (result MAC %s)", added, res.Plan.MAC)
	}
	assertOnlyNICChanged(t, d.InactiveXML, after.InactiveXML, -1, 3)

	res, err = c.RemoveNIC(after, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Live.Status != libvirtx.LiveNotApplicable {
		t.Errorf("remove on shut-off domain: live %+v", res.Live)
	}
	final := load(t, c, "rich")
	if len(final.NICs) != 3 || final.NICs[1].MAC != "52:54:00:10:00:03" {
		t.Errorf("after remove: %+v", final.NICs)
	}
	assertOnlyNICChanged(t, after.InactiveXML, final.InactiveXML, 1, -1)
}

// Sources is the survey's sources, and the survey's context holds every
// domain's MACs and device uses.
func TestSourcesAreTheSurveys(t *testing.T) {
	c := openWriteNode(t)
	src, warn, err := c.Sources()
	if err != nil {
		t.Fatal(err)
	}
	sv, err := c.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(src, sv.Sources()) || !reflect.DeepEqual(warn, sv.Warnings) {
		t.Errorf("Sources differs from Survey().Sources():\n%+v\n%+v", src, sv.Sources())
	}
	ctx := sv.Context("rich")
	if len(ctx.MACsInUse) == 0 || len(src.Devices) == 0 || ctx.Domain != "rich" {
		t.Errorf("empty survey: %d MACs, %d devices, domain %q", len(ctx.MACsInUse), len(src.Devices), ctx.Domain)
	}
}
