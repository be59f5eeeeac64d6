package hardware

import "testing"

func TestUSBRedirectorsAndHubs(t *testing.T) {
	runKindCases(t, []kindCase{
		{"redirectors numbered in order, hubs", `
<redirdev bus='usb' type='spicevmc'/>
<redirdev bus='usb' type='tcp'><source mode='connect' host='localhost' service='4000'/></redirdev>
<hub type='usb'/>`,
			[]Item{
				dev("redirdev", "USB Redirector 1", "Bus", "usb", "Type", "spicevmc"),
				dev("redirdev", "USB Redirector 2", "Bus", "usb", "Type", "tcp"),
				dev("hub", "Hub USB", "Type", "usb"),
			}},
	})
}
