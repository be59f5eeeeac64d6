package nicform

import (
	"strings"

	"virtnic/model"
	"virtnic/present"
)

// fieldID names a form row. The constants are in display order, which is
// virt-manager's: moving focus and laying out rows both walk this order.
type fieldID int

const (
	fSource fieldID = iota
	fDevName
	fDevKind
	fMode
	fPortGroup
	fModel
	fMAC
	fLink
	fMTU
	fVPType
	fManagerID
	fTypeID
	fTypeIDVersion
	fInstanceID
	fProfileID
	fInterfaceID
	fVLANMode
	fVLANTags
	fVLANNative
	numFields
)

// labelWidth fits the longest label ("Type ID version") so values line up.
const labelWidth = 15

var labels = [numFields]string{
	fSource:        "Network source",
	fDevName:       "Device name",
	fDevKind:       "Device type",
	fMode:          "Source mode",
	fPortGroup:     "Portgroup",
	fModel:         "Device model",
	fMAC:           "MAC address",
	fLink:          "Link state",
	fMTU:           "MTU",
	fVPType:        "Type",
	fManagerID:     "Manager ID",
	fTypeID:        "Type ID",
	fTypeIDVersion: "Type ID version",
	fInstanceID:    "Instance ID",
	fProfileID:     "Profile ID",
	fInterfaceID:   "Interface ID",
	fVLANMode:      "Mode",
	fVLANTags:      "Tags",
	fVLANNative:    "Native VLAN",
}

// Placeholders tell what a blank means, since blank is meaningful for
// several fields (generate, libvirt default) and plain "empty" is not.
var placeholders = map[fieldID]string{
	fDevName:       "e.g. eth0 or br0",
	fMAC:           "blank = generate",
	fManagerID:     "1–255",
	fTypeID:        "0–16777215",
	fTypeIDVersion: "0–255",
	fInstanceID:    "blank = generate",
	fProfileID:     "port profile name",
	fInterfaceID:   "blank = generate",
	fMTU:           "blank = default (68–65521)",
	fVLANTags:      "e.g. 10, or 10,20,30",
}

func (f fieldID) isText() bool {
	switch f {
	case fDevName, fMAC, fManagerID, fTypeID, fTypeIDVersion, fInstanceID, fProfileID, fInterfaceID, fMTU, fVLANTags:
		return true
	}
	return false
}

// numericField maps the 802.1Qbg number inputs to their engine field names.
var numericField = map[fieldID]string{
	fManagerID:     model.FieldManagerID,
	fTypeID:        model.FieldTypeID,
	fTypeIDVersion: model.FieldTypeIDVersion,
}

// numRanges repeats cmd/virtnic's wording so a parse error reads the same in
// the CLI and the form.
var numRanges = map[string]string{
	model.FieldManagerID:     "1–255",
	model.FieldTypeID:        "0–16777215",
	model.FieldTypeIDVersion: "0–255",
}

// vpTypeless stands for a loaded <virtualport> without a type (merged by
// libvirt with the network's): the form keeps it as loaded or drops it.
const vpTypeless model.VPortType = "(typeless)"

// engineField maps a Problem or Change field name to the row it belongs to.
func (m *Model) engineField(name string) fieldID {
	switch name {
	case model.FieldSource:
		if m.manual {
			return fDevName
		}
		return fSource
	case model.FieldPortGroup:
		return fPortGroup
	case model.FieldMode:
		return fMode
	case model.FieldModel:
		return fModel
	case model.FieldMAC:
		return fMAC
	case model.FieldLink:
		return fLink
	case model.FieldVirtualPort:
		return fVPType
	case model.FieldManagerID:
		return fManagerID
	case model.FieldTypeID:
		return fTypeID
	case model.FieldTypeIDVersion:
		return fTypeIDVersion
	case model.FieldInstanceID:
		return fInstanceID
	case model.FieldProfileID:
		return fProfileID
	case model.FieldInterfaceID:
		return fInterfaceID
	}
	if f, ok := m.vlanEngineField(name); ok {
		return f
	}
	return fSource
}

// visible lists the rows that apply to the NIC as edited, in order.
func (m *Model) visible() []fieldID {
	if m.isHostdev() {
		return m.hostdevVisible()
	}
	fs := []fieldID{fSource}
	if m.manual {
		fs = append(fs, fDevName, fDevKind)
	}
	if m.nic.Kind == model.KindDirect {
		fs = append(fs, fMode)
	}
	if m.showPortGroup() {
		fs = append(fs, fPortGroup)
	}
	fs = append(fs, fModel, fMAC, fLink)
	if m.showMTU() {
		fs = append(fs, fMTU)
	}
	fs = append(fs, fVPType)
	switch m.vpType {
	case model.VPortQbg:
		fs = append(fs, fManagerID, fTypeID, fTypeIDVersion, fInstanceID)
	case model.VPortQbh:
		fs = append(fs, fProfileID)
	case model.VPortOpenVSwitch:
		fs = append(fs, fInterfaceID, fProfileID)
	case model.VPortMidonet:
		fs = append(fs, fInterfaceID)
	case vpTypeless:
		// libvirt merges an untyped port with the network's, so any of
		// the parameters may be set; each is editable like the others.
		fs = append(fs, fManagerID, fTypeID, fTypeIDVersion, fInstanceID, fInterfaceID, fProfileID)
	}
	return append(fs, m.vlanRows()...)
}

