package nicform

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/google/uuid"

	"virtnic/model"
	"virtnic/ui/common"
)

// Update handles a message routed to the page. Keys the form does not use
// (ctrl+s, ctrl+r, esc outside a picker) are left for the details screen.
func (m *Model) Update(msg tea.Msg) (*Model, tea.Cmd) {
	defer m.follow()
	return m.update(msg)
}

func (m *Model) update(msg tea.Msg) (*Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		// Paste results and the like belong to whichever input has focus.
		var cmd tea.Cmd
		switch {
		case m.picker != nil && m.picker.filtering:
			m.picker.filter, cmd = m.picker.filter.Update(msg)
		case m.picker == nil && m.focus.isText() && m.canEdit():
			m.inputs[m.focus], cmd = m.inputs[m.focus].Update(msg)
		}
		return m, cmd
	}
	if m.picker != nil {
		m.pickerKey(km)
		return m, nil
	}
	if cmd, handled := m.table().Dispatch(km, m.refuseWith); handled {
		return m, cmd
	}
	return m, m.fieldKey(km)
}

// pickerKey gives the key to the open picker and takes its choice.
func (m *Model) pickerKey(km tea.KeyMsg) {
	chosen, closed := m.picker.update(km)
	if !closed {
		return
	}
	f := m.picker.field
	m.picker = nil
	if chosen != nil {
		m.apply(f, *chosen)
	}
	m.refocus()
}

// fieldKey is a key the table left to the focused field: text for a text
// field, ←/→ cycling on a choice row.
func (m *Model) fieldKey(km tea.KeyMsg) tea.Cmd {
	f := m.focus
	if m.blurred && f.isText() && isTextEdit(km) {
		m.refocus() // typing resumes editing where it was
	}
	switch {
	case f.isText() && m.canEdit():
		var cmd tea.Cmd
		m.inputs[f], cmd = m.inputs[f].Update(km)
		m.refocus()
		return cmd
	case f.isText():
		if isTextEdit(km) {
			return m.refuse()
		}
	case km.Type == tea.KeyLeft:
		m.cycle(f, -1)
	case km.Type == tea.KeyRight:
		m.cycle(f, 1)
	case km.Type == tea.KeyRunes && !m.canEdit():
		// Letters on a choice row are no action either; saying why beats
		// silently dropping them in read-only mode.
		return m.refuse()
	}
	return nil
}

// isTextEdit reports keys that would change a text input's value.
func isTextEdit(km tea.KeyMsg) bool {
	switch km.Type {
	case tea.KeyRunes, tea.KeySpace, tea.KeyBackspace, tea.KeyDelete,
		tea.KeyCtrlK, tea.KeyCtrlU, tea.KeyCtrlW, tea.KeyCtrlD, tea.KeyCtrlV:
		return true
	}
	return false
}

// refuse explains why nothing was edited.
func (m *Model) refuse() tea.Cmd { return m.refuseWith(m.refusal()) }

func (m *Model) refuseWith(text string) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: text, Level: common.StatusWarn} }
}

// move steps focus over the shown rows; tab wraps around, arrows stop at
// the ends.
func (m *Model) move(d int, wrap bool) {
	vis := m.visible()
	i := 0
	for j, f := range vis {
		if f == m.focus {
			i = j
		}
	}
	i += d
	switch {
	case wrap:
		i = (i + len(vis)) % len(vis)
	default:
		i = min(max(i, 0), len(vis)-1)
	}
	m.focus = vis[i]
	m.refocus()
}

// cycle steps a choice row to its previous or next value.
func (m *Model) cycle(f fieldID, d int) {
	opts, cur := m.options(f)
	if len(opts) == 0 {
		return
	}
	i := (cur + d + len(opts)) % len(opts)
	if cur < 0 {
		i = 0
	}
	m.apply(f, opts[i])
	m.refocus()
}

