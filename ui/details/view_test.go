package details

import (
	"fmt"
	"io"
	"log"
	"strings"
	"testing"
	hw "virtnic/hardware"
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"
)

func labels(items []hw.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func TestDeviceListOrderAndLabels(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	want, err := hw.Items(h.m.d.InactiveXML)
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(h.m.items); strings.Join(got, "|") != strings.Join(labels(want), "|") {
		t.Fatalf("items = %q, want %q", got, labels(want))
	}
	if h.m.items[0].Label != "Overview" || h.m.sel != 0 {
		t.Fatalf("first item %q selected %d, want Overview selected", h.m.items[0].Label, h.m.sel)
	}
	var nics []string
	for _, it := range h.m.items {
		if it.Kind == "nic" {
			nics = append(nics, it.Label)
		}
	}
	if strings.Join(nics, "|") != "NIC :3a:50:01|NIC :3a:50:02|NIC :3a:50:03" {
		t.Fatalf("NIC rows = %q", nics)
	}
	v := h.view()
	for _, l := range labels(h.m.items) {
		if !strings.Contains(v, l) {
			t.Errorf("view lacks device %q:\n%s", l, v)
		}
	}
	if !strings.Contains(strings.Split(v, "\n")[0], "router-fw — ▶ running") {
		t.Errorf("header = %q", strings.Split(v, "\n")[0])
	}
}

func TestSelectingNICShowsItsForm(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	if h.m.form != nil {
		t.Fatal("Overview has a NIC form")
	}
	h.selectNIC(1)
	if h.m.form == nil || h.m.formIdx != 1 {
		t.Fatalf("form = %v for NIC %d", h.m.form != nil, h.m.formIdx)
	}
	if got := h.m.form.Edited().MAC; got != "52:54:00:3a:50:02" {
		t.Fatalf("form edits MAC %s", got)
	}
	h.keys("enter")
	if h.m.focus != focusPage {
		t.Fatal("enter did not focus the page")
	}
	if !strings.Contains(h.view(), "NIC :3a:50:02") {
		t.Fatalf("page title missing:\n%s", h.view())
	}
	h.keys("esc")
	if h.m.focus != focusList {
		t.Fatal("esc did not return to the list")
	}
	if h.backs != 0 {
		t.Fatal("esc on the page left the screen")
	}
	h.keys("esc")
	if h.backs != 1 {
		t.Fatal("esc on the list did not go back to the domain list")
	}
}

// boxes counts pane top-left corners on the first body row.
func boxes(v string) int { return strings.Count(strings.Split(v, "\n")[1], "┌") }

func TestLayoutSwitchAt100Columns(t *testing.T) {
	h := open(t, "router-fw", 100, 21, false)
	if n := boxes(h.view()); n != 2 {
		t.Fatalf("at 100 columns: %d panes, want list and page side by side\n%s", n, h.view())
	}
	h.m.SetSize(99, 21)
	if n := boxes(h.view()); n != 1 {
		t.Fatalf("at 99 columns: %d panes, want one\n%s", n, h.view())
	}
	h.selectNIC(0)
	if !strings.Contains(h.view(), "Boot Options") {
		t.Fatal("narrow list view lacks the device list")
	}
	h.keys("enter")
	v := h.view()
	if strings.Contains(v, "Boot Options") || !strings.Contains(v, "NIC :3a:50:01") {
		t.Fatalf("narrow page view should show only the NIC page:\n%s", v)
	}
	h.keys("esc")
	if !strings.Contains(h.view(), "Boot Options") {
		t.Fatal("esc did not bring the narrow list back")
	}
	for _, l := range strings.Split(h.m.View(), "\n") {
		if w := ansi.StringWidth(l); w > 99 {
			t.Fatalf("line wider than the screen (%d): %q", w, l)
		}
	}
	if n := len(strings.Split(h.m.View(), "\n")); n != 21 {
		t.Fatalf("view has %d rows, want 21", n)
	}
}

func TestReadOnly(t *testing.T) {
	h := open(t, "router-fw", 120, 37, true)
	var help []key.Binding
	help = append(help, h.m.ShortHelp()...)
	for _, g := range h.m.FullHelp() {
		help = append(help, g...)
	}
	h.selectNIC(0)
	h.keys("enter")
	help = append(help, h.m.ShortHelp()...)
	for _, g := range h.m.FullHelp() {
		help = append(help, g...)
	}
	for _, b := range help {
		if !b.Enabled() {
			continue
		}
		switch b.Help().Desc {
		case "apply", "add NIC", "remove NIC", "revert":
			t.Errorf("read-only help offers %q (%s)", b.Help().Desc, b.Help().Key)
		}
	}
	h.keys("ctrl+s")
	if st := h.lastStatus(); st.Text != readOnlyText || st.Level != common.StatusWarn {
		t.Errorf("ctrl+s status = %+v", st)
	}
	h.keys("esc")
	for _, k := range []string{"a", "x", "delete"} {
		h.statuses = nil
		h.keys(k)
		if st := h.lastStatus(); st.Text != readOnlyText {
			t.Errorf("%s status = %+v", k, st)
		}
		if h.dialog != nil {
			t.Errorf("%s opened a dialog on a read-only connection", k)
		}
	}
}

func TestEventsDoNotOverwriteEdits(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	h.selectNIC(0)
	ev := common.DomainEventMsg{Event: libvirtx.Event{Kind: libvirtx.EventKind(0), Domain: "router-fw", Detail: "defined"}}

	// Clean: the event reloads.
	other, _ := h.ctx.Conn.LoadDomain("router-fw")
	n := other.NICs[2]
	n.Link = "up"
	if _, err := h.ctx.Conn.SetNIC(other, 2, n); err != nil {
		t.Fatal(err)
	}
	h.send(ev)
	if h.m.d.NICs[2].Link != "up" || h.m.nicItem() != 0 {
		t.Fatalf("event did not reload keeping the selection: link %q nic %d", h.m.d.NICs[2].Link, h.m.nicItem())
	}

	// Dirty: the event only tells.
	h.keys("enter")
	h.setMode(model.ModePrivate)
	h.send(ev)
	if !h.m.Dirty() || h.lastStatus().Text != "domain changed outside virtnic; press r to reload" {
		t.Fatalf("dirty form overwritten or no status: %v", h.statuses)
	}
	// Nor does a reload nobody asked for.
	h.send(common.DomainLoadedMsg{Name: "router-fw", Domain: other})
	if !h.m.Dirty() {
		t.Fatal("unsolicited reload discarded the edits")
	}
	// Other domains' events are not ours.
	h.statuses = nil
	h.send(common.DomainEventMsg{Event: libvirtx.Event{Domain: "web01"}})
	if len(h.statuses) != 0 {
		t.Fatal("reacted to another domain's event")
	}
}

func TestNonNICPageScrolls(t *testing.T) {
	h := open(t, "router-fw", 60, 13, false)
	h.keys("enter")
	if h.m.focus != focusPage || h.m.form != nil {
		t.Fatal("Overview page did not open")
	}
	v := h.view()
	if !strings.Contains(v, "Overview") {
		t.Fatalf("Overview page:\n%s", v)
	}
	for i := 0; i < 50; i++ {
		h.keys("down")
	}
	_, ph := h.m.pageInner()
	if rows := len(h.m.item().Rows); rows > ph && h.m.scroll != rows-ph {
		t.Errorf("scroll = %d, want %d", h.m.scroll, rows-ph)
	}
	h.keys("esc")
	if h.m.focus != focusList {
		t.Fatal("esc did not leave the page")
	}
}

// golden checks got as the subtest name of t: its golden file is named
// after the test.
func golden(t *testing.T, name, got string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { uitest.Golden(t, got) })
}

