package details

import (
	"regexp"
	"strings"
	"testing"
	"virtnic/model"
)

func TestAddAndRemoveNIC(t *testing.T) {
	h := open(t, "web01", 120, 37, false)
	before := len(h.m.d.NICs)
	h.keys("a")
	// The form opens on the new NIC with virt-manager's defaults; nothing
	// is written before its plan is confirmed.
	if h.m.form == nil || !h.m.adding || h.dialog != nil || len(h.m.d.NICs) != before {
		t.Fatalf("a: adding %v, dialog %v", h.m.adding, h.dialog != nil)
	}
	if n := h.m.form.Edited(); n.Kind != model.KindNetwork || n.Network != "default" || n.Model != "virtio" {
		t.Fatalf("new NIC defaults = %+v", n)
	}
	if v := h.view(); !strings.Contains(v, "New NIC") || !strings.Contains(v, "hot-plug") && !strings.Contains(v, "ctrl+s add") {
		t.Errorf("the add page:\n%s", v)
	}
	h.keys("ctrl+s")
	body := h.dialog.Body()
	gen := regexp.MustCompile(`generated mac: (52:54:00(:[0-9a-f]{2}){3})`).FindStringSubmatch(body)
	if h.dialog.Title != "Add a NIC to web01?" || gen == nil || !strings.Contains(body, "+      <source network='default'/>") ||
		!strings.Contains(body, "+      <mac address='"+gen[1]+"'/>") {
		t.Fatalf("add dialog %q: %q", h.dialog.Title, body)
	}
	h.keys("y")
	if len(h.m.d.NICs) != before+1 {
		t.Fatalf("NICs = %d after add, want %d; %v %v", len(h.m.d.NICs), before+1, h.statuses, h.errs)
	}
	added := h.m.d.NICs[before]
	if added.MAC != gen[1] {
		t.Errorf("added MAC %s, but the dialog confirmed %s", added.MAC, gen[1])
	}
	if h.m.nicItem() != before {
		t.Fatalf("selected NIC %d, want the new one %d", h.m.nicItem(), before)
	}
	if st := h.lastStatus(); !strings.HasPrefix(st.Text, "NIC "+shortMAC(added.MAC)+" added: config applied") {
		t.Errorf("add status = %+v", st)
	}

	h.keys("x")
	if h.dialog.Title != "Remove NIC "+shortMAC(added.MAC)+" from web01?" {
		t.Fatalf("remove dialog %q (%v %v)", h.dialog.Title, h.statuses, h.errs)
	}
	if !strings.Contains(h.dialog.Body(), "-<interface type='network'>") || !strings.Contains(h.dialog.Body(), "guest must acknowledge it") {
		t.Errorf("remove body:\n%s", h.dialog.Body())
	}
	h.keys("n")
	if len(h.m.d.NICs) != before+1 || (h.dialog != nil) {
		t.Fatal("cancel removed the NIC")
	}
	h.keys("delete", "y")
	if len(h.m.d.NICs) != before {
		t.Fatalf("NICs = %d after remove (%v %v)", len(h.m.d.NICs), h.statuses, h.errs)
	}
	st := h.lastStatus()
	if !strings.Contains(st.Text, "removed: config applied") {
		t.Errorf("remove status = %+v", st)
	}
	for _, n := range h.m.d.NICs {
		if n.MAC == added.MAC {
			t.Fatal("removed NIC still there")
		}
	}
	t.Logf("add: %s", h.statuses[0].Text)
	t.Logf("remove: %s", st.Text)

	// A NIC the running guest has: the unplug is only requested.
	h.selectNIC(1)
	h.keys("x", "y")
	if len(h.m.d.NICs) != before-1 {
		t.Fatalf("NICs = %d after remove (%v %v)", len(h.m.d.NICs), h.statuses, h.errs)
	}
	t.Logf("remove: %s", h.lastStatus().Text)
}

// A profileid holding a C1 control (U+0085) shows escaped, does not make the
// NIC modified, and a link-only apply leaves it byte for byte as it was.
func TestUntouchedValueIsWrittenBackByteForByte(t *testing.T) {
	h := openFixture(t, "odd.xml", "odd", 120, 40)
	h.selectNIC(3)
	h.keys("enter")
	if h.m.Dirty() {
		t.Fatal("selecting the NIC marked it modified")
	}
	if v := h.view(); !strings.Contains(v, `gold\u0085tier`) || strings.ContainsRune(v, 0x85) {
		t.Fatalf("the profileid is not shown escaped:\n%s", v)
	}
	h.m.form.FocusField(model.FieldLink)
	h.keys(" ")
	if !h.m.Dirty() || h.m.form.Edited().VirtualPort.ProfileID != "gold\u0085tier" {
		t.Fatalf("after the link toggle: dirty %v, profileid %q", h.m.Dirty(), h.m.form.Edited().VirtualPort.ProfileID)
	}
	h.keys("ctrl+s")
	if body := h.dialog.Body(); !strings.Contains(body, "link: up → down") || strings.Contains(body, "virtualport: ") || strings.Contains(body, "-      <virtualport") {
		t.Fatalf("the plan changes more than the link:\n%s", h.dialog.Body())
	}
	h.keys("y")
	d, err := h.ctx.Conn.LoadDomain("odd")
	if err != nil {
		t.Fatal(err)
	}
	if n := d.NICs[3]; n.Link != "down" || n.VirtualPort == nil || n.VirtualPort.ProfileID != "gold\u0085tier" {
		t.Errorf("libvirt holds link %q, profileid %q", n.Link, n.VirtualPort.ProfileID)
	}
}

// An untyped virtual port is shown as such with its parameters, editable
// like any other; an edit elsewhere leaves it as it was.
func TestUntypedVirtualPort(t *testing.T) {
	h := openFixture(t, "odd.xml", "odd", 120, 40)
	h.selectNIC(0)
	h.keys("enter")
	v := h.view()
	for _, want := range []string{"untyped (merged with the network's)", "Instance ID", "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f", "Interface ID", "6e1b1f4c-1c1d"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if h.m.Dirty() {
		t.Fatal("an untouched untyped port made the NIC modified")
	}
	h.m.form.FocusField(model.FieldInterfaceID)
	h.keys("ctrl+u")
	h.keys("11111111-2222-4333-8444-555555555555")
	h.keys("ctrl+s", "y")
	d, err := h.ctx.Conn.LoadDomain("odd")
	if err != nil {
		t.Fatal(err)
	}
	vp := d.NICs[0].VirtualPort
	if vp == nil || vp.Type != model.VPortNone || vp.InterfaceID != "11111111-2222-4333-8444-555555555555" || vp.InstanceID != "09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f" {
		t.Errorf("libvirt holds %+v (statuses %v, errors %v)", vp, h.statuses, h.errs)
	}
}
