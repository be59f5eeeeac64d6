// Package nicform is the NIC page of the hardware details screen: the form
// virt-manager 2.2.1 showed for a network interface (source, macvtap source
// mode, portgroup, model, MAC, link state, virtual port), made type-aware
// and validated as the user types by the same engine calls the CLI uses.
package nicform

import (
	"io"
	"strconv"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"

	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/common"
	"virtnic/ui/styles"
)

// readOnlyText is the status line for an edit attempt on a read-only
// connection; docs/tui.md fixes the wording.
const readOnlyText = "read-only connection: restart virtnic without -r, as a user allowed to manage libvirt, to edit"

// Model is the NIC form. It edits a copy of one loaded NIC; nothing is
// written here — ui/details plans and applies Edited().
type Model struct {
	ctx     *common.Context
	st      *styles.Styles
	info    model.DomainInfo
	src     model.Sources
	ectx    model.Context
	loaded  model.NIC
	running bool
	// hostLoading: the host survey (sources, other domains) is still being
	// read; the picker offers the current source and manual entry meanwhile.
	hostLoading bool

	// nic holds kind, source, mode, portgroup, model and link as edited;
	// MAC, the manual device name and the virtual port live in inputs.
	nic    model.NIC
	manual bool // source is "Specify device name…"
	vpType model.VPortType
	// vlanMode is the VLAN row's choice (none, tag, trunk) and vlanNative
	// the trunk's native tag; the tags are a text input.
	vlanMode   string
	vlanNative model.VLANTag
	inputs     [numFields]textinput.Model
	// loadedText and shownText are a text field's value as loaded and as
	// the input shows it (escaped when it holds characters an input cannot
	// show faithfully). While the input still shows shownText the field is
	// untouched and its value is loadedText, byte for byte.
	loadedText, shownText [numFields]string

	focus  fieldID
	picker *picker
	notice string

	width, height int
	offset        int

	// rnd feeds ctrl+g; nil means crypto/rand.
	rnd io.Reader
	// isNew: the form edits a NIC to be added, validated as new.
	isNew bool
	// blurred: the focused text field does not take keys until the user
	// types into it or moves, so keys are commands again after an apply.
	blurred bool
}

// Blur keeps the focused field but stops it taking keys: typing into it
// or moving resumes editing.
func (m *Model) Blur() {
	if m.focus.isText() {
		m.blurred = true
		m.inputs[m.focus].Blur()
	}
}

// NewNIC builds the form for a NIC to be added to the domain: the defaults
// virt-manager and virt-install pick (network 'default' when the host has
// it, else the first network or bridge; virtio; link up; a MAC generated
// when the plan is made).
func NewNIC(ctx *common.Context, index int, info model.DomainInfo, src model.Sources, ectx model.Context) *Model {
	nic := model.NIC{Index: index, Kind: model.KindNetwork, Network: "default", Model: "virtio", Link: "up", Editable: true}
	switch {
	case hasNetwork(src, "default"):
	case len(src.Networks) > 0:
		nic.Network = src.Networks[0].Name
	case len(src.Bridges) > 0:
		nic.Kind, nic.Network, nic.Bridge = model.KindBridge, "", src.Bridges[0].Name
	}
	m := New(ctx, nic, info, src, ectx)
	m.isNew = true
	return m
}

func hasNetwork(src model.Sources, name string) bool {
	for _, n := range src.Networks {
		if n.Name == name {
			return true
		}
	}
	return false
}

// IsNew reports whether the form edits a NIC to be added.
func (m *Model) IsNew() bool { return m.isNew }

// New builds the form for a loaded NIC of the domain info describes. It
// takes values, not libvirt handles: what it shows and validates is exactly
// what it was given.
func New(ctx *common.Context, nic model.NIC, info model.DomainInfo, src model.Sources, ectx model.Context) *Model {
	m := &Model{ctx: ctx, info: info, loaded: nic, running: info.State.Active(), src: src, ectx: ectx, width: 60, height: 20}
	if ctx != nil && ctx.Styles != nil {
		m.st = ctx.Styles
	} else {
		m.st = styles.New(false)
	}
	if m.ectx.Domain == "" {
		m.ectx.Domain = info.Name
	}
	for f := fieldID(0); f < numFields; f++ {
		if !f.isText() {
			continue
		}
		ti := textinput.New()
		ti.Prompt = ""
		ti.Placeholder = placeholders[f]
		ti.PlaceholderStyle = m.st.Muted
		// No limit: a limit would cut a loaded value, and lengths are the
		// engine's to check.
		ti.CharLimit = 0
		// A static cursor needs no blink messages, so the form works
		// whatever the details screen forwards.
		ti.Cursor.SetMode(cursor.CursorStatic)
		m.inputs[f] = ti
	}
	m.SetSize(m.width, m.height)
	m.reset()
	m.focus = fSource
	m.refocus()
	if ctx != nil && ctx.Width > 0 && ctx.Height > 0 {
		m.SetSize(ctx.Width, ctx.Height)
	}
	return m
}

// SetHost replaces what the form knows of the host (the survey arrived or
// changed) without touching the user's edits.
func (m *Model) SetHost(src model.Sources, ectx model.Context, loading bool) {
	defer m.follow()
	dom := m.ectx.Domain
	m.src, m.ectx, m.hostLoading = src, ectx, loading
	if m.ectx.Domain == "" {
		m.ectx.Domain = dom
	}
}

