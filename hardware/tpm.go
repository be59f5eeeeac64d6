package hardware

import "libvirt.org/go/libvirtxml"

func tpms(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.TPMs, func(_ int, t *libvirtxml.DomainTPM) device {
		return device{label: "TPM", rows: tpmRows(t)}
	})
}

// tpmRows shows the TPM version only for the emulator, the one backend
// whose version the domain chooses; passthrough names the host device.
func tpmRows(t *libvirtxml.DomainTPM) [][2]string {
	var backend, version, dev string
	if b := t.Backend; b != nil {
		switch {
		case b.Emulator != nil:
			backend, version = "emulator", b.Emulator.Version
		case b.Passthrough != nil:
			backend = "passthrough"
			if b.Passthrough.Device != nil {
				dev = b.Passthrough.Device.Path
			}
		case b.External != nil:
			backend = "external"
		}
	}
	return rowsOf("Model", t.Model, "Backend", backend, "Version", version, "Device", dev)
}
