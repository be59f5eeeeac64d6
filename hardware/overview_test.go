package hardware

import "testing"

func TestOverviewPage(t *testing.T) {
	runPageCases(t, "Overview", []pageCase{
		{"every row", `<domain type='kvm'>
  <name>arm01</name>
  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>
  <title>Build box</title>
  <description>aarch64 builder</description>
  <memory>1048576</memory>
  <os><type arch='aarch64' machine='virt'>hvm</type></os>
  <devices><emulator>/usr/bin/qemu-system-aarch64</emulator></devices>
</domain>`, pairs(
			"Name", "arm01",
			"UUID", "4dea22b3-1d52-d8f3-2516-782e98ab3fa0",
			"Title", "Build box",
			"Description", "aarch64 builder",
			"Hypervisor", "kvm",
			"OS type", "hvm",
			"Architecture", "aarch64",
			"Machine", "virt",
			"Emulator", "/usr/bin/qemu-system-aarch64",
		)},
		{"no os, no devices", `<domain type='qemu'><name>bare</name></domain>`,
			pairs("Name", "bare", "Hypervisor", "qemu")},
	})
}
