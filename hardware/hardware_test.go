package hardware

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"virtnic/model"
)

// qemuSamples are the domain XMLs the engine's tests run on (captured from
// libvirt and hand-written); the device list must hold on every one of them.
func qemuSamples(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "model", "testdata", "qemu", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("want at least 3 samples in model/testdata/qemu, have %d", len(files))
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// kindRank is virt-manager's order of the device groups after the four
// fixed pages; Items must never emit a group before an earlier one.
var kindRank = map[string]int{
	"overview": 0, "cpus": 1, "memory": 2, "boot": 3,
	"disk": 4, "nic": 5, "input": 6, "graphics": 7, "sound": 8,
	"serial": 9, "parallel": 10, "console": 11, "channel": 12,
	"hostdev": 13, "redirdev": 14, "video": 15, "watchdog": 16,
	"controller": 17, "filesystem": 18, "smartcard": 19, "tpm": 20,
	"rng": 21, "panic": 22, "vsock": 23, "shmem": 24, "memorydev": 25,
	"hub": 26, "lease": 27, "iommu": 28, "crypto": 29, "nvram": 30,
	"pstore": 31, "memballoon": 32,
}

var (
	passwdAttr = regexp.MustCompile(`passwd=['"]([^'"]+)['"]`)
	macAttr    = regexp.MustCompile(`<mac address=['"]([^'"]+)['"]`)
)

func labels(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func TestItemsOnEverySample(t *testing.T) {
	for name, doc := range qemuSamples(t) {
		t.Run(name, func(t *testing.T) {
			items, err := Items(doc)
			if err != nil {
				t.Fatalf("Items: %v", err)
			}
			if got := labels(items[:min(4, len(items))]); !reflect.DeepEqual(got, []string{"Overview", "CPUs", "Memory", "Boot Options"}) {
				t.Fatalf("first items = %q", got)
			}
			checkOrder(t, items)
			checkNICs(t, doc, items)
			checkNoPasswords(t, doc, items)
		})
	}
}

// checkOrder: every kind known, groups in virt-manager's order, every item
// labelled, and a NICIndex exactly on NICs.
func checkOrder(t *testing.T, items []Item) {
	t.Helper()
	prev := -1
	for _, it := range items {
		r, ok := kindRank[it.Kind]
		if !ok {
			t.Errorf("%q: unknown kind %q", it.Label, it.Kind)
		}
		if r < prev {
			t.Errorf("%q (%s) comes after a later group", it.Label, it.Kind)
		}
		prev = r
		if (it.Kind == "nic") != (it.NICIndex >= 0) {
			t.Errorf("%q: kind %s with NICIndex %d", it.Label, it.Kind, it.NICIndex)
		}
		if it.Label == "" {
			t.Errorf("item of kind %s has no label", it.Kind)
		}
	}
}

// checkNICs: NIC indexes are the positions InterfaceSpans reports, and each
// label names its own element's MAC.
func checkNICs(t *testing.T, doc string, items []Item) {
	t.Helper()
	spans, err := model.InterfaceSpans(doc)
	if err != nil {
		t.Fatal(err)
	}
	var nics []Item
	for _, it := range items {
		if it.Kind == "nic" {
			nics = append(nics, it)
		}
	}
	if len(nics) != len(spans) {
		t.Fatalf("%d NIC items, %d <interface> spans", len(nics), len(spans))
	}
	for i, it := range nics {
		if it.NICIndex != i {
			t.Errorf("NIC item %d has NICIndex %d", i, it.NICIndex)
		}
		m := macAttr.FindStringSubmatch(doc[spans[i].Start:spans[i].End])
		if m == nil {
			continue
		}
		mac := strings.ToLower(m[1])
		if want := "NIC " + mac[len(mac)-9:]; it.Label != want {
			t.Errorf("NIC %d label %q, want %q", i, it.Label, want)
		}
	}
}

// checkNoPasswords: no password value anywhere on any page, and a graphics
// page says one is set.
func checkNoPasswords(t *testing.T, doc string, items []Item) {
	t.Helper()
	for _, m := range passwdAttr.FindAllStringSubmatch(doc, -1) {
		for _, it := range items {
			if shows(it, m[1]) {
				t.Errorf("%q shows the password", it.Label)
			}
		}
		if !hasRow(items, "graphics", "Password", "set") {
			t.Errorf("a password is set but no graphics page says so")
		}
	}
}

// shows reports whether secret appears in the item's label or any row.
func shows(it Item, secret string) bool {
	if strings.Contains(it.Label, secret) {
		return true
	}
	for _, row := range it.Rows {
		if strings.Contains(row[0], secret) || strings.Contains(row[1], secret) {
			return true
		}
	}
	return false
}

func hasRow(items []Item, kind, label, value string) bool {
	for _, it := range items {
		if it.Kind != kind {
			continue
		}
		for _, r := range it.Rows {
			if r[0] == label && r[1] == value {
				return true
			}
		}
	}
	return false
}

func rowsByLabel(items []Item, label string) map[string]string {
	for _, it := range items {
		if it.Label == label {
			m := map[string]string{}
			for _, r := range it.Rows {
				m[r[0]] = r[1]
			}
			return m
		}
	}
	return nil
}

func TestItemsQ35Sample(t *testing.T) {
	doc := qemuSamples(t)["inactive-q35-secure.xml"]
	items, err := Items(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Overview", "CPUs", "Memory", "Boot Options",
		"VirtIO Disk 1", "SATA CDROM 1",
		"NIC :6b:3c:01", "NIC :6b:3c:02", "NIC :6b:3c:03", "NIC :6b:3c:04", "NIC :6b:3c:05", "NIC :6b:3c:06",
		"NIC :6b:3c:07", "NIC :6b:3c:08", "NIC :6b:3c:09", "NIC :6b:3c:0a", "NIC :6b:3c:0b",
		"Input Tablet", "Input Mouse", "Input Keyboard",
		"Display VNC",
		"Serial 1", "Console 1", "Channel qemu-ga",
		"PCI 0000:3b:10.4",
		"Video Virtio",
		"Controller USB 0", "Controller PCIe 0", "Controller SATA 0", "Controller VirtIO Serial 0",
		"RNG /dev/urandom",
		"Memballoon virtio",
	}
	if got := labels(items); !reflect.DeepEqual(got, want) {
		t.Errorf("labels:\n got %q\nwant %q", got, want)
	}
	checks := []struct{ item, row, want string }{
		{"Overview", "Name", "web01"},
		{"Overview", "Title", "Web frontend"},
		{"Overview", "Hypervisor", "kvm"},
		{"Overview", "Machine", "pc-q35-7.2"},
		{"Overview", "Emulator", "/usr/bin/qemu-system-x86_64"},
		{"CPUs", "vCPUs", "4"},
		{"CPUs", "CPU mode", "host-passthrough"},
		{"Memory", "Current allocation", "4096 MiB"},
		{"Memory", "Maximum allocation", "4096 MiB"},
		{"Boot Options", "Boot devices", "hd"},
		{"Boot Options", "Boot order 2", "NIC :6b:3c:01"},
		{"VirtIO Disk 1", "Source", "/var/lib/libvirt/images/web01.qcow2"},
		{"VirtIO Disk 1", "Format", "qcow2"},
		{"SATA CDROM 1", "Read-only", "yes"},
		{"NIC :6b:3c:01", "Source", "Virtual network 'default'"},
		{"NIC :6b:3c:01", "Portgroup", "web"},
		{"NIC :6b:3c:04", "Source", "Host device eth0.100: macvtap (vepa)"},
		{"NIC :6b:3c:05", "Link", "down"},
		{"NIC :6b:3c:08", "Type", "user"},
		{"Display VNC", "Listen", "127.0.0.1"},
		{"Display VNC", "Port", "auto"},
		{"Display VNC", "Password", "set"},
	}
	for _, c := range checks {
		if got := rowsByLabel(items, c.item)[c.row]; got != c.want {
			t.Errorf("%s / %s = %q, want %q", c.item, c.row, got, c.want)
		}
	}
	for _, it := range items {
		if it.Label == "NIC :6b:3c:05" && it.NICIndex != 4 {
			t.Errorf("NIC :6b:3c:05 has index %d, want 4", it.NICIndex)
		}
	}
}

func TestItemsMinimalDomain(t *testing.T) {
	items, err := Items(`<domain type='qemu'><name>bare</name><memory>1024</memory><vcpu>1</vcpu></domain>`)
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(items); !reflect.DeepEqual(got, []string{"Overview", "CPUs", "Memory", "Boot Options"}) {
		t.Errorf("labels = %q", got)
	}
	if got := rowsByLabel(items, "Memory")["Current allocation"]; got != "1 MiB" {
		t.Errorf("current memory = %q, want 1 MiB (defaults to <memory>, in KiB)", got)
	}
	if got := rowsByLabel(items, "Memory")["Maximum allocation"]; got != "1 MiB" {
		t.Errorf("maximum memory = %q, want 1 MiB", got)
	}
}

// Hand-written: the devices the captured samples lack, a Spice password, and
// an interface type libvirtxml does not know.
const oddDomain = `<domain type='kvm'>
  <name>odd</name>
  <memory unit='GiB'>2</memory>
  <currentMemory unit='MiB'>1536</currentMemory>
  <vcpu placement='auto' current='2'>4</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>
    <nvram>/var/lib/libvirt/qemu/nvram/odd_VARS.fd</nvram>
    <bootmenu enable='yes'/>
  </os>
  <cpu mode='custom' match='exact'>
    <model>Skylake-Client</model>
    <topology sockets='1' dies='1' cores='2' threads='2'/>
  </cpu>
  <devices>
    <disk type='file' device='disk'>
      <source file='/img/a.raw'/>
      <target dev='hda' bus='ide'/>
      <boot order='1'/>
    </disk>
    <disk type='block' device='disk'>
      <source dev='/dev/vg/b'/>
      <target dev='hdb' bus='ide'/>
    </disk>
    <disk type='file' device='floppy'>
      <target dev='fda' bus='fdc'/>
    </disk>
    <disk type='network' device='disk'>
      <source protocol='rbd' name='pool/img'><host name='ceph1' port='6789'/></source>
      <target dev='sda' bus='scsi'/>
      <shareable/>
    </disk>
    <controller type='usb' index='0' model='ich9-ehci1'/>
    <controller type='usb' index='0' model='ich9-uhci1'/>
    <controller type='scsi' index='0' model='virtio-scsi'/>
    <controller type='pci' index='1' model='pcie-root-port'/>
    <interface type='bogus'>
      <mac address='52:54:00:AB:CD:EF'/>
    </interface>
    <interface type='network'>
      <source network='default'/>
      <boot order='2'/>
    </interface>
    <filesystem type='mount' accessmode='passthrough'>
      <source dir='/srv/share'/>
      <target dir='share'/>
    </filesystem>
    <serial type='tcp'>
      <source mode='bind' host='0.0.0.0' service='4555'/>
      <target port='1'/>
    </serial>
    <parallel type='file'><source path='/tmp/lp'/><target port='0'/></parallel>
    <channel type='spicevmc'>
      <target type='virtio' name='com.redhat.spice.0'/>
    </channel>
    <channel type='pty'>
      <target type='virtio' name='org.example.custom'/>
    </channel>
    <input type='tablet' bus='usb'/>
    <graphics type='spice' autoport='yes' passwd='Sp1ceS3cret'>
      <listen type='address'/>
    </graphics>
    <graphics type='vnc' port='5905' passwd='VncS3cret' listen='0.0.0.0'/>
    <sound model='ich9'/>
    <video><model type='qxl' vram='65536' heads='1'/></video>
    <hostdev mode='subsystem' type='usb'>
      <source><vendor id='0x046d'/><product id='0xc52b'/></source>
    </hostdev>
    <redirdev bus='usb' type='spicevmc'/>
    <redirdev bus='usb' type='spicevmc'/>
    <watchdog model='i6300esb' action='reset'/>
    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
    <rng model='virtio'><backend model='egd' type='tcp'><source mode='connect' host='localhost' service='708'/></backend></rng>
    <panic model='isa'/>
    <vsock model='virtio'><cid auto='yes'/></vsock>
    <memballoon model='none'/>
  </devices>
</domain>`

func TestItemsOddDevices(t *testing.T) {
	items, err := Items(oddDomain)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Overview", "CPUs", "Memory", "Boot Options",
		"IDE Disk 1", "IDE Disk 2", "Floppy 1", "SCSI Disk 1",
		"NIC :ab:cd:ef", "NIC",
		"Input Tablet",
		"Display Spice", "Display VNC",
		"Sound ich9",
		"Serial 2", "Parallel 1",
		"Channel spice", "Channel org.example.custom",
		"USB 046d:c52b",
		"USB Redirector 1", "USB Redirector 2",
		"Video QXL",
		"Watchdog",
		"Controller USB 0", "Controller VirtIO SCSI 0",
		"Filesystem share",
		"TPM",
		"RNG localhost:708",
		"Panic Notifier",
		"VirtIO VSOCK",
	}
	if got := labels(items); !reflect.DeepEqual(got, want) {
		t.Errorf("labels:\n got %q\nwant %q", got, want)
	}
	checks := []struct{ item, row, want string }{
		{"CPUs", "vCPUs", "2 (maximum 4)"},
		{"CPUs", "CPU model", "Skylake-Client"},
		{"CPUs", "Topology", "sockets=1 dies=1 cores=2 threads=2"},
		{"Memory", "Current allocation", "1536 MiB"},
		{"Memory", "Maximum allocation", "2048 MiB"},
		{"Boot Options", "Boot order 1", "IDE Disk 1"},
		{"Boot Options", "Boot order 2", "NIC"},
		{"Boot Options", "Firmware", "efi"},
		{"Boot Options", "Loader", "/usr/share/OVMF/OVMF_CODE.fd"},
		{"Boot Options", "Boot menu", "yes"},
		{"IDE Disk 2", "Source", "/dev/vg/b"},
		{"SCSI Disk 1", "Source", "rbd://ceph1/pool/img"},
		{"SCSI Disk 1", "Shareable", "yes"},
		{"NIC :ab:cd:ef", "Type", "unknown"},
		{"NIC :ab:cd:ef", "MAC", "52:54:00:ab:cd:ef"},
		{"Display Spice", "Password", "set"},
		{"Display Spice", "Port", "auto"},
		{"Display VNC", "Password", "set"},
		{"Display VNC", "Port", "5905"},
		{"Display VNC", "Listen", "0.0.0.0"},
		{"Serial 2", "Source", "0.0.0.0:4555"},
		{"TPM", "Version", "2.0"},
		{"VirtIO VSOCK", "CID", "auto"},
	}
	for _, c := range checks {
		if got := rowsByLabel(items, c.item)[c.row]; got != c.want {
			t.Errorf("%s / %s = %q, want %q", c.item, c.row, got, c.want)
		}
	}
	for _, it := range items {
		for _, r := range it.Rows {
			if strings.Contains(r[1], "S3cret") {
				t.Errorf("%q shows a password: %q", it.Label, r)
			}
		}
	}
	var idx []int
	for _, it := range items {
		if it.Kind == "nic" {
			idx = append(idx, it.NICIndex)
		}
	}
	if fmt.Sprint(idx) != "[0 1]" {
		t.Errorf("NIC indexes %v, want [0 1]", idx)
	}
}

func TestItemsRejectsUnparsable(t *testing.T) {
	for _, doc := range []string{"", "<domain", "<domain><devices><interface><mac address='x'/></interface></devices></domain>"} {
		if _, err := Items(doc); err == nil {
			t.Errorf("Items(%q) succeeded", doc)
		}
	}
}
