package hardware

import (
	"fmt"
	"strings"

	"libvirt.org/go/libvirtxml"
)

// memoryRows is the Memory page.
func memoryRows(d *domain) [][2]string {
	var current, maximum, hotplug string
	if d.CurrentMemory != nil {
		current = mib(d.CurrentMemory.Value, d.CurrentMemory.Unit)
	}
	if d.Memory != nil {
		maximum = mib(d.Memory.Value, d.Memory.Unit)
	}
	if current == "" {
		// libvirt writes <currentMemory> only when it differs on some
		// drivers; without it the guest gets the whole allocation.
		current = maximum
	}
	if d.MaximumMemory != nil {
		hotplug = mib(d.MaximumMemory.Value, d.MaximumMemory.Unit)
	}
	return rowsOf("Current allocation", current, "Maximum allocation", maximum, "Hotplug maximum", hotplug)
}

// unitBytes are libvirt's scaled-integer units: the decimal ones are
// powers of 1000, the bare letters and the "iB" ones powers of 1024, and no
// unit means KiB.
var unitBytes = map[string]float64{
	"b": 1, "bytes": 1,
	"kb": 1e3, "": 1 << 10, "k": 1 << 10, "kib": 1 << 10,
	"mb": 1e6, "m": 1 << 20, "mib": 1 << 20,
	"gb": 1e9, "g": 1 << 30, "gib": 1 << 30,
	"tb": 1e12, "t": 1 << 40, "tib": 1 << 40,
}

// mib renders a libvirt scaled integer in MiB, the unit virt-manager shows;
// a unit libvirt would reject is shown as written rather than guessed at.
func mib(v uint, unit string) string {
	scale, ok := unitBytes[strings.ToLower(unit)]
	if !ok {
		return fmt.Sprintf("%d %s", v, unit)
	}
	m := float64(v) * scale / (1 << 20)
	if m == float64(int64(m)) {
		return fmt.Sprintf("%d MiB", int64(m))
	}
	return fmt.Sprintf("%.1f MiB", m)
}

// memorydevs are hot-pluggable memory modules (DIMMs, virtio-mem, NVDIMMs).
func memorydevs(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Memorydevs, func(_ int, m *libvirtxml.DomainMemorydev) device {
		return device{label: "Memory device " + m.Model, rows: rowsOf("Model", m.Model)}
	})
}

// memballoons: virt-manager folds the balloon into Memory; virtnic lists it
// so the device list accounts for every device, except model none, which is
// libvirt's way of saying there is no balloon.
func memballoons(devs *libvirtxml.DomainDeviceList) []device {
	b := devs.MemBalloon
	if b == nil || b.Model == "none" || b.Model == "" {
		return nil
	}
	return []device{{label: "Memballoon " + b.Model, rows: rowsOf("Model", b.Model)}}
}
