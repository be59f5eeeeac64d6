package hardware

import "libvirt.org/go/libvirtxml"

var inputNames = map[string]string{
	"tablet": "Tablet", "mouse": "Mouse", "keyboard": "Keyboard",
	"passthrough": "Passthrough", "evdev": "Evdev",
}

func inputs(devs *libvirtxml.DomainDeviceList) []device {
	return each(devs.Inputs, func(_ int, in *libvirtxml.DomainInput) device {
		return device{label: "Input " + inputName(in.Type), rows: rowsOf("Type", in.Type, "Bus", in.Bus, "Model", in.Model)}
	})
}

// inputName shows a type virtnic has no name for as libvirt wrote it.
func inputName(t string) string {
	if n, ok := inputNames[t]; ok {
		return n
	}
	return t
}