// generate fills the focused MAC or UUID field.
func (m *Model) generate() tea.Cmd {
	f := m.focus
	if f != fMAC && f != fInstanceID && f != fInterfaceID {
		return func() tea.Msg {
			return common.StatusMsg{Text: "ctrl+g generates a MAC address, instance ID or interface ID: move to one of those fields", Level: common.StatusInfo}
		}
	}
	if !m.canEdit() {
		return m.refuse()
	}
	var v string
	if f == fMAC {
		mac, err := model.GenerateMAC(m.ectx.MACsInUse, m.rnd)
		if err != nil {
			return statusErr(err)
		}
		v = mac
	} else {
		id, err := m.newUUID()
		if err != nil {
			return statusErr(err)
		}
		v = id
	}
	m.inputs[f].SetValue(v)
	m.inputs[f].CursorEnd()
	return nil
}

func (m *Model) newUUID() (string, error) {
	if m.rnd == nil {
		return uuid.NewString(), nil
	}
	id, err := uuid.NewRandomFromReader(m.rnd)
	return id.String(), err
}

func statusErr(err error) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: err.Error(), Level: common.StatusError} }
}

// apply sets a choice row to an option.
func (m *Model) apply(f fieldID, o option) {
	switch f {
	case fSource:
		m.chooseSource(o)
	case fDevKind:
		m.switchKind(model.SourceKind(o.value), m.inputs[fDevName].Value())
	case fMode:
		m.nic.Mode = model.Mode(o.value)
	case fPortGroup:
		m.nic.PortGroup = o.value
	case fModel:
		m.nic.Model = o.value
	case fLink:
		m.nic.Link = o.value
	case fVPType:
		m.vpType = model.VPortType(o.value)
	case fVLANMode, fVLANNative:
		m.applyVLAN(f, o)
	}
}

// chooseSource switches to the chosen source. The manual entry starts from
// the current bridge or device name, so fixing a typo is a small edit.
func (m *Model) chooseSource(o option) {
	m.notice = ""
	if o.manual {
		if !m.manual {
			k := m.nic.Kind
			name := ""
			if k == model.KindBridge || k == model.KindDirect {
				name = m.nic.Source()
			} else {
				k = model.KindDirect
			}
			m.manual = true
			m.inputs[fDevName].SetValue(name)
			m.inputs[fDevName].CursorEnd()
			m.switchKind(k, name)
		}
		m.focus = fDevName
		return
	}
	m.manual = false
	wasDirect, oldMode := m.nic.Kind == model.KindDirect, m.nic.Mode
	m.switchKind(o.kind, o.value)
	m.suggestVFMode(wasDirect, oldMode)
}

// switchKind sets kind and source and clears what does not apply to the
// new kind; a virtual port that no longer pairs becomes none, with a
// notice, because keeping it would make the edit invalid.
func (m *Model) switchKind(k model.SourceKind, name string) {
	old := m.nic.Kind
	m.nic.Kind = k
	m.nic.Network, m.nic.Bridge, m.nic.Dev = "", "", ""
	switch k {
	case model.KindNetwork:
		m.nic.Network = name
		if n, ok := m.network(name); !ok || !contains(n.PortGroups, m.nic.PortGroup) {
			m.nic.PortGroup = ""
		}
	case model.KindBridge:
		m.nic.Bridge = name
	case model.KindDirect:
		m.nic.Dev = name
	}
	if k != model.KindNetwork {
		m.nic.PortGroup = ""
	}
	if k != model.KindDirect {
		m.nic.Mode = ""
	} else if old != model.KindDirect && m.nic.Mode == "" {
		// virt-manager's default; libvirt's own (vepa) needs a hairpin switch.
		m.nic.Mode = model.ModeBridge
	}
	if !pairs(m.vpType, k) {
		m.notice = fmt.Sprintf("virtual port %s does not pair with a %s source: type set to none", m.vpType, kindWord(k))
		m.vpType = model.VPortNone
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
