package hardware

import "testing"

func TestControllers(t *testing.T) {
	runKindCases(t, []kindCase{
		{"names by type and model", `
<controller type='usb' index='0' model='qemu-xhci'/>
<controller type='pci' index='0' model='pcie-root'/>
<controller type='pci' index='0' model='pci-root'/>
<controller type='scsi' index='0' model='lsilogic'/>
<controller type='scsi' index='1' model='virtio-scsi'/>
<controller type='ide' index='0'/>
<controller type='fdc' index='0'/>
<controller type='sata' index='0'/>
<controller type='virtio-serial' index='0'/>
<controller type='xenbus' index='0'/>
<controller type='ccid' index='0'/>
<controller type='nvme' index='0'/>
<controller type='isa' index='0'/>
<controller type='usb' model='none'/>`,
			[]Item{
				dev("controller", "Controller USB 0", "Type", "usb", "Model", "qemu-xhci", "Index", "0"),
				dev("controller", "Controller PCIe 0", "Type", "pci", "Model", "pcie-root", "Index", "0"),
				dev("controller", "Controller PCI 0", "Type", "pci", "Model", "pci-root", "Index", "0"),
				dev("controller", "Controller SCSI 0", "Type", "scsi", "Model", "lsilogic", "Index", "0"),
				dev("controller", "Controller VirtIO SCSI 1", "Type", "scsi", "Model", "virtio-scsi", "Index", "1"),
				dev("controller", "Controller IDE 0", "Type", "ide", "Index", "0"),
				dev("controller", "Controller Floppy 0", "Type", "fdc", "Index", "0"),
				dev("controller", "Controller SATA 0", "Type", "sata", "Index", "0"),
				dev("controller", "Controller VirtIO Serial 0", "Type", "virtio-serial", "Index", "0"),
				dev("controller", "Controller Xen Bus 0", "Type", "xenbus", "Index", "0"),
				dev("controller", "Controller CCID 0", "Type", "ccid", "Index", "0"),
				dev("controller", "Controller NVMe 0", "Type", "nvme", "Index", "0"),
				dev("controller", "Controller isa 0", "Type", "isa", "Index", "0"),
				dev("controller", "Controller USB 0", "Type", "usb", "Model", "none", "Index", "0"),
			}},
		{"companions, root ports and bridges are hidden", `
<controller type='usb' index='0' model='ich9-ehci1'/>
<controller type='usb' index='0' model='ich9-uhci1'/>
<controller type='usb' index='0' model='ich9-uhci2'/>
<controller type='usb' index='0' model='ich9-uhci3'/>
<controller type='pci' index='1' model='pcie-root-port'/>
<controller type='pci' index='2' model='pcie-to-pci-bridge'/>
<controller type='pci' index='3' model='pci-bridge'/>
<controller type='pci' index='4' model='dmi-to-pci-bridge'/>
<controller type='pci' index='5' model='pcie-switch-upstream-port'/>
<controller type='pci' index='6' model='pcie-switch-downstream-port'/>`,
			[]Item{dev("controller", "Controller USB 0", "Type", "usb", "Model", "ich9-ehci1", "Index", "0")}},
	})
}
