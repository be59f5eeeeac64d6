package hardware

import "testing"

func TestInputs(t *testing.T) {
	runKindCases(t, []kindCase{
		{"every type", `
<input type='tablet' bus='usb'/>
<input type='mouse' bus='ps2'/>
<input type='keyboard' bus='virtio' model='virtio-non-transitional'/>
<input type='passthrough' bus='virtio'><source evdev='/dev/input/event1'/></input>
<input type='evdev'><source dev='/dev/input/event2'/></input>`,
			[]Item{
				dev("input", "Input Tablet", "Type", "tablet", "Bus", "usb"),
				dev("input", "Input Mouse", "Type", "mouse", "Bus", "ps2"),
				dev("input", "Input Keyboard", "Type", "keyboard", "Bus", "virtio", "Model", "virtio-non-transitional"),
				dev("input", "Input Passthrough", "Type", "passthrough", "Bus", "virtio"),
				dev("input", "Input Evdev", "Type", "evdev"),
			}},
	})
}
