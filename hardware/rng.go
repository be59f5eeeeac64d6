package hardware

import "libvirt.org/go/libvirtxml"

func rngs(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.RNGs, func(_ int, r *libvirtxml.DomainRNG) device {
		backend, src := rngBackend(r.Backend)
		label := "RNG"
		if src != "" {
			label += " " + src
		}
		return device{label: label, rows: rowsOf("Model", r.Model, "Backend", backend, "Source", src)}
	})
}

// rngBackend names where the entropy comes from: the host device, the EGD
// daemon's address (or its chardev type when it has none), or QEMU itself.
func rngBackend(b *libvirtxml.DomainRNGBackend) (backend, src string) {
	switch {
	case b == nil:
		return "", ""
	case b.Random != nil:
		return "random", b.Random.Device
	case b.EGD != nil:
		src = chardevPath(b.EGD.Source)
		if src == "" {
			src = chardevType(b.EGD.Source)
		}
		return "egd", src
	case b.BuiltIn != nil:
		return "builtin", "builtin"
	}
	return "", ""
}
