package libvirtx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"virtnic/model"
)

// openNode opens a private test-driver connection on a node file in
// testdata (or an absolute path).
func openNode(t *testing.T, file string, readOnly bool) *Conn {
	t.Helper()
	path := file
	if !filepath.IsAbs(path) {
		var err error
		path, err = filepath.Abs(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := Open("test://"+path, readOnly)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return c
}

func TestOpen(t *testing.T) {
	c := openNode(t, "node.xml", true)
	abs, _ := filepath.Abs("testdata/node.xml")
	if got, want := c.URI(), "test://"+abs; got != want {
		t.Errorf("URI() = %q, want %q", got, want)
	}
	if !c.ReadOnly() || c.Demo() {
		t.Errorf("ReadOnly()=%v Demo()=%v, want true false", c.ReadOnly(), c.Demo())
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// A second Close (here, the cleanup's) must be harmless.
}

func TestOpenFailureIsWrapped(t *testing.T) {
	_, err := Open("test:///nonexistent/virtnic/node.xml", false)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Open of a missing node file: %T %v, want *Error", err, err)
	}
	if !strings.HasPrefix(e.Error(), "connect to test:///nonexistent/virtnic/node.xml: ") || e.Message == "" {
		t.Errorf("error = %q", e.Error())
	}
}

func TestListDomains(t *testing.T) {
	c := openNode(t, "node.xml", true)
	got, err := c.ListDomains()
	if err != nil {
		t.Fatal(err)
	}
	want := []model.DomainInfo{
		{Name: "vm1", UUID: "11111111-0000-4000-8000-000000000001", ID: 1, State: model.StateRunning, Persistent: true},
		{Name: "vm2", UUID: "11111111-0000-4000-8000-000000000002", ID: -1, State: model.StateShutoff, Persistent: true},
		{Name: "vm3", UUID: "11111111-0000-4000-8000-000000000003", ID: 2, State: model.StatePaused, Persistent: true},
		{Name: "vm4", UUID: "11111111-0000-4000-8000-000000000004", ID: 3, State: model.StateRunning, Persistent: false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ListDomains:\n got %+v\nwant %+v", got, want)
	}
}

// TestListDomainsMany guards the two-call listing: every domain must come
// back with its own state, not just the first page or a default.
func TestListDomainsMany(t *testing.T) {
	const n = 300
	var b strings.Builder
	b.WriteString("<node>\n")
	runstates := []struct {
		code  int
		state model.DomainState
	}{{1, model.StateRunning}, {3, model.StatePaused}, {5, model.StateShutoff}}
	for i := 0; i < n; i++ {
		rs := runstates[i%3]
		transient := ""
		if i%7 == 0 && rs.code != 5 {
			transient = "<test:transient/>"
		}
		fmt.Fprintf(&b, `<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
<name>dom%03d</name><uuid>22222222-0000-4000-8000-%012d</uuid><memory>65536</memory>
<os><type>hvm</type></os><test:runstate>%d</test:runstate>%s</domain>
`, i, i, rs.code, transient)
	}
	b.WriteString("</node>\n")
	path := filepath.Join(t.TempDir(), "many.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c := openNode(t, path, true)
	got, err := c.ListDomains()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("ListDomains returned %d domains, want %d", len(got), n)
	}
	ids := map[int]bool{}
	for i, d := range got {
		rs := runstates[i%3]
		if want := fmt.Sprintf("dom%03d", i); d.Name != want {
			t.Fatalf("domain %d is %q, want %q (sorted by name)", i, d.Name, want)
		}
		if d.State != rs.state {
			t.Errorf("%s: state %q, want %q", d.Name, d.State, rs.state)
		}
		wantPersistent := !(i%7 == 0 && rs.code != 5)
		if d.Persistent != wantPersistent {
			t.Errorf("%s: persistent %v, want %v", d.Name, d.Persistent, wantPersistent)
		}
		if d.State.Active() {
			if d.ID <= 0 || ids[d.ID] {
				t.Errorf("%s: running with id %d (missing or duplicate)", d.Name, d.ID)
			}
			ids[d.ID] = true
		} else if d.ID != -1 {
			t.Errorf("%s: shut off with id %d, want -1", d.Name, d.ID)
		}
	}
}

func nicByIndex(t *testing.T, d *Domain, i int) model.NIC {
	t.Helper()
	if i >= len(d.NICs) {
		t.Fatalf("%s has %d NICs, want index %d", d.Info.Name, len(d.NICs), i)
	}
	if d.NICs[i].Index != i {
		t.Fatalf("NIC %d has Index %d", i, d.NICs[i].Index)
	}
	return d.NICs[i]
}

func uintp(v uint) *uint { return &v }

func TestLoadDomainNICs(t *testing.T) {
	c := openNode(t, "node.xml", false)

	vm1, err := c.LoadDomain("vm1")
	if err != nil {
		t.Fatal(err)
	}
	if vm1.Info.State != model.StateRunning || vm1.Info.ID != 1 || !vm1.Info.Persistent {
		t.Errorf("vm1 info = %+v", vm1.Info)
	}
	if vm1.LiveXML == "" || len(vm1.Live) != 3 || len(vm1.LiveOnly) != 0 {
		t.Fatalf("vm1 live: xml %d bytes, Live %v, LiveOnly %v", len(vm1.LiveXML), vm1.Live, vm1.LiveOnly)
	}
	n := nicByIndex(t, vm1, 0)
	if n.Kind != model.KindDirect || n.Dev != "eth0.100" || n.Mode != model.ModeVEPA || n.MAC != "52:54:00:00:01:01" ||
		n.Model != "virtio" || n.Link != "up" || !n.Editable || n.Target != "testnet0" || len(n.Pending) != 0 {
		t.Errorf("vm1 NIC 0 = %+v", n)
	}
	wantQbg := &model.VirtualPort{Type: model.VPortQbg, ManagerID: uintp(11), TypeID: uintp(1193047), TypeIDVersion: uintp(2),
		InstanceID: "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"}
	if !reflect.DeepEqual(n.VirtualPort, wantQbg) {
		t.Errorf("vm1 NIC 0 virtualport = %+v, want %+v", n.VirtualPort, wantQbg)
	}
	n = nicByIndex(t, vm1, 1)
	if n.Kind != model.KindNetwork || n.Network != "default" || n.PortGroup != "" || n.VirtualPort != nil || !n.Editable || n.Target != "testnet1" {
		t.Errorf("vm1 NIC 1 = %+v", n)
	}
	n = nicByIndex(t, vm1, 2)
	if n.Kind != model.KindNetwork || n.Network != "tenants" || n.PortGroup != "engineering" || n.Model != "e1000" ||
		n.VirtualPort == nil || n.VirtualPort.Type != model.VPortNone ||
		n.VirtualPort.InterfaceID != "3f2c9a1e-5b7d-4c8e-9f01-23456789abcd" || !n.Editable {
		t.Errorf("vm1 NIC 2 = %+v (virtualport %+v)", n, n.VirtualPort)
	}

	vm2, err := c.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	if vm2.Info.State != model.StateShutoff || vm2.Info.ID != -1 || vm2.LiveXML != "" || vm2.Live != nil {
		t.Errorf("vm2: info %+v, live %d bytes, Live %v", vm2.Info, len(vm2.LiveXML), vm2.Live)
	}
	n = nicByIndex(t, vm2, 0)
	// libvirt writes its default mode into the XML it returns.
	if n.Kind != model.KindDirect || n.Dev != "eth1" || n.Mode != model.ModeVEPA || n.Model != "e1000" || n.Target != "" || !n.Editable {
		t.Errorf("vm2 NIC 0 = %+v", n)
	}
	n = nicByIndex(t, vm2, 1)
	wantOVS := &model.VirtualPort{Type: model.VPortOpenVSwitch, InterfaceID: "6e1b1f4c-1c1d-4d5e-9c2b-0a0b0c0d0e0f", ProfileID: "ovsprof"}
	if n.Kind != model.KindBridge || n.Bridge != "br0" || !reflect.DeepEqual(n.VirtualPort, wantOVS) || !n.Editable {
		t.Errorf("vm2 NIC 1 = %+v (virtualport %+v)", n, n.VirtualPort)
	}
	n = nicByIndex(t, vm2, 2)
	wantMido := &model.VirtualPort{Type: model.VPortMidonet, InterfaceID: "0b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9"}
	if n.Kind != model.KindBridge || !reflect.DeepEqual(n.VirtualPort, wantMido) || n.Model != "" || !n.Editable {
		t.Errorf("vm2 NIC 2 = %+v (virtualport %+v)", n, n.VirtualPort)
	}

	vm3, err := c.LoadDomain("vm3")
	if err != nil {
		t.Fatal(err)
	}
	if vm3.Info.State != model.StatePaused || vm3.Info.ID != 2 || vm3.LiveXML == "" {
		t.Errorf("vm3 info = %+v", vm3.Info)
	}
	n = nicByIndex(t, vm3, 0)
	if n.Kind != model.KindDirect || n.Dev != "eno1" || n.Mode != model.ModePassthrough ||
		!reflect.DeepEqual(n.VirtualPort, &model.VirtualPort{Type: model.VPortQbh, ProfileID: "finance"}) {
		t.Errorf("vm3 NIC 0 = %+v (virtualport %+v)", n, n.VirtualPort)
	}
	n = nicByIndex(t, vm3, 1)
	if n.Mode != model.ModePrivate || n.Link != "down" || vm3.Live[1].Link != "down" {
		t.Errorf("vm3 NIC 1 = %+v, live %+v", n, vm3.Live[1])
	}

	vm4, err := c.LoadDomain("vm4")
	if err != nil {
		t.Fatal(err)
	}
	if vm4.Info.Persistent || vm4.Info.State != model.StateRunning {
		t.Errorf("vm4 info = %+v", vm4.Info)
	}
	n = nicByIndex(t, vm4, 0)
	if n.Kind != "user" || n.Editable || n.NotEditableReason == "" || n.MAC != "52:54:00:00:04:01" {
		t.Errorf("vm4 NIC 0 (user) = %+v", n)
	}
	if n = nicByIndex(t, vm4, 1); !n.Editable || n.Dev != "eth1" {
		t.Errorf("vm4 NIC 1 = %+v", n)
	}
}

func TestLoadDomainByUUID(t *testing.T) {
	c := openNode(t, "node.xml", true)
	d, err := c.LoadDomain("11111111-0000-4000-8000-000000000003")
	if err != nil {
		t.Fatal(err)
	}
	if d.Info.Name != "vm3" {
		t.Errorf("loaded %q, want vm3", d.Info.Name)
	}
}

func TestLoadDomainMissing(t *testing.T) {
	c := openNode(t, "node.xml", true)
	for _, name := range []string{"nosuchvm", "11111111-0000-4000-8000-0000000000ff"} {
		_, err := c.LoadDomain(name)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("LoadDomain(%q): %T %v, want *Error", name, err, err)
		}
		if e.Code != CodeNoDomain || !IsCode(err, CodeNoDomain) {
			t.Errorf("LoadDomain(%q): code %d, want %d", name, e.Code, CodeNoDomain)
		}
		msg := err.Error()
		if !strings.Contains(msg, e.Message) || !strings.Contains(msg, "no domain with that name or UUID on "+c.URI()) ||
			!strings.Contains(msg, name) {
			t.Errorf("LoadDomain(%q) error = %q", name, msg)
		}
	}
}

// TestSecureXML checks that secrets survive into InactiveXML on read-write
// connections (a define from it must not wipe them) and that read-only
// connections, which may not ask for them, still load.
func TestSecureXML(t *testing.T) {
	rw := openNode(t, "node.xml", false)
	d, err := rw.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.InactiveXML, "passwd='s3cret-vnc'") {
		t.Errorf("read-write InactiveXML lacks the VNC password:\n%s", d.InactiveXML)
	}
	ro := openNode(t, "node.xml", true)
	d, err = ro.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.InactiveXML, "s3cret-vnc") {
		t.Errorf("read-only InactiveXML shows the VNC password")
	}
	if d.Fingerprint != Fingerprint(d.InactiveXML) || len(d.Fingerprint) != 64 {
		t.Errorf("Fingerprint %q is not the sha256 of InactiveXML", d.Fingerprint)
	}
}

