package details

import (
	"io"
	"log"
	"strings"
	"testing"

	"virtnic/libvirtx"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// openAt opens a demo domain the way the root does for the host network
// view: at the NIC with mac.
func openAt(t *testing.T, name, mac string, w, h int) *harness {
	t.Helper()
	conn, err := libvirtx.OpenDemo(true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	ctx := &common.Context{Conn: conn, URI: conn.URI(), ReadOnly: true, Demo: true,
		Styles: styles.New(true), Log: log.New(io.Discard, "", 0), Width: w, Height: h}
	m, cmd := New(ctx, name)
	m.SelectNIC(mac)
	hs := &harness{t: t, ctx: ctx, m: m}
	hs.run(cmd)
	if m.d == nil {
		t.Fatalf("%s did not load: %v %v", name, m.loadErr, hs.errs)
	}
	return hs
}

// The first load selects the NIC and shows its page; the MAC matches in
// any case. Leaving the page and reloading does not force it open again.
func TestSelectNICOpensItsPage(t *testing.T) {
	h := openAt(t, "mail", "52:54:00:3A:70:02", 80, 21)
	if h.m.nicItem() != 1 || h.m.focus != focusPage || h.m.form == nil {
		t.Fatalf("selected NIC %d, focus %v, form %v", h.m.nicItem(), h.m.focus, h.m.form != nil)
	}
	if v := h.view(); !strings.Contains(v, "Virtual Network Interface") || !strings.Contains(v, "Bridge br0") {
		t.Errorf("mail's second NIC page:\n%s", v)
	}
	h.keys("esc")
	if h.m.focus != focusList || h.m.nicItem() != 1 {
		t.Fatalf("esc: focus %v, NIC %d", h.m.focus, h.m.nicItem())
	}
	h.keys("r")
	if h.m.focus != focusList || h.m.nicItem() != 1 {
		t.Errorf("reload: focus %v, NIC %d", h.m.focus, h.m.nicItem())
	}
	h.keys("esc")
	if h.backs != 1 {
		t.Error("esc on the list did not go back")
	}
}

// A MAC no NIC has (it went away meanwhile) opens at the top, as plain
// opening does; none at all changes nothing.
func TestSelectNICMissing(t *testing.T) {
	for _, mac := range []string{"52:54:00:ff:ff:ff", ""} {
		h := openAt(t, "mail", mac, 80, 21)
		if h.m.sel != 0 || h.m.focus != focusList {
			t.Errorf("MAC %q: selected %d, focus %v", mac, h.m.sel, h.m.focus)
		}
	}
}
