package details

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/libvirtx"
	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/components/confirm"
)

// readOnlyText is the one answer to an edit attempt on a read-only
// connection (docs/tui.md): it says how to get a writable one.
const readOnlyText = "read-only connection: restart virtnic without -r, as a user allowed to manage libvirt, to edit"

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if !m.loading && !m.busy {
			m.spinning = false
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case common.DomainLoadedMsg:
		return m, m.loaded(msg)
	case common.DomainEventMsg:
		return m, m.event(msg.Event)
	case common.ReconnectedMsg:
		// The old connection's view may be stale; a dirty form keeps its
		// edits and the fingerprint check catches any change at Apply.
		if msg.Err == nil && !m.Dirty() && !m.loading {
			return m, m.load()
		}
		return m, nil
	case common.PlanMsg:
		return m, m.planned(msg)
	case common.WriteDoneMsg:
		return m, m.written(msg)
	case confirmedMsg:
		m.busy = true
		return m, tea.Batch(common.Apply(m.ctx.Conn, msg.plan), m.tick())
	case common.SurveyUpdatedMsg:
		m.hostChanged()
		return m, nil
	case cancelMsg:
		m.then = afterNone
		return m, nil
	case discardReloadMsg:
		m.then = afterNone
		if m.form != nil {
			m.form.Revert()
		}
		return m, m.load()
	case promptApplyMsg:
		return m, m.apply()
	case promptDiscardMsg:
		if m.form != nil {
			m.form.Revert()
		}
		return m, m.resume()
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	// Anything else (cursor blinks, the form's own messages) belongs to
	// the form.
	if m.form != nil {
		var cmd tea.Cmd
		m.form, cmd = m.form.Update(msg)
		return m, cmd
	}
	return m, nil
}

// status sets the status line. Every status this screen sets goes through
// here, so fixShown knows whether the line still shows "fix N errors".
func (m *Model) status(level common.StatusLevel, format string, args ...any) tea.Cmd {
	m.fixShown = false
	text := fmt.Sprintf(format, args...)
	return func() tea.Msg { return common.StatusMsg{Text: text, Level: level} }
}

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func (m *Model) loaded(msg common.DomainLoadedMsg) tea.Cmd {
	if msg.Name != m.name {
		return nil
	}
	asked := m.loading
	m.loading = false
	if msg.Err != nil {
		if m.d == nil {
			m.loadErr = msg.Err
		}
		m.then, m.wantKey, m.wantPos, m.appliedKey = afterNone, "", -1, ""
		return send(common.ErrorMsg{Title: "Cannot load domain " + m.name, Err: msg.Err})
	}
	if !asked && m.Dirty() {
		// Someone else's reload must not wipe the user's edits.
		return nil
	}
	want, pos := m.wantKey, m.wantPos
	if want == "" && pos < 0 {
		want, pos = m.itemKey(m.sel), m.sel
	}
	m.wantKey, m.wantPos = "", -1
	// A reload of the NIC on the page (after Apply, an event, r) keeps the
	// field the user was on and the form's scroll; a fresh form would jump
	// back to the first field and hide the values just set.
	var place *formPlace
	if m.form != nil {
		place = &formPlace{keys: []string{m.itemKey(m.sel), m.appliedKey},
			field: m.form.FocusedField(), scroll: m.form.Scroll()}
	}
	m.appliedKey = ""
	m.d, m.loadErr = msg.Domain, nil
	m.readHost()
	m.items = hardware(m.d)
	sel := -1
	for i := range m.items {
		if want != "" && m.itemKey(i) == want {
			sel = i
			break
		}
	}
	if sel < 0 {
		sel = max(0, min(pos, len(m.items)-1))
	}
	m.sel = sel
	m.buildForm()
	if place != nil && m.form != nil && place.same(m.itemKey(m.sel)) {
		m.form.FocusField(place.field)
		m.form.SetScroll(place.scroll)
	}
	if m.form == nil && m.item() != nil && len(m.item().Rows) == 0 && m.focus == focusPage {
		m.focus = focusList
	}
	return nil
}

// formPlace is where the user was in a NIC form: the focused field and the
// scroll, and the item keys under which that NIC may come back.
type formPlace struct {
	keys   []string
	field  string
	scroll int
}

func (p *formPlace) same(key string) bool {
	for _, k := range p.keys {
		if k != "" && k == key {
			return true
		}
	}
	return false
}

