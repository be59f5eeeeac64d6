package hardware

import "testing"

func TestMiB(t *testing.T) {
	for _, c := range []struct {
		v    uint
		unit string
		want string
	}{
		{1024, "", "1 MiB"}, // no unit: KiB
		{2048, "KiB", "2 MiB"},
		{512, "k", "0.5 MiB"},
		{1048576, "b", "1 MiB"},
		{1048576, "bytes", "1 MiB"},
		{4096, "KB", "3.9 MiB"}, // decimal units are powers of 1000
		{3, "M", "3 MiB"},
		{1500, "MB", "1430.5 MiB"},
		{1, "GiB", "1024 MiB"},
		{2, "g", "2048 MiB"},
		{1, "GB", "953.7 MiB"},
		{1, "TiB", "1048576 MiB"},
		{1, "t", "1048576 MiB"},
		{1, "TB", "953674.3 MiB"},
		{3, "parsecs", "3 parsecs"}, // not libvirt's: shown as written
	} {
		if got := mib(c.v, c.unit); got != c.want {
			t.Errorf("mib(%d, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
}

func TestMemoryPage(t *testing.T) {
	runPageCases(t, "Memory", []pageCase{
		{"hotplug maximum", `<domain type='kvm'><name>m</name>
  <maxMemory slots='16' unit='KiB'>16777216</maxMemory>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='KiB'>2097152</currentMemory>
</domain>`, pairs(
			"Current allocation", "2048 MiB",
			"Maximum allocation", "4096 MiB",
			"Hotplug maximum", "16384 MiB",
		)},
		{"no memory at all", `<domain type='kvm'><name>m</name></domain>`, nil},
	})
}

func TestMemoryDevices(t *testing.T) {
	runKindCases(t, []kindCase{
		{"dimm and virtio-mem", `
<memory model='dimm'><target><size unit='KiB'>524288</size><node>0</node></target></memory>
<memory model='virtio-mem'><target><size unit='KiB'>1048576</size><node>0</node><block unit='KiB'>2048</block></target></memory>`,
			[]Item{
				dev("memorydev", "Memory device dimm", "Model", "dimm"),
				dev("memorydev", "Memory device virtio-mem", "Model", "virtio-mem"),
			}},
		{"balloon", `<memballoon model='virtio'><stats period='10'/></memballoon>`,
			[]Item{dev("memballoon", "Memballoon virtio", "Model", "virtio")}},
		// model none is libvirt's "no balloon", not a device to list.
		{"balloon none", `<memballoon model='none'/>`, nil},
	})
}
