package ui

import (
	"fmt"
	"strings"
	"testing"

	"virtnic/ui/common"
)

// openNICPage opens domain's NIC idx page (the device list has Overview,
// CPUs, Memory and Boot Options above the NICs).
func openNICPage(t *testing.T, a *App, domain string, idx int) {
	t.Helper()
	drain(t, a, update1(a, common.OpenDomainMsg{Name: domain}))
	for range 4 + idx {
		press(t, a, "j")
	}
	press(t, a, "enter")
}

// The VLAN section of a trunk with a native VLAN on an Open vSwitch
// network's portgroup, scrolled into view by tabbing to its tags.
func TestVLANGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {60, 16}} {
		t.Run(fmt.Sprintf("trunk-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a := newApp(t, opts{demo: true}, sz[0], sz[1])
			openNICPage(t, a, "ovs-tenant", 3)
			// Network source, Portgroup, Device model, MAC, Link, MTU, Type,
			// Mode, Tags, Native VLAN.
			for range 9 {
				press(t, a, "tab")
			}
			v := view(a)
			mustContain(t, v, "Tags", "100,200,300", "100 untagged")
			golden(t, v)
		})
	}
}

// Done when: on the demo host, by keyboard at 80x24, an admin gives a
// passthrough NIC VLAN 42 and sees it written (after the next shutdown on
// a running guest).
func TestVLANByKeyboardAt80x24(t *testing.T) {
	a := newApp(t, opts{demo: true}, 80, 24)
	// nfv-router runs with macvtap passthrough of SR-IOV VF ens1f0v1.
	openNICPage(t, a, "nfv-router", 0)
	// Network source, Source mode, Device model, MAC, Link, Type, Mode.
	for range 6 {
		press(t, a, "tab")
	}
	press(t, a, "right", "tab", "4", "2")
	v := view(a)
	mustContain(t, v, "Tags", "42", "⏻ after shutdown")
	golden(t, v)
	press(t, a, "ctrl+s")
	mustContain(t, view(a), "vlan", "tag 42", "after next guest shutdown")
	press(t, a, "y")
	d, err := a.ctx.Conn.LoadDomain("nfv-router")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.NICs[0].VLAN; got == nil || len(got.Tags) != 1 || got.Tags[0].ID != 42 {
		t.Fatalf("nfv-router NIC 0 VLAN after the write = %+v\n%s", got, view(a))
	}
	if v := view(a); !strings.Contains(v, "saved") {
		t.Errorf("no saved status:\n%s", v)
	}
}
