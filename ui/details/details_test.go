package details

import (
	"fmt"
	"io"
	"log"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	hw "virtnic/hardware"
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
	"virtnic/ui/components/dialog"
	"virtnic/ui/styles"
	"virtnic/ui/uitest"
)

func TestMain(m *testing.M) { uitest.Main(m) }

// harness drives the screen the way the root does: it runs every command,
// feeds the resulting messages back, and keeps what the root would handle
// (status, error box, back) for the test to inspect.
type harness struct {
	t        *testing.T
	ctx      *common.Context
	m        *Model
	statuses []common.StatusMsg
	errs     []common.ErrorMsg
	backs    int
	// dialog is the dialog the screen asked the root for, answered by the
	// next keys as the root would.
	dialog *dialog.Model
}

func open(t *testing.T, name string, w, h int, readOnly bool) *harness {
	t.Helper()
	conn, err := libvirtx.OpenDemo(readOnly)
	if err != nil {
		t.Fatal(err)
	}
	return openConn(t, conn, name, w, h, readOnly)
}

// openFixture opens a domain of a test-driver node file under the
// repository's testdata.
func openFixture(t *testing.T, file, name string, w, h int) *harness {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := libvirtx.Open("test://"+p, false)
	if err != nil {
		t.Fatal(err)
	}
	return openConn(t, conn, name, w, h, false)
}

func openConn(t *testing.T, conn *libvirtx.Conn, name string, w, h int, readOnly bool) *harness {
	t.Helper()
	t.Cleanup(func() { conn.Close() })
	ctx := &common.Context{
		Conn: conn, URI: conn.URI(), ReadOnly: readOnly, Demo: conn.Demo(),
		Styles: styles.New(true), Log: log.New(io.Discard, "", 0),
		Width: w, Height: h,
	}
	m, cmd := New(ctx, name)
	hs := &harness{t: t, ctx: ctx, m: m}
	hs.run(cmd)
	if m.d == nil {
		t.Fatalf("%s did not load: %v %v", name, m.loadErr, hs.errs)
	}
	hs.survey()
	return hs
}

// survey does what the root does once its host survey arrives.
func (h *harness) survey() {
	h.t.Helper()
	sv, err := h.ctx.Conn.Survey(libvirtx.SurveyOpts{LiveMACs: true})
	if err != nil {
		h.t.Fatal(err)
	}
	h.ctx.Survey = sv
	h.run(func() tea.Msg { return common.SurveyUpdatedMsg{} })
}

// run executes cmd and everything it leads to. Spinner ticks are dropped:
// their follow-ups sleep, and they change nothing but the spinner.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	uitest.Drain(h.t, cmd, h.deliver)
}

// deliver plays the root: it keeps what the screen sends up (statuses,
// errors, dialogs, back) and gives everything else back to the screen.
func (h *harness) deliver(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.StatusMsg:
		h.statuses = append(h.statuses, msg)
	case common.ErrorMsg:
		h.errs = append(h.errs, msg)
	case common.BackMsg:
		h.backs++
	case common.DialogMsg:
		d := msg.Dialog
		d.SetSize(h.ctx.Width, h.ctx.Height, h.ctx.Styles)
		h.dialog = &d
	default:
		_, next := h.m.Update(msg)
		return next
	}
	return nil
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// keys presses each key; a multi-letter string that is not a key name is
// typed letter by letter.
func (h *harness) keys(ks ...string) {
	h.t.Helper()
	for _, k := range uitest.Keys(ks...) {
		h.press(k)
	}
}

// press gives a key to the open dialog, as the root does, or else to the
// screen.
func (h *harness) press(k tea.KeyMsg) {
	h.t.Helper()
	if h.dialog == nil {
		h.send(k)
		return
	}
	next, chosen, done := h.dialog.Update(k)
	if !done {
		*h.dialog = next
		return
	}
	h.dialog = nil
	if chosen != nil {
		h.send(chosen)
	}
}

// view is the screen and, as the root draws it on top, the open dialog.
func (h *harness) view() string {
	v := h.m.View()
	if h.dialog != nil {
		v += "\n" + h.dialog.View(h.ctx.Styles)
	}
	return ansi.Strip(v)
}

