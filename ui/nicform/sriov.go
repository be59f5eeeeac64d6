package nicform

import (
	"fmt"
	"strings"

	"virtnic/model"
	"virtnic/present"
)

// hostdevFixedText is what the source row of a hostdev NIC answers: the VF
// is the host's to assign, the form edits the MAC.
const hostdevFixedText = "a type='hostdev' NIC keeps its device: virtnic edits its MAC and VLAN; remove the NIC and add another to use another VF"

// hostdevNote sits under a hostdev NIC's source row.
const hostdevNote = "type='hostdev': the guest drives this PCI device itself (model, link state and macvtap settings do not apply); its MAC and VLAN are editable"

// isHostdev: the NIC is a type='hostdev' one, whose only editable row here
// is the MAC.
func (m *Model) isHostdev() bool { return m.loaded.Kind == model.KindHostdev }

// hostdevVisible are a hostdev NIC's rows: its VF, its MAC and its VLAN.
func (m *Model) hostdevVisible() []fieldID {
	return append([]fieldID{fSource, fMAC}, m.vlanRows()...)
}

// vf finds a device (interface name or PCI address) among the host's VFs.
func (m *Model) vf(key string) (model.PFUsage, model.VFUsage, bool) {
	for _, pf := range m.src.SRIOV {
		for _, v := range pf.VFs {
			if key != "" && (v.Netdev == key || v.PCI.String() == key) {
				return pf, v, true
			}
		}
	}
	return model.PFUsage{}, model.VFUsage{}, false
}

func (m *Model) pf(name string) (model.PFUsage, bool) {
	for _, pf := range m.src.SRIOV {
		if name != "" && pf.Netdev == name {
			return pf, true
		}
	}
	return model.PFUsage{}, false
}

func vfRef(pf model.PFUsage, v model.VFUsage) *model.VFRef {
	return &model.VFRef{PF: pf.PF, VF: v.VF}
}

// hostdevLabel names a hostdev NIC's device, with its VF when known.
func (m *Model) hostdevLabel(pci string) string {
	if pf, v, ok := m.vf(pci); ok {
		return present.HostdevLabel(pci, vfRef(pf, v))
	}
	return present.HostdevLabel(pci, nil)
}

// sourceNotes are the muted lines under the source row: what a hostdev
// NIC is, and for a macvtap NIC on a VF which VF it is and, when it is not
// in passthrough mode, that passthrough would give the VF to this guest.
func (m *Model) sourceNotes() []string {
	if m.nic.Kind == model.KindHostdev {
		return []string{hostdevNote}
	}
	if m.nic.Kind != model.KindDirect || m.manual {
		return nil
	}
	pf, v, ok := m.vf(m.nic.Dev)
	if !ok {
		return nil
	}
	s := model.VFLabel(*vfRef(pf, v)) + ", PCI " + v.PCI.String()
	if m.nic.Mode != model.ModePassthrough {
		s += ": passthrough mode gives an SR-IOV VF to this guest alone"
	}
	return []string{s}
}

// deviceOptions are the macvtap device rows, each PF followed by its VFs
// ("Host device ens1f0v3: macvtap · VF 3 of ens1f0 · free"), so the VFs of
// one card sit together and say which are free.
func (m *Model) deviceOptions() []option {
	var opts []option
	grouped := map[string]bool{}
	for _, pf := range m.src.SRIOV {
		if d, ok := m.hostDevice(pf.Netdev); ok && d.Eligible {
			for _, v := range pf.VFs {
				grouped[v.Netdev] = true
			}
		}
	}
	for _, d := range m.src.Devices {
		if !d.Eligible || grouped[d.Name] {
			continue
		}
		mk, detail := m.deviceUsers(d)
		if pf, ok := m.pf(d.Name); ok {
			mk = strings.TrimSpace(fmt.Sprintf("· SR-IOV PF, %d of %d VFs free %s", pf.Free, len(pf.VFs), mk))
		}
		opts = append(opts, option{label: "Host device " + d.Name + ": macvtap", value: d.Name, kind: model.KindDirect, marker: mk, detail: detail})
		if pf, ok := m.pf(d.Name); ok {
			opts = append(opts, m.vfOptions(pf)...)
		}
	}
	return opts
}

// vfOptions are a PF's VFs that have a host interface (a VF bound to
// vfio-pci has none, so macvtap cannot use it).
func (m *Model) vfOptions(pf model.PFUsage) []option {
	var opts []option
	for _, v := range pf.VFs {
		d, ok := m.hostDevice(v.Netdev)
		if !ok || !d.Eligible {
			continue
		}
		_, detail := m.deviceUsers(d)
		state := present.VFStateLabel(m.vfExcept(v))
		mk := fmt.Sprintf("· VF %d of %s · %s", v.Index, pf.Name(), state)
		opts = append(opts, option{label: "  Host device " + v.Netdev + ": macvtap", value: v.Netdev, kind: model.KindDirect, marker: mk, detail: detail})
	}
	return opts
}

// vfExcept is a VF's usage without the NIC being edited, so the NIC's own
// VF does not read as taken by its own domain.
func (m *Model) vfExcept(v model.VFUsage) model.VFUsage {
	var users []model.DeviceUse
	for _, u := range v.Users {
		if !(u.Domain == m.ectx.Domain && u.Index == m.loaded.Index) {
			users = append(users, u)
		}
	}
	v.Users, v.State = users, model.VFFree
	for _, u := range users {
		switch {
		case u.Running:
			v.State = model.VFTaken
		case v.State == model.VFFree:
			v.State = model.VFReserved
		}
	}
	if v.PoolHeld != "" {
		v.State = model.VFTaken
	}
	return v
}

// suggestVFMode: a VF chosen as macvtap source suggests passthrough, the
// mode that gives the guest the VF alone. A mode that was only defaulted
// (the NIC just became direct, or had none) is set; a mode the user or the
// configuration chose is kept, and the notice says what passthrough does.
func (m *Model) suggestVFMode(wasDirect bool, oldMode model.Mode) {
	pf, v, ok := m.vf(m.nic.Dev)
	if !ok || m.nic.Kind != model.KindDirect || m.nic.Mode == model.ModePassthrough {
		return
	}
	what := fmt.Sprintf("%s is VF %d of %s", v.Netdev, v.Index, pf.Name())
	if !wasDirect || oldMode == "" {
		m.nic.Mode = model.ModePassthrough
		m.notice = what + ": source mode set to passthrough, which gives the VF to this guest alone"
		return
	}
	m.notice = what + ": passthrough mode would give the VF to this guest alone (Source mode)"
}
