package hardware

import "testing"

func TestNICs(t *testing.T) {
	runKindCases(t, []kindCase{
		{"every source line", `
<interface type='bridge'><mac address='52:54:00:00:00:01'/><source bridge='br0'/><model type='e1000e'/></interface>
<interface type='ethernet'><mac address='52:54:00:00:00:02'/><target dev='tap7'/></interface>
<interface type='user'><mac address='52:54:00:00:00:03'/></interface>
<interface type='vhostuser'><mac address='52:54:00:00:00:04'/><source type='unix' path='/run/vu.sock' mode='client'/><model type='virtio'/></interface>
<interface type='hostdev' managed='yes'><mac address='52:54:00:00:00:05'/><source><address type='pci' domain='0x0000' bus='0x3b' slot='0x10' function='0x4'/></source></interface>
<interface type='direct'><mac address='52:54:00:00:00:06'/><source dev='eth1'/></interface>
<interface type='network'><source network='default' portgroup='pg'/><link state='up'/></interface>`,
			[]Item{
				nicAt(0, "NIC :00:00:01", "Type", "bridge", "Source", "Bridge br0", "Model", "e1000e", "MAC", "52:54:00:00:00:01"),
				nicAt(1, "NIC :00:00:02", "Type", "ethernet", "Source", "Generic ethernet tap7", "MAC", "52:54:00:00:00:02"),
				nicAt(2, "NIC :00:00:03", "Type", "user", "Source", "Usermode networking", "MAC", "52:54:00:00:00:03"),
				nicAt(3, "NIC :00:00:04", "Type", "vhostuser", "Source", "vhost-user /run/vu.sock", "Model", "virtio", "MAC", "52:54:00:00:00:04"),
				nicAt(4, "NIC :00:00:05", "Type", "hostdev", "Source", "Host device PCI 0000:3b:10.4", "MAC", "52:54:00:00:00:05"),
				nicAt(5, "NIC :00:00:06", "Type", "direct", "Source", "Host device eth1: macvtap", "MAC", "52:54:00:00:00:06"),
				nicAt(6, "NIC", "Type", "network", "Source", "Virtual network 'default'", "Portgroup", "pg", "Link", "up"),
			}},
		// The NIC index counts <interface> elements only, whatever surrounds them.
		{"index among interfaces", `
<disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>
<interface type='network'><mac address='52:54:00:AA:00:01'/><source network='a'/></interface>
<input type='tablet' bus='usb'/>
<interface type='network'><mac address='52:54:00:AA:00:02'/><source network='b'/></interface>`,
			[]Item{
				dev("disk", "VirtIO Disk 1", "Device", "disk", "Source", "/a.img", "Target", "vda", "Bus", "virtio"),
				nicAt(0, "NIC :aa:00:01", "Type", "network", "Source", "Virtual network 'a'", "MAC", "52:54:00:aa:00:01"),
				nicAt(1, "NIC :aa:00:02", "Type", "network", "Source", "Virtual network 'b'", "MAC", "52:54:00:aa:00:02"),
				dev("input", "Input Tablet", "Type", "tablet", "Bus", "usb"),
			}},
	})
}
