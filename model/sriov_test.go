package model

import (
	"path/filepath"
	"reflect"
	"testing"
)

func nodeDev(t *testing.T, file string) NodeDev {
	t.Helper()
	d, err := ParseNodeDevice(mustRead(t, filepath.Join("testdata", "nodedev", file)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return d
}

func pci(t *testing.T, s string) PCIAddr {
	t.Helper()
	a, err := ParsePCIAddr(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func pciPtr(t *testing.T, s string) *PCIAddr {
	a := pci(t, s)
	return &a
}

// Each capture reads as the device it is: its address, its PF pointer,
// its VFs in index order, the limit, its interface.
func TestParseNodeDevice(t *testing.T) {
	for _, c := range []struct {
		file string
		want NodeDev
	}{
		{"libvirt-pci_0000_02_10_7_sriov_vfs.xml", NodeDev{Name: "pci_0000_02_10_7", Parent: "pci_0000_00_04_0",
			PCI: pciPtr(t, "0000:02:10.7"), SRIOVCapable: true, Product: "82576 Virtual Function",
			VirtFunctions: []PCIAddr{pci(t, "0000:02:00.2"), pci(t, "0000:02:00.3"), pci(t, "0000:02:00.4"), pci(t, "0000:02:00.5")}}},
		{"libvirt-pci_0000_02_10_7_sriov.xml", NodeDev{Name: "pci_0000_02_10_7", Parent: "pci_0000_00_04_0",
			PCI: pciPtr(t, "0000:02:10.7"), PhysFunction: pciPtr(t, "0000:02:00.1"), Product: "82576 Virtual Function"}},
		{"libvirt-pci_0000_02_10_7_sriov_zero_vfs_max_count.xml", NodeDev{Name: "pci_0000_02_10_7", Parent: "pci_0000_00_04_0",
			PCI: pciPtr(t, "0000:02:10.7"), SRIOVCapable: true, MaxVFs: 3, Product: "82576 Virtual Function"}},
		{"libvirt-pci_82579LM_network_adapter.xml", NodeDev{Name: "pci_0000_00_19_0", Parent: "computer",
			PCI: pciPtr(t, "0000:00:19.0"), SRIOVCapable: true, Product: "82579LM Gigabit Network Connection"}},
		{"libvirt-net_00_13_02_b9_f9_d3.xml", NodeDev{Name: "net_00_13_02_b9_f9_d3", Parent: "pci_8086_4227", Netdev: "eth0"}},
		{"nova-igbvf-pci_0000_04_11_7.xml", NodeDev{Name: "pci_0000_04_11_7", Parent: "pci_0000_00_01_1",
			PCI: pciPtr(t, "0000:04:11.7"), PhysFunction: pciPtr(t, "0000:04:00.3"), SRIOVCapable: true,
			Product: "I350 Ethernet Controller Virtual Function"}},
	} {
		if got := nodeDev(t, c.file); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.file, got, c.want)
		}
	}
	if _, err := ParseNodeDevice("<device><name>x"); err == nil {
		t.Error("truncated node device XML parsed")
	}
}

// Nova's captured I350 tree: the PF lists four VFs; two VF devices were
// read, one with a net device. Each VF gets its index from the PF's list,
// the one with a net child its interface; VFs (phys_function set, an empty
// virt_functions capability) are no PFs themselves.
func TestBuildSRIOVFromCapturedTree(t *testing.T) {
	var devs []NodeDev
	for _, f := range []string{"nova-igb-pf-pci_0000_04_00_3.xml", "nova-igbvf-pci_0000_04_10_7.xml",
		"nova-igbvf-pci_0000_04_11_7.xml", "nova-net_enp2s2_02_9a_a1_37_be_54.xml"} {
		devs = append(devs, nodeDev(t, f))
	}
	sr := BuildSRIOV(devs)
	want := SRIOV{PFs: []PF{{PCI: pci(t, "0000:04:00.3"), Product: "I350 Gigabit Network Connection", VFs: []VF{
		{Index: 0, PCI: pci(t, "0000:04:10.3")},
		{Index: 1, PCI: pci(t, "0000:04:10.7")},
		{Index: 2, PCI: pci(t, "0000:04:11.3")},
		{Index: 3, PCI: pci(t, "0000:04:11.7"), Netdev: "enp2s2"},
	}}}}
	if !reflect.DeepEqual(sr, want) {
		t.Fatalf("tree:\n got %+v\nwant %+v", sr, want)
	}
	// The PF has no interface here, so it is named by its address; a VF
	// without one is keyed by its address, one with it by its name.
	if n := sr.PFs[0].Name(); n != "0000:04:00.3" {
		t.Errorf("PF name %q", n)
	}
	for key, idx := range map[string]int{"enp2s2": 3, "0000:04:11.7": 3, "0000:04:10.7": 1} {
		ref, ok := sr.VFByKey(key)
		if !ok || ref.VF.Index != idx || ref.PF.PCI != pci(t, "0000:04:00.3") {
			t.Errorf("VFByKey(%s) = %+v %v, want VF %d", key, ref, ok, idx)
		}
	}
	if got := sr.DeviceKey("0000:04:11.7"); got != "enp2s2" {
		t.Errorf("DeviceKey of VF 3 = %q, want its interface", got)
	}
	if got := sr.DeviceKey("0000:04:10.7"); got != "0000:04:10.7" {
		t.Errorf("DeviceKey of VF 1 (no interface) = %q, want its address", got)
	}
	if got := sr.DeviceKey("0000:41:00.0"); got != "0000:41:00.0" {
		t.Errorf("DeviceKey of a device that is no VF = %q", got)
	}
	if _, ok := sr.VFByKey(""); ok {
		t.Error("VFByKey(\"\") found a VF")
	}
	var none *SRIOV
	if _, ok := none.VFByKey("enp2s2"); ok {
		t.Error("a nil SRIOV found a VF")
	}
}

// Which captured devices are PFs: one with VFs, one with none created yet
// but a limit; not a device whose virt_functions capability is empty with
// no limit, nor a VF that also lists VFs.
func TestBuildSRIOVWhichArePFs(t *testing.T) {
	for file, want := range map[string]int{
		"libvirt-pci_0000_02_10_7_sriov_vfs.xml":                1,
		"libvirt-pci_0000_02_10_7_sriov_zero_vfs_max_count.xml": 1,
		"libvirt-pci_82579LM_network_adapter.xml":               0,
		"libvirt-pci_0000_02_10_7_sriov_pf_vfs_all.xml":         0,
		"libvirt-pci_0000_02_10_7_sriov.xml":                    0,
	} {
		if got := len(BuildSRIOV([]NodeDev{nodeDev(t, file)}).PFs); got != want {
			t.Errorf("%s: %d PFs, want %d", file, got, want)
		}
	}
	pf := BuildSRIOV([]NodeDev{nodeDev(t, "libvirt-pci_0000_02_10_7_sriov_zero_vfs_max_count.xml")}).PFs[0]
	if pf.MaxVFs != 3 || len(pf.VFs) != 0 {
		t.Errorf("zero VFs, limit 3: %+v", pf)
	}
}

// A VF's net device names the VF's PCI device as parent even when that
// device was not read: libvirt's node device names follow the address.
func TestBuildSRIOVNetdevByNodeName(t *testing.T) {
	pfAddr, vfAddr := pci(t, "0000:03:00.0"), pci(t, "0000:03:02.1")
	sr := BuildSRIOV([]NodeDev{
		{Name: "pci_0000_03_00_0", PCI: &pfAddr, SRIOVCapable: true, VirtFunctions: []PCIAddr{pci(t, "0000:03:02.0"), vfAddr}},
		{Name: "net_ens1f0", Parent: "pci_0000_03_00_0", Netdev: "ens1f0"},
		{Name: "net_ens1f0v1", Parent: "pci_0000_03_02_1", Netdev: "ens1f0v1"},
	})
	if len(sr.PFs) != 1 || sr.PFs[0].Netdev != "ens1f0" || sr.PFs[0].VFs[1].Netdev != "ens1f0v1" || sr.PFs[0].VFs[0].Netdev != "" {
		t.Errorf("tree %+v", sr)
	}
}

func TestParsePCIAddr(t *testing.T) {
	for in, want := range map[string]string{
		"0000:03:02.1": "0000:03:02.1", "03:02.1": "0000:03:02.1", "0001:3B:1F.7": "0001:3b:1f.7",
	} {
		a, err := ParsePCIAddr(in)
		if err != nil || a.String() != want {
			t.Errorf("ParsePCIAddr(%q) = %s, %v; want %s", in, a, err, want)
		}
	}
	for _, bad := range []string{"", "0000:03:02", "0000:03:02.8", "0000:03:20.1", "0000:3:02.1", "pci 0000:03:02.1", "0000:03:02.1 "} {
		if a, err := ParsePCIAddr(bad); err == nil {
			t.Errorf("ParsePCIAddr(%q) = %s, want an error", bad, a)
		}
	}
}
