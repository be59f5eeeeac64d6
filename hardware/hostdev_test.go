package hardware

import "testing"

func TestHostdevs(t *testing.T) {
	runKindCases(t, []kindCase{
		{"pci, usb, scsi, mdev, capabilities", `
<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source></hostdev>
<hostdev mode='subsystem' type='pci'><source/></hostdev>
<hostdev mode='subsystem' type='usb'><source><vendor id='0x1d6b'/><product id='0x0002'/></source></hostdev>
<hostdev mode='subsystem' type='usb'><source><address bus='1' device='3'/></source></hostdev>
<hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/><address bus='0' target='0' unit='0'/></source></hostdev>
<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address uuid='c2177883-f1bb-47f0-914d-32a22e3a8804'/></source></hostdev>
<hostdev mode='capabilities' type='storage'><source><block>/dev/sdf1</block></source></hostdev>`,
			[]Item{
				dev("hostdev", "PCI 0000:06:02.0", "Type", "PCI", "Address", "0000:06:02.0", "Managed", "yes"),
				dev("hostdev", "PCI", "Type", "PCI"),
				dev("hostdev", "USB 1d6b:0002", "Type", "USB", "Device", "1d6b:0002"),
				dev("hostdev", "USB", "Type", "USB"),
				dev("hostdev", "SCSI host device", "Type", "SCSI"),
				dev("hostdev", "MDEV vfio-pci", "Type", "mdev", "Model", "vfio-pci"),
				dev("hostdev", "Host device"),
			}},
	})
}