func (m *Model) isVisible(f fieldID) bool {
	for _, v := range m.visible() {
		if v == f {
			return true
		}
	}
	return false
}

// showPortGroup: a network with portgroups, or a portgroup already set (so
// a stale one can be seen and cleared even if the network lost it).
func (m *Model) showPortGroup() bool {
	if m.nic.Kind != model.KindNetwork {
		return false
	}
	if m.nic.PortGroup != "" {
		return true
	}
	n, ok := m.network(m.nic.Network)
	return ok && len(n.PortGroups) > 0
}

func (m *Model) network(name string) (model.Network, bool) {
	for _, n := range m.src.Networks {
		if n.Name == name {
			return n, true
		}
	}
	return model.Network{}, false
}

// option is one choice of a choice field. Source rows also carry the kind
// and name they select, or manual for "Specify device name…".
type option struct {
	label  string
	marker string // muted note after the label (how many use a device, "current")
	// detail is the note in full (who uses a device), shown wrapped under
	// the row while it is highlighted.
	detail []string
	help   string // what choosing it means (source modes); not filtered on
	value  string
	kind   model.SourceKind
	manual bool
}

var deviceModels = []string{"virtio", "e1000e", "e1000", "rtl8139"}

// options returns the choices of a choice field and the index of the
// current value (-1 when none matches).
func (m *Model) options(f fieldID) ([]option, int) {
	var opts []option
	cur := ""
	switch f {
	case fSource:
		return m.sourceOptions()
	case fVLANMode, fVLANNative:
		return indexOf(m.vlanOptions(f))
	case fDevKind:
		opts = []option{{label: "bridge", value: string(model.KindBridge)}, {label: "macvtap", value: string(model.KindDirect)}}
		cur = string(m.nic.Kind)
	case fMode:
		if m.nic.Mode == "" {
			opts = append(opts, option{label: "default (vepa)", value: "", help: modeExplanation("")})
		}
		for _, md := range model.Modes {
			opts = append(opts, option{label: string(md), value: string(md), help: modeExplanation(md)})
		}
		opts = withCurrent(opts, string(m.nic.Mode))
		cur = string(m.nic.Mode)
	case fPortGroup:
		none := "none"
		n, _ := m.network(m.nic.Network)
		if n.DefaultPortGroup != "" {
			none = "none (network default: " + n.DefaultPortGroup + ")"
		}
		opts = append(opts, option{label: none, value: ""})
		for _, pg := range n.PortGroups {
			opts = append(opts, option{label: present.PortGroupLabel(n, pg), value: pg})
		}
		opts = withCurrent(opts, m.nic.PortGroup)
		cur = m.nic.PortGroup
	case fModel:
		opts = append(opts, option{label: "hypervisor default", value: ""})
		for _, d := range deviceModels {
			opts = append(opts, option{label: d, value: d})
		}
		opts = withCurrent(opts, m.nic.Model)
		cur = m.nic.Model
	case fLink:
		opts = []option{{label: "up (active)", value: "up"}, {label: "down", value: "down"}}
		cur = m.nic.Link
		if cur == "" {
			cur = "up"
		}
	case fVPType:
		opts = append(opts, option{label: "none", value: ""})
		if m.loadedTypeless() {
			opts = append(opts, option{label: "untyped (merged with the network's)", value: string(vpTypeless)})
		}
		for _, t := range model.VPortTypes {
			if pairs(t, m.nic.Kind) {
				opts = append(opts, option{label: string(t), value: string(t)})
			}
		}
		// A type that does not pair stays listed so the user sees what is
		// set and can move off it deliberately.
		opts = withCurrent(opts, string(m.vpType))
		if lt := m.loadedVPType(); lt != vpTypeless {
			opts = withCurrent(opts, string(lt))
		}
		cur = string(m.vpType)
	}
	return indexOf(opts, cur)
}

// indexOf returns the options with the index of the one whose value is
// cur (-1 when none).
func indexOf(opts []option, cur string) ([]option, int) {
	for i, o := range opts {
		if o.value == cur {
			return opts, i
		}
	}
	return opts, -1
}

// modeExplanation is model.ModeHelp without its leading "mode: ", which
// the picker row already shows as the label.
func modeExplanation(md model.Mode) string {
	h := model.ModeHelp(md)
	if head, rest, ok := strings.Cut(h, ": "); ok && !strings.Contains(head, " ") {
		return rest
	}
	return h
}

