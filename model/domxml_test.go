package model

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"libvirt.org/go/libvirtxml"
)

// qemuSamples returns every domain XML in testdata/qemu, including the
// real-*.xml captures from a live libvirtd that may be added later, so every
// test below runs on any valid domain XML.
func qemuSamples(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("testdata/qemu/*.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("want at least 3 samples in testdata/qemu, have %d", len(files))
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

// expectLossy is libvirt-facts §1 item 5: in live XML a type='network' NIC
// shows its actual type (direct, bridge) and keeps network= and portid= on
// <source>, which libvirtxml's Direct and Bridge sources have no field for.
func expectLossy(t *testing.T, raw string) bool {
	t.Helper()
	es, err := canonicalEntries(raw)
	if err != nil {
		t.Fatal(err)
	}
	if es[0].attr("type") == "network" {
		return false
	}
	for _, e := range es {
		if e.path == "/interface/source" {
			if _, ok := e.attrValue("network"); ok {
				return true
			}
			if _, ok := e.attrValue("portid"); ok {
				return true
			}
		}
	}
	return false
}

// bareOVS reports the one addition CheckRoundTrip forgives: libvirtxml
// writes an empty <parameters/> into a parameterless openvswitch
// <virtualport> (libvirt-facts §1 item 4).
func bareVPort(t *testing.T, raw string) bool {
	t.Helper()
	es, err := canonicalEntries(raw)
	if err != nil {
		t.Fatal(err)
	}
	ovs := false
	for _, e := range es {
		if e.path == "/interface/virtualport" {
			ovs = true
		}
		if e.path == "/interface/virtualport/parameters" {
			return false
		}
	}
	return ovs
}

func TestInterfaceSpansSamples(t *testing.T) {
	want := map[string]int{
		"inactive-q35-secure.xml":        11,
		"live-running-qemuns.xml":        5,
		"etc-libvirt-qemu-i440fx.xml":    5,
		"inactive-minimal-nonics.xml":    0,
		"live-ovs-network-portgroup.xml": 2,
	}
	for name, doc := range qemuSamples(t) {
		t.Run(name, func(t *testing.T) {
			spans, err := InterfaceSpans(doc)
			if err != nil {
				t.Fatal(err)
			}
			if n, ok := want[name]; ok && len(spans) != n {
				t.Fatalf("got %d interface spans, want %d", len(spans), n)
			}
			// Independent count: libvirtxml's own domain parser.
			var dom libvirtxml.Domain
			err = dom.Unmarshal(doc)
			if err != nil && !strings.HasPrefix(name, "real-") {
				t.Fatalf("libvirtxml cannot read the sample: %v", err)
			}
			if err == nil && dom.Devices != nil {
				if len(dom.Devices.Interfaces) != len(spans) {
					t.Fatalf("libvirtxml sees %d interfaces, spans %d", len(dom.Devices.Interfaces), len(spans))
				}
				for i, s := range spans {
					got, err := ParseInterface(doc[s.Start:s.End])
					if err != nil {
						t.Fatalf("span %d: %v", i, err)
					}
					if w := dom.Devices.Interfaces[i].MAC; w != nil && (got.MAC == nil || got.MAC.Address != w.Address) {
						t.Fatalf("span %d has MAC %v, libvirtxml's interface %d has %s", i, got.MAC, i, w.Address)
					}
				}
			}
			prev := 0
			for i, s := range spans {
				text := doc[s.Start:s.End]
				if !strings.HasPrefix(text, "<interface") || !(strings.HasSuffix(text, "</interface>") || strings.HasSuffix(text, "/>")) {
					t.Fatalf("span %d is not an element: %q", i, text)
				}
				if s.Start < prev {
					t.Fatalf("span %d out of order", i)
				}
				prev = s.End
			}
			els, err := InterfaceElements(doc)
			if err != nil || len(els) != len(spans) {
				t.Fatalf("InterfaceElements: %d, %v", len(els), err)
			}
		})
	}
}

func TestInterfaceSpansIgnoresMetadataAndCDATA(t *testing.T) {
	doc := mustRead(t, "testdata/qemu/inactive-q35-secure.xml")
	els, err := InterfaceElements(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(els[0], "52:54:00:6b:3c:01") {
		t.Fatalf("first NIC is %q", els[0])
	}
	for i, e := range els {
		if strings.Contains(e, "ops:") || strings.Contains(e, "CDATA") {
			t.Fatalf("NIC %d came from metadata: %q", i, e)
		}
	}
	if !strings.Contains(els[9], "type='hostdev'") || !strings.Contains(els[9], "bus='0x3b'") {
		t.Fatalf("NIC 9 should be the hostdev NIC with its nested <source><address>, got %q", els[9])
	}
}

const hostileDomain = `<?xml version="1.0" encoding="UTF-8"?>
<!-- <interface type='network'><source network='comment'/></interface> -->
<domain type="kvm" xmlns:my="urn:example:my">
  <name>hostile</name>
  <description><![CDATA[<interface type='bridge'><source bridge='cdata'/></interface>]]></description>
  <metadata>
    <my:x><interface type='network'><source network='in-metadata'/></interface></my:x>
    <interface type='network'/>
  </metadata>
  <?virtnic <interface type='pi'/> ?>
  <devices>
    <!-- <interface type='direct'/> -->
    <interface type="user"/>
    <hostdev mode='subsystem' type='pci'>
      <source><interface name='nested-not-a-nic'/></source>
    </hostdev>
    <my:interface type='bridge'/>
    <interface type='bridge'><source bridge='a&gt;b' /><model type="virtio"/></interface>
    <interface
        type = 'network' ><source network="x'y"/></interface  >
  </devices>
  <interface type='network'><source network='outside-devices'/></interface>
</domain>
`

func TestInterfaceSpansHostile(t *testing.T) {
	els, err := InterfaceElements(hostileDomain)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`<interface type="user"/>`,
		`<interface type='bridge'><source bridge='a&gt;b' /><model type="virtio"/></interface>`,
		"<interface\n        type = 'network' ><source network=\"x'y\"/></interface  >",
	}
	if !reflect.DeepEqual(els, want) {
		t.Fatalf("got %q\nwant %q", els, want)
	}
	crlf := strings.ReplaceAll(hostileDomain, "\n", "\r\n")
	els, err = InterfaceElements(crlf)
	if err != nil {
		t.Fatal(err)
	}
	if len(els) != 3 || els[2] != "<interface\r\n        type = 'network' ><source network=\"x'y\"/></interface  >" {
		t.Fatalf("CRLF spans wrong: %q", els)
	}
}

func TestInterfaceSpansErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"not xml":     "hello",
		"truncated":   "<domain><devices><interface type='user'>",
		"wrong root":  "<network><devices><interface/></devices></network>",
		"mismatched":  "<domain><devices></domain>",
		"empty":       "",
		"bad entity":  "<domain><name>&nope;</name></domain>",
		"two closing": "<domain></domain></domain>",
	} {
		if _, err := InterfaceSpans(doc); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := ReplaceInterface(hostileDomain, 3, `<interface type='user'/>`); err == nil || !strings.Contains(err.Error(), "has 3") {
		t.Fatalf("out of range replace: %v", err)
	}
	if _, err := RemoveInterface(hostileDomain, -1); err == nil {
		t.Fatal("negative index accepted")
	}
	for _, bad := range []string{"", "<interface>", "<disk/>", "<interface/><interface/>", "x<interface/>"} {
		if _, err := ReplaceInterface(hostileDomain, 0, bad); err == nil {
			t.Errorf("ReplaceInterface accepted %q", bad)
		}
		if _, err := InsertInterface(hostileDomain, bad); err == nil {
			t.Errorf("InsertInterface accepted %q", bad)
		}
	}
}

// TestReplaceRoundTripSamples is the core promise: splicing libvirtxml's
// rendering of an unedited NIC back changes nothing in meaning and nothing at
// all outside the span; where libvirtxml cannot reproduce a NIC,
// CheckRoundTrip says so and the semantic diff agrees.
func TestReplaceRoundTripSamples(t *testing.T) {
	lossy, clean := 0, 0
	for name, doc := range qemuSamples(t) {
		spans, err := InterfaceSpans(doc)
		if err != nil {
			t.Fatal(name, err)
		}
		for i, s := range spans {
			raw := doc[s.Start:s.End]
			iface, err := ParseInterface(raw)
			rtErr := CheckRoundTrip(raw)
			if expectLossy(t, raw) {
				lossy++
				var fe *FidelityError
				if !errors.As(rtErr, &fe) {
					t.Fatalf("%s NIC %d: want FidelityError, got %v", name, i, rtErr)
				}
				if len(fe.Lost) != 1 || !strings.Contains(fe.Lost[0], "@network=") || !strings.Contains(rtErr.Error(), "network=") {
					t.Fatalf("%s NIC %d: lost %q, message %q", name, i, fe.Lost, rtErr)
				}
				if err != nil {
					t.Fatal(err)
				}
				out, _ := iface.Marshal()
				after, err := ReplaceInterface(doc, i, out)
				if err != nil {
					t.Fatal(err)
				}
				if d, _ := SemanticDiff(doc, after); len(d) != 2 {
					t.Fatalf("%s NIC %d: semantic diff should show the loss, got %q", name, i, d)
				}
				continue
			}
			clean++
			if rtErr != nil {
				t.Fatalf("%s NIC %d does not round-trip: %v\n%s", name, i, rtErr, raw)
			}
			if err != nil {
				t.Fatal(err)
			}
			out, err := iface.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			after, err := ReplaceInterface(doc, i, out)
			if err != nil {
				t.Fatal(err)
			}
			d, err := SemanticDiff(doc, after)
			if err != nil {
				t.Fatal(err)
			}
			var forgiven []string
			if bareVPort(t, raw) {
				forgiven = []string{"+ /domain/devices/interface/virtualport/parameters"}
			}
			if !sameSet(d, forgiven) {
				t.Fatalf("%s NIC %d: splice changed meaning: %q", name, i, d)
			}
			if after[:s.Start] != doc[:s.Start] {
				t.Fatalf("%s NIC %d: bytes before the span changed", name, i)
			}
			tail := len(doc) - s.End
			if after[len(after)-tail:] != doc[s.End:] {
				t.Fatalf("%s NIC %d: bytes after the span changed", name, i)
			}
			spans2, err := InterfaceSpans(after)
			if err != nil || len(spans2) != len(spans) {
				t.Fatalf("%s NIC %d: %d spans after, %v", name, i, len(spans2), err)
			}
			// Raw text put back as it was is a no-op to the byte.
			same, err := ReplaceInterface(doc, i, raw)
			if err != nil || same != doc {
				t.Fatalf("%s NIC %d: replacing with its own text changed the document (%v)", name, i, err)
			}
		}
	}
	if clean == 0 || lossy == 0 {
		t.Fatalf("samples should hold both kinds: clean %d, lossy %d", clean, lossy)
	}
}

// TestReplaceEditSamples edits one field of each NIC and checks that the rest
// of the domain is untouched and the difference is exactly that edit.
func TestReplaceEditSamples(t *testing.T) {
	for name, doc := range qemuSamples(t) {
		els, err := InterfaceElements(doc)
		if err != nil {
			t.Fatal(err)
		}
		for i, raw := range els {
			if CheckRoundTrip(raw) != nil {
				continue
			}
			iface, err := ParseInterface(raw)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			if iface.Link != nil && iface.Link.State == "down" {
				iface.Link.State = "up"
				want = []string{"- /domain/devices/interface/link[@state=down]", "+ /domain/devices/interface/link[@state=up]"}
			} else if iface.Link != nil {
				iface.Link.State = "down"
				want = []string{"- /domain/devices/interface/link[@state=up]", "+ /domain/devices/interface/link[@state=down]"}
			} else {
				iface.Link = &libvirtxml.DomainInterfaceLink{State: "down"}
				want = []string{"+ /domain/devices/interface/link[@state=down]"}
			}
			if iface.MAC != nil {
				old := iface.MAC.Address
				iface.MAC.Address = "52:54:00:ff:ee:dd"
				want = append([]string{"- /domain/devices/interface/mac[@address=" + old + "]"}, want...)
				want = append(want, "+ /domain/devices/interface/mac[@address=52:54:00:ff:ee:dd]")
			}
			if bareVPort(t, raw) {
				want = append(want, "+ /domain/devices/interface/virtualport/parameters")
			}
			out, err := iface.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			after, err := ReplaceInterface(doc, i, out)
			if err != nil {
				t.Fatal(err)
			}
			restB, err := RemoveInterface(doc, i)
			if err != nil {
				t.Fatal(err)
			}
			restA, err := RemoveInterface(after, i)
			if err != nil {
				t.Fatal(err)
			}
			if restA != restB {
				t.Fatalf("%s NIC %d: the rest of the domain changed", name, i)
			}
			if d, _ := SemanticDiff(restB, restA); len(d) != 0 {
				t.Fatalf("%s NIC %d: %q", name, i, d)
			}
			d, err := SemanticDiff(doc, after)
			if err != nil {
				t.Fatal(err)
			}
			if !sameSet(d, want) {
				t.Fatalf("%s NIC %d: diff %q, want %q", name, i, d, want)
			}
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		if m[s] == 0 {
			return false
		}
		m[s]--
	}
	return true
}
