package details

import (
	"fmt"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"virtnic/model"
	"virtnic/ui/common"
)

// Update implements common.Screen: it routes a message to the flow it
// belongs to (reload.go, flows.go, written.go) or a key to the keys of
// where the focus is (keys.go).
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
	case common.SurveyUpdatedMsg:
		m.hostChanged()
		return m, nil
	case common.AddressesMsg:
		m.addressesArrived(msg)
		return m, nil
	case common.NetStatsMsg:
		m.statsArrived(msg)
		return m, nil
	case common.PlanMsg:
		return m, m.planned(msg)
	case common.WriteDoneMsg:
		return m, m.written(msg)
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	if cmd, ok := m.dialogAnswer(msg); ok {
		return m, cmd
	}
	// Anything else (the form's own messages) belongs to the form.
	if m.form != nil {
		var cmd tea.Cmd
		m.form, cmd = m.form.Update(msg)
		return m, cmd
	}
	return m, nil
}

// dialogAnswer handles what this screen's dialogs send back.
func (m *Model) dialogAnswer(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case confirmedMsg:
		m.busy = true
		return tea.Batch(common.Apply(m.ctx, msg.plan), m.tick()), true
	case cancelMsg:
		m.then = afterNone
		return nil, true
	case discardReloadMsg:
		m.then = afterNone
		m.discard()
		return m.load(), true
	case promptApplyMsg:
		return m.apply(), true
	case promptDiscardMsg:
		m.discard()
		return m.resume(), true
	}
	return nil, false
}

// key runs the key's entry in the table of where the focus is; on the
// page, keys the table does not have go to the NIC form.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if cmd, ok := m.table().Dispatch(msg, m.refuse); ok {
		return cmd
	}
	if m.d != nil && m.focus == focusPage && m.form != nil {
		return m.formKey(msg)
	}
	return nil
}

// status sets the status line. Every status this screen sets goes through
// here, so fixShown knows whether the line still shows "fix N errors".
func (m *Model) status(level common.StatusLevel, format string, args ...any) tea.Cmd {
	m.fixShown = false
	text := fmt.Sprintf(format, args...)
	return func() tea.Msg { return common.StatusMsg{Text: text, Level: level} }
}

// clearStatus empties the status line: it spoke of what the user just
// moved away from.
func (m *Model) clearStatus() tea.Cmd { return m.status(common.StatusInfo, "") }

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

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
	i = max(0, min(i, len(m.items)-1))
	if i == m.sel && !m.adding {
		return nil
	}
	if m.Dirty() {
		return m.prompt(afterSelect, m.itemKey(i))
	}
	m.selectItem(i)
	return m.clearStatus()
}

func (m *Model) openPage() tea.Cmd {
	if m.item() != nil {
		m.focus = focusPage
		m.layoutForm()
	}
	return nil
}

func (m *Model) toList() tea.Cmd {
	m.focus = focusList
	return nil
}

// leavePage goes back to the device list; leaving a NIC being added asks
// first, as leaving for another device would.
func (m *Model) leavePage() tea.Cmd {
	if m.adding {
		if m.Dirty() {
			return m.prompt(afterSelect, m.itemKey(m.sel))
		}
		m.selectItem(m.sel)
	}
	m.focus = focusList
	return nil
}

func (m *Model) back() tea.Cmd {
	if m.Dirty() {
		return m.prompt(afterBack, "")
	}
	return send(common.BackMsg{})
}

func (m *Model) reload() tea.Cmd {
	if m.Dirty() {
		return m.prompt(afterReload, "")
	}
	if m.loading {
		return nil
	}
	return m.load()
}

func (m *Model) revert() tea.Cmd {
	m.form.Revert()
	return m.status(common.StatusInfo, "%s: edits reverted to the loaded configuration", m.nicLabel(m.formIdx))
}

// discard drops unapplied edits: a form goes back to what was loaded, a
// NIC being added goes away.
func (m *Model) discard() {
	switch {
	case m.adding:
		m.selectItem(m.sel)
		m.buildForm()
	case m.form != nil:
		m.form.Revert()
	}
}

func (m *Model) scrollBy(d int) func() tea.Cmd {
	return func() tea.Cmd {
		m.scroll += d
		m.clampScroll()
		return nil
	}
}

func (m *Model) scrollPage(d int) func() tea.Cmd {
	return func() tea.Cmd {
		_, h := m.pageInner()
		m.scroll += d * max(1, h-1)
		m.clampScroll()
		return nil
	}
}