// reset loads every value from the loaded NIC.
func (m *Model) reset() {
	m.nic = m.loaded
	m.nic.VirtualPort = nil
	m.manual = false
	m.picker = nil
	m.notice = ""
	m.vpType = m.loadedVPType()

	set := func(f fieldID, v string) {
		m.loadedText[f], m.shownText[f] = v, present.Safe(v)
		m.inputs[f].SetValue(m.shownText[f])
		m.inputs[f].CursorEnd()
	}
	set(fMAC, m.loaded.MAC)
	set(fDevName, "")
	vp := m.loaded.VirtualPort
	if vp == nil {
		vp = &model.VirtualPort{}
	}
	set(fManagerID, uintText(vp.ManagerID))
	set(fTypeID, uintText(vp.TypeID))
	set(fTypeIDVersion, uintText(vp.TypeIDVersion))
	set(fInstanceID, vp.InstanceID)
	set(fProfileID, vp.ProfileID)
	set(fInterfaceID, vp.InterfaceID)
	m.resetVLAN(set)
}

func uintText(p *uint) string {
	if p == nil {
		return ""
	}
	return strconv.FormatUint(uint64(*p), 10)
}

func (m *Model) loadedTypeless() bool {
	vp := m.loaded.VirtualPort
	return vp != nil && vp.Type == model.VPortNone && (vp.ManagerID != nil || vp.TypeID != nil ||
		vp.TypeIDVersion != nil || vp.InstanceID != "" || vp.ProfileID != "" || vp.InterfaceID != "")
}

func (m *Model) loadedVPType() model.VPortType {
	switch {
	case m.loadedTypeless():
		return vpTypeless
	case m.loaded.VirtualPort == nil:
		return model.VPortNone
	}
	return m.loaded.VirtualPort.Type
}

// SetSize sets the page area the form may draw in.
func (m *Model) SetSize(w, h int) {
	defer m.follow()
	m.width, m.height = max(w, 1), max(h, 1)
	// One cell is left for the cursor after the last character; the
	// input scrolls sideways when its text is wider.
	iw := max(m.width-rowPrefix-1, 1)
	for f := fieldID(0); f < numFields; f++ {
		if f.isText() {
			m.inputs[f].Width = iw
			m.inputs[f].SetCursor(m.inputs[f].Position())
		}
	}
}

// Capturing is true while keys go to a text: a focused editable input or a
// picker's filter. The details screen and the root then leave letters alone.
func (m *Model) Capturing() bool {
	if m.picker != nil {
		return m.picker.filtering
	}
	return m.focus.isText() && m.canEdit() && !m.blurred
}

// Picking is true while a picker is open: esc closes it, not the page.
func (m *Model) Picking() bool { return m.picker != nil }

func (m *Model) readOnly() bool { return m.ctx != nil && m.ctx.ReadOnly }

func (m *Model) canEdit() bool { return !m.readOnly() && m.loaded.Editable }

// Dirty reports edits not yet applied. An unparsable number counts: the
// user typed something that differs from what was loaded.
func (m *Model) Dirty() bool {
	if m.isNew || len(model.Changed(m.loaded, m.Edited())) > 0 {
		return true
	}
	if len(m.vlanProblems()) > 0 || len(m.mtuProblems()) > 0 {
		return true
	}
	return m.vpType == model.VPortQbg && len(m.numberProblems()) > 0
}

// ManualSource reports whether the source is a device name the user typed
// ("Specify device name…"): the host need not list it.
func (m *Model) ManualSource() bool { return m.manual }

// Revert drops every edit and shows the NIC as loaded.
func (m *Model) Revert() {
	defer m.follow()
	m.reset()
	m.refocus()
}

// FocusedField names the focused row ("source", "mode", "mac", "profileid",
// …; see fieldNames), stable across rebuilds of the form.
func (m *Model) FocusedField() string { return fieldNames[m.focus] }

// FocusField moves focus to the named row, or to the first shown row when
// the NIC has no such row (any more).
func (m *Model) FocusField(name string) {
	defer m.follow()
	m.focus = m.visible()[0]
	for f := fieldID(0); f < numFields; f++ {
		if fieldNames[f] == name && m.isVisible(f) {
			m.focus = f
		}
	}
	m.refocus()
}

// Scroll is how many body lines the form is scrolled down.
func (m *Model) Scroll() int { return m.offset }

// SetScroll restores a scroll position; View still keeps the focused row
// on the page, so set it after FocusField.
func (m *Model) SetScroll(n int) {
	m.offset = max(n, 0)
	m.follow()
}

// refocus moves focus off a row that is no longer shown (to the next shown
// row in form order) and gives the text input, if any, the cursor.
func (m *Model) refocus() {
	vis := m.visible()
	ok := false
	for _, f := range vis {
		if f == m.focus {
			ok = true
		}
	}
	if !ok {
		next := vis[len(vis)-1]
		for i := len(vis) - 1; i >= 0; i-- {
			if vis[i] > m.focus {
				next = vis[i]
			}
		}
		m.focus = next
	}
	for f := fieldID(0); f < numFields; f++ {
		if f.isText() {
			m.inputs[f].Blur()
		}
	}
	m.blurred = false
	if m.focus.isText() && m.canEdit() {
		m.inputs[m.focus].Focus()
	}
}