func TestFingerprintChangesAfterDefine(t *testing.T) {
	c := openNode(t, "node.xml", false)
	before, err := c.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	if again.Fingerprint != before.Fingerprint {
		t.Fatalf("fingerprint is not stable across reads")
	}
	x := strings.Replace(before.InactiveXML, "<link state='up'/>", "<link state='down'/>", 1)
	if x == before.InactiveXML {
		t.Fatal("fixture changed: vm2 has no <link state='up'/>")
	}
	dom, err := c.lv().DomainDefineXML(x)
	if err != nil {
		t.Fatal(err)
	}
	dom.Free()
	after, err := c.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	if after.Fingerprint == before.Fingerprint {
		t.Error("fingerprint did not change after DefineXML")
	}
	if after.NICs[0].Link != "down" {
		t.Errorf("NIC 0 link after define = %q", after.NICs[0].Link)
	}
}

func TestReadOnlyRefusesDefine(t *testing.T) {
	c := openNode(t, "node.xml", true)
	d, err := c.LoadDomain("vm2")
	if err != nil {
		t.Fatal(err)
	}
	_, lerr := c.lv().DomainDefineXML(d.InactiveXML)
	if lerr == nil {
		t.Fatal("read-only connection accepted DomainDefineXML")
	}
	err = c.wrap("define domain vm2", lerr)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("wrap gave %T", err)
	}
	if e.Code != CodeOperationDenied || !IsCode(err, CodeOperationDenied) || !IsCode(lerr, CodeOperationDenied) || e.Kind != KindReadOnly {
		t.Errorf("code = %d, kind %v, want %d, %v", e.Code, e.Kind, CodeOperationDenied, KindReadOnly)
	}
	msg := err.Error()
	for _, want := range []string{
		"define domain vm2: ",
		"read only access prevents virDomainDefineXML",
		" — this is a read-only connection (-r): drop -r and use an account allowed to write",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
}

