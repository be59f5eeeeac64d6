package nicform

import (
	"fmt"
	"strconv"
	"strings"

	"virtnic/model"
	"virtnic/present"
	"virtnic/ui/celltext"
)

// The VLAN section (mode, tags, native VLAN) and the MTU row. The section is
// offered where libvirt applies VLAN tags (an Open vSwitch port, an SR-IOV
// VF) or where the NIC has one, so it can be seen and removed.

// VLAN modes of the mode row.
const (
	vlanOff   = ""
	vlanTag   = "tag"
	vlanTrunk = "trunk"
)

func vlanModeOf(v *model.VLAN) string {
	switch {
	case v == nil:
		return vlanOff
	case v.IsTrunk():
		return vlanTrunk
	}
	return vlanTag
}

// resetVLAN loads the VLAN and MTU rows from the loaded NIC.
func (m *Model) resetVLAN(set func(fieldID, string)) {
	m.vlanMode = vlanModeOf(m.loaded.VLAN)
	m.vlanNative, _ = m.loaded.VLAN.Native()
	set(fVLANTags, model.IDList(m.loaded.VLAN.IDs()))
	mtu := ""
	if m.loaded.MTU != 0 {
		mtu = strconv.FormatUint(uint64(m.loaded.MTU), 10)
	}
	set(fMTU, mtu)
}

// vlanSupport is what the NIC as edited gets at start: a hint, whether it
// takes tags, whether it takes a trunk.
func (m *Model) vlanSupport() (string, bool, bool) {
	n := m.nic
	n.VirtualPort = m.editedVPort()
	return model.VLANSupport(n, m.ectx)
}

func (m *Model) showVLAN() bool {
	_, applies, _ := m.vlanSupport()
	return applies || m.vlanMode != vlanOff || m.loaded.VLAN != nil
}

// vlanRows are the section's rows as the mode asks for them.
func (m *Model) vlanRows() []fieldID {
	if !m.showVLAN() {
		return nil
	}
	switch m.vlanMode {
	case vlanTag:
		return []fieldID{fVLANMode, fVLANTags}
	case vlanTrunk:
		return []fieldID{fVLANMode, fVLANTags, fVLANNative}
	}
	return []fieldID{fVLANMode}
}

// vlanEngineField is the row a VLAN or MTU problem or change belongs to.
func (m *Model) vlanEngineField(name string) (fieldID, bool) {
	switch name {
	case model.FieldMTU:
		return fMTU, true
	case model.FieldVLAN:
		if m.vlanMode != vlanOff {
			return fVLANTags, true
		}
		return fVLANMode, true
	case model.FieldVLANNative:
		if m.vlanMode == vlanTrunk {
			return fVLANNative, true
		}
		return fVLANMode, true
	}
	return 0, false
}

// showMTU: the kinds libvirt sets an MTU on, or an MTU already set (so a
// wrong one can be seen and cleared).
func (m *Model) showMTU() bool {
	return model.MTUApplies(m.nic.Kind) || m.loaded.MTU != 0 || strings.TrimSpace(m.inputs[fMTU].Value()) != ""
}

// vlanOptions are the choices of the mode and native rows.
func (m *Model) vlanOptions(f fieldID) ([]option, string) {
	if f == fVLANMode {
		hint, applies, trunk := m.vlanSupport()
		opts := []option{{label: "none", value: vlanOff}}
		if applies {
			opts = append(opts, option{label: "tag", value: vlanTag, help: "an access port: untagged in the guest, tagged on the wire"})
		}
		if trunk {
			opts = append(opts, option{label: "trunk", value: vlanTrunk, help: "the guest sees the tags; a native VLAN may go untagged"})
		}
		if hint == "" {
			opts[0].help = "this connection takes no VLAN tags"
		}
		return withCurrent(opts, m.vlanMode), m.vlanMode
	}
	opts := []option{{label: "none", value: ""}}
	ids, _ := model.ParseVLANIDs(m.text(fVLANTags))
	for _, id := range ids {
		for _, md := range []model.NativeMode{model.NativeUntagged, model.NativeTagged} {
			opts = append(opts, option{label: fmt.Sprintf("%d %s", id, md), value: nativeValue(model.VLANTag{ID: id, Native: md})})
		}
	}
	cur := nativeValue(m.vlanNative)
	if m.vlanNative.Native != model.NativeNone {
		opts = withCurrent(opts, cur)
		for i := range opts {
			if opts[i].value == cur && opts[i].marker != "" {
				opts[i].label = fmt.Sprintf("%d %s", m.vlanNative.ID, m.vlanNative.Native)
			}
		}
	}
	return opts, cur
}

func nativeValue(t model.VLANTag) string {
	if t.Native == model.NativeNone {
		return ""
	}
	return fmt.Sprintf("%d:%s", t.ID, t.Native)
}

