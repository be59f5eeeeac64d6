package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestSemanticDiffSameMeaning(t *testing.T) {
	a := `<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>vm1</name>
  <!-- a comment -->
  <devices>
    <graphics type='vnc' port='5900' passwd='secret'/>
    <boot dev='hd'/>
    <boot dev='hd'/>
  </devices>
  <qemu:commandline><qemu:arg value='-S'/></qemu:commandline>
</domain>`
	b := "<domain xmlns:q=\"http://libvirt.org/schemas/domain/qemu/1.0\" type=\"kvm\"><name>\n  vm1\n</name><devices>" +
		"<boot dev=\"hd\"></boot><graphics passwd=\"secret\" port=\"5900\" type=\"vnc\"></graphics><boot dev='hd'/></devices>" +
		"<q:commandline>\r\n<q:arg value=\"-S\"/></q:commandline></domain>"
	d, err := SemanticDiff(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(d) != 0 {
		t.Fatalf("want no difference, got %q", d)
	}
	if d == nil {
		t.Fatal("empty result must be a non-nil slice")
	}
}

func TestSemanticDiffFindsChanges(t *testing.T) {
	a := `<domain type='kvm'>
  <name>vm1</name>
  <metadata><my:x xmlns:my="urn:a"/></metadata>
  <devices>
    <graphics type='vnc' port='5900' passwd='secret'/>
    <boot dev='hd'/>
    <boot dev='hd'/>
  </devices>
</domain>`
	for name, tc := range map[string]struct {
		b    string
		want []string
	}{
		"secret dropped": {
			strings.Replace(a, " passwd='secret'", "", 1),
			[]string{"- /domain/devices/graphics[@passwd=secret,@port=5900,@type=vnc]", "+ /domain/devices/graphics[@port=5900,@type=vnc]"},
		},
		"text changed": {
			strings.Replace(a, "vm1", "vm 2", 1),
			[]string{`- /domain/name = "vm1"`, `+ /domain/name = "vm 2"`},
		},
		"one of two duplicates removed": {
			strings.Replace(a, "    <boot dev='hd'/>\n", "", 1),
			[]string{"- /domain/devices/boot[@dev=hd]"},
		},
		"namespace URI changed, prefix kept": {
			strings.Replace(a, "urn:a", "urn:b", 1),
			[]string{"- /domain/metadata/{urn:a}x", "+ /domain/metadata/{urn:b}x"},
		},
		"attribute needing quotes": {
			strings.Replace(a, "port='5900'", "port='a, b'", 1),
			[]string{"- /domain/devices/graphics[@passwd=secret,@port=5900,@type=vnc]", `+ /domain/devices/graphics[@passwd=secret,@port="a, b",@type=vnc]`},
		},
	} {
		d, err := SemanticDiff(a, tc.b)
		if err != nil {
			t.Fatal(name, err)
		}
		if !reflect.DeepEqual(d, tc.want) {
			t.Errorf("%s: got %q, want %q", name, d, tc.want)
		}
	}
	if _, err := SemanticDiff(a, "<domain>"); err == nil || !strings.Contains(err.Error(), "second document") {
		t.Fatalf("malformed second document: %v", err)
	}
	if _, err := SemanticDiff("", a); err == nil {
		t.Fatal("empty first document accepted")
	}
}

func TestSemanticDiffSamplesAgainstThemselves(t *testing.T) {
	for name, doc := range qemuSamples(t) {
		crlf := strings.ReplaceAll(doc, "\n", "\r\n")
		dq := swapQuotesOutsideCDATA(doc)
		for variant, other := range map[string]string{"crlf": crlf, "double quotes": dq} {
			d, err := SemanticDiff(doc, other)
			if err != nil {
				t.Fatal(name, variant, err)
			}
			if len(d) != 0 && !strings.HasPrefix(name, "real-") {
				t.Errorf("%s %s: %q", name, variant, d)
			}
		}
	}
}

// swapQuotesOutsideCDATA respells single-quoted attributes with double quotes;
// CDATA text is content, so it is left alone.
func swapQuotesOutsideCDATA(doc string) string {
	var b strings.Builder
	for {
		i := strings.Index(doc, "<![CDATA[")
		if i < 0 {
			b.WriteString(strings.ReplaceAll(doc, "'", `"`))
			return b.String()
		}
		j := strings.Index(doc[i:], "]]>") + i + 3
		b.WriteString(strings.ReplaceAll(doc[:i], "'", `"`))
		b.WriteString(doc[i:j])
		doc = doc[j:]
	}
}

// TestSemanticDiffAddressNumbers pins the numeric comparison to libvirt's own
// reading of each address attribute (its base per type, checked against
// libvirt 9.0's define + dumpxml), not to "anything that looks numeric".
func TestSemanticDiffAddressNumbers(t *testing.T) {
	doc := func(addr string) string {
		return "<domain><devices><interface type='user'>" + addr + "</interface></devices></domain>"
	}
	same := [][2]string{
		{`<address type='pci' domain='0' bus='0' slot='16' function='0'/>`, `<address type='pci' domain='0x0000' bus='0x00' slot='0x10' function='0x0'/>`},
		{`<address type='pci' slot='010'/>`, `<address type='pci' slot='0x08'/>`}, // strtoul base 0: octal
		{`<address type='pci' slot='0X1f'/>`, `<address type='pci' slot='31'/>`},
		{`<address type='spapr-vio' reg='0x00001000'/>`, `<address type='spapr-vio' reg='0x1000'/>`},
		{`<address type='spapr-vio' reg='1000'/>`, `<address type='spapr-vio' reg='0x1000'/>`}, // base 16
		{`<address type='ccw' cssid='254' ssid='0' devno='01'/>`, `<address type='ccw' cssid='0xfe' ssid='0x0' devno='0x0001'/>`},
		{`<address type='isa' iobase='505' irq='5'/>`, `<address type='isa' iobase='0x505' irq='0x5'/>`},
		{`<address type='drive' controller='0' bus='00' target='0' unit='01'/>`, `<address type='drive' controller='0' bus='0' target='0' unit='1'/>`},
		{`<address type='virtio-serial' controller='0' bus='0' port='02'/>`, `<address type='virtio-serial' controller='0' bus='0' port='2'/>`},
		{`<address type='usb' bus='0' port='1.02'/>`, `<address type='usb' bus='0' port='1.2'/>`},
		{`<address type='pci' slot='1'><zpci uid='0x10' fid='0'/></address>`, `<address type='pci' slot='0x01'><zpci uid='16' fid='0x0'/></address>`},
		{`<source><address type='pci' bus='3' slot='7' function='1'/></source>`, `<source><address type='pci' bus='0x03' slot='0x07' function='0x1'/></source>`},
	}
	for _, p := range same {
		if d, err := SemanticDiff(doc(p[0]), doc(p[1])); err != nil || len(d) != 0 {
			t.Errorf("%s vs %s: %q %v", p[0], p[1], d, err)
		}
	}
	differ := [][2]string{
		{`<address type='spapr-vio' reg='4096'/>`, `<address type='spapr-vio' reg='0x1000'/>`}, // 4096 is 0x4096 to libvirt
		{`<address type='pci' slot='010'/>`, `<address type='pci' slot='10'/>`},
		{`<address type='drive' unit='0x1'/>`, `<address type='drive' unit='1'/>`}, // base 10: libvirt refuses 0x1
		{`<address type='pci' slot='1_0'/>`, `<address type='pci' slot='0x0a'/>`},  // Go's base 0 reads 1_0, C's does not
		{`<address type='pci' slot='+1'/>`, `<address type='pci' slot='1'/>`},
		{`<address type='pci' slot='0x'/>`, `<address type='pci' slot='0'/>`},
		{`<address type='usb' bus='0' port='1.2'/>`, `<address type='usb' bus='0' port='1.3'/>`},
		{`<address type='virtio-mmio' slot='1'/>`, `<address type='virtio-mmio' slot='0x1'/>`}, // no numbers of this type
		{`<address slot='1'/>`, `<address slot='0x1'/>`},                                       // untyped: base unknown
		{`<source><address type='usb' bus='1' device='2'/></source>`, `<source><address type='usb' bus='01' device='2'/></source>`},
		{`<zpci uid='1'/>`, `<zpci uid='0x1'/>`}, // not inside a PCI address
		{`<model type='virtio' slot='1'/>`, `<model type='virtio' slot='0x1'/>`},
		{`<x:address xmlns:x='urn:x' type='pci' slot='1'/>`, `<x:address xmlns:x='urn:x' type='pci' slot='0x1'/>`},
	}
	for _, p := range differ {
		d, err := SemanticDiff(doc(p[0]), doc(p[1]))
		if err != nil || len(d) != 2 {
			t.Errorf("%s vs %s should differ: %q %v", p[0], p[1], d, err)
		}
	}
	// The lines keep the spelling each document used.
	d, _ := SemanticDiff(doc(`<address type='pci' slot='16'/>`), doc(`<address type='pci' slot='0x11'/>`))
	want := []string{"- /domain/devices/interface/address[@slot=16,@type=pci]", "+ /domain/devices/interface/address[@slot=0x11,@type=pci]"}
	if !reflect.DeepEqual(d, want) {
		t.Fatalf("got %q, want %q", d, want)
	}
}