func TestWrap(t *testing.T) {
	if wrap("x", nil) != nil {
		t.Error("wrap(nil) != nil")
	}
	plain := errors.New("boom")
	err := wrap("read thing", plain)
	if err.Error() != "read thing: boom" || IsCode(err, CodeNoSupport) {
		t.Errorf("wrap(plain) = %q", err)
	}
	e := &Error{Op: "a", Code: 3, Message: "m", Meaning: "n"}
	if wrap("b", e) != error(e) {
		t.Error("wrap re-wrapped an *Error")
	}
	if !IsCode(fmt.Errorf("ctx: %w", e), CodeNoSupport) {
		t.Error("IsCode does not see through %w")
	}
}

func TestProfileIDLimitAgainstLibvirt(t *testing.T) {
	c := openNode(t, "node.xml", false)
	d, err := c.LoadDomain("vm3")
	if err != nil {
		t.Fatal(err)
	}
	define := func(n int) error {
		x := strings.Replace(d.InactiveXML, "profileid='finance'", "profileid='"+strings.Repeat("p", n)+"'", 1)
		dom, err := c.lv().DomainDefineXML(x)
		if err != nil {
			return wrap("define", err)
		}
		dom.Free()
		return nil
	}
	if err := define(model.ProfileIDMaxLen); err != nil {
		t.Errorf("libvirt rejected a %d-byte profileid: %v", model.ProfileIDMaxLen, err)
	}
	err = define(model.ProfileIDMaxLen + 1)
	if err == nil || !strings.Contains(err.Error(), "profileid parameter too long") {
		t.Errorf("libvirt on a %d-byte profileid: %v, want \"profileid parameter too long\"", model.ProfileIDMaxLen+1, err)
	}
	if model.ProfileIDMaxLen != 39 {
		t.Errorf("model.ProfileIDMaxLen = %d, want 39", model.ProfileIDMaxLen)
	}
}

func TestOpenDemo(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	c, err := OpenDemo(true)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.Demo() || !c.ReadOnly() || !strings.HasPrefix(c.URI(), "test:///") {
		t.Errorf("Demo()=%v ReadOnly()=%v URI()=%q", c.Demo(), c.ReadOnly(), c.URI())
	}
	left, _ := os.ReadDir(tmp)
	if len(left) != 0 {
		t.Errorf("OpenDemo left %d entries in TMPDIR", len(left))
	}
	// The node file is gone; the connection must not need it any more.
	doms, err := c.ListDomains()
	if err != nil || len(doms) == 0 {
		t.Fatalf("ListDomains on the demo: %d domains, %v", len(doms), err)
	}
	for _, info := range doms {
		if _, err := c.LoadDomain(info.Name); err != nil {
			t.Errorf("LoadDomain(%s): %v", info.Name, err)
		}
	}
	if _, _, err := c.Sources(); err != nil {
		t.Errorf("Sources on the demo: %v", err)
	}
}
