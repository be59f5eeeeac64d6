package nicform

import (
	"fmt"
	"strings"

	"virtnic/model"
	"virtnic/present"
)

// deviceUsers says who else sits on a host device: a count for the row,
// so every row of the picker stays one line at 80 columns, and the names in
// full for the highlighted row. Passthrough holders are named first because
// they make the device unusable for this NIC (a running one now, a
// shut-off one at its next start). A NIC of a passthrough network is no
// holder: its network may give it another device of its pool.
func (m *Model) deviceUsers(d model.HostDevice) (marker string, detail []string) {
	uses, ok := m.ectx.DeviceUse[d.Name]
	if !ok {
		uses = d.UsedBy
	}
	var pt, ptOff, shared []string
	for _, u := range uses {
		if u.Domain == m.ectx.Domain && u.Index == m.loaded.Index {
			continue
		}
		switch {
		case whole(u) && u.Running:
			pt = append(pt, u.Domain)
		case whole(u):
			ptOff = append(ptOff, u.Domain+" (off)")
		default:
			shared = append(shared, present.UseLabel(u))
		}
	}
	pt = append(pt, ptOff...)
	n := len(pt) + len(shared)
	if n == 0 {
		return "", nil
	}
	marker = fmt.Sprintf("· used by %d", n)
	if len(pt) > 0 {
		marker += " (passthrough)"
		detail = append(detail, "passthrough: taken by "+strings.Join(pt, ", "))
	}
	if len(shared) > 0 {
		detail = append(detail, "used by "+strings.Join(shared, ", "))
	}
	return marker, detail
}

// whole: the NIC takes the device for its guest alone, by macvtap
// passthrough or as a hostdev VF, and not through a pool that may give it
// another member.
func whole(u model.DeviceUse) bool {
	return (u.Mode == model.ModePassthrough || u.Mode == model.ModeHostdev) && (u.Network == "" || u.Pool == 1)
}