func (m *Model) event(ev libvirtx.Event) tea.Cmd {
	if ev.Domain != m.name || m.loading || m.busy {
		// Our own writes and reloads raise events too; the reload after a
		// write already covers them.
		return nil
	}
	if m.Dirty() {
		return m.status(common.StatusWarn, "domain changed outside virtnic; press r to reload")
	}
	return m.load()
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.dialog.Open() {
		var cmd tea.Cmd
		m.dialog, cmd = m.dialog.Update(msg)
		return cmd
	}
	k := m.keys
	if m.ctx.ReadOnly {
		// Disabled bindings never match, so recognise the attempt by its
		// keys to say why nothing happens. On the page, letters belong to
		// the form: only ctrl+s and ctrl+r are ours.
		edit := pressed(msg, k.Add) || pressed(msg, k.Remove)
		if m.focus == focusPage {
			edit = m.form != nil && (pressed(msg, k.Apply) || pressed(msg, k.Revert))
		}
		if edit && m.d != nil {
			return m.status(common.StatusWarn, readOnlyText)
		}
	}
	if m.d == nil {
		switch {
		case key.Matches(msg, k.Back):
			return send(common.BackMsg{})
		case key.Matches(msg, k.Reload) && !m.loading:
			return m.load()
		}
		return nil
	}
	if m.focus == focusPage {
		return m.pageKey(msg)
	}
	return m.listKey(msg)
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		return m.moveTo(m.sel - 1)
	case key.Matches(msg, k.Down):
		return m.moveTo(m.sel + 1)
	case key.Matches(msg, k.Open):
		if m.item() != nil {
			m.focus = focusPage
			m.layoutForm()
		}
	case key.Matches(msg, k.Add):
		return m.addPrompt()
	case key.Matches(msg, k.Remove):
		return m.removePlan()
	case key.Matches(msg, k.Reload):
		if m.Dirty() {
			return m.prompt(afterReload, "")
		}
		if !m.loading {
			return m.load()
		}
	case key.Matches(msg, k.Back):
		if m.Dirty() {
			return m.prompt(afterBack, "")
		}
		return send(common.BackMsg{})
	}
	return nil
}

func (m *Model) pageKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if m.form != nil {
		switch {
		case key.Matches(msg, k.Apply):
			return m.apply()
		case key.Matches(msg, k.Revert):
			m.form.Revert()
			return m.status(common.StatusInfo, "%s: edits reverted to the loaded configuration", m.nicLabel(m.formIdx))
		case key.Matches(msg, k.PageBack) && !m.form.Picking():
			m.focus = focusList
			return nil
		}
		return m.formKey(msg)
	}
	_, h := m.pageInner()
	switch {
	case key.Matches(msg, k.PageBack):
		m.focus = focusList
	case key.Matches(msg, k.ScrollUp):
		m.scroll--
	case key.Matches(msg, k.ScrollDown):
		m.scroll++
	case key.Matches(msg, k.PageUp):
		m.scroll -= max(1, h-1)
	case key.Matches(msg, k.PageDown):
		m.scroll += max(1, h-1)
	}
	m.clampScroll()
	return nil
}

// formKey forwards a key to the NIC form. When the key fixes the last
// error while the status line still says "fix N errors before applying",
// the line is cleared, once.
func (m *Model) formKey(msg tea.KeyMsg) tea.Cmd {
	had := m.fixShown && model.HasErrors(m.form.Problems())
	var cmd tea.Cmd
	m.form, cmd = m.form.Update(msg)
	if cmd != nil {
		// The form may have set the status line itself (a refusal, a
		// generate error): that is no longer ours to clear.
		m.fixShown = false
	}
	if had && m.fixShown && !model.HasErrors(m.form.Problems()) {
		m.fixShown = false
		return send(common.StatusMsg{Text: "", Level: common.StatusInfo})
	}
	return cmd
}

// moveTo selects another device; with unapplied edits it asks first.
func (m *Model) moveTo(i int) tea.Cmd {
	if i < 0 || i >= len(m.items) || i == m.sel {
		return nil
	}
	if m.Dirty() {
		return m.prompt(afterSelect, m.itemKey(i))
	}
	m.selectItem(i)
	return nil
}

