package libvirtx_test

// Scenario tests of the write path against a real libvirtd + QEMU that the
// test starts itself (libvirtx/testdaemon: private mount namespace, TCG,
// diskless guests on veth pairs). They skip without root, libvirtd or QEMU,
// and fail instead when CI=true. Every scenario checks libvirt's own state
// by re-reading it with virsh, and proves the write lossless: with the
// edited NIC taken out, the persistent XML (--inactive --security-info)
// before and after means the same.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"libvirt.org/go/libvirtxml"

	"virtnic/libvirtx"
	"virtnic/libvirtx/testdaemon"
	"virtnic/model"
)

const (
	rdDom    = "vnrd1" // running diskless guest
	rdDefDom = "vnrd2" // defined only: 802.1Qbg/802.1Qbh must never start on a veth
	rdMAC1   = "52:54:00:7d:00:01"
	rdMAC1b  = "52:54:00:7d:00:0b"
	rdMAC2   = "52:54:00:7d:00:02"
	rdMAC3   = "52:54:00:7d:00:03"
)

func TestRealDaemonWrites(t *testing.T) {
	t0 := time.Now()
	d := testdaemon.Start(t)
	vethA, vethB := testdaemon.Veth(t, "vnrd")

	d.DefineDomain(t, rdDom, testdaemon.DisklessDomainXML(rdDom, rdMAC1, vethA, "bridge"))
	d.StartDomain(t, rdDom)
	c := rdOpen(t, d.URI(), false)
	t.Logf("daemon, veths, domain started and connected in %v", time.Since(t0))

	// step runs one write scenario and then the checks every write must
	// pass: the VNC password (a secret) survived and nothing outside the
	// edited NIC changed.
	step := func(name string, idxBefore, idxAfter int, f func(t *testing.T, before string)) {
		t.Run(name, func(t *testing.T) {
			ts := time.Now()
			before := rdSecure(t, d, rdDom)
			f(t, before)
			after := rdSecure(t, d, rdDom)
			rdAssertSecret(t, after)
			assertOnlyNICChanged(t, before, after, idxBefore, idxAfter)
			t.Logf("%s took %v", name, time.Since(ts))
		})
	}

	step("link down applies live and to config", 0, 0, func(t *testing.T, before string) {
		dom := rdLoad(t, c, rdDom)
		n := dom.NICs[0]
		n.Link = "down"
		res, err := c.SetNIC(dom, 0, n)
		if err != nil {
			t.Fatalf("SetNIC link down: %v", err)
		}
		rdResultClean(t, res)
		rdAssertPath(t, res, libvirtx.PathDevice)
		rdAssertAddressKept(t, before, rdSecure(t, d, rdDom), 0, 0)
		if res.Live.Status != libvirtx.LiveApplied {
			t.Errorf("live status = %q (%s %s), want applied", res.Live.Status, res.Live.Reason, res.Live.Message)
		}
		if len(res.Fields) != 1 || res.Fields[0].Field != model.FieldLink || res.Fields[0].Live.Status != libvirtx.LiveApplied {
			t.Errorf("fields = %+v, want one link field applied live", res.Fields)
		}
		if got := d.MustVirsh(t, "domif-getlink", rdDom, rdMAC1); !strings.Contains(got, "down") {
			t.Errorf("virsh domif-getlink = %q, want down", got)
		}
		cfg := rdNICs(t, rdSecure(t, d, rdDom))
		if cfg[0].Link != "down" {
			t.Errorf("config link = %q, want down", cfg[0].Link)
		}
		live := rdNICs(t, d.MustVirsh(t, "dumpxml", rdDom))
		if live[0].Link != "down" {
			t.Errorf("live XML link = %q, want down", live[0].Link)
		}
		re := rdLoad(t, c, rdDom)
		if re.NICs[0].Link != "down" || re.Live[0].Link != "down" || len(re.NICs[0].Pending) != 0 {
			t.Errorf("reloaded: config link %q, live link %q, pending %v", re.NICs[0].Link, re.Live[0].Link, re.NICs[0].Pending)
		}
	})

	step("mode change is config only", 0, 0, func(t *testing.T, before string) {
		dom := rdLoad(t, c, rdDom)
		n := dom.NICs[0]
		n.Mode = model.ModeVEPA
		res, err := c.SetNIC(dom, 0, n)
		if err != nil {
			t.Fatalf("SetNIC mode vepa: %v", err)
		}
		rdResultClean(t, res)
		rdAssertPath(t, res, libvirtx.PathDevice)
		rdAssertAddressKept(t, before, rdSecure(t, d, rdDom), 0, 0)
		if res.Live.Status != libvirtx.LiveAfterShutdown {
			t.Errorf("live status = %q (%s %s), want after shutdown", res.Live.Status, res.Live.Reason, res.Live.Message)
		}
		if cfg := rdNICs(t, rdSecure(t, d, rdDom)); cfg[0].Mode != model.ModeVEPA {
			t.Errorf("config mode = %q, want vepa", cfg[0].Mode)
		}
		if live := rdNICs(t, d.MustVirsh(t, "dumpxml", rdDom)); live[0].Mode != model.ModeBridge {
			t.Errorf("live mode = %q, want bridge (unchanged until shutdown)", live[0].Mode)
		}
		re := rdLoad(t, c, rdDom)
		if !slices.Contains(re.NICs[0].Pending, model.FieldMode) {
			t.Errorf("reloaded pending = %v, want it to include mode", re.NICs[0].Pending)
		}
	})

	step("add NIC attaches live", -1, 1, func(t *testing.T, before string) {
		dom := rdLoad(t, c, rdDom)
		res, err := c.AddNIC(dom, model.NIC{Kind: model.KindDirect, Dev: vethB, Mode: model.ModeBridge, MAC: rdMAC2, Model: "virtio"})
		if err != nil {
			t.Fatalf("AddNIC: %v", err)
		}
		rdAssertPath(t, res, libvirtx.PathDevice)
		rdResultClean(t, res)
		if res.Live.Status != libvirtx.LiveApplied {
			t.Errorf("live status = %q (%s %s), want applied", res.Live.Status, res.Live.Reason, res.Live.Message)
		}
		cfg := rdNICs(t, rdSecure(t, d, rdDom))
		if len(cfg) != 2 || cfg[1].MAC != rdMAC2 || cfg[1].Dev != vethB || cfg[1].Mode != model.ModeBridge {
			t.Errorf("config NICs after add = %+v", cfg)
		}
		live := rdNICs(t, d.MustVirsh(t, "dumpxml", rdDom))
		if i := rdIndexByMAC(live, rdMAC2); i < 0 || live[i].Target == "" {
			t.Errorf("live XML lacks the attached NIC %s: %+v", rdMAC2, live)
		}
		if taps, _ := testdaemon.Macvtaps(vethB); len(taps) != 1 {
			t.Errorf("macvtaps on %s = %v, want one", vethB, taps)
		}
	})

	step("remove NIC: config removed, live unplug requested", 1, -1, func(t *testing.T, before string) {
		dom := rdLoad(t, c, rdDom)
		ts := time.Now()
		res, err := c.RemoveNIC(dom, 1)
		if err != nil {
			t.Fatalf("RemoveNIC: %v", err)
		}
		rdAssertPath(t, res, libvirtx.PathDevice)
		if took := time.Since(ts); took > 3*time.Second {
			// DetachDeviceFlags(LIVE) waits up to 5 s for the guest's ACK;
			// virDomainDetachDeviceAlias only sends the request (~20 ms).
			t.Logf("note: RemoveNIC took %v waiting for an unplug ACK that never comes; DetachDeviceAlias(alias, LIVE) is asynchronous", took)
		}
		rdResultClean(t, res)
		if res.Live.Status != libvirtx.LiveRequested {
			t.Errorf("live status = %q (%s %s), want requested", res.Live.Status, res.Live.Reason, res.Live.Message)
		}
		cfg := rdNICs(t, rdSecure(t, d, rdDom))
		if len(cfg) != 1 || rdIndexByMAC(cfg, rdMAC2) >= 0 {
			t.Errorf("config NICs after remove = %+v", cfg)
		}
		// A guest without an OS never acknowledges the ACPI unplug, so the
		// running guest keeps the NIC: that is what "requested" means.
		live := rdNICs(t, d.MustVirsh(t, "dumpxml", rdDom))
		if rdIndexByMAC(live, rdMAC2) < 0 {
			t.Logf("note: the guest released %s after all", rdMAC2)
		}
	})

	step("MAC change is config only", 0, 0, func(t *testing.T, before string) {
		dom := rdLoad(t, c, rdDom)
		n := dom.NICs[0]
		n.MAC = rdMAC1b
		res, err := c.SetNIC(dom, 0, n)
		if err != nil {
			t.Fatalf("SetNIC mac: %v", err)
		}
		rdResultClean(t, res)
		// libvirt's device update finds the NIC by its MAC, so a new MAC
		// takes the define path; the NIC keeps its place and address.
		rdAssertPath(t, res, libvirtx.PathDefine)
		rdAssertAddressKept(t, before, rdSecure(t, d, rdDom), 0, 0)
		if res.Live.Status != libvirtx.LiveAfterShutdown {
			t.Errorf("live status = %q (%s %s), want after shutdown", res.Live.Status, res.Live.Reason, res.Live.Message)
		}
		cfg := rdNICs(t, rdSecure(t, d, rdDom))
		if cfg[0].MAC != rdMAC1b || cfg[0].Mode != model.ModeVEPA || cfg[0].Link != "down" {
			t.Errorf("config NIC 0 = %+v, want MAC %s, earlier mode and link kept", cfg[0], rdMAC1b)
		}
		live := rdNICs(t, d.MustVirsh(t, "dumpxml", rdDom))
		if rdIndexByMAC(live, rdMAC1) < 0 || rdIndexByMAC(live, rdMAC1b) >= 0 {
			t.Errorf("live NICs = %+v, want the old MAC %s until shutdown", live, rdMAC1)
		}
	})

	t.Run("802.1Qbg to 802.1Qbh on a defined-only domain", func(t *testing.T) {
		d.DefineDomain(t, rdDefDom, testdaemon.DisklessDomainXML(rdDefDom, rdMAC3, vethA, "vepa"))
		rdSetQbg(t, d, rdDefDom, rdMAC3, vethA)
		before := rdSecure(t, d, rdDefDom)
		if cfg := rdNICs(t, before); cfg[0].VirtualPort == nil || cfg[0].VirtualPort.Type != model.VPortQbg {
			t.Fatalf("fixture NIC = %+v, want 802.1Qbg", cfg[0])
		}
		dom := rdLoad(t, c, rdDefDom)
		n := dom.NICs[0]
		n.Mode = model.ModePrivate
		n.VirtualPort = &model.VirtualPort{Type: model.VPortQbh, ProfileID: "finance"}
		res, err := c.SetNIC(dom, 0, n)
		if err != nil {
			t.Fatalf("SetNIC 802.1Qbh: %v", err)
		}
		rdResultClean(t, res)
		rdAssertPath(t, res, libvirtx.PathDevice)
		if res.Live.Status != libvirtx.LiveNotApplicable {
			t.Errorf("live status = %q, want not applicable (domain not running)", res.Live.Status)
		}
		after := rdSecure(t, d, rdDefDom)
		cfg := rdNICs(t, after)
		vp := cfg[0].VirtualPort
		if cfg[0].Mode != model.ModePrivate || cfg[0].Dev != vethA || vp == nil || vp.Type != model.VPortQbh || vp.ProfileID != "finance" ||
			vp.ManagerID != nil || vp.TypeID != nil || vp.InstanceID != "" {
			t.Errorf("config NIC after 802.1Qbh = %+v vport %+v", cfg[0], vp)
		}
		if st := strings.TrimSpace(d.MustVirsh(t, "domstate", rdDefDom)); st != "shut off" {
			t.Errorf("domstate = %q: the 802.1Qbh domain must stay defined only", st)
		}
		rdAssertSecret(t, after)
		assertOnlyNICChanged(t, before, after, 0, 0)

		// A type change goes through the device update too, keeping place
		// and address.
		{
			before = rdSecure(t, d, rdDefDom)
			dom = rdLoad(t, c, rdDefDom)
			n = dom.NICs[0]
			n.Kind, n.Dev, n.Mode, n.Bridge = model.KindBridge, "", "", "vnrdbr-none"
			n.VirtualPort = &model.VirtualPort{Type: model.VPortOpenVSwitch, ProfileID: "gold"}
			res, err = c.SetNIC(dom, 0, n)
			if err != nil {
				t.Fatalf("SetNIC direct → bridge: %v", err)
			}
			rdResultClean(t, res)
			rdAssertPath(t, res, libvirtx.PathDevice)
			after = rdSecure(t, d, rdDefDom)
			cfg = rdNICs(t, after)
			if cfg[0].Kind != model.KindBridge || cfg[0].Bridge != "vnrdbr-none" || cfg[0].VirtualPort == nil ||
				cfg[0].VirtualPort.Type != model.VPortOpenVSwitch || cfg[0].VirtualPort.InterfaceID == "" {
				t.Errorf("config NIC = %+v %+v, want an openvswitch bridge NIC with the generated interfaceid", cfg[0], cfg[0].VirtualPort)
			}
			if res.Plan.Generated[model.FieldInterfaceID] != cfg[0].VirtualPort.InterfaceID {
				t.Errorf("libvirt holds interfaceid %s, the plan generated %s", cfg[0].VirtualPort.InterfaceID, res.Plan.Generated[model.FieldInterfaceID])
			}
			rdAssertAddressKept(t, before, after, 0, 0)
			rdAssertSecret(t, after)
			assertOnlyNICChanged(t, before, after, 0, 0)
		}
	})

	t.Run("read-only connection refuses writes", func(t *testing.T) {
		ro := rdOpen(t, d.ROURI(), true)
		before := rdSecure(t, d, rdDom)
		dom := rdLoad(t, ro, rdDom)
		n := dom.NICs[0]
		n.Link = "up"
		_, err := ro.SetNIC(dom, 0, n)
		if !libvirtx.IsCode(err, libvirtx.CodeOperationDenied) {
			t.Fatalf("read-only SetNIC error = %v, want libvirt code %d (operation denied)", err, libvirtx.CodeOperationDenied)
		}
		var le *libvirtx.Error
		if errors.As(err, &le) && (le.Kind != libvirtx.KindReadOnly || !strings.Contains(le.Meaning, "(-r): drop -r")) {
			t.Errorf("Kind %v, Meaning %q, want the read-only advice for a connection opened with -r", le.Kind, le.Meaning)
		}
		if after := rdSecure(t, d, rdDom); after != before {
			t.Errorf("read-only write changed the config:\n%s", model.UnifiedDiff(before, after, "before", "after"))
		}
	})

	t.Run("daemon killed mid-session", func(t *testing.T) {
		dom := rdLoad(t, c, rdDom)
		d.Kill()
		n := dom.NICs[0]
		n.Link = "up"
		_, err := c.SetNIC(dom, 0, n)
		rdAssertLost(t, "SetNIC", err)
		_, err = c.LoadDomain(rdDom)
		rdAssertLost(t, "LoadDomain", err)

		d.Restart(t)
		c2 := rdOpen(t, d.URI(), false)
		re := rdLoad(t, c2, rdDom)
		if re.Info.State != model.StateRunning {
			t.Errorf("after restart the guest is %q, want running", re.Info.State)
		}
		rdAssertSecret(t, rdSecure(t, d, rdDom))
	})
	t.Logf("real-daemon suite took %v", time.Since(t0))
}

