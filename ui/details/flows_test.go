package details

import (
	"regexp"
	"strings"
	"testing"
	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/ui/common"
)

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