func (h *harness) lastStatus() common.StatusMsg {
	h.t.Helper()
	if len(h.statuses) == 0 {
		h.t.Fatal("no status message")
	}
	return h.statuses[len(h.statuses)-1]
}

// selectNIC moves the list cursor to NIC idx with the list keys.
func (h *harness) selectNIC(idx int) {
	h.t.Helper()
	for i := 0; i < 100 && h.m.nicItem() != idx; i++ {
		h.keys("down")
	}
	if h.m.nicItem() != idx {
		h.t.Fatalf("could not select NIC %d", idx)
	}
}

// setMode opens the source mode picker of the focused NIC page and picks
// mode: the field after Network source, filtered by name.
func (h *harness) setMode(mode model.Mode) {
	h.t.Helper()
	h.keys("tab", "enter", "/", string(mode), "enter")
	if got := h.m.form.Edited().Mode; got != mode {
		h.t.Fatalf("form mode = %q after picking %q\n%s", got, mode, h.view())
	}
}

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

func TestUnappliedChangesPrompt(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	h.selectNIC(0)
	h.keys("enter")
	h.setMode(model.ModePrivate)
	h.keys("esc")
	if h.m.focus != focusList || !h.m.Dirty() {
		t.Fatal("leaving the page for the list must keep the edits")
	}
	sel := h.m.sel
	h.keys("down")
	if !(h.dialog != nil) || !strings.Contains(h.view(), "Unapplied changes to NIC :3a:50:01") {
		t.Fatalf("moving away did not ask:\n%s", h.view())
	}
	h.keys("esc")
	if (h.dialog != nil) || h.m.sel != sel || !h.m.Dirty() {
		t.Fatal("esc must stay with the edits")
	}
	h.keys("esc") // back to the domain list asks too
	if !(h.dialog != nil) || h.backs != 0 {
		t.Fatal("leaving the screen with edits did not ask")
	}
	h.keys("esc")
	h.keys("down", "d")
	if h.m.Dirty() || h.m.sel != sel+1 || h.m.nicItem() != 1 {
		t.Fatalf("discard: dirty=%v sel=%d", h.m.Dirty(), h.m.sel)
	}
	// Apply from the prompt goes through the Apply confirmation, then
	// lands on the device the user was heading for.
	h.keys("up", "enter")
	h.setMode(model.ModeBridge)
	h.keys("esc", "down", "a")
	if !strings.Contains(h.view(), "Apply changes to NIC :3a:50:01?") {
		t.Fatalf("prompt apply did not confirm:\n%s", h.view())
	}
	h.keys("y")
	if h.m.Dirty() || h.m.nicItem() != 1 {
		t.Fatalf("after apply: dirty=%v nic=%d", h.m.Dirty(), h.m.nicItem())
	}
	if h.m.d.NICs[0].Mode != model.ModeBridge {
		t.Fatalf("mode = %q after apply", h.m.d.NICs[0].Mode)
	}
}

func TestApplyFlow(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	h.selectNIC(0)
	h.keys("enter")
	h.setMode(model.ModePrivate)
	h.keys("ctrl+s")
	if !(h.dialog != nil) {
		t.Fatalf("ctrl+s did not confirm: %v %v", h.statuses, h.errs)
	}
	d := h.dialog
	if d.Title != "Apply changes to NIC :3a:50:01?" {
		t.Errorf("title = %q", d.Title)
	}
	for _, want := range []string{
		"mode: vepa → private\n", "after next guest shutdown: mode — ",
		"-      <source dev='eth0.100' mode='vepa'/>", "+      <source dev='eth0.100' mode='private'/>",
	} {
		if !strings.Contains(d.Body(), want) {
			t.Errorf("body lacks %q:\n%s", want, d.Body())
		}
	}
	if !strings.Contains(h.view(), "Apply changes to NIC :3a:50:01?") {
		t.Errorf("dialog not drawn:\n%s", h.view())
	}
	h.keys("y")
	st := h.lastStatus()
	if !strings.HasPrefix(st.Text, "NIC :3a:50:01 saved: config applied; live: after next guest shutdown (mode) · L: details") ||
		st.Level != common.StatusWarn || !strings.Contains(st.Detail, "mode: vepa → private: after next guest shutdown (") ||
		!strings.Contains(st.Detail, "QEMU cannot change a macvtap") {
		t.Errorf("status = %+v", st)
	}
	if h.m.d.NICs[0].Mode != model.ModePrivate || h.m.Dirty() || h.m.nicItem() != 0 {
		t.Fatalf("after reload: mode %q dirty %v nic %d", h.m.d.NICs[0].Mode, h.m.Dirty(), h.m.nicItem())
	}
	// The write persisted on the connection, not just in the screen.
	d2, err := h.ctx.Conn.LoadDomain("router-fw")
	if err != nil || d2.NICs[0].Mode != model.ModePrivate {
		t.Fatalf("libvirt has mode %q (%v)", d2.NICs[0].Mode, err)
	}
}

