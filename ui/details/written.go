package details

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/components/dialog"
)

func (m *Model) written(msg common.WriteDoneMsg) tea.Cmd {
	m.busy = false
	if msg.Err != nil {
		m.then = afterNone
		return m.fail(msg.Op, msg.Err)
	}
	r := msg.Result
	for _, w := range r.Warnings {
		m.ctx.Logf("%s: warning: %s", r, w)
	}
	m.ctx.Logf("%s: written", r)
	text, level := summary(m.nicLabel(r.Index), r, m.d.Info.State.Active())
	detail := resultDetail(r)
	if detail != "" {
		text += " · L: details"
	}
	m.fixShown = false
	cmds := []tea.Cmd{send(common.StatusMsg{Text: text, Level: level, Detail: detail})}
	switch msg.Op {
	case model.OpSet:
		m.wantKey = "mac:" + r.Plan.MAC
		if m.formIdx == r.Index {
			m.appliedKey = m.wantKey
			// Done typing: after the write, keys are commands again (a
			// "?" must open help, not land in a profileid).
			m.leaveText = true
		}
		switch m.then {
		case afterSelect:
			m.wantKey = m.thenTarget
		case afterBack:
			m.then = afterNone
			return tea.Batch(append(cmds, send(common.BackMsg{}))...)
		}
	case model.OpAdd:
		// The new NIC is selected in the list, its page beside it.
		m.wantKey = "mac:" + r.Plan.MAC
		m.adding, m.focus = false, focusList
	case model.OpRemove:
		m.wantKey, m.wantPos = "", m.sel
	}
	m.then, m.thenTarget = afterNone, ""
	// Always reload after our own write: a config-only change raises no
	// event that would do it for us.
	return tea.Batch(append(cmds, m.load())...)
}

// summary is the status line after a write: what happened to the config,
// then to the running guest, then what else the write found.
func summary(label string, r *libvirtx.Result, running bool) (string, common.StatusLevel) {
	config := "config applied"
	if r.Verified != "" {
		config = "config written (verified after reconnect)"
	}
	if r.Plan.Op == model.OpAdd {
		label = "NIC " + shortMAC(r.Plan.MAC)
	}
	s := label + " " + present.OpPast(r.Plan.Op) + ": " + config
	var live string
	var warn bool
	if r.Plan.Op == model.OpSet {
		live, warn = setLive(r.Fields)
	} else {
		live, warn = addRemoveLive(r, running)
	}
	s += live
	if news := r.Warnings[min(len(r.Plan.Warnings), len(r.Warnings)):]; len(news) > 0 {
		// The plan's warnings were in the confirmation; only what the
		// write itself found is news.
		s += " · warning: " + news[0]
		if len(news) > 1 {
			s += fmt.Sprintf(" (+%d more)", len(news)-1)
		}
		warn = true
	}
	if len(r.Others) > 0 {
		s += fmt.Sprintf(" · %d change(s) by someone else meanwhile were kept", len(r.Others))
	}
	if warn {
		return s, common.StatusWarn
	}
	return s, common.StatusOK
}

// addRemoveLive is the live part of an add or remove's status.
func addRemoveLive(r *libvirtx.Result, running bool) (string, bool) {
	verb := "attach"
	if r.Plan.Op == model.OpRemove {
		verb = "unplug"
	}
	switch r.Live.Status {
	case libvirtx.LiveApplied:
		return "; live: applied", false
	case libvirtx.LiveRequested:
		return "; live unplug requested: the guest must acknowledge it", false
	case libvirtx.LiveAfterShutdown:
		return "; live: after next guest shutdown (this driver cannot " + verb + " devices of a running guest)", true
	case libvirtx.LiveFailed:
		return "; live " + verb + " failed: " + r.Live.Message, true
	}
	if running && r.Live.Reason != "" {
		return "; live: nothing to do: " + r.Live.Reason, false
	}
	return " (domain not running)", false
}

// setLive is the live part of a set's status: which fields the guest has
// now and which wait for its next shutdown; a refusal in libvirt's words.
func setLive(fields []libvirtx.FieldOutcome) (string, bool) {
	var applied, later []string
	var failed string
	for _, f := range fields {
		switch f.Live.Status {
		case libvirtx.LiveApplied:
			applied = append(applied, f.Field)
		case libvirtx.LiveAfterShutdown:
			later = append(later, f.Field)
		case libvirtx.LiveFailed:
			later = append(later, f.Field)
			failed = f.Live.Message
		}
	}
	if failed != "" {
		return "; live failed: " + failed, true
	}
	var live []string
	if len(applied) > 0 {
		live = append(live, "applied")
		if len(later) > 0 {
			live[0] += " (" + strings.Join(applied, ", ") + ")"
		}
	}
	if len(later) > 0 {
		live = append(live, "after next guest shutdown ("+strings.Join(later, ", ")+")")
	}
	if len(live) == 0 {
		return " (domain not running)", false
	}
	return "; live: " + strings.Join(live, ", "), len(later) > 0
}

// resultDetail is the whole story of a write for the message log: each
// field with what the running guest got and why, libvirt's words when a
// live change failed, every warning, and others' changes that were kept.
func resultDetail(r *libvirtx.Result) string {
	var lines []string
	for _, f := range r.Fields {
		lines = append(lines, present.ChangeLine(f.Change)+": "+present.LiveText(f.Live))
	}
	if r.Plan.Op != model.OpSet && r.Live.Status != "" {
		lines = append(lines, "live: "+present.LiveText(r.Live))
	}
	for _, w := range r.Warnings {
		lines = append(lines, "warning: "+w)
	}
	for _, o := range r.Others {
		lines = append(lines, "kept someone else's change: "+o)
	}
	if r.Path != "" {
		lines = append(lines, "written by the "+string(r.Path)+" path")
	}
	return strings.Join(lines, "\n")
}

// fail routes a plan or write error: a concurrent edit gets its own dialog,
// validation errors fit the status line, and libvirt's refusals go to the
// root's error box with their meaning.
func (m *Model) fail(op model.Op, err error) tea.Cmd {
	title, prefix := "Cannot apply changes", "cannot apply"
	switch op {
	case model.OpAdd:
		title, prefix = "Cannot add a NIC", "cannot add a NIC"
	case model.OpRemove:
		title, prefix = "Cannot remove the NIC", "cannot remove the NIC"
	}
	var verr *model.ValidationError
	switch {
	case errors.Is(err, libvirtx.ErrConcurrentEdit):
		return common.Ask(dialog.New("The domain changed since it was loaded",
			m.name+"'s NIC was changed outside this screen (virsh, virt-manager, another virtnic) after "+
				"it was loaded. Writing now would undo that change.", "",
			dialog.Choice{Key: keyReloadLost, Label: "reload (discard my edits)", Msg: discardReloadMsg{}},
			dialog.Choice{Key: keyKeepEdit, Label: "keep editing", Msg: cancelMsg{}},
		))
	case errors.As(err, &verr):
		var ps []string
		for _, p := range verr.Problems {
			if p.Severity == model.SeverityError {
				ps = append(ps, p.Message)
			}
		}
		return m.status(common.StatusError, "%s: %s", prefix, strings.Join(ps, "; "))
	}
	return send(common.ErrorMsg{Host: m.ctx, Title: title, Err: err})
}
