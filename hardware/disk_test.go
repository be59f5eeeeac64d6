package hardware

import "testing"

func TestDisks(t *testing.T) {
	runKindCases(t, []kindCase{
		{"numbered per bus and device", `
<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none'/><source file='/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
<disk type='file' device='cdrom'><target dev='sda' bus='sata'/><readonly/></disk>
<disk type='file' device='disk'><source file='/b.raw'/><target dev='vdb' bus='virtio'/></disk>
<disk type='file' device='cdrom'><source file='/x.iso'/><target dev='sdb' bus='sata'/></disk>`,
			[]Item{
				dev("disk", "VirtIO Disk 1", "Device", "disk", "Source", "/a.qcow2", "Target", "vda", "Bus", "virtio",
					"Driver", "qemu", "Format", "qcow2", "Cache", "none"),
				dev("disk", "SATA CDROM 1", "Device", "cdrom", "Source", "(no media)", "Target", "sda", "Bus", "sata", "Read-only", "yes"),
				dev("disk", "VirtIO Disk 2", "Device", "disk", "Source", "/b.raw", "Target", "vdb", "Bus", "virtio"),
				dev("disk", "SATA CDROM 2", "Device", "cdrom", "Source", "/x.iso", "Target", "sdb", "Bus", "sata"),
			}},
		{"every source type", `
<disk type='dir' device='disk'><source dir='/srv/d'/><target dev='hdc' bus='ide'/></disk>
<disk type='volume' device='disk'><source pool='default' volume='v.img'/><target dev='vdc' bus='virtio'/></disk>
<disk type='network' device='disk'><source protocol='nbd' name='export'/><target dev='vdd' bus='virtio'/></disk>
<disk type='block' device='lun'><source dev='/dev/sdz'/><target dev='sdc' bus='scsi'/><shareable/></disk>
<disk type='nvme' device='disk'><source type='pci' managed='yes' namespace='1'><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source><target dev='vde' bus='virtio'/></disk>
<disk type='vhostuser' device='disk'><source type='unix' path='/tmp/vhost-blk.sock'/><target dev='vdf' bus='virtio'/></disk>`,
			[]Item{
				dev("disk", "IDE Disk 1", "Device", "disk", "Source", "/srv/d", "Target", "hdc", "Bus", "ide"),
				dev("disk", "VirtIO Disk 1", "Device", "disk", "Source", "default/v.img", "Target", "vdc", "Bus", "virtio"),
				dev("disk", "VirtIO Disk 2", "Device", "disk", "Source", "nbd:export", "Target", "vdd", "Bus", "virtio"),
				dev("disk", "SCSI LUN 1", "Device", "lun", "Source", "/dev/sdz", "Target", "sdc", "Bus", "scsi", "Shareable", "yes"),
				dev("disk", "VirtIO Disk 3", "Device", "disk", "Source", "nvme", "Target", "vde", "Bus", "virtio"),
				dev("disk", "VirtIO Disk 4", "Device", "disk", "Source", "vhost-user", "Target", "vdf", "Bus", "virtio"),
			}},
		{"floppy, no device attribute, a bus without a name", `
<disk type='file' device='floppy'><target dev='fda' bus='fdc'/></disk>
<disk type='file'><source file='/n.img'/><target dev='vdz' bus='virtio'/></disk>
<disk type='file' device='disk'><source file='/u.img'/><target dev='ubda' bus='uml'/></disk>`,
			[]Item{
				dev("disk", "Floppy 1", "Device", "floppy", "Source", "(no media)", "Target", "fda", "Bus", "fdc"),
				dev("disk", "VirtIO Disk 1", "Source", "/n.img", "Target", "vdz", "Bus", "virtio"),
				dev("disk", "UML Disk 1", "Device", "disk", "Source", "/u.img", "Target", "ubda", "Bus", "uml"),
			}},
	})
}
