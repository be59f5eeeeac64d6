package nicform

import (
	"fmt"
	"strconv"
	"strings"
	"virtnic/model"
)

// Edited returns the NIC as edited. Blanks stay blank: the engine's
// Normalize generates the MAC and UUIDs when it writes.
func (m *Model) Edited() model.NIC {
	n := m.nic
	n.Pending = append([]string(nil), m.loaded.Pending...)
	n.MAC = m.trimmed(fMAC)
	if m.manual {
		name := m.trimmed(fDevName)
		switch n.Kind {
		case model.KindBridge:
			n.Bridge = name
		case model.KindDirect:
			n.Dev = name
		}
	}
	n.VirtualPort = m.editedVPort()
	n.VLAN = m.editedVLAN()
	n.MTU = m.editedMTU()
	return n
}

// text is a text field's value: the loaded bytes while the user has not
// touched it, what the input holds once they have.
func (m *Model) text(f fieldID) string {
	if v := m.inputs[f].Value(); v != m.shownText[f] {
		return v
	}
	return m.loadedText[f]
}

// trimmed is text without surrounding blanks, except an untouched value,
// which stays as loaded.
func (m *Model) trimmed(f fieldID) string {
	if v := m.inputs[f].Value(); v != m.shownText[f] {
		return strings.TrimSpace(v)
	}
	return m.loadedText[f]
}

func (m *Model) editedVPort() *model.VirtualPort {
	val := m.trimmed
	switch m.vpType {
	case model.VPortNone:
		return nil
	case vpTypeless:
		vp := &model.VirtualPort{Type: model.VPortNone}
		vp.ManagerID, _ = parseNumber(model.FieldManagerID, m.text(fManagerID))
		vp.TypeID, _ = parseNumber(model.FieldTypeID, m.text(fTypeID))
		vp.TypeIDVersion, _ = parseNumber(model.FieldTypeIDVersion, m.text(fTypeIDVersion))
		vp.InstanceID, vp.InterfaceID, vp.ProfileID = val(fInstanceID), val(fInterfaceID), m.text(fProfileID)
		return vp
	}
	vp := &model.VirtualPort{Type: m.vpType}
	switch m.vpType {
	case model.VPortQbg:
		vp.ManagerID, _ = parseNumber(model.FieldManagerID, m.text(fManagerID))
		vp.TypeID, _ = parseNumber(model.FieldTypeID, m.text(fTypeID))
		vp.TypeIDVersion, _ = parseNumber(model.FieldTypeIDVersion, m.text(fTypeIDVersion))
		vp.InstanceID = val(fInstanceID)
	case model.VPortQbh:
		vp.ProfileID = m.text(fProfileID)
	case model.VPortOpenVSwitch:
		vp.InterfaceID = val(fInterfaceID)
		vp.ProfileID = m.text(fProfileID)
	case model.VPortMidonet:
		vp.InterfaceID = val(fInterfaceID)
	}
	return vp
}

// parseNumber reads a VSI number the way the CLI's parseUintFlag does
// (decimal or 0x hex, same messages); range checks stay the engine's.
func parseNumber(name, s string) (*uint, *model.Problem) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		return nil, &model.Problem{Field: name, Severity: model.SeverityError,
			Message: fmt.Sprintf("%s %q is not a whole number: allowed %s", name, s, numRanges[name])}
	}
	if v < 0 || v > 1<<32 {
		return nil, &model.Problem{Field: name, Severity: model.SeverityError,
			Message: fmt.Sprintf("%s %d is out of range: allowed %s", name, v, numRanges[name])}
	}
	u := uint(v)
	return &u, nil
}

func (m *Model) numberProblems() []model.Problem {
	var ps []model.Problem
	for _, f := range []fieldID{fManagerID, fTypeID, fTypeIDVersion} {
		if _, p := parseNumber(numericField[f], m.text(f)); p != nil {
			ps = append(ps, *p)
		}
	}
	return ps
}

// Problems validates the NIC as edited with the engine's rules. Blanks the
// engine fills when saving (MAC, Qbg instanceid, OVS/MidoNet interfaceid)
// are not problems here.
func (m *Model) Problems() []model.Problem {
	if !m.loaded.Editable {
		return nil
	}
	n := m.Edited()
	var numErr map[string]bool
	var nums []model.Problem
	if m.vpType == model.VPortQbg || m.vpType == vpTypeless {
		nums = m.numberProblems()
		numErr = make(map[string]bool, len(nums))
		for _, p := range nums {
			numErr[p.Field] = true
		}
	}
	var out []model.Problem
	ectx := m.ectx
	ectx.AllowUnlistedDevice = m.manual
	old := m.loaded
	if m.isNew {
		old = model.NIC{Index: m.loaded.Index} // nothing was there before
	}
	for _, p := range model.Validate(old, n, ectx) {
		if numErr[p.Field] {
			continue // "required" for a field that holds text that is not a number
		}
		if p.Field == model.FieldInterfaceID && m.vpType == model.VPortMidonet &&
			n.VirtualPort != nil && n.VirtualPort.InterfaceID == "" {
			continue // Normalize generates it when the edit is written
		}
		out = append(out, p)
	}
	out = append(out, m.vlanProblems()...)
	out = append(out, m.mtuProblems()...)
	return append(out, nums...)
}
