package details

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/components/dialog"
	"virtnic/ui/nicform"
)

// prompt asks what to do with unapplied edits before doing `then`.
func (m *Model) prompt(then after, target string) tea.Cmd {
	m.then, m.thenTarget = then, target
	what := "This NIC has changes that are not applied yet."
	if m.adding {
		what = "The new NIC is not added yet."
	}
	return common.Ask(dialog.New("Unapplied changes to "+m.nicLabel(m.formIdx),
		what+"\nApply them, discard them, or stay on this page?", "",
		dialog.Choice{Key: keyPromptApply, Label: "apply", Msg: promptApplyMsg{}},
		dialog.Choice{Key: keyPromptDiscard, Label: "discard", Msg: promptDiscardMsg{}},
		dialog.Choice{Key: keyPromptStay, Label: "stay", Msg: cancelMsg{}},
	))
}

// resume carries out what the prompt was opened for, once the edits are
// applied or discarded.
func (m *Model) resume() tea.Cmd {
	then, target := m.then, m.thenTarget
	m.then, m.thenTarget = afterNone, ""
	switch then {
	case afterSelect:
		for i := range m.items {
			if m.itemKey(i) == target {
				m.selectItem(i)
				break
			}
		}
	case afterBack:
		return send(common.BackMsg{})
	case afterReload:
		if !m.loading {
			return m.load()
		}
	}
	return nil
}

// startAdd opens the NIC form on a new NIC. Nothing reaches the guest
// before the plan of exactly that NIC is confirmed.
func (m *Model) startAdd() tea.Cmd {
	if m.busy {
		return nil
	}
	if m.Dirty() {
		return m.prompt(afterSelect, m.itemKey(m.sel))
	}
	m.form = nicform.NewNIC(m.ctx, len(m.d.NICs), m.d.Info, m.src, m.ectx)
	m.form.SetHost(m.src, m.ectx, m.ctx.Survey == nil)
	m.formIdx, m.adding, m.focus = -1, true, focusPage
	m.layoutForm()
	how := "config only: the domain is not running"
	if m.d.Info.State.Active() {
		how = "it will be hot-plugged into the running guest too"
	}
	return m.status(common.StatusInfo, "new NIC: choose its settings, then ctrl+s (%s); esc cancels", how)
}

// apply starts the Apply flow: inline errors stop it, otherwise the plan
// feeds the confirmation dialog.
func (m *Model) apply() tea.Cmd {
	if m.ctx.ReadOnly {
		m.then = afterNone
		return m.status(common.StatusWarn, readOnlyText)
	}
	if m.form == nil || m.busy {
		return nil
	}
	if !m.form.Dirty() {
		return tea.Batch(m.status(common.StatusInfo, "%s: nothing to apply", m.nicLabel(m.formIdx)), m.resume())
	}
	if n, fields := errorFields(m.form.Problems()); n > 0 {
		m.then = afterNone
		cmd := m.status(common.StatusError, "fix %d %s before applying: %s", n, plural(n, "error", "errors"), strings.Join(fields, ", "))
		m.fixShown = true
		return cmd
	}
	m.busy = true
	if m.adding {
		return tea.Batch(common.PlanAdd(m.ctx, m.d, m.form.Edited(), m.form.ManualSource()), m.tick())
	}
	return tea.Batch(common.PlanSet(m.ctx, m.d, m.formIdx, m.form.Edited(), m.form.ManualSource()), m.tick())
}

// errorFields counts the blocking problems and names their fields once.
func errorFields(ps []model.Problem) (int, []string) {
	var fields []string
	seen := map[string]bool{}
	n := 0
	for _, p := range ps {
		if p.Severity != model.SeverityError {
			continue
		}
		n++
		if !seen[p.Field] {
			seen[p.Field] = true
			fields = append(fields, p.Field)
		}
	}
	return n, fields
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// removePlan plans the removal so the dialog can show the element that
// will go.
func (m *Model) removePlan() tea.Cmd {
	idx := m.nicItem()
	if idx < 0 || m.busy {
		return nil
	}
	m.busy = true
	return tea.Batch(common.PlanRemove(m.ctx, m.d, idx), m.tick())
}

// planned opens the confirmation for a plan. The dialog holds the plan
// itself: y applies exactly what it shows, generated values included.
func (m *Model) planned(msg common.PlanMsg) tea.Cmd {
	m.busy = false
	if msg.Err != nil {
		m.then = afterNone
		return m.fail(msg.Op, msg.Err)
	}
	p := msg.Plan
	yes := func(label string) dialog.Choice {
		return dialog.Choice{Key: keyYes, Label: label, Msg: confirmedMsg{plan: p}}
	}
	no := dialog.Choice{Key: keyNo, Label: "cancel", Msg: cancelMsg{}}
	switch msg.Op {
	case model.OpSet:
		if p.Empty() {
			return tea.Batch(m.status(common.StatusInfo, "%s: nothing to apply", m.nicLabel(msg.Index)), m.resume())
		}
		return common.Ask(dialog.New("Apply changes to "+m.nicLabel(msg.Index)+"?", planText(p), p.Diff, yes("apply"), no))
	case model.OpAdd:
		live := "config only (domain not running)"
		if p.Running {
			live = "it will be hot-plugged into the running guest too"
		}
		return common.Ask(dialog.New("Add a NIC to "+m.name+"?", live+"\n"+planText(p), p.Diff, yes("add"), no))
	}
	live := "config only (domain not running)"
	if p.Running {
		live = "the running guest will be asked to unplug it; the guest must acknowledge it"
	}
	return common.Ask(dialog.New("Remove "+m.nicLabel(msg.Index)+" from "+m.name+"?", live+"\n"+planText(p), p.Diff, yes("remove"), no))
}

// planText is a confirmation's text: the changes, what the running guest
// gets of them (each distinct reason said once), the values virtnic
// generated and the warnings. The diff follows in the dialog's own part.
func planText(p *libvirtx.Plan) string {
	var b strings.Builder
	for _, f := range p.Changes {
		b.WriteString(present.ChangeLine(f.Change) + "\n")
	}
	for _, g := range present.GroupReasons(p.Changes) {
		b.WriteString(g.String() + "\n")
	}
	for _, field := range present.SortedKeys(p.Generated) {
		fmt.Fprintf(&b, "generated %s: %s\n", field, p.Generated[field])
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	return strings.TrimRight(b.String(), "\n")
}