func TestPlanBodyAndSummary(t *testing.T) {
	body := planText(&libvirtx.Plan{Changes: []libvirtx.FieldOutcome{{
		Change: model.Change{Field: "link", Old: "up", New: "down", Live: true},
		Live:   libvirtx.LiveOutcome{Status: libvirtx.LiveApplied},
	}, {
		Change: model.Change{Field: "mode", Old: "vepa", New: "bridge", Reason: "QEMU cannot change it"},
		Live:   libvirtx.LiveOutcome{Status: libvirtx.LiveAfterShutdown},
	}, {
		Change: model.Change{Field: "source", Old: "a", New: "b", Reason: "QEMU cannot change it"},
		Live:   libvirtx.LiveOutcome{Status: libvirtx.LiveAfterShutdown},
	}}, Generated: map[string]string{"mac": "52:54:00:00:00:01"}, Diff: "-a\n+b\n"})
	want := "link: up → down\nmode: vepa → bridge\nsource: a → b\nlive now: link\n" +
		"after next guest shutdown: mode, source — QEMU cannot change it\ngenerated mac: 52:54:00:00:00:01"
	if body != want {
		t.Errorf("body = %q\nwant %q", body, want)
	}
	set := &libvirtx.Plan{Op: model.OpSet}
	text, level := summary("NIC :3a:50:03", &libvirtx.Result{Plan: set, Fields: []libvirtx.FieldOutcome{{
		Change: model.Change{Field: "link", Live: true}, Live: libvirtx.LiveOutcome{Status: libvirtx.LiveApplied},
	}}}, true)
	if text != "NIC :3a:50:03 saved: config applied; live: applied" || level != common.StatusOK {
		t.Errorf("summary = %q %v", text, level)
	}
	text, level = summary("NIC :3a:50:03", &libvirtx.Result{Plan: set, Fields: []libvirtx.FieldOutcome{{
		Change: model.Change{Field: "link", Live: true}, Live: libvirtx.LiveOutcome{Status: libvirtx.LiveFailed, Message: "Operation not supported"},
	}}}, true)
	if text != "NIC :3a:50:03 saved: config applied; live failed: Operation not supported" || level != common.StatusWarn {
		t.Errorf("summary = %q %v", text, level)
	}
	text, level = summary("NIC :3a:10:02", &libvirtx.Result{Plan: &libvirtx.Plan{Op: model.OpRemove}, Live: libvirtx.LiveOutcome{Status: libvirtx.LiveRequested}}, true)
	if text != "NIC :3a:10:02 removed: config applied; live unplug requested: the guest must acknowledge it" || level != common.StatusOK {
		t.Errorf("summary = %q %v", text, level)
	}
	text, _ = summary("NIC :3a:10:02", &libvirtx.Result{Plan: set, Verified: "after reconnect"}, false)
	if !strings.Contains(text, "config written (verified after reconnect)") {
		t.Errorf("summary after a reconnect = %q", text)
	}
}