// prompt asks what to do with unapplied edits before doing `then`.
func (m *Model) prompt(then after, target string) tea.Cmd {
	m.then, m.thenTarget = then, target
	k := m.keys
	m.dialog = confirm.New(
		"Unapplied changes to "+m.nicLabel(m.formIdx),
		"This NIC has changes that are not applied yet.\nApply them, discard them, or stay on this page?",
		confirm.Choice{Key: k.PromptApply, Label: "apply", Msg: promptApplyMsg{}},
		confirm.Choice{Key: k.PromptDiscard, Label: "discard", Msg: promptDiscardMsg{}},
		confirm.Choice{Key: k.PromptStay, Label: "stay", Msg: cancelMsg{}},
	)
	return nil
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

// apply starts the Apply flow: inline errors stop it, otherwise a dry run
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
	var fields []string
	seen := map[string]bool{}
	n := 0
	for _, p := range m.form.Problems() {
		if p.Severity != model.SeverityError {
			continue
		}
		n++
		if !seen[p.Field] {
			seen[p.Field] = true
			fields = append(fields, p.Field)
		}
	}
	if n > 0 {
		m.then = afterNone
		cmd := m.status(common.StatusError, "fix %d %s before applying: %s", n, plural(n, "error", "errors"), strings.Join(fields, ", "))
		m.fixShown = true
		return cmd
	}
	m.busy = true
	return tea.Batch(common.PlanSet(m.ctx.Conn, m.d, m.formIdx, m.form.Edited(), m.form.ManualSource()), m.tick())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// addPrompt plans adding a NIC with the defaults virt-manager and
// virt-install pick (network 'default', else the first network or bridge);
// the confirmation shows that plan, generated MAC included.
func (m *Model) addPrompt() tea.Cmd {
	if m.busy {
		return nil
	}
	var nic model.NIC // blank kind: the engine's network 'default'
	hasDefault := false
	for _, n := range m.src.Networks {
		if n.Name == "default" {
			hasDefault = true
		}
	}
	switch {
	case hasDefault || m.ctx.Survey == nil:
	case len(m.src.Networks) > 0:
		nic = model.NIC{Kind: model.KindNetwork, Network: m.src.Networks[0].Name}
	case len(m.src.Bridges) > 0:
		nic = model.NIC{Kind: model.KindBridge, Bridge: m.src.Bridges[0].Name}
	default:
		return m.status(common.StatusError, "no virtual network or bridge to connect a new NIC to; use 'virtnic add --direct DEV'")
	}
	m.busy = true
	return tea.Batch(common.PlanAdd(m.ctx.Conn, m.d, nic), m.tick())
}

// removePlan dry-runs the removal so the dialog can show the element that
// will go.
func (m *Model) removePlan() tea.Cmd {
	idx := m.nicItem()
	if idx < 0 {
		return m.status(common.StatusInfo, "select a NIC to remove it")
	}
	if m.busy {
		return nil
	}
	m.busy = true
	return tea.Batch(common.PlanRemove(m.ctx.Conn, m.d, idx), m.tick())
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
	k := m.keys
	yes := func(label string) confirm.Choice {
		return confirm.Choice{Key: k.Yes, Label: label, Msg: confirmedMsg{plan: p}}
	}
	no := confirm.Choice{Key: k.No, Label: "cancel", Msg: cancelMsg{}}
	switch msg.Op {
	case model.OpSet:
		if p.Empty() {
			return tea.Batch(m.status(common.StatusInfo, "%s: nothing to apply", m.nicLabel(msg.Index)), m.resume())
		}
		m.dialog = confirm.New("Apply changes to "+m.nicLabel(msg.Index)+"?", planBody(p), yes("apply"), no)
	case model.OpAdd:
		live := "config only (domain not running)"
		if p.Running {
			live = "libvirt will also be asked to hot-plug it into the running guest"
		}
		m.dialog = confirm.New("Add a NIC to "+m.name+"?", live+"\n"+planBody(p), yes("add"), no)
	case model.OpRemove:
		live := "config only (domain not running)"
		if p.Running {
			live = "the running guest will be asked to unplug it; the guest must acknowledge it"
		}
		m.dialog = confirm.New("Remove "+m.nicLabel(msg.Index)+" from "+m.name+"?", live+"\n"+planBody(p), yes("remove"), no)
	}
	return nil
}

// planBody is a confirmation's text: the changes, what the running guest
// gets of them (each distinct reason said once), the values virtnic
// generated and the warnings. The diff follows separately.
func planBody(p *libvirtx.Plan) string {
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
	b.WriteString("\n")
	b.WriteString(strings.TrimRight(p.Diff, "\n"))
	return b.String()
}

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
	cmds := []tea.Cmd{m.status(level, "%s", text)}
	switch msg.Op {
	case model.OpSet:
		m.wantKey = "mac:" + r.Plan.MAC
		if m.formIdx == r.Index {
			m.appliedKey = m.wantKey
		}
		switch m.then {
		case afterSelect:
			m.wantKey = m.thenTarget
		case afterBack:
			m.then = afterNone
			return tea.Batch(append(cmds, send(common.BackMsg{}))...)
		}
	case model.OpAdd:
		m.wantKey = "mac:" + r.Plan.MAC
	case model.OpRemove:
		m.wantKey, m.wantPos = "", m.sel
	}
	m.then, m.thenTarget = afterNone, ""
	// Always reload after our own write: a config-only change raises no
	// event that would do it for us.
	return tea.Batch(append(cmds, m.load())...)
}