func TestGoldenViews(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 21}, {120, 37}, {60, 13}} {
		h := open(t, "router-fw", size.w, size.h, false)
		suffix := fmt.Sprintf("-%dx%d", size.w, size.h)
		golden(t, "list"+suffix, h.view())
		h.selectNIC(0)
		h.keys("enter")
		golden(t, "nic"+suffix, h.view())
	}
}

func TestLoadingAndLoadError(t *testing.T) {
	conn, err := libvirtx.OpenDemo(false)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx := &common.Context{Conn: conn, Styles: styles.New(true), Log: log.New(io.Discard, "", 0), Width: 80, Height: 21}
	m, cmd := New(ctx, "no-such-vm")
	if v := ansi.Strip(m.View()); !strings.Contains(v, "loading no-such-vm") {
		t.Fatalf("before loading:\n%s", v)
	}
	h := &harness{t: t, ctx: ctx, m: m}
	h.run(cmd)
	if len(h.errs) != 1 || h.errs[0].Title != "Cannot load domain no-such-vm" {
		t.Fatalf("errors = %v", h.errs)
	}
	if v := h.view(); !strings.Contains(v, "cannot load no-such-vm") {
		t.Fatalf("after the error:\n%s", v)
	}
	h.keys("esc")
	if h.backs != 1 {
		t.Fatal("esc does not leave a screen that failed to load")
	}
}

// A domain opens from its own reads: the device list and NIC page are there
// before the host survey, whose arrival then fills the source picker.
func TestOpensBeforeTheSurvey(t *testing.T) {
	conn, err := libvirtx.OpenDemo(false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	ctx := &common.Context{Conn: conn, URI: conn.URI(), Demo: true, Styles: styles.New(true),
		Log: log.New(io.Discard, "", 0), Width: 120, Height: 37}
	m, cmd := New(ctx, "web01")
	h := &harness{t: t, ctx: ctx, m: m}
	h.run(cmd)
	h.selectNIC(0)
	if m.form == nil || !strings.Contains(h.view(), "reading host…") {
		t.Fatalf("no NIC page, or it does not say it is reading the host:\n%s", h.view())
	}
	h.survey()
	if v := h.view(); strings.Contains(v, "reading host…") || !strings.Contains(v, "Virtual network 'default'") {
		t.Errorf("after the survey:\n%s", v)
	}
	if len(m.src.Networks) == 0 || len(m.ectx.MACsInUse) == 0 {
		t.Errorf("sources %+v, context MACs %d", m.src, len(m.ectx.MACsInUse))
	}
}