// Another writer's change to another NIC does not stop an apply and is
// kept; a change to the NIC being edited brings the concurrent-edit dialog.
func TestConcurrentEdit(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	h.selectNIC(0)
	h.keys("enter")
	h.setMode(model.ModePrivate)

	other := func(idx int, edit func(n *model.NIC)) {
		t.Helper()
		d, err := h.ctx.Conn.LoadDomain("router-fw")
		if err != nil {
			t.Fatal(err)
		}
		n := d.NICs[idx]
		edit(&n)
		if _, err := h.ctx.Conn.SetNIC(d, idx, n); err != nil {
			t.Fatal(err)
		}
	}
	other(2, func(n *model.NIC) { n.Link = "up" })
	h.keys("ctrl+s", "y")
	if st := h.lastStatus(); !strings.Contains(st.Text, "saved: config applied") || !strings.Contains(st.Text, "by someone else meanwhile were kept") {
		t.Fatalf("status = %+v (%v)", st, h.errs)
	}
	if h.m.d.NICs[0].Mode != model.ModePrivate || h.m.d.NICs[2].Link != "up" {
		t.Fatalf("after apply: mode %q, other NIC's link %q", h.m.d.NICs[0].Mode, h.m.d.NICs[2].Link)
	}

	// The reloaded page keeps the focus on the mode field.
	h.keys("enter", "/", "vepa", "enter")
	if got := h.m.form.Edited().Mode; got != model.ModeVEPA {
		t.Fatalf("form mode = %q after picking vepa\n%s", got, h.view())
	}
	h.keys("ctrl+s")
	if !(h.dialog != nil) {
		t.Fatalf("no plan dialog: %v %v", h.statuses, h.errs)
	}
	other(0, func(n *model.NIC) { n.Model = "e1000e" })
	h.keys("y")
	if !(h.dialog != nil) || h.dialog.Title != "The domain changed since it was loaded" {
		t.Fatalf("no concurrent-edit dialog (%q): %v %v", h.dialog.Title, h.statuses, h.errs)
	}
	v := h.view()
	if !strings.Contains(v, "r reload (discard my edits)") || !strings.Contains(v, "esc keep editing") {
		t.Errorf("dialog choices:\n%s", v)
	}
	h.keys("esc")
	if !h.m.Dirty() {
		t.Fatal("keep editing lost the edits")
	}
	h.keys("ctrl+s", "y", "r")
	if h.m.Dirty() || h.m.d.NICs[0].Mode != model.ModePrivate || h.m.d.NICs[0].Model != "e1000e" {
		t.Fatalf("reload: dirty %v mode %q model %q", h.m.Dirty(), h.m.d.NICs[0].Mode, h.m.d.NICs[0].Model)
	}
	if len(h.errs) != 0 {
		t.Errorf("unexpected error boxes: %v", h.errs)
	}
}

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

func TestApplyBlockedByProblems(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	h.selectNIC(0)
	h.keys("enter")
	// Nothing changed yet: nothing to apply.
	h.keys("ctrl+s")
	if st := h.lastStatus(); st.Text != "NIC :3a:50:01: nothing to apply" {
		t.Errorf("status = %+v", st)
	}
	// Network source, Source mode, Device model, MAC address.
	h.keys("tab", "tab", "tab")
	if !h.m.Capturing() {
		t.Fatalf("MAC field does not capture:\n%s", h.view())
	}
	for i := 0; i < 17; i++ {
		h.keys("backspace")
	}
	// Letters go into the field, never to the screen's a/x/r keys.
	h.keys("xa:r")
	if (h.dialog != nil) || h.m.focus != focusPage {
		t.Fatal("letters typed into a field acted on the screen")
	}
	h.keys("ctrl+s")
	if st := h.lastStatus(); st.Text != "fix 1 error before applying: mac" || st.Level != common.StatusError {
		t.Errorf("status = %+v", st)
	}
	if (h.dialog != nil) || h.m.busy {
		t.Error("apply went ahead despite errors")
	}
}