// summary is the status line after a write: what happened to the config
// and to the running guest, in that order.
func summary(label string, r *libvirtx.Result, running bool) (string, common.StatusLevel) {
	level := common.StatusOK
	var s string
	config := "config applied"
	if r.Verified != "" {
		config = "config written (verified after reconnect)"
	}
	switch r.Plan.Op {
	case model.OpAdd:
		label = "NIC " + shortMAC(r.Plan.MAC)
		s = label + " added: " + config
	case model.OpRemove:
		s = label + " removed: " + config
	default:
		s = label + " saved: " + config
	}
	switch r.Plan.Op {
	case model.OpAdd, model.OpRemove:
		verb := "attach"
		if r.Plan.Op == model.OpRemove {
			verb = "unplug"
		}
		switch r.Live.Status {
		case libvirtx.LiveNotApplicable, "":
			if running && r.Live.Reason != "" {
				s += "; live: nothing to do: " + r.Live.Reason
			} else {
				s += " (domain not running)"
			}
		case libvirtx.LiveApplied:
			s += "; live: applied"
		case libvirtx.LiveRequested:
			s += "; live unplug requested: the guest must acknowledge it"
		case libvirtx.LiveAfterShutdown:
			s += "; live: after next guest shutdown (this driver cannot " + verb + " devices of a running guest)"
			level = common.StatusWarn
		case libvirtx.LiveFailed:
			s += "; live " + verb + " failed: " + r.Live.Message
			level = common.StatusWarn
		}
	default:
		var applied, later []string
		var failed string
		for _, f := range r.Fields {
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
		var live []string
		if len(applied) > 0 {
			live = append(live, "applied")
			if len(later) > 0 {
				live[0] += " (" + strings.Join(applied, ", ") + ")"
			}
		}
		if len(later) > 0 && failed == "" {
			live = append(live, "after next guest shutdown ("+strings.Join(later, ", ")+")")
		}
		switch {
		case failed != "":
			s += "; live failed: " + failed
			level = common.StatusWarn
		case len(live) > 0:
			s += "; live: " + strings.Join(live, ", ")
			if len(later) > 0 {
				level = common.StatusWarn
			}
		default:
			s += " (domain not running)"
		}
	}
	// The plan's warnings were in the confirmation; only what the write
	// itself found is news.
	if news := r.Warnings[min(len(r.Plan.Warnings), len(r.Warnings)):]; len(news) > 0 {
		s += " · warning: " + news[0]
		if len(news) > 1 {
			s += fmt.Sprintf(" (+%d more)", len(news)-1)
		}
		level = common.StatusWarn
	}
	if len(r.Others) > 0 {
		s += fmt.Sprintf(" · %d change(s) by someone else meanwhile were kept", len(r.Others))
	}
	return s, level
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
		k := m.keys
		m.dialog = confirm.New("The domain changed since it was loaded",
			m.name+"'s configuration was changed outside this screen (virsh, virt-manager,\n"+
				"another virtnic) after it was loaded. Writing now would undo that change.",
			confirm.Choice{Key: k.ReloadLost, Label: "reload (discard my edits)", Msg: discardReloadMsg{}},
			confirm.Choice{Key: k.KeepEdit, Label: "keep editing", Msg: cancelMsg{}},
		)
		return nil
	case errors.As(err, &verr):
		var ps []string
		for _, p := range verr.Problems {
			if p.Severity == model.SeverityError {
				ps = append(ps, p.Message)
			}
		}
		return m.status(common.StatusError, "%s: %s", prefix, strings.Join(ps, "; "))
	}
	return send(common.ErrorMsg{Title: title, Err: err})
}