// applyVLAN takes a choice of the mode or native row.
func (m *Model) applyVLAN(f fieldID, o option) {
	if f == fVLANMode {
		m.vlanMode = o.value
		return
	}
	m.vlanNative = model.VLANTag{}
	if id, md, ok := strings.Cut(o.value, ":"); ok {
		v, _ := strconv.ParseUint(id, 10, 32)
		m.vlanNative = model.VLANTag{ID: uint(v), Native: model.NativeMode(md)}
	}
}

// vlanUntouched: nothing of the VLAN was edited, so the NIC keeps the
// loaded element's VLAN exactly (a single-tag trunk, a repeated tag).
func (m *Model) vlanUntouched() bool {
	ln, _ := m.loaded.VLAN.Native()
	return m.vlanMode == vlanModeOf(m.loaded.VLAN) && m.inputs[fVLANTags].Value() == m.shownText[fVLANTags] && m.vlanNative == ln
}

// editedVLAN is the VLAN as edited; with tags that do not parse it stays
// as loaded and vlanProblems says why.
func (m *Model) editedVLAN() *model.VLAN {
	if m.vlanUntouched() || m.vlanMode == vlanOff {
		if m.vlanMode == vlanOff {
			return nil
		}
		return m.loaded.VLAN
	}
	ids, err := model.ParseVLANIDs(m.text(fVLANTags))
	if err != nil {
		return m.loaded.VLAN
	}
	v := &model.VLAN{Trunk: m.vlanMode == vlanTrunk}
	for _, id := range ids {
		t := model.VLANTag{ID: id}
		if v.Trunk && m.vlanNative.Native != model.NativeNone && id == m.vlanNative.ID {
			t.Native = m.vlanNative.Native
		}
		v.Tags = append(v.Tags, t)
	}
	return v
}

// vlanProblems are what the form knows before the engine: tags that are
// not numbers, several tags in tag mode, a native VLAN not among the tags.
func (m *Model) vlanProblems() []model.Problem {
	if m.vlanMode == vlanOff || m.vlanUntouched() {
		return nil
	}
	errf := func(field, format string, a ...any) []model.Problem {
		return []model.Problem{{Field: field, Severity: model.SeverityError, Message: fmt.Sprintf(format, a...)}}
	}
	text := strings.TrimSpace(m.text(fVLANTags))
	if text == "" {
		return errf(model.FieldVLAN, "tags: give a VLAN ID 0–%d (several separated by commas for a trunk), or choose VLAN none", model.VLANTagMax)
	}
	ids, err := model.ParseVLANIDs(text)
	if err != nil {
		return errf(model.FieldVLAN, "%s", err.Error())
	}
	if m.vlanMode == vlanTag && len(ids) > 1 {
		return errf(model.FieldVLAN, "tag mode takes one VLAN ID, not %d: choose trunk to carry several", len(ids))
	}
	if m.vlanMode == vlanTrunk && m.vlanNative.Native != model.NativeNone && !containsID(ids, m.vlanNative.ID) {
		return errf(model.FieldVLANNative, "native VLAN %d is not one of the tags (%s): add it or choose another", m.vlanNative.ID, model.IDList(ids))
	}
	return nil
}

func containsID(ids []uint, id uint) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// editedMTU is the MTU as typed; text that is not a number keeps the
// loaded MTU and mtuProblems says why.
func (m *Model) editedMTU() uint {
	if v, err := model.ParseMTU(m.text(fMTU)); err == nil {
		return v
	}
	return m.loaded.MTU
}

func (m *Model) mtuProblems() []model.Problem {
	if _, err := model.ParseMTU(m.text(fMTU)); err != nil {
		return []model.Problem{{Field: model.FieldMTU, Severity: model.SeverityError, Message: err.Error()}}
	}
	return nil
}

// vlanNotes are the muted lines under the mode row: what the connection
// takes, and the VLAN the portgroup implies.
func (m *Model) vlanNotes() []string {
	var out []string
	if hint, _, _ := m.vlanSupport(); hint != "" {
		out = append(out, hint)
	}
	if m.nic.Kind != model.KindNetwork {
		return out
	}
	if net, ok := m.network(m.nic.Network); ok {
		if pg := present.PortGroupVLANLabel(net, m.nic.PortGroup); pg != "" {
			if m.vlanMode != vlanOff {
				pg += ", replaced by this NIC's own"
			}
			out = append(out, pg)
		}
	}
	return out
}

// bandwidthLines show the NIC's <bandwidth>, which the form keeps as
// loaded: a label, then each direction wrapped in the value column.
func (m *Model) bandwidthLines() []string {
	b := m.loaded.Bandwidth
	if b == nil {
		return nil
	}
	vals := present.BandwidthParts(b, "in: ", "out: ")
	vals[len(vals)-1] += " · read-only"
	w := max(m.width-rowPrefix, 8)
	var body []string
	for _, v := range vals {
		body = append(body, celltext.Wrap(v, w)...)
	}
	st := m.st
	lines := []string{"  " + st.Label.Render(celltext.PadRight("Bandwidth", labelWidth)) + " " + st.Muted.Render(body[0])}
	for _, l := range body[1:] {
		lines = append(lines, strings.Repeat(" ", rowPrefix)+st.Muted.Render(l))
	}
	return lines
}