// After Apply the page is rebuilt from libvirt; the user stays on the field
// they edited, and its row stays on the page, even where the form scrolls.
func TestApplyKeepsFocusedField(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 21}, {60, 13}} {
		h := open(t, "router-fw", size.w, size.h, false)
		h.selectNIC(0)
		h.keys("enter")
		for i := 0; i < 20 && h.m.form.FocusedField() != model.FieldTypeIDVersion; i++ {
			h.keys("tab")
		}
		if h.m.form.FocusedField() != model.FieldTypeIDVersion {
			t.Fatalf("%dx%d: cannot reach Type ID version:\n%s", size.w, size.h, h.view())
		}
		h.keys("backspace", "7")
		row := regexp.MustCompile(`▸ Type ID version\s+7\b`)
		if v := h.view(); !row.MatchString(v) {
			t.Fatalf("%dx%d: edited row not shown:\n%s", size.w, size.h, v)
		}
		before := h.m.form
		h.keys("ctrl+s")
		if !(h.dialog != nil) {
			t.Fatalf("%dx%d: ctrl+s did not confirm: %v %v", size.w, size.h, h.statuses, h.errs)
		}
		h.keys("y")
		if st := h.lastStatus(); !strings.HasPrefix(st.Text, "NIC :3a:50:01 saved: config applied") {
			t.Fatalf("%dx%d: status = %+v", size.w, size.h, st)
		}
		if h.m.form == before || h.m.Dirty() {
			t.Fatalf("%dx%d: form not rebuilt from the reload (dirty %v)", size.w, size.h, h.m.Dirty())
		}
		if vp := h.m.d.NICs[0].VirtualPort; vp == nil || vp.TypeIDVersion == nil || *vp.TypeIDVersion != 7 {
			t.Fatalf("%dx%d: reloaded virtual port %+v", size.w, size.h, vp)
		}
		if got := h.m.form.FocusedField(); got != model.FieldTypeIDVersion || h.m.focus != focusPage {
			t.Errorf("%dx%d: after reload focus %q (page %v), want typeidversion", size.w, size.h, got, h.m.focus == focusPage)
		}
		if v := h.view(); !row.MatchString(v) {
			t.Errorf("%dx%d: focused row scrolled out of sight after reload:\n%s", size.w, size.h, v)
		}
		// Moving to another NIC still starts its form at the top.
		h.keys("esc", "down", "enter")
		if got := h.m.form.FocusedField(); h.m.nicItem() != 1 || got != model.FieldSource {
			t.Errorf("%dx%d: NIC %d focuses %q, want source", size.w, size.h, h.m.nicItem(), got)
		}
	}
}

// "fix N errors before applying" goes away once the errors are fixed, and
// only when it is still the last status this screen set.
func TestFixStatusClearedWhenErrorsFixed(t *testing.T) {
	h := open(t, "router-fw", 120, 37, false)
	h.selectNIC(0)
	h.keys("enter")
	h.keys("tab", "tab", "tab") // Network source, Source mode, Device model, MAC address
	h.keys("backspace", "z")
	h.keys("ctrl+s")
	if st := h.lastStatus(); st.Text != "fix 1 error before applying: mac" {
		t.Fatalf("status = %+v", st)
	}
	n := len(h.statuses)
	// Still an error: nothing to clear.
	h.keys("backspace", "q")
	if len(h.statuses) != n {
		t.Fatalf("status changed while errors remain: %+v", h.statuses[n:])
	}
	h.keys("backspace", "f")
	if len(h.statuses) != n+1 || h.statuses[n] != (common.StatusMsg{Text: "", Level: common.StatusInfo}) {
		t.Fatalf("fixing the error: statuses %+v, want one clear", h.statuses[n:])
	}
	// Once: breaking and fixing it again sets nothing.
	h.keys("backspace", "z", "backspace", "f")
	if len(h.statuses) != n+1 {
		t.Fatalf("cleared again: %+v", h.statuses[n+1:])
	}

	// Another status set since the "fix" one is left alone.
	h.keys("backspace", "z", "ctrl+s")
	if st := h.lastStatus(); !strings.HasPrefix(st.Text, "fix 1 error") {
		t.Fatalf("status = %+v", st)
	}
	h.keys("ctrl+g") // from the form: the MAC is generated, the error is gone
	if st := h.lastStatus(); st.Text != "" || len(h.statuses) != n+3 {
		t.Fatalf("ctrl+g fixing the MAC: statuses %+v", h.statuses[n+1:])
	}
	h.keys("backspace", "z", "ctrl+s", "tab") // now on Link state
	h.keys("ctrl+g")                          // the form says what ctrl+g does
	if st := h.lastStatus(); !strings.HasPrefix(st.Text, "ctrl+g generates") {
		t.Fatalf("status = %+v", st)
	}
	m := len(h.statuses)
	h.keys("shift+tab", "backspace", "f")
	if h.m.form.Problems() != nil && model.HasErrors(h.m.form.Problems()) {
		t.Fatalf("MAC still has errors: %v", h.m.form.Problems())
	}
	if len(h.statuses) != m {
		t.Errorf("cleared another status: %+v", h.statuses[m:])
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
