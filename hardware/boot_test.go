package hardware

import "testing"

func TestBootPage(t *testing.T) {
	runPageCases(t, "Boot Options", []pageCase{
		{"device boot orders sorted, firmware, direct kernel boot", `<domain type='kvm'><name>b</name>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <loader readonly='yes' secure='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.secboot.fd</loader>
    <nvram template='/usr/share/OVMF/OVMF_VARS.fd'>/var/lib/libvirt/qemu/nvram/b_VARS.fd</nvram>
    <kernel>/boot/vmlinuz</kernel>
    <initrd>/boot/initrd.img</initrd>
    <cmdline>console=ttyS0</cmdline>
  </os>
  <devices>
    <disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/><boot order='3'/></disk>
    <interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/><boot order='1'/></interface>
    <hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source><boot order='2'/></hostdev>
    <redirdev bus='usb' type='spicevmc'><boot order='4'/></redirdev>
    <filesystem type='mount'><source dir='/srv'/><target dir='srv'/><boot order='5'/></filesystem>
  </devices>
</domain>`, pairs(
			"Boot order 1", "NIC :00:00:01",
			"Boot order 2", "PCI 0000:06:02.0",
			"Boot order 3", "VirtIO Disk 1",
			"Boot order 4", "USB Redirector 1",
			"Boot order 5", "Filesystem srv",
			"Loader", "/usr/share/OVMF/OVMF_CODE.secboot.fd",
			"Loader type", "pflash",
			"Secure boot", "yes",
			"Loader read-only", "yes",
			"NVRAM", "/var/lib/libvirt/qemu/nvram/b_VARS.fd",
			"NVRAM template", "/usr/share/OVMF/OVMF_VARS.fd",
			"Kernel", "/boot/vmlinuz",
			"Initrd", "/boot/initrd.img",
			"Kernel arguments", "console=ttyS0",
		)},
		{"legacy boot devices", `<domain type='kvm'><name>b</name>
  <os><type>hvm</type><boot dev='cdrom'/><boot dev='hd'/><bootmenu enable='no'/></os>
</domain>`, pairs("Boot devices", "cdrom, hd", "Boot menu", "no")},
		{"container init", `<domain type='lxc'><name>b</name><os><type>exe</type><init>/sbin/init</init></os></domain>`,
			pairs("Init", "/sbin/init")},
		// Without <os> the devices' own orders still show.
		{"no os", domainWith(`<disk type='file' device='disk'><source file='/a.img'/><target dev='sda' bus='sata'/><boot order='1'/></disk>`),
			pairs("Boot order 1", "SATA Disk 1")},
	})
}