func rdOpen(t *testing.T, uri string, readOnly bool) *libvirtx.Conn {
	t.Helper()
	c, err := libvirtx.Open(uri, readOnly)
	if err != nil {
		t.Fatalf("Open(%s, ro=%v): %v", uri, readOnly, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func rdLoad(t *testing.T, c *libvirtx.Conn, name string) *libvirtx.Domain {
	t.Helper()
	d, err := c.LoadDomain(name)
	if err != nil {
		t.Fatalf("LoadDomain(%s): %v", name, err)
	}
	return d
}

// rdSecure is libvirt's persistent XML with secrets, read with virsh.
func rdSecure(t *testing.T, d *testdaemon.Daemon, name string) string {
	t.Helper()
	return d.MustVirsh(t, "dumpxml", "--inactive", "--security-info", name)
}

// rdNICs reads the NICs of a domain XML as libvirt wrote it.
func rdNICs(t *testing.T, domXML string) []model.NIC {
	t.Helper()
	elems, err := model.InterfaceElements(domXML)
	if err != nil {
		t.Fatal(err)
	}
	nics := make([]model.NIC, len(elems))
	for i, e := range elems {
		iface, err := model.ParseInterface(e)
		if err != nil {
			t.Fatalf("interface %d: %v\n%s", i, err, e)
		}
		nics[i] = model.NICFromXML(i, iface)
	}
	return nics
}

func rdIndexByMAC(nics []model.NIC, mac string) int {
	for i, n := range nics {
		if strings.EqualFold(n.MAC, mac) {
			return i
		}
	}
	return -1
}

func rdAssertSecret(t *testing.T, secureXML string) {
	t.Helper()
	if !strings.Contains(secureXML, "passwd='"+testdaemon.VNCPassword+"'") {
		t.Errorf("the VNC password did not survive the write:\n%s", secureXML)
	}
}

// rdResultClean checks that libvirtx itself saw nothing move outside the
// edited NIC and that the result carries the re-read XML.
func rdResultClean(t *testing.T, res *libvirtx.Result) {
	t.Helper()
	for _, w := range res.Warnings {
		if strings.Contains(w, "outside the edited NIC") {
			t.Errorf("result warning: %s", w)
		}
	}
	if res.XML == "" || res.Verified != "" {
		t.Errorf("result: XML %d bytes, verified %q", len(res.XML), res.Verified)
	}
}

func rdAssertPath(t *testing.T, res *libvirtx.Result, want libvirtx.WritePath) {
	t.Helper()
	if res.Path != want {
		t.Errorf("write path = %q, want %q", res.Path, want)
	}
}

// rdAssertAddressKept: the NIC's PCI address (libvirt assigns one at
// define) is the same before and after the write.
func rdAssertAddressKept(t *testing.T, before, after string, idxBefore, idxAfter int) {
	t.Helper()
	addr := func(x string, idx int) string {
		elems, err := model.InterfaceElements(x)
		if err != nil || idx >= len(elems) {
			t.Fatalf("NIC %d: %v", idx, err)
		}
		iface, err := model.ParseInterface(elems[idx])
		if err != nil || iface.Address == nil || iface.Address.PCI == nil {
			t.Fatalf("NIC %d has no PCI address: %v\n%s", idx, err, elems[idx])
		}
		p := iface.Address.PCI
		return fmt.Sprintf("%d:%d:%d.%d", *p.Domain, *p.Bus, *p.Slot, *p.Function)
	}
	if a, b := addr(before, idxBefore), addr(after, idxAfter); a != b {
		t.Errorf("PCI address of the NIC moved from %s to %s", a, b)
	}
}

func rdAssertLost(t *testing.T, op string, err error) {
	t.Helper()
	var le *libvirtx.Error
	if !errors.As(err, &le) {
		t.Fatalf("%s after the daemon died: error %v (%T), want *libvirtx.Error", op, err, err)
	}
	if le.Kind != libvirtx.KindConnLost || !libvirtx.IsConnectionLost(err) {
		t.Errorf("%s after the daemon died: kind %v, meaning %q (domain %d, code %d, %q), want a lost connection", op, le.Kind, le.Meaning, le.Domain, le.Code, le.Message)
	}
}

// rdSetQbg gives a defined (never started) domain's NIC an 802.1Qbg
// virtual port through virsh update-device --config, built with libvirtxml.
func rdSetQbg(t *testing.T, d *testdaemon.Daemon, dom, mac, dev string) {
	t.Helper()
	mgr, typ, ver := uint(11), uint(1193047), uint(2)
	iface := libvirtxml.DomainInterface{
		MAC:    &libvirtxml.DomainInterfaceMAC{Address: mac},
		Source: &libvirtxml.DomainInterfaceSource{Direct: &libvirtxml.DomainInterfaceSourceDirect{Dev: dev, Mode: "vepa"}},
		VirtualPort: &libvirtxml.DomainInterfaceVirtualPort{Params: &libvirtxml.DomainInterfaceVirtualPortParams{
			VEPA8021QBG: &libvirtxml.DomainInterfaceVirtualPortParamsVEPA8021QBG{
				ManagerID: &mgr, TypeID: &typ, TypeIDVersion: &ver, InstanceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f",
			},
		}},
		Model: &libvirtxml.DomainInterfaceModel{Type: "virtio"},
		ROM:   &libvirtxml.DomainROM{Enabled: "no"},
	}
	x, err := iface.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.VirshXML(x, "update-device", dom, "--config"); err != nil {
		t.Fatal(err)
	}
}