// withCurrent appends v when no option has it, so an unusual loaded value
// (a model virtnic does not list, a bad mode) is shown rather than lost.
func withCurrent(opts []option, v string) []option {
	for _, o := range opts {
		if o.value == v {
			return opts
		}
	}
	return append(opts, option{label: v, value: v, marker: "· current"})
}

// pairs is the engine's pairing rule: Qbg/Qbh only on direct, Open vSwitch
// and MidoNet only on bridge or network.
func pairs(t model.VPortType, k model.SourceKind) bool {
	switch t {
	case model.VPortNone, vpTypeless:
		return true
	case model.VPortQbg, model.VPortQbh:
		return k == model.KindDirect
	case model.VPortOpenVSwitch, model.VPortMidonet:
		return k == model.KindBridge || k == model.KindNetwork
	}
	return false
}

func kindWord(k model.SourceKind) string {
	switch k {
	case model.KindDirect:
		return "macvtap (direct)"
	case model.KindNetwork:
		return "virtual network"
	}
	return string(k)
}

// sourceLabel is the picker's label for a source, used in the field too.
func (m *Model) sourceLabel(k model.SourceKind, name string) string {
	if n, ok := m.network(name); ok && k == model.KindNetwork {
		return m.networkLabel(n)
	}
	if k == model.KindHostdev {
		return m.hostdevLabel(name)
	}
	return present.SourceLabel(k, name, nil)
}

// networkLabel is a network as a source, with its pool's state when it
// hands out devices ("hostdev pool, 5 of 8 free").
func (m *Model) networkLabel(n model.Network) string {
	if p, ok := m.src.Pools[n.Name]; ok {
		return present.NetworkSourceLabel(n, &p)
	}
	return present.NetworkLabel(n)
}

const manualLabel = "Specify device name…"

// sourceOptions groups rows as virt-manager did: virtual networks, bridges,
// macvtap devices, then the manual entry. The loaded source is always
// offered, even when the host no longer lists it, so it can be chosen back.
func (m *Model) sourceOptions() ([]option, int) {
	var opts []option
	for _, n := range m.src.Networks {
		opts = append(opts, option{label: m.networkLabel(n), value: n.Name, kind: model.KindNetwork})
	}
	opts = m.withLoaded(opts, model.KindNetwork, m.loaded.Network, m.sourceLabel(model.KindNetwork, m.loaded.Network))
	for _, b := range m.src.Bridges {
		opts = append(opts, option{label: "Bridge " + b.Name, value: b.Name, kind: model.KindBridge})
	}
	opts = m.withLoaded(opts, model.KindBridge, m.loaded.Bridge, "Bridge "+m.loaded.Bridge)
	opts = append(opts, m.deviceOptions()...)
	opts = m.withLoaded(opts, model.KindDirect, m.loaded.Dev, "Host device "+m.loaded.Dev+": macvtap")
	opts = append(opts, option{label: manualLabel, manual: true})
	for i, o := range opts {
		if m.manual && o.manual || !m.manual && !o.manual && o.kind == m.nic.Kind && o.value == m.nic.Source() {
			return opts, i
		}
	}
	return opts, -1
}

// withLoaded appends the loaded source of kind when the host did not list
// it, marked with why it is not on offer.
func (m *Model) withLoaded(opts []option, kind model.SourceKind, name, label string) []option {
	if m.loaded.Kind != kind || name == "" {
		return opts
	}
	for _, o := range opts {
		if o.kind == kind && o.value == name {
			return opts
		}
	}
	mk := "· current, not found on host"
	if d, ok := m.hostDevice(name); ok && d.Reason != "" && kind != model.KindNetwork {
		mk = "· current, not offered: " + d.Reason
	}
	return append(opts, option{label: label, value: name, kind: kind, marker: mk})
}

func (m *Model) hostDevice(name string) (model.HostDevice, bool) {
	for _, d := range m.src.Devices {
		if d.Name == name {
			return d, true
		}
	}
	return model.HostDevice{}, false
}

// fieldNames are the rows' stable names for FocusedField and FocusField:
// the engine's field names where there is one.
var fieldNames = [numFields]string{
	fSource:        model.FieldSource,
	fDevName:       "devname",
	fDevKind:       "devkind",
	fMode:          model.FieldMode,
	fPortGroup:     model.FieldPortGroup,
	fModel:         model.FieldModel,
	fMAC:           model.FieldMAC,
	fLink:          model.FieldLink,
	fVPType:        model.FieldVirtualPort,
	fManagerID:     model.FieldManagerID,
	fTypeID:        model.FieldTypeID,
	fTypeIDVersion: model.FieldTypeIDVersion,
	fInstanceID:    model.FieldInstanceID,
	fProfileID:     model.FieldProfileID,
	fInterfaceID:   model.FieldInterfaceID,
	fMTU:           model.FieldMTU,
	fVLANMode:      model.FieldVLAN,
	fVLANTags:      "vlan-tags",
	fVLANNative:    model.FieldVLANNative,
}
