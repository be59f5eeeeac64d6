package hardware

import "testing"

func TestOtherDevices(t *testing.T) {
	runKindCases(t, []kindCase{
		{"watchdog, filesystem, smartcard, panic", `
<watchdog model='itco' action='poweroff'/>
<filesystem type='mount' accessmode='mapped'><source dir='/srv/share'/><target dir='share'/></filesystem>
<filesystem type='mount'><source dir='/srv/x'/></filesystem>
<smartcard mode='host'/>
<panic model='pvpanic'/>`,
			[]Item{
				dev("watchdog", "Watchdog", "Model", "itco", "Action", "poweroff"),
				dev("filesystem", "Filesystem share", "Target", "share", "Access mode", "mapped"),
				dev("filesystem", "Filesystem"),
				dev("smartcard", "Smartcard"),
				dev("panic", "Panic Notifier", "Model", "pvpanic"),
			}},
		{"vsock with a fixed CID", `<vsock model='virtio'><cid auto='no' address='3'/></vsock>`,
			[]Item{dev("vsock", "VirtIO VSOCK", "Model", "virtio", "CID", "3")}},
		{"shmem, hub, lease, iommu, crypto, nvram, pstore", `
<shmem name='ivshmem0' role='master'><model type='ivshmem-plain'/><size unit='M'>4</size></shmem>
<shmem name=''/>
<lease><lockspace>area</lockspace><key>k1</key><target path='/var/lib/lease' offset='1024'/></lease>
<iommu model='intel'><driver intremap='on'/></iommu>
<crypto model='virtio' type='qemu'><backend model='builtin' queues='1'/></crypto>
<nvram><address type='spapr-vio' reg='0x3000'/></nvram>
<pstore backend='acpi-erst'><path>/var/lib/pstore.img</path><size unit='KiB'>8</size></pstore>`,
			[]Item{
				dev("shmem", "Shared memory ivshmem0", "Name", "ivshmem0", "Role", "master"),
				dev("shmem", "Shared memory"),
				dev("lease", "Lease", "Lockspace", "area", "Key", "k1"),
				dev("iommu", "IOMMU intel", "Model", "intel"),
				dev("crypto", "Crypto qemu", "Model", "virtio", "Type", "qemu"),
				dev("nvram", "NVRAM"),
				dev("pstore", "PStore", "Backend", "acpi-erst"),
			}},
	})
}
